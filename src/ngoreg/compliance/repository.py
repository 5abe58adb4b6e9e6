"""All SQL of the compliance calendar.

A registry-wide calendar runs to hundreds of thousands of rows, so the queries are shaped for that: the
status is computed in the database (`status.status_sql`) and comes back as a number, so does which
definition a deadline follows (its label and basis are looked up in Python), and rows come straight from
the driver as plain tuples — dates as the driver gives them, `date` on PostgreSQL and ISO text on SQLite
(`day()` reads both).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, null, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select, operators
from sqlalchemy.sql.elements import UnaryExpression

from ngoreg.compliance.status import status_sql
from ngoreg.filings.models import Filing, FilingDeadline
from ngoreg.registry.models import Organisation

STREAM_BATCH = 10_000
DEADLINES, FILINGS, ORGS = FilingDeadline.__table__, Filing.__table__, Organisation.__table__
MET = ("met", "met_late")  # the stored statuses of a deadline that was met (an expired one never was)

Kind = tuple[str, date, str]  # (procedure, version, deadline name)
Pair = tuple[str, str]  # (procedure, deadline name)


def day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def gives_dates(session: Session) -> bool:
    """Whether the driver hands back `date` objects (PostgreSQL) rather than ISO text (SQLite)."""
    return session.get_bind().dialect.name == "postgresql"


def org_name() -> ColumnElement[Any]:
    """The English name where the organisation has one, else the Chinese."""
    return func.coalesce(ORGS.c.name_en, ORGS.c.name_zh)


def _no_index(session: Session, col: Any) -> Any:
    """`+col` on SQLite: the same value, but not looked up through an index. Over the whole registry a scan
    of the deadlines, fetching each one's filing and organisation by id, beats the planner's choice of
    walking every organisation's filings through their indexes."""
    if session.get_bind().dialect.name != "sqlite":
        return col
    return UnaryExpression(col, operator=operators.custom_op("+"), type_=col.type)


def _index(cols: Sequence[ColumnElement[Any]], keys: Sequence[tuple[Any, ...]],
           values: Sequence[int] | None = None) -> ColumnElement[Any]:  # fmt: skip
    """The position in `keys` of the row's values of `cols` (or the matching one of `values`), or NULL:
    nested `CASE col WHEN …`, each column compared once."""
    if not keys:
        return null()
    tree: dict[Any, Any] = {}
    for i, key in enumerate(keys):
        node = tree
        for value in key[:-1]:
            node = node.setdefault(value, {})
        node[key[-1]] = i if values is None else values[i]

    def build(node: dict[Any, Any], depth: int) -> ColumnElement[Any]:
        whens = {v: (literal(sub) if depth == len(cols) - 1 else build(sub, depth + 1)) for v, sub in node.items()}
        return case(whens, value=cols[depth], else_=null())

    return build(tree, 0)


def _open_or_met_since(as_of: date, since: date) -> ColumnElement[bool]:
    """Still open on `as_of` (never met, or met only later), or met on `since` or later."""
    d = DEADLINES.c
    return or_(d.status.not_in(MET), d.closed_on > as_of, d.closed_on >= since)


