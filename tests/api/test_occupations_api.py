"""HTTP occupation search, concept lookup and the error body."""

from __future__ import annotations

from tests.esco_fixture import OCCUPATION, SKILL


def test_health_is_ok(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_search_returns_ranked_occupations_with_the_cli_result_shape(client):
    response = client.get("/v1/occupations/search", params={"q": "winkelbediende", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "winkelbediende"
    first = body["results"][0]
    assert first["uri"] == OCCUPATION["shop_assistant"].uri
    assert first["label"] == "winkelmedewerker" and first["lang"] == "nl"
    assert len(body["results"]) <= 3
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_search_in_english_returns_english_labels(client):
    body = client.get("/v1/occupations/search", params={"q": "kok", "lang": "en"}).json()
    assert body["results"][0]["label"] == "cook"


def test_bad_search_parameters_get_422_with_the_error_body(client):
    for params in (
        {"q": ""},
        {"q": "kok", "limit": 0},
        {"q": "x" * 400},
        {},
        {"q": "kok", "lang": "de"},
    ):
        response = client.get("/v1/occupations/search", params=params)
        assert response.status_code == 422, params
        error = response.json()["error"]
        assert error["code"] == "bad_input" and error["message"]


def test_concept_lookup_returns_occupation_with_typed_skills(client):
    uri = OCCUPATION["cook"].uri
    body = client.get("/v1/taxonomy/concepts", params={"uri": uri}).json()
    assert body["kind"] == "occupation" and body["label"] == {"text": "kok", "lang": "nl"}
    essential = {s["uri"]: s for s in body["essential_skills"]}
    assert SKILL["food_safety"].uri in essential
    assert {s["type"] for s in body["essential_skills"]} <= {
        "kennis",
        "vaardigheden",
        "soft skills",
    }


def test_unknown_concept_is_404_with_the_error_body(client):
    response = client.get(
        "/v1/taxonomy/concepts", params={"uri": "http://data.europa.eu/esco/skill/nope"}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_route_is_404_with_the_error_body(client):
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_taxonomy_info_reports_version_and_counts(client, toy_taxonomy):
    body = client.get("/v1/taxonomy").json()
    assert body["occupations"] == len(toy_taxonomy.occupations)
    assert body["checksum"] == toy_taxonomy.checksum
