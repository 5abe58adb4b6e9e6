"""The facts about an object that a permission depends on, read once so that `policy.can` stays a pure
function of them (and can be tested without a database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.access import public
from ngoreg.access.roles import STARTED_BY
from ngoreg.audit.models import AuditEvent
from ngoreg.errors import NotFound
from ngoreg.filings.models import Filing
from ngoreg.reference import Predicate
from ngoreg.registry.models import Organisation, Relation

# Where a filing keeps the ids of the parties beside its organisation: a temporary activity its partner unit
# (`fngo_temporary_activity.partner_org_id`, FNGO Law art. 17(1); also set by the ChinaFile importer); an
# office registration its supervisory unit and the registrar's province (`fngo_office_registration`,
# arts. 11(1), 6(1), 12(1)).
PARTNER_KEY = "partner_org_id"
PSU_KEY = "psu_authority_id"
REGISTRAR_PROVINCE_KEY = "registrar_province"


@dataclass(frozen=True)
class OrgFacts:
    id: int
    kind: str
    status: str
    province: str | None
    parent_id: int | None = None
    sponsors: frozenset[int] = frozenset()  # authorities it is (or was) `sponsored_by`
    partners: frozenset[int] = frozenset()  # partner units that are (or were) `partner_of` it
    published: bool = False  # the law has it announced (see `public.org_is_public`)


@dataclass(frozen=True)
class FilingFacts:
    id: int
    procedure: str
    state: str
    org: OrgFacts
    partner_org_id: int | None = None
    partner_province: str | None = None
    psu_authority_id: int | None = None  # the supervisory unit the filing names (office registration)
    registrar_province: str | None = None  # the province of the registrar it is made to (office registration)


@dataclass(frozen=True)
class StartFacts:
    """Starting a filing of `procedure` for `org`; `starter_roles` are the workflow roles that draft it
    (`roles.STARTED_BY`, else those firing a transition out of the procedure's first state)."""

    procedure: str
    org: OrgFacts
    starter_roles: frozenset[str]


@dataclass(frozen=True)
class AuditFacts:
    event_id: int
    subject_type: str
    subject: OrgFacts | FilingFacts | None  # None: a subject other than an organisation or a filing


def partner_of(data: dict[str, Any] | None, key: str = PARTNER_KEY) -> int | None:
    value = (data or {}).get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(data: dict[str, Any] | None, key: str) -> str | None:
    value = (data or {}).get(key)
    return value if isinstance(value, str) and value else None


def org_facts(session: Session, org_id: int) -> OrgFacts:
    o = session.get(Organisation, org_id)
    if o is None:
        raise NotFound(f"organisation {org_id} does not exist")
    rel = Relation
    sponsors = session.scalars(
        select(rel.object_authority_id).where(
            rel.subject_org_id == org_id, rel.predicate == Predicate.SPONSORED_BY.value,
            rel.object_authority_id.is_not(None))  # fmt: skip
    ).all()
    partners = session.scalars(
        select(rel.subject_org_id).where(rel.object_org_id == org_id, rel.predicate == Predicate.PARTNER_OF.value,
                                         rel.subject_org_id.is_not(None))  # fmt: skip
    ).all()
    published = bool(session.execute(select(public.orgs_sql(Organisation.__table__)).where(
        Organisation.id == org_id)).scalar())  # fmt: skip
    return OrgFacts(o.id, o.kind, o.status, o.province, o.parent_id, frozenset(x for x in sponsors if x is not None),
                    frozenset(x for x in partners if x is not None), published)  # fmt: skip


def filing_facts(session: Session, filing_id: int) -> FilingFacts:
    f = session.get(Filing, filing_id)
    if f is None:
        raise NotFound(f"filing {filing_id} does not exist")
    partner = partner_of(f.data)
    partner_province = session.scalar(select(Organisation.province).where(Organisation.id == partner)) \
        if partner is not None else None  # fmt: skip
    return FilingFacts(f.id, f.procedure, f.state, org_facts(session, f.org_id), partner, partner_province,
                       partner_of(f.data, PSU_KEY), _text(f.data, REGISTRAR_PROVINCE_KEY))  # fmt: skip


def start_facts(session: Session, procedure: str, org_id: int, on: date) -> StartFacts:
    p = procedures.in_force(procedure, on)
    roles = STARTED_BY.get(p.code) or frozenset(r for t in p.transitions if p.initial in t.source for r in t.roles)
    return StartFacts(p.code, org_facts(session, org_id), roles)


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
