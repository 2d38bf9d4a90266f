"""A taxonomy on disk: a folder of zstd Parquet tables plus ``manifest.json`` (and a NOTICE).

Tables: ``skills``, ``occupations``, ``isco_groups``, ``skill_groups`` (one row per concept, URI
lists as list columns) and ``labels`` (one row per concept and language: preferred label,
alternative labels, description).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from taxonomy.attribution import notice_text
from taxonomy.concepts import IscoGroup, Labels, Occupation, Skill, SkillGroup, SkillType
from taxonomy.errors import BadInputError, NotFoundError, NotReadyError
from taxonomy.taxonomy import Taxonomy

FORMAT = "skillmatch-taxonomy"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
NOTICE = "NOTICE"
TABLES = ("skills", "occupations", "isco_groups", "skill_groups", "labels")
#: The taxonomy shipped with the package.
DEFAULT_TAXONOMY_DIR = Path(__file__).parent / "data" / "default"
#: Where ``skillmatch taxonomy import`` puts a user's taxonomy, relative to the data dir.
IMPORTED_SUBDIR = "taxonomy"

_URIS = pa.list_(pa.string())


def save_taxonomy(taxonomy: Taxonomy, out: Path) -> dict[str, Any]:
    """Write ``taxonomy`` into the folder ``out`` (created; existing table files replaced).

    Returns the manifest. Use :func:`install_taxonomy` to replace an active taxonomy safely.
    """
    out.mkdir(parents=True, exist_ok=True)
    for name, table in _tables(taxonomy).items():
        pq.write_table(table, out / f"{name}.parquet", compression="zstd", compression_level=9)
    stats = taxonomy.stats()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": taxonomy.version,
        "checksum": taxonomy.checksum,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sources": list(taxonomy.sources),
        "notes": list(taxonomy.notes),
        "counts": {
            "skills": stats.skills,
            "skills_by_type": stats.skills_by_type,
            "language_skills": stats.language_skills,
            "occupations": stats.occupations,
            "isco_groups": stats.isco_groups,
            "skill_groups": stats.skill_groups,
            "essential_relations": stats.essential_relations,
            "optional_relations": stats.optional_relations,
        },
    }
    (out / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / NOTICE).write_text(notice_text(taxonomy.version, taxonomy.sources), encoding="utf-8")
    return manifest


def install_taxonomy(taxonomy: Taxonomy, target: Path) -> dict[str, Any]:
    """Write ``taxonomy`` to ``target`` atomically: into a temporary sibling, then renamed.

    A reader sees either the old complete folder or the new one, never a half-written one.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        manifest = save_taxonomy(taxonomy, staging)
        staging.chmod(0o755)
        retired = None
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            retired.rmdir()
            target.rename(retired)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    return manifest


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a taxonomy folder; BadInputError if it is not one."""
    manifest_path = Path(path) / MANIFEST
    if not manifest_path.is_file():
        raise NotFoundError(f"not a taxonomy folder (no {MANIFEST}): {path}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise BadInputError(f"unreadable {MANIFEST} in {path}: {err}") from err
    if manifest.get("format") != FORMAT:
        raise BadInputError(f"{manifest_path} is not a {FORMAT} manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BadInputError(
            f"taxonomy in {path} has format version {manifest.get('format_version')}; "
            f"this skillmatch reads version {FORMAT_VERSION} (re-import or rebuild it)"
        )
    return manifest


def resolve_taxonomy_path(explicit: Path | None, data_dir: Path) -> Path:
    """The active taxonomy folder: ``explicit`` (SKILLMATCH_TAXONOMY) > an imported one at
    ``data_dir/taxonomy`` > the bundled default."""
    if explicit is not None:
        if not (Path(explicit) / MANIFEST).is_file():
            raise NotFoundError(f"taxonomy folder not found (no {MANIFEST}): {explicit}")
        return Path(explicit)
    imported = Path(data_dir) / IMPORTED_SUBDIR
    if (imported / MANIFEST).is_file():
        return imported
    return DEFAULT_TAXONOMY_DIR


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load a taxonomy folder (None → the bundled default). Cached per folder and checksum."""
    folder = Path(path) if path is not None else DEFAULT_TAXONOMY_DIR
    if path is None and not (folder / MANIFEST).is_file():
        raise NotReadyError(
            f"the bundled taxonomy is missing ({folder}); run `skillmatch taxonomy build`"
        )
    manifest = read_manifest(folder)
    return _load_cached(str(folder.resolve()), manifest["checksum"])


@lru_cache(maxsize=4)
def _load_cached(folder: str, checksum: str) -> Taxonomy:
    return _read(Path(folder), read_manifest(Path(folder)))


