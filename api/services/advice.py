"""Overstapberoepen and skill gaps through the service.

For an occupation (no personal data: every role) or for a stored profile (the person, a
consultant whose organisation has the purpose ``career_advice``, an admin).
"""

from __future__ import annotations

from api.services.access import check_profile_access
from api.services.audit import Action, AuditLog
from api.services.consent import ConsentRegistry
from api.services.principal import Principal, Purpose
from api.services.record_pools import RecordPools
from matcher.gaps.skill_gap import GapAnalyser, SkillGap
from matcher.transitions.records import TransitionRanking
from matcher.transitions.source import occupation_source, profile_source
from taxonomy.concepts import DEFAULT_LANGS
from taxonomy.errors import BadInputError

ADVICE = Purpose.CAREER_ADVICE


class AdviceService:
    def __init__(self, pools: RecordPools, consent: ConsentRegistry, audit: AuditLog) -> None:
        self.pools = pools
        self.consent = consent
        self.audit = audit

    def transitions_from_occupation(
        self, occupation_uri: str, *, top: int = 10, langs: tuple[str, ...] = DEFAULT_LANGS
    ) -> TransitionRanking:
        runtime = self.pools.runtime
        source = occupation_source(runtime.taxonomy, occupation_uri, langs=langs)
        return runtime.transition_finder.rank(source, top=top, langs=langs)

    def transitions_for_profile(
        self,
        who: Principal,
        profile_id: str,
        *,
        top: int = 10,
        langs: tuple[str, ...] = DEFAULT_LANGS,
    ) -> TransitionRanking:
        check_profile_access(who, profile_id, ADVICE, self.consent)
        runtime = self.pools.runtime
        profile = self.pools.profiles.store.get(profile_id).record
        ranking = runtime.transition_finder.rank(
            profile_source(runtime.taxonomy, profile, langs=langs), top=top, langs=langs
        )
        self.audit.record(
            who, Action.READ, "profile", profile_id, purpose=ADVICE.value, detail="transitions"
        )
        return ranking

    def gap(
        self,
        who: Principal,
        profile_id: str,
        *,
        occupation: str | None = None,
        vacancy_id: str | None = None,
        langs: tuple[str, ...] = DEFAULT_LANGS,
    ) -> SkillGap:
        """The profile's gap for an occupation URI or a stored vacancy (exactly one)."""
        if (occupation is None) == (vacancy_id is None):
            raise BadInputError("give exactly one target: occupation or vacancy")
        check_profile_access(who, profile_id, ADVICE, self.consent)
        runtime = self.pools.runtime
        profile = self.pools.profiles.store.get(profile_id).record
        analyser = GapAnalyser(runtime.transition_finder.coverage_scorer(langs))
        catalogue = runtime.training_catalogue
        if occupation is not None:
            if occupation not in runtime.taxonomy.occupations:
                raise BadInputError(f"unknown occupation {occupation}", details={"uri": occupation})
            result = analyser.for_occupation(profile, occupation, catalogue=catalogue)
        else:
            vacancy = self.pools.vacancies.store.get(vacancy_id).record  # type: ignore[arg-type]
            result = analyser.for_vacancy(profile, vacancy, catalogue=catalogue)
        self.audit.record(
            who,
            Action.READ,
            "profile",
            profile_id,
            purpose=ADVICE.value,
            detail=f"gap for {occupation or 'vacancy ' + str(vacancy_id)}",
        )
        return result
