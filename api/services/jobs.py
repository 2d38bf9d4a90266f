"""Bulk import jobs: many CVs (or vacancy texts) turned into stored, indexed records.

``submit`` stores the job and all its items in one transaction and returns the job id at once;
one worker thread works through the items in order. Each item is applied in a single
transaction that inserts the record (with its consent and audit event) *and* marks the item
done, so after a crash or restart an item is either fully applied or still pending, never half
applied; the worker resumes every unfinished job at start-up. An item's input text (personal
data) is cleared from the database as soon as the item is done or has failed. Vectors are
indexed after each commit; anything a crash kept out of the index is repaired at start-up
(``api/services/record_pools.py``).
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from api.db.tables import job_items, jobs
from api.services.access import require_role
from api.services.audit import Action, AuditLog
from api.services.consent import ConsentGrant
from api.services.principal import Principal, Role
from api.services.profiles import ProfileService
from api.services.vacancies import VacancyService
from matcher.text.documents import check_text
from taxonomy.errors import BadInputError, NotFoundError, SkillmatchError

log = logging.getLogger("skillmatch.jobs")

MAX_JOB_ITEMS = 1000


class JobKind(StrEnum):
    PROFILES = "profiles"
    VACANCIES = "vacancies"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ProfileItem(BaseModel):
    """One CV of a bulk import."""

    text: str = Field(min_length=1, max_length=100_000)
    consent: list[ConsentGrant] = Field(default_factory=list, max_length=50)


class VacancyItem(BaseModel):
    """One vacancy text of a bulk import."""

    title: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=100_000)


class JobService:
    """Stores jobs and runs them on one background thread (``start``/``stop``)."""

    def __init__(
        self,
        engine: Engine,
        profiles: ProfileService,
        vacancies: VacancyService,
        audit: AuditLog,
        *,
        on_item: Callable[[], None] | None = None,
    ) -> None:
        self.engine = engine
        self.profiles = profiles
        self.vacancies = vacancies
        self.audit = audit
        self.on_item = on_item
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- submitting and reading ------------------------------------------------------------------
    def submit(
        self, who: Principal, kind: JobKind, items: list[ProfileItem] | list[VacancyItem]
    ) -> dict:
        require_role(who, Role.CONSULTANT)
        if not 1 <= len(items) <= MAX_JOB_ITEMS:
            raise BadInputError(f"a job holds 1 to {MAX_JOB_ITEMS} items, got {len(items)}")
        for i, item in enumerate(items):
            try:
                check_text(item.text)
            except BadInputError as err:
                raise BadInputError(f"item {i}: {err.message}", details={"index": i}) from None
            if kind is JobKind.PROFILES:
                self.profiles.check_can_create(who, item.consent)  # type: ignore[union-attr]
        job_id = secrets.token_hex(16)
        now = datetime.now(UTC)
        options = {"role": who.role.value, "profile_id": who.profile_id}
        with self.engine.begin() as conn:
            conn.execute(
                jobs.insert().values(
                    id=job_id,
                    kind=kind.value,
                    status=JobStatus.QUEUED.value,
                    key_id=who.key_id,
                    organisation=who.organisation,
                    options=json.dumps(options),
                    total=len(items),
                    done=0,
                    failed=0,
                    created_at=now,
                    updated_at=now,
                )
            )
            conn.execute(
                job_items.insert(),
                [
                    {
                        "job_id": job_id,
                        "seq": i,
                        "status": "pending",
                        "payload": item.model_dump_json(),
                    }
                    for i, item in enumerate(items)
                ],
            )
            self.audit.record(
                who, Action.IMPORT, "job", job_id, detail=f"{len(items)} {kind.value}", conn=conn
            )
        self._wake.set()
        return self.status(who, job_id)

    def status(self, who: Principal, job_id: str) -> dict:
        """The job's progress; its creator (or an admin) only."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).first()
            if row is None or (who.role is not Role.ADMIN and row.key_id != who.key_id):
                raise NotFoundError(f"no job with id {job_id}", details={"id": job_id})
            items = conn.execute(
                sa.select(
                    job_items.c.seq, job_items.c.status, job_items.c.record_id, job_items.c.error
                )
                .where(job_items.c.job_id == job_id)
                .order_by(job_items.c.seq)
            ).all()
        return {
            "id": row.id,
            "kind": row.kind,
            "status": row.status,
            "total": row.total,
            "done": row.done,
            "failed": row.failed,
            "error": row.error,
            "created_at": _utc(row.created_at).isoformat(),
            "updated_at": _utc(row.updated_at).isoformat(),
            "items": [
                {"seq": i.seq, "status": i.status, "record_id": i.record_id, "error": i.error}
                for i in items
            ],
        }

    # -- the worker --------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker; it first resumes jobs a restart interrupted."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="skillmatch-jobs", daemon=True)
            self._thread.start()
            self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run_pending(self) -> int:
        """Work through every unfinished job now (the worker's loop body); returns items done."""
        n = 0
        while not self._stop.is_set() and (job := self._next_job()) is not None:
            n += self._run_job(job)
        return n

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.run_pending()
            except Exception:  # never let the worker die silently
                log.exception("job worker error")
            self._wake.wait(5.0)

    def _next_job(self) -> sa.Row | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(jobs)
                .where(jobs.c.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]))
                .order_by(jobs.c.created_at, jobs.c.id)
                .limit(1)
            ).first()

    def _run_job(self, job: sa.Row) -> int:
        options = json.loads(job.options)
        who = Principal(job.key_id, Role(options["role"]), job.organisation, options["profile_id"])
        self._set_status(job.id, JobStatus.RUNNING)
        n = 0
        while not self._stop.is_set():
            with self.engine.connect() as conn:
                item = conn.execute(
                    sa.select(job_items)
                    .where(job_items.c.job_id == job.id, job_items.c.status == "pending")
                    .order_by(job_items.c.seq)
                    .limit(1)
                ).first()
            if item is None:
                self._set_status(job.id, JobStatus.DONE)
                return n
            self._apply(JobKind(job.kind), who, job.id, item)
            n += 1
        return n

    def _apply(self, kind: JobKind, who: Principal, job_id: str, item: sa.Row) -> None:
        """Apply one item exactly once: the item is claimed (pending → done) in the transaction
        that stores its record, so a second process working on the same job skips it."""
        where = (job_items.c.job_id == job_id) & (job_items.c.seq == item.seq)
        pending = where & (job_items.c.status == "pending")
        try:
            if kind is JobKind.PROFILES:
                data = ProfileItem.model_validate_json(item.payload)
                record = self.profiles.extract(data.text)
                pool = self.profiles.pools.profiles
            else:
                data = VacancyItem.model_validate_json(item.payload)
                record = self.vacancies.extract(data.title, data.text)
                pool = self.vacancies.pools.vacancies
            with self.engine.begin() as conn:
                claim = job_items.update().where(pending).values(status="done", payload="")
                if conn.execute(claim).rowcount != 1:
                    raise _TakenElsewhere
                if kind is JobKind.PROFILES:
                    stored, vector = self.profiles.insert(who, record, data.consent, conn=conn)
                else:
                    stored, vector = self.vacancies.insert(who, record, conn=conn)
                conn.execute(job_items.update().where(where).values(record_id=stored.id))
                self._count(conn, job_id, done=1)
            self.profiles.consent.invalidate()  # after the commit (see ConsentRegistry)
            pool.index_stored(stored, vector)
        except _TakenElsewhere:
            return
        except SkillmatchError as err:
            with self.engine.begin() as conn:
                failed = job_items.update().where(pending)
                failed = failed.values(status="failed", payload="", error=err.message[:500])
                if conn.execute(failed).rowcount == 1:
                    self._count(conn, job_id, failed=1)
        if self.on_item is not None:
            self.on_item()

    def _count(self, conn, job_id: str, *, done: int = 0, failed: int = 0) -> None:
        conn.execute(
            jobs.update()
            .where(jobs.c.id == job_id)
            .values(
                done=jobs.c.done + done, failed=jobs.c.failed + failed, updated_at=datetime.now(UTC)
            )
        )

    def _set_status(self, job_id: str, status: JobStatus) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                jobs.update()
                .where(jobs.c.id == job_id)
                .values(status=status.value, updated_at=datetime.now(UTC))
            )


class _TakenElsewhere(Exception):
    """Another process applied the item first (the transaction is rolled back)."""


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)
