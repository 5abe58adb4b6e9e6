"""SQL conditions that restrict a list query to what a principal may see, to add to its WHERE: the rows
left out are never read, so counts and pages cannot leak them. Each mirrors the reach that `policy`
states over facts (the tests hold them to the same answers).

    select(Organisation).where(filters.organisations(principal), …)
    select(Filing).where(filters.filings(principal), …)
    select(AuditEvent).where(filters.audit_events(principal), …)
    the compliance calendar: filters.due(principal, org_id=Filing.org_id, filing_id=Filing.id)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from ngoreg.access import public
from ngoreg.access.facts import PARTNER_KEY, PSU_KEY, REGISTRAR_PROVINCE_KEY
from ngoreg.access.principal import Grant, Principal
from ngoreg.access.roles import Action, Reach, Scope
from ngoreg.audit.models import AuditEvent
from ngoreg.filings.models import Filing
from ngoreg.reference import Predicate
from ngoreg.registry.models import Organisation, Relation

ORGS = Organisation.__table__
Cond = ColumnElement[bool]


def _grants(p: Principal, action: Action) -> list[Grant]:
    return [g for g in p.grants if action in g.definition.actions]


def _everything(grants: list[Grant]) -> bool:
    return any(g.definition.reach == Reach.EVERYTHING for g in grants)


def _org_reach(g: Grant, o: Any, *, due: bool = False) -> Cond:
    """`policy.org_in_reach` (or with `due`, `policy.due_in_reach`) over the organisations table `o`."""
    match g.definition.reach:
        case Reach.OWN:
            return or_(o.c.id == g.org_id, o.c.parent_id == g.org_id)
        case Reach.PARTNER:
            if due:
                return o.c.id == g.org_id
            partnered = select(Relation.object_org_id).where(
                Relation.predicate == Predicate.PARTNER_OF.value, Relation.subject_org_id == g.org_id,
                Relation.object_org_id.is_not(None))  # fmt: skip
            return or_(o.c.id == g.org_id, o.c.id.in_(partnered))
        case Reach.SPONSORED:
            sponsored = select(Relation.subject_org_id).where(
                Relation.predicate == Predicate.SPONSORED_BY.value, Relation.object_authority_id == g.authority_id,
                Relation.subject_org_id.is_not(None))  # fmt: skip
            return o.c.id.in_(sponsored)
        case Reach.TERRITORY:
            return true() if g.scope == Scope.NATIONAL else o.c.province == g.province
        case Reach.EVERYTHING:
            return true()
    return false()


def _orgs_reached(g: Grant, *, due: bool = False) -> Any:
    return select(ORGS.c.id).where(_org_reach(g, ORGS, due=due))


def partner_column(f: Any = Filing) -> ColumnElement[int]:
    """The partner unit's organisation id kept in a filing's data (see `facts.PARTNER_KEY`)."""
    return f.data[PARTNER_KEY].as_integer()  # type: ignore[no-any-return]


def psu_column(f: Any = Filing) -> ColumnElement[int]:
    """The supervisory unit's authority id an office registration keeps in its data."""
    return f.data[PSU_KEY].as_integer()  # type: ignore[no-any-return]


def registrar_province_column(f: Any = Filing) -> ColumnElement[str]:
    """The registrar's province an office registration keeps in its data."""
    return f.data[REGISTRAR_PROVINCE_KEY].as_string()  # type: ignore[no-any-return]


def _filing_reach(g: Grant, f: Any = Filing) -> Cond:
    """`policy.filing_in_reach` over `filings`."""
    match g.definition.reach:
        case Reach.PARTNER:
            return or_(f.org_id == g.org_id, partner_column(f) == g.org_id)
        case Reach.TERRITORY:
            if g.scope == Scope.NATIONAL:
                return true()
            # A temporary activity is filed where the partner unit is (FNGO Law art. 17(1)); an office applies
            # to the registrar of the province it names (arts. 6(1), 12(1)).
            in_province = select(ORGS.c.id).where(ORGS.c.province == g.province)
            return or_(f.org_id.in_(in_province), partner_column(f).in_(in_province),
                       registrar_province_column(f) == g.province)  # fmt: skip
        case Reach.SPONSORED:
            return or_(f.org_id.in_(_orgs_reached(g)), psu_column(f) == g.authority_id)
        case Reach.EVERYTHING:
            return true()
        case Reach.PUBLIC:
            return false()
    return f.org_id.in_(_orgs_reached(g))


def grant_filings(g: Grant, f: Any = Filing) -> Cond:
    """Over `filings`: those one grant reaches itself (not what is public), the filings it may act on as
    its workflow roles (`policy.can(Fire(...))` asks the same of one filing). A work queue reads these."""
    return _filing_reach(g, f)


def organisations(principal: Principal, o: Any = ORGS) -> Cond:
    """Over `organisations` (the table, or an alias of it; `select(Organisation)` reads the table)."""
    grants = _grants(principal, Action.READ_ORG)
    if _everything(grants):
        return true()
    return or_(public.orgs_sql(o), *(_org_reach(g, o) for g in grants))


def filings(principal: Principal, f: Any = Filing) -> Cond:
    """Over `filings` (`Filing`, or the `.c` of an alias of its table)."""
    grants = _grants(principal, Action.READ_FILING)
    if _everything(grants):
        return true()
    return or_(public.filings_sql(f), *(_filing_reach(g, f) for g in grants))


def due(principal: Principal, *, org_id: Any, filing_id: Any = None) -> Cond:
    """Over the rows of the compliance calendar, given their organisation id and (for a filing's deadline)
    filing id columns. Obligations are never public."""
    grants = _grants(principal, Action.READ_DUE)
    if _everything(grants):
        return true()
    conds: list[Cond] = [org_id.in_(_orgs_reached(g, due=True)) for g in grants]
    if filing_id is not None:
        conds += [filing_id.in_(select(Filing.id).where(_filing_reach(g))) for g in grants]
    return or_(false(), *conds)


def audit_events(principal: Principal, a: Any = AuditEvent) -> Cond:
    """Over `audit_events`: the events about organisations and filings the principal reaches, and the
    events about public organisations (their announced history); the rest (accounts, authorities,
    figures) only for the administrator."""
    grants = _grants(principal, Action.READ_AUDIT)
    if _everything(grants):
        return true()
    orgs = select(ORGS.c.id).where(or_(public.orgs_sql(ORGS), *(_org_reach(g, ORGS) for g in grants)))
    conds = [and_(a.subject_type == public.ORG_SUBJECT, a.subject_id.in_(orgs))]
    if grants:
        reached = select(Filing.id).where(or_(*(_filing_reach(g) for g in grants)))
        conds.append(and_(a.subject_type == public.FILING_SUBJECT, a.subject_id.in_(reached)))
    return or_(*conds)

