"""The status rules, as a table: in Python and as the database's CASE, on both engines."""

from datetime import date, timedelta

import pytest
from sqlalchemy import Date, column, literal, select, values

from ngoreg.compliance.status import DUE, MET, MET_LATE, OVERDUE, STATUSES, UPCOMING, WINDOW, status, status_sql
from ngoreg.db.engine import transaction

D = date
AS_OF = D(2026, 12, 10)

CASES = [
    # (what, due_on, met_on, status on AS_OF)
    ("met on its last day", D(2026, 11, 2), D(2026, 11, 2), MET),
    ("met early", D(2026, 11, 2), D(2026, 10, 20), MET),
    ("met a day late", D(2026, 11, 2), D(2026, 11, 3), MET_LATE),
    ("met early, not yet due", D(2027, 2, 1), D(2026, 12, 1), MET),
    ("met on as_of itself, late", D(2026, 12, 1), AS_OF, MET_LATE),
    ("met only after as_of: still open, and overdue", D(2026, 11, 30), D(2026, 12, 15), OVERDUE),
    ("met only after as_of: still open, and due", D(2026, 12, 21), D(2026, 12, 15), DUE),
    ("open, last day yesterday", AS_OF - timedelta(days=1), None, OVERDUE),
    ("open, last day today (it runs to midnight)", AS_OF, None, DUE),
    ("open, last day at the end of the window", AS_OF + WINDOW, None, DUE),
    ("open, last day a day beyond the window", AS_OF + WINDOW + timedelta(days=1), None, UPCOMING),
    ("open, far ahead", D(2027, 3, 31), None, UPCOMING),
]


@pytest.mark.parametrize(("what", "due_on", "met_on", "expected"), CASES, ids=[c[0] for c in CASES])
def test_status(what: str, due_on: date, met_on: date | None, expected: str) -> None:
    assert status(due_on, met_on, AS_OF) == expected


def test_the_window_is_a_month() -> None:
    assert WINDOW.days == 30
    assert set(STATUSES) == {MET, MET_LATE, OVERDUE, DUE, UPCOMING}


def test_the_database_applies_the_same_rules(url: str) -> None:
    rows = values(column("i"), column("due_on", Date), column("met_on", Date), name="cases").data(
        [(i, due_on, met_on) for i, (_, due_on, met_on, _) in enumerate(CASES)]
    )
    cases = rows.cte("cases") if url.startswith("sqlite") else rows
    q = select(cases.c.i, status_sql(cases.c.due_on, cases.c.met_on, AS_OF)).order_by(cases.c.i)
    with transaction(url, write=False) as s:
        got = [STATUSES[code] for _, code in s.execute(q)]
    assert got == [expected for *_, expected in CASES]


def test_met_can_be_told_apart_from_the_day(url: str) -> None:
    """A deadline that expired carries a closing day too; `met` says whether that day was a meeting."""
    q = select(status_sql(literal(D(2026, 11, 2), Date), literal(D(2026, 11, 2), Date), AS_OF, met=literal(False)))
    with transaction(url, write=False) as s:
        assert STATUSES[s.execute(q).scalar_one()] == OVERDUE
