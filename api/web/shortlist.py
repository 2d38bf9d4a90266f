"""A consultant's shortlist as CSV (semicolon-separated with a BOM, as Dutch Excel expects)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from matcher.ranking.explanation import Match

#: Cells starting with these could run as formulas in a spreadsheet: they get a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def shortlist_csv(
    matches: Iterable[Match],
    *,
    label: Callable[[str], str],
    _: Callable[..., str],
    lang: str,
) -> str:
    """One row per candidate: rank, id, score, te maken, skills found and missing, summary.

    ``label`` names a skill URI in the page language; ``_`` translates the headers.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Kandidaat"),
            _("Score"),
            _("Te maken"),
            _("Essentiële skills gedekt"),
            _("Gevonden skills"),
            _("Ontbrekende essentiële skills"),
            _("Toelichting"),
        ]
    )
    for match in matches:
        e = match.explanation
        coverage = e.parts.essential_coverage
        writer.writerow(
            _safe(cell)
            for cell in (
                match.id,
                f"{100 * match.score:.0f}%",
                _("ja") if e.te_maken else _("nee"),
                "" if coverage is None else f"{100 * coverage:.0f}%",
                ", ".join(label(m.required) for m in e.matched),
                ", ".join(label(m.uri) for m in e.missing_essential),
                e.summary(lang),
            )
        )
    return out.getvalue()


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
