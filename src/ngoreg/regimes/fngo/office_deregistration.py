"""Deregistration of a representative office (代表机构注销登记).

Foreign NGO Law (2016, as amended 2017-11-04), art. 15; in force 2017-01-01 (art. 54).

* Art. 15(1): the registrar deregisters the office and announces it to the public where (1) the foreign
  NGO dissolves the office, (2) the foreign NGO ends, (3) the office's registration was cancelled or its
  certificate revoked according to law, (4) it ends for another reason.
* Art. 15(2): after deregistration, the foreign NGO that set up the office properly settles what remains
  to be settled (妥善办理善后事宜). The office has no legal personality; the foreign NGO bears the legal
  liabilities concerned.

The text prescribes no liquidation, names no settling-up steps and sets no period for any step, so the
procedure has no deadline: the NGO reports the settlement, and the registrar may deregister on its own
motion (ground (3) follows a sanction, `fngo_sanction`) or on the NGO's report of a ground. Art. 15 does
not say who starts it; we let both. Deregistration ends the office in the registry on its day; an office
whose certificate was revoked (ground (3)) keeps the earlier day it ended on.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.regimes.fngo.office import recorded_on_the_office
from ngoreg.workflow.spec import Ends, Field, Procedure, Transition

CODE = "fngo_office_deregistration"

GROUNDS = {
    "office_dissolved_by_ngo": 1,
    "ngo_ended": 2,
    "registration_cancelled_or_certificate_revoked": 3,
    "ended_for_other_reasons": 4,
}


class State(StrEnum):
    DRAFTED = "drafted"
    GROUND_REPORTED = "ground_reported"
    DEREGISTERED = "deregistered"
    SETTLED = "settled"


P15_1 = cite("fngo", 15, 1)
P15_2 = cite("fngo", 15, 2)

PROCEDURE = Procedure(
    code=CODE,
    version=date(2017, 1, 1),
    title_en="Deregistration of a representative office",
    title_zh="境外非政府组织代表机构注销登记",
    basis=(P15_1, P15_2),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("ground", "choice", "Ground for deregistration (art. 15(1) items (1)–(4))", P15_1, tuple(GROUNDS)),
        Field("announcement", "text", "Where and when the deregistration was announced", P15_1),
        Field("settlement", "text", "How the foreign NGO settled what remained", P15_2),
    ),
    transitions=(
        Transition(
            "report_ground", "Report a ground for deregistration to the registrar", frozenset({State.DRAFTED}),
            State.GROUND_REPORTED, frozenset({"foreign_ngo"}), P15_1, "office.deregistration_ground_reported",
            requires=("ground",),
        ),
        Transition(
            "deregister", "Deregister the office and announce it",
            frozenset({State.DRAFTED, State.GROUND_REPORTED}), State.DEREGISTERED, frozenset({"registrar"}), P15_1,
            "office.deregistered", requires=("ground", "announcement"),
            guards=(recorded_on_the_office(P15_1),), effect=Ends("deregistered"),
        ),
        Transition(
            "report_settlement", "Report the settlement after deregistration", frozenset({State.DEREGISTERED}),
            State.SETTLED, frozenset({"foreign_ngo"}), P15_2, "office.settlement_reported",
            requires=("settlement",),
        ),
    ),
)  # fmt: skip
