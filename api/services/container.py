"""Every service of one running API, wired once from the settings and the engine runtime."""

from __future__ import annotations

import logging
import threading
from functools import cached_property

import sqlalchemy as sa

from api.db.database import open_database
from api.runtime import Runtime
from api.services.advice import AdviceService
from api.services.audit import AuditLog
from api.services.consent import ConsentRegistry
from api.services.jobs import JobService
from api.services.keys import KeyService
from api.services.matching import MatchService
from api.services.profiles import ProfileService
from api.services.rate_limit import RateLimiter
from api.services.record_pools import RecordPools
from api.services.stats import StatsService
from api.services.uploads import DocumentParser
from api.services.vacancies import VacancyService
from api.settings import Settings

log = logging.getLogger("skillmatch.api")


class Services:
    """Lazily built services; :meth:`start` opens the pools and the job worker."""

    def __init__(self, settings: Settings, runtime: Runtime) -> None:
        self.settings = settings
        self.runtime = runtime
        self._saver: threading.Thread | None = None
        self._stopping = threading.Event()

    @cached_property
    def engine(self) -> sa.Engine:
        return open_database(self.settings.resolved_database_url)

    @cached_property
    def keys(self) -> KeyService:
        return KeyService(self.engine)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.engine)

    @cached_property
    def consent(self) -> ConsentRegistry:
        return ConsentRegistry(self.engine)

    @cached_property
    def pools(self) -> RecordPools:
        return RecordPools(self.runtime, self.engine, self.settings.resolved_index_dir)

    @cached_property
    def profiles(self) -> ProfileService:
        return ProfileService(self.engine, self.pools, self.consent, self.audit, self.keys)

    @cached_property
    def vacancies(self) -> VacancyService:
        return VacancyService(self.engine, self.pools, self.audit)

    @cached_property
    def matching(self) -> MatchService:
        return MatchService(self.pools, self.consent, self.audit)

    @cached_property
    def advice(self) -> AdviceService:
        return AdviceService(self.pools, self.consent, self.audit)

    @cached_property
    def stats(self) -> StatsService:
        return StatsService(self.pools, self.audit)

    @cached_property
    def jobs(self) -> JobService:
        return JobService(self.engine, self.profiles, self.vacancies, self.audit)

    @cached_property
    def documents(self) -> DocumentParser:
        s = self.settings
        return DocumentParser(
            max_bytes=s.max_upload_bytes, max_pages=s.max_pdf_pages, timeout_s=s.parse_timeout_s
        )

    @cached_property
    def rate_limiter(self) -> RateLimiter:
        return RateLimiter(self.settings.rate_limit, self.settings.rate_limit_storage)

    def readiness(self) -> dict[str, dict]:
        """What ``/ready`` reports: database, indexes, model."""
        checks: dict[str, dict] = {}
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            checks["database"] = {"ok": True, "backend": self.engine.dialect.name}
        except Exception as err:  # the check's job is to report it
            checks["database"] = {"ok": False, "error": type(err).__name__}
            return checks
        for name, check in self.pools.verify().items():
            checks[f"index_{name}"] = {
                "ok": check.ok,
                "index_count": check.index_count,
                "store_count": check.store_count,
            }
        encoder = self.runtime.encoder
        loaded = bool(getattr(encoder, "is_loaded", True))
        checks["model"] = {"ok": loaded, "model_id": encoder.model_id}
        return checks

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self, *, jobs: bool = True) -> None:
        """Migrate the database, bring both indexes in step with it, start the job worker and
        the periodic index saver."""
        checks = self.pools.open()
        for name, check in checks.items():
            if check is not None and not check.ok:
                log.info(
                    "%s index repaired: %d missing, %d stale, %d extra",
                    name,
                    len(check.missing),
                    len(check.stale),
                    len(check.extra),
                )
        if jobs:
            self.jobs.start()
        self._stopping.clear()
        self._saver = threading.Thread(target=self._save_loop, name="index-saver", daemon=True)
        self._saver.start()

    def _save_loop(self) -> None:
        while not self._stopping.wait(self.settings.index_save_interval_s):
            try:
                self.pools.save()
            except Exception:
                log.exception("saving the pool indexes failed")

    def stop(self) -> None:
        self._stopping.set()
        if "jobs" in self.__dict__:
            self.jobs.stop()
        if "pools" in self.__dict__:
            self.pools.save()
        if "documents" in self.__dict__:
            self.documents.close()
        if "engine" in self.__dict__:
            self.engine.dispose()
