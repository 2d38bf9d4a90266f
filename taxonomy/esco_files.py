"""Finding and reading the CSV files of official ESCO downloads (zips, folders, single files).

An ESCO CSV download names its files ``<base>_<lang>.csv`` (``skills_en.csv``,
``transversalSkillsCollection_nl.csv``); relation files have no language suffix in v1.1
(``occupationSkillRelations.csv``) and one in v1.2 (``occupationSkillRelations_nl.csv``). This
module only knows file names, kinds and headers; what the rows mean is ``esco_csv``'s job.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

import pandas as pd

from taxonomy.errors import BadInputError


class FileKind(StrEnum):
    """The ESCO CSV files this package reads."""

    SKILLS = "skills"
    OCCUPATIONS = "occupations"
    ISCO_GROUPS = "ISCOGroups"
    SKILL_GROUPS = "skillGroups"
    SKILLS_HIERARCHY = "skillsHierarchy"
    SKILL_COLLECTION = "SkillsCollection"
    OCCUPATION_COLLECTION = "OccupationsCollection"
    OCCUPATION_SKILL_RELATIONS = "occupationSkillRelations"
    BROADER_SKILL = "broaderRelationsSkillPillar"
    BROADER_OCCUPATION = "broaderRelationsOccPillar"


#: Kinds whose rows carry labels in the file's language (the suffix is then required).
LABEL_KINDS = frozenset(
    {
        FileKind.SKILLS,
        FileKind.OCCUPATIONS,
        FileKind.ISCO_GROUPS,
        FileKind.SKILL_GROUPS,
        FileKind.SKILLS_HIERARCHY,
        FileKind.SKILL_COLLECTION,
        FileKind.OCCUPATION_COLLECTION,
    }
)

#: Columns each kind must have; others are optional and read when present.
REQUIRED_COLUMNS: dict[FileKind, tuple[str, ...]] = {
    FileKind.SKILLS: ("conceptUri", "preferredLabel"),
    FileKind.OCCUPATIONS: ("conceptUri", "preferredLabel"),
    FileKind.ISCO_GROUPS: ("conceptUri", "code", "preferredLabel"),
    FileKind.SKILL_GROUPS: ("conceptUri", "preferredLabel"),
    FileKind.SKILLS_HIERARCHY: ("Level 0 URI", "Level 0 preferred term"),
    FileKind.SKILL_COLLECTION: ("conceptUri", "preferredLabel"),
    FileKind.OCCUPATION_COLLECTION: ("conceptUri", "preferredLabel"),
    FileKind.OCCUPATION_SKILL_RELATIONS: ("occupationUri", "relationType", "skillUri"),
    FileKind.BROADER_SKILL: ("conceptUri", "broaderUri"),
    FileKind.BROADER_OCCUPATION: ("conceptUri", "broaderUri"),
}

_LABEL_COLUMNS = ("conceptUri", "preferredLabel", "altLabels", "description")
_HIERARCHY_COLUMNS = (
    *(f"Level {level} {what}" for level in range(4) for what in ("URI", "preferred term", "code")),
    "Description",
)

#: Every column read per kind (required + optional).
WANTED_COLUMNS: dict[FileKind, tuple[str, ...]] = {
    FileKind.SKILLS: (*_LABEL_COLUMNS, "skillType", "reuseLevel"),
    FileKind.OCCUPATIONS: (*_LABEL_COLUMNS, "iscoGroup", "code"),
    FileKind.ISCO_GROUPS: (*_LABEL_COLUMNS, "code"),
    FileKind.SKILL_GROUPS: (*_LABEL_COLUMNS, "code"),
    FileKind.SKILLS_HIERARCHY: _HIERARCHY_COLUMNS,
    FileKind.SKILL_COLLECTION: _LABEL_COLUMNS,
    FileKind.OCCUPATION_COLLECTION: _LABEL_COLUMNS,
    FileKind.OCCUPATION_SKILL_RELATIONS: ("occupationUri", "relationType", "skillUri"),
    FileKind.BROADER_SKILL: ("conceptUri", "broaderUri"),
    FileKind.BROADER_OCCUPATION: ("conceptUri", "broaderUri"),
}

_NAME = re.compile(r"^(?P<base>[A-Za-z]+?)(?:_(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?))?$")


@dataclass(frozen=True)
class EscoFile:
    """One ESCO CSV file inside a source (a folder, a zip, or the file itself)."""

    source: Path  # the folder, zip or CSV file the user gave
    member: str  # path inside the zip or folder ("" for a single CSV file)
    kind: FileKind
    lang: str  # ISO 639 code from the suffix, "" for relation files without one
    collection: str = ""  # "transversal", "language", ... for collection files
    container: Path | None = None  # zip file the member is in, None for plain files

    @property
    def name(self) -> str:
        """A readable name without absolute paths, e.g. ``esco-…-relations-csv.zip:x.csv``."""
        if self.container is not None:
            return f"{self.container.name}:{self.member}"
        if self.member:
            return f"{self.source.name}/{self.member}"
        return self.source.name

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """The file's bytes as a stream (read straight from the zip for zip members)."""
        if self.container is not None:
            with zipfile.ZipFile(self.container) as archive, archive.open(self.member) as stream:
                yield stream
            return
        path = self.source / self.member if self.member else self.source
        with path.open("rb") as stream:
            yield stream


