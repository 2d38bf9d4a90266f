"""Kandidaten zoeken: a consultant's vacancies, their skills and filters, ranked candidates
(only profiles whose consent lets the consultant's organisation see them), a candidate's gap
and a shortlist as CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Form, Query
from starlette.requests import Request
from starlette.responses import Response

from api.services.container import Services
from api.web.auth import ConsultantDep, ServicesDep, WebUser
from api.web.i18n import N_, error_message
from api.web.labels import PageLabels
from api.web.routes.common import redirect, web_router
from api.web.session import WebSession
from api.web.shortlist import shortlist_csv
from api.web.skill_groups import group_skills
from api.web.templating import render
from api.web.vacancy_edits import (
    FilterForm,
    add_skill,
    move_skill,
    remove_skill,
    vacancy_from_title,
)
from matcher.records import CEFR_LEVELS, Vacancy
from matcher.storage.store import Stored
from taxonomy.errors import ConflictError, SkillmatchError

router = web_router("/kandidaten")

#: Candidates on one page.
PAGE_SIZE = 10


@router.get("")
def vacancies(request: Request, user: ConsultantDep, services: ServicesDep) -> Response:
    """Pick a stored vacancy or make a new one."""
    return _vacancies_page(request, user, services, {}, {})


def _vacancies_page(
    request: Request,
    user: WebUser,
    services: Services,
    errors: dict[str, str],
    form: dict[str, str],
    status: int = 200,
) -> Response:
    stored = services.vacancies.list(user.principal, limit=200)
    context = {"vacancies": stored, "errors": errors, "form": form}
    return render(request, "consultant/vacancies.html", context, status)


@router.post("/vacatures")
def create_vacancy(
    request: Request,
    user: ConsultantDep,
    services: ServicesDep,
    titel: Annotated[str, Form()] = "",
    tekst: Annotated[str, Form()] = "",
) -> Response:
    """A vacancy from its text (skills extracted) or from a title alone (the occupation's
    ESCO skills as a start)."""
    title, text = " ".join(titel.split()), tekst.strip()
    errors = {}
    if not title:
        errors["titel"] = user._("Vul de functietitel in.")
    elif len(title) > 300:
        errors["titel"] = user._("Gebruik hoogstens 300 tekens.")
    if len(text) > services.settings.max_text_chars:
        errors["tekst"] = user._("De tekst is te lang.")
    if not errors:
        try:
            stored = (
                services.vacancies.create_from_text(user.principal, title, text)
                if text
                else services.vacancies.create(
                    user.principal,
                    vacancy_from_title(
                        title, services.runtime.taxonomy, services.runtime.occupation_search()
                    ),
                    link=False,
                )
            )
        except SkillmatchError as err:
            errors["tekst"] = error_message(err, user.lang)
        else:
            WebSession(request).flash(user._("De vacature is opgeslagen."))
            return redirect(f"/kandidaten/{stored.id}")
    form = {"titel": titel, "tekst": tekst}
    return _vacancies_page(request, user, services, errors, form, status=422)


@router.get("/{vacancy_id}")
def vacancy(
    request: Request,
    vacancy_id: str,
    user: ConsultantDep,
    services: ServicesDep,
    vanaf: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Response:
    """The vacancy's skills and filters, and its candidates, best first."""
    return _vacancy_page(request, user, services, vacancy_id, offset=vanaf)


