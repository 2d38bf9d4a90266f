"""The one rule that turns ESCO's skill typing into the product's three skill types."""

from __future__ import annotations

from collections.abc import Collection

from taxonomy.concepts import SkillType

#: ESCO collection whose members are soft skills whatever their ESCO skillType.
SOFT_SKILL_COLLECTION = "transversal"


def skill_type_for(esco_type: str, collections: Collection[str]) -> SkillType:
    """Map an ESCO ``skillType`` plus collection membership to a :class:`SkillType`.

    Transversal-collection membership wins (→ soft skills); otherwise ``knowledge`` → kennis;
    anything else (``skill/competence`` or no type) → vaardigheden.
    """
    if SOFT_SKILL_COLLECTION in collections:
        return SkillType.SOFT_SKILLS
    if esco_type.strip().casefold() == "knowledge":
        return SkillType.KENNIS
    return SkillType.VAARDIGHEDEN
