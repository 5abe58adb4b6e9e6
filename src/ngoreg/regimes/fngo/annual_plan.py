"""A representative office's activity plan for the next year (年度活动计划).

Foreign NGO Law (2016, as amended 2017-11-04), art. 19; in force 2017-01-01 (art. 54).

* Art. 19, first sentence: by 31 December each year the office sends its activity plan for the next year,
  covering project implementation, use of funds and the like, to its professional supervisory unit (PSU);
  within 10 days after the PSU consents, it files the plan with the registrar.
* Art. 19, second sentence: where special circumstances require the plan to be adjusted, the office files
  the adjustment with the registrar in good time (及时). The text names only the registrar, asks no new
  PSU consent and sets no period for an adjustment; so neither do we.

Field `year` is the year the plan is for: the plan for 2018 goes to the PSU by 31 December 2017. Both
periods are duties, not conditions: a late plan is still sent and filed (a missed one is a ground under
art. 45(1)(5)), so lateness is recorded on the deadline (met late) rather than refused.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.law.periods import days
from ngoreg.workflow.conditions import includes_all
from ngoreg.workflow.spec import AT_START, CalendarDay, Deadline, Field, Guard, Procedure, Transition

CODE = "fngo_annual_plan"

CONTENTS = ("project_implementation", "use_of_funds")  # art. 19: "包含项目实施、资金使用等内容"

TO_PSU_BY = CalendarDay(12, 31, "year", offset=-1)
FILE_WITHIN = days(10)


class State(StrEnum):
    DRAFTED = "drafted"
    SUBMITTED_TO_PSU = "submitted_to_psu"
    CONSENTED = "consented"
    FILED = "filed"


P19 = cite("fngo", 19)

PROCEDURE = Procedure(
    code=CODE,
    version=date(2017, 1, 1),
    title_en="Annual activity plan of a representative office",
    title_zh="境外非政府组织代表机构年度活动计划",
    basis=(P19,),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("year", "int", "Year the plan is for", P19),
        Field("plan", "text", "The activity plan", P19),
        Field("contents", "list", "What the plan covers", P19, CONTENTS),
        Field("psu_objection", "text", "Why the professional supervisory unit does not consent", P19),
        Field("adjustment", "text", "Adjustment of the plan and its special circumstances", P19),
    ),
    transitions=(
        Transition(
            "submit_to_psu", "Send the plan to the professional supervisory unit", frozenset({State.DRAFTED}),
            State.SUBMITTED_TO_PSU, frozenset({"foreign_ngo"}), P19, "annual_plan.submitted_to_psu",
            requires=("year", "plan", "contents"),
            guards=(
                Guard("plan_covers_projects_and_funds", includes_all("contents", CONTENTS),
                      "The plan must cover project implementation and the use of funds.", P19),
            ),
        ),
        Transition(
            "consent", "Consent to the plan", frozenset({State.SUBMITTED_TO_PSU}), State.CONSENTED,
            frozenset({"psu"}), P19, "annual_plan.psu_consented",
        ),
        # Consent implies it may be refused; the text says nothing more, so a plan sent back is revised and
        # sent again. Its 31 December deadline stays met by the first sending.
        Transition(
            "withhold_consent", "Send the plan back for revision", frozenset({State.SUBMITTED_TO_PSU}),
            State.DRAFTED, frozenset({"psu"}), P19, "annual_plan.psu_consent_withheld", requires=("psu_objection",),
        ),
        Transition(
            "file_with_registrar", "File the plan with the registrar", frozenset({State.CONSENTED}), State.FILED,
            frozenset({"foreign_ngo"}), P19, "annual_plan.filed",
        ),
        Transition(
            "file_adjustment", "File an adjustment of the plan", frozenset({State.FILED}), State.FILED,
            frozenset({"foreign_ngo"}), P19, "annual_plan.adjustment_filed", requires=("adjustment",),
        ),
    ),
    deadlines=(
        Deadline("plan_to_psu", "Plan to the professional supervisory unit", TO_PSU_BY, P19, opened_by=AT_START,
                 met_by=frozenset({"submit_to_psu"})),
        Deadline("plan_to_registrar", "Plan filed with the registrar", FILE_WITHIN, P19, opened_by="consent",
                 met_by=frozenset({"file_with_registrar"})),
    ),
)  # fmt: skip
