"""All SQL of the compliance calendar.

A registry-wide calendar runs to hundreds of thousands of rows, so the queries are shaped for that: the
status is computed in the database (`status.status_sql`) and comes back as a number, and rows come straight
from the driver as plain tuples — dates as the driver gives them, `date` on PostgreSQL and ISO text on SQLite
(`gives_dates` tells which).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import String, and_, case, cast, func, literal, null, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from ngoreg.compliance.status import status_sql
from ngoreg.filings.models import MET_DUTY, UNMET_STATUSES, Filing, FilingDeadline
from ngoreg.registry.models import Organisation

STREAM_BATCH = 10_000
DEADLINES, FILINGS, ORGS = FilingDeadline.__table__, Filing.__table__, Organisation.__table__
MET = ("met", "met_late")  # the stored statuses of a deadline that was met (an expired one never was)



# The reader's access to the calendar's rows, given their organisation id and filing id columns (the filing
# None for the duties of offices): `access.filters.due`.
Visible = Callable[[Any, Any], ColumnElement[bool]]


def gives_dates(session: Session) -> bool:
    """Whether the driver hands back `date` objects (PostgreSQL) rather than ISO text (SQLite)."""
    return session.get_bind().dialect.name == "postgresql"


def org_name() -> ColumnElement[Any]:
    """The English name where the organisation has one, else the Chinese."""
    return func.coalesce(ORGS.c.name_en, ORGS.c.name_zh)


def deadlines(
    session: Session,
    *,
    as_of: date,
    since: date,
    org_id: int | None,
    statuses: Sequence[int],
    visible: Visible | None = None,
) -> Iterator[tuple[Any, ...]]:
    """In one pass over the deadlines that filings opened on or before `as_of` and that were still open on
    `as_of` or were met on `since` or later (by `as_of`):

    * first, in no particular order, those that take up a yearly duty (`duty`), whatever their status, with
      the day each was met by `as_of`;
    * then every other one, with its status on `as_of` (only those in `statuses`, if any are given), by last
      day and organisation.

    Rows: (duty, or NULL for the others; org_id; org_name, on SQLite NULL for yearly rows; filing_id;
    deadline id; the procedure and its version; the deadline's name and basis; due_on; status:
    index in STATUSES; provisional; met_on, for yearly rows met by `as_of`)."""
    d, o = DEADLINES.c, ORGS.c
    was_met = d.status.in_(MET)
    st = status_sql(d.due_on, d.closed_on, as_of, met=was_met)
    is_yearly = d.duty.is_not(None)
    sqlite = session.get_bind().dialect.name == "sqlite"
    # SQLite looks a name up only for the rows that show it; PostgreSQL joins by hashing, so every row has it.
    name: ColumnElement[Any]
    if sqlite:
        name = case((is_yearly, null()), else_=select(org_name()).where(o.id == d.org_id).scalar_subquery())
    else:
        name = org_name()
    # Still open on `as_of` (never met, or met only later), or met on `since` or later (`since` is never
    # after `as_of`): the first from its own index (`ix_filing_deadlines_unmet`, whose condition this is),
    # the second a range of (status, closed_on).
    listed = or_(d.status.in_(UNMET_STATUSES), and_(was_met, d.closed_on >= since))
    q = (
        select(d.duty, d.org_id, name, d.filing_id, d.id, d.procedure, d.procedure_version, d.name, d.basis, d.due_on,
               st, d.provisional, case((and_(is_yearly, was_met, d.closed_on <= as_of), d.closed_on), else_=null()))
        .select_from(DEADLINES)
        .where(d.opened_on <= as_of, listed, or_(is_yearly, st.in_(list(statuses))) if statuses else literal(True))
        .order_by(~is_yearly, d.due_on, d.org_id, d.filing_id, d.id)
    )  # fmt: skip
    if not sqlite:
        q = q.join(ORGS, o.id == d.org_id)
    if org_id is not None:
        q = q.where(_of_org(org_id))
    if visible is not None:
        q = q.where(visible(d.org_id, d.filing_id))
    return _stream(session, q)


def _of_org(org_id: int) -> ColumnElement[bool]:
    """The deadlines of one organisation, found through its filings (deadlines have no index by
    organisation: the calendar reads them for all at once)."""
    return DEADLINES.c.filing_id.in_(select(FILINGS.c.id).where(FILINGS.c.org_id == org_id))


def met_before(session: Session, *, as_of: date, since: date, org_id: int | None) -> Iterator[tuple[str, str]]:
    """The organisations that met each yearly duty by `as_of` but before `since` — those the calendar
    leaves out: (duty, "org_id,org_id,…"). Over the whole registry the index of met duties answers alone;
    for one organisation, its filings lead to its deadlines."""
    d = DEADLINES.c
    q = (
        select(d.duty, func.aggregate_strings(cast(d.org_id, String), ","))
        .select_from(DEADLINES)
        # the statement repeats the index's condition word for word, so that SQLite may use it
        .where(text(MET_DUTY), d.opened_on <= as_of, d.closed_on <= as_of, d.closed_on < since)
        .group_by(d.duty)
    )
    if org_id is None:
        q = q.with_hint(DEADLINES, "INDEXED BY ix_filing_deadlines_met_duties", "sqlite")
    else:
        q = q.where(_of_org(org_id))
    return _stream(session, q)


def names(session: Session, org_ids: Sequence[int]) -> dict[int, str]:
    o = ORGS.c
    return {i: n for i, n in session.execute(select(o.id, org_name()).where(o.id.in_(list(org_ids))))}


def registered(session: Session, *, kind: str, as_of: date, org_id: int | None,
               visible: Visible | None = None) -> Iterator[tuple[Any, ...]]:  # fmt: skip
    """Organisations of `kind` registered on or before `as_of`, by id: (id, name, registered_on, ended_on)."""
    o = ORGS.c
    q = select(o.id, org_name(), o.registered_on, o.ended_on).where(o.kind == kind, o.registered_on <= as_of)
    if visible is not None:
        q = q.where(visible(o.id, None))
    if org_id is not None:
        q = q.where(o.id == org_id)
    return _stream(session, q.order_by(o.id))


def _stream(session: Session, q: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of `q` straight from the driver, in the session's transaction: SQLAlchemy compiles the
    statement, but its per-row work would cost more than the query over a whole registry. The values are
    written into the statement (they are dates, numbers and names of this package's own, never text a user
    typed). SQLite's cursor steps through the result as it is read."""
    conn = session.connection()
    sql = str(q.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True, "render_postcompile": True}))
    raw: Any = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        # A client-side cursor: PostgreSQL may plan the query in parallel (a server-side cursor forbids it),
        # and the connection stays free between rows (psycopg's stream() holds it until the last row, so a
        # reader that stopped early would leave the transaction unable to end). The result waits in the
        # driver's buffer, a few bytes a row, and becomes Python objects only as it is read.
        with raw.cursor() as cur:
            # A calendar sorts and groups a few hundred thousand rows once: in memory rather than in files
            # on disk (the default 4 MB of work memory), and without compiling the query first (JIT costs
            # more than it saves on a query run once). For this transaction only.
            cur.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
            cur.execute(sql)
            yield from cur
        return
    cur = raw.execute(sql)
    try:
        yield from cur
    finally:
        cur.close()
