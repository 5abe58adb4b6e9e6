"""All SQL touching the audit log. Rows are only ever inserted; the database refuses the rest."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from ngoreg.audit.chain import GENESIS, canonical, digest
from ngoreg.audit.models import AuditEvent


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


def _lock_and_head(session: Session) -> str:
    """Serialise appenders and return the last hash. SQLite already holds its write lock (BEGIN
    IMMEDIATE); PostgreSQL needs a table lock that still lets readers through."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE"))
    last = session.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar()
    return last or GENESIS


def append(
    session: Session, actor: Actor, entries: Sequence[Entry], *, now: datetime, request_id: str | None = None
) -> list[int]:
    """Appends entries in order, chained, in the caller's transaction. Returns their ids."""
    prev = _lock_and_head(session)
    rows: list[dict[str, Any]] = []
    for e in entries:
        before, after = canonical(e.before), canonical(e.after)
        h = digest(
            prev, now, e.effective_on, actor.id, actor.name, e.action, e.subject_type, e.subject_id,
            e.basis, e.reason, before, after, request_id,
        )  # fmt: skip
        rows.append(
            {
                "recorded_at": now,
                "effective_on": e.effective_on,
                "actor": actor.id,
                "actor_name": actor.name,
                "action": e.action,
                "subject_type": e.subject_type,
                "subject_id": e.subject_id,
                "basis": e.basis,
                "reason": e.reason,
                "before": before,
                "after": after,
                "request_id": request_id,
                "prev_hash": prev,
                "hash": h,
            }
        )
        prev = h
    if not rows:
        return []
    if len(rows) == 1:
        return [session.execute(insert(AuditEvent).returning(AuditEvent.id), rows).scalar_one()]
    first = (session.execute(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)).scalar() or 0) + 1
    session.execute(insert(AuditEvent), rows)
    return list(range(first, first + len(rows)))


def iter_events(session: Session, batch: int = 5000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        chunk = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].id
        session.expunge_all()


def events_for(session: Session, subject_type: str, subject_id: int) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id == subject_id)
            .order_by(AuditEvent.id)
        )
    )


def recent(session: Session, limit: int, subject_type: str | None = None) -> list[AuditEvent]:
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if subject_type:
        q = q.where(AuditEvent.subject_type == subject_type)
    return list(reversed(session.scalars(q).all()))
