"""Scenarios for FNGO Law arts. 31 and 24 (annual work report to the PSU by 31 January, to the registrar
with the PSU's opinion by 31 March, annual inspection, publication)."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.fngo.annual_report import CONTENTS, PROCEDURE, State
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

D = date
GOOD: dict[str, Any] = {"year": 2017, "contents": list(CONTENTS), "auditor": "Beijing Zhonghe CPA",
                        "audited_in_china": True}  # fmt: skip


def ctx(on: date, role: str = "foreign_ngo", state: str = State.DRAFTED, **changes: Any) -> Context:
    return Context({**GOOD, **changes}, on, role, state, {})


def refusals(c: Context, transition: str) -> dict[str, str | None]:
    return refused_by(PROCEDURE, transition, c)


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("the 2017 report to the PSU in January 2018 (art. 31(1))", "submit_to_psu", ctx(D(2018, 1, 20)), {}),
        ("not before the year is over (art. 31(1))", "submit_to_psu", ctx(D(2017, 12, 31)),
         {"year_has_ended": "FNGO Law art. 31(1)"}),
        ("a late report is still received", "submit_to_psu", ctx(D(2018, 2, 20)), {}),
        ("no audited financial report (art. 31(2))", "submit_to_psu",
         ctx(D(2018, 1, 20), contents=["activities", "staff_and_structure_changes"]),
         {"report_complete": "FNGO Law art. 31(2)"}),
        ("audited abroad (art. 24)", "submit_to_psu", ctx(D(2018, 1, 20), audited_in_china=False),
         {"audited_by_a_firm_in_china": "FNGO Law art. 24"}),
        ("no auditor named (art. 24)", "submit_to_psu", ctx(D(2018, 1, 20), auditor=""),
         {"required:auditor": "FNGO Law art. 24"}),
        ("the PSU gives its opinion", "give_opinion",
         ctx(D(2018, 2, 5), role="psu", state=State.SUBMITTED_TO_PSU, psu_opinion="Agreed"), {}),
        ("an opinion has content", "give_opinion", ctx(D(2018, 2, 5), role="psu", state=State.SUBMITTED_TO_PSU),
         {"required:psu_opinion": "FNGO Law art. 31(1)"}),
        ("not to the registrar without the PSU's opinion", "submit_to_registrar",
         ctx(D(2018, 2, 5), state=State.SUBMITTED_TO_PSU), {"state": None}),
        ("to the registrar with the opinion", "submit_to_registrar", ctx(D(2018, 3, 1), state=State.OPINION_GIVEN),
         {}),
        ("the registrar records the inspection", "record_inspection",
         ctx(D(2018, 5, 1), role="registrar", state=State.SUBMITTED, inspection_result="passed"), {}),
        ("only the registrar inspects", "record_inspection",
         ctx(D(2018, 5, 1), role="psu", state=State.SUBMITTED, inspection_result="passed"),
         {"role": "FNGO Law art. 31(1)"}),
        ("published on the registrar's website (art. 31(3))", "publish",
         ctx(D(2018, 5, 10), state=State.INSPECTED, publication="ngo.mps.gov.cn/report/2017/123"), {}),
        ("publication says where", "publish", ctx(D(2018, 5, 10), state=State.INSPECTED),
         {"required:publication": "FNGO Law art. 31(3)"}),
    ],
)  # fmt: skip
def test_report(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refusals(c, transition) == expected, case


@pytest.mark.parametrize(
    ("year", "to_psu", "to_registrar"),
    [
        # 31 March 2018 is a Saturday: Monday 2 April (Civil Code art. 203(1))
        (2017, D(2018, 1, 31), D(2018, 4, 2)),
        # 31 March 2019 is a Sunday: Monday 1 April
        (2018, D(2019, 1, 31), D(2019, 4, 1)),
        # 31 January 2021 is a Sunday: Monday 1 February
        (2020, D(2021, 2, 1), D(2021, 3, 31)),
    ],
)
def test_the_report_is_due_by_31_january_and_31_march_of_the_next_year(year: int, to_psu: date,
                                                                         to_registrar: date) -> None:  # fmt: skip
    opened = engine.opened_at_start(PROCEDURE, {"year": year}, D(2017, 6, 1))
    assert [(o.deadline.name, o.last.day, str(o.deadline.basis)) for o in opened] == [
        ("report_to_psu", to_psu, "FNGO Law art. 31(1)"),
        ("report_to_registrar", to_registrar, "FNGO Law art. 31(1)"),
    ]
