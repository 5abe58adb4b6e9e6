"""SQL conditions that restrict a list query to what a principal may see, to add to its WHERE: the rows
left out are never read, so counts and pages cannot leak them. Each is the SQL side of the reach each role
declares (`access.reach`), whose Python side `policy` asks of one object.

    select(Organisation).where(filters.organisations(principal), …)
    select(Filing).where(filters.filings(principal), …)
    select(AuditEvent).where(filters.audit_events(principal), …)
    the compliance calendar: filters.due(principal, org_id=Filing.org_id, filing_id=Filing.id)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from ngoreg import regimes
from ngoreg.access import public
from ngoreg.access.principal import Grant, Principal
from ngoreg.access.roles import Action
from ngoreg.audit.models import AuditEvent
from ngoreg.filings.models import Filing
from ngoreg.registry.models import Organisation

ORGS = Organisation.__table__
Cond = ColumnElement[bool]


def _grants(p: Principal, action: Action) -> list[Grant]:
    return [g for g in p.grants if action in g.definition.actions]


def _org_reach(g: Grant, o: Any) -> Cond:
    """`policy.org_in_reach` over the organisations table `o`: the grant's reach as SQL."""
    return g.definition.reach.orgs_sql(g, o)


def _filing_reach(g: Grant, f: Any = Filing) -> Cond:
    """`policy.filing_in_reach` over `filings`."""
    return g.definition.reach.filings_sql(g, f)


def grant_filings(g: Grant, f: Any = Filing) -> Cond:
    """Over `filings`: those one grant reaches itself (not what is public), the filings it may act on as
    its workflow roles (`policy.can(Fire(...))` asks the same of one filing). A work queue reads these."""
    return _filing_reach(g, f)


def organisations(principal: Principal, o: Any = ORGS) -> Cond:
    """Over `organisations` (the table, or an alias of it; `select(Organisation)` reads the table)."""
    grants = _grants(principal, Action.READ_ORG)
    if any(g.definition.reach.all_orgs(g) for g in grants):
        return true()
    return or_(public.orgs_sql(o), *(_org_reach(g, o) for g in grants))


def placements(principal: Principal, o: Any = ORGS) -> Cond:
    """Over `organisations`: those whose Party committee placement the principal reads (`policy.can` with
    `READ_PLACEMENT` asks the same of one); nothing is public."""
    grants = _grants(principal, Action.READ_PLACEMENT)
    if any(g.definition.reach.all_orgs(g) for g in grants):
        return true()
    return or_(false(), *(_org_reach(g, o) for g in grants))


def filings(principal: Principal, f: Any = Filing) -> Cond:
    """Over `filings` (`Filing`, or the `.c` of an alias of its table)."""
    grants = _grants(principal, Action.READ_FILING)
    if any(g.definition.reach.all_filings(g) for g in grants):
        return true()
    return or_(public.filings_sql(f), *(_filing_reach(g, f) for g in grants))


def due(principal: Principal, *, org_id: Any, filing_id: Any = None, procedure: Any = None, kind: Any = None) -> Cond:
    """Over the rows of the compliance calendar, given their organisation id and (for a filing's deadline)
    filing id and procedure columns, or (for a yearly duty nobody filed) the organisation's kind. Obligations
    are never public. A grant whose reach is one regime's procedures (`Reach.procedures`) reaches the
    obligations of those procedures only — for a yearly duty, those owed by the kinds its procedures' duties
    are owed by."""
    grants = _grants(principal, Action.READ_DUE)
    if any(g.definition.reach.all_dues(g) and g.definition.reach.procedures is None for g in grants):
        return true()
    conds: list[Cond] = []
    for g in grants:
        reach = g.definition.reach
        cond = true() if reach.all_dues(g) else org_id.in_(select(ORGS.c.id).where(reach.dues_sql(g, ORGS)))
        if reach.procedures is not None:
            if procedure is not None:
                cond = and_(cond, procedure.in_(sorted(reach.procedures)))
            if kind is not None:
                cond = and_(cond, kind.in_(_owing(reach.procedures)))
        conds.append(cond)
    if filing_id is not None:
        conds += [filing_id.in_(select(Filing.id).where(_filing_reach(g))) for g in grants]
    return or_(false(), *conds)


def dues(principal: Principal) -> Any:
    """`due` as the compliance calendar asks for it (`compliance.repository.Visible`)."""
    def visible(org_id: Any, filing_id: Any, procedure: Any, kind: Any) -> Cond:
        return due(principal, org_id=org_id, filing_id=filing_id, procedure=procedure, kind=kind)

    return visible


def _owing(procedures: frozenset[str]) -> list[str]:
    """The kinds of organisation that owe the yearly duties of `procedures`."""
    return sorted({k for code, d in regimes.catalogue().duties.items() if code in procedures for k in d.owed_by})


def audit_events(principal: Principal, a: Any = AuditEvent) -> Cond:
    """Over `audit_events`: the events about organisations and filings the principal reaches, and the
    events about public organisations (their announced history); the rest (accounts, authorities,
    figures) only for the administrator."""
    grants = _grants(principal, Action.READ_AUDIT)
    if any(g.definition.reach.everything for g in grants):  # events of no organisation or filing too
        return true()
    orgs = select(ORGS.c.id).where(or_(public.orgs_sql(ORGS), *(_org_reach(g, ORGS) for g in grants)))
    conds = [and_(a.subject_type == public.ORG_SUBJECT, a.subject_id.in_(orgs))]
    if grants:
        reached = select(Filing.id).where(or_(*(_filing_reach(g) for g in grants)))
        conds.append(and_(a.subject_type == public.FILING_SUBJECT, a.subject_id.in_(reached)))
    return or_(*conds)
