"""The consent choice of the upload and consent forms: who may see the profile, and why.

The person must choose explicitly: "only me" (no organisation) or one or more organisations and
one or more purposes. Nothing is stored until a valid choice is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from api.services.consent import ConsentGrant
from api.services.container import Services
from api.services.principal import Purpose, Role
from api.web.i18n import N_

ONLY_ME = "alleen-ik"
ORGANISATIONS = "organisaties"


@dataclass(frozen=True)
class ConsentChoice:
    """The raw form fields (kept to fill the form in again after an error)."""

    choice: str = ""
    organisations: list[str] = field(default_factory=list)
    other_organisation: str = ""
    purposes: list[str] = field(default_factory=list)

    @classmethod
    def from_grants(cls, grants: list[ConsentGrant]) -> ConsentChoice:
        """The form as the stored consent fills it in."""
        if not grants:
            return cls(choice=ONLY_ME, purposes=[Purpose.MATCHING.value])
        purposes = sorted({p.value for g in grants for p in g.purposes})
        return cls(ORGANISATIONS, [g.organisation for g in grants], "", purposes)

    def grants(self) -> tuple[list[ConsentGrant], dict[str, str]]:
        """The grants, or field errors (Dutch, translated by the page) when the choice is
        missing or incomplete."""
        if self.choice == ONLY_ME:
            return [], {}
        if self.choice != ORGANISATIONS:
            return [], {"toestemming": N_("Kies wie uw profiel mag zien.")}
        names = [o.strip() for o in self.organisations if o.strip()]
        if self.other_organisation.strip():
            names.append(" ".join(self.other_organisation.split())[:200])
        purposes = [p for p in Purpose if p.value in self.purposes]
        errors = {}
        if not names:
            errors["organisaties"] = N_("Kies minstens één organisatie.")
        if not purposes:
            errors["doelen"] = N_("Kies minstens één doel.")
        if errors:
            return [], errors
        unique = list(dict.fromkeys(names))
        return [ConsentGrant(organisation=o, purposes=purposes) for o in unique], {}


def known_organisations(services: Services) -> list[str]:
    """Organisations with an active consultant key: the ones a person can choose from."""
    return sorted(
        {
            key["organisation"]
            for key in services.keys.list()
            if key["role"] == Role.CONSULTANT.value and not key["revoked"] and key["organisation"]
        }
    )
