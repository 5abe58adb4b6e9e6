"""Deregistration of a civil non-enterprise unit (民办非企业单位注销登记): Civil Non-Enterprise Unit Regulations
art. 16 (grounds; liquidation), art. 17 (within 15 days of the liquidation's end, with the application, the
supervisory unit's review document and the liquidation report; the certificate of deregistration), art. 18
(announced). The shared steps are in `dissolution`."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.dissolution import Dissolution, State
from ngoreg.workflow.spec import Procedure

CODE = "unit_deregistration"
DISSOLUTION = Dissolution(
    "unit_deregistration", grounds={"dissolved": 1, "split_or_merged": 2, "other_reason": 3},
    ground_basis=cite("cneu_regs", 16, 1), review=cite("cneu_regs", 17, 1), liquidation=cite("cneu_regs", 16, 2),
    apply=cite("cneu_regs", 17, 1), documents=("application", "supervisory_unit_review", "liquidation_report"),
    deregister=cite("cneu_regs", 17, 2), announce=cite("cneu_regs", 18))  # fmt: skip

PROCEDURE = Procedure(
    code=CODE, version=date(1998, 10, 25), title_en="Deregistration of a civil non-enterprise unit",
    title_zh="民办非企业单位注销登记", basis=(cite("cneu_regs", 16, 1), cite("cneu_regs", 16, 2),
                                   cite("cneu_regs", 17, 1), cite("cneu_regs", 17, 2), cite("cneu_regs", 18)),
    states=State, initial=State.DRAFTED, fields=DISSOLUTION.fields, transitions=DISSOLUTION.transitions(),
    deadlines=DISSOLUTION.deadlines(),
)  # fmt: skip