def _vacancy_page(
    request: Request,
    user: WebUser,
    services: Services,
    vacancy_id: str,
    *,
    offset: int = 0,
    filters: FilterForm | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    stored = services.vacancies.get(user.principal, vacancy_id)
    page = services.matching.candidates(user.principal, vacancy_id, offset=offset, limit=PAGE_SIZE)
    labels = PageLabels(services.runtime.taxonomy, user.langs)
    context = {
        "stored": stored,
        "vacancy": stored.record,
        "essential": group_skills(stored.record.essential_skills, labels),
        "optional": group_skills(stored.record.optional_skills, labels),
        "filters": filters or FilterForm.of(stored.record),
        "cefr_levels": CEFR_LEVELS,
        "page": page,
        "page_size": PAGE_SIZE,
        "errors": errors or {},
    }
    return render(request, "consultant/vacancy.html", context, status)


def _update(
    services: Services, user: WebUser, vacancy_id: str, change: Callable[[Vacancy], Vacancy]
) -> Stored[Vacancy]:
    """Apply ``change`` to the current version (read just before); once more on a conflict."""
    for attempt in (1, 2):
        stored = services.vacancies.get(user.principal, vacancy_id)
        try:
            return services.vacancies.update(
                user.principal, vacancy_id, change(stored.record), stored.version
            )
        except ConflictError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _label(services: Services, user: WebUser, uri: str) -> str:
    return PageLabels(services.runtime.taxonomy, user.langs).skill(uri).text


@router.post("/{vacancy_id}/skills/toevoegen")
def add_vacancy_skill(
    request: Request,
    vacancy_id: str,
    user: ConsultantDep,
    services: ServicesDep,
    uri: Annotated[str, Form()] = "",
    zoekterm: Annotated[str, Form()] = "",
    soort: Annotated[str, Form()] = "essentieel",
) -> Response:
    essential = soort != "optioneel"
    if uri not in services.runtime.taxonomy.skills:
        if not zoekterm.strip():
            WebSession(request).flash(user._("Typ eerst een skill om te zoeken."), "error")
            return redirect(f"/kandidaten/{vacancy_id}#skill-toevoegen")
        query = urlencode({"q": zoekterm, "soort": soort})
        return redirect(f"/kandidaten/{vacancy_id}/skills/zoeken?{query}")
    _update(services, user, vacancy_id, lambda v: add_skill(v, uri, essential=essential))
    message = (
        N_("‘{skill}’ is toegevoegd als essentiële skill.")
        if essential
        else N_("‘{skill}’ is toegevoegd als optionele skill.")
    )
    WebSession(request).flash(user._(message, skill=_label(services, user, uri)))
    return redirect(f"/kandidaten/{vacancy_id}#skills")


@router.get("/{vacancy_id}/skills/zoeken")
def search_vacancy_skills(
    request: Request,
    vacancy_id: str,
    user: ConsultantDep,
    services: ServicesDep,
    q: Annotated[str, Query(max_length=100)] = "",
    soort: str = "essentieel",
) -> Response:
    if not q.strip():
        return redirect(f"/kandidaten/{vacancy_id}#skill-toevoegen")
    suggestions = services.runtime.skill_autocomplete.suggest(q, lang=user.lang, limit=10)
    context = {
        "q": q,
        "suggestions": suggestions,
        "action": f"/kandidaten/{vacancy_id}/skills/toevoegen",
        "kind": "optioneel" if soort == "optioneel" else "essentieel",
        "back": f"/kandidaten/{vacancy_id}",
    }
    return render(request, "skill_search.html", context)


@router.post("/{vacancy_id}/skills/verwijderen")
def remove_vacancy_skill(
    request: Request,
    vacancy_id: str,
    user: ConsultantDep,
    services: ServicesDep,
    uri: Annotated[str, Form()] = "",
) -> Response:
    _update(services, user, vacancy_id, lambda v: remove_skill(v, uri))
    WebSession(request).flash(user._("‘{skill}’ is verwijderd.", skill=_label(services, user, uri)))
    return redirect(f"/kandidaten/{vacancy_id}#skills")


@router.post("/{vacancy_id}/skills/verplaatsen")
def move_vacancy_skill(
    request: Request,
    vacancy_id: str,
    user: ConsultantDep,
    services: ServicesDep,
    uri: Annotated[str, Form()] = "",
) -> Response:
    stored = _update(services, user, vacancy_id, lambda v: move_skill(v, uri))
    now_essential = any(s.uri == uri for s in stored.record.essential_skills)
    message = (
        N_("‘{skill}’ is nu essentieel.") if now_essential else N_("‘{skill}’ is nu optioneel.")
    )
    WebSession(request).flash(user._(message, skill=_label(services, user, uri)))
    return redirect(f"/kandidaten/{vacancy_id}#skills")


@router.post("/{vacancy_id}/filters")
def set_filters(
    request: Request,
    vacancy_id: str,
    user: ConsultantDep,
    services: ServicesDep,
    regio: Annotated[str, Form()] = "",
    uren_min: Annotated[str, Form()] = "",
    uren_max: Annotated[str, Form()] = "",
    nederlands: Annotated[str, Form()] = "",
) -> Response:
    """Region, hours and Dutch level: hard filters applied before ranking."""
    filters = FilterForm(regio, uren_min, uren_max, nederlands)
    errors = filters.errors()
    if errors:
        errors = {field: user._(message) for field, message in errors.items()}
        return _vacancy_page(
            request, user, services, vacancy_id, filters=filters, errors=errors, status=422
        )
    _update(services, user, vacancy_id, filters.apply)
    WebSession(request).flash(user._("De filters zijn toegepast."))
    return redirect(f"/kandidaten/{vacancy_id}#kandidaten")


@router.post("/{vacancy_id}/shortlist")
def export_shortlist(
    request: Request,
    vacancy_id: str,
    user: ConsultantDep,
    services: ServicesDep,
    kandidaat: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    vanaf: Annotated[int, Form(ge=0, le=10_000)] = 0,
) -> Response:
    """The chosen candidates of the page as CSV (ranked and explained as on the page)."""
    if not kandidaat:
        WebSession(request).flash(user._("Kies eerst kandidaten voor de shortlist."), "error")
        return redirect(f"/kandidaten/{vacancy_id}?vanaf={vanaf}#kandidaten")
    page = services.matching.candidates(user.principal, vacancy_id, offset=vanaf, limit=PAGE_SIZE)
    chosen = set(kandidaat)
    labels = PageLabels(services.runtime.taxonomy, user.langs)
    body = shortlist_csv(
        [m for m in page.matches if m.id in chosen],
        label=lambda uri: labels.skill(uri).text,
        _=user._,
        lang=user.lang,
    )
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="shortlist-{vacancy_id}.csv"'},
    )


@router.get("/{vacancy_id}/kandidaat/{profile_id}")
def candidate_gap(
    request: Request,
    vacancy_id: str,
    profile_id: str,
    user: ConsultantDep,
    services: ServicesDep,
) -> Response:
    """What the candidate has, nearly has and misses for this vacancy (needs consent for
    career advice)."""
    gap = services.advice.gap(user.principal, profile_id, vacancy_id=vacancy_id, langs=user.langs)
    context = {"gap": gap, "vacancy_id": vacancy_id, "profile_id": profile_id}
    return render(request, "consultant/candidate_gap.html", context)
