"""Engines and transactions. The entry point owns the transaction: `transaction()` commits on success
and rolls back on any error, so nothing half-done is ever committed.

Writers wait for each other, for a bounded time: on SQLite a writing transaction takes the database's
write lock at BEGIN and waits up to `BUSY_WAIT_S` seconds for it (`?timeout=SECONDS` in the URL sets
another). A transaction that still meets another's lock — that wait run out, the pool without a free
connection, PostgreSQL's deadlock or serialization failure — raises `Busy`: nothing was changed, and the
request may be sent again (the API answers 503 with Retry-After)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from ngoreg.errors import Busy, InvalidInput

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
BUSY_WAIT_S = 10.0  # how long a SQLite transaction waits for the write lock before it is `Busy`
SQLITE_BUSY, SQLITE_LOCKED = 5, 6  # result codes (the low byte of an extended one)
# PostgreSQL: lock_not_available, deadlock_detected, serialization_failure. Each rolls the transaction back
# whole; sent again, the request is likely to pass.
PG_CONTENTION = frozenset({"55P03", "40P01", "40001"})


def contended(exc: BaseException) -> bool:
    """Whether an error of the database says it was busy with other transactions, not that ours was wrong."""
    if isinstance(exc, PoolTimeout):  # every pooled connection in use for the pool's whole timeout
        return True
    orig = exc.orig if isinstance(exc, OperationalError) else exc
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
        return "is locked" in str(orig)
    return getattr(orig, "sqlstate", None) in PG_CONTENTION


def _busy(exc: BaseException) -> Busy:
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return Busy(f"the database is busy with other writers ({detail}); nothing was changed, try again")


@cache
def _busy_ms(engine: Engine) -> int:
    value = engine.url.query.get("timeout", str(BUSY_WAIT_S))
    try:
        seconds = float(value if isinstance(value, str) else value[-1])
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise InvalidInput("--db", engine.url.render_as_string(), "timeout: seconds between 0 and 3600")
    return int(seconds * 1000)


def _sqlite_setup(engine: Engine) -> None:
    busy_ms = _busy_ms(engine)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN below be the only transaction control.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        # Reads map the file instead of copying each page into a 2 MB cache through a system call: a read of
        # one organisation touches five B-trees of a large file, a calendar hundreds of thousands of rows.
        # The mapping is address space, not memory; the pages are the operating system's cache either way.
        cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get("write"):
            # A writing transaction takes the write lock at BEGIN: two writers queue instead of one
            # failing half-way with "database is locked" when it upgrades a read lock. It waits what is
            # left of its bounded wait after its turn in this process (`_write_turn`).
            _begin_immediate(conn.connection.driver_connection, options.get("wait_s", busy_ms / 1000), busy_ms)
        else:
            conn.exec_driver_sql("BEGIN")


LOCK_POLL_S = 0.004  # the longest pause between two tries for SQLite's write lock


def _begin_immediate(raw: sqlite3.Connection, wait_s: float, busy_ms: int) -> None:
    """BEGIN IMMEDIATE, tried again until `wait_s` have passed; `Busy` after that.

    SQLite's own busy handler sleeps ever longer between tries, up to 100 ms, while a writer of another
    process that has just committed hands the lock to the next writer of its own process at once: under
    load, a writer of one process could lose every try until its wait ran out. Tried every few
    milliseconds, the lock goes to the processes' writers in turn. Only one writer of each process tries
    (`_write_turn`), so the tries cost little."""
    deadline = time.monotonic() + wait_s
    pause = LOCK_POLL_S / 8
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                left = deadline - time.monotonic()
                if not contended(exc):
                    raise
                if left <= 0:
                    raise _busy(exc) from exc
            time.sleep(min(pause, left))
            pause = min(pause * 2, LOCK_POLL_S)
    finally:
        raw.execute(f"PRAGMA busy_timeout={busy_ms}")  # for reads, which SQLite lets wait on its own


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
    try:
        pooled = (_read_engine(url) if pg else get_engine(url)).raw_connection()
    except PoolTimeout as exc:
        raise _busy(exc) from exc
    try:
        yield pooled.driver_connection, pg
    except Exception as exc:
        if contended(exc):
            raise _busy(exc) from exc
        raise
    finally:
        pooled.close()  # back to the pool


@cache
def _sessions(url: str, write: bool) -> sessionmaker[Session]:
    engine = get_engine(url)
    return sessionmaker(bind=engine.execution_options(write=True) if write else engine, expire_on_commit=False)


_TURNS: dict[str, threading.RLock] = {}  # per database: re-entrant, as a nested write of one thread was


def _turn(url: str) -> threading.RLock:
    return _TURNS.setdefault(url, threading.RLock())  # one atomic step: two threads never get two locks


@contextmanager
def _write_turn(url: str, write: bool, patience_ms: int | None) -> Iterator[float | None]:
    """On SQLite, this process's writers take turns at the write lock, and only the one whose turn it is
    asks SQLite for it (`_begin_immediate`): the rest wait on a lock of the process, handed over as soon as
    it is released. Yields the seconds of the bounded wait left for SQLite's lock (None: no turn needed, a
    read or another engine)."""
    if not write or not url.startswith("sqlite"):
        yield None
        return
    wait_s = (patience_ms if patience_ms is not None else _busy_ms(get_engine(url))) / 1000
    started = time.monotonic()
    turn = _turn(url)
    if not turn.acquire(timeout=wait_s):
        raise Busy(f"the database is busy with other writers (waited {wait_s:g} s for a turn); nothing was "
                   "changed, try again")  # fmt: skip
    try:
        yield max(0.0, wait_s - (time.monotonic() - started))
    finally:
        turn.release()


@contextmanager
def transaction(url: str, *, write: bool = True, patience_ms: int | None = None) -> Iterator[Session]:
    """One unit of work. Services get the session and never commit; this commits or rolls back.
    `patience_ms`: on SQLite, wait this long for the write lock instead of the engine's bounded wait,
    for a write that had better be skipped than waited for. Raises `Busy` when the database was busy."""
    session = _sessions(url, write)()
    try:
        with _write_turn(url, write, patience_ms) as wait_s, session.begin():
            if wait_s is not None:
                session.connection(execution_options={"wait_s": wait_s})
            yield session
    except (OperationalError, PoolTimeout) as exc:
        if contended(exc):
            raise _busy(exc) from exc
        raise
    finally:
        session.close()
