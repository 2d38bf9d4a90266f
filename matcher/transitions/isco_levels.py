"""ISCO-08 skill levels of occupations.

ISCO-08 assigns each major group a skill level (ILO, ISCO-08 vol. 1, table 1):
1 = elementary (group 9), 2 = groups 4-8 (clerical, service and sales, agricultural, craft,
operators), 3 = group 3 (technicians and associate professionals), 4 = group 2 (professionals)
and group 1 (managers: levels 3 and 4; we use 4). Armed forces (group 0) span levels 1-4: sub-major
group 01 (commissioned officers) is 4, 02 (non-commissioned) is 2, 03 (other ranks) is 1.
"""

from __future__ import annotations

_BY_MAJOR = {"1": 4, "2": 4, "3": 3, "4": 2, "5": 2, "6": 2, "7": 2, "8": 2, "9": 1}
_ARMED_FORCES = {"01": 4, "02": 2, "03": 1}


def isco_skill_level(isco_code: str) -> int | None:
    """The ISCO-08 skill level (1-4) of an ISCO code ("5223", "C5223" or "5223.1"), else None."""
    code = isco_code.strip().upper().removeprefix("C")
    if not code or not code[0].isdigit():
        return None
    if code[0] == "0":
        return _ARMED_FORCES.get(code[:2])
    return _BY_MAJOR.get(code[0])
