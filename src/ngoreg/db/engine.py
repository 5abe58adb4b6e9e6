"""Engines and transactions. The entry point owns the transaction: `transaction()` commits on success
and rolls back on any error, so nothing half-done is ever committed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from ngoreg.errors import InvalidInput

DEFAULT_URL = "sqlite:///ngoreg.db"


def database_url(explicit: str | None = None) -> str:
    """`--db` wins, then NGOREG_DATABASE_URL, then ./ngoreg.db. A bare path means a SQLite file."""
    url = explicit or os.environ.get("NGOREG_DATABASE_URL") or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        make_url(url)
    except ArgumentError as exc:
        raise InvalidInput("--db", url, f"not a database URL ({exc})") from None
    return url


MMAP_BYTES = 1 << 32  # 4 GiB: SQLite maps up to this much of the file (the build's limit may be lower)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN below be the only transaction control.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=10000")
        # Reads map the file instead of copying each page into a 2 MB cache through a system call: a read of
        # one organisation touches five B-trees of a large file, a calendar hundreds of thousands of rows.
        # The mapping is address space, not memory; the pages are the operating system's cache either way.
        cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        # A writing transaction takes the write lock at BEGIN: two writers queue instead of one
        # failing half-way with "database is locked" when it upgrades a read lock.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


@cache
def get_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url)
        _sqlite_setup(engine)
    else:
        # psycopg prepares a statement after its fifth run; a generic plan for `name ILIKE $1` cannot use
        # the trigram index well, so plans stay custom (built for each pattern).
        engine = create_engine(url, pool_pre_ping=True,
                               connect_args={"options": "-c plan_cache_mode=force_custom_plan"})  # fmt: skip
    return engine


@cache
def _read_engine(url: str) -> Engine:
    """On PostgreSQL, the engine of `driver_reading`: autocommit (no BEGIN, no COMMIT: one round trip per
    statement and nothing else), no ping before each use, which would cost one more, and the server's own
    plan caching (a primary-key read keeps its generic plan; see `get_engine` for why the others do not). A
    connection that died while pooled fails its request once and is dropped; `pool_recycle` keeps them
    younger than any idle timeout."""
    return create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=False, pool_recycle=300)


@contextmanager
def driver_reading(url: str) -> Iterator[tuple[Any, bool]]:
    """The driver's own connection (sqlite3 or psycopg) from the pool, and whether it is PostgreSQL's, for a
    read of one statement that needs neither a transaction nor SQLAlchemy around it: outside a transaction
    the statement is its own snapshot on both engines. The registry's most frequent read, one organisation,
    goes this way; everything else uses `transaction`."""
    pg = not url.startswith("sqlite")
    pooled = (_read_engine(url) if pg else get_engine(url)).raw_connection()
    try:
        yield pooled.driver_connection, pg
    finally:
        pooled.close()  # back to the pool


@cache
def _sessions(url: str, write: bool) -> sessionmaker[Session]:
    engine = get_engine(url)
    return sessionmaker(bind=engine.execution_options(write=True) if write else engine, expire_on_commit=False)


@contextmanager
def transaction(url: str, *, write: bool = True) -> Iterator[Session]:
    """One unit of work. Services get the session and never commit; this commits or rolls back."""
    session = _sessions(url, write)()
    try:
        with session.begin():
            yield session
    finally:
        session.close()
