"""How the web pages answer errors, in one place: a route class for every web route.

- not signed in (or a revoked key): back to the sign-in page, with the page asked for;
- a failed CSRF check: a 403 page that asks to try again;
- any other error of the service (:class:`~taxonomy.errors.SkillmatchError`): an error page with
  the Dutch (or English) half of its message and its HTTP status;
- anything unexpected: a 500 page (the log gets the route and error type only, never form data).

Forms that can fail on input (a CV that cannot be read, an unknown key) catch the error
themselves and show it next to the field instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from api.web.i18n import N_, error_message, translate
from api.web.session import WebSession
from api.web.templating import render
from taxonomy.errors import RateLimitedError, SkillmatchError, UnauthorizedError

log = logging.getLogger("skillmatch.web")

#: Sent with every web page (all assets are served by the app itself).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


KEY_STOPPED = N_("Uw sleutel werkt niet meer: hij is ongeldig of ingetrokken. Log opnieuw in.")
FORM_EXPIRED = N_("Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.")
UNEXPECTED = N_("Er ging iets mis. Probeer het later opnieuw.")
BAD_REQUEST = N_("Dit adres of formulier klopt niet. Ga terug en probeer het opnieuw.")


class SignInRequired(Exception):
    """The page needs a signed-in person."""


class CsrfError(Exception):
    """A form came without the session's CSRF token."""


class WebRoute(APIRoute):
    """Maps errors to pages and adds the security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                response = await handler(request)
            except Exception as err:  # every error becomes a page (or a redirect to sign in)
                response = error_response(request, err)
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return route


def error_response(request: Request, err: Exception) -> Response:
    """What the person sees instead of the page, in their language."""
    session = WebSession(request)
    lang = session.lang
    if isinstance(err, SignInRequired):
        return _to_sign_in(request)
    if isinstance(err, UnauthorizedError):
        session.sign_out()
        session.flash(translate(KEY_STOPPED, lang), "error")
        return _to_sign_in(request)
    if isinstance(err, CsrfError):
        return _error_page(request, 403, translate(FORM_EXPIRED, lang))
    if isinstance(err, RequestValidationError):
        return _error_page(request, 422, translate(BAD_REQUEST, lang))
    if isinstance(err, SkillmatchError):
        response = _error_page(request, err.http_status, error_message(err, lang))
        if isinstance(err, RateLimitedError):
            response.headers["Retry-After"] = str(err.details.get("retry_after", 1))
        return response
    # the route and error type only: never form data (it may hold CV text)
    log.error("unexpected %s on %s %s", type(err).__name__, request.method, request.url.path)
    return _error_page(request, 500, translate(UNEXPECTED, lang))


def _to_sign_in(request: Request) -> RedirectResponse:
    target = request.url.path
    if request.method == "GET" and request.url.query:
        target += "?" + request.url.query
    if request.method != "GET" or target == "/":
        return RedirectResponse("/inloggen", status_code=303)
    return RedirectResponse(f"/inloggen?volgende={quote(target, safe='')}", status_code=303)


def _error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"status": status, "message": message}, status)
