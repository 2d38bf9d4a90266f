"""Skill importance for transitions and gaps: IDF times a factor per skill type.

How decisive a skill is for moving to an occupation depends on how rare it is (IDF, see
:mod:`matcher.vectors.skill_weights`) and on what kind of skill it is:

==============  ======  ==========================================================================
skill type      factor  why
==============  ======  ==========================================================================
vaardigheden     1.00   "wat kan ik": practical skills take practice on the job to acquire; they
                        are what makes the work possible and the hardest gap to close
kennis           0.75   "wat ken ik": knowledge is what courses (mbo-certificaten, short courses)
                        teach fastest, so a knowledge gap is a smaller barrier, yet still a
                        requirement
soft skills      0.50   "wie ben ik": ESCO's transversal skills are generic attitudes ("show
                        initiative") that most workers bring to some degree, that an occupation
                        title does not prove either way, and that rarely separate one occupation
                        from another
==============  ======  ==========================================================================

A factor scales a skill's weight on both sides of a coverage share (what is covered and what is
required), so a missing kennis skill costs less than a missing vaardigheid of the same rarity,
and covering it gains less. Missing-skill lists ordered by this weight put the hardest gaps first.
"""

from __future__ import annotations

from collections.abc import Mapping

from matcher.vectors.skill_weights import SkillWeights
from taxonomy.concepts import SkillType
from taxonomy.taxonomy import Taxonomy

DEFAULT_TYPE_FACTORS: Mapping[SkillType, float] = {
    SkillType.VAARDIGHEDEN: 1.0,
    SkillType.KENNIS: 0.75,
    SkillType.SOFT_SKILLS: 0.5,
}


class TypedSkillWeights(SkillWeights):
    """IDF fitted on the taxonomy's occupations, times the factor of the skill's type.

    ``type_factors``: factor per :class:`SkillType` (default :data:`DEFAULT_TYPE_FACTORS`); a type
    it does not name, and a skill the taxonomy does not know, get factor 1.
    """

    factor_: dict[str, float]

    def __init__(self, type_factors: Mapping[SkillType, float] | None = None) -> None:
        self.type_factors = type_factors

    def fit(self, taxonomy: Taxonomy) -> TypedSkillWeights:
        factors = DEFAULT_TYPE_FACTORS if self.type_factors is None else self.type_factors
        if any(f <= 0 for f in factors.values()):
            raise ValueError("type factors must be positive")
        super().fit(taxonomy)
        self.factor_ = {
            uri: float(factors.get(skill.skill_type, 1.0)) for uri, skill in taxonomy.skills.items()
        }
        return self

    def weight(self, uri: str) -> float:
        if not hasattr(self, "factor_"):
            raise RuntimeError("TypedSkillWeights is not fitted: call fit(taxonomy) first")
        return super().weight(uri) * self.factor_.get(uri, 1.0)
