"""Jinja2 templates and the one way pages are rendered."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from api.web.i18n import translate, translate_count
from api.web.labels import PageLabels
from api.web.navigation import ROLE_NAMES, menu
from api.web.session import WebSession
from taxonomy.concepts import label_langs

TEMPLATES_DIR = Path(__file__).parent / "templates"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=jinja2.select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def percent(value: float | None) -> str:
    """0.287 → "29%" (the same in Dutch and English)."""
    return "–" if value is None else f"{round(100 * value)}%"


def short_id(record_id: str) -> str:
    """A record id short enough to read: long generated ids are cut to 8 characters."""
    return record_id if len(record_id) <= 16 else record_id[:8]


_env.filters["pct"] = percent
_env.filters["short_id"] = short_id
_env.filters["pct_int"] = lambda value: 0 if value is None else round(100 * value)
templates = Jinja2Templates(env=_env)


def _page_address(request: Request) -> str:
    """Where "switch language" comes back to: this page, or for the answer to a form, the page
    the form was on (a POST address cannot be opened again)."""
    if request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    """The page ``name`` in the session's language, with the signed-in user (if any), the CSRF
    token and a pending flash message."""
    session = WebSession(request)
    lang = session.lang
    runtime = request.app.state.runtime
    page: dict[str, Any] = {
        "lang": lang,
        "other_lang": "en" if lang == "nl" else "nl",
        "_": lambda text, **params: translate(text, lang, **params),
        "_n": lambda one, many, n, **params: translate_count(one, many, n, lang, **params),
        "user": getattr(request.state, "web_user", None),
        "csrf_token": session.csrf_token,
        "flash": session.pop_flash(),
        "path": request.url.path,
        "current_url": _page_address(request),
        "labels": PageLabels(runtime.taxonomy, label_langs(lang)),
        "errors": {},
        "form": {},
        "menu": [],
        "role_name": "",
    }
    if page["user"] is not None:
        who = page["user"].principal
        page["menu"] = menu(who.role, request.url.path, has_profile=who.profile_id is not None)
        page["role_name"] = ROLE_NAMES[who.role]
    page.update(context or {})
    return templates.TemplateResponse(request, name, page, status_code=status)
