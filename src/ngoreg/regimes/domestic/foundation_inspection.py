"""Annual inspection of a foundation (基金会年度检查): Foundation Regulations art. 36 — the work report on the past
year to the registrar by 31 March, reviewed and approved by the supervisory unit before (36(1)); what it holds
(36(2)); arts. 34(1)(1), 35(1)(2): the registrar inspects, the unit reviews first; art. 38: once it passes, the
foundation publishes the report in the media the registrar names. The shared steps and the result are in
`inspection`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.regimes.domestic.inspection import Inspection
from ngoreg.regimes.domestic.roles import ORGANISATION
from ngoreg.workflow.spec import Field, Guard, Procedure, Transition

CODE = "foundation_inspection"
# Art. 36(2): what the annual work report holds.
CONTENTS = ("financial_accounting_report", "auditors_report", "fundraising_donations_and_grants",
            "changes_of_staff_and_organisation")  # fmt: skip

P38 = cite("foundation_regs", 38)


class State(StrEnum):
    DRAFTED = "drafted"
    SUBMITTED_TO_PSU = "submitted_to_psu"
    PSU_APPROVED = "psu_approved"
    SUBMITTED = "submitted"
    INSPECTED = "inspected"
    PUBLISHED = "published"


INSPECTION = Inspection("foundation_inspection", report=cite("foundation_regs", 36, 1),
                        review=cite("foundation_regs", 35, 1, 2), inspect=cite("foundation_regs", 34, 1, 1),
                        contents=CONTENTS, to_registrar_by=(3, 31), states=State)  # fmt: skip

PROCEDURE = Procedure(
    code=CODE,
    version=date(2004, 6, 1),
    title_en="Annual inspection of a foundation",
    title_zh="基金会年度检查",
    basis=(cite("foundation_regs", 36, 1), cite("foundation_regs", 34, 1, 1), cite("foundation_regs", 35, 1, 2), P38),
    states=State,
    initial=State.DRAFTED,
    fields=(*INSPECTION.fields, Field("publication", "text", "Where the report was published", P38)),
    transitions=(
        *INSPECTION.transitions(),
        Transition("publish", "Publish the report", frozenset({State.INSPECTED}), State.PUBLISHED,
                   frozenset({ORGANISATION}), P38, "foundation_inspection.published", requires=("publication",),
                   guards=(Guard("passed_the_inspection", lambda c: c.data.get("result") != "unqualified",
                                 "A foundation publishes its report after passing the annual inspection.", P38),)),
    ),
    deadlines=INSPECTION.deadlines(),
    summary=("year", "result"),
)  # fmt: skip
