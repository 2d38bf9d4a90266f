"""Who is asking: the role and organisation (or own profile) behind an API key."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from taxonomy.errors import BadInputError

#: Longest organisation name (the database columns hold 200 characters).
MAX_ORGANISATION_CHARS = 200


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


def organisation_name(text: str) -> str:
    """An organisation name as stored and compared: surrounding whitespace removed (Python's
    notion of it, as everywhere an organisation is compared), at most 200 characters, no control
    characters (a NUL cannot even be stored in PostgreSQL). BadInputError otherwise."""
    name = text.strip()
    if not name:
        raise BadInputError("een organisatie heeft een naam nodig / an organisation needs a name")
    if len(name) > MAX_ORGANISATION_CHARS:
        raise BadInputError(f"an organisation name has at most {MAX_ORGANISATION_CHARS} characters")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise BadInputError("an organisation name may not contain control characters")
    return name
