"""User-supplied labour-market data: how kansrijk (promising) an occupation is, per region.

The product ships no labour-market figures. A user supplies a CSV with one row per occupation
(by ESCO URI or ISCO code), optionally per region, with either a numeric tension/demand score
(e.g. UWV's spanningsindicator) or a kansrijk flag:

    occupation,region,score,kansrijk
    http://data.europa.eu/esco/occupation/…,Midden-Utrecht,1.3,
    5321,,,ja

Scores are rescaled to [0, 1] over the table (min-max) so that any scale works; a kansrijk flag
alone counts as 1 (ja/yes/true/1) or 0. Lookup prefers the most specific row: URI + region, URI,
ISCO code + region, ISCO code (4 digits, then shorter prefixes).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from matcher.user_files import read_user_text
from taxonomy.concepts import OCCUPATION_PREFIX
from taxonomy.errors import BadInputError

_TRUE = {"ja", "yes", "true", "1", "j", "y", "kansrijk"}
_FALSE = {"nee", "no", "false", "0", "n", ""}
MAX_TABLE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class DemandRow:
    key: str  # occupation URI or ISCO code
    region: str | None
    demand: float  # in [0, 1]
    raw: str  # the value as given, for explanations


class LabourMarketTable:
    """Demand scores by occupation (URI or ISCO code) and optional region."""

    def __init__(self, rows: list[DemandRow], source: str = "") -> None:
        self.rows = rows
        self.source = source
        self._index = {(r.key, (r.region or "").casefold()): r for r in rows}

    @classmethod
    def from_csv(cls, path: Path) -> LabourMarketTable:
        text = read_user_text(path, "labour-market table", MAX_TABLE_BYTES)
        return cls.from_text(text, source=str(path))

    @classmethod
    def from_text(cls, text: str, source: str = "") -> LabourMarketTable:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        fields = {f.strip().lower() for f in reader.fieldnames or []}
        if "occupation" not in fields or not ({"score", "kansrijk"} & fields):
            raise BadInputError(
                "labour-market CSV needs a column 'occupation' (ESCO URI or ISCO code) and "
                "'score' and/or 'kansrijk'; optional 'region'"
            )
        parsed: list[tuple[str, str | None, float | None, bool | None, str]] = []
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            key = row.get("occupation", "")
            if not key:
                raise BadInputError(f"labour-market CSV line {line}: empty occupation")
            if not key.startswith(OCCUPATION_PREFIX) and not key.removeprefix("C").isdigit():
                raise BadInputError(
                    f"labour-market CSV line {line}: {key!r} is neither an ESCO occupation URI "
                    "nor an ISCO code"
                )
            score = _number(row.get("score", ""), line)
            flag = _flag(row.get("kansrijk", ""), line)
            if score is None and flag is None:
                raise BadInputError(f"labour-market CSV line {line}: no score and no kansrijk flag")
            raw = row.get("score") or row.get("kansrijk", "")
            parsed.append((key.removeprefix("C"), row.get("region") or None, score, flag, raw))
        if not parsed:
            raise BadInputError("labour-market CSV has no rows")
        scores = [p[2] for p in parsed if p[2] is not None]
        low, high = (min(scores), max(scores)) if scores else (0.0, 1.0)
        rows = []
        for key, region, score, flag, raw in parsed:
            if score is not None:
                demand = (score - low) / (high - low) if high > low else 1.0
            else:
                demand = 1.0 if flag else 0.0
            rows.append(DemandRow(key, region, demand, raw))
        return cls(rows, source)

    def demand(
        self, occupation_uri: str, isco_code: str, region: str | None = None
    ) -> DemandRow | None:
        """The most specific row for an occupation (and region), or None when unknown."""
        regions = [(region or "").casefold(), ""] if region else [""]
        keys = [occupation_uri] + [isco_code[:n] for n in (4, 3, 2, 1) if len(isco_code) >= n]
        for key in keys:
            for reg in regions:
                row = self._index.get((key, reg))
                if row is not None:
                    return row
        return None


def _number(value: str, line: int) -> float | None:
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise BadInputError(
            f"labour-market CSV line {line}: score {value!r} is not a number"
        ) from None


def _flag(value: str, line: int) -> bool | None:
    low = value.casefold()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return None if low == "" else False
    raise BadInputError(f"labour-market CSV line {line}: kansrijk {value!r} is not ja/nee")
