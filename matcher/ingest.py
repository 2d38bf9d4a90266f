"""Text → records: a CV becomes a :class:`Profile`, a vacancy text a :class:`Vacancy`.

Both run the :class:`matcher.skills.extraction.SkillExtractor` once and keep, per skill, the
calibrated score and the evidence span (the label found verbatim, else the phrase that matched).

Profiles (:func:`profile_from_text`): every extracted skill is a ``SkillClaim(source="cv")``.
The current occupation is guessed from the CV's title-like lines (the same lines the extractor
feeds its occupation prior: headings and lines of at most ``MAX_TITLE_WORDS`` words, not
boilerplate) and set only when the occupation search is confident: its best hit scores at least
:data:`CV_OCCUPATION_MIN_SCORE` (the extractor's own prior threshold). The first such line wins
(a CV names the current job first). The CV text itself is not kept unless asked (personal data).

Vacancies (:func:`vacancy_from_text`): each extracted skill is essential or optional by a small
rule, first match wins:

1. its sentence, or the heading it falls under, says "nice to have" (``pré``, ``pluspunt``, ``bij
   voorkeur``, ``nice to have``, ``preferred``, ``bonus``, ...) → optional;
2. its sentence or heading says it is required (``vereist``, ``eisen``, ``verplicht``, ``wat
   vragen wij``, ``must``, ``required``, ``requirements``, ...) → essential;
3. otherwise its score: at least :data:`ESSENTIAL_MIN_SCORE` → essential, else optional.

A vacancy without an occupation gets one from its title (:func:`link_occupation`): the best
occupation-search hit when it scores at least :data:`LINK_MIN_SCORE`, else none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.records import Profile, SkillClaim, SkillRequirement, SkillSource, Vacancy
from matcher.search.occupation_search import OccupationSearch
from matcher.skills.extraction import (
    MAX_TITLE_WORDS,
    MAX_TITLES,
    ExtractedSkill,
    ExtractionResult,
    SkillExtractor,
)
from matcher.skills.ranking import OCCUPATION_PRIOR_MIN_SCORE
from matcher.text.segmentation import Segment, SegmentKind
from taxonomy.errors import BadInputError

#: A CV line must find an occupation with at least this search score to set the current one.
CV_OCCUPATION_MIN_SCORE = OCCUPATION_PRIOR_MIN_SCORE
#: A vacancy title links to its best occupation hit when that scores at least this.
LINK_MIN_SCORE = 0.5
#: Without a heading or wording that says otherwise, a vacancy skill this sure is essential.
ESSENTIAL_MIN_SCORE = 0.8
#: Limits of the record schema.
MAX_PROFILE_SKILLS = 500
MAX_VACANCY_SKILLS = 300
MAX_EVIDENCE_CHARS = 2000

_OPTIONAL = re.compile(
    r"\b(pré|pre|pluspunt\w*|bij voorkeur|gewenst|een plus|is een plus|nice[- ]to[- ]have|"
    r"preferred|preferably|bonus|desirable|optional|optioneel|strekt tot aanbeveling)\b",
    re.IGNORECASE,
)
_REQUIRED = re.compile(
    r"\b(vereist\w*|vereisten|eisen|functie-?eisen|verplicht\w*|noodzakelijk|"
    r"wat vragen wij|wat wij vragen|wie ben jij|wie zoeken wij|je beschikt over|must|"
    r"must[- ]have|required|requirements|qualifications|essential)\b",
    re.IGNORECASE,
)


def profile_from_text(
    text: str,
    extractor: SkillExtractor,
    *,
    profile_id: str | None = None,
    occupation_search: OccupationSearch | None = None,
    keep_text: bool = False,
    result: ExtractionResult | None = None,
) -> Profile:
    """A profile with the CV's skills (``source="cv"``, score, evidence) and, when confident,
    its current occupation. ``occupation_search`` defaults to the extractor's own (its ranker's
    occupation prior); without either, no occupation is guessed. ``result`` skips extraction
    (it must be ``extractor.extract(text)``)."""
    result = result if result is not None else extractor.extract(text)
    search = occupation_search or getattr(extractor.ranker_, "occupations_", None)
    skills = [
        SkillClaim(
            uri=s.uri,
            source=SkillSource.CV,
            score=_unit(s.score),
            evidence=_evidence(s),
        )
        for s in result.skills[:MAX_PROFILE_SKILLS]
    ]
    occupation = guess_occupation(result, search) if search is not None else None
    return Profile(
        id=profile_id,
        skills=skills,
        current_occupations=[occupation] if occupation else [],
        cv_text=text if keep_text else None,
    )


def guess_occupation(
    result: ExtractionResult,
    occupation_search: OccupationSearch,
    min_score: float = CV_OCCUPATION_MIN_SCORE,
) -> str | None:
    """The occupation the first confidently recognised title-like line names, or None."""
    titles = title_lines(result)
    if not titles:
        return None
    for hits in occupation_search.search(titles, top=1):
        if hits and hits[0].score >= min_score:
            return hits[0].uri
    return None


def title_lines(result: ExtractionResult) -> list[str]:
    """Headings and short lines that were not skipped as boilerplate, in order (at most
    ``MAX_TITLES``): the lines the extractor's occupation prior looks at."""
    skipped = {(s.segment.start, s.segment.end) for s in result.skipped}
    return [
        s.text
        for s in result.segments
        if (s.start, s.end) not in skipped
        and (s.kind is SegmentKind.HEADING or len(s.text.split()) <= MAX_TITLE_WORDS)
    ][:MAX_TITLES]


