"""All SQL of the compliance calendar.

A registry-wide calendar runs to hundreds of thousands of rows, so the queries are shaped for that: the
status is computed in the database (`status.status_sql`) and comes back as a number, and rows come straight
from the driver as plain tuples (`db.reads`) — dates as the driver gives them, `date` on PostgreSQL and ISO
text on SQLite (`gives_dates` tells which). The functions here build the statements; the calendar reads
them together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import String, and_, case, cast, func, null, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from ngoreg.compliance.status import status_sql
from ngoreg.facets.models import Facet
from ngoreg.filings.models import MET_DUTY, UNMET_STATUSES, Filing, FilingDeadline
from ngoreg.reference import Predicate
from ngoreg.registry.models import Organisation, Relation

DEADLINES, FILINGS, ORGS = FilingDeadline.__table__, Filing.__table__, Organisation.__table__
MET = ("met", "met_late")  # the stored statuses of a deadline that was met (an expired one never was)

# The reader's access to the calendar's rows, given their organisation id, filing id and procedure columns (a
# filing's deadline), or organisation id and kind (a yearly duty nobody filed, whose procedure the kind
# decides): `access.filters.due`.
Visible = Callable[[Any, Any, Any, Any], ColumnElement[bool]]


def gives_dates(session: Session) -> bool:
    """Whether the driver hands back `date` objects (PostgreSQL) rather than ISO text (SQLite)."""
    return session.get_bind().dialect.name == "postgresql"


def org_name() -> ColumnElement[Any]:
    """The English name where the organisation has one, else the Chinese."""
    return func.coalesce(ORGS.c.name_en, ORGS.c.name_zh)


def _listed(as_of: date, since: date, org_id: int | None, visible: Visible | None) -> list[ColumnElement[bool]]:
    """The deadlines a calendar lists: opened on or before `as_of`, and still open on `as_of` (never met, or
    met only later) or met on `since` or later (`since` is never after `as_of`) — the first from its own
    index (`ix_filing_deadlines_unmet`, whose condition this is), the second a range of (status, closed_on)."""
    d = DEADLINES.c
    where = [d.opened_on <= as_of, or_(d.status.in_(UNMET_STATUSES), and_(d.status.in_(MET), d.closed_on >= since))]
    if org_id is not None:
        where.append(_of_org(org_id))
    if visible is not None:
        where.append(visible(d.org_id, d.filing_id, d.procedure, None))
    return where


def yearly_deadlines(*, as_of: date, since: date, org_id: int | None, visible: Visible | None = None) -> Select[Any]:
    """The listed deadlines that take up a yearly duty (`duty`), in no particular order, whatever their
    status, with the day each was met by `as_of`: (duty, org_id, filing_id, deadline id, procedure, version,
    name, basis, due_on, status: index in STATUSES, provisional, met_on or NULL)."""
    d = DEADLINES.c
    was_met = d.status.in_(MET)
    return (
        select(d.duty, d.org_id, d.filing_id, d.id, d.procedure, d.procedure_version, d.name, d.basis, d.due_on,
               status_sql(d.due_on, d.closed_on, as_of, met=was_met), d.provisional,
               case((and_(was_met, d.closed_on <= as_of), d.closed_on), else_=null()))
        .where(d.duty.is_not(None), *_listed(as_of, since, org_id, visible))
    )  # fmt: skip


def other_deadlines(*, as_of: date, since: date, org_id: int | None, statuses: Sequence[int],
                    visible: Visible | None = None) -> Select[Any]:  # fmt: skip
    """Every other listed deadline, with its status on `as_of` (only those in `statuses`, if any are given),
    by last day and organisation: (org_id, org_name, filing_id, deadline id, procedure, version, name,
    basis, due_on, status: index in STATUSES, provisional)."""
    d, o = DEADLINES.c, ORGS.c
    st = status_sql(d.due_on, d.closed_on, as_of, met=d.status.in_(MET))
    q = (
        select(d.org_id, org_name(), d.filing_id, d.id, d.procedure, d.procedure_version, d.name, d.basis, d.due_on,
               st, d.provisional)
        .select_from(DEADLINES.join(ORGS, o.id == d.org_id))
        .where(d.duty.is_(None), *_listed(as_of, since, org_id, visible))
        .order_by(d.due_on, d.org_id, d.filing_id, d.id)
    )  # fmt: skip
    return q.where(st.in_(list(statuses))) if statuses else q


def _of_org(org_id: int) -> ColumnElement[bool]:
    """The deadlines of one organisation, found through its filings (deadlines have no index by
    organisation: the calendar reads them for all at once)."""
    return DEADLINES.c.filing_id.in_(select(FILINGS.c.id).where(FILINGS.c.org_id == org_id))


def met_before(*, as_of: date, since: date, org_id: int | None) -> Select[Any]:
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
    return q


def names(session: Session, org_ids: Sequence[int]) -> dict[int, str]:
    o = ORGS.c
    return {i: n for i, n in session.execute(select(o.id, org_name()).where(o.id.in_(list(org_ids))))}


def registered(*, kinds: list[str], as_of: date, org_id: int | None, visible: Visible | None = None) -> Select[Any]:
    """Organisations of `kinds` registered on or before `as_of`, by id: (id, name, registered_on, ended_on,
    imported_on, kind)."""
    o = ORGS.c
    q = select(o.id, org_name(), o.registered_on, o.ended_on, o.imported_on, o.kind).where(
        o.kind.in_(kinds) if len(kinds) != 1 else o.kind == kinds[0], o.registered_on <= as_of)
    if visible is not None:
        q = q.where(visible(o.id, None, None, o.kind))
    if org_id is not None:
        q = q.where(o.id == org_id)
    return q.order_by(o.id)


def sponsored(*, org_id: int | None) -> Select[Any]:
    """When organisations had a professional supervisory unit (a `sponsored_by` relation to an authority):
    (org id, from, to exclusive), either end None when open."""
    r = Relation.__table__.c
    q = select(r.subject_org_id, r.valid_from, r.valid_to).where(
        r.predicate == Predicate.SPONSORED_BY.value, r.subject_org_id.is_not(None), r.object_authority_id.is_not(None))
    return q.where(r.subject_org_id == org_id) if org_id is not None else q


def marked(mark: tuple[str, str], *, org_id: int | None) -> Select[Any]:
    """When organisations held a mark (key, value) a decision gave them (`facets.repository.mark`): (org id,
    from, to exclusive)."""
    f = Facet.__table__.c
    q = select(f.subject_id, f.valid_from, f.valid_to).where(
        f.subject_type == "organisation", f.facet == mark[0], f.value == mark[1])
    return q.where(f.subject_id == org_id) if org_id is not None else q


# A calendar sorts and groups a few hundred thousand rows once: in memory rather than in files on disk (the
# default 4 MB of work memory), and without compiling the query first (JIT costs more than it saves on a
# query run once). For the calendar's transactions only.
PG_SETTINGS = "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off"
