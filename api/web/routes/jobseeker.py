"""Mijn skills: a jobseeker's own profile, from CV to overstapberoepen.

Upload or paste a CV with an explicit consent choice (nothing is stored before it); check the
skills found (confirm, remove, add); see overstapberoepen, the gap for one occupation and two
occupations side by side; change consent, download everything, delete the profile.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import File, Form, Query, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from api.services.container import Services
from api.services.profiles import ProfileView
from api.web.auth import JobseekerDep, ServicesDep, WebUser
from api.web.consent_form import ConsentChoice, known_organisations
from api.web.evidence import with_evidence_sentences
from api.web.i18n import error_message
from api.web.labels import PageLabels
from api.web.routes.common import redirect, web_router
from api.web.session import WebSession
from api.web.skill_groups import group_skills, skills_chart
from api.web.templating import render
from taxonomy.errors import BadInputError, ConflictError, NotFoundError, SkillmatchError

router = web_router("/mijn-skills")

#: Overstapberoepen shown on one page.
TRANSITIONS_SHOWN = 10

Organisations = Annotated[list[str], Form()]
Purposes = Annotated[list[str], Form()]


@router.get("")
def my_skills(request: Request, user: JobseekerDep, services: ServicesDep) -> Response:
    """The profile, or the upload form when there is none yet."""
    who = user.principal
    if who.profile_id is None:
        return _upload_page(request, services, ConsentChoice(), {})
    try:
        view = services.profiles.get(who, who.profile_id)
    except NotFoundError:
        return render(request, "jobseeker/deleted.html", status=404)
    return _profile_page(request, services, user, view)


def _profile_page(
    request: Request,
    services: Services,
    user: WebUser,
    view: ProfileView,
    *,
    consent: ConsentChoice | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    labels = PageLabels(services.runtime.taxonomy, user.langs)
    groups = group_skills(view.stored.record.skills, labels)
    context = {
        "profile": view.stored.record,
        "groups": groups,
        "chart": skills_chart(groups),
        "consent": consent or ConsentChoice.from_grants(view.consent),
        "grants": view.consent,
        "organisations": known_organisations(services),
        "errors": errors or {},
    }
    return render(request, "jobseeker/skills.html", context, status)


def _upload_page(
    request: Request,
    services: Services,
    consent: ConsentChoice,
    errors: dict[str, str],
    *,
    text: str = "",
    status: int = 200,
) -> Response:
    context = {
        "consent": consent,
        "organisations": known_organisations(services),
        "errors": errors,
        "form": {"tekst": text},
        "max_mb": services.settings.max_upload_bytes / 1_000_000,
    }
    return render(request, "jobseeker/upload.html", context, status)


@router.post("/cv")
def upload_cv(
    request: Request,
    user: JobseekerDep,
    services: ServicesDep,
    cv: Annotated[UploadFile | None, File()] = None,
    tekst: Annotated[str, Form()] = "",
    toestemming: Annotated[str, Form()] = "",
    organisaties: Organisations = [],  # noqa: B006 (FastAPI copies defaults)
    andere_organisatie: Annotated[str, Form()] = "",
    doelen: Purposes = [],  # noqa: B006
) -> Response:
    """A profile from a CV file or pasted text, stored only with a valid consent choice."""
    consent = ConsentChoice(toestemming, organisaties, andere_organisatie, doelen)
    grants, errors = consent.grants()
    errors = {field: user._(message) for field, message in errors.items()}
    text, status = None, 422
    try:
        services.profiles.check_can_create(user.principal, grants)
        text = _cv_text(services, cv, tekst)
    except SkillmatchError as err:
        errors["cv"] = error_message(err, user.lang)
        status = err.http_status if err.http_status in (413, 409) else 422
    if errors or text is None:
        return _upload_page(request, services, consent, errors, text=tekst, status=status)
    try:
        profile = with_evidence_sentences(services.profiles.extract(text), text)
        view = services.profiles.create(user.principal, profile, grants)
    except SkillmatchError as err:
        errors["cv"] = error_message(err, user.lang)
        return _upload_page(request, services, consent, errors, text=tekst, status=422)
    found = len(view.stored.record.skills)
    WebSession(request).flash(
        user._n(
            "Uw cv is verwerkt: we vonden 1 skill. Klopt hij?",
            "Uw cv is verwerkt: we vonden {n} skills. Kloppen ze?",
            found,
        )
        if found
        else user._("Uw cv is verwerkt, maar we vonden geen skills. Voeg ze hieronder zelf toe.")
    )
    return redirect("/mijn-skills")


def _cv_text(services: Services, cv: UploadFile | None, pasted: str) -> str:
    """The text of the uploaded file (it wins when both are given), else the pasted text."""
    if cv is not None and cv.filename:
        data = cv.file.read(services.settings.max_upload_bytes + 1)
        return services.documents.parse(data, cv.filename).text
    text = pasted.strip()
    if not text:
        raise BadInputError(
            "Kies een bestand of plak de tekst van uw cv / choose a file or paste your CV"
        )
    limit = services.settings.max_text_chars
    if len(text) > limit:
        n, most = f"{len(text):,}", f"{limit:,}"
        raise BadInputError(
            f"De tekst is te lang ({n.replace(',', '.')} tekens, maximaal "
            f"{most.replace(',', '.')}) / the text is too long ({n} characters, at most {most})"
        )
    return text


# -- skills -----------------------------------------------------------------------------------


@router.post("/skills/bevestigen")
def confirm_skill(
    request: Request, user: JobseekerDep, services: ServicesDep, uri: Annotated[str, Form()] = ""
) -> Response:
    label = _skill_label(services, user, uri)
    _change(
        services,
        user,
        lambda v: services.profiles.confirm_skill(user.principal, _pid(user), uri, v),
    )
    WebSession(request).flash(user._("‘{skill}’ is bevestigd.", skill=label))
    return redirect("/mijn-skills")


@router.post("/skills/verwijderen")
def remove_skill(
    request: Request, user: JobseekerDep, services: ServicesDep, uri: Annotated[str, Form()] = ""
) -> Response:
    label = _skill_label(services, user, uri)
    profiles = services.profiles
    _change(services, user, lambda v: profiles.remove_skill(user.principal, _pid(user), uri, v))
    WebSession(request).flash(user._("‘{skill}’ is verwijderd.", skill=label))
    return redirect("/mijn-skills")


@router.post("/skills/toevoegen")
def add_skill(
    request: Request,
    user: JobseekerDep,
    services: ServicesDep,
    uri: Annotated[str, Form()] = "",
    zoekterm: Annotated[str, Form()] = "",
) -> Response:
    """Add the skill picked in the suggestions; with only a search term, show the choices."""
    if uri not in services.runtime.taxonomy.skills:
        if not zoekterm.strip():
            WebSession(request).flash(user._("Typ eerst een skill om te zoeken."), "error")
            return redirect("/mijn-skills#skill-toevoegen")
        return redirect(f"/mijn-skills/skills/zoeken?{urlencode({'q': zoekterm})}")
    label = _skill_label(services, user, uri)
    _confirm(services, user, uri)
    WebSession(request).flash(user._("‘{skill}’ is toegevoegd.", skill=label))
    return redirect("/mijn-skills")


@router.get("/skills/zoeken")
def search_skills(
    request: Request,
    user: JobseekerDep,
    services: ServicesDep,
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """Suggestions as a page (for browsers without JavaScript, or after pressing Enter)."""
    if not q.strip():
        return redirect("/mijn-skills#skill-toevoegen")
    suggestions = services.runtime.skill_autocomplete.suggest(q, lang=user.lang, limit=10)
    context = {"q": q, "suggestions": suggestions, "action": "/mijn-skills/skills/toevoegen"}
    return render(request, "skill_search.html", context)


def _pid(user: WebUser) -> str:
    if user.principal.profile_id is None:
        raise NotFoundError("U heeft nog geen profiel / you have no profile yet")
    return user.principal.profile_id


def _confirm(services: Services, user: WebUser, uri: str) -> None:
    """Confirm ``uri`` on the profile (adding it, by hand, when it is not there yet)."""
    _change(
        services,
        user,
        lambda v: services.profiles.confirm_skill(user.principal, _pid(user), uri, v),
    )


def _change(services: Services, user: WebUser, write: Callable[[int], ProfileView]) -> None:
    """Run ``write`` with the profile's current version (read just before), once more when
    someone else wrote in between."""
    for attempt in (1, 2):
        version = services.profiles.get(user.principal, _pid(user)).stored.version
        try:
            write(version)
            return
        except ConflictError:
            if attempt == 2:
                raise


def _skill_label(services: Services, user: WebUser, uri: str) -> str:
    skill = services.runtime.taxonomy.skills.get(uri)
    if skill is None:
        raise BadInputError("Deze skill kennen we niet / unknown skill", details={"uri": uri})
    return skill.label(user.langs).text


# -- overstapberoepen and gaps ------------------------------------------------------------------


@router.get("/overstapberoepen")
def transitions(request: Request, user: JobseekerDep, services: ServicesDep) -> Response:
    ranking = services.advice.transitions_for_profile(
        user.principal, _pid(user), top=TRANSITIONS_SHOWN, langs=user.langs
    )
    return render(request, "jobseeker/transitions.html", {"ranking": ranking})


@router.get("/beroep")
def occupation_gap(
    request: Request,
    user: JobseekerDep,
    services: ServicesDep,
    uri: Annotated[str, Query(max_length=300)] = "",
) -> Response:
    """What the person has, nearly has and misses for one occupation."""
    gap = services.advice.gap(user.principal, _pid(user), occupation=uri, langs=user.langs)
    return render(request, "jobseeker/gap.html", {"gap": gap, "occupation_uri": uri})


@router.get("/vergelijken")
def compare(
    request: Request,
    user: JobseekerDep,
    services: ServicesDep,
    beroep: Annotated[list[str], Query(max_length=300)] = [],  # noqa: B006
) -> Response:
    """Two occupations side by side."""
    chosen = list(dict.fromkeys(beroep))
    if len(chosen) != 2:
        WebSession(request).flash(user._("Kies precies twee beroepen om te vergelijken."), "error")
        return redirect("/mijn-skills/overstapberoepen#vergelijken")
    gaps = [
        services.advice.gap(user.principal, _pid(user), occupation=uri, langs=user.langs)
        for uri in chosen
    ]
    return render(request, "jobseeker/compare.html", {"gaps": gaps})


# -- consent, download, delete ------------------------------------------------------------------


@router.post("/toestemming")
def change_consent(
    request: Request,
    user: JobseekerDep,
    services: ServicesDep,
    toestemming: Annotated[str, Form()] = "",
    organisaties: Organisations = [],  # noqa: B006
    andere_organisatie: Annotated[str, Form()] = "",
    doelen: Purposes = [],  # noqa: B006
) -> Response:
    consent = ConsentChoice(toestemming, organisaties, andere_organisatie, doelen)
    grants, errors = consent.grants()
    if errors:
        view = services.profiles.get(user.principal, _pid(user))
        errors = {field: user._(message) for field, message in errors.items()}
        return _profile_page(
            request, services, user, view, consent=consent, errors=errors, status=422
        )
    services.profiles.set_consent(user.principal, _pid(user), grants)
    WebSession(request).flash(user._("Uw keuze over wie uw profiel mag zien is opgeslagen."))
    return redirect("/mijn-skills#toestemming")


@router.get("/download")
def download(user: JobseekerDep, services: ServicesDep) -> Response:
    """Everything stored about the person, as JSON (AVG art. 15)."""
    export = services.profiles.export(user.principal, _pid(user))
    return Response(
        json.dumps(export, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="mijn-skillmatch-gegevens.json"'},
    )


@router.post("/verwijderen")
def delete_profile(
    request: Request,
    user: JobseekerDep,
    services: ServicesDep,
    bevestig: Annotated[str, Form()] = "",
) -> Response:
    """Right to be forgotten: only with the confirmation box ticked."""
    if bevestig != "ja":
        view = services.profiles.get(user.principal, _pid(user))
        errors = {"bevestig": user._("Vink aan dat u uw profiel echt wilt verwijderen.")}
        return _profile_page(request, services, user, view, errors=errors, status=422)
    services.profiles.delete(user.principal, _pid(user))
    session = WebSession(request)
    session.sign_out()
    session.flash(user._("Uw profiel en alle bijbehorende gegevens zijn verwijderd."))
    return redirect("/inloggen")
