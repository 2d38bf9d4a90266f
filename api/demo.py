"""A small synthetic demo set: profiles and vacancies generated from ESCO occupations.

Nothing here describes a real person: every profile is a sample of an occupation's essential
and optional skills (fixed seed), its id starts with ``demo-`` and every vacancy title starts with
``[DEMO]``. Profiles consent to the organisation :data:`DEMO_ORGANISATION` for matching and
career advice, so a consultant key of that organisation sees them at once; the demo vacancies
belong to that organisation, so its consultants may also change them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

from api.db.tables import profile_consents, vacancy_owners
from api.services.record_pools import RecordPools
from matcher.records import (
    LanguageAbility,
    Location,
    Profile,
    SkillClaim,
    SkillRequirement,
    SkillSource,
    Vacancy,
)
from taxonomy.concepts import DEFAULT_LANGS

DEMO_ORGANISATION = "Demo WSP"
DEMO_PREFIX = "demo-"
#: (occupation preferred label in English, region) pairs the demo draws from: retail,
#: hospitality, logistics and care, the werk-naar-werk sectors the mission names.
DEMO_OCCUPATIONS = (
    "shop assistant",
    "waiter/waitress",
    "kitchen assistant",
    "warehouse worker",
    "forklift operator",
    "healthcare assistant",
    "nurse assistant",
    "building cleaner",
    "receptionist",
    "customer service representative",
)
REGIONS = ("Midden-Utrecht", "Groot Amsterdam", "Rijnmond", "Zuid-Limburg")


@dataclass(frozen=True)
class DemoResult:
    profiles: int
    vacancies: int
    skipped: int


def load_demo(pools: RecordPools, *, profiles: int = 40, vacancies: int = 12) -> DemoResult:
    """Add the demo set (records already there are left alone)."""
    taxonomy = pools.taxonomy
    by_label = {o.label(("en",)).text.lower(): o for o in taxonomy.occupations.values()}
    occupations = [by_label[name] for name in DEMO_OCCUPATIONS if name in by_label]
    if not occupations:
        occupations = sorted(taxonomy.occupations.values(), key=lambda o: o.uri)[:10]
    rng = random.Random(20261125)
    added_p = added_v = skipped = 0
    profile_pool, vacancy_pool = pools.profiles, pools.vacancies
    for i in range(profiles):
        record_id = f"{DEMO_PREFIX}profiel-{i + 1:03d}"
        if record_id in profile_pool.index:
            skipped += 1
            continue
        occupation = occupations[i % len(occupations)]
        essential = [s for s in occupation.essential_skills if s in taxonomy.skills]
        optional = [s for s in occupation.optional_skills if s in taxonomy.skills]
        chosen = rng.sample(essential, k=max(1, int(len(essential) * rng.uniform(0.5, 0.9))))
        chosen += rng.sample(optional, k=min(len(optional), rng.randint(0, 4)))
        profile = Profile(
            id=record_id,
            skills=[SkillClaim(uri=u, source=SkillSource.MANUAL) for u in dict.fromkeys(chosen)],
            current_occupations=[occupation.uri],
            languages=[LanguageAbility(language="nl", level=rng.choice(["B1", "B2", "C1"]))],
            location=Location(region=rng.choice(REGIONS)),
            hours_per_week=rng.choice([24, 32, 36, 40]),
            driving_licences=["B"] if rng.random() < 0.6 else [],
        )
        stored = profile_pool.add(profile)
        with pools.engine.begin() as conn:
            now = datetime.now(UTC)
            conn.execute(
                profile_consents.insert(),
                [
                    {
                        "profile_id": stored.id,
                        "organisation": DEMO_ORGANISATION,
                        "purpose": purpose,
                        "granted_at": now,
                    }
                    for purpose in ("matching", "career_advice")
                ],
            )
        added_p += 1
    for i in range(vacancies):
        record_id = f"{DEMO_PREFIX}vacature-{i + 1:03d}"
        if record_id in vacancy_pool.index:
            skipped += 1
            continue
        occupation = occupations[i % len(occupations)]
        essential = [s for s in occupation.essential_skills if s in taxonomy.skills]
        optional = [s for s in occupation.optional_skills if s in taxonomy.skills]
        vacancy = Vacancy(
            id=record_id,
            title=f"[DEMO] {occupation.label(DEFAULT_LANGS).text}",
            occupation=occupation.uri,
            text="Synthetische demovacature (geen echte werkgever) / synthetic demo vacancy.",
            essential_skills=[
                SkillRequirement(uri=u) for u in rng.sample(essential, k=min(8, len(essential)))
            ],
            optional_skills=[
                SkillRequirement(uri=u) for u in rng.sample(optional, k=min(4, len(optional)))
            ],
            location=Location(region=rng.choice(REGIONS)),
            hours_per_week_min=24,
            hours_per_week_max=40,
        )
        vacancy_pool.add(vacancy)
        with pools.engine.begin() as conn:  # demo consultants may edit the demo vacancies
            conn.execute(
                vacancy_owners.insert().values(vacancy_id=record_id, organisation=DEMO_ORGANISATION)
            )
        added_v += 1
    pools.save()
    return DemoResult(added_p, added_v, skipped)
