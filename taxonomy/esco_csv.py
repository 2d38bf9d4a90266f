"""Load official ESCO CSV downloads (v1.1 and later, any language file set) into a Taxonomy.

Several sources (zips, folders) are merged on concept URIs: labels and descriptions per
language, relations from the relation files. ``label_sources`` add only labels and descriptions
to the concepts the main ``sources`` define (e.g. Dutch labels from another ESCO version), so
they never add concepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from taxonomy.concepts import IscoGroup, Labels, Occupation, Skill, SkillGroup
from taxonomy.errors import BadInputError
from taxonomy.esco_files import (
    LABEL_KINDS,
    EscoFile,
    FileKind,
    check_header,
    discover,
    read_columns,
)
from taxonomy.labels import clean_text, split_alt_labels
from taxonomy.skill_types import skill_type_for
from taxonomy.taxonomy import Taxonomy

ProgressCallback = Callable[[int, int], None]

# Files are read in this order: concept files define concepts and win label ties, then the
# hierarchy and the collections add to them, then the relations connect them.
_READ_ORDER = (
    FileKind.SKILLS,
    FileKind.OCCUPATIONS,
    FileKind.ISCO_GROUPS,
    FileKind.SKILL_GROUPS,
    FileKind.SKILLS_HIERARCHY,
    FileKind.SKILL_COLLECTION,
    FileKind.OCCUPATION_COLLECTION,
    FileKind.OCCUPATION_SKILL_RELATIONS,
    FileKind.BROADER_SKILL,
    FileKind.BROADER_OCCUPATION,
)

_SKILL, _OCCUPATION, _ISCO, _GROUP = "skill", "occupation", "isco_group", "skill_group"
_KIND_OF_FILE = {
    FileKind.SKILLS: _SKILL,
    FileKind.OCCUPATIONS: _OCCUPATION,
    FileKind.ISCO_GROUPS: _ISCO,
    FileKind.SKILL_GROUPS: _GROUP,
    FileKind.SKILL_COLLECTION: _SKILL,
    FileKind.OCCUPATION_COLLECTION: _OCCUPATION,
}
_VERSION = re.compile(r"v(\d+(?:\.\d+){1,2})", re.IGNORECASE)


def load_esco(
    sources: Sequence[Path],
    *,
    label_sources: Sequence[Path] = (),
    version: str | None = None,
    progress: ProgressCallback | None = None,
) -> Taxonomy:
    """Read ESCO CSV ``sources`` (plus ``label_sources`` for labels only) into a Taxonomy.

    Raises :class:`BadInputError` when the sources are not a complete ESCO CSV download
    (skills, occupations and occupation-skill relation files) or a file lacks its columns.
    ``version`` defaults to one derived from the source names, e.g. ``esco-v1.1.1+nl-v1.2``.
    """
    if not sources:
        raise BadInputError("give at least one ESCO source (a zip or folder of ESCO CSV files)")
    main_files = [discover([source]) for source in sources]
    label_files = [
        [f for f in discover([source]) if f.kind in LABEL_KINDS] for source in label_sources
    ]
    _check_complete(sources, [f for files in main_files for f in files])
    for source, files in zip(label_sources, label_files, strict=True):
        if not files:
            raise BadInputError(f"no ESCO label files (e.g. occupations_nl.csv) in {source}")
    steps = [(f, True) for f in _in_read_order(main_files)]
    steps += [(f, False) for f in _in_read_order(label_files)]
    problems = [problem for f, _ in steps if (problem := check_header(f))]
    if problems:
        raise BadInputError("not ESCO CSV files as expected: " + "; ".join(problems))

    builder = _Builder()
    if progress:
        progress(0, len(steps))
    for done, (esco_file, defines) in enumerate(steps, start=1):
        builder.read(esco_file, defines=defines)
        if progress:
            progress(done, len(steps))
    return builder.finish(
        version=version or describe_version(sources, main_files, label_sources, label_files),
        sources=[f.name for f, _ in steps],
    )


def describe_version(
    sources: Sequence[Path],
    main_files: Sequence[Sequence[EscoFile]],
    label_sources: Sequence[Path] = (),
    label_files: Sequence[Sequence[EscoFile]] = (),
) -> str:
    """A version string from source names: ``esco-v1.1.1``, ``esco-v1.1.1+nl-v1.2``, ``esco``.

    The first versioned source sets the base; any source of another version adds
    ``+<languages>-v<version>``.
    """
    entries = [
        (_version_of(path), sorted({f.lang for f in files if f.kind in LABEL_KINDS}))
        for path, files in zip([*sources, *label_sources], [*main_files, *label_files], strict=True)
    ]
    base = next((v for v, _ in entries if v), None)
    parts = [f"esco-v{base}" if base else "esco"]
    for found, langs in entries:
        part = f"{'-'.join(langs)}-v{found}"
        if found and found != base and langs and part not in parts:
            parts.append(part)
    return "+".join(parts)


def _version_of(path: Path) -> str | None:
    for name in (path.name, path.parent.name):
        match = _VERSION.search(name)
        if match:
            return match.group(1)
    return None


def _check_complete(sources: Sequence[Path], files: Sequence[EscoFile]) -> None:
    kinds = {f.kind for f in files}
    missing = []
    if FileKind.SKILLS not in kinds:
        missing.append("skills_<lang>.csv")
    if FileKind.OCCUPATIONS not in kinds:
        missing.append("occupations_<lang>.csv")
    if FileKind.OCCUPATION_SKILL_RELATIONS not in kinds:
        missing.append(
            "occupationSkillRelations.csv (ESCO v1.1 ships it in the separate relations zip; "
            "give that zip too)"
        )
    if missing:
        found = ", ".join(f.name for f in files[:6]) + (", ..." if len(files) > 6 else "")
        where = ", ".join(str(s) for s in sources)
        raise BadInputError(
            f"not a complete ESCO CSV download ({where}): missing {'; '.join(missing)}"
            + (f" (found {found})" if files else " (no ESCO CSV files found)")
        )


def _in_read_order(groups: Sequence[Sequence[EscoFile]]) -> list[EscoFile]:
    files = [f for group in groups for f in group]
    rank = {kind: i for i, kind in enumerate(_READ_ORDER)}
    return sorted(files, key=lambda f: rank[f.kind])  # stable: source order within a kind


@dataclass
class _Draft:
    """A concept while files are being merged."""

    uri: str
    kind: str
    preferred: dict[str, str] = field(default_factory=dict)
    alternative: dict[str, list[str]] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)
    broader: dict[str, None] = field(default_factory=dict)  # ordered set
    collections: set[str] = field(default_factory=set)
    essential: dict[str, None] = field(default_factory=dict)
    optional: dict[str, None] = field(default_factory=dict)

    def add_labels(self, lang: str, preferred: str, alternative: str, description: str) -> None:
        preferred = clean_text(preferred)
        if preferred and lang not in self.preferred:
            self.preferred[lang] = preferred
        alts = split_alt_labels(alternative)
        if alts:
            self.alternative.setdefault(lang, []).extend(alts)
        description = clean_text(description)
        if description and lang not in self.description:
            self.description[lang] = description

    def set_attr(self, name: str, value: str) -> None:
        value = clean_text(value)
        if value and not self.attrs.get(name):
            self.attrs[name] = value

    def labels(self) -> Labels:
        alternative: dict[str, tuple[str, ...]] = {}
        for lang, texts in self.alternative.items():
            seen = {self.preferred.get(lang, "").casefold()}
            unique = []
            for text in texts:
                if text.casefold() not in seen:
                    seen.add(text.casefold())
                    unique.append(text)
            if unique:
                alternative[lang] = tuple(unique)
        return Labels(preferred=dict(self.preferred), alternative=alternative)


class _Builder:
    """Merges ESCO files into drafts, then freezes them into a Taxonomy."""

    def __init__(self) -> None:
        self.drafts: dict[str, _Draft] = {}
        self.ignored: dict[str, int] = {}  # reason → rows

    def _count(self, reason: str, rows: int = 1) -> None:
        self.ignored[reason] = self.ignored.get(reason, 0) + rows

    def _concept(self, uri: str, kind: str, defines: bool) -> _Draft | None:
        draft = self.drafts.get(uri)
        if draft is None:
            if not defines:
                return None
            draft = self.drafts[uri] = _Draft(uri, kind)
        return draft if draft.kind == kind else None

    def _known(self, uri: str, *kinds: str) -> _Draft | None:
        draft = self.drafts.get(uri)
        return draft if draft is not None and draft.kind in kinds else None

    def read(self, esco_file: EscoFile, *, defines: bool) -> None:
        """Merge one file; ``defines`` is False for label-only sources."""
        cols = read_columns(esco_file)
        kind = esco_file.kind
        if kind is FileKind.SKILLS_HIERARCHY:
            self._read_hierarchy(cols, esco_file.lang, defines)
        elif kind is FileKind.OCCUPATION_SKILL_RELATIONS:
            self._read_occupation_skills(cols)
        elif kind is FileKind.BROADER_SKILL:
            self._read_broader(cols, (_SKILL, _GROUP), "skill pillar")
        elif kind is FileKind.BROADER_OCCUPATION:
            self._read_broader(cols, (_OCCUPATION, _ISCO), "occupation pillar")
        else:
            self._read_concepts(esco_file, cols, defines)

    def _read_concepts(
        self, esco_file: EscoFile, cols: dict[str, list[str]], defines: bool
    ) -> None:
        kind = _KIND_OF_FILE[esco_file.kind]
        is_collection = esco_file.kind in (
            FileKind.SKILL_COLLECTION,
            FileKind.OCCUPATION_COLLECTION,
        )
        # collection files never define concepts: their members must be in the concept files
        may_define = defines and not is_collection
        lang = esco_file.lang
        for i, uri in enumerate(cols["conceptUri"]):
            uri = uri.strip()
            draft = self._concept(uri, kind, may_define) if uri else None
            if draft is None:
                self._count(f"{esco_file.name}: rows for concepts not in the concept files")
                continue
            draft.add_labels(
                lang, cols["preferredLabel"][i], cols["altLabels"][i], cols["description"][i]
            )
            if not defines:
                continue
            if esco_file.kind is FileKind.SKILLS:
                draft.set_attr("esco_type", cols["skillType"][i])
                draft.set_attr("reuse_level", cols["reuseLevel"][i])
            elif esco_file.kind is FileKind.OCCUPATIONS:
                draft.set_attr("isco_code", _isco_code(cols["iscoGroup"][i]))
                draft.set_attr("code", cols["code"][i])
            elif esco_file.kind in (FileKind.ISCO_GROUPS, FileKind.SKILL_GROUPS):
                draft.set_attr("code", cols["code"][i])
            elif esco_file.kind is FileKind.SKILL_COLLECTION:
                draft.collections.add(esco_file.collection)

    def _read_hierarchy(self, cols: dict[str, list[str]], lang: str, defines: bool) -> None:
        for i in range(len(cols["Level 0 URI"])):
            parent = ""
            deepest: _Draft | None = None
            for level in range(4):
                uri = cols[f"Level {level} URI"][i].strip()
                if not uri:
                    break
                draft = self._concept(uri, _GROUP, defines)
                if draft is not None:
                    draft.add_labels(lang, cols[f"Level {level} preferred term"][i], "", "")
                    if defines:
                        draft.set_attr("code", cols[f"Level {level} code"][i])
                        if parent:
                            draft.broader[parent] = None
                deepest = draft  # the row's Description is about its deepest level
                parent = uri
            if deepest is not None:
                deepest.add_labels(lang, "", "", cols["Description"][i])

    def _read_occupation_skills(self, cols: dict[str, list[str]]) -> None:
        for occupation_uri, relation, skill_uri in zip(
            cols["occupationUri"], cols["relationType"], cols["skillUri"], strict=True
        ):
            occupation = self._known(occupation_uri.strip(), _OCCUPATION)
            skill_uri = skill_uri.strip()
            if occupation is None or self._known(skill_uri, _SKILL) is None:
                self._count("occupation-skill relations naming concepts not in the concept files")
                continue
            relation = relation.strip().casefold()
            if relation == "essential":
                occupation.essential[skill_uri] = None
            elif relation == "optional":
                occupation.optional[skill_uri] = None
            else:
                self._count(f"occupation-skill relations of unknown type {relation!r}")

    def _read_broader(self, cols: dict[str, list[str]], kinds: tuple[str, ...], what: str) -> None:
        for uri, broader in zip(cols["conceptUri"], cols["broaderUri"], strict=True):
            draft = self._known(uri.strip(), *kinds)
            broader = broader.strip()
            if draft is None or self._known(broader, *kinds) is None:
                self._count(f"broader relations ({what}) naming concepts not in the concept files")
                continue
            draft.broader[broader] = None

    def finish(self, *, version: str, sources: Sequence[str]) -> Taxonomy:
        skills: dict[str, Skill] = {}
        occupations: dict[str, Occupation] = {}
        isco_groups: dict[str, IscoGroup] = {}
        skill_groups: dict[str, SkillGroup] = {}
        isco_code_of = {
            d.uri: d.attrs.get("code", "") for d in self.drafts.values() if d.kind == _ISCO
        }
        for d in self.drafts.values():
            labels, broader = d.labels(), tuple(d.broader)
            if d.kind == _SKILL:
                esco_type = d.attrs.get("esco_type", "")
                skills[d.uri] = Skill(
                    uri=d.uri,
                    labels=labels,
                    skill_type=skill_type_for(esco_type, d.collections),
                    esco_type=esco_type,
                    reuse_level=d.attrs.get("reuse_level", ""),
                    description=dict(d.description),
                    broader=broader,
                    collections=frozenset(d.collections),
                )
            elif d.kind == _OCCUPATION:
                isco_code = d.attrs.get("isco_code") or next(
                    (isco_code_of[b] for b in broader if b in isco_code_of), ""
                )
                occupations[d.uri] = Occupation(
                    uri=d.uri,
                    labels=labels,
                    isco_code=isco_code,
                    code=d.attrs.get("code", ""),
                    description=dict(d.description),
                    essential_skills=tuple(d.essential),
                    optional_skills=tuple(u for u in d.optional if u not in d.essential),
                    broader=broader,
                )
            elif d.kind == _ISCO:
                isco_groups[d.uri] = IscoGroup(
                    uri=d.uri,
                    code=d.attrs.get("code", ""),
                    labels=labels,
                    description=dict(d.description),
                    broader=broader,
                )
            else:
                skill_groups[d.uri] = SkillGroup(
                    uri=d.uri,
                    labels=labels,
                    code=d.attrs.get("code", ""),
                    description=dict(d.description),
                    broader=broader,
                )
        notes = [f"ignored {rows:,} {reason}" for reason, rows in self.ignored.items()]
        return Taxonomy(
            skills=skills,
            occupations=occupations,
            isco_groups=isco_groups,
            skill_groups=skill_groups,
            version=version,
            sources=sources,
            notes=notes,
        )


def _isco_code(value: str) -> str:
    """``"2654"`` from ``"2654"`` or from an ISCO group URI ``…/isco/C2654``."""
    value = value.strip()
    if "/" in value:
        value = value.rsplit("/", 1)[-1].lstrip("Cc")
    return value
