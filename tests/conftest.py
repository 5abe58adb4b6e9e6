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
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ngoreg.access import passwords
from ngoreg.audit.repository import Actor
from ngoreg.db.engine import get_engine
from ngoreg.db.migrate import upgrade
from tests.pg_pool import PgDatabases

PG_URL = os.environ.get("NGOREG_TEST_DATABASE_URL")
# Argon2id as in production but light: one pass over 1 MiB instead of three over 64 MiB in four lanes, which
# take half a second a hash on a busy machine and hundreds of hashes add up. Tests marked production_hashing
# (tests/access/test_passwords.py) hash with the production parameters. LIGHT is not the parameters of
# tests.access.test_passwords.CHEAP, so that a hash made with those is still one to replace at login.
LIGHT = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ACTOR = Actor("tester", "Test Officer")


@pytest.fixture(autouse=True)
def light_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if request.node.get_closest_marker("production_hashing"):
        yield
        return
    monkeypatch.setattr(passwords, "HASHER", LIGHT)
    passwords._dummy.cache_clear()  # the hash unknown usernames are checked against, made again with LIGHT
    yield
    passwords._dummy.cache_clear()


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


@pytest.fixture(scope="session")
def pg_databases(pg_template: str) -> Iterator[PgDatabases]:
    """This test process's copies of the template (each xdist worker has its own template and copies)."""
    databases = PgDatabases(PG_URL or "", pg_template)
    yield databases
    databases.close()


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
    databases: PgDatabases = request.getfixturevalue("pg_databases")
    name, db_url = databases.take()
    yield db_url
    get_engine(db_url).dispose()
    databases.give_back(name)
