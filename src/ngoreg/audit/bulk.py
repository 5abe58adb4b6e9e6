"""Appending many audit events at once, for bulk imports: the same chained rows as `repository.append`,
written with executemany (SQLite) or COPY (PostgreSQL) in the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ngoreg.audit.chain import digest
from ngoreg.audit.repository import Actor, Entry, _lock_and_head
from ngoreg.db.bulk import insert_rows, next_id, sync_sequence

COLUMNS = ("id", "recorded_at", "effective_on", "actor", "actor_name", "action", "subject_type", "subject_id",
           "basis", "reason", "before", "after", "request_id", "prev_hash", "hash")  # fmt: skip
CHUNK = 20_000

# chain.canonical's spelling, with the encoder built once rather than per call.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def canonical(value: object) -> str | None:
    return None if value is None else _CANONICAL.encode(value)


class BulkAppender:
    """Chains events in the order they are added and writes them in chunks. Create it before reading any id
    the import assigns itself: it takes the audit log's lock (the same one `repository.append` takes), which
    also keeps other writers out until the transaction ends."""

    def __init__(self, session: Session, actor: Actor, *, now: datetime, request_id: str | None = None) -> None:
        self.session, self.actor, self.now, self.request_id = session, actor, now, request_id
        # chain.timestamp() of an aware time converts it to naive UTC on every call; do it once
        self.now_utc = now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now
        self.prev = _lock_and_head(session)
        self.next = next_id(session, "audit_events")
        self.rows: list[tuple[object, ...]] = []
        self.written = 0

    def add(self, e: Entry, *, after_json: str | None = None) -> int:
        """Chains one event; `after_json` is the canonical JSON of `e.after` when the caller has it already."""
        before = canonical(e.before)
        after = after_json if after_json is not None else canonical(e.after)
        a = self.actor
        h = digest(self.prev, self.now_utc, e.effective_on, a.id, a.name, e.action, e.subject_type, e.subject_id,
                   e.basis, e.reason, before, after, self.request_id)  # fmt: skip
        event_id = self.next
        self.rows.append((event_id, self.now, e.effective_on, a.id, a.name, e.action, e.subject_type, e.subject_id,
                          e.basis, e.reason, before, after, self.request_id, self.prev, h))  # fmt: skip
        self.prev, self.next = h, self.next + 1
        if len(self.rows) >= CHUNK:
            self.flush()
        return event_id

    def extend(self, entries: Iterable[Entry]) -> None:
        for e in entries:
            self.add(e)

    def flush(self) -> None:
        if self.rows:
            insert_rows(self.session, "audit_events", COLUMNS, self.rows)
            self.written += len(self.rows)
            self.rows = []

    def close(self) -> int:
        """Writes what is left; returns how many events were appended."""
        self.flush()
        sync_sequence(self.session, "audit_events")
        return self.written
