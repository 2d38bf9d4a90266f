"""A vacancy belongs to the organisation of the consultant who added it: only that
organisation's consultants (and admins) change or delete it; everyone may still read it."""

from __future__ import annotations

import time

import sqlalchemy as sa

from api.db.tables import vacancy_owners
from tests.api.service_helpers import create_vacancy, vacancy_body
from tests.esco_fixture import OCCUPATION

COOK = OCCUPATION["cook"].uri


def _put(service, who: str, vid: str, version: int = 1):
    return service.client.put(
        f"/v1/vacancies/{vid}",
        json=vacancy_body("chef-kok", ("cooking_techniques",), occupation=COOK),
        headers=service.headers(who, **{"If-Match": f'"{version}"'}),
    )


def test_only_the_owning_organisation_changes_or_deletes_a_vacancy(service):
    vid = create_vacancy(service, "kok", essential=("cooking_techniques",))["id"]  # WSP Noord
    assert service.services.vacancies.owner(vid) == "WSP Noord"

    refused = _put(service, "other_consultant", vid)
    assert refused.status_code == 403, refused.text
    assert "another organisation" in refused.json()["error"]["message"]
    gone = service.client.delete(
        f"/v1/vacancies/{vid}", headers=service.headers("other_consultant")
    )
    assert gone.status_code == 403
    for who in ("other_consultant", "jobseeker", "analyst"):  # reading stays open
        assert service.client.get(f"/v1/vacancies/{vid}", headers=service.headers(who)).is_success

    assert _put(service, "consultant", vid).status_code == 200
    read = service.client.get(f"/v1/vacancies/{vid}", headers=service.headers("admin")).json()
    assert read["version"] == 2 and read["vacancy"]["title"] == "chef-kok"  # only the owner's PUT
    assert service.client.delete(
        f"/v1/vacancies/{vid}", headers=service.headers("consultant")
    ).is_success
    with service.services.vacancies.engine.connect() as conn:
        rows = conn.execute(sa.select(vacancy_owners).where(vacancy_owners.c.vacancy_id == vid))
        assert rows.all() == []  # the ownership goes with the vacancy


def test_an_admins_vacancy_has_no_owner_and_only_admins_change_it(service):
    created = service.client.post(
        "/v1/vacancies",
        json=vacancy_body("kok", ("cooking_techniques",), occupation=COOK),
        headers=service.headers("admin"),
    )
    vid = created.json()["id"]
    assert service.services.vacancies.owner(vid) is None
    refused = _put(service, "consultant", vid)
    assert refused.status_code == 403 and "admins" in refused.json()["error"]["message"]
    assert _put(service, "admin", vid).status_code == 200


def test_an_unknown_vacancy_is_not_found_rather_than_forbidden(service):
    assert _put(service, "other_consultant", "no-such-vacancy").status_code == 404
    missing = service.client.delete(
        "/v1/vacancies/no-such-vacancy", headers=service.headers("other_consultant")
    )
    assert missing.status_code == 404


def test_bulk_imported_vacancies_belong_to_the_importing_organisation(service):
    text = "Wij zoeken een kok.\n- use cooking techniques\n- comply with food safety and hygiene\n"
    job = service.client.post(
        "/v1/jobs/vacancies",
        json={"items": [{"title": "Kok", "text": text}]},
        headers=service.headers("other_consultant"),
    ).json()
    deadline = time.monotonic() + 30
    while (status := service.client.get(
        f"/v1/jobs/{job['id']}", headers=service.headers("other_consultant")
    ).json())["status"] not in ("done", "failed"):  # fmt: skip
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    vid = status["items"][0]["record_id"]
    assert service.services.vacancies.owner(vid) == "WSP Zuid"
    assert _put(service, "consultant", vid).status_code == 403


def test_the_demo_set_is_synthetic_and_a_demo_consultant_can_work_with_it(service):
    from api.demo import DEMO_ORGANISATION, load_demo

    result = load_demo(service.services.pools, profiles=6, vacancies=3)
    assert (result.profiles, result.vacancies, result.skipped) == (6, 3, 0)
    assert load_demo(service.services.pools, profiles=6, vacancies=3).skipped == 9  # idempotent
    token = service.services.keys.create("consultant", organisation=DEMO_ORGANISATION).token
    headers = {"X-API-Key": token}
    listed = service.client.get("/v1/vacancies", headers=headers).json()["items"]
    demo = [v for v in listed if v["id"].startswith("demo-")]
    assert len(demo) == 3 and all(v["vacancy"]["title"].startswith("[DEMO]") for v in demo)
    vid = demo[0]["id"]
    candidates = service.client.get(f"/v1/vacancies/{vid}/candidates", headers=headers).json()
    assert candidates["matches"]
    assert all(m["id"].startswith("demo-") for m in candidates["matches"])
    edit = service.client.put(
        f"/v1/vacancies/{vid}",
        json=demo[0]["vacancy"] | {"title": "[DEMO] aangepast"},
        headers=headers | {"If-Match": f'"{demo[0]["version"]}"'},
    )
    assert edit.status_code == 200, edit.text
    assert _put(service, "consultant", vid, version=2).status_code == 403  # WSP Noord's key


def test_a_vacancy_title_of_only_whitespace_is_a_clear_422_not_a_crash(service):
    """ "\x85" (NEXT LINE) passes the form's min_length but is whitespace: found by the fuzzer."""
    text = "Wij zoeken een kok met ervaring in kooktechnieken."
    before = service.client.get("/v1/vacancies", headers=service.headers("admin")).json()
    for title in ("\x85", " \t"):
        sent = service.client.post(
            "/v1/vacancies/from-text",
            json={"title": title, "text": text},
            headers=service.headers("consultant"),
        )
        uploaded = service.client.post(
            "/v1/vacancies/from-file",
            data={"title": title},
            files={"file": ("vacature.txt", text.encode(), "text/plain")},
            headers=service.headers("consultant"),
        )
        for response in (sent, uploaded):
            assert response.status_code == 422, response.text
            assert "title" in response.json()["error"]["message"]
    after = service.client.get("/v1/vacancies", headers=service.headers("admin")).json()
    assert after == before
