"""Change of a foundation's registration or articles (基金会变更登记、章程核准): Foundation Regulations art. 15 —
a registration item is changed on application to the registrar (para. 1), the articles with the supervisory
unit's consent and the registrar's approval (para. 2), neither within a period; art. 19: the change is
announced. The shared steps are in `changes`."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.changes import Change, State
from ngoreg.workflow.spec import Procedure

CODE = "foundation_change"
CHANGE = Change("foundation_change", items=cite("foundation_regs", 15, 1), articles=cite("foundation_regs", 15, 2),
                announce=cite("foundation_regs", 19), decide=cite("foundation_regs", 15, 1),
                consent_for=frozenset({"articles"}), within=False)  # fmt: skip

PROCEDURE = Procedure(
    code=CODE, version=date(2004, 6, 1), title_en="Change of a foundation's registration",
    title_zh="基金会变更登记", basis=(cite("foundation_regs", 15, 1), cite("foundation_regs", 15, 2),
                                cite("foundation_regs", 19)),
    states=State, initial=State.DRAFTED, fields=CHANGE.fields, transitions=CHANGE.transitions(),
    deadlines=CHANGE.deadlines(),
)  # fmt: skip
