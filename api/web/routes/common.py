"""What every web router shares: the route class, the CSRF check, redirects."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.responses import RedirectResponse

from api.web.csrf import csrf_protect
from api.web.errors import WebRoute


def web_router(prefix: str = "") -> APIRouter:
    """A router of pages: errors become pages, every POST is CSRF-checked, no OpenAPI entry."""
    return APIRouter(
        prefix=prefix,
        route_class=WebRoute,
        include_in_schema=False,
        dependencies=[Depends(csrf_protect)],
    )


def redirect(url: str) -> RedirectResponse:
    """After a POST: see the result with a GET (the back button does not resend the form)."""
    return RedirectResponse(url, status_code=303)


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site (no open redirects), else None."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    return target
