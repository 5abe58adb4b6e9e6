"""Writing many rows at once through the driver's own bulk path: `executemany` on SQLite, `COPY … FROM STDIN`
on PostgreSQL. An import of a million organisations spends most of its time here, so rows come in as plain
tuples and skip the ORM.

Callers assign ids themselves (`next_id`) so that rows can refer to each other before they are written; they
hold the write lock while they do (SQLite: BEGIN IMMEDIATE; PostgreSQL: the audit log's table lock, taken
before the first id is read), and the id sequence is moved past them afterwards (`sync_sequence`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

Row = Sequence[Any]


def _sqlite_datetime(v: datetime) -> str:
    # What SQLAlchemy's SQLite DateTime stores: 'YYYY-MM-DD HH:MM:SS.ffffff', the zone dropped.
    return v.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


# Explicit adapters for the rows written here through the driver (SQLAlchemy converts its own values
# itself), spelling dates and times as SQLAlchemy does, so the ORM reads them back alike; Python 3.12
# deprecates the implicit ones.
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, _sqlite_datetime)


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def next_id(session: Session, table: str) -> int:
    return int(session.execute(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")).scalar_one())


def insert_rows(session: Session, table: str, cols: Sequence[str], rows: Iterable[Row]) -> None:
    """Inserts rows (tuples in the order of `cols`). JSON columns are passed as JSON text, dates as dates or
    ISO text."""
    cur = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    if is_postgresql(session):
        with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
        return
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    cur.executemany(sql, rows)


def write(session: Session, model: type[Any], cols: Sequence[str], rows: Iterable[Row], *,
          sequence: bool = False) -> None:  # fmt: skip
    """`insert_rows` into `model`'s table; with `sequence`, the rows carry their own ids and the id sequence
    is moved past them."""
    table: str = model.__tablename__
    insert_rows(session, table, cols, rows)
    if sequence:
        sync_sequence(session, table)


def prepare(session: Session) -> None:
    """A bigger page cache for this connection (SQLite's default is 2 MB), so that index pages stay in memory
    while a bulk load fills them."""
    if not is_postgresql(session):
        session.execute(text("PRAGMA cache_size = -262144"))  # KiB: 256 MB


def sync_sequence(session: Session, table: str) -> None:
    """After explicit ids were COPYed in, the next id the sequence hands out follows them."""
    if is_postgresql(session):
        session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 1))")
        )


class RowWriter:
    """Rows of one table with ids assigned here (`next_id`), written in chunks of `chunk` rows; with `chunk`
    None only when the caller flushes (rows that refer to another writer's rows wait for those)."""

    CHUNK = 50_000

    def __init__(self, session: Session, table: str, columns: Sequence[str], chunk: int | None = CHUNK) -> None:
        self.session, self.table, self.columns, self.chunk = session, table, tuple(columns), chunk
        self.next = next_id(session, table)
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, *values: Any) -> int:
        row_id = self.next
        self.rows.append((row_id, *values))
        self.next += 1
        if self.chunk is not None and len(self.rows) >= self.chunk:
            self.flush()
        return row_id

    def flush(self) -> None:
        if self.rows:
            insert_rows(self.session, self.table, self.columns, self.rows)
            self.written += len(self.rows)
            self.rows = []

    def close(self) -> int:
        self.flush()
        sync_sequence(self.session, self.table)
        return self.written


def analyze(session: Session, tables: Iterable[str]) -> None:
    """Planner statistics for tables a bulk load just filled."""
    if is_postgresql(session):
        session.execute(text(f"ANALYZE {', '.join(tables)}"))
