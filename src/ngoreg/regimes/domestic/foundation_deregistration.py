"""Deregistration of a foundation (基金会注销登记): Foundation Regulations art. 16 (grounds), art. 18 (liquidation
under the guidance of the registrar and the supervisory unit; within 15 days of its end), art. 19
(announced). The regulations ask for no review by the unit before and list no documents. The shared steps are
in `dissolution`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.regimes.domestic.dissolution import Dissolution
from ngoreg.workflow.spec import Procedure

CODE = "foundation_deregistration"


class State(StrEnum):
    DRAFTED = "drafted"
    LIQUIDATING = "liquidating"
    LIQUIDATED = "liquidated"
    APPLIED = "applied"
    DEREGISTERED = "deregistered"
    REFUSED = "refused"


DISSOLUTION = Dissolution(
    "foundation_deregistration",
    grounds={"ended_under_its_articles": 1, "cannot_pursue_its_purpose": 2, "other_reason": 3},
    ground_basis=cite("foundation_regs", 16), review=None, liquidation=cite("foundation_regs", 18, 1),
    apply=cite("foundation_regs", 18, 2), documents=(), deregister=cite("foundation_regs", 18, 2),
    announce=cite("foundation_regs", 19), states=State)  # fmt: skip

PROCEDURE = Procedure(
    code=CODE, version=date(2004, 6, 1), title_en="Deregistration of a foundation", title_zh="基金会注销登记",
    basis=(cite("foundation_regs", 16), cite("foundation_regs", 18, 1), cite("foundation_regs", 18, 2),
           cite("foundation_regs", 19)),
    states=State, initial=State.DRAFTED, fields=DISSOLUTION.fields, transitions=DISSOLUTION.transitions(),
    deadlines=DISSOLUTION.deadlines(),
)  # fmt: skip
