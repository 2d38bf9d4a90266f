import pytest

from taxonomy.errors import BadInputError
from taxonomy.esco_files import FileKind, classify, discover


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("skills_en.csv", (FileKind.SKILLS, "en", "")),
        ("occupations_nl.csv", (FileKind.OCCUPATIONS, "nl", "")),
        ("ISCOGroups_nl.csv", (FileKind.ISCO_GROUPS, "nl", "")),
        ("transversalSkillsCollection_nl.csv", (FileKind.SKILL_COLLECTION, "nl", "transversal")),
        ("digCompSkillsCollection_en.csv", (FileKind.SKILL_COLLECTION, "en", "digComp")),
        (
            "researchOccupationsCollection_nl.csv",
            (FileKind.OCCUPATION_COLLECTION, "nl", "research"),
        ),
        ("occupationSkillRelations.csv", (FileKind.OCCUPATION_SKILL_RELATIONS, "", "")),
        ("occupationSkillRelations_nl.csv", (FileKind.OCCUPATION_SKILL_RELATIONS, "nl", "")),
        ("broaderRelationsSkillPillar.csv", (FileKind.BROADER_SKILL, "", "")),
        ("some/dir/skills_pt.csv", (FileKind.SKILLS, "pt", "")),
    ],
)
def test_file_kind_and_language_come_from_the_name(name, expected):
    assert classify(name) == expected


@pytest.mark.parametrize(
    "name",
    ["greenShareOcc_nl.csv", "conceptSchemes_en.csv", "skillSkillRelations.csv", "skills_en.txt"],
)
def test_files_we_do_not_read_are_skipped(name):
    assert classify(name) is None


def test_a_label_file_without_language_suffix_is_bad_input(tmp_path):
    (tmp_path / "skills.csv").write_text("conceptUri,preferredLabel\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"cannot tell the language of .*skills\.csv"):
        discover([tmp_path])
