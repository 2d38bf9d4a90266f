"""Segments that must not yield skills: benefits, about-us blurbs, diversity and application text.

"Wij bieden een goed salaris en een leaseauto", "Wij staan voor diversiteit", "Solliciteer
vóór 1 mei" and "We are an equal opportunity employer" mention things the embedding model
happily maps onto skills (negotiate salaries, drive vehicles, promote inclusion, ...). Two
signals decide, and either suffices:

1. **Rules**: Dutch and English keyword patterns per category (:data:`RULES`). A heading that
   matches ("Wat wij bieden", "Over ons", "Arbeidsvoorwaarden") marks its whole section.
2. **Prototypes**: the segment's embedding is compared with a few example sentences per
   category and with examples of real requirements and tasks (:data:`PROTOTYPES`,
   :data:`CONTENT_PROTOTYPES`). A segment is boilerplate when its best boilerplate cosine beats
   its best content cosine by at least ``margin`` and it does not name a specific skill
   verbatim (the caller says which segments do). The default margin,
   :data:`DEFAULT_PROTOTYPE_MARGIN`, was calibrated on the segments of TECH and HOUSE
   validation sentences that carry gold skills and name no specific skill verbatim (91 of
   139): it is the smallest margin at which at most :data:`MAX_DROPPED_SKILL_SENTENCES` of them
   would be skipped (``bench/skill_extraction.py --calibrate`` recomputes it). The rules flag
   none of the 139.

The filter is deliberately conservative: skipping a requirement loses skills for good, while a
blurb that slips through still has to pass the extraction threshold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

import numpy as np

from matcher.text.segmentation import Segment, SegmentKind


class BoilerplateKind(StrEnum):
    BENEFITS = "benefits"  # arbeidsvoorwaarden: salary, holidays, pension, lease car
    COMPANY = "company"  # over ons: who the employer is
    DIVERSITY = "diversity"  # diversity, inclusion, equal opportunity statements
    APPLICATION = "application"  # how to apply, contact, recruitment agencies, privacy


_FLAGS = re.IGNORECASE | re.UNICODE

#: Keyword rules per kind (Dutch and English). Word boundaries keep "salaris" from matching
#: "salarisadministratie" (a skill).
RULES: dict[BoilerplateKind, re.Pattern[str]] = {
    BoilerplateKind.BENEFITS: re.compile(
        r"\b(?:wij bieden|we bieden|wat (?:wij|we) (?:je |jou )?bieden|wat bieden (?:wij|we)|"
        r"(?:goed|marktconform|uitstekend|aantrekkelijk|passend|bruto) salaris|"
        r"salarisschaal|salarisindicatie|vakantiedagen|vakantiegeld|"
        r"dertiende maand|13e maand|eindejaarsuitkering|reiskostenvergoeding|leaseauto|"
        r"lease-auto|auto van de zaak|thuiswerkvergoeding|fietsplan|bonusregeling|"
        r"winstdeling|goede pensioenregeling|arbeidsvoorwaarden|secundaire voorwaarden|"
        r"opleidingsbudget|vaste aanstelling|contract voor (?:onbepaalde|bepaalde) tijd|"
        r"we offer|what we offer|we provide you|competitive (?:salary|compensation|pay)|"
        r"holiday allowance|paid (?:leave|time off)|vacation days|days of (?:paid )?holiday|"
        r"company car|lease car|health insurance|stock options|benefits package|"
        r"travel allowance|training budget)\b",
        _FLAGS,
    ),
    BoilerplateKind.COMPANY: re.compile(
        r"\b(?:over ons|wie zijn (?:wij|we)|over het bedrijf|over de organisatie|"
        r"wij zijn (?:een|de|het)\b.*\b(?:bedrijf|organisatie|onderneming|marktleider|"
        r"werkgever|familiebedrijf|speler)|onze organisatie (?:is|heeft|telt|werkt)|"
        r"ons bedrijf (?:is|heeft|telt|bestaat)|opgericht in|marktleider|"
        r"about us|who we are|our company (?:is|has|was)|our mission is|"
        r"we are a (?:leading|global|fast[- ]growing|young|dynamic)|founded in|"
        r"market leader|headquartered in|with offices in)\b",
        _FLAGS,
    ),
    BoilerplateKind.DIVERSITY: re.compile(
        r"\b(?:diversiteit|inclusie|inclusief werkgeverschap|inclusieve organisatie|"
        r"gelijke kansen|ongeacht (?:je |jouw )?(?:leeftijd|geslacht|afkomst|achtergrond)|"
        r"diversity|inclusion|inclusive (?:workplace|employer|culture)|"
        r"equal (?:opportunit(?:y|ies)|employment)|regardless of (?:race|gender|age)|"
        r"without regard to)\b",
        _FLAGS,
    ),
    BoilerplateKind.APPLICATION: re.compile(
        r"\b(?:solliciteer|sollicitatiebrief|sollicitatieprocedure|stuur (?:je|jouw|uw) cv|"
        r"reageer (?:direct|nu|voor)|meer informatie\b.*\b(?:bel|mail|contact)|"
        r"neem (?:dan )?contact op|acquisitie|privacyverklaring|"
        r"vragen over (?:deze|de) (?:vacature|functie)|"
        r"questions about (?:this|the) (?:vacancy|position|role|job)|"
        r"apply (?:now|today|online|here|via)|send (?:your|us your) (?:cv|resume)|"
        r"application process|recruitment agencies|for more information)\b",
        _FLAGS,
    ),
}

#: Words that are benefits only in a benefits context: a short segment ("Salaris: € 3.000")
#: or one that offers ("je krijgt een goed salaris"). "Drive the annual salary review" is HR
#: work, not a benefit.
WEAK_BENEFITS = re.compile(
    r"\b(?:salaris|salary|pensioen\w*|pension\w*|cao|bonus|benefits)\b", _FLAGS
)
OFFER_CONTEXT = re.compile(
    r"(?:\b(?:bieden|biedt|krijg\w*|ontvang\w*|offer\w*|receive|get|provide[sd]?|"
    r"bruto|per (?:maand|jaar|month|year|uur|hour)|euro|eur)\b|€|\$)",
    _FLAGS,
)
#: Longest segment (words) in which a weak benefits word suffices.
SHORT_SEGMENT_WORDS = 8

#: Example sentences per kind (the prototype signal).
PROTOTYPES: dict[BoilerplateKind, tuple[str, ...]] = {
    BoilerplateKind.BENEFITS: (
        "Wij bieden een marktconform salaris, 25 vakantiedagen en een goede pensioenregeling.",
        "Je krijgt een leaseauto, een laptop en een telefoon van de zaak.",
        "Een vast contract met uitstekende secundaire arbeidsvoorwaarden.",
        "We offer a competitive salary, a pension plan and 25 days of paid holiday.",
        "You will receive a company car, a laptop and a generous travel allowance.",
    ),
    BoilerplateKind.COMPANY: (
        "Wij zijn een snelgroeiend familiebedrijf met vestigingen in heel Nederland.",
        "Ons bedrijf is al meer dan vijftig jaar marktleider in de regio.",
        "We are a leading global company with offices in more than thirty countries.",
        "Founded in 1998, our company has grown into a market leader in its field.",
    ),
    BoilerplateKind.DIVERSITY: (
        "Wij staan voor diversiteit en inclusie en verwelkomen iedereen.",
        "Iedereen is welkom, ongeacht leeftijd, geslacht, afkomst of achtergrond.",
        "We are an equal opportunity employer and value diversity at our company.",
        "All qualified applicants will receive consideration regardless of race or gender.",
    ),
    BoilerplateKind.APPLICATION: (
        "Solliciteer direct via de knop hieronder en stuur je cv en motivatiebrief mee.",
        "Voor meer informatie kun je contact opnemen met onze recruiter.",
        "Acquisitie naar aanleiding van deze vacature wordt niet op prijs gesteld.",
        "Apply now by sending your CV and cover letter to our recruitment team.",
        "For more information about this position please contact our HR department.",
    ),
}

#: Example requirements and tasks: what a segment is when it is not boilerplate.
CONTENT_PROTOTYPES: tuple[str, ...] = (
    "Je hebt ervaring met het aansturen van een team en het plannen van werkzaamheden.",
    "Je bent verantwoordelijk voor het onderhoud van de machines.",
    "Kennis van boekhouding en Excel is een pré.",
    "Je bent klantvriendelijk, flexibel en werkt graag samen.",
    "Je beschikt over een rijbewijs B en een mbo-diploma.",
    "You have experience with Java, SQL and cloud platforms.",
    "You will be responsible for designing and testing software.",
    "Strong communication skills and the ability to work in a team.",
    "Bachelor's degree in engineering or a related field.",
    "Provide care to patients and administer medication.",
)

#: Calibrated on TECH + HOUSE validation (see the module docstring); cosine difference.
DEFAULT_PROTOTYPE_MARGIN = 0.0124
#: Share of gold-skill sentences the calibrated margin may skip.
MAX_DROPPED_SKILL_SENTENCES = 0.02

# A heading only marks its section for benefits/company/diversity/application headings.
_SECTION_HEADING = re.compile(
    r"^\W*(?:wat (?:wij|we) (?:je |jou )?bieden|wat bieden (?:wij|we)|wij bieden|we bieden|"
    r"arbeidsvoorwaarden|over ons|over (?!jou\b|je\b|jij\b|de\b|het\b)\w+(?: \w+){0,2}|"
    r"wie zijn (?:wij|we)|solliciteren|sollicitatie|contact(?:gegevens)?|interesse\??|"
    r"what we offer|we offer|benefits|perks|about us|about (?!you\b|the\b)\w+(?: \w+){0,2}|"
    r"who we are|how to apply|apply|contact|diversity(?: and inclusion)?|"
    r"diversiteit(?: en inclusie)?)\W*$",
    _FLAGS,
)
_SECTION_KIND: tuple[tuple[re.Pattern[str], BoilerplateKind], ...] = (
    (re.compile(r"bied|offer|benefit|perk|voorwaarden", _FLAGS), BoilerplateKind.BENEFITS),
    (re.compile(r"diversit|inclus", _FLAGS), BoilerplateKind.DIVERSITY),
    (re.compile(r"sollicit|apply|contact|interesse", _FLAGS), BoilerplateKind.APPLICATION),
)


#: A segment that asks for knowledge or experience is a requirement even when it names a
#: boilerplate topic ("Kennis van pensioenregelingen", "experience with diversity programmes").
REQUIREMENT_CUE = re.compile(
    r"\b(?:ervaring (?:met|in)|kennis van|affiniteit met|bekend met|"
    r"experience (?:with|in)|knowledge of|familiar(?:ity)? with|proficien(?:t|cy) in)\b",
    _FLAGS,
)


def rule_kind(text: str) -> BoilerplateKind | None:
    """The first boilerplate kind whose keyword rule matches ``text`` (None for a segment with
    a requirement cue)."""
    if REQUIREMENT_CUE.search(text):
        return None
    for kind, pattern in RULES.items():
        if pattern.search(text):
            return kind
    if WEAK_BENEFITS.search(text) and (
        len(text.split()) <= SHORT_SEGMENT_WORDS or OFFER_CONTEXT.search(text)
    ):
        return BoilerplateKind.BENEFITS
    return None


def section_kind(heading: str) -> BoilerplateKind | None:
    """The kind a heading gives its whole section ("Wat wij bieden:" → benefits)."""
    if not _SECTION_HEADING.match(heading.strip()):
        return None
    for pattern, kind in _SECTION_KIND:
        if pattern.search(heading):
            return kind
    return BoilerplateKind.COMPANY


class BoilerplateFilter:
    """Marks segments that must not yield skills (rules, section headings, prototypes).

    ``fit(prototype_vectors, content_vectors)`` stores the prototype embeddings; without it the
    filter uses the rules only.
    """

    def __init__(self, margin: float = DEFAULT_PROTOTYPE_MARGIN, use_sections: bool = True) -> None:
        self.margin = margin
        self.use_sections = use_sections

    @staticmethod
    def prototype_texts() -> tuple[list[str], list[BoilerplateKind], list[str]]:
        """Boilerplate prototypes, their kinds, and the content prototypes (to embed)."""
        texts, kinds = [], []
        for kind, examples in PROTOTYPES.items():
            texts.extend(examples)
            kinds.extend([kind] * len(examples))
        return texts, kinds, list(CONTENT_PROTOTYPES)

    def fit(self, prototype_vectors: np.ndarray, content_vectors: np.ndarray) -> BoilerplateFilter:
        texts, kinds, content = self.prototype_texts()
        if len(prototype_vectors) != len(texts) or len(content_vectors) != len(content):
            raise ValueError("prototype vectors do not match the prototype texts")
        self.prototype_vectors_ = np.asarray(prototype_vectors, dtype=np.float32)
        self.prototype_kinds_ = tuple(kinds)
        self.content_vectors_ = np.asarray(content_vectors, dtype=np.float32)
        return self

    def prototype_margins(self, vectors: np.ndarray) -> tuple[np.ndarray, list[BoilerplateKind]]:
        """Best boilerplate cosine minus best content cosine per vector, and the best kind."""
        boiler = vectors @ self.prototype_vectors_.T
        content = vectors @ self.content_vectors_.T
        best = boiler.argmax(axis=1)
        margins = boiler.max(axis=1) - content.max(axis=1)
        return margins, [self.prototype_kinds_[i] for i in best]

    def classify(
        self,
        segments: Sequence[Segment],
        vectors: np.ndarray | None = None,
        protected: Sequence[bool] | None = None,
    ) -> list[BoilerplateKind | None]:
        """The boilerplate kind of each segment, or None for a segment that may yield skills.

        ``vectors`` (segment embeddings, row i ↔ segment i) enable the prototype signal when
        the filter is fitted. ``protected`` segments (e.g. ones naming a specific skill
        verbatim: "Danish and Swedish are an advantage because of our customers") are never
        skipped on the prototype signal alone.
        """
        out: list[BoilerplateKind | None] = [rule_kind(s.text) for s in segments]
        if self.use_sections:
            for i, segment in enumerate(segments):
                if segment.kind is SegmentKind.HEADING:
                    kind = section_kind(segment.text)
                    if kind is not None:
                        out[i] = kind
            for i, segment in enumerate(segments):
                if out[i] is None and segment.section >= 0:
                    heading = segments[segment.section]
                    out[i] = section_kind(heading.text)
        if vectors is not None and hasattr(self, "prototype_vectors_") and len(segments):
            margins, kinds = self.prototype_margins(vectors)
            for i in range(len(segments)):
                if protected is not None and protected[i]:
                    continue
                if out[i] is None and margins[i] >= self.margin:
                    out[i] = kinds[i]
        return out
