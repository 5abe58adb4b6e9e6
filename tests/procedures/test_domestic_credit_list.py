"""Scenarios for the credit lists of social organisations (活动异常名录, 严重违法失信名单): listing for a cause,
removal on remedy, two years on the list of abnormal activities moving the organisation to the list of
serious violations, and two years on that list before it leaves it. The lists are the MCA credit information
measures (2018), whose text is not shipped: the steps cite the registrar's supervision (Social Association
Regulations art. 24(1)(3)) and say where a rule is the measures' own."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.domestic.credit_list import CAUSES, PRACTICE, PROCEDURE, State
from ngoreg.workflow import engine
from ngoreg.workflow.spec import SYSTEM, Context
from tests.procedures import refused_by

D = date
ART = "Social Association Regulations art. 24(1)(3)"
REGISTERED = {"org_kind": "social_association", "org_status": "registered"}


def ctx(on: date, role: str = "civil_registrar", state: str = State.OPENED, facts: dict[str, Any] | None = None,
        **data: Any) -> Context:  # fmt: skip
    return Context({"cause": "annual_report_not_filed", "facts_found": "No 2019 report by 31 May 2020", **data}, on,
                   role, state, {**REGISTERED, **(facts or {})})  # fmt: skip


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("an annual report not sent lists it as abnormal", "list_abnormal", ctx(D(2020, 7, 1)), {}),
        ("so does an unreachable seat", "list_abnormal", ctx(D(2020, 7, 1), cause="unreachable_at_registered_seat"),
         {}),
        ("a serious cause is not one for the abnormal list", "list_abnormal",
         ctx(D(2020, 7, 1), cause="dishonest_judgment_debtor"), {"cause_for_the_abnormal_list": ART}),
        ("a foundation too", "list_abnormal", ctx(D(2020, 7, 1), facts={"org_kind": "foundation"}), {}),
        ("not a representative office of a foreign NGO", "list_abnormal",
         ctx(D(2020, 7, 1), facts={"org_kind": "representative_office"}), {"a_social_organisation": ART}),
        ("not an organisation in preparation", "list_abnormal", ctx(D(2020, 7, 1), facts={"org_status": "preparing"}),
         {"registered": ART}),
        ("a cause and the facts found", "list_abnormal", ctx(D(2020, 7, 1), cause=None, facts_found=None),
         {"required:cause": ART, "required:facts_found": ART}),
        ("only the registrar lists", "list_abnormal", ctx(D(2020, 7, 1), role="social_org"), {"role": ART}),
        ("a new cause while listed restarts the count", "list_abnormal",
         ctx(D(2021, 3, 1), state=State.ABNORMAL, cause="correction_not_completed"), {}),
        ("removal on remedy", "remove_from_abnormal",
         ctx(D(2020, 9, 1), state=State.ABNORMAL, remedy="2019 report sent on 2020-08-20"), {}),
        ("removal says what remedied it", "remove_from_abnormal", ctx(D(2020, 9, 1), state=State.ABNORMAL),
         {"required:remedy": ART}),
        ("the move after two years is the sweep's", "move_to_serious",
         ctx(D(2022, 7, 2), state=State.ABNORMAL), {"role": ART}),
        ("the sweep moves it", "move_to_serious", ctx(D(2022, 7, 2), role=SYSTEM, state=State.ABNORMAL), {}),
        ("a revoked registration lists it as serious", "list_serious",
         ctx(D(2020, 7, 1), cause="registration_revoked_or_cancelled", facts={"org_status": "revoked"}), {}),
        ("a dishonest judgment debtor from the abnormal list", "list_serious",
         ctx(D(2020, 7, 1), state=State.ABNORMAL, cause="dishonest_judgment_debtor"), {}),
        ("an abnormal cause is not a serious one", "list_serious", ctx(D(2020, 7, 1)),
         {"cause_for_the_serious_list": ART}),
        ("two years on the serious list, then removal on remedy", "remove_from_serious",
         ctx(D(2022, 7, 2), state=State.SERIOUS, remedy="Paid", facts={"credit_list_since": D(2020, 7, 1)}), {}),
        ("not on the last day of the two years", "remove_from_serious",
         ctx(D(2022, 7, 1), state=State.SERIOUS, remedy="Paid", facts={"credit_list_since": D(2020, 7, 1)}),
         {"serious_listed_two_years": ART}),
        ("removed once, not twice", "remove_from_serious", ctx(D(2023, 1, 1), state=State.REMOVED, remedy="x"),
         {"state": None}),
    ],
)  # fmt: skip
def test_credit_lists(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refused_by(PROCEDURE, transition, c) == expected, case


def test_the_measures_rules_say_they_are_the_measures_own() -> None:
    c = ctx(D(2020, 7, 1), cause="dishonest_judgment_debtor")
    [r] = engine.refusals(PROCEDURE, PROCEDURE.transition("list_abnormal"), c)
    assert PRACTICE in r.message and "dishonest_judgment_debtor" in r.message
    assert {c.list for c in CAUSES.values()} == {"abnormal", "serious"}


def test_two_years_on_the_abnormal_list_count_from_the_listing() -> None:
    [o] = engine.opened_by(PROCEDURE, "list_abnormal", {}, D(2020, 7, 1))
    assert (o.deadline.name, o.last.day, o.deadline.on_expiry) == ("abnormal_two_years", D(2022, 7, 1),
                                                                   "move_to_serious")  # fmt: skip
    # a new cause, a removal or a serious listing ends the running count
    for step in ("list_abnormal", "remove_from_abnormal", "list_serious"):
        assert engine.met_by(PROCEDURE, step) == ["abnormal_two_years"]
