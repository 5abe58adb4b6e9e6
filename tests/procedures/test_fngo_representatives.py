"""Scenarios for FNGO Law art. 29 (one chief representative, up to three representatives, and who may not
serve)."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.fngo.representatives import PROCEDURE, State, persons
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

D = date
ON = D(2019, 4, 1)
BARRED = {"barred_persons": {"zhao lei": D(2023, 3, 15)}}


def ctx(on: date = ON, facts: dict[str, Any] | None = None, role: str = "foreign_ngo",
        state: str = State.DRAFTED, **data: Any) -> Context:  # fmt: skip
    return Context({"chief_representative": "Li Ming", **data}, on, role, state, facts or {})


def refusals(c: Context) -> dict[str, str | None]:
    return refused_by(PROCEDURE, "appoint", c)


@pytest.mark.parametrize(
    ("case", "c", "expected"),
    [
        ("a chief representative alone: representatives are optional (art. 29(1) 可以)", ctx(), {}),
        ("three representatives", ctx(representatives=["Wang Fang", "Chen Jie", "Anna Smith"]), {}),
        ("four representatives", ctx(representatives=["Wang Fang", "Chen Jie", "Anna Smith", "Zhou Yu"]),
         {"at_most_three_representatives": "FNGO Law art. 29(1)"}),
        ("a name twice is one person", ctx(representatives=["Wang Fang", "wang  fang", "Chen Jie", "Anna Smith"]),
         {}),
        ("no chief representative (art. 29(1))", ctx(chief_representative=""),
         {"required:chief_representative": "FNGO Law art. 29(1)"}),
        ("a representative with limited civil capacity (art. 29(2)(1))",
         ctx(representatives=["Wang Fang"], lacking_full_capacity=["Wang Fang"]),
         {"none_lacks_full_civil_capacity": "FNGO Law art. 29(2)(1)"}),
        ("a chief representative with a criminal record (art. 29(2)(2))", ctx(with_criminal_record=["li ming"]),
         {"none_has_a_criminal_record": "FNGO Law art. 29(2)(2)"}),
        ("a record of someone not appointed does not matter", ctx(with_criminal_record=["Somebody Else"]), {}),
        ("chief representative of a revoked office, within five years (art. 29(2)(3))",
         ctx(chief_representative="Zhao Lei", facts=BARRED),
         {"none_barred_after_a_revocation": "FNGO Law art. 29(2)(3)"}),
        ("on the bar's last day", ctx(D(2023, 3, 15), BARRED, representatives=["Zhao Lei"]),
         {"none_barred_after_a_revocation": "FNGO Law art. 29(2)(3)"}),
        ("the day after the bar's last day", ctx(D(2023, 3, 16), BARRED, representatives=["Zhao Lei"]), {}),
        ("only the NGO appoints", ctx(role="registrar"), {"role": "FNGO Law art. 29(1)"}),
        ("a later appointment replaces the earlier", ctx(state=State.APPOINTED, representatives=["Chen Jie"]), {}),
    ],
)  # fmt: skip
def test_appointment(case: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refusals(c) == expected, case


def test_persons_are_matched_by_name_ignoring_case_and_spacing() -> None:
    assert persons({"chief_representative": " Li  Ming ", "representatives": ["ANNA SMITH", ""]}) == {
        "li ming", "anna smith"
    }  # fmt: skip
