"""Occupation search on the toy taxonomy with the deterministic fake encoder."""

from __future__ import annotations

import pytest

from matcher.search.hybrid_search import FusionWeights
from matcher.search.occupation_search import OccupationSearch, occupation_label_corpus
from models.embedding_cache import EmbeddingCache
from taxonomy.errors import BadInputError
from tests.esco_fixture import OCCUPATION
from tests.fakes import FakeEncoder


@pytest.fixture
def search(toy_taxonomy, tmp_path) -> OccupationSearch:
    return OccupationSearch.build(toy_taxonomy, FakeEncoder(), EmbeddingCache(tmp_path))


def top_uri(search: OccupationSearch, query: str, **kwargs) -> str:
    [hits] = search.search([query], top=3, **kwargs)
    return hits[0].uri


def test_corpus_holds_dutch_and_english_labels_of_every_occupation(toy_taxonomy):
    corpus = occupation_label_corpus(toy_taxonomy)
    assert {e.concept_uri for e in corpus.entries} == set(toy_taxonomy.occupations)
    cook = [e for e in corpus.entries if e.concept_uri == OCCUPATION["cook"].uri]
    assert {("kok", "nl"), ("cook", "en"), ("fry cook", "en")} <= {(e.text, e.lang) for e in cook}
    assert [e.preferred for e in cook if e.text == "kok"] == [True]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("winkelmedewerker", "shop_assistant"),
        ("Winkelbediende (m/v)", "shop_assistant"),
        ("verpleegkundige", "nurse"),
        ("sofware develloper", "software_developer"),  # misspelled
        ("stewardess", "flight_attendant"),
        ("vrachtwagen verhuizer", "truck_driver"),
    ],
)
def test_titles_find_their_occupation(search, query, expected):
    assert top_uri(search, query) == OCCUPATION[expected].uri


def test_results_are_sorted_scored_in_unit_range_and_labelled_in_dutch_first(search):
    [hits] = search.search(["kok"], top=5)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert hits[0].label == "kok" and hits[0].lang == "nl"
    [hits_en] = search.search(["kok"], top=1, langs=("en", "nl"))
    assert hits_en[0].label == "cook" and hits_en[0].lang == "en"


def test_batch_keeps_order_and_empty_queries_get_no_results(search):
    results = search.search(["kok", "", "   ", "stewardess"], top=2)
    assert [len(r) for r in results] == [2, 0, 0, 2]
    assert results[0][0].uri == OCCUPATION["cook"].uri
    assert results[3][0].uri == OCCUPATION["flight_attendant"].uri


def test_too_long_query_and_bad_top_are_rejected(search):
    with pytest.raises(BadInputError, match="too long"):
        search.search(["x" * 1000])
    with pytest.raises(BadInputError):
        search.search(["kok"], top=0)


def test_lexical_only_search_needs_no_encoder(toy_taxonomy):
    lexical = OccupationSearch.build(toy_taxonomy, None, None, weights=FusionWeights.lexical_only())
    assert top_uri(lexical, "basisverpleegkundige") == OCCUPATION["nurse"].uri


def test_label_vectors_come_from_the_cache_on_the_second_build(toy_taxonomy, tmp_path):
    encoder = FakeEncoder()
    cache = EmbeddingCache(tmp_path)
    OccupationSearch.build(toy_taxonomy, encoder, cache)
    encoded_once = encoder.texts_encoded
    OccupationSearch.build(toy_taxonomy, encoder, cache)
    assert encoder.texts_encoded == encoded_once
