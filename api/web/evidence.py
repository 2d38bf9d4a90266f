"""Evidence a person can judge: the sentence of the CV a skill was found in.

The extractor keeps the span it matched ("HACCP", a short phrase); a page shows the sentence or
list item around that span instead, so the person sees *why* a skill is on their profile. Only
the sentences that carry evidence are kept, never the whole CV.
"""

from __future__ import annotations

from matcher.records import Profile, SkillSource
from matcher.text.segmentation import Segment, segment_text

#: Longest evidence sentence kept on a profile.
MAX_SENTENCE_CHARS = 300


def with_evidence_sentences(profile: Profile, text: str) -> Profile:
    """``profile`` with each CV skill's evidence widened to the sentence it occurs in."""
    segments = segment_text(text)
    skills = [
        claim.model_copy(update={"evidence": _sentence(claim.evidence, text, segments)})
        if claim.source is SkillSource.CV and claim.evidence
        else claim
        for claim in profile.skills
    ]
    return profile.model_copy(update={"skills": skills})


def _sentence(span: str, text: str, segments: list[Segment]) -> str:
    start = text.find(span)
    if start < 0:
        start = text.casefold().find(span.casefold())
    if start < 0:
        return span
    end = start + len(span)
    for segment in segments:
        if segment.start <= start and end <= segment.end:
            if segment.end - segment.start <= MAX_SENTENCE_CHARS:
                return " ".join(segment.text.split())
            return _window(text, start, end, segment)
    return span


def _window(text: str, start: int, end: int, segment: Segment) -> str:
    """The words around ``text[start:end]`` within the segment, marked with ellipses."""
    room = max(0, (MAX_SENTENCE_CHARS - (end - start)) // 2)
    left = max(segment.start, start - room)
    right = min(segment.end, end + room)
    while segment.start < left < start and not text[left - 1].isspace():
        left += 1  # do not start or end inside a word
    while end < right < segment.end and not text[right].isspace():
        right -= 1
    snippet = " ".join(text[left:right].split())
    prefix = "…" if left > segment.start else ""
    suffix = "…" if right < segment.end else ""
    return f"{prefix}{snippet}{suffix}"
