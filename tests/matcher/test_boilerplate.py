"""Benefits, about-us, diversity and application segments are recognised; requirements are not."""

from __future__ import annotations

import pytest

from matcher.text.boilerplate import (
    BoilerplateFilter,
    BoilerplateKind,
    rule_kind,
    section_kind,
)
from matcher.text.segmentation import segment_text
from tests.fakes import FakeEncoder


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Wij bieden een marktconform salaris en 25 vakantiedagen.", BoilerplateKind.BENEFITS),
        ("Je krijgt een goede pensioenregeling en een leaseauto.", BoilerplateKind.BENEFITS),
        ("Salaris: € 3.200 bruto per maand", BoilerplateKind.BENEFITS),
        ("We offer a competitive salary and a company car.", BoilerplateKind.BENEFITS),
        ("Wij zijn een familiebedrijf met 200 medewerkers.", BoilerplateKind.COMPANY),
        ("Our company is the market leader in Benelux logistics.", BoilerplateKind.COMPANY),
        ("Wij staan voor diversiteit en inclusie.", BoilerplateKind.DIVERSITY),
        ("We are an equal opportunity employer.", BoilerplateKind.DIVERSITY),
        ("Solliciteer direct en stuur je cv mee!", BoilerplateKind.APPLICATION),
        (
            "Acquisitie naar aanleiding van deze vacature wordt niet op prijs gesteld.",
            BoilerplateKind.APPLICATION,
        ),
    ],
)
def test_rules_recognise_boilerplate_in_dutch_and_english(text, kind):
    assert rule_kind(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        "Je hebt ervaring met Python en SQL.",
        "Kennis van pensioenregelingen is een pré.",  # a requirement about a benefit topic
        "Je verzorgt de salarisadministratie van 300 medewerkers.",
        "Drive the annual salary review including benchmarking of salary ranges.",
        "You will be required to apply your knowledge to the whole lifecycle.",
        "You shape the visual identity of our company.",
        "Je werkt samen met collega's in een klein team.",
    ],
)
def test_requirements_and_tasks_are_not_boilerplate(text):
    assert rule_kind(text) is None


def test_a_benefits_heading_marks_its_whole_section_and_other_headings_do_not():
    text = (
        "Wat ga je doen?\n• Je bedient de kassa\n• Je vult de schappen\n\n"
        "Wat wij bieden:\n• Ruimte voor persoonlijke ontwikkeling\n• Een fiets van de zaak\n\n"
        "Over jou\n• Je bent klantvriendelijk"
    )
    segments = segment_text(text)
    kinds = dict(
        zip([s.text for s in segments], BoilerplateFilter().classify(segments), strict=True)
    )
    assert kinds["Ruimte voor persoonlijke ontwikkeling"] is BoilerplateKind.BENEFITS
    assert kinds["Een fiets van de zaak"] is BoilerplateKind.BENEFITS
    assert kinds["Je bedient de kassa"] is None
    assert kinds["Je bent klantvriendelijk"] is None
    assert section_kind("Over jou") is None
    assert section_kind("Over Albert Heijn") is BoilerplateKind.COMPANY


def fitted_filter(margin: float) -> tuple[BoilerplateFilter, FakeEncoder]:
    encoder = FakeEncoder()
    flt = BoilerplateFilter(margin=margin)
    texts, _, content = flt.prototype_texts()
    return flt.fit(encoder.encode(texts), encoder.encode(content)), encoder


def test_prototypes_catch_what_the_rules_miss_unless_the_segment_names_a_skill():
    flt, encoder = fitted_filter(margin=0.1)
    # close to a diversity prototype, but no diversity keyword
    segments = segment_text("All qualified applicants will receive consideration regardless")
    assert rule_kind(segments[0].text) is None
    vectors = encoder.encode([s.text for s in segments])
    assert flt.classify(segments, vectors) == [BoilerplateKind.DIVERSITY]
    assert flt.classify(segments, vectors, protected=[True]) == [None]
    requirement = segment_text("You have experience with Java, SQL and cloud platforms.")
    assert flt.classify(requirement, encoder.encode([requirement[0].text])) == [None]


def test_an_unfitted_filter_uses_the_rules_only():
    segments = segment_text("All qualified applicants will receive consideration regardless")
    assert BoilerplateFilter().classify(segments, FakeEncoder().encode([segments[0].text])) == [
        None
    ]
