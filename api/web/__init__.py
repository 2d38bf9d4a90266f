"""Web pages for jobseekers ("Mijn skills") and WSP consultants ("Kandidaten zoeken").

Server-rendered (Jinja2) in Dutch, English switchable, with a little plain JavaScript; every
asset is served by the app. Pages call the same services as the API, with the same keys, roles
and consent: a person signs in with their API key, which the signed session cookie keeps.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from api.settings import Settings
from api.web.config import WebSettings, session_secret
from api.web.routes import router
from api.web.session import SESSION_COOKIE

STATIC_DIR = Path(__file__).parent / "static"


def install_web(app: FastAPI, settings: Settings, web: WebSettings | None = None) -> None:
    """Add the pages, their static files and the session cookie to ``app``."""
    web = web or WebSettings()
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(web, settings.data_dir),
        session_cookie=SESSION_COOKIE,
        max_age=int(web.session_hours * 3600),
        same_site="lax",
        https_only=web.secure_cookies,
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(router)
