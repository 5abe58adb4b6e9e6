"""Databases for tests, built from the migrations: each test that takes `url` runs once on SQLite and
once on PostgreSQL (the latter when NGOREG_TEST_DATABASE_URL names a server; CI requires it to run)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ngoreg.audit.repository import Actor
from ngoreg.db.engine import get_engine
from ngoreg.db.migrate import upgrade

PG_URL = os.environ.get("NGOREG_TEST_DATABASE_URL")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ACTOR = Actor("tester", "Test Officer")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    get_engine(url).dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("NGOREG_TEST_DATABASE_URL is not set")
    name = f"ngoreg_tmpl_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    get_engine(url).dispose()
    yield name
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database."""
    if request.param == "sqlite":
        path = tmp_path / "ngoreg.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        db_url = f"sqlite:///{path}"
        yield db_url
        get_engine(db_url).dispose()
        return
    template = request.getfixturevalue("pg_template")
    name = f"ngoreg_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL or "", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    db_url = make_url(PG_URL or "").set(database=name).render_as_string(hide_password=False)
    yield db_url
    get_engine(db_url).dispose()
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()
