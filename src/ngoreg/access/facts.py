"""The facts about an object that a permission depends on, read once so that `policy.can` stays a pure
function of them (and can be tested without a database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ngoreg import procedures, regimes
from ngoreg.access import public
from ngoreg.audit.models import AuditEvent
from ngoreg.errors import NotFound
from ngoreg.filings.models import Filing
from ngoreg.registry.models import Organisation, Relation


@dataclass(frozen=True)
class OrgFacts:
    id: int
    kind: str
    status: str
    province: str | None
    parent_id: int | None = None
    # Its relations (current or ended) of the predicates some role reaches through (`reach.Related`), as
    # (predicate, the other party's side, "org" | "authority", the other party's id).
    related: frozenset[tuple[str, str, str, int]] = frozenset()
    published: bool = False  # the law has it announced (see `public.org_is_public`)


@dataclass(frozen=True)
class FilingFacts:
    id: int
    procedure: str
    state: str
    org: OrgFacts
    parties: dict[str, Any] = field(default_factory=dict)  # the parties it records (`Regime.parties`), by field
    party_provinces: dict[str, str | None] = field(default_factory=dict)  # where its party organisations are


@dataclass(frozen=True)
class StartFacts:
    """Starting a filing of `procedure` for `org`; `starter_roles` are the workflow roles that draft it
    (`Regime.starters`, else those firing a transition out of the procedure's first state); with
    `for_kinds`, they draft it for any organisation of those kinds, reached or not."""

    procedure: str
    org: OrgFacts
    starter_roles: frozenset[str]
    for_kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AuditFacts:
    event_id: int
    subject_type: str
    subject: OrgFacts | FilingFacts | None  # None: a subject other than an organisation or a filing


def _reached_predicates() -> list[str]:
    return sorted({p.value for r in regimes.catalogue().roles.values() for p in r.reach.predicates})


def party_value(data: dict[str, Any] | None, key: str, anchor: str) -> Any:
    """A party's identity as a filing keeps it: an id for an organisation or authority, a division code for
    a territory; None when absent or of the wrong type."""
    value = (data or {}).get(key)
    if anchor == "territory":
        return value if isinstance(value, str) and value else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def org_facts(session: Session, org_id: int) -> OrgFacts:
    o = session.get(Organisation, org_id)
    if o is None:
        raise NotFound(f"organisation {org_id} does not exist")
    rel = Relation
    related: set[tuple[str, str, str, int]] = set()
    predicates = _reached_predicates()
    if predicates:
        for pred, s_org, o_org, o_auth in session.execute(select(
                rel.predicate, rel.subject_org_id, rel.object_org_id, rel.object_authority_id).where(
                rel.predicate.in_(predicates), or_(rel.subject_org_id == org_id, rel.object_org_id == org_id))):
            if s_org == org_id:  # it is the subject: the other party is the object
                if o_org is not None:
                    related.add((pred, "object", "org", o_org))
                if o_auth is not None:
                    related.add((pred, "object", "authority", o_auth))
            if o_org == org_id and s_org is not None:
                related.add((pred, "subject", "org", s_org))
    published = bool(session.execute(select(public.orgs_sql(Organisation.__table__)).where(
        Organisation.id == org_id)).scalar())  # fmt: skip
    return OrgFacts(o.id, o.kind, o.status, o.province, o.parent_id, frozenset(related), published)


def filing_facts(session: Session, filing_id: int) -> FilingFacts:
    f = session.get(Filing, filing_id)
    if f is None:
        raise NotFound(f"filing {filing_id} does not exist")
    parties: dict[str, Any] = {}
    provinces: dict[str, str | None] = {}
    for party in regimes.catalogue().parties:
        if f.procedure in party.procedures:
            value = party_value(f.data, party.field, party.anchor)
            if value is not None:
                parties[party.field] = value
                if party.anchor == "org":
                    provinces[party.field] = session.scalar(select(Organisation.province).where(
                        Organisation.id == value))  # fmt: skip
    return FilingFacts(f.id, f.procedure, f.state, org_facts(session, f.org_id), parties, provinces)


def start_facts(session: Session, procedure: str, org_id: int, on: date) -> StartFacts:
    p = procedures.in_force(procedure, on)
    starter = regimes.catalogue().starters.get(p.code)
    roles = (starter.roles if starter else frozenset()) or \
        frozenset(r for t in p.transitions if p.initial in t.source for r in t.roles)  # fmt: skip
    return StartFacts(p.code, org_facts(session, org_id), roles, starter.for_kinds if starter else frozenset())


def audit_facts(session: Session, event: AuditEvent) -> AuditFacts:
    subject: OrgFacts | FilingFacts | None = None
    try:
        if event.subject_type == public.ORG_SUBJECT:
            subject = org_facts(session, event.subject_id)
        elif event.subject_type == public.FILING_SUBJECT:
            subject = filing_facts(session, event.subject_id)
    except NotFound:
        subject = None
    return AuditFacts(event.id, event.subject_type, subject)
