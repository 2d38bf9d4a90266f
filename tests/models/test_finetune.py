"""Fine-tuning and exporting a tiny random BERT on toy-taxonomy pairs (seconds, no internet)."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import numpy as np
import pytest

pytest.importorskip("sentence_transformers")

from models.encoder import Encoder
from models.export import calibrate, record_dev_scores, save_finetuned, set_cosine_scale
from models.finetune import (
    WORD_EMBEDDINGS,
    FinetuneConfig,
    batches,
    finetune,
    load_trainable,
)
from models.manifest import ModelManifest
from models.training_pairs import (
    PairKind,
    PairOptions,
    TrainingPair,
    build_training_pairs,
    count_by_kind,
    skill_phrases,
)
from taxonomy.errors import NotReadyError
from tests.models.tiny_model import write_tiny_model

CONFIG = FinetuneConfig(epochs=4, batch_size=8, learning_rate=1e-2, warmup_ratio=0.0)
UNBALANCED = PairOptions(skill_ratio=None)


@pytest.fixture(scope="module")
def pairs(toy_taxonomy):
    return [p for p in build_training_pairs(toy_taxonomy, UNBALANCED) if p.negative][:16]


@pytest.fixture(scope="module")
def base_folder(tmp_path_factory, toy_taxonomy):
    folder = tmp_path_factory.mktemp("tiny")
    texts = [t for p in build_training_pairs(toy_taxonomy) for t in (p.anchor, p.positive)]
    write_tiny_model(folder, texts)
    return folder / "base"


@pytest.fixture(scope="module")
def trained(base_folder, pairs):
    """(base model, trained model, result, progress calls) of one short run."""
    base, model = load_trainable(base_folder), load_trainable(base_folder)
    calls = []
    result = finetune(model, pairs, CONFIG, progress=lambda *a: calls.append(a))
    return base, model, result, calls


def _margin(model, pairs) -> float:
    """Mean cos(anchor, positive) − cos(anchor, negative) with the query prompt."""
    encode = lambda texts: model.encode(["query: " + t for t in texts], normalize_embeddings=True)  # noqa: E731
    a, p, n = (
        encode([getattr(x, col) for x in pairs]) for col in ("anchor", "positive", "negative")
    )
    return float(np.mean(np.sum(a * p, axis=1) - np.sum(a * n, axis=1)))


def test_batches_hold_one_kind_and_never_two_pairs_of_one_concept(toy_taxonomy):
    all_pairs = build_training_pairs(toy_taxonomy, UNBALANCED)
    seen, kinds_in_turn = [], []
    for batch in batches(all_pairs, 8, random.Random(0)):
        assert len({p.concept_uri for p in batch}) == len(batch) <= 8
        assert len({p.kind for p in batch}) == 1
        kinds_in_turn.append(batch[0].kind)
        seen.extend(batch)
    assert sorted(map(repr, seen)) == sorted(map(repr, all_pairs))
    assert len(set(kinds_in_turn)) == 4 and kinds_in_turn != sorted(kinds_in_turn)  # interleaved


def test_training_pulls_positives_closer_than_hard_negatives(trained, pairs):
    base, model, result, _ = trained
    assert all(p.negative for p in pairs)
    assert result.steps > 0 and result.stopped_by == "epochs"
    before, after = _margin(base, pairs), _margin(model, pairs)
    assert after > 2 * before and after > before + 0.02  # random tiny BERT: cosines all high


def test_word_embeddings_stay_frozen_while_encoder_layers_change(trained):
    base, model, _, _ = trained
    before, after = dict(base.named_parameters()), dict(model.named_parameters())
    changed = {n for n in before if not np.array_equal(before[n].detach(), after[n].detach())}
    assert not any(n.endswith(WORD_EMBEDDINGS) for n in changed)
    assert any(".encoder.layer." in n for n in changed)


def test_frozen_lower_layers_stay_as_they_were(base_folder, pairs):
    base, model = load_trainable(base_folder), load_trainable(base_folder)
    finetune(model, pairs, replace(CONFIG, epochs=1, frozen_layers=1))
    before, after = dict(base.named_parameters()), dict(model.named_parameters())
    changed = {n for n in before if not np.array_equal(before[n].detach(), after[n].detach())}
    assert changed and not any(".embeddings." in n or ".encoder.layer.0." in n for n in changed)
    assert any(".encoder.layer.1." in n for n in changed)


def test_progress_is_reported_after_every_step(trained):
    _, _, result, calls = trained
    assert [c[0] for c in calls] == list(range(1, result.steps + 1))
    assert [c[2] for c in calls] == result.losses


def _drift(base, model, pairs) -> float:
    """Mean 1 − cos between the two models' embeddings of every text of ``pairs``."""
    texts = ["query: " + t for p in pairs for t in (p.anchor, p.positive)]
    before = base.encode(texts, normalize_embeddings=True)
    after = model.encode(texts, normalize_embeddings=True)
    return float(np.mean(1.0 - np.sum(before * after, axis=1)))


