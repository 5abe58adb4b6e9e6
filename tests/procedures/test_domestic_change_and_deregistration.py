"""Changes of registration and deregistrations of social organisations, rule by rule: where each regulation
asks the supervisory unit first, and where it does not."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.domestic import (
    association_change,
    foundation_change,
    foundation_deregistration,
    unit_deregistration,
)
from ngoreg.regimes.domestic.changes import State as Changed
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

ON = date(2025, 3, 3)


def ctx(data: dict[str, Any], *, unit: bool, state: str = "drafted", role: str = "social_org") -> Context:
    return Context(data, ON, role, state, {"has_supervisory_unit": unit})


@pytest.mark.parametrize(
    ("case", "module", "transition", "c", "expected"),
    [
        ("an association's new name needs its unit's consent", association_change, "apply",
         ctx({"what": "registration_items", "new_name": "甲协会"}, unit=True),
         {"supervisory_unit_consented": "Social Association Regulations art. 18(1)"}),
        ("… as do its articles", association_change, "apply",
         ctx({"what": "articles", "other_changes": "第5条"}, unit=True),
         {"supervisory_unit_consented_to_the_articles": "Social Association Regulations art. 18(2)"}),
        ("a directly registered association needs none", association_change, "apply",
         ctx({"what": "registration_items", "new_name": "甲协会"}, unit=False), {}),
        ("an application must say what changes", association_change, "apply",
         ctx({"what": "registration_items"}, unit=False),
         {"says_what_changes": "Social Association Regulations art. 18(1)"}),
        ("a foundation changes a registration item without its unit", foundation_change, "apply",
         ctx({"what": "registration_items", "new_domicile": "北京市"}, unit=True), {}),
        ("but not its articles", foundation_change, "apply", ctx({"what": "articles", "other_changes": "…"}, unit=True),
         {"supervisory_unit_consented_to_the_articles": "Foundation Regulations art. 15(2)"}),
        ("a unit's unit reviews its deregistration first", unit_deregistration, "begin_liquidation",
         ctx({"ground": "dissolved"}, unit=True),
         {"reviewed_by_the_supervisory_unit": "Civil Non-Enterprise Unit Regulations art. 17(1)"}),
        ("a foundation liquidates without a review", foundation_deregistration, "begin_liquidation",
         ctx({"ground": "other_reason"}, unit=True), {}),
        ("a liquidation does not end in the future", foundation_deregistration, "complete_liquidation",
         ctx({"ground": "other_reason", "liquidation_ended_on": date(2025, 3, 4)}, unit=True, state="liquidating"),
         {"liquidation_not_dated_in_the_future": "Foundation Regulations art. 18(1)"}),
    ],
)  # fmt: skip
def test_rules(case: str, module: Any, transition: str, c: Context, expected: dict[str, str]) -> None:
    assert refused_by(module.PROCEDURE, transition, c) == expected


def test_a_change_consented_to_is_applied_for_and_the_thirty_days_run_only_where_the_text_sets_them() -> None:
    c = ctx({"what": "registration_items", "new_name": "甲协会"}, unit=True, state=Changed.CONSENTED)
    assert refused_by(association_change.PROCEDURE, "apply", c) == {}
    assert [d.name for d in association_change.PROCEDURE.deadlines] == ["application"]
    assert foundation_change.PROCEDURE.deadlines == ()  # Foundation Regulations art. 15 sets no period
