"""The registry the page and browser tests read: the API tests' small registry (`tests.web.seed`) plus the
ChinaFile fixtures imported through the importers (supervisory units, offices in several provinces, temporary
activities with their partner units), so that dashboards have numbers and offices have relations."""

from __future__ import annotations

from pathlib import Path

from ngoreg.db.engine import transaction
from ngoreg.importing.chinafile import import_activities, import_offices, import_psus
from tests.conftest import ACTOR, NOW
from tests.web.seed import Seeded, seed

FIXTURES = Path(__file__).resolve().parents[2] / "importing" / "fixtures"


def seed_site(url: str) -> Seeded:
    seeded = seed(url)
    with transaction(url) as s:
        import_psus(s, FIXTURES / "supervisory_units.csv", actor=ACTOR, now=NOW)
        import_offices(s, FIXTURES / "offices.csv", actor=ACTOR, now=NOW)
        import_activities(s, FIXTURES / "temporary_activities.csv", actor=ACTOR, now=NOW)
    return seeded
