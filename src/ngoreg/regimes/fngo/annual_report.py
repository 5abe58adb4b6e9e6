"""A representative office's annual work report and the annual inspection (年度工作报告、年度检查).

Foreign NGO Law (2016, as amended 2017-11-04), arts. 24, 31 and 37; in force 2017-01-01 (art. 54).

* Art. 31(1): by 31 January each year the office sends its work report on the previous year to its
  professional supervisory unit (PSU); with the PSU's opinion, it sends it to the registrar by 31 March and
  undergoes the annual inspection.
* Art. 31(2): the report includes the audited financial accounting report, the activities carried out,
  and changes of staff and structure.
* Art. 31(3): the office publishes the report on the registrar's unified website.
* Art. 24: the financial accounting report is audited by an accounting firm in China.
* Art. 37: the annual inspection is free of charge (nothing to model).

Field `year` is the year reported on: the report on 2017 goes to the PSU by 31 January 2018 and to the
registrar by 31 March 2018. Both days are duties, not conditions: a late report is still received (a
missed one is a ground under art. 45(1)(5)), so lateness is recorded on the deadline rather than refused.

The law names the inspection but no grades of result; we record whether the office passed, with the
registrar's notes. Art. 31(3) gives no day or order for publication; we publish after the inspection, so
that the report the public sees is the one inspected.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.workflow.conditions import includes_all
from ngoreg.workflow.spec import AT_START, CalendarDay, Context, Deadline, Field, Guard, Procedure, Transition

CODE = "fngo_annual_report"

CONTENTS = ("audited_financial_report", "activities", "staff_and_structure_changes")  # art. 31(2)
RESULTS = ("passed", "not_passed")

TO_PSU_BY = CalendarDay(1, 31, "year", offset=1)
TO_REGISTRAR_BY = CalendarDay(3, 31, "year", offset=1)


class State(StrEnum):
    DRAFTED = "drafted"
    SUBMITTED_TO_PSU = "submitted_to_psu"
    OPINION_GIVEN = "opinion_given"
    SUBMITTED = "submitted"
    INSPECTED = "inspected"
    PUBLISHED = "published"


def _year_ended(c: Context) -> bool:
    return c.on > date(c.data["year"], 12, 31)


def _audited_in_china(c: Context) -> bool:
    return c.data.get("audited_in_china") is True


P31_1 = cite("fngo", 31, 1)
P31_2 = cite("fngo", 31, 2)
P31_3 = cite("fngo", 31, 3)
P24 = cite("fngo", 24)

PROCEDURE = Procedure(
    code=CODE,
    version=date(2017, 1, 1),
    title_en="Annual work report and annual inspection of a representative office",
    title_zh="境外非政府组织代表机构年度工作报告和年度检查",
    basis=(P31_1, P31_2, P31_3, P24),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("year", "int", "Year reported on", P31_1),
        Field("contents", "list", "What the report contains", P31_2, CONTENTS),
        Field("auditor", "text", "Accounting firm that audited the financial report", P24),
        Field("audited_in_china", "bool", "The auditor is an accounting firm in China", P24),
        Field("psu_opinion", "text", "Opinion of the professional supervisory unit", P31_1),
        Field("inspection_result", "choice", "Result of the annual inspection", P31_1, RESULTS),
        Field("inspection_notes", "text", "Registrar's notes on the inspection", P31_1),
        Field("publication", "text", "Where the report was published on the registrar's website", P31_3),
    ),
    transitions=(
        Transition(
            "submit_to_psu", "Send the report to the professional supervisory unit", frozenset({State.DRAFTED}),
            State.SUBMITTED_TO_PSU, frozenset({"foreign_ngo"}), P31_1, "annual_report.submitted_to_psu",
            requires=("year", "contents", "auditor", "audited_in_china"),
            guards=(
                Guard("year_has_ended", _year_ended,
                      "The report covers the previous year; {year} has not ended yet.", P31_1),
                Guard("report_complete", includes_all("contents", CONTENTS),
                      "The report must include the audited financial accounting report, the activities carried "
                      "out, and changes of staff and structure.", P31_2),
                Guard("audited_by_a_firm_in_china", _audited_in_china,
                      "The financial accounting report must be audited by an accounting firm in China.", P24),
            ),
        ),
        Transition(
            "give_opinion", "Give the supervisory unit's opinion", frozenset({State.SUBMITTED_TO_PSU}),
            State.OPINION_GIVEN, frozenset({"psu"}), P31_1, "annual_report.psu_opinion_given",
            requires=("psu_opinion",),
        ),
        Transition(
            "submit_to_registrar", "Send the report with the opinion to the registrar",
            frozenset({State.OPINION_GIVEN}), State.SUBMITTED, frozenset({"foreign_ngo"}), P31_1,
            "annual_report.submitted",
        ),
        Transition(
            "record_inspection", "Record the annual inspection", frozenset({State.SUBMITTED}), State.INSPECTED,
            frozenset({"registrar"}), P31_1, "annual_report.inspected", requires=("inspection_result",),
        ),
        Transition(
            "publish", "Publish the report on the registrar's website", frozenset({State.INSPECTED}),
            State.PUBLISHED, frozenset({"foreign_ngo"}), P31_3, "annual_report.published",
            requires=("publication",),
        ),
    ),
    deadlines=(
        Deadline("report_to_psu", "Report to the professional supervisory unit", TO_PSU_BY, P31_1,
                 opened_by=AT_START, met_by=frozenset({"submit_to_psu"})),
        Deadline("report_to_registrar", "Report with the opinion to the registrar", TO_REGISTRAR_BY, P31_1,
                 opened_by=AT_START, met_by=frozenset({"submit_to_registrar"})),
    ),
)  # fmt: skip
