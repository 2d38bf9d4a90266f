import json

import pytest

from taxonomy.attribution import ESCO_ATTRIBUTION
from taxonomy.errors import BadInputError, NotFoundError
from taxonomy.store import (
    DEFAULT_TAXONOMY_DIR,
    MANIFEST,
    install_taxonomy,
    load_taxonomy,
    resolve_taxonomy_path,
    save_taxonomy,
)
from taxonomy.taxonomy import Taxonomy


def test_save_then_load_keeps_every_concept_and_the_checksum(toy_taxonomy, tmp_path):
    manifest = save_taxonomy(toy_taxonomy, tmp_path / "tax")
    loaded = load_taxonomy(tmp_path / "tax")
    assert loaded is not toy_taxonomy
    assert loaded.skills == toy_taxonomy.skills
    assert loaded.occupations == toy_taxonomy.occupations
    assert loaded.isco_groups == toy_taxonomy.isco_groups
    assert loaded.skill_groups == toy_taxonomy.skill_groups
    assert list(loaded.skills) == list(toy_taxonomy.skills)  # order kept too
    assert loaded.version == toy_taxonomy.version
    assert loaded.sources == toy_taxonomy.sources and loaded.notes == toy_taxonomy.notes
    assert loaded.checksum == toy_taxonomy.checksum == manifest["checksum"]
    assert loaded.compute_checksum() == manifest["checksum"]


def test_the_folder_has_a_manifest_and_an_esco_notice(toy_taxonomy, tmp_path):
    save_taxonomy(toy_taxonomy, tmp_path)
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format_version"] == 1
    assert manifest["counts"]["skills"] == len(toy_taxonomy.skills)
    assert manifest["sources"] == list(toy_taxonomy.sources)
    assert manifest["built_at"]
    notice = (tmp_path / "NOTICE").read_text(encoding="utf-8")
    assert ESCO_ATTRIBUTION in notice and "esco-v1.1.1-relations-csv.zip" in notice


def test_loading_is_cached_per_folder_and_checksum(toy_taxonomy, tmp_path):
    target = tmp_path / "tax"
    install_taxonomy(toy_taxonomy, target)
    first = load_taxonomy(target)
    assert load_taxonomy(target) is first
    smaller = Taxonomy(
        skills=toy_taxonomy.skills,
        occupations=dict(list(toy_taxonomy.occupations.items())[:2]),
        isco_groups=toy_taxonomy.isco_groups,
        skill_groups=toy_taxonomy.skill_groups,
        version="smaller",
    )
    install_taxonomy(smaller, target)
    reloaded = load_taxonomy(target)
    assert reloaded is not first and len(reloaded.occupations) == 2


def test_install_replaces_the_folder_and_leaves_no_temporary_folders(toy_taxonomy, tmp_path):
    target = tmp_path / "data" / "taxonomy"
    install_taxonomy(toy_taxonomy, target)
    (target / "stale.parquet").write_bytes(b"old")
    install_taxonomy(toy_taxonomy, target)
    assert not (target / "stale.parquet").exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["taxonomy"]


def test_a_failed_install_keeps_the_previous_taxonomy(toy_taxonomy, tmp_path, monkeypatch):
    target = tmp_path / "taxonomy"
    install_taxonomy(toy_taxonomy, target)

    def broken_save(taxonomy, out):
        (out / "skills.parquet").write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("taxonomy.store.save_taxonomy", broken_save)
    with pytest.raises(OSError, match="disk full"):
        install_taxonomy(toy_taxonomy, target)
    assert load_taxonomy(target).checksum == toy_taxonomy.checksum
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taxonomy"]


def test_resolve_prefers_explicit_then_imported_then_bundled(toy_taxonomy, tmp_path):
    data_dir = tmp_path / "data"
    assert resolve_taxonomy_path(None, data_dir) == DEFAULT_TAXONOMY_DIR
    install_taxonomy(toy_taxonomy, data_dir / "taxonomy")
    assert resolve_taxonomy_path(None, data_dir) == data_dir / "taxonomy"
    explicit = tmp_path / "mine"
    save_taxonomy(toy_taxonomy, explicit)
    assert resolve_taxonomy_path(explicit, data_dir) == explicit
    with pytest.raises(NotFoundError, match=r"no manifest\.json"):
        resolve_taxonomy_path(tmp_path / "missing", data_dir)


def test_broken_taxonomy_folders_are_reported(toy_taxonomy, tmp_path):
    with pytest.raises(NotFoundError, match="not a taxonomy folder"):
        load_taxonomy(tmp_path)
    save_taxonomy(toy_taxonomy, tmp_path / "a")
    (tmp_path / "a" / "labels.parquet").unlink()
    with pytest.raises(BadInputError, match=r"lacks labels\.parquet"):
        load_taxonomy(tmp_path / "a")
    save_taxonomy(toy_taxonomy, tmp_path / "b")
    manifest = json.loads((tmp_path / "b" / MANIFEST).read_text(encoding="utf-8"))
    manifest["format_version"] = 99
    (tmp_path / "b" / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BadInputError, match="format version 99"):
        load_taxonomy(tmp_path / "b")
