"""Request bodies and small calls shared by the service tests."""

from __future__ import annotations

from tests.api.conftest import ServiceEnv
from tests.esco_fixture import OCCUPATION
from tests.matcher.match_helpers import uri

NOORD = [{"organisation": "WSP Noord", "purposes": ["matching", "career_advice"]}]


def profile_body(*skills: str, consent=NOORD, **fields) -> dict:
    return {
        "profile": {"skills": [{"uri": uri(k)} for k in skills], **fields},
        "consent": consent,
    }


def vacancy_body(title: str, essential=(), optional=(), **fields) -> dict:
    return {
        "title": title,
        "essential_skills": [{"uri": uri(k)} for k in essential],
        "optional_skills": [{"uri": uri(k)} for k in optional],
        **fields,
    }


def create_profile(env: ServiceEnv, who: str, *skills: str, consent=NOORD, **fields) -> dict:
    r = env.client.post(
        "/v1/profiles",
        json=profile_body(*skills, consent=consent, **fields),
        headers=env.headers(who),
    )
    assert r.status_code == 201, r.text
    return r.json()


def create_vacancy(env: ServiceEnv, title: str, essential=(), optional=(), **fields) -> dict:
    r = env.client.post(
        "/v1/vacancies",
        json=vacancy_body(title, essential, optional, occupation=OCCUPATION["cook"].uri, **fields),
        headers=env.headers("consultant"),
    )
    assert r.status_code == 201, r.text
    return r.json()
