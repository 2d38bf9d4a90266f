"""The browser session: the API key a person signed in with, a CSRF token, the page language
and one flash message, kept in Starlette's signed session cookie (HttpOnly, SameSite=Lax)."""

from __future__ import annotations

import secrets

from starlette.requests import Request

from api.web.i18n import LANGS, Lang

SESSION_COOKIE = "skillmatch_session"
_KEY, _CSRF, _LANG, _FLASH = "api_key", "csrf", "lang", "flash"


class WebSession:
    """Typed access to ``request.session``."""

    def __init__(self, request: Request) -> None:
        self._data = request.session

    @property
    def api_key(self) -> str | None:
        return self._data.get(_KEY)

    @property
    def csrf_token(self) -> str:
        """The session's CSRF token (made on first use)."""
        if _CSRF not in self._data:
            self._data[_CSRF] = secrets.token_urlsafe(32)
        return self._data[_CSRF]

    @property
    def lang(self) -> Lang:
        lang = self._data.get(_LANG)
        return lang if lang in LANGS else "nl"

    @lang.setter
    def lang(self, value: Lang) -> None:
        self._data[_LANG] = value

    def sign_in(self, api_key: str) -> None:
        """A fresh session for ``api_key`` (a new CSRF token: no session fixation)."""
        lang = self.lang
        self._data.clear()
        self._data.update({_KEY: api_key, _LANG: lang, _CSRF: secrets.token_urlsafe(32)})

    def sign_out(self) -> None:
        lang = self.lang
        self._data.clear()
        self._data[_LANG] = lang

    def flash(self, text: str, kind: str = "success") -> None:
        """A message for the next page (already in the page language)."""
        self._data[_FLASH] = {"text": text, "kind": kind}

    def pop_flash(self) -> dict | None:
        return self._data.pop(_FLASH, None)
