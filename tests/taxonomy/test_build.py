import pytest

from taxonomy.build import build_default
from taxonomy.errors import BadInputError
from taxonomy.store import load_taxonomy
from tests.esco_fixture import N_OCCUPATIONS, N_SKILLS, OCCUPATION, V12_ONLY_OCCUPATION


def test_build_default_writes_english_v111_with_dutch_v12_labels(esco_reference_dir, tmp_path):
    out = tmp_path / "default"
    built = build_default(esco_reference_dir, out)
    loaded = load_taxonomy(out)
    assert loaded.version == "esco-v1.1.1+nl-v1.2"
    assert loaded.checksum == built.checksum
    assert (len(loaded.skills), len(loaded.occupations)) == (N_SKILLS, N_OCCUPATIONS)
    assert V12_ONLY_OCCUPATION not in loaded  # v1.1.1 defines which concepts exist
    assert loaded.label(OCCUPATION["shop_assistant"].uri).text == "winkelmedewerker"
    assert (out / "NOTICE").is_file()


def test_build_default_names_missing_reference_files(tmp_path):
    with pytest.raises(BadInputError, match=r"esco-v1\.1\.1-relations-csv\.zip"):
        build_default(tmp_path, tmp_path / "out")
    assert not (tmp_path / "out").exists()
