"""Hard filters over a whole pool (numpy columns) give exactly what HardFilters.check gives."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from matcher.ranking.filter_table import (
    FilterTable,
    ProfileFilterTable,
    VacancyFilterTable,
    filter_table_for,
)
from matcher.ranking.hard_filters import LICENCE_INCLUDES, FilterName, HardFilters
from matcher.ranking.location import CoordinateProximity, PostcodeAreaProximity, haversine_km
from matcher.ranking.skill_lists import RequiredSkills, person_skills
from matcher.records import (
    CEFR_LEVELS,
    EDUCATION_LEVELS,
    LanguageAbility,
    Location,
    Profile,
    SkillClaim,
    SkillRequirement,
)
from tests.esco_fixture import SKILL
from tests.matcher.match_helpers import profile, uri, vacancy

POSTCODES = ["3511 AB", "3511 CD", "3512 AB", "3611 AB", "3811 AB", "1011 AB", "9711 AB"]
REGIONS = ["Midden-Utrecht", "midden-utrecht", "Groot Amsterdam", "Groningen", ""]
LANGUAGES = ["nl", "en", "de"]
COORDINATES = {"3511": (52.09, 5.12), "3512": (52.095, 5.125), "3811": (52.16, 5.39),
               "9711": (53.22, 6.57)}  # fmt: skip
#: exactly the distance between two areas of the table: the edge of ``distance <= max_km``
EDGE_KM = haversine_km(COORDINATES["3511"], COORDINATES["3811"])
DISTANCES = [None, 3, 5, 10, 25, 39.9, 40, 100, 119.9, 120, 300, EDGE_KM]


class OrderedProximity:
    """A rule without ``within_pc4``, asymmetric and sometimes unsure: asked pair by pair."""

    def within(self, postcode_a: str, postcode_b: str, max_km: float) -> bool | None:
        return None if max_km > 100 else postcode_a <= postcode_b


PROXIMITIES = {
    "areas": None,  # HardFilters' default: PostcodeAreaProximity
    "coordinates": CoordinateProximity(COORDINATES),
    "pair by pair": OrderedProximity(),
}


def random_location(rng: random.Random) -> Location | None:
    postcode = rng.choice([None, *POSTCODES])
    region = rng.choice([None, *REGIONS])
    return None if rng.random() < 0.2 else Location(postcode=postcode, region=region)


def random_profile(rng: random.Random, profile_id: str) -> Profile:
    languages = [
        LanguageAbility(language=rng.choice(LANGUAGES), level=rng.choice(CEFR_LEVELS))
        for _ in range(rng.randint(0, 3))  # a language may repeat: the first entry counts
    ]
    return profile(
        profile_id,
        hours_per_week=rng.choice([None, 8, 16, 24, 32, 36, 40, 60]),
        driving_licences=rng.sample(sorted(LICENCE_INCLUDES), rng.randint(0, 2)),
        languages=languages,
        education_level=rng.choice([None, *EDUCATION_LEVELS]),
        location=random_location(rng),
    )


def random_vacancy(rng: random.Random, vacancy_id: str):
    low = rng.choice([None, 16, 24, 32])
    high = rng.choice([None, 24, 36, 40])
    if low is not None and high is not None and low > high:
        low, high = high, low
    return vacancy(
        vacancy_id,
        hours_per_week_min=low,
        hours_per_week_max=high,
        required_driving_licences=rng.sample(sorted(LICENCE_INCLUDES), rng.choice([0, 0, 1, 2])),
        required_languages=[
            LanguageAbility(language=rng.choice([*LANGUAGES, "fr"]), level=rng.choice(CEFR_LEVELS))
            for _ in range(rng.choice([0, 0, 1, 2]))
        ],
        min_education_level=rng.choice([None, None, *EDUCATION_LEVELS]),
        location=random_location(rng),
        max_distance_km=rng.choice(DISTANCES),
    )


def expected(outcomes: list) -> tuple[list[bool], dict[str, int], int]:
    excluded = Counter(name.value for o in outcomes for name in o.failed)
    return (
        [o.passes for o in outcomes],
        dict(sorted(excluded.items())),
        sum(not o.passes for o in outcomes),
    )


def assert_same(table: FilterTable, query, filters: HardFilters, records: dict) -> None:
    if isinstance(table, ProfileFilterTable):
        outcomes = [filters.check(query, records[record_id]) for record_id in table.ids]
    else:
        outcomes = [filters.check(records[record_id], query) for record_id in table.ids]
    result = table.evaluate(query, filters)
    passes, excluded, n_excluded = expected(outcomes)
    assert result.passes.tolist() == passes
    assert (result.excluded, result.n_excluded) == (excluded, n_excluded)
    assert result.total == sum(passes)


@pytest.mark.parametrize("proximity", PROXIMITIES)
def test_vectorised_filters_agree_with_check_on_random_records(proximity):
    rng = random.Random(f"filters-{proximity}")
    filters = HardFilters(PROXIMITIES[proximity])
    profiles = {f"p{i}": random_profile(rng, f"p{i}") for i in range(300)}
    vacancies = {f"v{i}": random_vacancy(rng, f"v{i}") for i in range(300)}
    profile_table = filter_table_for(Profile, profiles.values())
    vacancy_table = VacancyFilterTable.build(vacancies.values())
    for job in list(vacancies.values())[:120]:  # candidates for a vacancy
        assert_same(profile_table, job, filters, profiles)
    for person in list(profiles.values())[:120]:  # vacancies for a candidate
        assert_same(vacancy_table, person, filters, vacancies)


def test_the_random_records_reach_every_filter_and_verdict():
    rng = random.Random("filters-areas")
    filters = HardFilters()
    people = [random_profile(rng, f"p{i}") for i in range(300)]
    jobs = [random_vacancy(rng, f"v{i}") for i in range(300)]
    outcomes = [filters.check(job, person) for job in jobs[:50] for person in people]
    assert {name for o in outcomes for name in o.failed} == set(FilterName)
    assert {name for o in outcomes for name in o.unverified} == {
        FilterName.HOURS, FilterName.EDUCATION, FilterName.LOCATION
    }  # fmt: skip
    assert 0.05 < sum(o.passes for o in outcomes) / len(outcomes) < 0.95


@pytest.mark.parametrize("table_type", [ProfileFilterTable, VacancyFilterTable])
def test_the_table_stays_in_step_through_updates_and_removals(table_type):
    rng = random.Random("in-step")
    make = random_profile if table_type is ProfileFilterTable else random_vacancy
    table = table_type()
    records: dict = {}
    for step in range(600):
        record_id = f"r{rng.randrange(80)}"
        if rng.random() < 0.3:
            assert table.discard(record_id) is (records.pop(record_id, None) is not None)
        else:
            records[record_id] = make(rng, record_id)
            table.put(records[record_id], label=step)
    assert sorted(table.ids) == sorted(records) and len(table) == len(records)
    queries = [random_vacancy(rng, "q") if table_type is ProfileFilterTable
               else random_profile(rng, "q") for _ in range(60)]  # fmt: skip
    for query in queries:
        assert_same(table, query, HardFilters(), records)


def with_random_skills(rng: random.Random, record):
    """The record with random toy skills (a vacancy: essential ones, then optional ones)."""
    keys = rng.sample(sorted(SKILL), rng.randint(0, 9))
    if isinstance(record, Profile):
        return record.model_copy(update={"skills": [SkillClaim(uri=uri(k)) for k in keys]})
    n = rng.randint(0, len(keys))
    return record.model_copy(
        update={
            "essential_skills": [SkillRequirement(uri=uri(k)) for k in keys[:n]],
            "optional_skills": [SkillRequirement(uri=uri(k)) for k in keys[n:]],
        }
    )


@pytest.mark.parametrize("table_type", [ProfileFilterTable, VacancyFilterTable])
def test_skills_follow_their_records_through_updates_and_removals(table_type):
    rng = random.Random("skills-in-step")
    make = random_profile if table_type is ProfileFilterTable else random_vacancy
    table = table_type()
    records: dict = {}
    for _ in range(3000):  # enough churn to compact the released lists several times
        record_id = f"r{rng.randrange(60)}"
        if rng.random() < 0.3:
            table.discard(record_id)
            records.pop(record_id, None)
        else:
            records[record_id] = with_random_skills(rng, make(rng, record_id))
            table.put(records[record_id])
    asked = [*rng.sample(sorted(records), 25), "not-there"]
    packed = table.skills_of(asked)
    assert packed.record_ids == tuple(asked[:-1])
    for i, record_id in enumerate(packed.record_ids):
        if table_type is ProfileFilterTable:
            assert packed.person_skills(i) == person_skills(records[record_id])
        else:
            assert packed.required_skills(i) == RequiredSkills.of(records[record_id])
    assert table.nbytes < 20_000  # released lists were compacted away (~50 KB written)


def test_labels_follow_their_records_when_rows_move():
    table = ProfileFilterTable()
    for i in range(5):
        table.put(profile(f"p{i}", hours_per_week=10 + i), label=100 + i)
    table.discard("p1")  # the last row moves into its place
    table.put(profile("p3", hours_per_week=40), label=7)
    labels = dict(zip(table.ids, table.labels.tolist(), strict=True))
    assert labels == {"p0": 100, "p2": 102, "p3": 7, "p4": 104}
    hours = dict(zip(table.ids, table.column("hours").tolist(), strict=True))
    assert hours == {"p0": 10, "p2": 12, "p3": 40, "p4": 14}


def test_exclusions_are_counted_per_filter():
    job = vacancy(
        "v", hours_per_week_min=30, required_driving_licences=["C"], min_education_level="mbo-2"
    )
    table = ProfileFilterTable.build(
        [
            profile("ok", hours_per_week=32, driving_licences=["C"]),
            profile("hours", hours_per_week=20, driving_licences=["CE"]),
            profile("both", hours_per_week=20, education_level="vmbo"),
        ]
    )
    result = table.evaluate(job, HardFilters())
    assert [table.ids[row] for row in np.flatnonzero(result.passes)] == ["ok"]
    assert result.n_excluded == 2 and result.total == 1
    assert result.excluded == {"driving_licence": 1, "education": 1, "hours": 2}


def test_area_rule_needs_no_call_per_record(monkeypatch):
    calls = []
    monkeypatch.setattr(PostcodeAreaProximity, "within", lambda *args: calls.append(args))
    table = ProfileFilterTable.build(
        [profile(f"p{i}", location=Location(postcode=POSTCODES[i % 7])) for i in range(50)]
    )
    job = vacancy("v", location=Location(postcode="3511 AB"), max_distance_km=25)
    assert table.evaluate(job, HardFilters()).total == 22  # 3511 AB, 3511 CD, 3512 AB: 8+7+7
    assert calls == []
