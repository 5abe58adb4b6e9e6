"""The Foreign NGO Law regime (中华人民共和国境外非政府组织境内活动管理法, 2016, as amended 2017-11-04; in
force 2017-01-01, art. 54): representative offices registered with the provincial public security organs
under a professional supervisory unit, temporary activities filed through a Chinese partner unit, annual
plans and reports, sanctions.

Its procedures are the modules of this package; `REGIME` declares everything else they need: who acts and
how far each reaches, the parties filings record, what is published, the work queues' steps, the yearly
duties, the start forms, the guards' facts, the dashboards' group, the rule checks and the articles an
organisation's page cites."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

from ngoreg.access.reach import InTerritory, Itself, Names, OnOrg, PartyIn, Reach, Related, SetUp
from ngoreg.access.roles import READS, Action, RoleDef, Scope
from ngoreg.law import cite
from ngoreg.reference import AuthorityKind, OrgKind, Predicate
from ngoreg.regimes.fngo import (
    annual_plan,
    annual_report,
    charts,
    office_change,
    office_deregistration,
    office_registration,
    representatives,
    sanction,
    temporary_activity,
)
from ngoreg.regimes.fngo.office import OFFICE_KIND

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

from ngoreg.workflow.regime import (
    OrgPage,
    Party,
    PublicThrough,
    Published,
    Regime,
    Starter,
    Task,
    YearlyDuty,
)

A = Action
_REG, _CHG, _ACT = office_registration, office_change, temporary_activity
NGO = OrgKind.FOREIGN_NGO.value

# The parties a filing records beside its organisation, from the grant of whoever acts for them.
PARTNER = Party("partner_unit", "partner_org_id", "org", frozenset({_ACT.CODE}), cite("fngo", 17, 1))
PSU = Party("psu", "psu_authority_id", "authority", frozenset({_REG.CODE}), cite("fngo", 11, 1),
            AuthorityKind.SUPERVISORY_UNIT.value)
REGISTRAR = Party("registrar", "registrar_province", "territory", frozenset({_REG.CODE}), cite("fngo", 12, 1))

PROCEDURES = (_ACT.PROCEDURE, _REG.PROCEDURE, _CHG.PROCEDURE, office_deregistration.PROCEDURE, annual_plan.PROCEDURE,
              annual_report.PROCEDURE, representatives.PROCEDURE, sanction.PROCEDURE)  # fmt: skip

# A registrar and a coordinating group reach their territory: the organisations in it (a foreign NGO's
# partner may be any Chinese unit there, art. 16), the temporary activities filed there (with the registrar
# where the partner unit is, art. 17(1)) and the applications made to its registrar (arts. 6(1), 12(1)). Of
# the organisations' filings, only this Law's: a public security organ registers and supervises foreign NGOs
# (arts. 6(1), 41), while a social organisation's registration, reports and inspection are its civil affairs
# registrar's (Social Association Regulations arts. 6, 24), so its unpublished filings are not theirs.
TERRITORY = Reach((InTerritory(),), (OnOrg((InTerritory(),)), PartyIn(PARTNER), Names(REGISTRAR)),
                  procedures=frozenset(p.code for p in PROCEDURES))
SPONSORED = (Related(Predicate.SPONSORED_BY, "authority", grant_is="object"),)

ROLES = (
    RoleDef("foreign_ngo_staff", "Staff of a foreign NGO or its representative office",
            frozenset({Scope.ORGANISATION}), Reach((Itself(), SetUp())),
            READS | {A.START_FILING, A.FIRE, A.READ_DUE, A.READ_AUDIT}, frozenset({"foreign_ngo"}),
            basis="FNGO Law arts. 12, 14, 19, 29, 30(2), 31: the NGO and its office apply, file and report",
            owes=True),
    # The filings it is the partner in (art. 17(1)), not the NGO's other filings; it answers for its own
    # duties and, through its filings, for their closing reports (art. 30(2)).
    RoleDef("partner_unit_staff", "Staff of a Chinese partner unit",
            frozenset({Scope.ORGANISATION}),
            Reach((Itself(), Related(Predicate.PARTNER_OF, "org", grant_is="subject")),
                  (OnOrg((Itself(),)), Names(PARTNER)), (Itself(),)),
            READS | {A.START_FILING, A.FIRE, A.READ_DUE, A.READ_AUDIT}, frozenset({"partner_unit"}),
            basis="FNGO Law arts. 16, 17(1), 30(2): the partner unit files the temporary activity and reports"),
    # What it sponsors, and the application it is asked to consent to, which names it (art. 11(1)).
    RoleDef("psu_officer", "Officer of a professional supervisory unit",
            frozenset({Scope.AUTHORITY}), Reach(SPONSORED, (OnOrg(SPONSORED), Names(PSU))),
            READS | {A.FIRE, A.READ_DUE, A.READ_AUDIT}, frozenset({"psu"}),
            basis="FNGO Law arts. 11, 14, 19, 31(1), 43: consents, opinions and guidance to what it sponsors"),
    # The registrars of the Law are the provincial public security organs and the Ministry (art. 6(1));
    # sanctions are for public security organs at city level and above (art. 45), the list of the
    # unwelcome for the Ministry alone (art. 48(3)): a national grant adds the `mps` role.
    RoleDef("registrar_officer", "Officer of a registrar (public security organ)",
            frozenset({Scope.PROVINCE, Scope.NATIONAL}), TERRITORY,
            READS | {A.START_FILING, A.FIRE, A.READ_DUE, A.READ_AUDIT},
            frozenset({"registrar", "public_security"}), frozenset({"mps"}),
            basis="FNGO Law arts. 6(1), 12(3), 17, 31, 41, 45–48"),
    # The coordinating mechanism studies and coordinates the major issues (art. 7(2)); it decides no filing.
    RoleDef("coordinating_group_member", "Member of a coordinating small group (read only)",
            frozenset({Scope.PROVINCE, Scope.NATIONAL}), TERRITORY, READS | {A.READ_DUE},
            basis="FNGO Law art. 7(2)"),
)  # fmt: skip

_ANNOUNCED = "FNGO Law art. 13(1)"


# The guards' facts and the rule checks read the database: their modules load when first called, so that a
# command that reads no database (`ngoreg procedure show`) loads the regime without the database layer.
def _facts(session: Session, f: Any, on: date) -> Mapping[str, Any]:
    from ngoreg.regimes.fngo import facts

    return facts.read(session, f, on)


def _activities(session: Session, report: Any) -> None:
    from ngoreg.regimes.fngo import checks

    checks.activities(session, report)


def _offices_without_supervisory_unit(session: Session, report: Any) -> None:
    from ngoreg.regimes.fngo import checks

    checks.offices_without_supervisory_unit(session, report)

REGIME = Regime(
    code="fngo",
    title_en="Foreign NGO Law: representative offices and temporary activities",
    title_zh="境外非政府组织境内活动管理",
    procedures=PROCEDURES,
    roles=ROLES,
    parties=(PARTNER, PSU, REGISTRAR),
    starters=(
        # An office's registration and change begin with the supervisory unit's consent, but the foreign
        # NGO prepares what the unit consents to (arts. 11(1), 12(1), 14).
        Starter(_REG.CODE, frozenset({"foreign_ngo"}), basis=cite("fngo", 11, 1)),
        Starter(_CHG.CODE, frozenset({"foreign_ngo"}), basis=cite("fngo", 14)),
        # A partner unit works with a foreign NGO that has no office of its own; it files for that NGO, which
        # is not its own organisation (art. 16).
        Starter(_ACT.CODE, frozenset({"partner_unit"}), for_kinds=frozenset({NGO}), basis=cite("fngo", 16)),
    ),
    published=(
        # Art. 13(1): the registration and its six items are announced with the certificate.
        Published(_REG.CODE, frozenset({"registered", "records_filed"}),
                  frozenset({*_REG.REGISTRATION_ITEMS, "certificate_no", "announcement"}), _ANNOUNCED),
        # Art. 15: the registrar deregisters the office and announces it.
        Published(office_deregistration.CODE, frozenset({"deregistered", "settled"}),
                  frozenset({"ground", "announcement"}), "FNGO Law art. 15"),
        # Art. 31(3): the office publishes its annual work report on the registrar's website; the supervisory
        # unit's opinion and the inspection notes stay internal (art. 31(1)).
        Published(annual_report.CODE, frozenset({"published"}),
                  frozenset({"year", "contents", "auditor", "audited_in_china", "publication"}), "FNGO Law art. 31(3)"),
        # Art. 49: a revoked registration or certificate is announced void. The findings stay internal.
        Published(sanction.CODE, frozenset({"certificate_revoked", "registration_cancelled"}),
                  frozenset({"subject", "announcement"}), "FNGO Law art. 49"),
        # Art. 17(1) makes a temporary activity a filing with the registrar. The Law has no publication
        # clause for it; the Ministry of Public Security publishes filed activities on its service platform
        # (the lists the ChinaFile data translate), and the registry follows that: filed, never drafted. An
        # import adds the list's English, its provinces, fields of work and countries of origin.
        Published(_ACT.CODE, frozenset({"filed", "stopped", "report_overdue", "reported"}),
                  frozenset({"activity_name", "partner_name", "partner_kind", "region", "start_date", "end_date"}),
                  "FNGO Law art. 17(1)",
                  frozenset({"activity_name_en", "partner_name_en", "region_en", "provinces", "fields", "origins"})),
    ),  # fmt: skip
    # A representative office once registered, and after its deregistration (art. 15) or revocation (art.
    # 49); a foreign NGO once its name is in a public office's announced name (art. 13(1)(1)) or it has a
    # filed temporary activity.
    announced_kinds=frozenset({OFFICE_KIND}),
    announced_basis="FNGO Law arts. 13(1), 15, 49",
    public_through=(PublicThrough(NGO, "FNGO Law art. 13(1)(1)", child_kind=OFFICE_KIND),
                    PublicThrough(NGO, "FNGO Law art. 17(1)", procedure=_ACT.CODE)),  # fmt: skip
    tasks=(
        Task("psu.consent_registration", "psu", _REG.CODE, (_REG.State.DRAFTED, _REG.State.CONSENT_LAPSED),
             "Consent to an office's registration", (cite("fngo", 11, 1),)),
        Task("psu.consent_change", "psu", _CHG.CODE, (_CHG.State.DRAFTED, _CHG.State.CONSENT_LAPSED),
             "Consent to a change of an office's registration", (cite("fngo", 14), cite("fngo", 40))),
        Task("psu.consent_plan", "psu", annual_plan.CODE, (annual_plan.State.SUBMITTED_TO_PSU,),
             "Consent to an annual activity plan", (cite("fngo", 19),)),
        # The office sends the report on to the registrar with this opinion by 31 March: it is due then.
        Task("psu.report_opinion", "psu", annual_report.CODE, (annual_report.State.SUBMITTED_TO_PSU,),
             "Give an opinion on an annual work report", (cite("fngo", 31, 1), cite("fngo", 40)),
             deadline="report_to_registrar"),
        Task("registrar.accept_registration", "registrar", _REG.CODE, (_REG.State.APPLIED,),
             "Accept an application for an office", (cite("fngo", 12, 3),)),
        Task("registrar.decide_registration", "registrar", _REG.CODE, (_REG.State.ACCEPTED,),
             "Decide on an office's registration", (cite("fngo", 12, 3),), deadline="decision",
             period_days=_REG.DECIDE_WITHIN.amount),
        Task("registrar.decide_change", "registrar", _CHG.CODE, (_CHG.State.APPLIED,),
             "Decide on a change of an office's registration", (cite("fngo", 14),)),
        Task("registrar.deregister", "registrar", office_deregistration.CODE,
             (office_deregistration.State.GROUND_REPORTED,), "Deregister an office", (cite("fngo", 15, 1),)),
        Task("registrar.inspect_report", "registrar", annual_report.CODE, (annual_report.State.SUBMITTED,),
             "Inspect an annual work report", (cite("fngo", 31, 1), cite("fngo", 41))),
        Task("partner.file_activity", "partner_unit", _ACT.CODE, (_ACT.State.DRAFTED,), "File a temporary activity",
             (cite("fngo", 17, 1), cite("fngo", 17, 2)), starts="start_date", lead_days=_ACT.LEAD_TIME.amount,
             unless="emergency"),
        Task("partner.closing_report", "partner_unit", _ACT.CODE,
             (_ACT.State.FILED, _ACT.State.STOPPED, _ACT.State.REPORT_OVERDUE),
             "Report on a finished temporary activity", (cite("fngo", 30, 2),), deadline="closing_report",
             period_days=_ACT.REPORT_WITHIN.amount),
    ),  # fmt: skip
    # The plan for the next year (art. 19) and the report on the last (art. 31(1)), owed by every registered
    # representative office.
    duties=(YearlyDuty(annual_plan.CODE, frozenset({OFFICE_KIND})),
            YearlyDuty(annual_report.CODE, frozenset({OFFICE_KIND}))),  # fmt: skip
    # What the one who drafts a filing prepares: an office's application (arts. 10, 11(1), 12(1) with its
    # documents, the registration items of art. 13(1)), a temporary activity (arts. 16, 17(1)–(3) with its
    # documents). Fields later steps fill (a certificate number, a refusal's reason) come with the step that
    # needs them; the partner unit's own id is recorded from the account, never typed.
    start_fields={
        _REG.CODE: (PSU.field, REGISTRAR.field, "lawfully_established_abroad", "independent_civil_liability",
                    "articles_favour_public_interest", "active_abroad_since", "documents",
                    *_REG.REGISTRATION_ITEMS),
        _ACT.CODE: ("activity_name", "partner_name", "partner_kind", "region", "start_date", "end_date",
                    "emergency", "documents"),
    },  # fmt: skip
    facts=_facts,
    chart_groups=(charts.GROUP,),
    charts=charts.CHARTS,
    headlines=charts.HEADLINES,
    checks=(_activities, _offices_without_supervisory_unit),
    org_pages=(OrgPage(OFFICE_KIND, (("fngo", 13), ("fngo", 31))), OrgPage(NGO, (("fngo", 34),))),
    catalogue=resources.files(__name__).joinpath("locale"),
    state_words=((_CHG.CODE, _CHG.State.REFUSED.value),),  # 不予变更登记 (art. 14), not 不予登记
)
