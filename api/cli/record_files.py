"""Reading one Profile or Vacancy JSON file, and the optional user tables, for CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from api.cli.match_cmd import parse_record
from matcher.gaps.training_catalogue import TrainingCatalogue
from matcher.records import Profile, Vacancy
from matcher.transitions.labour_market import LabourMarketTable
from matcher.user_files import MAX_RECORD_FILE_BYTES, read_user_text
from taxonomy.concepts import label_langs as concept_label_langs
from taxonomy.errors import BadInputError
from taxonomy.taxonomy import Taxonomy

R = TypeVar("R", Profile, Vacancy)


def read_record_file(path: str, record_type: type[R], taxonomy: Taxonomy) -> R:
    """A validated record from a JSON file; BadInputError naming the file and the problem."""
    text = read_user_text(Path(path), f"{record_type.__name__.lower()} file", MAX_RECORD_FILE_BYTES)
    return parse_record(text, record_type, taxonomy, path)


def read_labour_market(path: str | None) -> LabourMarketTable | None:
    return None if path is None else LabourMarketTable.from_csv(Path(path))


def read_catalogue(path: str | None, taxonomy: Taxonomy) -> TrainingCatalogue | None:
    return None if path is None else TrainingCatalogue.load(Path(path), taxonomy)


def label_langs(lang: str) -> tuple[str, ...]:
    """Label lookup order for ``--lang``: the language asked for first."""
    if lang not in ("nl", "en"):
        raise BadInputError(f"--lang must be nl or en, got {lang!r}")
    return concept_label_langs(lang)
