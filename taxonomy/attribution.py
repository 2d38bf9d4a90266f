"""The ESCO attribution that travels with every taxonomy folder built from ESCO data."""

from __future__ import annotations

from collections.abc import Iterable

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."


def notice_text(version: str, sources: Iterable[str]) -> str:
    """NOTICE contents for a taxonomy folder: attribution, licence, the ESCO files used."""
    files = "\n".join(f"  - {name}" for name in sources) or "  (not recorded)"
    return f"""{ESCO_ATTRIBUTION}

ESCO (European Skills, Competences, Qualifications and Occupations), (c) European Union,
https://esco.ec.europa.eu. ESCO is made available free of charge for any use, including
commercial use, provided the source is acknowledged (Commission Decision 2011/833/EU on the
reuse of Commission documents). This folder is a converted copy: the concepts, labels,
descriptions and relations are ESCO's; the file format is skillmatch's. It carries no
endorsement by the European Commission.

Taxonomy version: {version}
Built from these official ESCO CSV files:
{files}
"""
