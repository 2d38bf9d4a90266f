"""CSRF protection: every form carries the session's token, every POST is checked against it."""

from __future__ import annotations

import hmac

from starlette.requests import Request

from api.web.errors import CsrfError

FIELD = "csrf_token"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def csrf_protect(request: Request) -> None:
    """Raise :class:`CsrfError` when a state-changing request lacks the session's token."""
    if request.method not in _UNSAFE:
        return
    expected = request.session.get("csrf")
    sent = (await request.form()).get(FIELD)
    if not (
        isinstance(sent, str) and expected and hmac.compare_digest(sent.encode(), expected.encode())
    ):
        raise CsrfError()
