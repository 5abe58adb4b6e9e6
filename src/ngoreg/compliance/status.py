"""Where an obligation stands on a given day. The rules, in the order they are tried:

* `met`: done on or before its last day; `met late`: done after it. Done means met by the day we look
  from: a deadline closed after `as_of` was still open on `as_of`.
* `overdue`: not done, and its last day ended before `as_of` (the last day runs to its midnight: Civil
  Code art. 203(2), as the deadline sweep counts it).
* `due`: not done, and its last day is `as_of` or one of the WINDOW days after it.
* `upcoming`: not done, and its last day lies further ahead.

`status()` states them for Python; `status_sql()` states the same rules as a CASE, so that a database
can compute them over a whole registry; it gives the status's position in STATUSES, which costs less to
carry over a million rows than the text. The tests hold the two to the same table of cases, on both
engines.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names above are read by `ngoreg due --help`, which need not load SQLAlchemy
    from sqlalchemy.sql.elements import ColumnElement

MET = "met"
MET_LATE = "met late"
OVERDUE = "overdue"
DUE = "due"
UPCOMING = "upcoming"
STATUSES = (OVERDUE, DUE, UPCOMING, MET, MET_LATE)

# Days after `as_of` in which an open obligation counts as `due` rather than `upcoming`: a month, so that a
# calendar read once a month shows each obligation as `due` at least once before its last day.
WINDOW = timedelta(days=30)


def status(due_on: date, met_on: date | None, as_of: date) -> str:
    """`met_on`: the day the obligation was met, if it was (by `as_of` or not; later is ignored)."""
    if met_on is not None and met_on <= as_of:
        return MET if met_on <= due_on else MET_LATE
    if due_on < as_of:
        return OVERDUE
    if due_on <= as_of + WINDOW:
        return DUE
    return UPCOMING


def status_sql(
    due_on: ColumnElement[Any], met_on: ColumnElement[Any], as_of: date, met: ColumnElement[bool] | None = None
) -> ColumnElement[int]:
    """`status()` as SQL, as the status's position in STATUSES. `met_on` is the day the obligation was met
    where `met` holds (by default: where `met_on` is not NULL)."""
    from sqlalchemy import case, literal

    met_by = (met_on.is_not(None) if met is None else met) & (met_on <= as_of)
    return case(
        (met_by & (met_on <= due_on), literal(STATUSES.index(MET))),
        (met_by, literal(STATUSES.index(MET_LATE))),
        (due_on < as_of, literal(STATUSES.index(OVERDUE))),
        (due_on <= as_of + WINDOW, literal(STATUSES.index(DUE))),
        else_=literal(STATUSES.index(UPCOMING)),
    )