def test_the_drift_penalty_keeps_embeddings_nearer_the_start_and_still_learns(
    trained, base_folder, pairs
):
    base, free, _, _ = trained
    anchored = load_trainable(base_folder)
    result = finetune(anchored, pairs, replace(CONFIG, preserve=1.0))
    assert result.steps > 0
    assert _drift(base, anchored, pairs) < 0.5 * _drift(base, free, pairs)
    assert _margin(anchored, pairs) > _margin(base, pairs) + 0.02


def test_a_preserve_pool_keeps_its_own_texts_near_the_start(
    trained, base_folder, pairs, toy_taxonomy
):
    base, free, _, _ = trained
    pool = skill_phrases(toy_taxonomy, generic_word_labels=2)
    assert len(pool) > len(toy_taxonomy.skills)  # labels and their generic fragments
    anchored = load_trainable(base_folder)
    finetune(anchored, pairs, replace(CONFIG, preserve=1.0, preserve_batch=16), preserve_pool=pool)
    held = [TrainingPair(text, text, PairKind.ALT_LABEL, "") for text in pool]
    assert _drift(base, anchored, held) < 0.5 * _drift(base, free, held)
    assert _margin(anchored, pairs) > _margin(base, pairs) + 0.02
    with pytest.raises(ValueError, match="preserve_pool"):
        finetune(load_trainable(base_folder), pairs, replace(CONFIG, preserve_batch=4))


def test_same_seed_gives_the_same_run(base_folder, pairs):
    config = FinetuneConfig(epochs=5, max_steps=3, batch_size=8)
    first = finetune(load_trainable(base_folder), pairs, config)
    second = finetune(load_trainable(base_folder), pairs, config)
    assert first.stopped_by == "max_steps" and first.steps == 3
    assert first.losses == second.losses


def test_time_budget_stops_training(base_folder, pairs):
    result = finetune(
        load_trainable(base_folder), pairs, FinetuneConfig(epochs=1000, time_budget_s=0.5)
    )
    assert result.stopped_by == "time_budget"
    assert 0 < result.steps < 1000


def test_export_writes_a_servable_folder_with_a_new_model_id(trained, base_folder, pairs, tmp_path):
    _, model, result, _ = trained
    out = tmp_path / "ft"
    manifest = save_finetuned(
        model,
        out,
        base_folder,
        tag="toy.1",
        taxonomy="toy",
        pair_counts=count_by_kind(pairs),
        config=CONFIG,
        result=result,
        dev_scores={"base": {"mrr": 0.5}, "fine-tuned": {"mrr": 0.6}},
    )
    base = ModelManifest.read(base_folder)
    assert manifest.model_id != base.model_id
    assert manifest.version == f"{base.version}+ft.toy.1"
    assert ModelManifest.read(out) == manifest and manifest.files_intact(out)
    assert manifest.weights_intact(out)
    assert manifest.build["training"]["pairs"] == count_by_kind(pairs)
    from safetensors import safe_open

    with safe_open(str(out / "model.safetensors"), "np") as fh:
        dtypes = {str(fh.get_tensor(key).dtype) for key in fh.keys()}  # noqa: SIM118
    assert dtypes <= {"float16", "int64"}
    assert json.loads((out / "config.json").read_text())["dtype"] == "float32"
    card = (out / "README.md").read_text()
    assert manifest.model_id in card and "| total | 16 |" in card and "0.600" in card
    encoder = Encoder.load(str(out))
    assert encoder.model_id == manifest.model_id
    vectors = encoder.encode(["kok", "cook"])
    reference = model.encode(["query: kok", "query: cook"], normalize_embeddings=True)
    assert np.allclose(vectors, reference, atol=1e-2)


