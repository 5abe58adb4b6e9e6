"""Annual inspection of a civil non-enterprise unit (民办非企业单位年度检查): Civil Non-Enterprise Unit Regulations
art. 23(1) — the work report on the past year to the supervisory unit by 31 March, after its preliminary
approval to the registrar by 31 May; arts. 19(1)(2), 20(1)(3): the registrar inspects, the unit reviews
first. The shared steps and the result are in `inspection`."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.inspection import Inspection, State
from ngoreg.workflow.spec import Procedure

CODE = "unit_inspection"
# Art. 23(1): what the work report covers, in the same words as a social association's.
CONTENTS = ("compliance_with_laws_and_policy", "registration_formalities", "activities_under_the_articles",
            "changes_of_staff_and_organisation", "financial_management")  # fmt: skip

INSPECTION = Inspection("unit_inspection", report=cite("cneu_regs", 23, 1), review=cite("cneu_regs", 20, 1, 3),
                        inspect=cite("cneu_regs", 19, 1, 2), contents=CONTENTS, to_registrar_by=(5, 31),
                        to_psu_by=(3, 31))  # fmt: skip

PROCEDURE = Procedure(
    code=CODE,
    version=date(1998, 10, 25),
    title_en="Annual inspection of a civil non-enterprise unit",
    title_zh="民办非企业单位年度检查",
    basis=(cite("cneu_regs", 23, 1), cite("cneu_regs", 19, 1, 2), cite("cneu_regs", 20, 1, 3)),
    states=State,
    initial=State.DRAFTED,
    fields=INSPECTION.fields,
    transitions=INSPECTION.transitions(),
    deadlines=INSPECTION.deadlines(),
    summary=("year", "result"),
)
