"""Deregistration of a social association (社会团体注销登记): Social Association Regulations art. 19 (grounds, the
supervisory unit's review first), art. 20 (liquidation), art. 21 (within 15 days of the liquidation's end,
with the application signed by the legal representative, the unit's review document and the liquidation
report; the certificate of deregistration), art. 23 (announced). The shared steps are in `dissolution`."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.dissolution import Dissolution, State
from ngoreg.workflow.spec import Procedure

CODE = "association_deregistration"
DISSOLUTION = Dissolution(
    "association_deregistration",
    grounds={"purpose_achieved": 1, "dissolved": 2, "split_or_merged": 3, "other_reason": 4},
    ground_basis=cite("sa_regs", 19), review=cite("sa_regs", 19), liquidation=cite("sa_regs", 20),
    apply=cite("sa_regs", 21, 1),
    documents=("application_signed_by_legal_representative", "supervisory_unit_review", "liquidation_report"),
    deregister=cite("sa_regs", 21, 2), announce=cite("sa_regs", 23))  # fmt: skip

PROCEDURE = Procedure(
    code=CODE, version=date(1998, 10, 25), title_en="Deregistration of a social association",
    title_zh="社会团体注销登记", basis=(cite("sa_regs", 19), cite("sa_regs", 20), cite("sa_regs", 21, 1),
                                cite("sa_regs", 21, 2), cite("sa_regs", 23)),
    states=State, initial=State.DRAFTED, fields=DISSOLUTION.fields, transitions=DISSOLUTION.transitions(),
    deadlines=DISSOLUTION.deadlines(),
)  # fmt: skip
