"""Annual inspection of a social association (社会团体年度检查): Social Association Regulations art. 28(1) — the
work report on the past year to the supervisory unit by 31 March, after its preliminary approval to the
registrar by 31 May; arts. 24(1)(2), 25(1)(3): the registrar inspects, the unit reviews first. The shared
steps and the result are in `inspection`."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.inspection import Inspection, State
from ngoreg.workflow.spec import Procedure

CODE = "association_inspection"
# Art. 28(1): what the work report covers.
CONTENTS = ("compliance_with_laws_and_policy", "registration_formalities", "activities_under_the_articles",
            "changes_of_staff_and_organisation", "financial_management")  # fmt: skip

INSPECTION = Inspection("association_inspection", report=cite("sa_regs", 28, 1), review=cite("sa_regs", 25, 1, 3),
                        inspect=cite("sa_regs", 24, 1, 2), contents=CONTENTS, to_registrar_by=(5, 31),
                        to_psu_by=(3, 31))  # fmt: skip

PROCEDURE = Procedure(
    code=CODE,
    version=date(1998, 10, 25),
    title_en="Annual inspection of a social association",
    title_zh="社会团体年度检查",
    basis=(cite("sa_regs", 28, 1), cite("sa_regs", 24, 1, 2), cite("sa_regs", 25, 1, 3)),
    states=State,
    initial=State.DRAFTED,
    fields=INSPECTION.fields,
    transitions=INSPECTION.transitions(),
    deadlines=INSPECTION.deadlines(),
    summary=("year", "result"),
)
