"""Hard filters: hours, licences, languages, education, region/distance; unknown is unverified."""

from __future__ import annotations

import pytest

from matcher.ranking.hard_filters import FilterName, FilterOutcome, HardFilters, held_licences
from matcher.ranking.location import CoordinateProximity, PostcodeAreaProximity, haversine_km
from matcher.records import LanguageAbility, Location
from tests.matcher.match_helpers import profile, vacancy


def check(job, person, proximity=None) -> FilterOutcome:
    return HardFilters(proximity).check(job, person)


@pytest.mark.parametrize(
    ("hours", "passes"), [(16, False), (24, True), (32, True), (36, True), (40, False)]
)
def test_hours_must_lie_within_the_vacancys_range(hours, passes):
    job = vacancy("v", hours_per_week_min=24, hours_per_week_max=36)
    assert check(job, profile("p", hours_per_week=hours)).passes is passes


def test_unknown_hours_pass_but_are_unverified():
    outcome = check(vacancy("v", hours_per_week_min=24), profile("p"))
    assert outcome.passes and outcome.unverified == (FilterName.HOURS,)
    assert check(vacancy("v"), profile("p")).unverified == ()


@pytest.mark.parametrize(
    ("required", "held", "passes"),
    [
        (["C"], ["CE"], True),  # CE includes C
        (["B"], ["C"], True),  # C requires B
        (["C"], ["B"], False),
        (["CE"], ["C"], False),
        (["B", "D"], ["B"], False),
        (["B"], [], False),
    ],
)
def test_required_driving_licences_count_included_categories(required, held, passes):
    job = vacancy("v", required_driving_licences=required)
    outcome = check(job, profile("p", driving_licences=held))
    assert outcome.passes is passes
    assert (FilterName.DRIVING_LICENCE in outcome.failed) is not passes


def test_held_licences_include_lower_categories():
    assert held_licences(["CE"]) >= {"CE", "C", "C1", "C1E", "BE", "B"}
    assert "D" not in held_licences(["CE"])


@pytest.mark.parametrize(
    ("has", "passes"), [(None, False), ("A2", False), ("B1", True), ("C2", True)]
)
def test_language_levels_follow_the_cefr_order(has, passes):
    job = vacancy("v", required_languages=[LanguageAbility(language="nl", level="B1")])
    languages = [] if has is None else [LanguageAbility(language="nl", level=has)]
    languages.append(LanguageAbility(language="en", level="C2"))  # another language never counts
    assert check(job, profile("p", languages=languages)).passes is passes


@pytest.mark.parametrize(
    ("level", "passes"), [("vmbo", False), ("mbo-4", True), ("hbo-bachelor", True)]
)
def test_minimum_education_level(level, passes):
    job = vacancy("v", min_education_level="mbo-3")
    assert check(job, profile("p", education_level=level)).passes is passes
    assert check(job, profile("p")).unverified == (FilterName.EDUCATION,)


def test_region_must_be_the_same_arbeidsmarktregio():
    job = vacancy("v", location=Location(region="Midden-Utrecht"))
    assert check(job, profile("p", location=Location(region="midden-utrecht"))).passes
    assert not check(job, profile("p", location=Location(region="Groot Amsterdam"))).passes
    assert check(job, profile("p")).unverified == (FilterName.LOCATION,)


@pytest.mark.parametrize(
    ("max_km", "home", "passes"),
    [
        (5, "3511 CD", True),  # short distance: same PC4
        (5, "3512 AB", False),
        (25, "3512 AB", True),  # medium: same PC2
        (25, "3611 AB", False),
        (100, "3611 AB", True),  # long: same first digit
        (100, "1011 AB", False),
        (300, "9711 AB", True),  # anywhere
    ],
)
def test_distance_without_coordinates_uses_postcode_areas(max_km, home, passes):
    job = vacancy("v", location=Location(postcode="3511 AB"), max_distance_km=max_km)
    person = profile("p", location=Location(postcode=home))
    assert check(job, person).passes is passes


UTRECHT, AMERSFOORT, GRONINGEN = (52.09, 5.12), (52.16, 5.39), (53.22, 6.57)


def test_a_coordinate_table_can_replace_the_area_rule():
    table = {"3511": UTRECHT, "3811": AMERSFOORT, "9711": GRONINGEN}
    proximity = CoordinateProximity(table)
    job = vacancy("v", location=Location(postcode="3511 AB"), max_distance_km=30)
    near_other_area = profile("p", location=Location(postcode="3811 AB"))
    assert haversine_km(UTRECHT, AMERSFOORT) < 30 < haversine_km(UTRECHT, GRONINGEN)
    assert not check(job, near_other_area, PostcodeAreaProximity()).passes
    assert check(job, near_other_area, proximity).passes
    assert not check(job, profile("q", location=Location(postcode="9711 AB")), proximity).passes
    unknown = check(job, profile("r", location=Location(postcode="1011 AB")), proximity)
    assert unknown.passes and unknown.unverified == (FilterName.LOCATION,)
