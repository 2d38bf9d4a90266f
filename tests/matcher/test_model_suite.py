"""The model evaluation suite on the toy taxonomy and toy dev sets (no ../shared needed)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matcher.evaluation.model_suite import (
    DevSets,
    Score,
    SuiteOptions,
    SuiteResult,
    compare,
    evaluate_model,
    paired_deltas,
    scores_table,
    wins,
)
from models.embedding_cache import EmbeddingCache
from tests.dev_fixture import HOUSE, MELO_QUERIES, TECH, write_toy_dev_sets
from tests.fakes import FakeEncoder


@pytest.fixture(scope="module")
def dev_dir(tmp_path_factory):
    return write_toy_dev_sets(tmp_path_factory.mktemp("dev"))


@pytest.fixture(scope="module")
def suite(toy_taxonomy, dev_dir, tmp_path_factory) -> SuiteResult:
    cache = EmbeddingCache(tmp_path_factory.mktemp("cache"))
    options = SuiteOptions(transition_sample=7)
    return evaluate_model(toy_taxonomy, FakeEncoder(), cache, DevSets.under(dev_dir), options)


def test_dev_sets_are_found_only_where_they_are(dev_dir, tmp_path):
    found = DevSets.under(dev_dir)
    assert found.melo == dev_dir / "melo_bel"
    assert found.skill_extraction == dev_dir / "skill_extraction"
    assert DevSets.under(tmp_path) == DevSets() == DevSets.under(None)


def test_every_task_is_scored_for_both_systems(suite):
    table = suite.frame()
    assert not suite.skipped
    assert set(table.task) == {"occupation_linking", "skill_ranking", "transitions"}
    linking = table[table.task == "occupation_linking"]
    assert set(linking.system) == {"embeddings", "hybrid"}
    assert set(linking.metric) == {"concept_mrr", "concept_s@10", "melo_map", "melo_mrr"}
    assert set(table[table.task == "skill_ranking"].dataset) == {"TECH", "HOUSE"}
    assert table.value.between(0.0, 1.0).all()


def test_scores_reflect_the_rankings(suite):
    # Seven toy occupations: every query's occupation is within the top 10 concepts, and an
    # exact Dutch label ("Vakkenvuller") keeps the hybrid's concept MRR well above chance.
    assert suite.value("occupation_linking", "melo_bel", "hybrid", "concept_s@10") == 1.0
    assert suite.value("occupation_linking", "melo_bel", "hybrid", "concept_mrr") > 0.5
    # Gold labels appear verbatim in the sentences: the hybrid finds them.
    assert suite.value("skill_ranking", "TECH", "hybrid", "mrr") > 0.5
    assert suite.value("transitions", "taxonomy", "feasibility", "mrr") > 0.5


def test_max_items_limits_the_sets(toy_taxonomy, dev_dir, tmp_path):
    small = evaluate_model(
        toy_taxonomy,
        FakeEncoder(),
        EmbeddingCache(tmp_path),
        DevSets(skill_extraction=dev_dir / "skill_extraction"),
        SuiteOptions(max_items=1, transition_sample=3),
    )
    assert small.skipped == ("occupation_linking: no melo_bel dev set",)
    # One sentence per set: its reciprocal rank is 1, 1/2, ... or 0, never an average of many.
    mrr = small.value("skill_ranking", "HOUSE", "hybrid", "mrr")
    assert mrr == 0 or (1 / mrr).is_integer()
    assert len({s for s, _ in TECH}) > 1 and len({s for s, _ in HOUSE}) > 1
    assert len(MELO_QUERIES) > 1


def test_without_dev_sets_only_the_taxonomy_checks_run(toy_taxonomy, tmp_path):
    result = evaluate_model(
        toy_taxonomy, FakeEncoder(), EmbeddingCache(tmp_path), DevSets(), SuiteOptions()
    )
    assert {s.task for s in result.scores} == {"transitions"}
    assert len(result.skipped) == 2


def _result(model_id: str, melo_map: float, tech_mrr: float) -> SuiteResult:
    scores = (
        Score("occupation_linking", "melo_bel", "embeddings", "melo_map", melo_map),
        Score("skill_ranking", "TECH", "hybrid", "mrr", tech_mrr),
    )
    return SuiteResult(model_id, "toy", scores, 1.0)


def test_compare_and_the_verdict():
    base = _result("base", 0.27, 0.80)
    table = compare(base, _result("tuned", 0.33, 0.81))
    assert table.delta.round(4).tolist() == [0.06, 0.01]
    assert wins(table) == (True, [])
    verdict, reasons = wins(compare(base, _result("tuned", 0.30, 0.81)))
    assert not verdict and "MELO MAP gain +0.0300" in reasons[0]
    verdict, reasons = wins(compare(base, _result("tuned", 0.40, 0.79)))
    assert not verdict and "TECH/hybrid" in reasons[0]
    wide = scores_table([base, _result("tuned", 0.33, 0.81)])
    assert list(wide.columns) == ["base", "tuned"]


def test_flat_scores_name_every_score_once(suite):
    flat = suite.flat()
    assert len(flat) == len(suite.scores)
    key = "occupation_linking/melo_bel/hybrid/concept_mrr"
    assert flat[key] == round(suite.value(*key.split("/")), 4)


def test_per_sentence_ranks_back_the_mrr_and_pair_up_across_models(suite):
    for subset in ("TECH", "HOUSE"):
        for system in ("embeddings", "hybrid"):
            ranks = suite.per_item[f"skill_ranking/{subset}/{system}/mrr"]
            assert ranks and all(0.0 <= r <= 1.0 for r in ranks)
            mrr = suite.value("skill_ranking", subset, system, "mrr")
            assert sum(ranks) / len(ranks) == pytest.approx(mrr)
    same = paired_deltas(suite, suite)
    assert set(same) == set(suite.per_item)
    assert all(
        d.delta == d.low == d.high == 0.0 and d.worse == d.better == 0 for d in same.values()
    )
    key = "skill_ranking/TECH/hybrid/mrr"
    lower = replace(suite, per_item={key: tuple(r / 2 for r in suite.per_item[key])})
    moved = paired_deltas(suite, lower)[key]
    assert moved.low <= moved.delta < 0 and moved.high <= 0
    assert moved.worse == sum(r > 0 for r in suite.per_item[key]) and moved.better == 0
