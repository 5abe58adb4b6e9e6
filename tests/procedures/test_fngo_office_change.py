"""Scenarios for FNGO Law art. 14 (change of registration items within 30 days of the PSU's consent)."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.fngo.office_change import PROCEDURE, State
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

D = date
GOOD: dict[str, Any] = {"items": ["domicile"], "new_domicile": "Haidian District, Beijing",
                        "consented_on": D(2018, 6, 1)}  # fmt: skip


AN_OFFICE: dict[str, Any] = {"org_kind": "representative_office", "org_status": "registered"}


def ctx(on: date, role: str = "foreign_ngo", state: str = State.CONSENTED, facts: dict[str, Any] | None = None,
        **changes: Any) -> Context:  # fmt: skip
    return Context({**GOOD, **changes}, on, role, state, AN_OFFICE if facts is None else facts)


def refusals(c: Context, transition: str = "apply") -> dict[str, str | None]:
    return refused_by(PROCEDURE, transition, c)


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("applied on the last day, moved from Sunday 1 July to Monday 2 July", "apply", ctx(D(2018, 7, 2)), {}),
        ("the day after: too late", "apply", ctx(D(2018, 7, 3)),
         {"applied_within_30_days_of_consent": "FNGO Law art. 14"}),
        ("a new chief representative without a name", "apply",
         ctx(D(2018, 6, 5), items=["domicile", "chief_representative"]),
         {"new_value_for_each_item": "FNGO Law art. 13(1)"}),
        ("two items, both given", "apply",
         ctx(D(2018, 6, 5), items=["domicile", "chief_representative"], new_chief_representative="Wang Fang"), {}),
        ("no item named", "apply", ctx(D(2018, 6, 5), items=[]), {"required:items": "FNGO Law art. 13(1)"}),
        ("not before the PSU consents", "apply", ctx(D(2018, 6, 5), state=State.DRAFTED), {"state": None}),
        ("the PSU consents", "consent", ctx(D(2018, 6, 1), role="psu", state=State.DRAFTED), {}),
        ("the office does not consent for itself", "consent", ctx(D(2018, 6, 1), state=State.DRAFTED),
         {"role": "FNGO Law art. 14"}),
        ("the PSU's objection (art. 40)", "withhold_consent",
         ctx(D(2018, 6, 1), role="psu", state=State.DRAFTED, psu_objection="Outside the registered field"), {}),
        ("the registrar registers the change", "register_change", ctx(D(2018, 6, 20), role="registrar",
                                                                      state=State.APPLIED), {}),
        ("a change is registered on the office, not the NGO (art. 14)", "register_change",
         ctx(D(2018, 6, 20), role="registrar", state=State.APPLIED, facts={"org_kind": "foreign_ngo",
                                                                           "org_status": "active"}),
         {"recorded_on_the_office": "FNGO Law art. 14", "registration_in_force": "FNGO Law art. 14"}),
        ("a deregistered office changes nothing (art. 14)", "register_change",
         ctx(D(2018, 6, 20), role="registrar", state=State.APPLIED, facts={**AN_OFFICE, "org_status": "deregistered"}),
         {"registration_in_force": "FNGO Law art. 14"}),
        ("a refusal needs its reason", "refuse", ctx(D(2018, 6, 20), role="registrar", state=State.APPLIED),
         {"required:refusal_reason": "FNGO Law art. 14"}),
    ],
)  # fmt: skip
def test_change(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refusals(c, transition) == expected, case


def test_consent_opens_30_days_moved_off_a_rest_day() -> None:
    # 2018-06-01 + 30 days = Sunday 1 July 2018: the last day is Monday 2 July (Civil Code art. 203(1))
    [opened] = engine.decide(PROCEDURE, "consent", ctx(D(2018, 6, 1), role="psu", state=State.DRAFTED)).opens
    assert (opened.last.nominal, opened.last.day, str(opened.deadline.basis)) == (D(2018, 7, 1), D(2018, 7, 2),
                                                                                  "FNGO Law art. 14")  # fmt: skip
    assert opened.deadline.on_expiry == "mark_consent_lapsed"


def test_the_registrar_has_no_period_for_a_change() -> None:
    assert [d.name for d in PROCEDURE.deadlines] == ["application"]