def _read(folder: Path, manifest: dict[str, Any]) -> Taxonomy:
    missing = [name for name in TABLES if not (folder / f"{name}.parquet").is_file()]
    if missing:
        raise BadInputError(f"taxonomy folder {folder} lacks {', '.join(missing)}.parquet")
    try:
        tables = {name: pq.read_table(folder / f"{name}.parquet").to_pydict() for name in TABLES}
    except (pa.ArrowException, OSError) as err:
        raise BadInputError(f"unreadable taxonomy tables in {folder}: {err}") from err
    labels, descriptions = _labels_by_uri(tables["labels"])
    empty = Labels()

    def rows(name: str) -> list[dict[str, Any]]:
        table = tables[name]
        columns = list(table)
        return [
            dict(zip(columns, values, strict=True)) for values in zip(*table.values(), strict=True)
        ]

    skills = {
        r["uri"]: Skill(
            uri=r["uri"],
            labels=labels.get(r["uri"], empty),
            skill_type=SkillType(r["skill_type"]),
            esco_type=r["esco_type"],
            reuse_level=r["reuse_level"],
            description=descriptions.get(r["uri"], {}),
            broader=tuple(r["broader"]),
            collections=frozenset(r["collections"]),
        )
        for r in rows("skills")
    }
    occupations = {
        r["uri"]: Occupation(
            uri=r["uri"],
            labels=labels.get(r["uri"], empty),
            isco_code=r["isco_code"],
            code=r["code"],
            description=descriptions.get(r["uri"], {}),
            essential_skills=tuple(r["essential_skills"]),
            optional_skills=tuple(r["optional_skills"]),
            broader=tuple(r["broader"]),
        )
        for r in rows("occupations")
    }
    isco_groups = {
        r["uri"]: IscoGroup(
            uri=r["uri"],
            code=r["code"],
            labels=labels.get(r["uri"], empty),
            description=descriptions.get(r["uri"], {}),
            broader=tuple(r["broader"]),
        )
        for r in rows("isco_groups")
    }
    skill_groups = {
        r["uri"]: SkillGroup(
            uri=r["uri"],
            labels=labels.get(r["uri"], empty),
            code=r["code"],
            description=descriptions.get(r["uri"], {}),
            broader=tuple(r["broader"]),
        )
        for r in rows("skill_groups")
    }
    return Taxonomy(
        skills=skills,
        occupations=occupations,
        isco_groups=isco_groups,
        skill_groups=skill_groups,
        version=manifest["version"],
        checksum=manifest["checksum"],
        sources=manifest.get("sources", ()),
        notes=manifest.get("notes", ()),
    )


def _labels_by_uri(
    table: dict[str, list[Any]],
) -> tuple[dict[str, Labels], dict[str, dict[str, str]]]:
    preferred: dict[str, dict[str, str]] = {}
    alternative: dict[str, dict[str, tuple[str, ...]]] = {}
    descriptions: dict[str, dict[str, str]] = {}
    for uri, lang, pref, alts, description in zip(
        table["uri"],
        table["lang"],
        table["preferred"],
        table["alternative"],
        table["description"],
        strict=True,
    ):
        if pref:
            preferred.setdefault(uri, {})[lang] = pref
        if alts:
            alternative.setdefault(uri, {})[lang] = tuple(alts)
        if description:
            descriptions.setdefault(uri, {})[lang] = description
    labels = {
        uri: Labels(preferred=preferred.get(uri, {}), alternative=alternative.get(uri, {}))
        for uri in preferred.keys() | alternative.keys()
    }
    return labels, descriptions


def _tables(taxonomy: Taxonomy) -> dict[str, pa.Table]:
    skills = list(taxonomy.skills.values())
    occupations = list(taxonomy.occupations.values())
    isco_groups = list(taxonomy.isco_groups.values())
    skill_groups = list(taxonomy.skill_groups.values())
    return {
        "skills": pa.table(
            {
                "uri": [s.uri for s in skills],
                "skill_type": [s.skill_type.value for s in skills],
                "esco_type": [s.esco_type for s in skills],
                "reuse_level": [s.reuse_level for s in skills],
                "broader": pa.array([list(s.broader) for s in skills], _URIS),
                "collections": pa.array([sorted(s.collections) for s in skills], _URIS),
            }
        ),
        "occupations": pa.table(
            {
                "uri": [o.uri for o in occupations],
                "isco_code": [o.isco_code for o in occupations],
                "code": [o.code for o in occupations],
                "broader": pa.array([list(o.broader) for o in occupations], _URIS),
                "essential_skills": pa.array(
                    [list(o.essential_skills) for o in occupations], _URIS
                ),
                "optional_skills": pa.array([list(o.optional_skills) for o in occupations], _URIS),
            }
        ),
        "isco_groups": pa.table(
            {
                "uri": [g.uri for g in isco_groups],
                "code": [g.code for g in isco_groups],
                "broader": pa.array([list(g.broader) for g in isco_groups], _URIS),
            }
        ),
        "skill_groups": pa.table(
            {
                "uri": [g.uri for g in skill_groups],
                "code": [g.code for g in skill_groups],
                "broader": pa.array([list(g.broader) for g in skill_groups], _URIS),
            }
        ),
        "labels": _label_table([*skills, *occupations, *isco_groups, *skill_groups]),
    }


def _label_table(concepts: list[Skill | Occupation | IscoGroup | SkillGroup]) -> pa.Table:
    columns: dict[str, list[Any]] = {
        "uri": [],
        "lang": [],
        "preferred": [],
        "alternative": [],
        "description": [],
    }
    for concept in concepts:
        labels = concept.labels
        langs = sorted(
            labels.preferred.keys() | labels.alternative.keys() | concept.description.keys()
        )
        for lang in langs:
            columns["uri"].append(concept.uri)
            columns["lang"].append(lang)
            columns["preferred"].append(labels.preferred.get(lang, ""))
            columns["alternative"].append(list(labels.alternative.get(lang, ())))
            columns["description"].append(concept.description.get(lang, ""))
    return pa.table(
        {
            "uri": pa.array(columns["uri"], pa.string()),
            "lang": pa.array(columns["lang"], pa.string()),
            "preferred": pa.array(columns["preferred"], pa.string()),
            "alternative": pa.array(columns["alternative"], _URIS),
            "description": pa.array(columns["description"], pa.string()),
        }
    )
