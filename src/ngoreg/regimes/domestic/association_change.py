"""Change of a social association's registration or articles (社会团体变更登记、章程核准): Social Association
Regulations art. 18 — within 30 days of the supervisory unit's consent (para. 1 for a registration item,
para. 2 for the articles); art. 24(1)(1): the registrar registers it; art. 23: a new name, seat or legal
representative is announced. The shared steps are in `changes`."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.changes import WHAT, Change, State
from ngoreg.workflow.spec import Procedure

CODE = "association_change"
CHANGE = Change("association_change", items=cite("sa_regs", 18, 1), articles=cite("sa_regs", 18, 2),
                announce=cite("sa_regs", 23), decide=cite("sa_regs", 24, 1, 1), consent_for=frozenset(WHAT),
                within=True)  # fmt: skip

PROCEDURE = Procedure(
    code=CODE, version=date(1998, 10, 25), title_en="Change of a social association's registration",
    title_zh="社会团体变更登记", basis=(cite("sa_regs", 18, 1), cite("sa_regs", 18, 2), cite("sa_regs", 23)),
    states=State, initial=State.DRAFTED, fields=CHANGE.fields, transitions=CHANGE.transitions(),
    deadlines=CHANGE.deadlines(),
)  # fmt: skip
