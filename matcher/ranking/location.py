"""Is a person close enough to a job? Proximity of Dutch postcodes, pluggable.

skillmatch bundles no postcode → coordinates table, so the default,
:class:`PostcodeAreaProximity`, approximates a maximum travel distance by postcode areas: a
short distance needs the same 4-digit area (PC4, typically 1-5 km across), a medium one the same
2-digit area (PC2, typically 15-40 km across), a long one the same first digit (a postcode
region, roughly a province or two). It errs both ways: neighbours across an area border are
excluded, far corners of one area are included. :class:`CoordinateProximity` takes a PC4 →
(latitude, longitude) table (e.g. CBS or PDOK PC4 centroids) and measures great-circle
distances instead; anything satisfying :class:`Proximity` can be passed to the hard filters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

#: Maximum distances (km) below which the area rule asks for the same PC4, PC2, first digit.
PC4_BELOW_KM = 10.0
PC2_BELOW_KM = 40.0
PC1_BELOW_KM = 120.0

EARTH_RADIUS_KM = 6371.0


@runtime_checkable
class Proximity(Protocol):
    """Whether two Dutch postcodes lie within ``max_km``; None when it cannot tell."""

    def within(self, postcode_a: str, postcode_b: str, max_km: float) -> bool | None: ...


def pc4(postcode: str) -> str:
    """The 4-digit area of a postcode ("3511 AB" → "3511")."""
    return postcode.replace(" ", "")[:4]


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


class CoordinateProximity:
    """Great-circle distance between PC4 centroids from a table; None for unknown areas."""

    def __init__(self, pc4_coordinates: Mapping[str, tuple[float, float]]) -> None:
        self.pc4_coordinates = pc4_coordinates

    def distance_km(self, postcode_a: str, postcode_b: str) -> float | None:
        a = self.pc4_coordinates.get(pc4(postcode_a))
        b = self.pc4_coordinates.get(pc4(postcode_b))
        if a is None or b is None:
            return None
        return haversine_km(a, b)

    def within(self, postcode_a: str, postcode_b: str, max_km: float) -> bool | None:
        distance = self.distance_km(postcode_a, postcode_b)
        return None if distance is None else distance <= max_km


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
