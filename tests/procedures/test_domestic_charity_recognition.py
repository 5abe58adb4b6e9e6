"""Scenarios for Charity Law arts. 9, 10(2), 10(3) and 17(1)(4): a registered social organisation applies to be
recognised as a charity, the registrar accepts and decides within 20 days (extended by up to 60 with the
Ministry's approval), and the recognition ends with a revoked registration certificate."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.domestic.charity_recognition import CONDITIONS, PROCEDURE, State
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context, Marks
from tests.procedures import refused_by

D = date
GOOD: dict[str, Any] = {**dict.fromkeys(CONDITIONS, True), "accepted_on": D(2025, 3, 3)}
FACTS: dict[str, Any] = {"org_kind": "social_association", "org_status": "registered", "marks": {}}
ORG, REGISTRAR = "social_org", "civil_registrar"


def ctx(on: date, role: str = ORG, state: str = State.DRAFTED, facts: dict[str, Any] | None = None,
        **changes: Any) -> Context:  # fmt: skip
    return Context({**GOOD, **changes}, on, role, state, {**FACTS, **(facts or {})})


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("a registered association applies (art. 10(2))", "apply", ctx(D(2025, 3, 1)), {}),
        ("so does a civil non-enterprise unit", "apply", ctx(D(2025, 3, 1), facts={"org_kind": "civil_non_enterprise"}),
         {}),
        ("not a foreign NGO's office (art. 10(2))", "apply",
         ctx(D(2025, 3, 1), facts={"org_kind": "representative_office"}),
         {"a_social_organisation": "Charity Law art. 10(2)"}),
        ("not while in preparation: art. 10(2) recognises one already set up", "apply",
         ctx(D(2025, 3, 1), facts={"org_status": "preparing"}), {"registered": "Charity Law art. 10(2)"}),
        ("not twice", "apply", ctx(D(2025, 3, 1), facts={"marks": {"charity": "recognised"}}),
         {"not_yet_a_charity": "Charity Law art. 10(2)"}),
        ("not for profit (art. 9(2))", "apply", ctx(D(2025, 3, 1), not_for_profit=False),
         {"not_for_profit": "Charity Law art. 9(1)(2)"}),
        ("no articles (art. 9(4)), no property (art. 9(5))", "apply",
         ctx(D(2025, 3, 1), articles_of_association=False, necessary_property=False),
         {"articles_of_association": "Charity Law art. 9(1)(4)", "necessary_property": "Charity Law art. 9(1)(5)"}),
        ("each condition is declared", "apply", ctx(D(2025, 3, 1), charitable_purpose=None),
         {"required:charitable_purpose": "Charity Law art. 9(1)(1)"}),
        ("only the organisation applies", "apply", ctx(D(2025, 3, 1), role=REGISTRAR),
         {"role": "Charity Law art. 10(2)"}),
        ("the registrar accepts", "accept", ctx(D(2025, 3, 3), role=REGISTRAR, state=State.APPLIED), {}),
        ("an acceptance is not dated ahead", "accept",
         ctx(D(2025, 3, 3), role=REGISTRAR, state=State.APPLIED, accepted_on=D(2025, 3, 4)),
         {"acceptance_not_dated_in_the_future": "Charity Law art. 10(2)"}),
        ("the registrar recognises and announces", "recognise",
         ctx(D(2025, 3, 20), role=REGISTRAR, state=State.ACCEPTED, announcement="民政部公告 2025-03-20"), {}),
        ("a recognition is announced", "recognise", ctx(D(2025, 3, 20), role=REGISTRAR, state=State.ACCEPTED),
         {"required:announcement": "Charity Law art. 10(2)"}),
        ("a refusal gives reasons in writing", "refuse", ctx(D(2025, 3, 20), role=REGISTRAR, state=State.ACCEPTED),
         {"required:refusal_reason": "Charity Law art. 10(2)"}),
        # 3 March + 20 days: 23 March 2025 is a Sunday, so the 20 days end on Monday 24 March
        ("extended with the Ministry's approval (art. 10(3))", "extend",
         ctx(D(2025, 3, 24), role=REGISTRAR, state=State.ACCEPTED, ministry_approved=True,
             extended_until=D(2025, 5, 23)), {}),
        ("not without it", "extend",
         ctx(D(2025, 3, 24), role=REGISTRAR, state=State.ACCEPTED, ministry_approved=False,
             extended_until=D(2025, 5, 23)), {"ministry_approved": "Charity Law art. 10(3)"}),
        ("by no more than 60 days", "extend",
         ctx(D(2025, 3, 24), role=REGISTRAR, state=State.ACCEPTED, ministry_approved=True,
             extended_until=D(2025, 5, 24)), {"extended_by_sixty_days_at_most": "Charity Law art. 10(3)"}),
        ("not once the 20 days have run out", "extend",
         ctx(D(2025, 3, 25), role=REGISTRAR, state=State.ACCEPTED, ministry_approved=True,
             extended_until=D(2025, 5, 1)), {"extended_within_the_period": "Charity Law art. 10(3)"}),
        ("not twice", "extend",
         ctx(D(2025, 3, 24), role=REGISTRAR, state=State.EXTENDED, ministry_approved=True,
             extended_until=D(2025, 5, 1)), {"state": None}),
        ("decided in the extended period", "recognise",
         ctx(D(2025, 5, 20), role=REGISTRAR, state=State.EXTENDED, announcement="民政部公告"), {}),
        ("the recognition ends with a revoked certificate (art. 17(1)(4))", "end",
         ctx(D(2026, 1, 5), role=REGISTRAR, state=State.RECOGNISED, revocation_ground="art_109",
             revocation_announcement="民政部公告 2026-01-05"), {}),
        ("the revocation's article is named", "end",
         ctx(D(2026, 1, 5), role=REGISTRAR, state=State.RECOGNISED, revocation_announcement="公告"),
         {"required:revocation_ground": "Charity Law art. 17(1)(4)"}),
    ],
)  # fmt: skip
def test_recognition(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refused_by(PROCEDURE, transition, c) == expected, case


def test_the_decision_is_due_20_days_from_acceptance_or_on_the_approved_day() -> None:
    data = {"accepted_on": D(2025, 3, 3), "extended_until": D(2025, 5, 23)}
    [decision] = engine.opened_by(PROCEDURE, "accept", data, D(2025, 3, 4))
    assert (decision.deadline.name, decision.last.day, str(decision.deadline.basis)) == (
        "decision", D(2025, 3, 24), "Charity Law art. 10(2)")  # Sunday 23 March moves to Monday
    [extended] = engine.opened_by(PROCEDURE, "extend", data, D(2025, 3, 20))
    assert (extended.deadline.name, extended.last.day, str(extended.deadline.basis)) == (
        "extended_decision", D(2025, 5, 23), "Charity Law art. 10(3)")
    # the extension meets the 20 days; the decision meets whichever period runs
    assert engine.met_by(PROCEDURE, "extend") == ["decision"]
    assert engine.met_by(PROCEDURE, "recognise") == ["decision", "extended_decision"]


def test_recognition_marks_the_organisation_a_charity_and_its_end_clears_the_mark() -> None:
    recognise, end = PROCEDURE.transition("recognise").effect, PROCEDURE.transition("end").effect
    assert isinstance(recognise, Marks) and isinstance(end, Marks) and recognise.lasts is None
    c = ctx(D(2025, 3, 20))
    assert recognise.marks(c) == {"charity": "recognised"} and end.marks(c) == {"charity": None}
