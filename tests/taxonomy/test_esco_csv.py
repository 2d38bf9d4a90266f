import shutil
from pathlib import Path

import pytest

from taxonomy.errors import BadInputError
from taxonomy.esco_csv import load_esco
from tests.esco_fixture import (
    GROUP,
    N_OCCUPATIONS,
    N_SKILLS,
    OCCUPATION,
    SKILL,
    UNKNOWN_OCCUPATION,
    V12_ONLY_OCCUPATION,
    V12_ONLY_SKILL,
    write_dutch,
    write_english,
    write_relations,
    zip_folder,
)


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    return {
        "en": write_english(tmp_path / "en"),
        "rel": write_relations(tmp_path / "rel"),
        "nl": write_dutch(tmp_path / "nl"),
    }


def test_languages_merge_on_concept_uri(folders):
    tax = load_esco([folders["en"], folders["rel"], folders["nl"]])
    shop = tax.occupation(OCCUPATION["shop_assistant"].uri)
    assert shop.labels.preferred == {"en": "shop assistant", "nl": "winkelmedewerker"}
    assert "winkelbediende" in shop.labels.alternative["nl"]
    assert "trainee shop worker" in shop.labels.alternative["en"]
    assert set(shop.description) == {"en", "nl"}
    # Dutch skill labels come from the collection files
    programming = tax.skill(SKILL["computer_programming"].uri)
    assert programming.labels.preferred["nl"] == "computerprogrammering"
    assert programming.labels.alternative["nl"] == ("programmeren", "computers programmeren")
    assert len(tax.skills) == N_SKILLS  # collection files never add skills


def test_zip_and_folder_sources_give_the_same_taxonomy(folders, tmp_path):
    from_folders = load_esco([folders["en"], folders["rel"]], label_sources=[folders["nl"]])
    zips = [zip_folder(folders[k], tmp_path / "zips" / f"{k}.zip") for k in ("en", "rel")]
    from_zips = load_esco(zips, label_sources=[folders["nl"]])
    assert from_zips.skills == from_folders.skills
    assert from_zips.occupations == from_folders.occupations
    assert from_zips.checksum == from_folders.checksum


def test_pipe_and_newline_separated_alt_labels_are_both_split(folders):
    tax = load_esco([folders["en"], folders["rel"], folders["nl"]])
    engineer = tax.occupation(OCCUPATION["biomedical_engineer"].uri)  # research collection, " | "
    assert engineer.labels.preferred["nl"] == "biomedisch technoloog"
    assert engineer.labels.alternative["nl"] == (
        "biomedisch technologe",
        "klinisch fysicus",
        "ingenieur gezondheidstechniek",
    )
    cook = tax.occupation(OCCUPATION["cook"].uri)  # occupations_nl.csv, newlines
    assert cook.labels.alternative["nl"] == ("sous-chef", "rôtisseur")
    # the preferred label repeated among the altLabels (as ESCO does) is not kept twice
    assert (
        "operate cash register"
        not in tax.skill(SKILL["cash_register"].uri).labels.alternative["en"]
    )


def test_label_sources_add_labels_but_no_concepts_or_memberships(folders):
    without = load_esco([folders["en"], folders["rel"]])
    with_labels = load_esco([folders["en"], folders["rel"]], label_sources=[folders["nl"]])
    assert V12_ONLY_OCCUPATION not in with_labels and V12_ONLY_SKILL not in with_labels
    assert with_labels.skills.keys() == without.skills.keys()
    assert with_labels.occupations.keys() == without.occupations.keys()
    for uri, skill in with_labels.skills.items():
        assert skill.collections == without.skills[uri].collections
    assert with_labels.label(OCCUPATION["cook"].uri).text == "kok"
    assert without.label(OCCUPATION["cook"].uri).text == "cook"


def test_main_sources_define_concepts_from_every_concept_file(folders):
    tax = load_esco([folders["en"], folders["rel"], folders["nl"]])
    only_dutch = tax.occupation(V12_ONLY_OCCUPATION)
    assert only_dutch.labels.preferred == {"nl": "brugwachter"}
    # but a collection file alone never makes a concept
    assert V12_ONLY_SKILL not in tax


