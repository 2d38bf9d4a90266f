"""Who is asking: the role and organisation (or own profile) behind an API key."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a key may do (see ``api/services/access.py`` for the full table)."""

    CONSULTANT = "consultant"  # belongs to an organisation; consented profiles only
    JOBSEEKER = "jobseeker"  # only their own profile
    ANALYST = "analyst"  # aggregates only, never personal data
    ADMIN = "admin"


class Purpose(StrEnum):
    """Why an organisation may see a profile (a profile's consent names purposes)."""

    MATCHING = "matching"  # bemiddeling: matching the person to vacancies
    CAREER_ADVICE = "career_advice"  # loopbaanadvies: overstapberoepen, skill gaps


@dataclass(frozen=True)
class Principal:
    """An authenticated caller."""

    key_id: str
    role: Role
    organisation: str | None = None
    profile_id: str | None = None  # a jobseeker's own profile, once created

    def is_(self, *roles: Role) -> bool:
        return self.role in roles
