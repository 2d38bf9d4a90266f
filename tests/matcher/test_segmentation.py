"""Segmentation: headings, list items and sentences, with offsets back into the text."""

from __future__ import annotations

from matcher.text.segmentation import SegmentKind, segment_text

VACANCY = """Vacature: Medewerker klantenservice

Over ons
Wij zijn een bedrijf in Utrecht. Wij helpen bijv. klanten met o.a. energie! Dat doen we al 20 jaar.

Wat ga je doen?
• Je beantwoordt vragen van klanten via telefoon en e-mail.
- Je werkt samen met het team. Je bent flexibel.
* Plannen van afspraken
1. Ervaring met Excel
2) Kennis van SQL
a) Rijbewijs B
Je hebt ruime ervaring met het
werken in een klantgerichte omgeving. J. de Vries is je contactpersoon.

Wat wij bieden:
· 25 vakantiedagen
▪ Een leaseauto"""


def test_every_segment_points_back_into_the_text():
    segments = segment_text(VACANCY)
    assert segments
    for segment in segments:
        assert VACANCY[segment.start : segment.end] == segment.text
        assert segment.text == segment.text.strip() and segment.text
    starts = [s.start for s in segments]
    assert starts == sorted(starts)


def test_list_markers_are_recognised_and_left_out():
    items = [s.text for s in segment_text(VACANCY) if s.kind is SegmentKind.LIST_ITEM]
    assert "Je beantwoordt vragen van klanten via telefoon en e-mail." in items
    assert "Plannen van afspraken" in items
    assert "Ervaring met Excel" in items
    assert "Kennis van SQL" in items
    assert "Rijbewijs B" in items
    assert "25 vakantiedagen" in items and "Een leaseauto" in items
    # a list item with two sentences is split
    assert "Je werkt samen met het team." in items and "Je bent flexibel." in items


def test_headings_and_the_sections_under_them():
    segments = segment_text(VACANCY)
    headings = {s.text: i for i, s in enumerate(segments) if s.kind is SegmentKind.HEADING}
    assert {"Over ons", "Wat ga je doen?", "Wat wij bieden:"} <= set(headings)
    leaseauto = next(s for s in segments if s.text == "Een leaseauto")
    assert leaseauto.section == headings["Wat wij bieden:"]
    excel = next(s for s in segments if s.text == "Ervaring met Excel")
    assert excel.section == headings["Wat ga je doen?"]


def test_sentences_split_but_not_after_abbreviations_or_initials():
    texts = [s.text for s in segment_text(VACANCY) if s.kind is SegmentKind.SENTENCE]
    assert "Wij helpen bijv. klanten met o.a. energie!" in texts
    assert "Dat doen we al 20 jaar." in texts
    assert "J. de Vries is je contactpersoon." in texts


def test_wrapped_lines_form_one_sentence():
    texts = [s.text for s in segment_text(VACANCY)]
    assert "Je hebt ruime ervaring met het\nwerken in een klantgerichte omgeving." in texts


def test_numbers_that_are_not_list_markers_stay_in_the_text():
    [segment] = segment_text("1.5 jaar ervaring als kok is gewenst.")
    assert segment.text == "1.5 jaar ervaring als kok is gewenst."
    assert segment.kind is SegmentKind.SENTENCE


def test_empty_text_has_no_segments():
    assert segment_text("") == []
    assert segment_text("\n \n\t\n") == []