def test_collections_relations_and_hierarchy_are_read(toy_taxonomy):
    tax = toy_taxonomy
    assert tax.skill(SKILL["computer_programming"].uri).collections == {"digComp", "digital"}
    assert tax.skill(SKILL["nutrition"].uri).collections == frozenset()
    cook = tax.occupation(OCCUPATION["cook"].uri)
    assert cook.essential_skills == tuple(SKILL[k].uri for k in OCCUPATION["cook"].essential)
    assert cook.optional_skills == tuple(SKILL[k].uri for k in OCCUPATION["cook"].optional)
    assert cook.isco_code == "5120" and cook.code == "5120.1"
    assert cook.broader == ("http://data.europa.eu/esco/isco/C5120",)
    assert tax.skill(SKILL["python"].uri).broader == (SKILL["computer_programming"].uri,)
    assert tax.isco_groups["http://data.europa.eu/esco/isco/C5223"].broader == (
        "http://data.europa.eu/esco/isco/C522",
    )
    t3 = tax.skill_groups[GROUP["T3"].uri]
    assert t3.code == "T3" and t3.broader == (GROUP["T"].uri,)
    assert t3.labels.preferred["nl"] == "vaardigheden en competenties voor zelfbeheer"


def test_relations_to_unknown_concepts_are_dropped_and_noted(toy_taxonomy):
    assert UNKNOWN_OCCUPATION not in toy_taxonomy
    assert len(toy_taxonomy.occupations) == N_OCCUPATIONS
    assert any("1 occupation-skill relations" in note for note in toy_taxonomy.notes)


def test_a_byte_order_mark_before_the_header_is_accepted(folders):
    relations = folders["rel"] / "occupationSkillRelations.csv"  # first column is required
    relations.write_bytes(b"\xef\xbb\xbf" + relations.read_bytes())
    tax = load_esco([folders["en"], folders["rel"]])
    assert tax.occupation(OCCUPATION["cook"].uri).essential_skills


def test_version_comes_from_source_names_or_is_given(esco_reference_dir):
    en = esco_reference_dir / "v1.1.1" / "esco-v1.1.1-classification-en-csv.zip"
    rel = esco_reference_dir / "v1.1.1" / "esco-v1.1.1-relations-csv.zip"
    nl = esco_reference_dir / "v1.2-nl"
    assert load_esco([en, rel], label_sources=[nl]).version == "esco-v1.1.1+nl-v1.2"
    assert load_esco([en, rel]).version == "esco-v1.1.1"
    assert load_esco([en, rel], version="my-esco").version == "my-esco"


def test_progress_reports_every_file(folders):
    calls: list[tuple[int, int]] = []
    load_esco(
        [folders["en"], folders["rel"]], progress=lambda done, total: calls.append((done, total))
    )
    total = calls[-1][1]
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [done for done, _ in calls] == list(range(total + 1))


def test_a_complete_dutch_download_gives_dutch_labels_for_every_skill(folders, tmp_path):
    full = write_dutch(tmp_path / "nl-full", full=True)
    stats = load_esco([folders["en"], folders["rel"], full]).stats()
    assert stats.label_coverage["skills"].fraction == 1.0
    # the Dutch download alone is a complete taxonomy too (its relations carry the _nl suffix)
    dutch_only = load_esco([full])
    assert len(dutch_only.skills) == N_SKILLS
    assert dutch_only.label(SKILL["cash_register"].uri, ("en", "nl")).lang == "nl"
    assert dutch_only.stats().relations == stats.relations


# -- bad input --------------------------------------------------------------------------------


def test_a_missing_path_is_bad_input(tmp_path):
    with pytest.raises(BadInputError, match="not found"):
        load_esco([tmp_path / "nope.zip"])


def test_a_folder_without_esco_files_names_what_is_missing(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(BadInputError) as err:
        load_esco([tmp_path])
    message = err.value.message
    assert "skills_<lang>.csv" in message and "occupations_<lang>.csv" in message
    assert "no ESCO CSV files found" in message


def test_classification_without_relations_asks_for_the_relations_zip(folders):
    with pytest.raises(BadInputError, match="occupationSkillRelations"):
        load_esco([folders["en"]])


def test_wrong_headers_name_the_file_and_columns(folders):
    (folders["en"] / "skills_en.csv").write_text("uri,label\nx,y\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"skills_en\.csv lacks column\(s\) conceptUri"):
        load_esco([folders["en"], folders["rel"]])


def test_a_file_that_is_not_a_zip_folder_or_csv_is_bad_input(tmp_path):
    (tmp_path / "esco.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    with pytest.raises(BadInputError, match="not a zip"):
        load_esco([tmp_path / "esco.txt"])
    with pytest.raises(BadInputError, match="not a readable zip"):
        load_esco([tmp_path / "broken.zip"])


def test_a_label_source_without_label_files_is_bad_input(folders, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(folders["rel"] / "occupationSkillRelations.csv", empty)
    with pytest.raises(BadInputError, match="no ESCO label files"):
        load_esco([folders["en"], folders["rel"]], label_sources=[empty])
