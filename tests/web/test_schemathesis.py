"""Property-based checks of the whole API against its own OpenAPI document (schemathesis): for every
operation, generated valid and invalid requests never get a 500, and every response has a documented status,
content type, headers and a body matching its schema. Run over a small seeded SQLite registry, a fresh copy
per operation, with few examples each so the suite stays quick on two cores: every operation as an
administrator (bearer token: who reaches every object, so the operations run rather than stop at 404), and
the reads as the public."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ngoreg.db.engine import get_engine
from ngoreg.web.app import create_app
from tests.web.accounts import AT, bearer, token
from tests.web.seed import seed

# The schema is read when the module is collected (schemathesis's fixture-based loader does not run on this
# pytest), so the app is built on a path whose database each test lays down afresh.
DB = Path(tempfile.mkdtemp(prefix="ngoreg-schemathesis-")) / "ngoreg.db"
URL = f"sqlite:///{DB}"
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(URL, clock=lambda: AT))


@pytest.fixture
def admin_token(sqlite_template: Path) -> Iterator[str]:
    """A fresh copy of the seeded registry, and an administrator's bearer token for it."""
    get_engine(URL).dispose()
    for stale in DB.parent.glob(DB.name + "*"):
        stale.unlink()
    shutil.copy(sqlite_template, DB)
    seed(URL)
    yield token(URL, "admin", "administrator")
    get_engine(URL).dispose()


# Excluded check: `positive_data_acceptance` wants every schema-valid request accepted, but many values the
# schema cannot describe are refused as the law, the registry or the rules of access require (an unknown
# province name, a date that is no date, a filing the account may not act on): those are 403/404/409/422 by
# design. Every other check runs: no 5xx, and status, content type, headers and body as documented.
EXCLUDED = [positive_data_acceptance]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_its_schema(case: schemathesis.Case, admin_token: str) -> None:
    case.call_and_validate(headers=bearer(admin_token), excluded_checks=EXCLUDED)


@schema.include(method="GET").parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_read_conforms_for_the_public(case: schemathesis.Case, admin_token: str) -> None:
    del admin_token  # the registry is laid down; the public sends no credentials
    case.call_and_validate(excluded_checks=EXCLUDED)
