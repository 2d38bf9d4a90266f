"""Verbatim label matches on the toy taxonomy: case, accents, qualifiers, acronyms, specificity."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.skills.labels import LabelChannel, SkillLabelIndex
from matcher.skills.lexicon import SkillLexicon
from tests.esco_fixture import SKILL


@pytest.fixture(scope="module")
def index(toy_taxonomy) -> SkillLabelIndex:
    return SkillLabelIndex.build(toy_taxonomy, None, None)


def found(lexicon: SkillLexicon, index: SkillLabelIndex, text: str) -> dict[str, tuple]:
    return {index.uris[h.skill_row]: (h.label, text[h.start : h.end]) for h in lexicon.find(text)}


def test_labels_are_found_regardless_of_case_and_with_qualifiers_dropped(index):
    lexicon = SkillLexicon().fit(index)
    text = "Ervaring met PYTHON en Javascript; Computerprogrammering is een pré."
    hits = found(lexicon, index, text)
    assert hits[SKILL["python"].uri][1] == "PYTHON"  # "Python (computer programming)" → Python
    assert hits[SKILL["javascript"].uri][1] == "Javascript"
    assert hits[SKILL["computer_programming"].uri] == (
        "computerprogrammering",
        "Computerprogrammering",
    )


def test_dutch_alternative_labels_match_multiword_phrases(index):
    lexicon = SkillLexicon().fit(index)
    hits = found(lexicon, index, "Je kunt softwarefouten oplossen en logisch denken.")
    assert SKILL["debug_software"].uri in hits
    assert SKILL["think_analytically"].uri in hits
    assert hits[SKILL["think_analytically"].uri][1] == "logisch denken"


def test_acronyms_match_only_in_capitals_unless_the_text_has_none():
    uris = ("http://data.europa.eu/esco/skill/less",)
    channel = LabelChannel("en-preferred", "en", ("LESS",), np.array([0]), None)
    index = SkillLabelIndex(uris, {"en-preferred": channel})
    lexicon = SkillLexicon().fit(index)
    assert lexicon.find("Knowledge of CSS and LESS") != []
    assert lexicon.find("Less is more in our team") == []
    assert lexicon.find("css less sass") != []  # no capitals at all: lower case is all we get


def test_labels_common_in_the_background_are_less_specific(index):
    background = ["programming is everywhere"] * 300 + ["a text about Python"]
    lexicon = SkillLexicon(generic_df=200).fit(index, background)
    [generic] = [h for h in lexicon.find("programming") if h.channel == "en-alternative"]
    [python] = lexicon.find("Python")
    assert generic.specificity == 0.0
    assert 0.8 < python.specificity <= 1.0
    assert SkillLexicon().fit(index).find("Python")[0].specificity == 1.0
