"""User-supplied training catalogues: which courses teach which ESCO skills.

The product ships no course data, only a clearly labelled fictitious example
(docs/examples/training_catalogue.example.csv). Format: CSV or JSON with course, provider, kind,
skills (ESCO URIs or exact labels in any language, ``;`` or ``|`` separated in CSV), hours and
an optional region. Skills are resolved against the active taxonomy; an unknown skill is an
error that names the course and the skill, never silently dropped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from matcher.user_files import read_user_text
from taxonomy.concepts import SKILL_PREFIX
from taxonomy.errors import BadInputError
from taxonomy.taxonomy import Taxonomy

MAX_CATALOGUE_BYTES = 20 * 1024 * 1024
_SPLIT = re.compile(r"\s*[;|]\s*")


@dataclass(frozen=True)
class Course:
    """One training offer and the skills it teaches."""

    title: str
    provider: str
    kind: str
    skills: tuple[str, ...]  # ESCO skill URIs
    hours: float
    region: str | None = None


class TrainingCatalogue:
    """Courses indexed by the skills they teach."""

    def __init__(self, courses: list[Course], source: str = "") -> None:
        self.courses = courses
        self.source = source
        self._by_skill: dict[str, list[Course]] = {}
        for course in courses:
            for uri in course.skills:
                self._by_skill.setdefault(uri, []).append(course)

    def courses_for(self, skill_uri: str, region: str | None = None) -> list[Course]:
        """Courses teaching a skill (in ``region`` or region-free), fewest hours first."""
        found = [
            c
            for c in self._by_skill.get(skill_uri, [])
            if region is None or c.region is None or c.region.casefold() == region.casefold()
        ]
        return sorted(found, key=lambda c: (c.hours, c.title))

    @classmethod
    def load(cls, path: Path, taxonomy: Taxonomy) -> TrainingCatalogue:
        text = read_user_text(path, "training catalogue", MAX_CATALOGUE_BYTES)
        if path.suffix.lower() == ".json":
            return cls.from_json(text, taxonomy, source=str(path))
        return cls.from_csv(text, taxonomy, source=str(path))

    @classmethod
    def from_json(cls, text: str, taxonomy: Taxonomy, source: str = "") -> TrainingCatalogue:
        try:
            items = json.loads(text)
        except json.JSONDecodeError as err:
            raise BadInputError(f"training catalogue is not valid JSON: {err}") from None
        if not isinstance(items, list):
            raise BadInputError("training catalogue JSON must be a list of courses")
        rows = []
        for item in items:
            if not isinstance(item, dict):
                raise BadInputError("every course in the catalogue must be a JSON object")
            skills = item.get("skills", [])
            if isinstance(skills, str):
                skills = _SPLIT.split(skills)
            rows.append({**item, "skills": skills})
        return cls(_courses(rows, taxonomy), source)

    @classmethod
    def from_csv(cls, text: str, taxonomy: Taxonomy, source: str = "") -> TrainingCatalogue:
        reader = csv.DictReader(io.StringIO(text))
        rows = [
            {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader
        ]
        for row in rows:
            row["skills"] = [s for s in _SPLIT.split(row.get("skills", "")) if s]
        return cls(_courses(rows, taxonomy), source)


def _courses(rows: list[dict], taxonomy: Taxonomy) -> list[Course]:
    if not rows:
        raise BadInputError("training catalogue has no courses")
    labels = _label_index(taxonomy)
    courses = []
    for n, row in enumerate(rows, start=1):
        title = str(row.get("course") or "").strip()
        if not title:
            raise BadInputError(f"course {n} in the catalogue has no name ('course')")
        try:
            hours = float(str(row.get("hours", "")).replace(",", "."))
        except ValueError:
            raise BadInputError(f"course {title!r}: hours must be a number") from None
        if not 0 < hours <= 10_000:
            raise BadInputError(f"course {title!r}: hours must be between 0 and 10000")
        uris = []
        for skill in row.get("skills") or []:
            skill = str(skill).strip()
            uri = skill if skill.startswith(SKILL_PREFIX) else labels.get(skill.casefold())
            if uri is None or uri not in taxonomy.skills:
                raise BadInputError(f"course {title!r}: unknown skill {skill!r}")
            uris.append(uri)
        if not uris:
            raise BadInputError(f"course {title!r} teaches no skills")
        courses.append(
            Course(
                title=title,
                provider=str(row.get("provider") or "").strip(),
                kind=str(row.get("kind") or "").strip(),
                skills=tuple(dict.fromkeys(uris)),
                hours=hours,
                region=str(row.get("region") or "").strip() or None,
            )
        )
    return courses


def _label_index(taxonomy: Taxonomy) -> dict[str, str]:
    """Casefolded label → skill URI, preferred labels winning over alternative ones."""
    index: dict[str, str] = {}
    for uri, skill in taxonomy.skills.items():
        for label in skill.labels.all_labels():
            index.setdefault(label.text.casefold(), uri)
    for uri, skill in taxonomy.skills.items():
        for text in skill.labels.preferred.values():
            index[text.casefold()] = uri
    return index
