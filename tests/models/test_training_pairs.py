"""Training pairs built from the toy taxonomy."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from models.training_pairs import (
    PairKind,
    PairOptions,
    build_training_pairs,
    count_by_kind,
    count_fragment_negatives,
)

COOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"


def test_every_kind_is_built_from_the_taxonomy(toy_taxonomy):
    counts = count_by_kind(build_training_pairs(toy_taxonomy))
    assert set(counts) == {kind.value for kind in PairKind}
    assert all(count > 0 for count in counts.values()), counts


def test_alt_labels_point_to_the_preferred_label_of_the_same_language(toy_taxonomy):
    pairs = build_training_pairs(toy_taxonomy)
    alt = [p for p in pairs if p.kind is PairKind.ALT_LABEL]
    for pair in alt:
        labels = toy_taxonomy.get(pair.concept_uri).labels
        langs = [lang for lang, texts in labels.alternative.items() if pair.anchor in texts]
        assert any(labels.preferred.get(lang) == pair.positive for lang in langs)
    assert {p.positive for p in alt} & {"winkelmedewerker", "shop assistant"}


def test_translations_go_both_ways(toy_taxonomy):
    pairs = {(p.anchor, p.positive) for p in build_training_pairs(toy_taxonomy)}
    assert ("kok", "cook") in pairs and ("cook", "kok") in pairs


def test_essential_skill_pairs_name_an_essential_skill_of_the_occupation(toy_taxonomy):
    pairs = [p for p in build_training_pairs(toy_taxonomy) if p.kind is PairKind.ESSENTIAL_SKILL]
    for pair in pairs:
        owners = toy_taxonomy.occupations_with_skill(pair.concept_uri, "essential")
        anchors = {text for o in owners for text in o.labels.preferred.values()}
        assert pair.anchor in anchors


def test_hard_negatives_come_from_siblings_and_differ_from_the_positive(toy_taxonomy):
    pairs = build_training_pairs(toy_taxonomy)
    with_negative = [p for p in pairs if p.negative is not None]
    assert len(with_negative) > 0.8 * len(pairs)
    for pair in with_negative:
        assert pair.negative.casefold() != pair.positive.casefold()
        concept = toy_taxonomy.get(pair.concept_uri)
        own = {t.casefold() for t in concept.labels.preferred.values()}
        assert pair.negative.casefold() not in own
    skill_negatives = [p for p in with_negative if p.concept_uri in toy_taxonomy.skills]
    # skills under the same broader group share a negative pool: the negative is a skill label
    skill_labels = {t for s in toy_taxonomy.skills.values() for t in s.labels.preferred.values()}
    assert all(p.negative in skill_labels for p in skill_negatives)


def test_occupation_negatives_prefer_the_closest_isco_group(toy_taxonomy):
    cook_pairs = [p for p in build_training_pairs(toy_taxonomy) if p.concept_uri == COOK]
    assert cook_pairs
    flight_attendant = {"flight attendant", "cabinemedewerker"}  # ISCO 5111, shares "51"
    assert all(p.negative in flight_attendant for p in cook_pairs if p.negative)


def test_building_is_deterministic_for_a_seed(toy_taxonomy):
    assert build_training_pairs(toy_taxonomy) == build_training_pairs(toy_taxonomy)
    other = build_training_pairs(toy_taxonomy, PairOptions(seed=99))
    assert sorted(map(repr, other)) != sorted(map(repr, build_training_pairs(toy_taxonomy)))


def test_pairs_are_deduplicated_and_never_trivial(toy_taxonomy):
    pairs = build_training_pairs(toy_taxonomy)
    keys = [(p.anchor.casefold(), p.positive.casefold()) for p in pairs]
    assert len(keys) == len(set(keys))
    assert all(a != b for a, b in keys)


def test_each_kind_is_capped(toy_taxonomy):
    pairs = build_training_pairs(toy_taxonomy, PairOptions(max_per_kind=3))
    assert all(count <= 3 for count in count_by_kind(pairs).values())


def test_hard_negatives_can_be_switched_off(toy_taxonomy):
    options = replace(PairOptions(), hard_negatives=False)
    assert all(p.negative is None for p in build_training_pairs(toy_taxonomy, options))


def test_skill_pairs_are_balanced_against_every_occupation_pair(toy_taxonomy):
    def split(pairs):
        occupation = [p for p in pairs if p.concept_uri in toy_taxonomy.occupations]
        return occupation, [p for p in pairs if p.concept_uri not in toy_taxonomy.occupations]

    all_occupation, all_skill = split(
        build_training_pairs(toy_taxonomy, PairOptions(skill_ratio=None))
    )
    assert len(all_skill) > len(all_occupation) // 2 > 0  # the toy taxonomy has more to drop
    occupation, skill = split(build_training_pairs(toy_taxonomy, PairOptions(skill_ratio=0.5)))
    assert {(p.anchor, p.positive) for p in occupation} == {
        (p.anchor, p.positive) for p in all_occupation
    }
    assert len(skill) == round(0.5 * len(occupation))
    assert {(p.anchor, p.positive) for p in skill} <= {(p.anchor, p.positive) for p in all_skill}
    assert split(build_training_pairs(toy_taxonomy, PairOptions(skill_ratio=0.0)))[1] == []


def test_only_the_chosen_kinds_are_built_and_the_others_are_unchanged(toy_taxonomy):
    options = PairOptions(skill_ratio=None)
    every = build_training_pairs(toy_taxonomy, options)
    chosen = (PairKind.ALT_LABEL, PairKind.DESCRIPTION)
    some = build_training_pairs(toy_taxonomy, replace(options, kinds=chosen))
    assert {p.kind for p in some} == set(chosen)
    texts = lambda pairs: [(p.kind, p.anchor, p.positive) for p in pairs]  # noqa: E731
    assert texts(some) == texts(p for p in every if p.kind in chosen)  # negatives are redrawn


def _words(text: str) -> list[str]:
    return re.findall(r"\w[\w'-]*", text.casefold())


def test_fragment_negatives_are_generic_parts_of_the_positive(toy_taxonomy):
    options = PairOptions(skill_ratio=None, fragment_negatives=1.0, generic_word_labels=2)
    pairs = build_training_pairs(toy_taxonomy, options)
    fragments = [p for p in pairs if p.negative and count_fragment_negatives([p])]
    assert len(fragments) >= 10, len(fragments)
    frequency = Counter(
        w
        for s in toy_taxonomy.skills.values()
        for t in s.labels.preferred.values()
        for w in set(_words(t))
    )
    for pair in fragments:
        assert pair.concept_uri in toy_taxonomy.skills  # occupations keep sibling negatives
        words, whole = _words(pair.negative), _words(pair.positive)
        assert 0 < len(words) < len(whole) and pair.negative in pair.positive
        assert all(frequency[w] >= 2 for w in words if len(w) > 3), pair
        own = {
            label.text.casefold()
            for label in toy_taxonomy.get(pair.concept_uri).labels.all_labels()
        }
        assert pair.negative.casefold() not in own


def test_a_specific_word_is_never_a_fragment_negative(toy_taxonomy):
    options = PairOptions(skill_ratio=None, fragment_negatives=1.0, generic_word_labels=10_000)
    pairs = build_training_pairs(toy_taxonomy, options)
    assert count_fragment_negatives(pairs) == count_fragment_negatives(
        build_training_pairs(toy_taxonomy, PairOptions(skill_ratio=None))
    )


def test_no_fragment_negatives_leaves_the_pairs_as_they_were(toy_taxonomy):
    plain = build_training_pairs(toy_taxonomy, PairOptions(skill_ratio=None))
    half = build_training_pairs(
        toy_taxonomy, PairOptions(skill_ratio=None, fragment_negatives=0.5, generic_word_labels=2)
    )
    assert [(p.anchor, p.positive) for p in half] == [(p.anchor, p.positive) for p in plain]
    changed = [a for a, b in zip(half, plain, strict=True) if a.negative != b.negative]
    assert changed and all(a.concept_uri in toy_taxonomy.skills for a in changed)
