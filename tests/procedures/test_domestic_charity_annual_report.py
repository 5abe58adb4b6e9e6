"""Scenarios for Charity Law arts. 13 and 78(2): a charity's yearly work report and financial accounting report
to its registrar, due (by the registry's choice) on 31 May of the next year."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.domestic.charity_annual_report import CONTENTS, DOCUMENTS, PROCEDURE, State
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

D = date
GOOD: dict[str, Any] = {"year": 2024, "documents": list(DOCUMENTS), "contents": list(CONTENTS)}
FACTS: dict[str, Any] = {"marks": {"charity": "recognised"}, "org_public_fundraising": False}
ORG, REGISTRAR = "social_org", "civil_registrar"
P13, P78 = "Charity Law art. 13", "Charity Law art. 78(2)"


def ctx(on: date, role: str = ORG, state: str = State.DRAFTED, facts: dict[str, Any] | None = None,
        **changes: Any) -> Context:  # fmt: skip
    return Context({**GOOD, **changes}, on, role, state, {**FACTS, **(facts or {})})


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("the reports on 2024 in spring 2025 (art. 13)", "submit", ctx(D(2025, 4, 15)), {}),
        ("a late report is still received", "submit", ctx(D(2025, 7, 1)), {}),
        ("not before the year is over", "submit", ctx(D(2024, 12, 31)), {"year_has_ended": P13}),
        ("a social organisation that is no charity owes none", "submit", ctx(D(2025, 4, 15), facts={"marks": {}}),
         {"a_charity": P13}),
        ("both reports", "submit", ctx(D(2025, 4, 15), documents=["work_report"]), {"both_reports": P13}),
        ("every content art. 13 lists", "submit",
         ctx(D(2025, 4, 15), contents=[c for c in CONTENTS if c != "cooperation_abroad"]),
         {"report_complete": P13}),
        ("with the qualification, audited (art. 78(2))", "submit",
         ctx(D(2025, 4, 15), facts={"org_public_fundraising": True}), {"audited_if_fundraising": P78}),
        ("audited, it is sent", "submit", ctx(D(2025, 4, 15), facts={"org_public_fundraising": True}, audited=True),
         {}),
        ("the registrar accepts", "accept", ctx(D(2025, 6, 5), role=REGISTRAR, state=State.SUBMITTED), {}),
        ("only the registrar", "accept", ctx(D(2025, 6, 5), state=State.SUBMITTED), {"role": P13}),
        ("or returns it with notes", "return_for_correction",
         ctx(D(2025, 6, 5), role=REGISTRAR, state=State.SUBMITTED), {"required:registrar_notes": P13}),
        ("and the charity sends it again", "submit", ctx(D(2025, 6, 20), state=State.RETURNED), {}),
    ],
)  # fmt: skip
def test_report(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refused_by(PROCEDURE, transition, c) == expected, case


@pytest.mark.parametrize(
    ("year", "due"),
    [
        (2024, D(2025, 6, 3)),  # 31 May 2025 is a Saturday and the Dragon Boat Festival holiday runs to Monday 2 June
        (2025, D(2026, 6, 1)),  # 31 May 2026 is a Sunday
        (2026, D(2027, 5, 31)),
    ],
)
def test_the_reports_are_due_on_31_may_of_the_next_year(year: int, due: date) -> None:
    [opened] = engine.opened_at_start(PROCEDURE, {"year": year}, D(2025, 1, 2))
    assert (opened.deadline.name, opened.last.day, str(opened.deadline.basis)) == ("report", due, P13)
