"""Is a person close enough to a job? Proximity of Dutch postcodes, pluggable.

skillmatch bundles no postcode → coordinates table, so the default,
:class:`PostcodeAreaProximity`, approximates a maximum travel distance by postcode areas: a
short distance needs the same 4-digit area (PC4, typically 1-5 km across), a medium one the same
2-digit area (PC2, typically 15-40 km across), a long one the same first digit (a postcode
region, roughly a province or two). It errs both ways: neighbours across an area border are
excluded, far corners of one area are included. :class:`CoordinateProximity` takes a PC4 →
(latitude, longitude) table (e.g. CBS or PDOK PC4 centroids) and measures great-circle
distances instead; anything satisfying :class:`Proximity` can be passed to the hard filters.

Both also answer for many PC4 areas at once (``within_pc4``, numpy), which the hard filters use
over a whole pool (:mod:`matcher.ranking.filter_table`); a rule without it is asked pair by pair.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import numpy as np

#: Maximum distances (km) below which the area rule asks for the same PC4, PC2, first digit.
PC4_BELOW_KM = 10.0
PC2_BELOW_KM = 40.0
PC1_BELOW_KM = 120.0

EARTH_RADIUS_KM = 6371.0

#: Verdicts of the vectorised checks (``within_pc4``), as int8.
WITHIN, NOT_WITHIN, CANNOT_TELL = 1, 0, -1


@runtime_checkable
class Proximity(Protocol):
    """Whether two Dutch postcodes lie within ``max_km``; None when it cannot tell.

    A rule that looks only at the PC4 areas may also offer ``within_pc4(pc4_a, pc4_b, max_km)``
    over numpy arrays (as the two rules here do), giving the same verdicts as int8
    (WITHIN, NOT_WITHIN, CANNOT_TELL); the hard filters then check a whole pool at once.
    """

    def within(self, postcode_a: str, postcode_b: str, max_km: float) -> bool | None: ...


def pc4(postcode: str) -> str:
    """The 4-digit area of a postcode ("3511 AB" → "3511")."""
    return postcode.replace(" ", "")[:4]


def pc4_number(postcode: str) -> int:
    """The 4-digit area as a number ("3511 AB" → 3511); -1 when it is not four digits."""
    area = pc4(postcode)
    return int(area) if len(area) == 4 and area.isascii() and area.isdigit() else -1


class PostcodeAreaProximity:
    """Distance approximated by shared postcode areas (no coordinate table needed)."""

    def __init__(
        self,
        pc4_below_km: float = PC4_BELOW_KM,
        pc2_below_km: float = PC2_BELOW_KM,
        pc1_below_km: float = PC1_BELOW_KM,
    ) -> None:
        self.pc4_below_km = pc4_below_km
        self.pc2_below_km = pc2_below_km
        self.pc1_below_km = pc1_below_km

    def shared_digits_needed(self, max_km: float) -> int:
        """How many leading postcode digits must agree for ``max_km`` (0: any postcode)."""
        if max_km < self.pc4_below_km:
            return 4
        if max_km < self.pc2_below_km:
            return 2
        if max_km < self.pc1_below_km:
            return 1
        return 0

    def within(self, postcode_a: str, postcode_b: str, max_km: float) -> bool | None:
        digits = self.shared_digits_needed(max_km)
        return pc4(postcode_a)[:digits] == pc4(postcode_b)[:digits]

    def within_pc4(self, pc4_a: np.ndarray, pc4_b: np.ndarray, max_km: np.ndarray) -> np.ndarray:
        """:meth:`within` for arrays of PC4 numbers (see :func:`pc4_number`) and distances."""
        max_km = np.asarray(max_km, dtype=np.float64)
        digits = np.select(
            [max_km < self.pc4_below_km, max_km < self.pc2_below_km, max_km < self.pc1_below_km],
            [4, 2, 1],
            0,
        )
        scale = 10 ** (4 - digits)
        return (np.asarray(pc4_a) // scale == np.asarray(pc4_b) // scale).astype(np.int8)


class CoordinateProximity:
    """Great-circle distance between PC4 centroids from a table; None for unknown areas."""

    def __init__(self, pc4_coordinates: Mapping[str, tuple[float, float]]) -> None:
        self.pc4_coordinates = pc4_coordinates
        self._grid: np.ndarray | None = None  # PC4 number → (lat, lon), filled on first use

    def distance_km(self, postcode_a: str, postcode_b: str) -> float | None:
        a = self.pc4_coordinates.get(pc4(postcode_a))
        b = self.pc4_coordinates.get(pc4(postcode_b))
        if a is None or b is None:
            return None
        return haversine_km(a, b)

    def within(self, postcode_a: str, postcode_b: str, max_km: float) -> bool | None:
        distance = self.distance_km(postcode_a, postcode_b)
        return None if distance is None else distance <= max_km

    def within_pc4(self, pc4_a: np.ndarray, pc4_b: np.ndarray, max_km: np.ndarray) -> np.ndarray:
        """:meth:`within` for arrays of PC4 numbers and distances: WITHIN, NOT_WITHIN or
        CANNOT_TELL per pair. The table is read into a grid on the first call."""
        a, b, km = np.broadcast_arrays(np.asarray(pc4_a), np.asarray(pc4_b), np.asarray(max_km))
        grid = self._pc4_grid()
        (lat1, lon1), (lat2, lon2) = grid[a].T, grid[b].T
        distance = haversine_km_many(lat1, lon1, lat2, lon2)
        verdict = np.where(np.isnan(distance), CANNOT_TELL, distance <= km).astype(np.int8)
        # numpy's sin/cos may differ from math's in the last bit: ask :meth:`within` at the edge
        for i in np.flatnonzero(np.abs(distance - km) <= 1e-6):
            inside = self.within(f"{a[i]:04d}", f"{b[i]:04d}", float(km[i]))
            verdict[i] = CANNOT_TELL if inside is None else int(inside)
        return verdict

    def _pc4_grid(self) -> np.ndarray:
        if self._grid is None:
            grid = np.full((10_000, 2), np.nan)
            for area, coordinates in self.pc4_coordinates.items():
                if len(area) == 4 and area.isascii() and area.isdigit():
                    grid[int(area)] = coordinates
            self._grid = grid
        return self._grid


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def haversine_km_many(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """:func:`haversine_km` for arrays of degrees (NaN where a coordinate is NaN)."""
    lat1, lon1, lat2, lon2 = (np.radians(x) for x in (lat1, lon1, lat2, lon2))
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))
