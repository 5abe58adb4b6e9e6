"""What anyone may see without an account: what the law has announced or published. The filing rule is
stated as data (`PUBLIC_FILINGS`) read by a Python predicate and by SQL alike; the organisation rule is
SQL only (`orgs_sql`), which `facts.org_facts` also runs, so a single object and a list never disagree.

Organisations (by kind):
* A representative office once registered — and after its deregistration or revocation — is public: the
  registrar announces the registration with its items (FNGO Law art. 13(1)), the deregistration (art. 15)
  and the revocation, declaring certificate and seal void (art. 49). An applicant office is not.
* A foreign NGO is public once it has a public office (its name is in the office's announced name, art.
  13(1)(1)) or a filed temporary activity (see below). An NGO known only from a draft is not.
* Social associations, civil non-enterprise units and foundations once registered: their registrars
  announce establishment, change and deregistration (社会团体登记管理条例 art. 23, 民办非企业单位登记管理暂行
  条例 art. 18, 基金会管理条例 art. 19).
* State organs, people's organisations and public institutions are public bodies; they appear here as the
  partner units that art. 16 names.

Filings: only in the states that follow an announcement or a publication, never drafts, applications or
the supervisory unit's opinions along the way (`PUBLIC_FILINGS`); and of those, only the fields that were
announced (`PUBLIC_FIELDS`, see `visible_data`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, exists, or_, select
from sqlalchemy.sql import ColumnElement

from ngoreg.filings.models import Filing
from ngoreg.reference import SOCIAL_ORGANISATIONS, OrgKind
from ngoreg.registry.models import Organisation

ORG_SUBJECT = "organisation"  # how the audit log names the subjects it records
FILING_SUBJECT = "filing"

# An organisation's registry status after an announced registration (FNGO Law arts. 13, 15, 49; the
# domestic regulations cited above).
ANNOUNCED_STATUSES = ("registered", "deregistered", "revoked")
REGISTERED_KINDS = frozenset({OrgKind.REPRESENTATIVE_OFFICE, *SOCIAL_ORGANISATIONS})
PUBLIC_BODIES = frozenset({OrgKind.STATE_ORGAN, OrgKind.PEOPLES_ORGANISATION, OrgKind.PUBLIC_INSTITUTION})
TEMPORARY_ACTIVITY = "fngo_temporary_activity"


@dataclass(frozen=True)
class Published:
    states: frozenset[str]
    fields: frozenset[str]
    basis: str


PUBLIC_FILINGS: dict[str, Published] = {
    # Art. 13(1): the registration and its six items are announced with the certificate.
    "fngo_office_registration": Published(
        frozenset({"registered", "records_filed"}),
        frozenset({"name", "domicile", "business_scope", "area_of_activity", "chief_representative", "psu_name",
                   "certificate_no", "announcement"}),
        "FNGO Law art. 13(1)"),
    # Art. 15: the registrar deregisters the office and announces it.
    "fngo_office_deregistration": Published(
        frozenset({"deregistered", "settled"}), frozenset({"ground", "announcement"}), "FNGO Law art. 15"),
    # Art. 31(3): the office publishes its annual work report on the registrar's website; the supervisory
    # unit's opinion and the inspection notes stay internal (art. 31(1)).
    "fngo_annual_report": Published(
        frozenset({"published"}), frozenset({"year", "contents", "auditor", "audited_in_china", "publication"}),
        "FNGO Law art. 31(3)"),
    # Art. 49: a revoked registration or certificate is announced void. The findings stay internal.
    "fngo_sanction": Published(
        frozenset({"certificate_revoked", "registration_cancelled"}), frozenset({"subject", "announcement"}),
        "FNGO Law art. 49"),
    # Art. 17(1) makes a temporary activity a filing with the registrar. The Law has no publication clause
    # for it; the Ministry of Public Security publishes filed activities on its service platform (the lists
    # the ChinaFile data translate), and the registry follows that: filed, never drafted.
    TEMPORARY_ACTIVITY: Published(
        frozenset({"filed", "stopped", "report_overdue", "reported"}),
        frozenset({"activity_name", "activity_name_en", "partner_name", "partner_name_en", "partner_kind",
                   "region", "region_en", "provinces", "fields", "origins", "start_date", "end_date"}),
        "FNGO Law art. 17(1)"),
}  # fmt: skip


def filing_is_public(procedure: str, state: str) -> Published | None:
    p = PUBLIC_FILINGS.get(procedure)
    return p if p is not None and state in p.states else None


def visible_data(procedure: str, data: dict[str, Any]) -> dict[str, Any]:
    """The part of a public filing's data the public sees."""
    p = PUBLIC_FILINGS.get(procedure)
    return {k: v for k, v in data.items() if p is not None and k in p.fields}


def filings_sql(f: Any = Filing) -> ColumnElement[bool]:
    """`filing_is_public` as SQL over `Filing` (or the `.c` of an alias of its table)."""
    return or_(*(and_(f.procedure == code, f.state.in_(sorted(p.states))) for code, p in PUBLIC_FILINGS.items()))


def orgs_sql(o: Table | Any = None) -> ColumnElement[bool]:
    """Whether an organisation is public (the rules above) as SQL over `organisations` or an alias of it."""
    o = Organisation.__table__ if o is None else o
    office = Organisation.__table__.alias()
    activity = Filing.__table__.alias()
    has_public_office = exists(
        select(office.c.id).where(office.c.parent_id == o.c.id, office.c.kind == OrgKind.REPRESENTATIVE_OFFICE.value,
                                  office.c.status.in_(ANNOUNCED_STATUSES))  # fmt: skip
    )
    has_public_activity = exists(
        select(activity.c.id).where(activity.c.org_id == o.c.id, activity.c.procedure == TEMPORARY_ACTIVITY,
                                    activity.c.state.in_(sorted(PUBLIC_FILINGS[TEMPORARY_ACTIVITY].states)))
    )  # fmt: skip
    # The kind and status read from each row, not looked up through the (kind, province) index: a page of
    # the public registry then reads organisations in id order and stops at its end, where the planner would
    # gather every public organisation through the index and sort them all (1.8 s at 1,000,000).
    kind, status = o.c.kind + "", o.c.status + ""
    return or_(
        and_(kind.in_(sorted(k.value for k in REGISTERED_KINDS)), status.in_(ANNOUNCED_STATUSES)),
        kind.in_(sorted(k.value for k in PUBLIC_BODIES)),
        and_(kind == OrgKind.FOREIGN_NGO.value, or_(has_public_office, has_public_activity)),
    )

