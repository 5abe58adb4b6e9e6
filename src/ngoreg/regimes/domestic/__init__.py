"""Domestic social organisations (社会组织): social associations, civil non-enterprise units and foundations,
registered by the civil affairs registrars under a professional supervisory unit or directly, inspected
every year, recognised as charities, graded and listed for their credit.

Texts: Social Association Regulations (社会团体登记管理条例, as amended 2016-02-06), Civil Non-Enterprise Unit
Regulations (民办非企业单位登记管理暂行条例, 1998), Foundation Regulations (基金会管理条例, 2004), Charity Law
(慈善法, as amended 2023-12-29). Its procedures are the modules of this package; `REGIME` declares the rest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

from ngoreg.access.reach import Names
from ngoreg.law import cite
from ngoreg.reference import SOCIAL_ORGANISATIONS, AuthorityKind
from ngoreg.regimes.domestic import (
    association_change,
    association_deregistration,
    association_inspection,
    association_registration,
    categories,
    charity_annual_report,
    charity_recognition,
    charts,
    credit_list,
    evaluation,
    foundation_change,
    foundation_deregistration,
    foundation_inspection,
    foundation_registration,
    localities,
    public_fundraising,
    unit_change,
    unit_deregistration,
    unit_inspection,
    unit_registration,
)
from ngoreg.regimes.domestic import roles as who
from ngoreg.regimes.domestic.changes import State as Changed
from ngoreg.regimes.domestic.dissolution import State as Dissolved
from ngoreg.regimes.domestic.founding import LEVELS, PATHS
from ngoreg.regimes.domestic.founding import State as Founded
from ngoreg.regimes.domestic.inspection import State as Inspected
from ngoreg.registry import particulars
from ngoreg.workflow.regime import Mark, OrgPage, Party, Published, Regime, Starter, Task, YearlyDuty

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

REGISTRATIONS = (association_registration, unit_registration, foundation_registration)
CHANGES = (association_change, unit_change, foundation_change)
DEREGISTRATIONS = (association_deregistration, unit_deregistration, foundation_deregistration)
# Each with the kind that owes it, and whether its supervisory unit has a date of its own.
INSPECTIONS = ((association_inspection, "social_association"), (unit_inspection, "civil_non_enterprise"),
               (foundation_inspection, "foundation"))  # fmt: skip
_REG_CODES = frozenset(m.CODE for m in REGISTRATIONS)

# An application names its supervisory unit (on the dual path) and its registrar; whoever takes their steps
# stands for them.
SUPERVISOR = Party(who.SUPERVISORY_UNIT, "supervisory_unit_id", "authority", _REG_CODES, cite("sa_regs", 9, 1),
                   AuthorityKind.SUPERVISORY_UNIT.value)
REGISTRAR = Party(who.CIVIL_AFFAIRS, "registrar_authority_id", "authority", _REG_CODES, cite("sa_regs", 11),
                  AuthorityKind.REGISTRAR_CIVIL_AFFAIRS.value)


def _facts(session: Session, f: Any, on: date) -> Mapping[str, Any]:
    from ngoreg.regimes.domestic import facts

    return facts.read(session, f, on)


def _registration_tasks(m: Any) -> tuple[Task, ...]:
    f = m.FOUNDING
    return (
        Task(f"{m.CODE}.consent", who.SUPERVISORY_UNIT, m.CODE, (Founded.DRAFTED,),
             "Consent to a social organisation's registration", (f.consent,)),
        Task(f"{m.CODE}.decide", who.CIVIL_AFFAIRS, m.CODE, (Founded.APPLIED,),
             "Decide on a social organisation's registration", (f.decide,), deadline="decision",
             period_days=f.deadline().period.amount),  # type: ignore[union-attr]
    )  # fmt: skip


def _change_tasks(m: Any) -> tuple[Task, ...]:
    c = m.CHANGE
    return (
        Task(f"{m.CODE}.consent", who.SUPERVISORY_UNIT, m.CODE, (Changed.DRAFTED,),
             "Consent to a change of a social organisation's registration", (c.items,)),
        Task(f"{m.CODE}.decide", who.CIVIL_AFFAIRS, m.CODE, (Changed.APPLIED,),
             "Decide on a change of a social organisation's registration", (c.decide,)),
    )  # fmt: skip


def _deregistration_tasks(m: Any) -> tuple[Task, ...]:
    d = m.DISSOLUTION
    review = (Task(f"{m.CODE}.review", who.SUPERVISORY_UNIT, m.CODE, (Dissolved.DRAFTED,),
                   "Review a social organisation's deregistration", (d.review,)),) if d.review else ()
    return (*review, Task(f"{m.CODE}.deregister", who.CIVIL_AFFAIRS, m.CODE, (Dissolved.APPLIED,),
                          "Deregister a social organisation", (d.deregister,)))  # fmt: skip


def _inspection_tasks(m: Any) -> tuple[Task, ...]:
    i = m.INSPECTION
    return (
        Task(f"{m.CODE}.review", who.SUPERVISORY_UNIT, m.CODE, (Inspected.SUBMITTED_TO_PSU,),
             "Review an annual report before the registrar's inspection", (i.review,)),
        Task(f"{m.CODE}.inspect", who.CIVIL_AFFAIRS, m.CODE, (Inspected.SUBMITTED,), "Inspect an annual report",
             (i.inspect,)),
    )  # fmt: skip


# The registrar reviews what it has listed (removal on remedy; a serious cause) and scores and grades the
# evaluations applied for; the move to the list of serious violations is the sweep's.
CL, EV = credit_list.State, evaluation.State
CREDIT_AND_GRADE_TASKS = (
    Task("credit_list.abnormal", who.CIVIL_AFFAIRS, credit_list.CODE, (CL.ABNORMAL,),
         "Review an organisation on the list of abnormal activities", (credit_list.P_SUPERVISE,)),
    Task("credit_list.serious", who.CIVIL_AFFAIRS, credit_list.CODE, (CL.SERIOUS,),
         "Review an organisation on the list of serious violations", (credit_list.P_SUPERVISE,)),
    Task("evaluation.score", who.CIVIL_AFFAIRS, evaluation.CODE, (EV.APPLIED,),
         "Score an evaluation applied for", (evaluation.P_SUPERVISE,)),
    Task("evaluation.grade", who.CIVIL_AFFAIRS, evaluation.CODE, (EV.SCORED,),
         "Decide an evaluation grade", (evaluation.P_SUPERVISE,)),
)  # fmt: skip

# The registrars publish the credit lists, entries and exits, and the grades they give
# (MCA credit information measures (2018) and evaluation measures (2010), texts not shipped).
CREDIT_AND_GRADE_PUBLISHED = (
    Published(credit_list.CODE, frozenset({CL.ABNORMAL.value, CL.SERIOUS.value, CL.REMOVED.value}),
              frozenset({"cause", "remedy"}), f"{credit_list.P_SUPERVISE}; {credit_list.PRACTICE}"),
    Published(evaluation.CODE, frozenset({EV.GRADED.value}), frozenset({"grade"}),
              f"{evaluation.P_SUPERVISE}; {evaluation.PRACTICE}"),
)  # fmt: skip

_RECOGNITION, _FUNDRAISING, _REPORT = charity_recognition, public_fundraising, charity_annual_report
CHARITY = (_RECOGNITION, _FUNDRAISING, _REPORT)

# The registrar's steps on a charity's filings (Charity Law arts. 10(2), 22(1), 13): each application is
# accepted, then decided within 20 days of acceptance (or the period the Ministry extended it to, art. 10(3)).
CHARITY_TASKS = (
    Task("charity_recognition.accept", who.CIVIL_AFFAIRS, _RECOGNITION.CODE, (_RECOGNITION.State.APPLIED,),
         "Accept an application for recognition as a charity", (cite("charity", 10, 2),)),
    Task("charity_recognition.decide", who.CIVIL_AFFAIRS, _RECOGNITION.CODE, (_RECOGNITION.State.ACCEPTED,),
         "Decide on a recognition as a charity", (cite("charity", 10, 2),), deadline="decision",
         period_days=_RECOGNITION.DECIDE_WITHIN.amount),
    Task("charity_recognition.decide_extended", who.CIVIL_AFFAIRS, _RECOGNITION.CODE,
         (_RECOGNITION.State.EXTENDED,), "Decide on a recognition as a charity in the extended period",
         (cite("charity", 10, 3),), deadline="extended_decision"),
    Task("public_fundraising.accept", who.CIVIL_AFFAIRS, _FUNDRAISING.CODE, (_FUNDRAISING.State.APPLIED,),
         "Accept an application for the public-fundraising qualification", (cite("charity", 22, 1),)),
    Task("public_fundraising.decide", who.CIVIL_AFFAIRS, _FUNDRAISING.CODE, (_FUNDRAISING.State.ACCEPTED,),
         "Decide on a public-fundraising qualification", (cite("charity", 22, 1),), deadline="decision",
         period_days=_FUNDRAISING.DECIDE_WITHIN.amount),
    Task("charity_annual_report.accept", who.CIVIL_AFFAIRS, _REPORT.CODE, (_REPORT.State.SUBMITTED,),
         "Accept a charity's yearly reports", (cite("charity", 13),)),
    # The charity sends the reports again after a return: its own queue lists it, due with the year's reports.
    Task("charity_annual_report.resubmit", who.ORGANISATION, _REPORT.CODE, (_REPORT.State.RETURNED,),
         "Send the corrected yearly reports again", (cite("charity", 13),), deadline="report"),
)  # fmt: skip

REGIME = Regime(
    code="domestic",
    title_en="Domestic social organisations: registration, annual inspection, charity, credit and grades",
    title_zh="社会组织登记管理",
    procedures=(*(m.PROCEDURE for m in (*REGISTRATIONS, *CHANGES, *DEREGISTRATIONS)),
                *(m.PROCEDURE for m, _ in INSPECTIONS),
                *(m.PROCEDURE for m in CHARITY), credit_list.PROCEDURE, evaluation.PROCEDURE),
    roles=who.roles(Names(SUPERVISOR), Names(REGISTRAR)),
    parties=(SUPERVISOR, REGISTRAR),
    # The founders apply (Social Association Regulations art. 9(1); Civil Non-Enterprise Unit Regulations
    # art. 9; Foundation Regulations art. 9), though on the dual path the unit's consent is the first step.
    starters=tuple(Starter(m.CODE, frozenset({who.ORGANISATION}), basis=m.FOUNDING.apply) for m in REGISTRATIONS),
    published=(
        *(Published(m.CODE, frozenset({Founded.REGISTERED.value}),
                    frozenset({"name", "domicile", "purpose", "legal_representative", "certificate_no", "uscc",
                               "announcement", "path", "category"}), str(m.FOUNDING.announce))
          for m in REGISTRATIONS),
        *CREDIT_AND_GRADE_PUBLISHED,
        # Art. 10(2): the recognition is announced; art. 17(1)(4) with arts. 109–117: the revoked certificate
        # that ends it is announced too.
        Published(_RECOGNITION.CODE, frozenset({_RECOGNITION.State.RECOGNISED.value, _RECOGNITION.State.ENDED.value}),
                  frozenset({"announcement", "revocation_ground", "revocation_announcement"}),
                  "Charity Law arts. 10(2), 17(1)(4), 109–117"),
        # Art. 76(1)(3): the list of charities with the qualification is published; art. 111: its revocation is
        # announced. The charity's declarations and the refusal's reasons stay internal.
        Published(_FUNDRAISING.CODE,
                  frozenset({_FUNDRAISING.State.QUALIFIED.value, _FUNDRAISING.State.REVOKED.value}),
                  frozenset({"certificate_no", "revocation_ground", "revocation_announcement"}),
                  "Charity Law arts. 22(1), 76(1)(3), 111"),
    ),  # fmt: skip
    tasks=(*(t for m in REGISTRATIONS for t in _registration_tasks(m)),
           *(t for m in CHANGES for t in _change_tasks(m)),
           *(t for m in DEREGISTRATIONS for t in _deregistration_tasks(m)),
           *(t for m, _ in INSPECTIONS for t in _inspection_tasks(m)), *CREDIT_AND_GRADE_TASKS, *CHARITY_TASKS),
    duties=(
        # Every registered social organisation reports on each year it was registered for (Social Association
        # Regulations art. 28(1); Civil Non-Enterprise Unit Regulations art. 23(1); Foundation Regulations art.
        # 36(1)); to its supervisory unit first only where it has one.
        *(YearlyDuty(m.CODE, frozenset({kind}), frozenset({"report_to_psu"} & {d.name for d in m.PROCEDURE.deadlines}))
          for m, kind in INSPECTIONS),
        # Art. 13 owes the reports of charities, which are of these kinds (art. 8(2)), and only of those
        # recognised as charities on the day the reports fall due.
        YearlyDuty(_REPORT.CODE, frozenset(k.value for k in SOCIAL_ORGANISATIONS),
                   marked=(charity_recognition.MARK, charity_recognition.RECOGNISED)),
    ),
    start_fields={m.CODE: tuple(f.name for f in m.PROCEDURE.fields
                                if f.name not in ("consented_on", "psu_objection", "certificate_no", "uscc",
                                                  "announcement", "refusal_reason"))
                  for m in REGISTRATIONS}
                 | {m.CODE: ("what", "new_name", "new_domicile", "new_legal_representative", "other_changes")
                    for m in CHANGES}
                 | {m.CODE: ("ground",) for m in DEREGISTRATIONS}
                 | {credit_list.CODE: ("cause", "facts_found"), evaluation.CODE: ("party_organisation",),
                    _RECOGNITION.CODE: tuple(_RECOGNITION.CONDITIONS),
                    _FUNDRAISING.CODE: ("sound_governance", "standard_operation"),
                    _REPORT.CODE: ("year", "documents", "contents", "audited")},  # fmt: skip
    facts=_facts,
    org_pages=(OrgPage("social_association", (("sa_regs", 12), ("sa_regs", 23), ("sa_regs", 28))),
               OrgPage("civil_non_enterprise", (("cneu_regs", 12), ("cneu_regs", 18), ("cneu_regs", 23))),
               OrgPage("foundation", (("foundation_regs", 11), ("foundation_regs", 19), ("foundation_regs", 38)))),
    chart_groups=(charts.GROUP,),
    charts=charts.CHARTS,
    headlines=charts.HEADLINES,
    catalogue=resources.files(__name__).joinpath("locale"),
    local_rules=localities.RULES,
    # What a registration enters besides the organisation's attributes (`founding`): its path, its
    # registrar's level and its category; an evaluation's grade, a credit list's entry. The statistics count
    # them and the organisation's page shows them with their history.
    marks=(Mark(particulars.MANAGEMENT, "Registration path", PATHS),
           Mark(particulars.REGISTRAR_LEVEL, "Level of the registrar", LEVELS),
           Mark(particulars.CATEGORY, "Category", tuple(categories.categories())),
           Mark(evaluation.MARK, "Evaluation grade", evaluation.GRADES),
           Mark(credit_list.MARK, "Credit list", (credit_list.ABNORMAL, credit_list.SERIOUS)),
           Mark(charity_recognition.MARK, "Charity", (charity_recognition.RECOGNISED,))),
    # A refused or revoked qualification is no refused registration, nor a revoked one (art. 111: 吊销公开募捐资格证书).
    state_words=tuple((_FUNDRAISING.CODE, s.value) for s in (_FUNDRAISING.State.REFUSED, _FUNDRAISING.State.REVOKED)),
)  # fmt: skip