def vacancy_from_text(
    title: str,
    text: str,
    extractor: SkillExtractor,
    occupation_search: OccupationSearch | None = None,
    *,
    vacancy_id: str | None = None,
    occupation: str | None = None,
    result: ExtractionResult | None = None,
) -> Vacancy:
    """A vacancy with the text's skills split into essential and optional (module docstring);
    its occupation is ``occupation`` or, when None, linked from the title."""
    if not title.strip():  # checked before the extraction; Vacancy strips it to nothing
        raise BadInputError("a vacancy needs a title (it is empty or only whitespace)")
    result = result if result is not None else extractor.extract(text)
    essential: list[SkillRequirement] = []
    optional: list[SkillRequirement] = []
    for skill in result.skills:
        requirement = SkillRequirement(
            uri=skill.uri, source=SkillSource.TEXT, score=_unit(skill.score),
            evidence=_evidence(skill),
        )  # fmt: skip
        target = essential if is_essential(skill, result.segments) else optional
        if len(target) < MAX_VACANCY_SKILLS:
            target.append(requirement)
    vacancy = Vacancy(
        id=vacancy_id,
        title=title,
        occupation=occupation,
        text=text,
        essential_skills=essential,
        optional_skills=optional,
    )
    if occupation is None:
        search = occupation_search or getattr(extractor.ranker_, "occupations_", None)
        if search is not None:
            vacancy = link_occupation(vacancy, search)
    return vacancy


def is_essential(
    skill: ExtractedSkill, segments: Sequence[Segment], min_score: float = ESSENTIAL_MIN_SCORE
) -> bool:
    """The essential/optional rule of the module docstring for one extracted skill."""
    segment = next(
        (s for s in segments if s.start == skill.segment.start and s.end == skill.segment.end),
        None,
    )
    texts = [skill.segment.text]
    if segment is not None and 0 <= segment.section < len(segments):
        texts.append(segments[segment.section].text)
    if any(_OPTIONAL.search(t) for t in texts):
        return False
    if any(_REQUIRED.search(t) for t in texts):
        return True
    return skill.score >= min_score


def link_occupation(
    vacancy: Vacancy, occupation_search: OccupationSearch, min_score: float = LINK_MIN_SCORE
) -> Vacancy:
    """``vacancy`` with the occupation its title names (unchanged when it has one, or when the
    search finds nothing scoring at least ``min_score``)."""
    if vacancy.occupation is not None:
        return vacancy
    (hits,) = occupation_search.search([vacancy.title[:300]], top=1)
    if not hits or hits[0].score < min_score:
        return vacancy
    return vacancy.model_copy(update={"occupation": hits[0].uri})


def _evidence(skill: ExtractedSkill) -> str:
    return (skill.evidence.text or skill.segment.text)[:MAX_EVIDENCE_CHARS]


def _unit(score: float) -> float:
    return min(1.0, max(0.0, round(float(score), 6)))
