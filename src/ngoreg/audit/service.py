"""Checking the chain, and reading the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ngoreg.audit import repository
from ngoreg.audit.chain import GENESIS, digest
from ngoreg.audit.models import AuditEvent


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    broken_at: int | None = None
    problem: str | None = None


def verify(session: Session) -> Verdict:
    """Walks the log from the first row; stops at the first row whose hash or link does not hold."""
    prev, n = GENESIS, 0
    for ev in repository.iter_events(session):
        if ev.prev_hash != prev:
            return Verdict(False, n, ev.id, "its link does not match the hash of the row before it")
        if recompute(ev) != ev.hash:
            return Verdict(False, n, ev.id, "its contents no longer match its hash")
        prev, n = ev.hash, n + 1
    return Verdict(True, n)


def recompute(ev: AuditEvent) -> str:
    return digest(
        ev.prev_hash, ev.recorded_at, ev.effective_on, ev.actor, ev.actor_name, ev.action,
        ev.subject_type, ev.subject_id, ev.basis, ev.reason, ev.before, ev.after, ev.request_id,
    )  # fmt: skip


def _utc(ts: datetime) -> datetime:
    """SQLite hands back the stored UTC time without its zone, PostgreSQL with it: both say UTC."""
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def as_dict(ev: AuditEvent) -> dict[str, object]:
    return {
        "id": ev.id,
        "recorded_at": _utc(ev.recorded_at).isoformat(),
        "effective_on": ev.effective_on.isoformat(),
        "actor": ev.actor,
        "actor_name": ev.actor_name,
        "action": ev.action,
        "subject": f"{ev.subject_type}/{ev.subject_id}",
        "basis": ev.basis,
        "reason": ev.reason,
        "before": ev.before,
        "after": ev.after,
        "request_id": ev.request_id,
        "hash": ev.hash,
    }
