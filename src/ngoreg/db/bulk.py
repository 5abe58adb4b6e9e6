"""Writing many rows at once, engine by engine: `executemany` on SQLite's own cursor, `COPY … FROM STDIN` on
PostgreSQL. Callers assign ids themselves (`next_id`) so that rows can refer to each other before they are
written; they hold the write lock while they do (SQLite: BEGIN IMMEDIATE; PostgreSQL: the audit log's table
lock, taken before the first id is read), and call `sync_sequence` after a PostgreSQL load."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def next_id(session: Session, table: str) -> int:
    return int(session.execute(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")).scalar_one())


def _sqlite_value(v: Any) -> Any:
    # What SQLAlchemy's SQLite types store: ISO dates, 'YYYY-MM-DD HH:MM:SS.ffffff' datetimes (naive).
    if isinstance(v, datetime):
        return v.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(v, date):
        return v.isoformat()
    return v


def insert_rows(session: Session, table: str, cols: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Inserts rows (tuples in the order of `cols`). JSON columns are passed as JSON text."""
    cur = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    if is_postgresql(session):
        with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
        return
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    cur.executemany(sql, ([_sqlite_value(v) for v in r] for r in rows))


def sync_sequence(session: Session, table: str) -> None:
    """After explicit ids were COPYed in, the next id the sequence hands out follows them."""
    if is_postgresql(session):
        session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 1))")
        )
