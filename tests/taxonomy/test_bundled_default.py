"""Checks on the committed bundled taxonomy (taxonomy/data/default); no reference data needed."""

import time

import pytest

from taxonomy.attribution import ESCO_ATTRIBUTION
from taxonomy.store import DEFAULT_TAXONOMY_DIR, _read, load_taxonomy, read_manifest

SHOP_ASSISTANT = "http://data.europa.eu/esco/occupation/0b15375e-dfdd-4047-9efb-096e0aaee7d2"


@pytest.fixture(scope="module")
def default():
    return load_taxonomy()


def test_bundled_default_holds_esco_v111_with_dutch_labels(default):
    stats = default.stats()
    assert default.version == "esco-v1.1.1+nl-v1.2"
    assert stats.skills == 13_896
    assert stats.occupations == 3_007
    assert 123_000 <= stats.relations <= 124_000
    assert stats.skills_by_type["soft skills"] == 96
    assert stats.language_skills == 346
    assert stats.label_coverage["occupations"].fraction > 0.99
    assert stats.label_coverage["isco_groups"].fraction == 1.0
    assert default.label(SHOP_ASSISTANT).text == "winkelmedewerker"


def test_transversal_skills_have_dutch_labels(default):
    reuse_transversal = [s for s in default.skills.values() if s.reuse_level == "transversal"]
    with_dutch = [s for s in reuse_transversal if "nl" in s.labels.preferred]
    assert len(with_dutch) / len(reuse_transversal) >= 0.99
    # the soft skills (transversal collection): all but "ensure customer orientation"
    soft = default.stats().label_coverage_by_skill_type["soft skills"]
    assert (soft.count, soft.total) == (95, 96)


def test_bundled_default_loads_fast_and_its_checksum_matches_its_content():
    manifest = read_manifest(DEFAULT_TAXONOMY_DIR)
    started = time.perf_counter()
    taxonomy = _read(DEFAULT_TAXONOMY_DIR, manifest)  # uncached
    assert time.perf_counter() - started < 2.0
    assert taxonomy.compute_checksum() == manifest["checksum"]


def test_bundled_default_is_small_and_carries_the_esco_notice():
    size = sum(f.stat().st_size for f in DEFAULT_TAXONOMY_DIR.iterdir())
    assert size <= 25_000_000
    assert ESCO_ATTRIBUTION in (DEFAULT_TAXONOMY_DIR / "NOTICE").read_text(encoding="utf-8")
    assert ESCO_ATTRIBUTION in (DEFAULT_TAXONOMY_DIR.parent / "NOTICE").read_text(encoding="utf-8")
