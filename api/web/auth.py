"""Who is looking at a page: the key in the session, checked on every request like an API call
(revoked keys stop working at once, and pages count against the key's rate limit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from starlette.requests import Request

from api.services.container import Services
from api.services.principal import Principal, Role
from api.web.errors import SignInRequired
from api.web.i18n import Lang, translate, translate_count
from api.web.session import WebSession
from taxonomy.concepts import label_langs
from taxonomy.errors import ForbiddenError

#: The first page of each role after signing in.
HOME_PAGES = {
    Role.JOBSEEKER: "/mijn-skills",
    Role.CONSULTANT: "/kandidaten",
    Role.ADMIN: "/kandidaten",
    Role.ANALYST: "/sector",
}


@dataclass(frozen=True)
class WebUser:
    """A signed-in person and the language of their pages."""

    principal: Principal
    lang: Lang

    @property
    def role(self) -> Role:
        return self.principal.role

    @property
    def langs(self) -> tuple[str, ...]:
        """Label languages for the taxonomy, the page language first."""
        return label_langs(self.lang)

    @property
    def home(self) -> str:
        return HOME_PAGES[self.role]

    def _(self, text: str, /, **params: object) -> str:
        return translate(text, self.lang, **params)

    def _n(self, one: str, many: str, n: int, /, **params: object) -> str:
        return translate_count(one, many, n, self.lang, **params)


def current_user(request: Request) -> WebUser:
    """The signed-in person (:class:`SignInRequired` without a session key)."""
    session = WebSession(request)
    if not session.api_key:
        raise SignInRequired()
    services: Services = request.app.state.services
    who = services.keys.authenticate(session.api_key)
    services.rate_limiter.hit(who.key_id)
    user = WebUser(who, session.lang)
    request.state.web_user = user
    return user


def jobseeker(user: Annotated[WebUser, Depends(current_user)]) -> WebUser:
    """Pages about one's own profile."""
    if user.role is not Role.JOBSEEKER:
        raise ForbiddenError(
            "Deze pagina is voor werkzoekenden / this page is for jobseekers",
            details={"role": user.role.value},
        )
    return user


def consultant(user: Annotated[WebUser, Depends(current_user)]) -> WebUser:
    """Pages for matching candidates (consultants and admins)."""
    if user.role not in (Role.CONSULTANT, Role.ADMIN):
        raise ForbiddenError(
            "Deze pagina is voor consulenten / this page is for consultants",
            details={"role": user.role.value},
        )
    return user


def services_of(request: Request) -> Services:
    return request.app.state.services


UserDep = Annotated[WebUser, Depends(current_user)]
JobseekerDep = Annotated[WebUser, Depends(jobseeker)]
ConsultantDep = Annotated[WebUser, Depends(consultant)]
ServicesDep = Annotated[Services, Depends(services_of)]
