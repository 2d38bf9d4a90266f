"""Build the bundled default taxonomy from the reference ESCO downloads.

Layout expected under ``esco_dir`` (as in ``../shared/data/esco``):

- ``v1.1.1/esco-v1.1.1-classification-en-csv.zip`` and ``v1.1.1/esco-v1.1.1-relations-csv.zip``:
  the complete English ESCO v1.1.1; it defines which concepts exist.
- ``v1.2-nl/*.csv``: Dutch ESCO v1.2 files; they only add Dutch labels and descriptions to
  concepts that v1.1.1 has (concepts new in v1.2 are left out).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from taxonomy.errors import BadInputError
from taxonomy.esco_csv import load_esco
from taxonomy.store import install_taxonomy
from taxonomy.taxonomy import Taxonomy

ENGLISH_CLASSIFICATION = Path("v1.1.1/esco-v1.1.1-classification-en-csv.zip")
RELATIONS = Path("v1.1.1/esco-v1.1.1-relations-csv.zip")
DUTCH_LABELS = Path("v1.2-nl")


def default_sources(esco_dir: Path) -> tuple[list[Path], list[Path]]:
    """``(sources, label_sources)`` of the default build; BadInputError naming what is missing."""
    sources = [esco_dir / ENGLISH_CLASSIFICATION, esco_dir / RELATIONS]
    labels = [esco_dir / DUTCH_LABELS]
    missing = [str(path) for path in (*sources, *labels) if not path.exists()]
    if missing:
        raise BadInputError(f"ESCO reference data not found: {', '.join(missing)}")
    return sources, labels


def build_default(
    esco_dir: Path, out: Path, progress: Callable[[int, int], None] | None = None
) -> Taxonomy:
    """Build ESCO v1.1.1 (English) + Dutch v1.2 labels and write it to ``out`` atomically."""
    sources, label_sources = default_sources(Path(esco_dir))
    taxonomy = load_esco(sources, label_sources=label_sources, progress=progress)
    install_taxonomy(taxonomy, Path(out))
    return taxonomy
