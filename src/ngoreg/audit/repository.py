"""All SQL touching the audit log. Rows are only ever inserted; the database refuses the rest."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, insert, or_, select
from sqlalchemy.orm import Session

from ngoreg import bounds
from ngoreg.audit.chain import GENESIS, canonical, digest
from ngoreg.audit.models import AuditEvent
from ngoreg.db import bulk


@dataclass(frozen=True)
class Actor:
    """Who acts: a role or account (`actor`) and a copy of the person's name at the time."""

    id: str
    name: str


@dataclass(frozen=True)
class Entry:
    action: str
    subject_type: str
    subject_id: int
    effective_on: date
    basis: str | None = None
    reason: str | None = None
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class Head:
    """Where the next event goes: its id and the hash it chains to."""

    next_id: int
    prev_hash: str


def lock_head(session: Session) -> Head:
    """Serialises appenders and returns the head of the chain. SQLite already holds its write lock (BEGIN
    IMMEDIATE); PostgreSQL needs a table lock that still lets readers through. Until commit nobody else
    appends, so the caller may assign the ids that follow."""
    if session.get_bind().dialect.name == "postgresql":
        # The lock and the read of the last row in one round trip (two statements without parameters).
        raw: Any = session.connection().connection.driver_connection
        with raw.cursor() as cur:
            cur.execute(_LOCK_AND_HEAD)
            cur.nextset()
            last = cur.fetchone()
    else:
        last = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return Head(last[0] + 1, last[1]) if last else Head(1, GENESIS)


_LOCK_AND_HEAD = ("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE; "
                  "SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")


COLUMNS = ("id", "recorded_at", "effective_on", "actor", "actor_name", "action", "subject_type", "subject_id",
           "basis", "reason", "before", "after", "request_id", "prev_hash", "hash")  # fmt: skip


def chained(head: Head, actor: Actor, entries: Iterable[Entry], *, now: datetime,
            request_id: str | None = None) -> tuple[list[tuple[Any, ...]], Head]:  # fmt: skip
    """The rows (in COLUMNS order) of `entries` appended after `head`, and the head after them. Pure, so an
    import can chain its events away from the database connection."""
    rows: list[tuple[Any, ...]] = []
    event_id, prev = head.next_id, head.prev_hash
    for e in entries:
        before, after = canonical(e.before), canonical(e.after)
        h = digest(
            prev, now, e.effective_on, actor.id, actor.name, e.action, e.subject_type, e.subject_id,
            e.basis, e.reason, before, after, request_id,
        )  # fmt: skip
        rows.append((event_id, now, e.effective_on, actor.id, actor.name, e.action, e.subject_type, e.subject_id,
                     e.basis, e.reason, before, after, request_id, prev, h))  # fmt: skip
        event_id, prev = event_id + 1, h
    return rows, Head(event_id, prev)


def write(session: Session, rows: Sequence[tuple[Any, ...]]) -> None:
    """Writes rows made by `chained` (under `lock_head`'s lock)."""
    if not rows:
        return
    if len(rows) < _BULK:
        session.execute(insert(AuditEvent), [dict(zip(COLUMNS, r, strict=True)) for r in rows])
    else:
        bulk.write(session, AuditEvent, COLUMNS, rows, sequence=True)


_BULK = 100  # from here on the driver's own bulk path (executemany, COPY) beats the ORM's insert


def append(
    session: Session, actor: Actor, entries: Sequence[Entry], *, now: datetime, request_id: str | None = None
) -> list[int]:
    """Appends entries in order, chained, in the caller's transaction. Returns their ids. A reason a user
    gave for an act is held to a filing's text (`bounds.TEXT`) here, where every act's reason passes."""
    if not entries:
        return []
    for e in entries:
        bounds.text(e.reason, "reason", bounds.TEXT)
    head = lock_head(session)
    rows, _ = chained(head, actor, entries, now=now, request_id=request_id)
    write(session, rows)
    return [r[0] for r in rows]


def chain_batches(session: Session, *, after: int = 0, batch: int = 10_000) -> Iterator[Sequence[Row[Any]]]:
    """The log in chain order from just after event `after`, `batch` rows at a time (COLUMNS order, plain
    rows: no objects to build and forget for each of millions of events)."""
    last = after
    columns = [getattr(AuditEvent, c) for c in COLUMNS]
    conn = session.connection()  # Core rows: the ORM's result machinery costs as much as the hashing
    while rows := conn.execute(select(*columns).where(AuditEvent.id > last).order_by(AuditEvent.id)
                               .limit(batch)).all():  # fmt: skip
        yield rows
        last = rows[-1][0]


