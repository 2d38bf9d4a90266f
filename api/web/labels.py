"""Taxonomy labels for pages: the page language first, with the language each label is in (so a
page can mark an English label inside Dutch text with ``lang="en"`` for screen readers)."""

from __future__ import annotations

from taxonomy.concepts import Label
from taxonomy.taxonomy import Taxonomy


class PageLabels:
    """Skill and occupation labels in the order of ``langs``."""

    def __init__(self, taxonomy: Taxonomy, langs: tuple[str, ...]) -> None:
        self.taxonomy = taxonomy
        self.langs = langs

    def skill(self, uri: str) -> Label:
        skill = self.taxonomy.skills.get(uri)
        return skill.label(self.langs) if skill else Label(uri, "en")

    def occupation(self, uri: str) -> Label:
        occupation = self.taxonomy.occupations.get(uri)
        return occupation.label(self.langs) if occupation else Label(uri, "en")

    def skill_type(self, uri: str) -> str | None:
        """kennis | vaardigheden | soft skills (None for a URI the taxonomy lacks)."""
        skill = self.taxonomy.skills.get(uri)
        return skill.skill_type.value if skill else None
