"""Matching through the service: candidates for a vacancy, vacancies for a candidate.

A consultant's candidate search is restricted to the profiles whose consent grants the
consultant's organisation the purpose ``matching``; that restriction is handed to the matcher
as part of its allow-list, so it applies before retrieval, ranking and pagination (a profile
outside consent is never scored, never counted and never shifts a page). The ids of a page are
confirmed against the database before they are returned, and every returned profile is written to
the audit log.
"""

from __future__ import annotations

from api.services.access import check_profile_access, require_role
from api.services.audit import Action, AuditLog
from api.services.consent import ConsentRegistry
from api.services.principal import Principal, Purpose, Role
from api.services.record_pools import RecordPools
from matcher.ranking.explanation import MatchPage


class MatchService:
    def __init__(self, pools: RecordPools, consent: ConsentRegistry, audit: AuditLog) -> None:
        self.pools = pools
        self.consent = consent
        self.audit = audit

    def candidates(
        self, who: Principal, vacancy_id: str, *, offset: int = 0, limit: int = 10
    ) -> MatchPage:
        """Profiles for a stored vacancy, best first, within the caller's consent."""
        require_role(who, Role.CONSULTANT)
        if self.pools.sync():  # another process wrote records (and perhaps their consent)
            self.consent.invalidate()
        vacancy = self.pools.vacancies.store.get(vacancy_id).record
        restrict = None
        if who.role is Role.CONSULTANT:
            restrict = self.consent.allowed_ids(who.organisation, Purpose.MATCHING)  # type: ignore[arg-type]
        page = self._candidates(vacancy, restrict, offset, limit)
        if restrict is not None:
            ids = [m.id for m in page.matches]
            confirmed = self.consent.confirm(ids, who.organisation, Purpose.MATCHING)  # type: ignore[arg-type]
            if len(confirmed) != len(ids):  # consent changed behind the cache: recompute
                self.consent.invalidate()
                restrict = self.consent.allowed_ids(who.organisation, Purpose.MATCHING)  # type: ignore[arg-type]
                page = self._candidates(vacancy, restrict, offset, limit)
        self.audit.record_many(
            who,
            Action.MATCH,
            "profile",
            [m.id for m in page.matches],
            purpose=Purpose.MATCHING.value,
            detail=f"candidate for vacancy {vacancy_id}",
        )
        return page

    def _candidates(self, vacancy, restrict, offset: int, limit: int) -> MatchPage:
        return self.pools.runtime.matcher.candidates_for(
            vacancy, self.pools.profiles, offset=offset, limit=limit, restrict_to=restrict
        )

    def vacancies(
        self, who: Principal, profile_id: str, *, offset: int = 0, limit: int = 10
    ) -> MatchPage:
        """Vacancies for a stored profile (the person, a consented consultant, an admin)."""
        check_profile_access(who, profile_id, Purpose.MATCHING, self.consent)
        self.pools.sync()
        profile = self.pools.profiles.store.get(profile_id).record
        page = self.pools.runtime.matcher.vacancies_for(
            profile, self.pools.vacancies, offset=offset, limit=limit
        )
        self.audit.record(
            who,
            Action.MATCH,
            "profile",
            profile_id,
            purpose=Purpose.MATCHING.value,
            detail=f"{len(page.matches)} vacancies",
        )
        return page
