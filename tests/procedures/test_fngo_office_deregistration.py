"""Scenarios for FNGO Law art. 15 (deregistration of a representative office)."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.fngo.office_deregistration import GROUNDS, PROCEDURE, State
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

ON = date(2019, 9, 2)


AN_OFFICE: dict[str, Any] = {"org_kind": "representative_office", "org_status": "registered"}


def ctx(role: str, state: str, facts: dict[str, Any] | None = None, **data: Any) -> Context:
    return Context(data, ON, role, state, AN_OFFICE if facts is None else facts)


def refusals(c: Context, transition: str) -> dict[str, str | None]:
    return refused_by(PROCEDURE, transition, c)


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("the NGO reports that it dissolves the office (art. 15(1)(1))", "report_ground",
         ctx("foreign_ngo", State.DRAFTED, ground="office_dissolved_by_ngo"), {}),
        ("a report names its ground", "report_ground", ctx("foreign_ngo", State.DRAFTED),
         {"required:ground": "FNGO Law art. 15(1)"}),
        ("the registrar deregisters and announces (art. 15(1))", "deregister",
         ctx("registrar", State.GROUND_REPORTED, ground="office_dissolved_by_ngo", announcement="Website, 2019-09-02"),
         {}),
        ("on its own motion after a revocation (art. 15(1)(3))", "deregister",
         ctx("registrar", State.DRAFTED, ground="registration_cancelled_or_certificate_revoked",
             announcement="Website, 2019-09-02"), {}),
        ("an office whose certificate was revoked is deregistered too (art. 15(1)(3))", "deregister",
         ctx("registrar", State.DRAFTED, facts={**AN_OFFICE, "org_status": "revoked"},
             ground="registration_cancelled_or_certificate_revoked", announcement="Website"), {}),
        ("deregistration is recorded on the office, not the NGO (art. 15(1))", "deregister",
         ctx("registrar", State.DRAFTED, facts={"org_kind": "foreign_ngo"}, ground="ngo_ended",
             announcement="Website"), {"recorded_on_the_office": "FNGO Law art. 15(1)"}),
        ("no deregistration without announcement (art. 15(1))", "deregister",
         ctx("registrar", State.DRAFTED, ground="ngo_ended"), {"required:announcement": "FNGO Law art. 15(1)"}),
        ("only the registrar deregisters (art. 15(1))", "deregister",
         ctx("foreign_ngo", State.GROUND_REPORTED, ground="ngo_ended", announcement="x"),
         {"role": "FNGO Law art. 15(1)"}),
        ("the NGO reports the settlement afterwards (art. 15(2))", "report_settlement",
         ctx("foreign_ngo", State.DEREGISTERED, settlement="Staff paid, lease ended, funds returned"), {}),
        ("not before deregistration (art. 15(2))", "report_settlement",
         ctx("foreign_ngo", State.GROUND_REPORTED, settlement="done"), {"state": None}),
    ],
)  # fmt: skip
def test_deregistration(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refusals(c, transition) == expected, case


def test_the_grounds_are_the_four_items_of_article_15_and_no_period_is_set() -> None:
    assert sorted(GROUNDS.values()) == [1, 2, 3, 4]
    assert PROCEDURE.deadlines == ()
