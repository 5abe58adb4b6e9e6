"""The log replayed against the tables it describes. Every change to an organisation or a filing writes its
new state as the `after` of an audit event in the same transaction, so the current row of each must equal
the state its latest such event left it in. A row changed, added or deleted behind the log's back — or an
event deleted from under a row — shows as a difference, named by table, id and field.

Only events whose `after` is a state of their subject count: an organisation's holds its registry
attributes (`registry.validation.state_of`), a filing's its state and data. Other events about the same
subjects (an office's particulars, a deadline's outcome) carry something else and are passed over, so any
use case that writes a state in that shape — a registry service, a decision's effect, a bulk import — is
replayed alike."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ngoreg.audit import repository
from ngoreg.filings.models import Filing
from ngoreg.registry.models import Organisation
from ngoreg.registry.repository import ORG_COLUMNS

_ABSENT = object()  # a column the event's state does not carry
BATCH = 5000  # ids per range: one range read of each table and of the log's subject index
SHOWN = 100  # differences listed; beyond them only counted, so that a registry rewritten whole stays readable


@dataclass(frozen=True)
class Mismatch:
    """One difference between a row and the log: `field` None when the row or its events are missing."""

    table: str
    id: int
    field: str | None
    logged: Any
    current: Any
    event: int | None = None  # the latest event whose `after` the row was compared with

    def __str__(self) -> str:
        if self.field is None:
            return f"{self.table} {self.id}: {self.current}" + (f" (event {self.event})" if self.event else "")
        return (f"{self.table} {self.id}: {self.field} is {_show(self.current)} in the table but "
                f"{_show(self.logged)} in the log (event {self.event})")  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.id, "field": self.field, "logged": self.logged,
                "current": self.current, "event": self.event}  # fmt: skip


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass
class Replay:
    rows: dict[str, int] = field(default_factory=dict)  # rows compared, by table
    mismatched: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)  # the first SHOWN

    def add(self, m: Mismatch) -> None:
        self.mismatched += 1
        if len(self.mismatches) < SHOWN:
            self.mismatches.append(m)


@dataclass(frozen=True)
class Described:
    """A table whose rows the log describes: its subject type in the log, the columns an event's state
    carries, and how to tell such a state from other events' `after`."""

    table: str
    model: Any
    subject_type: str
    columns: Sequence[str]
    is_state: Callable[[dict[str, Any]], bool]


DESCRIBED = (
    Described("organisations", Organisation, "organisation", ORG_COLUMNS, lambda a: "kind" in a and "status" in a),
    Described("filings", Filing, "filing", ("procedure", "state", "data"), lambda a: "state" in a and "data" in a),
)


def replay(session: Session) -> Replay:
    """Compares every row of every described table with its latest state in the log, a range of ids at a
    time: memory stays flat whatever the registry's size."""
    out = Replay()
    for d in DESCRIBED:
        out.rows[d.table] = 0
        lo = _next(session, d, 1)
        while lo is not None:
            rows = repository.rows_in(session, d.model, d.columns, lo, lo + BATCH)
            latest = dict(_latest_states(d, repository.subject_range(session, d.subject_type, lo, lo + BATCH)))
            out.rows[d.table] += len(rows)
            for row in rows:
                logged = latest.pop(row[0], None)
                if logged is None:
                    out.add(Mismatch(d.table, row[0], None, None, "no audit event records its state"))
                    continue
                event, state = logged
                for m in _differences(d, row, state, event):
                    out.add(m)
            for subject_id, (event, _) in sorted(latest.items()):
                out.add(Mismatch(d.table, subject_id, None, None, "the log records it, but the row is gone", event))
            lo = _next(session, d, lo + BATCH)
    return out


def _next(session: Session, d: Described, start: int) -> int | None:
    """Where the next range begins: the next id of a row or of a subject in the log, so that gaps in the
    ids (or an event about a made-up id far beyond them) cost one range, not many."""
    found = [i for i in (repository.next_row_id(session, d.model, start),
                         repository.next_subject_id(session, d.subject_type, start)) if i is not None]  # fmt: skip
    return min(found, default=None)


def _latest_states(d: Described, events: list[tuple[int, int, str | None]]
                   ) -> Iterator[tuple[int, tuple[int, dict[str, Any]]]]:  # fmt: skip
    """(subject id, (event id, state)) of each subject's latest event that carries a state; `events` are
    sorted by subject, then chain order."""
    i = len(events) - 1
    while i >= 0:
        subject = events[i][0]
        found = None
        while i >= 0 and events[i][0] == subject:
            text = events[i][2]
            if found is None and text is not None:
                try:
                    after = json.loads(text)
                except ValueError:  # not JSON: edited by hand, which the chain's check names
                    after = None
                if isinstance(after, dict) and d.is_state(after):
                    found = (events[i][1], after)
            i -= 1
        if found is not None:
            yield subject, found


def _differences(d: Described, row: Any, state: dict[str, Any], event: int) -> Iterator[Mismatch]:
    for column, current in zip(d.columns, row[1:], strict=True):
        logged = state.get(column, _ABSENT)
        if current == logged or logged is _ABSENT:
            continue
        if isinstance(current, date):
            current = current.isoformat()
            if current == logged:
                continue
        if isinstance(current, dict) and isinstance(logged, dict):  # a filing's data: name the key
            for key in sorted(set(current) | set(logged)):
                if current.get(key) != logged.get(key):
                    yield Mismatch(d.table, row[0], f"{column}.{key}", logged.get(key), current.get(key), event)
        else:
            yield Mismatch(d.table, row[0], column, logged, current, event)
