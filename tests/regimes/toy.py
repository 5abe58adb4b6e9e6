"""A regime that exists only in the tests: a social association's yearly work report to its registrar and a
notice of its new name, from the Social Association Regulations (社会团体登记管理条例, 2016). It is small on
purpose — two procedures, one yearly duty, one role of its own, one public field — and is written the way
a regime package is, so that registering it (`regimes.registered(REGIME)`) shows what the generic modules
make of a regime they have never seen."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ngoreg.access.reach import Itself, Reach
from ngoreg.access.roles import READS, Action, RoleDef, Scope
from ngoreg.law import cite
from ngoreg.workflow.regime import Chart, ChartGroup, Headline, Published, Regime, Row, Task, YearlyDuty
from ngoreg.workflow.spec import AT_START, CalendarDay, Deadline, Field, Procedure, Transition

REPORT, NOTICE = "toy_work_report", "toy_name_notice"
KIND = "social_association"
A28, A18 = cite("sa_regs", 28), cite("sa_regs", 18)


class ReportState(StrEnum):
    DRAFTED = "drafted"
    SUBMITTED = "submitted"


class NoticeState(StrEnum):
    DRAFTED = "drafted"
    GIVEN = "given"


# Art. 28: the report on the year before goes to the registrar by 31 May (through the sponsor by 31 March,
# left out here to keep the regime small).
WORK_REPORT = Procedure(
    code=REPORT, version=date(2016, 2, 6), title_en="Work report of a social association",
    title_zh="社会团体年度工作报告", basis=(A28,), states=ReportState, initial=ReportState.DRAFTED,
    fields=(Field("year", "int", "Year reported on", A28), Field("report", "text", "The work report", A28),
            Field("summary", "text", "Summary for the public", A28)),
    transitions=(Transition("submit", "Submit the report", frozenset({ReportState.DRAFTED}), ReportState.SUBMITTED,
                            frozenset({"toy_association"}), A28, "toy_report.submitted",
                            requires=("year", "report", "summary")),),
    deadlines=(Deadline("report_due", "Report to the registrar", CalendarDay(5, 31, "year", offset=1), A28,
                        opened_by=AT_START, met_by=frozenset({"submit"})),),
)  # fmt: skip

NAME_NOTICE = Procedure(
    code=NOTICE, version=date(2016, 2, 6), title_en="Notice of a new name", title_zh="名称变更告知",
    basis=(A18,), states=NoticeState, initial=NoticeState.DRAFTED,
    fields=(Field("new_name", "text", "The new name", A18),),
    transitions=(Transition("give", "Give the notice", frozenset({NoticeState.DRAFTED}), NoticeState.GIVEN,
                            frozenset({"toy_association"}), A18, "toy_notice.given", requires=("new_name",)),),
)  # fmt: skip

MEMBER = RoleDef("toy_association_staff", "Staff of a social association", frozenset({Scope.ORGANISATION}),
                 Reach((Itself(),)), READS | {Action.START_FILING, Action.FIRE, Action.READ_DUE, Action.READ_AUDIT},
                 frozenset({"toy_association"}), basis="Social Association Regulations arts. 18, 28")

def _reports_by_state(session: Session, as_of: date | None) -> list[Row]:
    from ngoreg.filings.models import Filing

    counted = session.execute(select(Filing.state, func.count()).where(Filing.procedure == REPORT)
                              .group_by(Filing.state).order_by(Filing.state))  # fmt: skip
    return [Row(state, None, n) for state, n in counted]


GROUP = ChartGroup("toy", "Social associations (a test regime)")
REPORTS_BY_STATE = Chart("toy-reports-by-state", GROUP.key, ("Work reports", "by state"), "reports",
                         _reports_by_state, dimension="State")


REGIME = Regime(
    code="toy", title_en="Social associations (a test regime)", title_zh="社会团体（测试）",
    procedures=(WORK_REPORT, NAME_NOTICE),
    roles=(MEMBER,),
    published=(Published(REPORT, frozenset({"submitted"}), frozenset({"summary"}), "Social Association "
                         "Regulations art. 28"),),
    tasks=(Task("toy.submit_report", "toy_association", REPORT, (ReportState.DRAFTED,), "Submit the work report",
                (A28,), deadline="report_due"),),
    duties=(YearlyDuty(REPORT, frozenset({KIND})),),
    chart_groups=(GROUP,),
    charts=(REPORTS_BY_STATE,),
    headlines=(Headline(REPORTS_BY_STATE.key, "Work reports"),),
)  # fmt: skip


def variant(**changes: object) -> Regime:
    """The test regime with some declarations changed: built (and so checked) anew."""
    return replace(REGIME, **changes)  # type: ignore[arg-type]