def hashes_of(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """The hash of each of these events that is still in the log."""
    out: dict[int, str] = {}
    for i in range(0, len(ids), 1000):
        out.update(session.execute(select(AuditEvent.id, AuditEvent.hash)
                                   .where(AuditEvent.id.in_(ids[i:i + 1000]))).all())  # fmt: skip
    return out


def count_upto(session: Session, event_id: int) -> int:
    return session.execute(select(func.count()).where(AuditEvent.id <= event_id)).scalar_one()


def snapshot(session: Session) -> None:
    """Makes the caller's reads, one statement after another, see the database at one moment: a check that
    reads the log and then the rows it describes must not take a change committed in between for tampering.
    SQLite's read transaction already keeps its first snapshot; PostgreSQL's default does not. Call it
    before the session's first statement."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def subject_range(session: Session, subject_type: str, lo: int, hi: int) -> list[tuple[int, int, str | None]]:
    """(subject id, event id, after) of the events about subjects `lo` <= id < `hi`, by subject in chain
    order: a range of the subject index."""
    q = (select(AuditEvent.subject_id, AuditEvent.id, AuditEvent.after)
         .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id >= lo, AuditEvent.subject_id < hi)
         .order_by(AuditEvent.subject_id, AuditEvent.id))  # fmt: skip
    return [(r[0], r[1], r[2]) for r in session.connection().execute(q)]


def next_subject_id(session: Session, subject_type: str, start: int) -> int | None:
    """The least id >= `start` of a subject the log has events about (a seek on the subject index)."""
    return session.execute(select(func.min(AuditEvent.subject_id)).where(
        AuditEvent.subject_type == subject_type, AuditEvent.subject_id >= start)).scalar()  # fmt: skip


def events_for(session: Session, subject_type: str, subject_id: int) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id == subject_id)
            .order_by(AuditEvent.id)
        )
    )


def events_about(session: Session, subjects: dict[str, Sequence[int]]) -> list[AuditEvent]:
    """The events of several subjects (an organisation and its relations, say) in one statement, in chain
    order."""
    wanted = [and_(AuditEvent.subject_type == t, AuditEvent.subject_id.in_(list(ids))) for t, ids in subjects.items()
              if ids]  # fmt: skip
    if not wanted:
        return []
    return list(session.scalars(select(AuditEvent).where(or_(*wanted)).order_by(AuditEvent.id)))


def recent(session: Session, limit: int, subject_type: str | None = None) -> list[AuditEvent]:
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if subject_type:
        q = q.where(AuditEvent.subject_type == subject_type)
    return list(reversed(session.scalars(q).all()))


def page(
    session: Session,
    *,
    subject_type: str | None = None,
    subject_id: int | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    after_id: int = 0,
    limit: int = 50,
    visible: ColumnElement[bool] | None = None,
) -> list[AuditEvent]:
    """Events in id order (the order of the chain) after `after_id`, each filter applied in the query; the
    dates bound the day each event took effect, both inclusive. `visible` is the reader's access, a
    condition over `audit_events`."""
    q = select(AuditEvent).where(AuditEvent.id > after_id).order_by(AuditEvent.id).limit(limit)
    if visible is not None:
        q = q.where(visible)
    if subject_type:
        q = q.where(AuditEvent.subject_type == subject_type)
    if subject_id is not None:
        q = q.where(AuditEvent.subject_id == subject_id)
    if action:
        q = q.where(AuditEvent.action == action)
    if since:
        q = q.where(AuditEvent.effective_on >= since)
    if until:
        q = q.where(AuditEvent.effective_on <= until)
    return list(session.scalars(q))


def rows_in(session: Session, table: Any, columns: Sequence[str], lo: int, hi: int) -> list[Row[Any]]:
    """The rows `lo` <= id < `hi` of a table whose rows the log describes (organisations, filings), id
    first, then `columns`, in id order."""
    q = select(table.id, *(getattr(table, c) for c in columns)).where(table.id >= lo, table.id < hi)
    return list(session.connection().execute(q.order_by(table.id)).all())


def next_row_id(session: Session, table: Any, start: int) -> int | None:
    return session.execute(select(func.min(table.id)).where(table.id >= start)).scalar()
