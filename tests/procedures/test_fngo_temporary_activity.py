"""Scenarios for FNGO Law arts. 16, 17 and 30, one table row per rule worth stating."""

from datetime import date
from typing import Any

import pytest

from ngoreg.errors import Refused
from ngoreg.regimes.fngo.temporary_activity import DOCUMENTS, PROCEDURE, State
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

D = date
GOOD: dict[str, Any] = {
    "activity_name": "Rural teacher training",
    "partner_name": "Gansu Education Association",
    "partner_kind": "social_organisation",
    "region": "Gansu",
    "start_date": D(2017, 3, 17),
    "end_date": D(2017, 6, 30),
    "documents": list(DOCUMENTS),
}


def ctx(on: date, role: str = "partner_unit", state: str = State.DRAFTED, facts: dict[str, Any] | None = None,
        **changes: Any) -> Context:  # fmt: skip
    return Context({**GOOD, **changes}, on, role, state, facts or {"has_registered_office": False})


def refused_rules(c: Context, transition: str = "file") -> set[str]:
    return set(refused_by(PROCEDURE, transition, c))


@pytest.mark.parametrize(
    ("case", "c", "rules"),
    [
        ("15 days ahead: filed on the last allowed day (art. 17(1))", ctx(D(2017, 3, 2)), set()),
        ("14 days ahead: too late (art. 17(1))", ctx(D(2017, 3, 3)), {"filed_15_days_before_start"}),
        ("10 days ahead in an emergency (art. 17(2))", ctx(D(2017, 3, 7), emergency=True), set()),
        ("exactly one year from 2017-03-02 (art. 17(3))",
         ctx(D(2017, 2, 1), start_date=D(2017, 3, 2), end_date=D(2018, 3, 2)), set()),
        ("a day more than a year (art. 17(3))",
         ctx(D(2017, 2, 1), start_date=D(2017, 3, 2), end_date=D(2018, 3, 3)), {"lasts_at_most_one_year"}),
        ("ends before it starts", ctx(D(2017, 2, 1), end_date=D(2017, 3, 1)), {"dates_in_order"}),
        ("a company is no partner unit (art. 16)", ctx(D(2017, 3, 1), partner_kind="company"),
         {"partner_is_of_a_permitted_kind"}),
        ("no written agreement (art. 17(1)(2))", ctx(D(2017, 3, 1), documents=["proof_of_establishment"]),
         {"documents_complete"}),
        ("the registrar does not file (art. 17(1))", ctx(D(2017, 3, 1), role="registrar"), {"role"}),
        ("no activity name", ctx(D(2017, 3, 1), activity_name=""), {"required:activity_name"}),
        ("an NGO with a registered office files no temporary activity (arts. 9(1), 16)",
         ctx(D(2017, 3, 1), facts={"has_registered_office": True}), {"ngo_without_a_representative_office"}),
    ],
)  # fmt: skip
def test_filing(case: str, c: Context, rules: set[str]) -> None:
    assert refused_rules(c) == rules, case


def test_a_filing_opens_the_closing_report_deadline_30_days_after_the_end() -> None:
    decision = engine.decide(PROCEDURE, "file", ctx(D(2017, 3, 1)))
    [opened] = decision.opens
    # 2017-06-30 + 30 days = 2017-07-30, a Sunday: the last day moves to Monday 31 July (Civil Code art. 203)
    assert (opened.deadline.name, opened.last.nominal, opened.last.day) == ("closing_report", D(2017, 7, 30),
                                                                           D(2017, 7, 31))  # fmt: skip
    assert str(opened.deadline.basis) == "FNGO Law art. 30(2)"


def test_the_closing_report_follows_the_end() -> None:
    filed = ctx(D(2017, 6, 30), role="foreign_ngo", state=State.FILED, report="done")
    assert refused_rules(filed, "report_closing") == {"activity_has_ended"}
    after = ctx(D(2017, 7, 1), role="foreign_ngo", state=State.FILED, report="done")
    assert refused_rules(after, "report_closing") == set()


def test_a_stopped_activity_may_report_at_once() -> None:
    stopped = ctx(D(2017, 4, 1), state=State.STOPPED, report="stopped early")
    assert refused_rules(stopped, "report_closing") == set()


def test_options_list_every_action_with_refusals_and_citations() -> None:
    opts = {o.transition: o for o in engine.options(PROCEDURE, ctx(D(2017, 3, 7)))}
    assert set(opts) == {"file", "order_stop", "report_closing", "mark_report_overdue"}
    assert not opts["file"].allowed
    [late] = opts["file"].refusals
    assert late.basis == "FNGO Law art. 17(1)" and "15 days" in late.message and "2017-03-17" in late.message


def test_a_ban_under_article_48_refuses_the_filing() -> None:
    c = Context({**GOOD}, D(2017, 3, 1), "partner_unit", State.DRAFTED, {"banned_until": D(2020, 1, 1)})
    with pytest.raises(Refused) as r:
        engine.decide(PROCEDURE, "file", c)
    assert [x.basis for x in r.value.refusals] == ["FNGO Law art. 48"]
