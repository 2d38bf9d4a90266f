"""Property-based API testing against the OpenAPI schema (schemathesis): no 5xx and no response
that breaks the schema, over a bounded number of generated requests per operation; plus
hand-written hostile inputs.

``positive_data_acceptance`` is left out: the schema cannot say which URIs exist in the taxonomy
or that a postcode must be Dutch, so schema-valid bodies are rightly refused with 422 there."""

from __future__ import annotations

import io
import zipfile

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from api.app import create_app
from api.runtime import Runtime
from matcher.skills import extraction as skill_extraction
from tests.api.conftest import service_settings
from tests.api.service_helpers import create_profile, create_vacancy, vacancy_body
from tests.fakes import FakeEncoder
from tests.matcher.skill_helpers import FAKE_CALIBRATION

EXAMPLES_PER_OPERATION = 60
JSON = {"Content-Type": "application/json"}
LONG_URI = "http://x/" + "a" * 10_000
UNKNOWN_SKILL = {"skills": [{"uri": "http://data.europa.eu/esco/skill/unknown"}]}
NOORD_ONLY = [{"organisation": "WSP Noord"}]


@pytest.fixture
def fuzzed_app(toy_taxonomy, tmp_path, monkeypatch):
    monkeypatch.setitem(skill_extraction.CALIBRATIONS, "fake-trigram", FAKE_CALIBRATION)
    settings_ = service_settings(
        tmp_path, f"sqlite:///{tmp_path / 'fuzz.db'}", rate_limit="1000000/minute"
    )
    runtime = Runtime(settings_, taxonomy=toy_taxonomy, encoder=FakeEncoder())
    app = create_app(settings_, runtime=runtime, warm_up=False, run_jobs=False)
    with TestClient(app):
        yield app


def test_generated_requests_never_get_a_5xx_or_break_the_schema(fuzzed_app):
    token = fuzzed_app.state.services.keys.create("admin").token
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    failures: list[str] = []
    n_operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        n_operations += 1

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def run(case) -> None:
            case.call_and_validate(
                headers={"X-API-Key": token}, excluded_checks=[positive_data_acceptance]
            )

        try:
            run()
        except Exception as err:  # collect every operation's first failure, then report
            failures.append(f"{operation.label}: {str(err)[:400]}")
    assert n_operations >= 20
    assert not failures, "\n\n".join(failures)


def _zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * 60_000_000 + "</w:document>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("cv.docx", b"PK\x03\x04 not really a zip", 422, "Word"),
        ("cv.docx", _zip_bomb_docx(), 422, "pakt uit"),
        ("cv.pdf", b"%PDF-1.7\n" + b"0" * 5000, 422, "PDF"),
        ("cv.txt", bytes(range(256)) * 20, 422, ""),
        ("cv.exe", b"MZ\x90\x00", 422, ""),
    ],
)
def test_hostile_uploads_get_a_clear_4xx(service, name, data, status, words):
    r = service.client.post(
        "/v1/profiles/from-cv",
        files={"file": (name, data, "application/octet-stream")},
        data={"consent": '[{"organisation": "WSP Noord"}]'},
        headers=service.headers("consultant"),
    )
    assert r.status_code == status, r.text
    assert words in r.json()["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("POST", "/v1/profiles", {"content": b'{"profile": {"skills": [', "headers": JSON}),
        ("POST", "/v1/profiles", {"json": {"profile": {"skills": "cooking"}}}),
        ("POST", "/v1/profiles", {"json": {"profile": {"hours_per_week": "veel"}}}),
        ("POST", "/v1/profiles", {"json": {"profile": {"skills": [{"uri": LONG_URI}]}}}),
        ("POST", "/v1/profiles", {"json": {"profile": UNKNOWN_SKILL, "consent": NOORD_ONLY}}),
        ("POST", "/v1/profiles/from-text", {"json": {"text": "a" * 200_000, "consent": []}}),
        ("GET", "/v1/occupations/search", {"params": {"q": "x" * 5000}}),
        ("GET", "/v1/transitions", {"params": {"occupation": "http://data.europa.eu/esco/occupation/nope"}}),
        ("GET", "/v1/profiles", {"params": {"limit": -1}}),
        ("PUT", "/v1/profiles/abc", {"json": {}, "headers": {"If-Match": "W/abc"}}),
    ],
)  # fmt: skip
def test_bad_input_gets_a_4xx_with_the_error_body(service, method, path, kwargs):
    headers = {**service.headers("consultant"), **kwargs.pop("headers", {})}
    r = service.client.request(method, path, headers=headers, **kwargs)
    assert 400 <= r.status_code < 500, r.text
    body = r.json()
    assert set(body["error"]) == {"code", "message", "details"}
    assert len(r.content) < 20_000


@pytest.mark.parametrize(
    "etag", [b'"2147483648"', f'"{"9" * 5000}"'.encode(), '"²"'.encode("latin-1")]
)
def test_an_if_match_no_stored_version_can_have_is_a_4xx_and_changes_nothing(service, etag: bytes):
    """Beyond the version column's range (32 bits in PostgreSQL), too long for ``int``, or digits
    that are not ASCII (found by schemathesis: an OverflowError from SQLite was a 500)."""
    created = create_vacancy(service, "kok", essential=("cooking_techniques",))
    r = service.client.put(
        f"/v1/vacancies/{created['id']}",
        json=vacancy_body("kok", essential=("cooking_techniques",), hours_per_week_min=40),
        headers={**service.headers("consultant"), "If-Match": etag},
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "bad_input" and "If-Match" in r.json()["error"]["message"]
    stored = service.client.get(
        f"/v1/vacancies/{created['id']}", headers=service.headers("consultant")
    ).json()
    assert stored["version"] == created["version"] and stored == created


def test_matching_with_filters_on_real_shapes(service):
    vid = create_vacancy(service, "kok", essential=("cooking_techniques",), hours_per_week_min=30)[
        "id"
    ]
    create_profile(service, "consultant", "cooking_techniques", hours_per_week=36)
    create_profile(service, "consultant", "cooking_techniques", hours_per_week=12)
    page = service.client.get(
        f"/v1/vacancies/{vid}/candidates", headers=service.headers("consultant")
    ).json()
    assert page["total"] == 1 and page["excluded"] == {"hours": 1}
    match = page["matches"][0]
    assert match["matched"] and "summary" in match and isinstance(match["te_maken"], bool)