def classify(filename: str) -> tuple[FileKind, str, str] | None:
    """``(kind, lang, collection)`` for an ESCO CSV file name, None for files we do not read."""
    stem = Path(filename).name
    if not stem.lower().endswith(".csv"):
        return None
    match = _NAME.match(stem[:-4])
    if match is None:
        return None
    base, lang = match.group("base"), (match.group("lang") or "").lower()
    for suffix in (FileKind.SKILL_COLLECTION, FileKind.OCCUPATION_COLLECTION):
        if base.endswith(suffix.value) and len(base) > len(suffix.value):
            return suffix, lang, base[: -len(suffix.value)]
    try:
        return FileKind(base), lang, ""
    except ValueError:
        return None


def discover(sources: Sequence[Path]) -> list[EscoFile]:
    """Every ESCO CSV file we read in ``sources``, in source order.

    A source is a zip, a folder (searched recursively, zips inside included) or one CSV file.
    """
    found: list[EscoFile] = []
    for source in sources:
        source = Path(source)
        if not source.exists():
            raise BadInputError(f"ESCO source not found: {source}")
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                rel = path.relative_to(source).as_posix()
                if path.suffix.lower() == ".zip":
                    found.extend(_zip_members(source, path))
                elif path.is_file():
                    found.extend(_entry(source, rel, None))
        elif source.suffix.lower() == ".zip":
            found.extend(_zip_members(source, source))
        elif source.suffix.lower() == ".csv":
            found.extend(_entry(source, "", None, filename=source.name))
        else:
            raise BadInputError(f"not a zip, folder or CSV file: {source}")
    return found


def _zip_members(source: Path, archive_path: Path) -> list[EscoFile]:
    try:
        with zipfile.ZipFile(archive_path) as archive:
            names = sorted(info.filename for info in archive.infolist() if not info.is_dir())
    except zipfile.BadZipFile as err:
        raise BadInputError(f"not a readable zip file: {archive_path}") from err
    out: list[EscoFile] = []
    for name in names:
        out.extend(_entry(source, name, archive_path))
    return out


def _entry(
    source: Path, member: str, container: Path | None, filename: str | None = None
) -> Iterable[EscoFile]:
    filename = filename or member
    parsed = classify(filename)
    if parsed is None:
        return []
    kind, lang, collection = parsed
    esco_file = EscoFile(source, member, kind, lang, collection, container)
    if kind in LABEL_KINDS and not lang:
        raise BadInputError(
            f"cannot tell the language of {esco_file.name}: ESCO names label files "
            f"<name>_<lang>.csv (e.g. {Path(filename).stem}_nl.csv)"
        )
    return [esco_file]


def read_header(esco_file: EscoFile) -> list[str]:
    """The column names of a file."""
    with esco_file.open() as stream:
        first = stream.readline()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BadInputError(f"{esco_file.name} is not UTF-8 text") from err
    return next(csv.reader([text]), [])


def check_header(esco_file: EscoFile) -> str | None:
    """A problem description if required columns are missing, else None."""
    columns = set(read_header(esco_file))
    missing = [c for c in REQUIRED_COLUMNS[esco_file.kind] if c not in columns]
    if missing:
        return f"{esco_file.name} lacks column(s) {', '.join(missing)}"
    return None


def read_columns(esco_file: EscoFile) -> dict[str, list[str]]:
    """The wanted columns of a file as lists of strings (absent optional columns give "")."""
    wanted = set(WANTED_COLUMNS[esco_file.kind])
    try:
        with esco_file.open() as stream:
            frame = pd.read_csv(
                stream,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                usecols=lambda column: column in wanted,
            )
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as err:
        raise BadInputError(f"cannot read {esco_file.name} as ESCO CSV: {err}") from err
    rows = len(frame)
    return {
        column: frame[column].tolist() if column in frame.columns else [""] * rows
        for column in WANTED_COLUMNS[esco_file.kind]
    }
