"""Scenarios for FNGO Law art. 19 (next year's activity plan: PSU by 31 December, registrar within 10 days
of the PSU's consent, adjustments filed with the registrar)."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.fngo.annual_plan import CONTENTS, PROCEDURE, State
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

D = date
GOOD: dict[str, Any] = {"year": 2018, "plan": "Teacher training in Gansu; budget CNY 2m", "contents": list(CONTENTS)}


def ctx(on: date, role: str = "foreign_ngo", state: str = State.DRAFTED, **changes: Any) -> Context:
    return Context({**GOOD, **changes}, on, role, state, {})


def refusals(c: Context, transition: str) -> dict[str, str | None]:
    return refused_by(PROCEDURE, transition, c)


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("the plan for 2018 to the PSU in December 2017", "submit_to_psu", ctx(D(2017, 12, 15)), {}),
        ("a late plan is still sent (lateness is on the deadline)", "submit_to_psu", ctx(D(2018, 1, 10)), {}),
        ("without the use of funds", "submit_to_psu", ctx(D(2017, 12, 15), contents=["project_implementation"]),
         {"plan_covers_projects_and_funds": "FNGO Law art. 19"}),
        ("without the plan's year", "submit_to_psu", ctx(D(2017, 12, 15), year=None),
         {"required:year": "FNGO Law art. 19"}),
        ("the PSU consents", "consent", ctx(D(2017, 12, 20), role="psu", state=State.SUBMITTED_TO_PSU), {}),
        ("the registrar does not consent for the PSU", "consent",
         ctx(D(2017, 12, 20), role="registrar", state=State.SUBMITTED_TO_PSU), {"role": "FNGO Law art. 19"}),
        ("the PSU sends it back with its reasons", "withhold_consent",
         ctx(D(2017, 12, 20), role="psu", state=State.SUBMITTED_TO_PSU, psu_objection="No budget lines"), {}),
        ("no filing with the registrar before the PSU consents", "file_with_registrar",
         ctx(D(2017, 12, 20), state=State.SUBMITTED_TO_PSU), {"state": None}),
        ("filed with the registrar after consent", "file_with_registrar", ctx(D(2017, 12, 28), state=State.CONSENTED),
         {}),
        ("an adjustment goes to the registrar", "file_adjustment",
         ctx(D(2018, 7, 1), state=State.FILED, adjustment="Flood relief added in Sichuan"), {}),
        ("an adjustment says what changes", "file_adjustment", ctx(D(2018, 7, 1), state=State.FILED),
         {"required:adjustment": "FNGO Law art. 19"}),
        ("no adjustment of a plan not yet filed", "file_adjustment",
         ctx(D(2017, 12, 28), state=State.CONSENTED, adjustment="x"), {"state": None}),
    ],
)  # fmt: skip
def test_plan(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refusals(c, transition) == expected, case


@pytest.mark.parametrize(
    ("year", "nominal", "last"),
    [
        # 31 December 2017 is a Sunday in the New Year holiday (30 December–1 January): Tuesday 2 January 2018
        (2018, D(2017, 12, 31), D(2018, 1, 2)),
        # 31 December 2018 is a Monday but a holiday (30 December–1 January): Wednesday 2 January 2019
        (2019, D(2018, 12, 31), D(2019, 1, 2)),
        (2020, D(2019, 12, 31), D(2019, 12, 31)),  # a working Tuesday
    ],
)
def test_the_plan_is_due_to_the_psu_by_31_december_of_the_year_before(year: int, nominal: date, last: date) -> None:
    [opened] = engine.opened_at_start(PROCEDURE, {"year": year}, D(2017, 11, 1))
    assert (opened.deadline.name, opened.last.nominal, opened.last.day) == ("plan_to_psu", nominal, last)
    assert str(opened.deadline.basis) == "FNGO Law art. 19"


def test_consent_opens_10_days_to_file_with_the_registrar() -> None:
    decision = engine.decide(PROCEDURE, "consent", ctx(D(2017, 12, 20), role="psu", state=State.SUBMITTED_TO_PSU))
    [opened] = decision.opens
    # 20 December + 10 days = Saturday 30 December 2017, in the New Year holiday: Tuesday 2 January 2018
    assert (opened.deadline.name, opened.last.nominal, opened.last.day) == ("plan_to_registrar", D(2017, 12, 30),
                                                                            D(2018, 1, 2))  # fmt: skip
    assert engine.decide(PROCEDURE, "submit_to_psu", ctx(D(2017, 12, 15))).meets == ["plan_to_psu"]
