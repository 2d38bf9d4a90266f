"""A service process for the crash test: it ingests a bulk job until the test SIGKILLs it.

    python -m tests.api.crash_worker DATABASE_URL DATA_DIR N_ITEMS

Runs on the toy taxonomy with the fake encoder; saves the pool index every 0.2 s so that the
kill lands between saves, with the saved index behind the database.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from api.runtime import Runtime
from api.services.container import Services
from api.services.jobs import JobKind, ProfileItem
from api.services.principal import Principal, Role
from api.settings import Settings
from matcher.skills import extraction as skill_extraction
from tests.esco_fixture import toy_taxonomy
from tests.fakes import FakeEncoder
from tests.matcher.skill_helpers import FAKE_CALIBRATION

CV = "Kok\n- use cooking techniques\n- comply with food safety and hygiene\n"


def build_services(database_url: str, data_dir: Path) -> Services:
    skill_extraction.CALIBRATIONS["fake-trigram"] = FAKE_CALIBRATION
    settings = Settings(
        cache_dir=data_dir / "cache",
        data_dir=data_dir,
        database_url=database_url,
        index_save_interval_s=0.2,
    )
    taxonomy = toy_taxonomy(Path(tempfile.mkdtemp(prefix="toy-esco-")))
    return Services(settings, Runtime(settings, taxonomy=taxonomy, encoder=FakeEncoder()))


def main() -> None:
    database_url, data_dir, n_items = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    services = build_services(database_url, data_dir)
    services.start(jobs=False)
    who = Principal("crash-test", Role.CONSULTANT, "WSP Noord")
    items = [
        ProfileItem.model_validate(
            {"text": f"{CV}\nregel {i}", "consent": [{"organisation": "WSP Noord"}]}
        )
        for i in range(n_items)
    ]
    job = services.jobs.submit(who, JobKind.PROFILES, items)
    print(job["id"], flush=True)
    services.jobs.run_pending()  # until killed


if __name__ == "__main__":
    main()
