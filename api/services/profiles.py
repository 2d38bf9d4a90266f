"""Jobseeker profiles: create (from JSON or a CV), read, update, skills, consent, delete, export.

Every write goes to the database in one transaction together with its consent rows and its audit
event, and then to the vector index; reading or changing a profile is checked against the
caller's role and the profile's consent first (``api/services/access.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy.engine import Connection, Engine

from api.services.access import check_profile_access, require_role
from api.services.audit import Action, AuditLog
from api.services.consent import ConsentGrant, ConsentRegistry
from api.services.keys import KeyService
from api.services.principal import Principal, Purpose, Role
from api.services.record_pools import RecordPools
from matcher.ingest import profile_from_text
from matcher.record_validation import check_record
from matcher.records import Profile, SkillClaim, SkillSource
from matcher.storage.store import Stored
from taxonomy.errors import BadInputError, ConflictError, NotFoundError

KIND = "profile"


@dataclass(frozen=True)
class ProfileView:
    """A stored profile with its consent, as the API returns it."""

    stored: Stored[Profile]
    consent: list[ConsentGrant]


class ProfileService:
    def __init__(
        self,
        engine: Engine,
        pools: RecordPools,
        consent: ConsentRegistry,
        audit: AuditLog,
        keys: KeyService,
    ) -> None:
        self.engine = engine
        self.pools = pools
        self.consent = consent
        self.audit = audit
        self.keys = keys

    # -- create --------------------------------------------------------------------------------
    def create(self, who: Principal, profile: Profile, consent: list[ConsentGrant]) -> ProfileView:
        self.check_can_create(who, consent)
        with self.engine.begin() as conn:
            stored, vector = self.insert(who, profile, consent, conn=conn)
        self.consent.invalidate()  # again after the commit: a reader may have cached before it
        self.pools.profiles.index_stored(stored, vector)
        return ProfileView(stored, self.consent.grants(stored.id))

    def check_can_create(self, who: Principal, consent: list[ConsentGrant]) -> None:
        """Consultants, a jobseeker without a profile yet, admins; a consultant's consent list
        must name the consultant's organisation (else they could not see what they made)."""
        require_role(who, Role.CONSULTANT, Role.JOBSEEKER)
        if who.role is Role.JOBSEEKER and who.profile_id is not None:
            raise ConflictError(
                "deze sleutel heeft al een profiel / this key already has a profile",
                details={"profile_id": who.profile_id},
            )
        if who.role is Role.CONSULTANT and not any(
            g.organisation == who.organisation for g in consent
        ):
            raise BadInputError(
                "de toestemming moet uw organisatie noemen / the consent must include your "
                f"organisation ({who.organisation})"
            )

    def insert(
        self,
        who: Principal,
        profile: Profile,
        consent: list[ConsentGrant],
        *,
        conn: Connection,
    ) -> tuple[Stored[Profile], np.ndarray]:
        """The database part of :meth:`create`, inside the caller's transaction; the caller
        indexes the returned vector after the commit (``pool.index_stored``)."""
        check_record(profile, self.pools.taxonomy)
        if profile.id is not None:
            raise BadInputError("a new profile gets its id from the service; leave id out")
        pool = self.pools.profiles
        vector = pool.vector_of(profile)
        stored = pool.store.add(profile, vector_model=pool.model_id, conn=conn)
        self.consent.replace(stored.id, consent, conn=conn)
        if who.role is Role.JOBSEEKER:
            self.keys.bind_profile(who.key_id, stored.id, conn=conn)
        self.audit.record(who, Action.CREATE, KIND, stored.id, conn=conn)
        return stored, vector

    def extract(self, text: str, *, keep_text: bool = False) -> Profile:
        """A profile from a CV text: extracted skills (source ``cv``) and occupation guess."""
        return profile_from_text(
            text,
            self.pools.runtime.skill_extractor(),
            occupation_search=self.pools.runtime.occupation_search(),
            keep_text=keep_text,
        )

    def create_from_text(
        self, who: Principal, text: str, consent: list[ConsentGrant], *, keep_text: bool = False
    ) -> ProfileView:
        """A profile from a CV text: extracted skills (source ``cv``) and occupation guess."""
        require_role(who, Role.CONSULTANT, Role.JOBSEEKER)
        return self.create(who, self.extract(text, keep_text=keep_text), consent)

    # -- read ----------------------------------------------------------------------------------
    def get(
        self, who: Principal, profile_id: str, purpose: Purpose = Purpose.MATCHING
    ) -> ProfileView:
        check_profile_access(who, profile_id, purpose, self.consent)
        stored = self.pools.profiles.store.get(profile_id)
        self.audit.record(who, Action.READ, KIND, profile_id, purpose=purpose.value)
        return ProfileView(stored, self.consent.grants(profile_id))

    def list(
        self,
        who: Principal,
        *,
        purpose: Purpose = Purpose.MATCHING,
        after: str | None = None,
        limit: int = 50,
    ) -> list[Stored[Profile]]:
        """The profiles ``who`` may see, ordered by id (keyset paging with ``after``)."""
        require_role(who, Role.CONSULTANT, Role.JOBSEEKER)
        store = self.pools.profiles.store
        if who.role is Role.ADMIN:
            page = store.list(limit=limit, after=after)
        else:
            visible = (
                {who.profile_id} - {None}
                if who.role is Role.JOBSEEKER
                else self.consent.allowed_ids(who.organisation, purpose)  # type: ignore[arg-type]
            )
            ids = sorted(i for i in visible if after is None or i > after)[:limit]
            found = store.get_many(ids)
            page = [found[i] for i in ids if i in found]
        self.audit.record(
            who, Action.LIST, KIND, None, purpose=purpose.value, detail=f"{len(page)} profiles"
        )
        return page

    # -- update --------------------------------------------------------------------------------
    def update(
        self,
        who: Principal,
        profile_id: str,
        profile: Profile,
        expected_version: int,
        purpose: Purpose = Purpose.MATCHING,
    ) -> ProfileView:
        check_profile_access(who, profile_id, purpose, self.consent)
        return self._write_update(who, profile_id, profile, expected_version, purpose)

    def _write_update(
        self,
        who: Principal,
        profile_id: str,
        profile: Profile,
        expected_version: int,
        purpose: Purpose = Purpose.MATCHING,
    ) -> ProfileView:
        """:meth:`update` once access has been checked."""
        if profile.id not in (None, profile_id):
            raise BadInputError(f"the body's id {profile.id} is not {profile_id}")
        profile = profile.model_copy(update={"id": profile_id})
        check_record(profile, self.pools.taxonomy)
        pool = self.pools.profiles
        vector = pool.vector_of(profile)
        with self.engine.begin() as conn:
            stored = pool.store.update(
                profile, expected_version, vector_model=pool.model_id, conn=conn
            )
            self.audit.record(
                who, Action.UPDATE, KIND, profile_id, purpose=purpose.value, conn=conn
            )
        pool.index_stored(stored, vector)
        return ProfileView(stored, self.consent.grants(profile_id))

    def confirm_skill(
        self,
        who: Principal,
        profile_id: str,
        uri: str,
        expected_version: int,
        *,
        level: int | None = None,
    ) -> ProfileView:
        """Mark a skill confirmed (adding it, source ``manual``, when the profile lacks it)."""
        if uri not in self.pools.taxonomy.skills:
            raise BadInputError(f"unknown skill {uri}", details={"uri": uri})
        stored = self._stored_for_write(who, profile_id)
        skills = list(stored.record.skills)
        for i, claim in enumerate(skills):
            if claim.uri == uri:
                skills[i] = claim.model_copy(
                    update={"confirmed": True, "level": level if level else claim.level}
                )
                break
        else:
            skills.append(
                SkillClaim(uri=uri, source=SkillSource.MANUAL, confirmed=True, level=level)
            )
        profile = stored.record.model_copy(update={"skills": skills})
        return self._write_update(who, profile_id, profile, expected_version)

    def remove_skill(
        self, who: Principal, profile_id: str, uri: str, expected_version: int
    ) -> ProfileView:
        stored = self._stored_for_write(who, profile_id)
        skills = [s for s in stored.record.skills if s.uri != uri]
        if len(skills) == len(stored.record.skills):
            raise NotFoundError(f"profile {profile_id} has no skill {uri}", details={"uri": uri})
        profile = stored.record.model_copy(update={"skills": skills})
        return self._write_update(who, profile_id, profile, expected_version)

    def _stored_for_write(self, who: Principal, profile_id: str) -> Stored[Profile]:
        check_profile_access(who, profile_id, Purpose.MATCHING, self.consent)
        return self.pools.profiles.store.get(profile_id)

    # -- consent, export, delete ---------------------------------------------------------------
    def set_consent(
        self, who: Principal, profile_id: str, grants: list[ConsentGrant]
    ) -> list[ConsentGrant]:
        check_profile_access(who, profile_id, Purpose.MATCHING, self.consent, owner_only=True)
        self.pools.profiles.store.get(profile_id)  # NotFoundError for an admin's typo
        with self.engine.begin() as conn:
            self.consent.replace(profile_id, grants, conn=conn)
            orgs = ", ".join(sorted({g.organisation for g in grants})) or "none"
            self.audit.record(
                who, Action.CONSENT, KIND, profile_id, detail=f"granted: {orgs}"[:500], conn=conn
            )
        self.consent.invalidate()
        return self.consent.grants(profile_id)

    def export(self, who: Principal, profile_id: str) -> dict:
        """Everything stored about the person: the profile, its consent, and who accessed it."""
        check_profile_access(who, profile_id, Purpose.MATCHING, self.consent, owner_only=True)
        stored = self.pools.profiles.store.get(profile_id)
        self.audit.record(who, Action.EXPORT, KIND, profile_id)
        return {
            "profile": stored.record.model_dump(mode="json", exclude_none=True),
            "version": stored.version,
            "updated_at": stored.updated_at.isoformat(),
            "consent": [g.model_dump(mode="json") for g in self.consent.grants(profile_id)],
            "access_log": self.audit.query(resource_id=profile_id, limit=500),
        }

    def delete(self, who: Principal, profile_id: str, expected_version: int | None = None) -> None:
        """Right to be forgotten: the row, its consent, its vector, and its bytes on disk."""
        check_profile_access(who, profile_id, Purpose.MATCHING, self.consent)
        with self.engine.begin() as conn:
            self.pools.profiles.store.delete(profile_id, expected_version, conn=conn)
            self.audit.record(who, Action.DELETE, KIND, profile_id, conn=conn)
        self.consent.invalidate()
        self.pools.erase_profile(profile_id)
