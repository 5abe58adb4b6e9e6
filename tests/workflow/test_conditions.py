"""The shared conditions read the field they are given and nothing else; the consent steps of a new office and
of a change are one building block, said in each procedure's words."""

from __future__ import annotations

from datetime import date

from ngoreg.law.periods import days
from ngoreg.regimes.fngo import office_change, office_registration
from ngoreg.workflow.conditions import includes_all, is_yes, not_after_the_act, within
from ngoreg.workflow.spec import Context


def ctx(on: date, **data: object) -> Context:
    return Context(data=data, on=on, role="psu", state="drafted")


def test_includes_all_needs_every_item_and_takes_more() -> None:
    both = includes_all("documents", ("a", "b"))
    assert both(ctx(date(2026, 1, 5), documents=["b", "a", "c"]))
    assert not both(ctx(date(2026, 1, 5), documents=["a"]))
    assert not both(ctx(date(2026, 1, 5)))  # nothing given


def test_is_yes_is_only_a_yes() -> None:
    assert is_yes("x")(ctx(date(2026, 1, 5), x=True))
    assert not is_yes("x")(ctx(date(2026, 1, 5), x="yes")) and not is_yes("x")(ctx(date(2026, 1, 5)))


def test_not_after_the_act_allows_the_same_day() -> None:
    assert not_after_the_act("d")(ctx(date(2026, 1, 5), d=date(2026, 1, 5)))
    assert not not_after_the_act("d")(ctx(date(2026, 1, 5), d=date(2026, 1, 6)))


def test_within_counts_from_the_day_after_and_moves_off_a_rest_day() -> None:
    # consent 2017-03-01: 30 days end on Friday 2017-03-31
    in_time = within(days(30), "consented_on")
    assert in_time(ctx(date(2017, 3, 31), consented_on=date(2017, 3, 1)))
    assert not in_time(ctx(date(2017, 4, 1), consented_on=date(2017, 3, 1)))
    # consent 2017-03-04: day 30 is Monday 2017-04-03, within the Qingming holiday (2–4 April 2017): 5 April
    assert in_time(ctx(date(2017, 4, 5), consented_on=date(2017, 3, 4)))
    assert not in_time(ctx(date(2017, 4, 6), consented_on=date(2017, 3, 4)))


def test_a_new_office_and_a_change_share_the_consent_steps_in_their_own_words() -> None:
    reg, chg = office_registration.PROCEDURE, office_change.PROCEDURE
    for name in ("consent", "withhold_consent", "mark_consent_lapsed"):
        a, b = reg.transition(name), chg.transition(name)
        assert {s.value for s in a.source} == {s.value for s in b.source} and a.target.value == b.target.value
    assert reg.transition("consent").label == "Consent to the application"
    assert chg.transition("consent").label == "Consent to the change"
    assert str(reg.transition("withhold_consent").basis) == "FNGO Law art. 11(1)"
    assert str(chg.transition("withhold_consent").basis) == "FNGO Law art. 40"
    assert [d.on_expiry for d in (reg.deadlines[0], chg.deadlines[0])] == ["mark_consent_lapsed"] * 2
    assert str(reg.deadlines[0].basis) == "FNGO Law art. 12(1)" and str(chg.deadlines[0].basis) == "FNGO Law art. 14"
