import dataclasses
import re

import pytest

from taxonomy.concepts import Labels, RelationType, SkillType
from taxonomy.errors import NotFoundError
from taxonomy.taxonomy import Taxonomy
from tests.esco_fixture import OCCUPATION, OCCUPATIONS, SKILL, SKILLS


def test_get_finds_every_kind_of_concept(toy_taxonomy):
    assert toy_taxonomy.kind(SKILL["nutrition"].uri) == "skill"
    assert toy_taxonomy.kind(OCCUPATION["cook"].uri) == "occupation"
    assert toy_taxonomy.kind("http://data.europa.eu/esco/isco/C5120") == "isco_group"
    assert toy_taxonomy.get("http://data.europa.eu/esco/isco/C5120").code == "5120"


def test_unknown_uris_raise_not_found_naming_the_uri(toy_taxonomy):
    uri = "http://data.europa.eu/esco/skill/does-not-exist"
    with pytest.raises(NotFoundError, match=re.escape(uri)):
        toy_taxonomy.get(uri)
    with pytest.raises(NotFoundError):
        toy_taxonomy.skill(OCCUPATION["cook"].uri)  # an occupation is not a skill
    with pytest.raises(NotFoundError):
        toy_taxonomy.occupation(SKILL["nutrition"].uri)


def test_label_prefers_dutch_and_falls_back_to_english_per_concept(toy_taxonomy):
    dutch = toy_taxonomy.label(SKILL["show_initiative"].uri)
    assert (dutch.text, dutch.lang) == ("initiatief aan de dag leggen", "nl")
    english = toy_taxonomy.label(SKILL["customer_orientation"].uri)  # no Dutch label
    assert (english.text, english.lang) == ("ensure customer orientation", "en")
    asked_english = toy_taxonomy.label(OCCUPATION["cook"].uri, langs=("en", "nl"))
    assert (asked_english.text, asked_english.lang) == ("cook", "en")


def test_occupations_with_skill_uses_the_relations(toy_taxonomy):
    food_safety = SKILL["food_safety"].uri
    essential = toy_taxonomy.occupations_with_skill(food_safety, RelationType.ESSENTIAL)
    assert [o.uri for o in essential] == [
        OCCUPATION["cook"].uri,
        OCCUPATION["flight_attendant"].uri,
    ]
    literacy = SKILL["computer_literacy"].uri
    assert [o.uri for o in toy_taxonomy.occupations_with_skill(literacy)] == [
        OCCUPATION["nurse"].uri,
        OCCUPATION["flight_attendant"].uri,
    ]
    assert [o.uri for o in toy_taxonomy.occupations_with_skill(literacy, "optional")] == [
        OCCUPATION["flight_attendant"].uri
    ]
    assert toy_taxonomy.occupations_with_skill(SKILL["dutch"].uri) == []
    with pytest.raises(NotFoundError):
        toy_taxonomy.occupations_with_skill(OCCUPATION["cook"].uri)


def test_stats_count_types_relations_and_dutch_coverage(toy_taxonomy):
    stats = toy_taxonomy.stats()
    soft = [s for s in SKILLS if "transversal" in s.collections]
    knowledge = [s for s in SKILLS if s not in soft and s.skill_type == "knowledge"]
    assert stats.skills == len(SKILLS)
    assert stats.skills_by_type == {
        "kennis": len(knowledge),
        "vaardigheden": len(SKILLS) - len(soft) - len(knowledge),
        "soft skills": len(soft),
    }
    assert stats.language_skills == 3
    assert stats.essential_relations == sum(len(o.essential) for o in OCCUPATIONS)
    assert stats.optional_relations == sum(len(o.optional) for o in OCCUPATIONS)
    with_dutch = [s for s in SKILLS if s.nl]
    assert stats.label_coverage["skills"].count == len(with_dutch)
    assert stats.label_coverage["skills"].fraction == round(len(with_dutch) / len(SKILLS), 4)
    assert stats.label_coverage["occupations"].fraction == 1.0
    soft_cov = stats.label_coverage_by_skill_type[SkillType.SOFT_SKILLS.value]
    assert (soft_cov.count, soft_cov.total) == (2, 3)
    # computed once per language (the service asks on every GET /v1/taxonomy)
    assert toy_taxonomy.stats() is stats
    english = toy_taxonomy.stats("en")
    assert english is not stats and english.label_coverage["skills"].fraction == 1.0


def test_checksum_is_stable_and_follows_content(toy_taxonomy):
    checksum = toy_taxonomy.checksum
    assert re.fullmatch(r"[0-9a-f]{16}", checksum)
    reordered = Taxonomy(
        skills=dict(reversed(toy_taxonomy.skills.items())),
        occupations=dict(toy_taxonomy.occupations),
        isco_groups=dict(toy_taxonomy.isco_groups),
        skill_groups=dict(toy_taxonomy.skill_groups),
        version="another version string",
    )
    assert reordered.checksum == checksum  # order and version do not matter
    uri = SKILL["nutrition"].uri
    renamed = dict(toy_taxonomy.skills)
    renamed[uri] = dataclasses.replace(
        renamed[uri], labels=Labels(preferred={"en": "nutrition", "nl": "voedingsleer"})
    )
    changed = Taxonomy(
        skills=renamed,
        occupations=toy_taxonomy.occupations,
        isco_groups=toy_taxonomy.isco_groups,
        skill_groups=toy_taxonomy.skill_groups,
        version=toy_taxonomy.version,
    )
    assert changed.checksum != checksum
