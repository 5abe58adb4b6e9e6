"""Appending many audit events at once, for bulk imports: `repository.chained` rows, written in chunks
through the driver's bulk path in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ngoreg.audit import repository
from ngoreg.audit.chain import CanonicalJson
from ngoreg.audit.repository import Actor, Entry

CHUNK = 20_000


class BulkAppender:
    """Chains events in the order they are added and writes them in chunks. Create it before reading any id
    the import assigns itself: it takes the audit log's lock (the one `repository.append` takes), which also
    keeps other writers out until the transaction ends."""

    def __init__(self, session: Session, actor: Actor, *, now: datetime, request_id: str | None = None) -> None:
        self.session, self.actor, self.now, self.request_id = session, actor, now, request_id
        self.head = repository.lock_head(session)
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    @property
    def next(self) -> int:
        """The id the next event added will get."""
        return self.head.next_id

    def add(self, e: Entry, *, after_json: str | None = None) -> int:
        """Chains one event; `after_json` is the canonical JSON of `e.after` when the caller has it already."""
        if after_json is not None:
            e = Entry(e.action, e.subject_type, e.subject_id, e.effective_on, e.basis, e.reason, e.before,
                      CanonicalJson(after_json))  # fmt: skip
        rows, self.head = repository.chained(self.head, self.actor, [e], now=self.now, request_id=self.request_id)
        self.rows += rows
        if len(self.rows) >= CHUNK:
            self.flush()
        return int(rows[0][0])

    def extend(self, entries: Iterable[Entry]) -> None:
        for e in entries:
            self.add(e)

    def flush(self) -> None:
        if self.rows:
            repository.write(self.session, self.rows)
            self.written += len(self.rows)
            self.rows = []

    def close(self) -> int:
        """Writes what is left; returns how many events were appended."""
        self.flush()
        return self.written