def deadlines(
    session: Session,
    *,
    as_of: date,
    since: date,
    kinds: Sequence[Kind],
    yearly: Sequence[Pair],
    org_id: int | None,
    statuses: Sequence[int],
) -> Iterator[tuple[Any, ...]]:
    """In one pass over the deadlines that filings opened on or before `as_of` and that were still open on
    `as_of` or were met on `since` or later (by `as_of`):

    * first, in no particular order, those of the `yearly` (procedure, name) pairs, whatever their status,
      with the filing's `year` and the day each was met by `as_of`;
    * then every other one, with its status on `as_of` (only those in `statuses`, if any are given), by last
      day and organisation.

    Rows: (pair: index in `yearly`, or NULL for the others; org_id; org_name, on SQLite NULL for yearly rows;
    filing_id; deadline id; kind: index in `kinds`, or NULL for a deadline no procedure defines; name;
    basis, where kind is NULL; due_on; status: index in STATUSES; provisional; year, for yearly rows;
    met_on, for yearly rows met by `as_of`)."""
    d, f, o = DEADLINES.c, FILINGS.c, ORGS.c
    was_met = d.status.in_(MET)
    st = status_sql(d.due_on, d.closed_on, as_of, met=was_met)
    kind = _index([d.name, f.procedure, f.procedure_version], [(n, p, v) for p, v, n in kinds])
    # SQLite computes an expression each time the statement names it: a cheap test on the name first.
    pair = _index([d.name, f.procedure], [(n, p) for p, n in yearly])
    is_yearly = and_(d.name.in_(sorted({n for _, n in yearly})), pair.is_not(None)) if yearly else literal(False)
    whole = org_id is None
    sqlite = session.get_bind().dialect.name == "sqlite"
    # SQLite looks a name up only for the rows that show it; PostgreSQL joins by hashing, so every row has it.
    name: ColumnElement[Any]
    if sqlite:
        name = case((is_yearly, null()), else_=select(org_name()).where(o.id == f.org_id).scalar_subquery())
    else:
        name = org_name()
    q = (
        select(pair, f.org_id, name, f.id, d.id, kind, d.name, case((kind.is_(None), d.basis), else_=null()), d.due_on,
               st, d.provisional, case((is_yearly, f.data["year"].as_integer()), else_=null()),
               case((and_(is_yearly, was_met, d.closed_on <= as_of), d.closed_on), else_=null()))
        .select_from(DEADLINES)
        .join(FILINGS, f.id == (_no_index(session, d.filing_id) if whole else d.filing_id))
        .where(d.opened_on <= as_of, _open_or_met_since(as_of, since),
               or_(is_yearly, st.in_(list(statuses))) if statuses else literal(True))
        .order_by(~is_yearly, d.due_on, f.org_id, f.id, d.id)
    )  # fmt: skip
    if not sqlite:
        q = q.join(ORGS, o.id == f.org_id)
    if org_id is not None:
        q = q.where(f.org_id == org_id)
    return _stream(session, q)


MASK_BITS = 62  # duties per number in `met_before`: a signed 64-bit integer holds them


def met_before(session: Session, *, as_of: date, since: date, duties: Sequence[tuple[str, str, int]],
               org_id: int | None) -> Iterator[tuple[Any, ...]]:  # fmt: skip
    """Which of the yearly `duties` (procedure, deadline name, year) each organisation met by `as_of` but
    before `since` — those the calendar leaves out — as bits: (org_id, mask, mask, …), bit i of mask k
    for duty k·MASK_BITS + i. Organisations that met none have no row."""
    d, f = DEADLINES.c, FILINGS.c
    sqlite = session.get_bind().dialect.name == "sqlite"
    year = f.data["year"].as_integer()
    masks = []
    for lo in range(0, len(duties), MASK_BITS):
        chunk = duties[lo:lo + MASK_BITS]
        bit = _index([d.name, f.procedure, year], [(n, p, y) for p, n, y in chunk], [1 << i for i in range(len(chunk))])
        # a duty met twice counts once: SQLite adds distinct bits, PostgreSQL ORs them
        masks.append(func.coalesce(func.sum(bit.distinct()) if sqlite else func.bit_or(bit), 0))
    whole = org_id is None
    q = (
        select(f.org_id, *masks)
        .select_from(DEADLINES)
        .join(FILINGS, f.id == (_no_index(session, d.filing_id) if whole else d.filing_id))
        .where(d.name.in_(sorted({n for _, n, _ in duties})), f.procedure.in_(sorted({p for p, _, _ in duties})),
               d.opened_on <= as_of, d.status.in_(MET), d.closed_on <= as_of, d.closed_on < since)
        .group_by(f.org_id)
    )  # fmt: skip
    if org_id is not None:
        q = q.where(f.org_id == org_id)
    return _stream(session, q)


def names(session: Session, org_ids: Sequence[int]) -> dict[int, str]:
    o = ORGS.c
    return {i: n for i, n in session.execute(select(o.id, org_name()).where(o.id.in_(list(org_ids))))}


def registered(session: Session, *, kind: str, as_of: date, org_id: int | None) -> Iterator[tuple[Any, ...]]:
    """Organisations of `kind` registered on or before `as_of`, by id: (id, name, registered_on, ended_on)."""
    o = ORGS.c
    q = select(o.id, org_name(), o.registered_on, o.ended_on).where(o.kind == kind, o.registered_on <= as_of)
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
            cur.execute(sql)
            yield from cur
        return
    cur = raw.execute(sql)
    try:
        yield from cur
    finally:
        cur.close()
