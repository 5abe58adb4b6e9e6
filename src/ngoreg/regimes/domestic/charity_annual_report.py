"""A charity's yearly work report and financial accounting report to its registrar (慈善组织年度工作报告和财务会计报告).

Charity Law (2016, as amended 2023-12-29; the amended text in force from 2024-09-05), arts. 13, 78(2), 110(8).

* Art. 13: every year a charity sends the civil affairs department that registered it its yearly work report
  and its financial accounting report, which include its fundraising and the donations it received, the
  management and use of its charitable property, the charitable projects carried out, its fundraising
  costs, the pay and benefits of its staff, and its cooperation with organisations or individuals abroad.
* Art. 78(2): the financial accounting report of a charity that holds the public-fundraising qualification is
  audited (said of the report the charity publishes, which is the same report).
* Art. 110(8): not sending it is a wrong the department corrects and warns for: a late report is still
  received, so lateness is recorded on the deadline rather than refused.

The text gives no day. The registry takes 31 May of the next year, the day by which the Social Association
Regulations (art. 28) and the Civil Non-Enterprise Unit Regulations (art. 23) want a social organisation's
yearly report at its registrar: the civil affairs registrars take a charity's reports in with that yearly
report in their practice. It is a choice of the registry, not a day of the Charity Law. (A
foundation's yearly report under the Foundation Regulations is due by 31 March, art. 36; that is a duty of
the annual inspection, not of this procedure.)

Who owes it: charities. The duty is declared for the three kinds a charity can be (Charity Law art. 8(2)),
owed only by an organisation recognised as a charity on the day the reports fall due (`YearlyDuty.marked`,
the `charity` mark its recognition gives); the first step refuses an organisation that is not a recognised
charity on the day it reports.

Field `year` is the year reported on: the report on 2024 is due by 31 May 2025. The registrar accepts the
report, or returns it for correction, and the charity sends it again."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.regimes.domestic.charity_recognition import VERSION, is_charity
from ngoreg.regimes.domestic.roles import CIVIL_AFFAIRS, ORGANISATION
from ngoreg.workflow.conditions import includes_all
from ngoreg.workflow.spec import AT_START, CalendarDay, Context, Deadline, Field, Guard, Procedure, Transition

CODE = "charity_annual_report"

DOCUMENTS = ("work_report", "financial_accounting_report")  # art. 13
CONTENTS = ("fundraising_and_donations", "charitable_property", "charitable_projects", "fundraising_costs",
            "staff_pay_and_benefits", "cooperation_abroad")  # art. 13, in its order  # fmt: skip
# 31 May of the year after the year reported on: the registrars' day (module docstring), not the Charity Law's.
DUE = CalendarDay(5, 31, "year", offset=1)


class State(StrEnum):
    DRAFTED = "drafted"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


def year_ended(c: Context) -> bool:
    return c.on > date(c.data["year"], 12, 31)


def audited_if_fundraising(c: Context) -> bool:
    return not c.facts.get("org_public_fundraising") or c.data.get("audited") is True


P13 = cite("charity", 13)
P78 = cite("charity", 78, 2)

PROCEDURE = Procedure(
    code=CODE,
    version=VERSION,
    title_en="Yearly work report and financial accounting report of a charity",
    title_zh="慈善组织年度工作报告和财务会计报告",
    basis=(P13, P78, cite("charity", 110, 1, 8)),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("year", "int", "Year reported on", P13),
        Field("documents", "list", "Reports sent", P13, DOCUMENTS),
        Field("contents", "list", "What the reports contain", P13, CONTENTS),
        Field("audited", "bool", "The financial accounting report is audited", P78),
        Field("registrar_notes", "text", "Registrar's notes on the report", P13),
    ),
    transitions=(
        Transition("submit", "Send the reports to the registrar", frozenset({State.DRAFTED, State.RETURNED}),
                   State.SUBMITTED, frozenset({ORGANISATION}), P13, "charity_report.submitted",
                   requires=("year", "documents", "contents"),
                   guards=(Guard("a_charity", is_charity, "Only a charity sends this yearly report: the organisation "
                                 "is not recognised as one.", P13),
                           Guard("year_has_ended", year_ended, "The reports cover a whole year; {year} has not ended "
                                 "yet.", P13),
                           Guard("both_reports", includes_all("documents", DOCUMENTS), "A charity sends both its "
                                 "yearly work report and its financial accounting report.", P13),
                           Guard("report_complete", includes_all("contents", CONTENTS), "The reports must include "
                                 "fundraising and donations received, the management and use of charitable "
                                 "property, the projects carried out, fundraising costs, staff pay and benefits, and "
                                 "cooperation with organisations or individuals abroad.", P13),
                           Guard("audited_if_fundraising", audited_if_fundraising, "A charity with the "
                                 "public-fundraising qualification has its financial accounting report audited.",
                                 P78))),
        Transition("accept", "Accept the reports", frozenset({State.SUBMITTED}), State.ACCEPTED,
                   frozenset({CIVIL_AFFAIRS}), P13, "charity_report.accepted"),
        Transition("return_for_correction", "Return the reports for correction", frozenset({State.SUBMITTED}),
                   State.RETURNED, frozenset({CIVIL_AFFAIRS}), P13, "charity_report.returned",
                   requires=("registrar_notes",)),
    ),
    deadlines=(
        Deadline("report", "Yearly reports to the registrar", DUE, P13, opened_by=AT_START,
                 met_by=frozenset({"submit"})),
    ),
)  # fmt: skip
