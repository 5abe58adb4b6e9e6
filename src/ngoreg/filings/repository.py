"""All SQL of filings and their deadlines."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Date,
    case,
    cast,
    func,
    insert,
    literal,
    null,
    select,
    type_coerce,
    union_all,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ngoreg.audit.models import AuditEvent
from ngoreg.db.bulk import RowWriter
from ngoreg.errors import Conflict
from ngoreg.filings.models import MEETABLE_STATUSES, Filing, FilingDeadline
from ngoreg.registry.models import Organisation

SUBJECT_TYPE = "filing"  # how audit events name a filing
FILING_COLUMNS = ("id", "procedure", "procedure_version", "org_id", "state", "data", "started_on", "version")
DEADLINE_COLUMNS = ("id", "filing_id", "org_id", "procedure", "procedure_version", "duty", "name", "basis",
                    "opened_on", "due_on", "provisional", "status", "closed_on")  # fmt: skip


def add(session: Session, **values: Any) -> Filing:
    filing = Filing(**values)
    session.add(filing)
    session.flush()
    return filing


def filing_rows(session: Session) -> RowWriter:
    """Filings written in bulk (`FILING_COLUMNS`, the data as JSON text), flushed by the caller."""
    return RowWriter(session, Filing.__tablename__, FILING_COLUMNS, chunk=None)


def deadline_rows(session: Session) -> RowWriter:
    """Deadlines written in bulk (`DEADLINE_COLUMNS`), flushed by the caller after their filings."""
    return RowWriter(session, FilingDeadline.__tablename__, DEADLINE_COLUMNS, chunk=None)


def get(session: Session, filing_id: int, *, for_update: bool = False) -> Filing | None:
    q = select(Filing).where(Filing.id == filing_id)
    if for_update:
        # The row as it is once locked, also when this session read it before the lock (the access check
        # does): else a change committed meanwhile would go unseen until the UPDATE matched nothing.
        q = q.with_for_update().execution_options(populate_existing=True)
    return session.scalars(q).first()


def get_many(session: Session, filing_ids: Collection[int], *, for_update: bool = False) -> dict[int, Filing]:
    """These filings by id, in one statement; locked as `get` locks one (in id order, as every locker does)."""
    q = select(Filing).where(Filing.id.in_(sorted(filing_ids))).order_by(Filing.id)
    if for_update:
        q = q.with_for_update().execution_options(populate_existing=True)
    return {f.id: f for f in session.scalars(q)}


def page(session: Session, *, procedure: str | None, org_id: int | None, state: str | None, after_id: int,
         limit: int, visible: ColumnElement[bool] | None = None) -> list[Filing]:  # fmt: skip
    """Filings in id order after `after_id` (a stable cursor), each filter applied in the query, `visible`
    (the reader's access, a condition over `filings`) too."""
    q = select(Filing).where(Filing.id > after_id).order_by(Filing.id).limit(limit)
    if visible is not None:
        q = q.where(visible)
    if procedure:
        q = q.where(Filing.procedure == procedure)
    if org_id is not None:
        q = q.where(Filing.org_id == org_id)
    if state:
        q = q.where(Filing.state == state)
    return list(session.scalars(q))


def save(session: Session, filing: Filing) -> None:
    """Flushes the change; the version column makes a concurrent change of the same filing fail here."""
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(f"filing {filing.id} was changed by someone else meanwhile; read it again") from None


def open_deadline(session: Session, **values: Any) -> None:
    session.execute(insert(FilingDeadline).values(status="open", **values))


def set_duty(session: Session, filing_id: int, name: str, duty: str | None) -> None:
    d = FilingDeadline
    session.execute(update(d).where(d.filing_id == filing_id, d.name == name).values(duty=duty))


def deadlines(session: Session, filing_id: int) -> list[FilingDeadline]:
    return list(
        session.scalars(select(FilingDeadline).where(FilingDeadline.filing_id == filing_id).order_by(FilingDeadline.id))
    )


def expire_deadlines(session: Session, deadline_ids: Collection[int]) -> None:
    """Marks these deadlines expired, each closed on its last day, in one statement. The deadlines the session
    holds are matched by their ids, not by evaluating the condition over every object it holds (the default),
    which a sweep holding a batch of them would do once per deadline."""
    d = FilingDeadline
    session.execute(
        update(d).where(d.id.in_(sorted(deadline_ids))).values(status="expired", closed_on=d.due_on)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip


def meet_latest(session: Session, filing_id: int, names: Collection[str], on: date) -> None:
    """Meets, on `on`, the latest deadline (highest id) of each of `names` of the filing, where it is still
    open, has expired or was never recorded (`UNRECORDED`): `met` if `on` is its last day or earlier, else
    `met_late`. One statement."""
    d = FilingDeadline
    latest = (select(func.max(d.id)).where(d.filing_id == filing_id, d.name.in_(sorted(set(names))))
              .group_by(d.name))  # fmt: skip
    session.execute(
        update(d)
        .where(d.id.in_(latest), d.status.in_(MEETABLE_STATUSES))
        .values(status=case((d.due_on >= on, "met"), else_="met_late"), closed_on=on)
        .execution_options(synchronize_session="fetch")  # deadlines this session holds see the change
    )


def expired(session: Session, as_of: date, limit: int) -> list[FilingDeadline]:
    """Open deadlines whose last day ended before `as_of` (the last day runs to midnight: Civil Code
    art. 203(2))."""
    return list(
        session.scalars(
            select(FilingDeadline)
            .where(FilingDeadline.status == "open", FilingDeadline.due_on < as_of)
            .order_by(FilingDeadline.due_on, FilingDeadline.id)
            .limit(limit)
        )
    )


def procedure_events(
    session: Session, *, procedure: str, actions: Collection[str], on: date, org_ids: Collection[int] | None = None
) -> list[tuple[str, date, dict[str, Any]]]:
    """The audit events named `actions` of filings of `procedure` — of some organisations, or of all — that
    took effect on or before `on`, oldest first, each as (action, effective day, the filing's data)."""
    q = (
        select(AuditEvent.action, AuditEvent.effective_on, Filing.data)
        .join(Filing, (AuditEvent.subject_type == SUBJECT_TYPE) & (AuditEvent.subject_id == Filing.id))
        .where(Filing.procedure == procedure, AuditEvent.action.in_(list(actions)), AuditEvent.effective_on <= on)
        .order_by(AuditEvent.id)
    )
    if org_ids is not None:
        q = q.where(Filing.org_id.in_(list(org_ids)))
    return [(a, d, data) for a, d, data in session.execute(q)]


class Awaited(NamedTuple):
    """One kind of work a queue lists: filings of `procedure` in one of `states`, each due on the last day of
    its latest `deadline` (a name in the procedure), or `lead_days` before the date in data field
    `starts` (a period the filing itself has not opened yet), or never (both None)."""

    key: str
    procedure: str
    states: tuple[str, ...]
    deadline: str | None = None
    starts: str | None = None
    lead_days: int = 0
    unless: str | None = None  # a data field that, when true, lifts the lead time


def _days_before(session: Session, day_text: ColumnElement[Any], days: int) -> ColumnElement[date]:
    """The ISO date in `day_text` less `days` days, as each engine writes date arithmetic."""
    if session.get_bind().dialect.name == "postgresql":
        return type_coerce(cast(day_text, Date) - days, Date)
    return type_coerce(func.date(day_text, f"-{days} days"), Date)


def awaiting(session: Session, awaited: Sequence[Awaited], *, visible: ColumnElement[bool], limit: int
             ) -> list[tuple[str, int, int, str | None, str | None, date | None]]:  # fmt: skip
    """The filings awaiting each kind of work that `visible` (the reader's access) keeps, by the day they are
    due (those without one last), then by id: (key, filing id, org id, name_zh, name_en, due_on). One
    statement; each part is found through the index on (procedure, state), so the registry's other filings
    are never read."""
    f, d, o = Filing, FilingDeadline, Organisation
    parts = []
    for a in awaited:
        due: ColumnElement[Any]
        if a.deadline is not None:
            due = (select(d.due_on).where(d.filing_id == f.id, d.name == a.deadline)
                   .order_by(d.id.desc()).limit(1).scalar_subquery())  # fmt: skip
        elif a.starts is not None:
            due = _days_before(session, f.data[a.starts].as_string(), a.lead_days)
            if a.unless is not None:
                due = case((f.data[a.unless].as_boolean().is_(True), cast(null(), Date)), else_=due)
        else:
            due = cast(null(), Date)  # typed, or PostgreSQL takes the union's column for text
        parts.append(
            select(literal(a.key).label("key"), f.id.label("filing_id"), f.org_id.label("org_id"),
                   type_coerce(due, Date).label("due_on"))
            .where(f.procedure == a.procedure, f.state.in_(a.states), visible)
        )  # fmt: skip
    if not parts:
        return []
    u = union_all(*parts).subquery()  # the parts never share a row: each is its own (procedure, state)
    q = (select(u.c.key, u.c.filing_id, u.c.org_id, o.name_zh, o.name_en, u.c.due_on)
         .join(o, o.id == u.c.org_id)
         .order_by(u.c.due_on.is_(None), u.c.due_on, u.c.filing_id, u.c.key).limit(limit))  # fmt: skip
    return [(k, fid, oid, zh, en, due) for k, fid, oid, zh, en, due in session.execute(q)]
