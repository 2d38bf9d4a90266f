"""Vacancies: create (from JSON or a text), read, list, update, delete.

Vacancies are not personal data: every role may read them. A consultant's vacancy belongs to
the consultant's organisation: only consultants of that organisation (and admins) change or
delete it; a vacancy without an owner (added by an admin, the CLI or the demo set without one)
is changed by admins only.
"""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from api.db.tables import vacancy_owners
from api.services.access import require_role
from api.services.audit import Action, AuditLog
from api.services.principal import Principal, Role
from api.services.record_pools import RecordPools
from matcher.ingest import link_occupation, vacancy_from_text
from matcher.record_validation import check_record
from matcher.records import Vacancy
from matcher.storage.schema import vacancies
from matcher.storage.store import Stored
from taxonomy.errors import BadInputError, ForbiddenError, NotFoundError

KIND = "vacancy"


class VacancyService:
    def __init__(self, engine: Engine, pools: RecordPools, audit: AuditLog) -> None:
        self.engine = engine
        self.pools = pools
        self.audit = audit

    def create(self, who: Principal, vacancy: Vacancy, *, link: bool = True) -> Stored[Vacancy]:
        """Store a vacancy; without an occupation it is linked from the title (``link``)."""
        require_role(who, Role.CONSULTANT)
        if vacancy.id is not None:
            raise BadInputError("a new vacancy gets its id from the service; leave id out")
        if link and vacancy.occupation is None:
            vacancy = link_occupation(vacancy, self.pools.runtime.occupation_search())
        with self.engine.begin() as conn:
            stored, vector = self.insert(who, vacancy, conn=conn)
        self.pools.vacancies.index_stored(stored, vector)
        return stored

    def insert(
        self, who: Principal, vacancy: Vacancy, *, conn: Connection
    ) -> tuple[Stored[Vacancy], np.ndarray]:
        """The database part of :meth:`create`, inside the caller's transaction."""
        check_record(vacancy, self.pools.taxonomy)
        pool = self.pools.vacancies
        vector = pool.vector_of(vacancy)
        stored = pool.store.add(vacancy, vector_model=pool.model_id, conn=conn)
        if who.role is Role.CONSULTANT and who.organisation:
            owner = {"vacancy_id": stored.id, "organisation": who.organisation}
            conn.execute(vacancy_owners.insert().values(owner))
        self.audit.record(who, Action.CREATE, KIND, stored.id, conn=conn)
        return stored, vector

    def extract(self, title: str, text: str) -> Vacancy:
        """A vacancy from its text: skills extracted, essential/optional split, occupation
        linked from the title."""
        runtime = self.pools.runtime
        return vacancy_from_text(
            title, text, runtime.skill_extractor(), runtime.occupation_search()
        )

    def create_from_text(self, who: Principal, title: str, text: str) -> Stored[Vacancy]:
        require_role(who, Role.CONSULTANT)
        return self.create(who, self.extract(title, text), link=False)

    def get(self, who: Principal, vacancy_id: str) -> Stored[Vacancy]:
        return self.pools.vacancies.store.get(vacancy_id)

    def list(
        self, who: Principal, *, after: str | None = None, limit: int = 50
    ) -> list[Stored[Vacancy]]:
        return self.pools.vacancies.store.list(limit=limit, after=after)

    def update(
        self, who: Principal, vacancy_id: str, vacancy: Vacancy, expected_version: int
    ) -> Stored[Vacancy]:
        require_role(who, Role.CONSULTANT)
        if vacancy.id not in (None, vacancy_id):
            raise BadInputError(f"the body's id {vacancy.id} is not {vacancy_id}")
        vacancy = vacancy.model_copy(update={"id": vacancy_id})
        check_record(vacancy, self.pools.taxonomy)
        pool = self.pools.vacancies
        vector = pool.vector_of(vacancy)
        with self.engine.begin() as conn:
            self._check_owner(who, vacancy_id, conn)
            stored = pool.store.update(
                vacancy, expected_version, vector_model=pool.model_id, conn=conn
            )
            self.audit.record(who, Action.UPDATE, KIND, vacancy_id, conn=conn)
        pool.index_stored(stored, vector)
        return stored

    def delete(self, who: Principal, vacancy_id: str, expected_version: int | None) -> None:
        require_role(who, Role.CONSULTANT)
        with self.engine.begin() as conn:
            self._check_owner(who, vacancy_id, conn)
            self.pools.vacancies.store.delete(vacancy_id, expected_version, conn=conn)
            self.audit.record(who, Action.DELETE, KIND, vacancy_id, conn=conn)
        self.pools.vacancies.unindex(vacancy_id)

    def owner(self, vacancy_id: str) -> str | None:
        """The organisation a vacancy belongs to (None: no owner, admins change it)."""
        with self.engine.connect() as conn:
            return self._ownership(vacancy_id, conn)[1]

    def _check_owner(self, who: Principal, vacancy_id: str, conn: Connection) -> None:
        """ForbiddenError unless ``who`` is an admin or a consultant of the owning organisation
        (a vacancy that does not exist stays a NotFoundError)."""
        if who.role is Role.ADMIN:
            return
        exists, owner = self._ownership(vacancy_id, conn)
        if not exists:
            raise NotFoundError(f"no vacancy with id {vacancy_id}", details={"id": vacancy_id})
        if owner is None or owner != who.organisation:
            whose = "another organisation" if owner else "no organisation (admins change it)"
            raise ForbiddenError(
                f"deze vacature is niet van uw organisatie / this vacancy belongs to {whose}",
                details={"id": vacancy_id},
            )

    @staticmethod
    def _ownership(vacancy_id: str, conn: Connection) -> tuple[bool, str | None]:
        """(whether the vacancy exists, its owning organisation)."""
        query = (
            sa.select(vacancies.c.id, vacancy_owners.c.organisation)
            .select_from(vacancies.outerjoin(vacancy_owners))
            .where(vacancies.c.id == vacancy_id)
        )
        row = conn.execute(query).first()
        return (row is not None, row.organisation if row is not None else None)
