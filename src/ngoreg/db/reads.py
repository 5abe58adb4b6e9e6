"""Reads of a whole registry: hundreds of thousands of rows straight from the driver, and on PostgreSQL
several statements at once, all as of one moment.

SQLAlchemy compiles each statement, but its per-row work would cost more than the query over a whole
registry, so rows come as the driver's plain tuples. The values are written into the statement (they are
dates, numbers and names of this package's own, never text a user typed)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

Rows = Iterator[tuple[Any, ...]]


def sql_of(q: Select[Any], dialect: Dialect) -> str:
    return str(q.compile(dialect=dialect, compile_kwargs={"literal_binds": True, "render_postcompile": True}))


def stream(session: Session, q: Select[Any], *, settings: str | None = None) -> Rows:
    """The rows of `q` in the session's transaction, as they are read. `settings` (`SET LOCAL …`) are run
    first on PostgreSQL."""
    conn = session.connection()
    sql = sql_of(q, conn.dialect)
    raw: Any = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        # A client-side cursor: PostgreSQL may plan the query in parallel (a server-side cursor forbids it),
        # and the connection stays free between rows (psycopg's stream() holds it until the last row, so a
        # reader that stopped early would leave the transaction unable to end). The result waits in the
        # driver's buffer, a few bytes a row, and becomes Python objects only as it is read.
        with raw.cursor() as cur:
            if settings:
                cur.execute(settings)
            cur.execute(sql)
            yield from cur
        return
    cur = raw.execute(sql)  # SQLite's cursor steps through the result as it is read
    try:
        yield from cur
    finally:
        cur.close()


def together(session: Session, queries: Sequence[Select[Any]], *, settings: str | None = None,
             at_once: bool = True) -> list[Rows]:  # fmt: skip
    """The rows of each query, all as the session's transaction sees the registry.

    On PostgreSQL, `at_once`, the queries run at the same time, each on a connection of its own whose
    transaction imports the session's snapshot (`pg_export_snapshot`, the means parallel `pg_dump` uses):
    the server works on them side by side while Python reads the results in turn, and they agree with each
    other as one statement's parts would, whatever is committed meanwhile. Otherwise, and on SQLite (one
    writer; a read's steps hold Python's lock too often for a second thread to help), they run one after
    another in the session's transaction, each as it is read: for small reads, where a connection more costs
    more than it saves."""
    if not at_once or session.get_bind().dialect.name != "postgresql":
        return [stream(session, q, settings=settings) for q in queries]
    conn = session.connection()
    snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
    opened: list[Connection] = []
    try:
        # Each connection takes the snapshot here, before this returns: the exporting transaction (the
        # session's) may end once its rows are read, and a snapshot can be imported only while it lasts.
        for _ in queries:
            c = conn.engine.connect().execution_options(isolation_level="REPEATABLE READ")
            opened.append(c)
            c.begin()
            c.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")  # the server's own identifier
            if settings:
                c.exec_driver_sql(settings)
    except BaseException:
        for c in opened:
            c.close()
        raise
    return [_rows(_pool().submit(_fetch, c, sql_of(q, conn.dialect))) for c, q in zip(opened, queries, strict=True)]


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=8, thread_name_prefix="ngoreg-read")


def _fetch(c: Connection, sql: str) -> list[tuple[Any, ...]]:
    """The whole result, on the reader's thread; the connection goes back to the pool whatever happens, read
    or not."""
    raw: Any = c.connection.driver_connection
    try:
        with raw.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()
    finally:
        c.close()


def _rows(future: Future[list[tuple[Any, ...]]]) -> Rows:
    yield from future.result()
