"""A stable content hash of a taxonomy (keys embedding caches: same content → same checksum)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from taxonomy.concepts import IscoGroup, Labels, Occupation, Skill, SkillGroup

#: Length of the hex checksum.
CHECKSUM_LENGTH = 16


def content_checksum(
    skills: Mapping[str, Skill],
    occupations: Mapping[str, Occupation],
    isco_groups: Mapping[str, IscoGroup],
    skill_groups: Mapping[str, SkillGroup],
) -> str:
    """SHA-256 (first 16 hex chars) over every concept in a canonical form.

    Independent of dict and file order; covers labels, descriptions, types, relations and
    collections, not the version string or provenance.
    """
    digest = hashlib.sha256()
    for kind, concepts in (
        ("skill", skills),
        ("occupation", occupations),
        ("isco", isco_groups),
        ("group", skill_groups),
    ):
        for uri in sorted(concepts):
            record = {"kind": kind, **_canonical(concepts[uri])}
            digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
            digest.update(b"\n")
    return digest.hexdigest()[:CHECKSUM_LENGTH]


def _labels(labels: Labels) -> dict[str, Any]:
    return {"preferred": labels.preferred, "alternative": labels.alternative}


def _canonical(concept: Skill | Occupation | IscoGroup | SkillGroup) -> dict[str, Any]:
    out: dict[str, Any] = {
        "uri": concept.uri,
        "labels": _labels(concept.labels),
        "description": concept.description,
        "broader": list(concept.broader),
    }
    if isinstance(concept, Skill):
        out |= {
            "skill_type": concept.skill_type.value,
            "esco_type": concept.esco_type,
            "reuse_level": concept.reuse_level,
            "collections": sorted(concept.collections),
        }
    elif isinstance(concept, Occupation):
        out |= {
            "isco_code": concept.isco_code,
            "code": concept.code,
            "essential": list(concept.essential_skills),
            "optional": list(concept.optional_skills),
        }
    else:
        out["code"] = concept.code
    return out
