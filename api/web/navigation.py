"""The main menu of a signed-in person: the pages of their role, and which one is open."""

from __future__ import annotations

from dataclasses import dataclass

from api.services.principal import Role
from api.web.i18n import N_

#: (path, Dutch title, paths that count as this page) per role.
_MENUS: dict[Role, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    Role.JOBSEEKER: (
        ("/mijn-skills", N_("Mijn skills"), ("/mijn-skills", "/mijn-skills/skills/zoeken")),
        (
            "/mijn-skills/overstapberoepen",
            N_("Overstapberoepen"),
            ("/mijn-skills/overstapberoepen", "/mijn-skills/beroep", "/mijn-skills/vergelijken"),
        ),
    ),
    Role.CONSULTANT: (
        ("/kandidaten", N_("Kandidaten zoeken"), ("/kandidaten",)),
        ("/sector", N_("Sectorbeeld"), ("/sector",)),
    ),
    Role.ANALYST: (("/sector", N_("Sectorbeeld"), ("/sector",)),),
}
_MENUS[Role.ADMIN] = _MENUS[Role.CONSULTANT]

#: How the header names each role.
ROLE_NAMES = {
    Role.JOBSEEKER: N_("Werkzoekende"),
    Role.CONSULTANT: N_("Consulent"),
    Role.ADMIN: N_("Beheerder"),
    Role.ANALYST: N_("Analist"),
}


@dataclass(frozen=True)
class MenuItem:
    href: str
    title: str  # Dutch; the template translates it
    current: bool


def menu(role: Role, path: str, *, has_profile: bool = True) -> list[MenuItem]:
    items = []
    for href, title, paths in _MENUS[role]:
        if role is Role.JOBSEEKER and not has_profile and href != "/mijn-skills":
            continue
        current = any(
            path == p or (p != "/mijn-skills" and path.startswith(p + "/")) for p in paths
        )
        items.append(MenuItem(href, title, current))
    return items
