"""Writing many rows at once through the driver's own bulk path: `executemany` on SQLite, `COPY` on
PostgreSQL. An import of a million organisations spends most of its time here, so rows come in as plain
tuples and skip the ORM."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import JSON, Table, text
from sqlalchemy.orm import Session

Row = tuple[Any, ...]


def write(session: Session, model: type[Any], columns: tuple[str, ...], rows: Iterable[Row], *,
          sequence: bool = False) -> None:  # fmt: skip
    """Inserts `rows` (tuples in `columns` order) into `model`'s table in the session's transaction. JSON columns
    take JSON text. With `sequence`, the rows carry their own ids and PostgreSQL's id sequence is moved
    past them, so that later single inserts do not collide."""
    table: Table = model.__table__
    conn = session.connection()
    dialect = conn.dialect
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(columns)
    if dialect.name == "postgresql":
        with cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if sequence:
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                 f"(SELECT max(id) FROM {table.name}))"))  # fmt: skip
        return
    # SQLite: convert dates, times and booleans as SQLAlchemy would, so that reading them back through the
    # ORM gives the same values as rows it wrote itself. A date already given as ISO text is stored as is.
    convert = [
        (i, proc)
        for i, c in enumerate(columns)
        if not isinstance(table.c[c].type, JSON) and (proc := table.c[c].type.bind_processor(dialect))
    ]
    if convert:
        last: dict[int, tuple[Any, Any]] = {}
        rows = (_converted(row, convert, last) for row in rows)
    cur.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)


def _converted(row: Row, convert: list[tuple[int, Any]], last: dict[int, tuple[Any, Any]]) -> Row:
    out = list(row)
    for i, proc in convert:
        value = out[i]
        if value is None or isinstance(value, str):
            continue
        seen = last.get(i)
        if seen is not None and seen[0] is value:  # e.g. the one `recorded_at` of a whole batch of events
            out[i] = seen[1]
        else:
            out[i] = proc(value)
            last[i] = (value, out[i])
    return tuple(out)
