"""Change of a civil non-enterprise unit's registration or articles (民办非企业单位变更登记、章程核准): Civil
Non-Enterprise Unit Regulations art. 15 — within 30 days of the supervisory unit's consent (para. 1 for a
registration item, para. 2 for the articles); art. 19(1)(1): the registrar registers it; art. 18: a new
name, seat or legal representative is announced. The shared steps are in `changes`."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.changes import WHAT, Change, State
from ngoreg.workflow.spec import Procedure

CODE = "unit_change"
CHANGE = Change("unit_change", items=cite("cneu_regs", 15, 1), articles=cite("cneu_regs", 15, 2),
                announce=cite("cneu_regs", 18), decide=cite("cneu_regs", 19, 1, 1), consent_for=frozenset(WHAT),
                within=True)  # fmt: skip

PROCEDURE = Procedure(
    code=CODE, version=date(1998, 10, 25), title_en="Change of a civil non-enterprise unit's registration",
    title_zh="民办非企业单位变更登记",
    basis=(cite("cneu_regs", 15, 1), cite("cneu_regs", 15, 2), cite("cneu_regs", 18)),
    states=State, initial=State.DRAFTED, fields=CHANGE.fields, transitions=CHANGE.transitions(),
    deadlines=CHANGE.deadlines(),
)  # fmt: skip
