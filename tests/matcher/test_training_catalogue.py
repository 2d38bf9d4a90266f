"""Training catalogues: the shipped example parses; bad catalogues are rejected clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.gaps.training_catalogue import TrainingCatalogue
from taxonomy.errors import BadInputError
from tests.esco_fixture import SKILL

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "docs" / "examples" / "training_catalogue.example.csv"
)


def test_example_catalogue_resolves_uris_and_labels_and_is_labelled_fictitious(toy_taxonomy):
    catalogue = TrainingCatalogue.load(EXAMPLE, toy_taxonomy)
    assert all("VOORBEELD" in c.title and "fictief" in c.title for c in catalogue.courses)
    care = next(c for c in catalogue.courses if "Zorghulp" in c.title)
    assert care.skills == (
        SKILL["nursing_principles"].uri,
        SKILL["empathise_patient"].uri,
        SKILL["palliative_care"].uri,
    )
    assert care.kind == "mbo-certificaat" and care.hours == 240


def test_courses_for_a_skill_respect_region_and_prefer_few_hours(toy_taxonomy):
    catalogue = TrainingCatalogue.load(EXAMPLE, toy_taxonomy)
    first_aid = SKILL["first_aid"].uri
    assert [c.region for c in catalogue.courses_for(first_aid, "Midden-Utrecht")] == [
        "Midden-Utrecht"
    ]
    assert catalogue.courses_for(first_aid, "Twente") == []
    assert catalogue.courses_for(SKILL["python"].uri) == []


def test_json_catalogue_works_like_csv(toy_taxonomy):
    text = json.dumps(
        [
            {
                "course": "X",
                "provider": "P",
                "kind": "short course",
                "hours": 4,
                "skills": ["Python (computer programming)", SKILL["javascript"].uri],
            }
        ]
    )
    [course] = TrainingCatalogue.from_json(text, toy_taxonomy).courses
    assert course.skills == (SKILL["python"].uri, SKILL["javascript"].uri)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("course,provider,kind,skills,hours\nA,P,k,juggling,4\n", "unknown skill 'juggling'"),
        ("course,provider,kind,skills,hours\nA,P,k,read maps,veel\n", "hours must be a number"),
        ("course,provider,kind,skills,hours\nA,P,k,,4\n", "teaches no skills"),
        ("course,provider,kind,skills,hours\n,P,k,read maps,4\n", "no name"),
        ("course,provider,kind,skills,hours\n", "no courses"),
    ],
)
def test_bad_catalogues_name_the_problem(toy_taxonomy, text, message):
    with pytest.raises(BadInputError, match=message):
        TrainingCatalogue.from_csv(text, toy_taxonomy)
