"""Text → segments (headings, list items, sentences) with character offsets into the text.

Every :class:`Segment` satisfies ``text[seg.start:seg.end] == seg.text``, so evidence found in a
segment points back into the document. Rules, in order, per line:

- a list item starts with a bullet (``•``, ``-``, ``*``, ``·``, ``▪``, ``–``, ``o``, ``✓`` ...)
  or a number or letter (``1.``, ``2)``, ``a)``); the marker is not part of the segment;
- a heading is a short line (at most :data:`MAX_HEADING_WORDS` words) that ends in ``:``; or
  that has no closing punctuation (a question mark is allowed) and is followed by a blank line,
  a list item or the end of the text; or that has no closing punctuation and is followed by a
  line starting with a capital or digit (wrapped sentences go on in lower case);
- other lines are joined into paragraphs (PDF text wraps lines mid-sentence) and split into
  sentences after ``.``, ``!`` or ``?`` followed by a capital, a digit or a quote, but not after
  common Dutch and English abbreviations ("bijv.", "o.a.", "e.g.").

Long list items are split into sentences too. Each segment knows the heading above it
(``section``), so a whole "Wat wij bieden" block can be recognised as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

#: Longest line (in words) that can be a heading.
MAX_HEADING_WORDS = 8

_BULLET = re.compile(
    r"(?:[•·▪▫◦‣⁃●○■□➢➤►▶✓✔→*+\-–—]|o(?=\s)|\(?\d{1,2}[.)](?=\s)|\(?[a-z][.)](?=\s)|"
    r"\(?[A-Z]\)(?=\s))\s*"
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])([\"'”’)]*)\s+(?=[\"'“‘(]?[A-ZÀ-ÖØ-Þ0-9•])")
_ABBREVIATIONS = frozenset(
    [
        "bijv",
        "bv",
        "o.a",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "drs",
        "ing",
        "ir",
        "prof",
        "ca",
        "incl",
        "excl",
        "max",
        "min",
        "nr",
        "no",
        "st",
        "resp",
        "evt",
        "enz",
        "m.b.t",
        "t.a.v",
        "m.u.v",
        "i.v.m",
        "z.s.m",
        "a.s",
        "jr",
        "sr",
        "dhr",
        "mevr",
        "mw",
        "tel",
        "e.d",
        "o.b.v",
        "vgl",
        "approx",
        "dept",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "okt",
        "nov",
        "dec",
    ]
)
_LAST_WORD = re.compile(r"(\S+)\.$")
_CLOSING_PUNCTUATION = ".!?;,…"


class SegmentKind(StrEnum):
    HEADING = "heading"
    LIST_ITEM = "list_item"
    SENTENCE = "sentence"


@dataclass(frozen=True)
class Segment:
    """A piece of text: ``text == document[start:end]``."""

    text: str
    start: int
    end: int
    kind: SegmentKind
    #: Index (in the segment list) of the heading this segment falls under, or -1.
    section: int = -1


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # stripped bounds of the content (after a list marker)
    is_item: bool
    blank: bool


def segment_text(text: str) -> list[Segment]:
    """Headings, list items and sentences of ``text`` in reading order, with offsets."""
    lines = _lines(text)
    segments: list[Segment] = []
    section = -1
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        if line.is_item:
            for start, end in _sentences(text, line.start, line.end):
                segments.append(
                    Segment(text[start:end], start, end, SegmentKind.LIST_ITEM, section)
                )
            i += 1
            continue
        if _is_heading(text, lines, i):
            section = len(segments)
            segments.append(
                Segment(text[line.start : line.end], line.start, line.end, SegmentKind.HEADING)
            )
            i += 1
            continue
        # a paragraph: consecutive plain lines that are neither items nor headings
        j = i
        while (
            j + 1 < len(lines)
            and not lines[j + 1].blank
            and not lines[j + 1].is_item
            and not _is_heading(text, lines, j + 1)
        ):
            j += 1
        for start, end in _sentences(text, line.start, lines[j].end):
            segments.append(Segment(text[start:end], start, end, SegmentKind.SENTENCE, section))
        i = j + 1
    return segments


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        line_start, line_end = pos, pos + len(raw)
        pos = line_end + 1
        content = raw.strip()
        if not content:
            out.append(_Line(line_start, line_end, False, True))
            continue
        start = line_start + (len(raw) - len(raw.lstrip()))
        end = line_start + len(raw.rstrip())
        marker = _BULLET.match(text, start, end)
        is_item = bool(marker) and marker.end() < end
        if is_item:
            start = marker.end()
        out.append(_Line(start, end, is_item, False))
    return out


def _is_heading(text: str, lines: list[_Line], i: int) -> bool:
    line = lines[i]
    content = text[line.start : line.end]
    if len(content.split()) > MAX_HEADING_WORDS or not any(ch.isalpha() for ch in content):
        return False
    if content.endswith(":"):
        return True
    if content[-1] in _CLOSING_PUNCTUATION and not content.endswith("?"):
        return False
    following = lines[i + 1] if i + 1 < len(lines) else None
    if following is None or following.blank or following.is_item:
        return True
    # a wrapped sentence continues in lower case; a heading is followed by a new sentence
    first = text[following.start]
    return not content.endswith("?") and (first.isupper() or first.isdigit())


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence bounds within ``text[start:end]`` (stripped, never empty)."""
    bounds: list[tuple[int, int]] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        last = _LAST_WORD.search(text[begin : match.start()])
        if last and last.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if last and len(last.group(1)) == 1 and last.group(1).isalpha():
            continue  # an initial ("J. de Vries")
        bounds.append((begin, match.end(1)))
        begin = match.end()
    bounds.append((begin, end))
    out = []
    for s, e in bounds:
        chunk = text[s:e]
        s2 = s + (len(chunk) - len(chunk.lstrip()))
        e2 = s + len(chunk.rstrip())
        if e2 > s2:
            out.append((s2, e2))
    return out
