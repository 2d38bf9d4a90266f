"""Settings of the web pages and the secret that signs their session cookie."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE = "web-session-secret"


class WebSettings(BaseSettings):
    """Read from ``SKILLMATCH_WEB_*`` environment variables.

    - ``SKILLMATCH_WEB_SECRET_KEY``: signs the session cookie; by default a random secret is
      made once and kept in ``SKILLMATCH_DATA_DIR/web-session-secret`` (mode 0600), so sessions
      survive a restart.
    - ``SKILLMATCH_WEB_SECURE_COOKIES``: send the cookie over HTTPS only (set it behind TLS).
    - ``SKILLMATCH_WEB_SESSION_HOURS``: a session ends this long after the last page (8 h).
    """

    model_config = SettingsConfigDict(env_prefix="SKILLMATCH_WEB_", extra="ignore")

    secret_key: str | None = None
    secure_cookies: bool = False
    session_hours: float = 8.0


def session_secret(web: WebSettings, data_dir: Path) -> str:
    """The configured secret, else the one stored in ``data_dir`` (made on first use)."""
    if web.secret_key:
        return web.secret_key
    path = data_dir.expanduser() / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
