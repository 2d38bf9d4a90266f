"""Sign-in, the session cookie, CSRF, roles and the language switch, over HTTP (no browser)."""

from __future__ import annotations

from tests.web.web_env import csrf_of


def test_the_session_cookie_is_http_only_same_site_lax_and_signed(web):
    client = web.client()
    page = client.get("/inloggen")
    form = {"api_key": web.key("jobseeker"), "csrf_token": csrf_of(page.text)}
    response = client.post("/inloggen", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/mijn-skills"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("skillmatch_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/mijn-skills").url.path == "/mijn-skills"
    value = client.cookies["skillmatch_session"]
    client.cookies.set(
        "skillmatch_session", value[:-4] + ("AAAA" if value[-4:] != "AAAA" else "BBBB")
    )
    assert client.get("/mijn-skills").url.path == "/inloggen"  # a tampered cookie is no session


def test_a_form_without_the_session_csrf_token_is_refused_and_changes_nothing(web):
    token = web.jobseeker_with_profile()
    client = web.signed_in(token)
    pid = web.profile_id(token)
    before = web.services.pools.profiles.store.get(pid).record.skills
    uri = before[0].uri
    for sent in ({}, {"csrf_token": "not-the-token"}):
        response = client.post("/mijn-skills/skills/verwijderen", data={"uri": uri, **sent})
        assert response.status_code == 403
        assert "Het formulier is verlopen" in response.text
    assert web.services.pools.profiles.store.get(pid).record.skills == before


def test_an_unknown_key_gets_a_dutch_error_tied_to_the_field(web):
    client = web.client()
    form = {
        "api_key": "sm_0000000000000000_" + "x" * 30,
        "csrf_token": csrf_of(client.get("/inloggen").text),
    }
    response = client.post("/inloggen", data=form)
    assert response.status_code == 422
    assert "Deze sleutel kennen we niet" in response.text
    assert 'aria-describedby="api_key-hint api_key-error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'role="alert"' in response.text


def test_pages_need_a_signed_in_person_of_the_right_role(web):
    anonymous = web.client()
    response = anonymous.get("/kandidaten", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?volgende=%2Fkandidaten"
    jobseeker = web.signed_in(web.key("jobseeker"))
    refused = jobseeker.get("/kandidaten")
    assert refused.status_code == 403 and "Deze pagina is voor consulenten" in refused.text
    consultant = web.signed_in(web.key("consultant", "WSP Noord"))
    assert consultant.get("/mijn-skills").status_code == 403
    assert consultant.get("/sector").status_code == 200


def test_signing_in_returns_to_the_page_asked_for_but_never_to_another_site(web):
    client = web.client()
    token = web.key("consultant", "WSP Noord")
    for target, expected in (("/sector?q=kok", "/sector?q=kok"), ("//evil.example", "/kandidaten")):
        form = {
            "api_key": token,
            "volgende": target,
            "csrf_token": csrf_of(client.get("/inloggen").text),
        }
        response = client.post("/inloggen", data=form, follow_redirects=False)
        assert response.headers["location"] == expected


def test_a_revoked_key_ends_the_session_at_once(web):
    token = web.key("consultant", "WSP Noord")
    client = web.signed_in(token)
    web.services.keys.revoke(web.services.keys.authenticate(token).key_id)
    response = client.get("/kandidaten")
    assert response.url.path == "/inloggen"
    assert "Uw sleutel werkt niet meer" in response.text


def test_signing_out_ends_the_session(web):
    client = web.signed_in(web.key("jobseeker"))
    page = client.get("/mijn-skills")
    response = client.post("/uitloggen", data={"csrf_token": csrf_of(page.text)})
    assert response.url.path == "/inloggen" and "U bent uitgelogd" in response.text
    assert client.get("/mijn-skills").url.path == "/inloggen"


def test_the_pages_switch_to_english_and_back(web):
    client = web.client()
    english = client.get("/taal/en?terug=/inloggen")
    assert english.url.path == "/inloggen"
    assert '<html lang="en">' in english.text and "<h1>Sign in</h1>" in english.text
    dutch = client.get("/taal/nl?terug=/inloggen")
    assert '<html lang="nl">' in dutch.text and "<h1>Inloggen</h1>" in dutch.text


def test_pages_send_security_headers_and_stay_out_of_the_openapi_schema(web):
    response = web.client().get("/inloggen")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    paths = web.client().get("/openapi.json").json()["paths"]
    assert all(
        path.startswith("/v1") or path in ("/health", "/ready", "/metrics") for path in paths
    )


def test_a_malformed_address_gets_a_page_not_a_json_error(web):
    client = web.signed_in(web.key("consultant", "WSP Noord"))
    response = client.get("/kandidaten/onbekend?vanaf=-3")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "Dit adres of formulier klopt niet." in response.text


def test_switching_language_after_a_form_error_returns_to_the_form_page(web):
    client = web.client()
    page = client.get("/inloggen")
    response = client.post(
        "/inloggen",
        data={"api_key": "", "csrf_token": csrf_of(page.text)},
        headers={"referer": f"{web.base_url}/inloggen?volgende=%2Fsector"},
    )
    assert response.status_code == 422
    assert 'href="/taal/en?terug=/inloggen%3Fvolgende%3D%252Fsector"' in response.text
