"""Every endpoint × every role × own / other / without-consent, from one table.

Each cell runs on a fresh target profile owned by a fresh jobseeker key, so destructive cells
(delete) do not disturb the next. Expected: ``ok`` (2xx), ``403`` (the role may not do this) or
``404`` (a profile the caller may not see is not revealed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.api.service_helpers import create_vacancy, profile_body
from tests.esco_fixture import OCCUPATION
from tests.matcher.match_helpers import uri

CALLERS = ("admin", "consultant", "other_consultant", "owner", "other_jobseeker", "analyst")
BOTH = [{"organisation": "WSP Noord", "purposes": ["matching", "career_advice"]}]
ADVICE_ONLY = [{"organisation": "WSP Noord", "purposes": ["career_advice"]}]
BOTH_ORGS = [{"organisation": "WSP Noord"}, {"organisation": "WSP Zuid"}]
COOK = OCCUPATION["cook"].uri


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # {pid} and {vid} are filled in
    expect: tuple[str, ...]  # one per caller, in the order of CALLERS
    consent: tuple = tuple(BOTH)
    body: object = None
    versioned: bool = False


def _profile_json() -> dict:
    return {"skills": [{"uri": uri("cooking_techniques")}]}


OK6 = ("ok",) * 6
PERSONAL = ("ok", "ok", "404", "ok", "404", "403")  # the profile is consented to WSP Noord
OWNER_ONLY = ("ok", "403", "403", "ok", "404", "403")
TABLE: list[Row] = [
    # no personal data: every role
    Row("GET", "/v1/taxonomy", OK6),
    Row("GET", "/v1/occupations/search?q=kok", OK6),
    Row("GET", f"/v1/transitions?occupation={COOK}", OK6),
    Row("GET", "/v1/vacancies", OK6),
    Row("GET", "/v1/vacancies/{vid}", OK6),
    # vacancy writes and candidate search
    Row("POST", "/v1/vacancies", ("ok", "ok", "ok", "403", "403", "403"),
        body={"title": "kok", "occupation": COOK}),
    # the vacancy belongs to the consultant's organisation (WSP Noord)
    Row("PUT", "/v1/vacancies/{vid}", ("ok", "ok", "403", "403", "403", "403"),
        body={"title": "kok", "occupation": COOK}, versioned=True),
    Row("DELETE", "/v1/vacancies/{vid}", ("ok", "ok", "403", "403", "403", "403")),
    Row("GET", "/v1/vacancies/{vid}/candidates", ("ok", "ok", "ok", "403", "403", "403")),
    # profiles in general
    Row("GET", "/v1/profiles", ("ok", "ok", "ok", "ok", "ok", "403")),
    Row("POST", "/v1/jobs/profiles", ("ok", "ok", "ok", "403", "403", "403"),
        body={"items": [{"text": "Ik kook graag.", "consent": BOTH_ORGS}]}),
    # one profile, consented to WSP Noord for matching and career advice
    Row("GET", "/v1/profiles/{pid}", PERSONAL),
    Row("PUT", "/v1/profiles/{pid}", PERSONAL, body=_profile_json(), versioned=True),
    Row("POST", "/v1/profiles/{pid}/skills", PERSONAL,
        body={"uri": uri("food_safety")}, versioned=True),
    Row("GET", "/v1/profiles/{pid}/vacancies", PERSONAL),
    Row("GET", "/v1/profiles/{pid}/transitions", PERSONAL),
    Row("GET", f"/v1/profiles/{{pid}}/gap?occupation={COOK}", PERSONAL),
    Row("DELETE", "/v1/profiles/{pid}", PERSONAL),
    Row("PUT", "/v1/profiles/{pid}/consent", OWNER_ONLY, body={"consent": []}),
    Row("GET", "/v1/profiles/{pid}/export", OWNER_ONLY),
    # consented for career advice only: no matching purpose for WSP Noord
    Row("GET", "/v1/profiles/{pid}", ("ok", "404", "404", "ok", "404", "403"),
        consent=tuple(ADVICE_ONLY)),
    Row("GET", "/v1/profiles/{pid}/vacancies", ("ok", "404", "404", "ok", "404", "403"),
        consent=tuple(ADVICE_ONLY)),
    Row("GET", "/v1/profiles/{pid}/transitions", PERSONAL, consent=tuple(ADVICE_ONLY)),
    # aggregates and administration
    Row("GET", "/v1/stats", ("ok", "403", "403", "403", "403", "ok")),
    Row("GET", "/v1/audit", ("ok", "403", "403", "403", "403", "403")),
    Row("GET", "/v1/keys", ("ok", "403", "403", "403", "403", "403")),
    Row("POST", "/v1/keys", ("ok", "403", "403", "403", "403", "403"),
        body={"role": "analyst"}),
]  # fmt: skip


def _cell_outcome(status: int) -> str:
    return "ok" if 200 <= status < 300 else str(status)


def test_the_authorisation_matrix(service):
    keys = service.services.keys
    vacancy_ids = {}
    failures = []
    for row in TABLE:
        assert len(row.expect) == len(CALLERS), row
        for caller, expected in zip(CALLERS, row.expect, strict=True):
            owner = keys.create("jobseeker").token
            created = service.client.post(
                "/v1/profiles",
                json=profile_body("cooking_techniques", consent=list(row.consent)),
                headers={"X-API-Key": owner},
            )
            assert created.status_code == 201, created.text
            pid = created.json()["id"]
            vid = create_vacancy(service, "kok", essential=("cooking_techniques",))["id"]
            vacancy_ids[pid] = vid
            token = owner if caller == "owner" else service.keys[caller]
            headers = {"X-API-Key": token}
            if row.versioned:
                headers["If-Match"] = '"1"'
            path = row.path.format(pid=pid, vid=vid)
            response = service.client.request(row.method, path, json=row.body, headers=headers)
            outcome = _cell_outcome(response.status_code)
            if outcome != expected:
                failures.append(
                    f"{row.method} {row.path} as {caller}: {outcome} (expected {expected}) "
                    f"{response.text[:120]}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("caller", CALLERS[:-1])
def test_no_caller_sees_a_profile_without_consent_in_any_listing(service, caller):
    keys = service.services.keys
    owner = keys.create("jobseeker").token
    hidden = service.client.post(
        "/v1/profiles",
        json=profile_body("cooking_techniques", consent=[]),
        headers={"X-API-Key": owner},
    ).json()["id"]
    vid = create_vacancy(service, "kok", essential=("cooking_techniques",))["id"]
    if caller in ("admin", "owner"):
        return  # they may see it; the point is everybody else
    headers = service.headers(caller)
    listed = service.client.get("/v1/profiles", headers=headers)
    assert hidden not in listed.text
    matched = service.client.get(f"/v1/vacancies/{vid}/candidates", headers=headers)
    assert hidden not in matched.text