def test_calibration_records_a_scale_the_encoder_applies(
    trained, base_folder, pairs, toy_taxonomy, tmp_path
):
    _, model, result, _ = trained
    out = tmp_path / "ft"
    first = save_finetuned(
        model, out, base_folder, tag="toy.3", taxonomy="toy",
        pair_counts=count_by_kind(pairs), config=CONFIG, result=result,
    )  # fmt: skip
    unscaled = Encoder.load(str(out)).encode(["kok", "cook", "bakker"])
    manifest = calibrate(out, Encoder.load(str(base_folder)), toy_taxonomy)
    scale = manifest.cosine_scale
    assert scale is not None and 0 < scale <= 1
    assert manifest.model_id != first.model_id and manifest.files_intact(out)
    assert f"Cosine scale: {scale:.4f}" in (out / "README.md").read_text()
    encoder = Encoder.load(str(out))
    assert encoder.model_id == manifest.model_id and encoder.dim == unscaled.shape[1] + 1
    scaled = encoder.encode(["kok", "cook", "bakker"])
    assert np.allclose(scaled @ scaled.T, scale * (unscaled @ unscaled.T) + 1 - scale, atol=1e-5)
    assert set_cosine_scale(out, None).model_id == first.model_id  # the id follows the scale


def test_export_never_overwrites_a_folder(trained, base_folder, pairs, tmp_path):
    from taxonomy.errors import BadInputError

    _, model, result, _ = trained
    with pytest.raises(BadInputError):
        save_finetuned(
            model,
            tmp_path,
            base_folder,
            tag="x",
            taxonomy="toy",
            pair_counts={},
            config=CONFIG,
            result=result,
        )


def test_dev_scores_are_recorded_in_card_and_manifest(trained, base_folder, pairs, tmp_path):
    _, model, result, _ = trained
    out = tmp_path / "ft"
    first = save_finetuned(
        model,
        out,
        base_folder,
        tag="toy.2",
        taxonomy="toy",
        pair_counts=count_by_kind(pairs),
        config=CONFIG,
        result=result,
    )
    assert "Not measured in this run." in (out / "README.md").read_text()
    scores = {"base": {"melo_map": 0.271}, "fine-tuned": {"melo_map": 0.334, "mrr": 0.8}}
    manifest = record_dev_scores(out, scores)
    assert manifest.model_id == first.model_id and manifest.files_intact(out)
    assert ModelManifest.read(out).build["dev_scores"] == scores
    card = (out / "README.md").read_text()
    assert "| melo_map | 0.271 | 0.334 |" in card and "| mrr | – | 0.800 |" in card
    with pytest.raises(NotReadyError):
        record_dev_scores(base_folder, scores)


def test_a_time_budget_fits_the_learning_rate_schedule_to_the_steps_it_allows():
    from models.finetune import _Schedule

    schedule = _Schedule(total=2000, warmup_ratio=0.1)
    assert schedule.factor(0) == pytest.approx(1 / 200)
    schedule.fit_to(100)  # the pace allows 100 steps: warm up over 10, reach zero at 100
    assert schedule.factor(4) == pytest.approx(0.5)
    assert schedule.factor(50) == pytest.approx(0.5)
    assert schedule.factor(100) == 0.0
    schedule.fit_to(10_000)  # never beyond one pass over the pairs
    assert schedule.total == 2000
