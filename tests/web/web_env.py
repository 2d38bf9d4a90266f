"""The service with its web pages on the toy taxonomy, served on a loopback port."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.runtime import Runtime
from api.services.consent import ConsentGrant
from api.services.container import Services
from api.settings import Settings
from matcher.skills import extraction as skill_extraction
from taxonomy.taxonomy import Taxonomy
from tests.api.live_server import live_server
from tests.fakes import FakeEncoder
from tests.matcher.skill_helpers import FAKE_CALIBRATION

#: A CV that names toy-taxonomy skills verbatim (the fake encoder only matches trigrams).
CV = (
    "Curriculum vitae\n\nKok\n\n"
    "Ik werk al tien jaar als kok in een druk restaurant.\n"
    "- In de keuken use cooking techniques voor warme en koude gerechten.\n"
    "- Ik comply with food safety and hygiene volgens HACCP.\n"
    "- Met gasten communicate with customers over allergieën.\n"
    "- Ik think analytically bij het plannen van de inkoop.\n"
)
NOORD, ZUID = "WSP Noord", "WSP Zuid"
BOTH_PURPOSES = ["matching", "career_advice"]


@dataclass
class WebEnv:
    """A running app and what tests need to drive it."""

    app: FastAPI
    base_url: str

    @property
    def services(self) -> Services:
        return self.app.state.services

    def key(self, role: str, organisation: str | None = None) -> str:
        """A new API key (each test makes its own people)."""
        return self.services.keys.create(role, organisation=organisation).token

    def jobseeker_with_profile(self, organisation: str | None = NOORD, text: str = CV) -> str:
        """A jobseeker key whose profile (from ``text``) consents to ``organisation``."""
        token = self.key("jobseeker")
        who = self.services.keys.authenticate(token)
        grants = (
            [ConsentGrant(organisation=organisation, purposes=BOTH_PURPOSES)]
            if organisation
            else []
        )
        self.services.profiles.create_from_text(who, text, grants)
        return token

    def profile_id(self, token: str) -> str | None:
        return self.services.keys.authenticate(token).profile_id

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, follow_redirects=True, timeout=30)

    def signed_in(self, token: str) -> httpx.Client:
        """An HTTP client with a session of ``token`` (for tests without a browser)."""
        client = self.client()
        form = {"api_key": token, "csrf_token": csrf_of(client.get("/inloggen").text)}
        response = client.post("/inloggen", data=form)
        assert response.status_code == 200, response.text
        return client


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@contextlib.contextmanager
def running_web_app(taxonomy: Taxonomy, folder: Path) -> Iterator[WebEnv]:
    """The app on ``taxonomy`` with the fake encoder and a SQLite database in ``folder``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(skill_extraction.CALIBRATIONS, "fake-trigram", FAKE_CALIBRATION)
        settings = Settings(
            cache_dir=folder / "cache",
            data_dir=folder / "data",
            database_url=f"sqlite:///{folder / 'web.db'}",
        )
        runtime = Runtime(settings, taxonomy=taxonomy, encoder=FakeEncoder())
        app = create_app(settings, runtime=runtime, warm_up=False)
        with live_server(app) as base_url:
            yield WebEnv(app, base_url)
