"""Aggregate statistics for analysts: never a single person, only counts over many.

Skill and occupation counts over profiles are reported only where at least
:data:`MIN_GROUP_SIZE` profiles share them (small groups could single a person out).
Vacancies are not personal data and are counted as they are.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from api.services.access import require_role
from api.services.audit import Action, AuditLog
from api.services.principal import Principal, Role
from api.services.record_pools import RecordPools
from taxonomy.concepts import DEFAULT_LANGS

#: Smallest number of profiles a reported count may describe.
MIN_GROUP_SIZE = 5
#: Seconds a computed summary is reused.
CACHE_SECONDS = 60.0


class StatsService:
    def __init__(self, pools: RecordPools, audit: AuditLog) -> None:
        self.pools = pools
        self.audit = audit
        self._lock = threading.Lock()
        self._cached: tuple[float, dict] | None = None

    def summary(self, who: Principal, *, top: int = 20) -> dict:
        require_role(who, Role.ANALYST)
        with self._lock:
            if self._cached is None or time.monotonic() - self._cached[0] > CACHE_SECONDS:
                self._cached = (time.monotonic(), self._compute())
            data = self._cached[1]
        self.audit.record(who, Action.READ, "statistics", None)
        return {
            **{k: v for k, v in data.items() if not k.endswith("_counts")},
            "profile_skills": data["profile_skill_counts"][:top],
            "vacancy_skills": data["vacancy_skill_counts"][:top],
            "vacancy_occupations": data["vacancy_occupation_counts"][:top],
            "shortages": data["shortage_counts"][:top],
        }

    def _compute(self) -> dict:
        taxonomy = self.pools.taxonomy
        supply: Counter[str] = Counter()
        n_profiles = 0
        for stored in self.pools.profiles.store:
            n_profiles += 1
            supply.update({s.uri for s in stored.record.skills})
        demand: Counter[str] = Counter()
        occupations: Counter[str] = Counter()
        n_vacancies = 0
        for stored in self.pools.vacancies.store:
            n_vacancies += 1
            demand.update({s.uri for s in stored.record.essential_skills})
            if stored.record.occupation:
                occupations[stored.record.occupation] += 1

        def skill(uri: str, count: int) -> dict:
            label = taxonomy.skills[uri].label(DEFAULT_LANGS) if uri in taxonomy.skills else None
            return {"uri": uri, "label": label.text if label else uri, "count": count}

        def occupation(uri: str, count: int) -> dict:
            concept = taxonomy.occupations.get(uri)
            label = concept.label(DEFAULT_LANGS).text if concept else uri
            return {"uri": uri, "label": label, "count": count}

        shortages = sorted(
            ((uri, n - supply.get(uri, 0)) for uri, n in demand.items()),
            key=lambda pair: (-pair[1], pair[0]),
        )
        return {
            "profiles": n_profiles,
            "vacancies": n_vacancies,
            "min_group_size": MIN_GROUP_SIZE,
            "profile_skill_counts": [
                skill(u, n) for u, n in _ranked(supply) if n >= MIN_GROUP_SIZE
            ],
            "vacancy_skill_counts": [skill(u, n) for u, n in _ranked(demand)],
            "vacancy_occupation_counts": [occupation(u, n) for u, n in _ranked(occupations)],
            "shortage_counts": [
                {**skill(u, demand[u]), "shortage": gap}
                for u, gap in shortages
                if gap > 0 and (supply.get(u, 0) == 0 or supply[u] >= MIN_GROUP_SIZE)
            ],
        }


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))
