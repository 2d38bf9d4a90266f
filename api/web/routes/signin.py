"""Signing in with an API key, signing out, and the page language."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form
from starlette.requests import Request
from starlette.responses import Response

from api.web.auth import HOME_PAGES, ServicesDep, current_user
from api.web.i18n import LANGS, N_, translate
from api.web.routes.common import local_path, redirect, web_router
from api.web.session import WebSession
from api.web.templating import render
from taxonomy.errors import UnauthorizedError

router = web_router()


@router.get("/")
def home(request: Request) -> Response:
    """The signed-in person's first page, else the sign-in page."""
    if not WebSession(request).api_key:
        return redirect("/inloggen")
    return redirect(current_user(request).home)


@router.get("/inloggen")
def sign_in_page(request: Request, volgende: str = "") -> Response:
    return render(request, "signin.html", {"next": local_path(volgende) or ""})


@router.post("/inloggen")
def sign_in(
    request: Request,
    services: ServicesDep,
    api_key: Annotated[str, Form()] = "",
    volgende: Annotated[str, Form()] = "",
) -> Response:
    session = WebSession(request)
    token = api_key.strip()
    if not token:
        problem = N_("Vul uw API-sleutel in.")
    else:
        try:
            who = services.keys.authenticate(token)
        except UnauthorizedError:
            problem = N_(
                "Deze sleutel kennen we niet, of hij is ingetrokken. Controleer of u de hele "
                "sleutel heeft geplakt."
            )
        else:
            session.sign_in(token)
            session.flash(translate("U bent ingelogd.", session.lang))
            return redirect(local_path(volgende) or HOME_PAGES[who.role])
    errors = {"api_key": translate(problem, session.lang)}
    context = {"next": local_path(volgende) or "", "errors": errors}
    return render(request, "signin.html", context, status=422)


@router.post("/uitloggen")
def sign_out(request: Request) -> Response:
    session = WebSession(request)
    session.sign_out()
    session.flash(translate("U bent uitgelogd.", session.lang))
    return redirect("/inloggen")


@router.get("/taal/{lang}")
def switch_language(request: Request, lang: str, terug: str = "/") -> Response:
    """Switch the pages to Dutch or English and go back to where the person was."""
    if lang in LANGS:
        WebSession(request).lang = lang  # type: ignore[assignment]
    return redirect(local_path(terug) or "/")
