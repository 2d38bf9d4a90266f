"""How a jump in ISCO-08 skill level (1-4, see :mod:`matcher.transitions.isco_levels`) affects a
transition.

A multiplicative factor on the skills fit of a transition from level ``s`` to level ``t``::

    factor = 1 - up_per_level * (t - s)                          if t > s
           = 1 - down_per_level * (s - t - down_free_levels)     if s - t > down_free_levels
           = 1                                                  otherwise

Defaults: ``up_per_level`` 0.15 (one level up ×0.85, two ×0.70, three ×0.55), because each
ISCO level up stands for a longer formal education (ISCO-08: primary → secondary → short
tertiary → bachelor+) that ESCO's skill lists do not spell out: a shop assistant who covers
most skills of a sales manager still lacks what the level implies. ``down_per_level`` 0.05 after
one free level (two down ×0.95, three down ×0.90): moving down is feasible skill-wise, one
level down is a common step, but a large drop means over-qualification, lower pay and a higher
chance of leaving again. When either level is unknown the factor is 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: ISCO-08 skill level a Dutch education level gives access to (ISCED 2011 → ISCO-08 level,
#: ILO ISCO-08 vol. 1, table 2): basic education and entry level → 1, secondary / mbo 2-3 → 2,
#: mbo 4 (ISCED 4, towards short tertiary) → 3, bachelor and above → 4.
EDUCATION_SKILL_LEVEL: dict[str, int] = {
    "basisonderwijs": 1,
    "vmbo": 1,
    "mbo-1": 1,
    "mbo-2": 2,
    "mbo-3": 2,
    "havo": 2,
    "vwo": 2,
    "mbo-4": 3,
    "hbo-bachelor": 4,
    "wo-bachelor": 4,
    "hbo-master": 4,
    "wo-master": 4,
    "doctoraat": 4,
}


@dataclass(frozen=True)
class SkillLevelJump:
    """The factor for a change of ISCO skill level (parameters: see the module docstring)."""

    up_per_level: float = 0.15
    down_free_levels: int = 1
    down_per_level: float = 0.05

    def factor(self, source_level: int | None, target_level: int | None) -> float:
        if source_level is None or target_level is None:
            return 1.0
        return float(self.factors(source_level, np.array([target_level]))[0])

    def factors(self, source_level: int | None, target_levels: np.ndarray) -> np.ndarray:
        """Factor per target; ``target_levels`` holds 0 where a target's level is unknown."""
        levels = np.asarray(target_levels, dtype=np.float64)
        if source_level is None:
            return np.ones_like(levels)
        jump = levels - source_level
        up = 1.0 - self.up_per_level * np.maximum(jump, 0.0)
        down_beyond = np.maximum(-jump - self.down_free_levels, 0.0)
        down = 1.0 - self.down_per_level * down_beyond
        out = np.where(jump > 0, up, down)
        return np.clip(np.where(levels > 0, out, 1.0), 0.0, 1.0)
