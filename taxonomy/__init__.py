"""ESCO-based taxonomy: typed concepts, loading official ESCO CSVs, the bundled default.

Imports nothing of the rest of skillmatch. Entry points::

    from taxonomy import load_taxonomy
    tax = load_taxonomy()            # bundled default (ESCO v1.1.1 + Dutch labels)
    tax.label(uri)                   # Label(text, lang), Dutch where there is one
"""

from taxonomy.concepts import (
    IscoGroup,
    Label,
    Labels,
    Occupation,
    RelationType,
    Skill,
    SkillGroup,
    SkillType,
)
from taxonomy.store import load_taxonomy, resolve_taxonomy_path
from taxonomy.taxonomy import Taxonomy

__all__ = [
    "IscoGroup",
    "Label",
    "Labels",
    "Occupation",
    "RelationType",
    "Skill",
    "SkillGroup",
    "SkillType",
    "Taxonomy",
    "load_taxonomy",
    "resolve_taxonomy_path",
]
