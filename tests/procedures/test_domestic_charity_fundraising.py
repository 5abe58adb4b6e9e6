"""Scenarios for Charity Law arts. 22(1) and 111: a charity registered for one full year applies for the
public-fundraising qualification, the registrar decides within 20 days of accepting, and revokes the
certificate for a fundraising wrong, after which the charity may not apply for five years."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.domestic.public_fundraising import PROCEDURE, State
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Changes, Context
from tests.procedures import refused_by

D = date
GOOD: dict[str, Any] = {"sound_governance": True, "standard_operation": True, "accepted_on": D(2025, 6, 2)}
FACTS: dict[str, Any] = {"org_kind": "foundation", "org_status": "registered", "org_registered_on": D(2024, 3, 1),
                         "marks": {"charity": "recognised"}, "fundraising_revoked_on": None}  # fmt: skip
ORG, REGISTRAR = "social_org", "civil_registrar"
P22, P111 = "Charity Law art. 22(1)", "Charity Law art. 111"


def ctx(on: date, role: str = ORG, state: str = State.DRAFTED, facts: dict[str, Any] | None = None,
        **changes: Any) -> Context:  # fmt: skip
    return Context({**GOOD, **changes}, on, role, state, {**FACTS, **(facts or {})})


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("a charity registered on 2024-03-01 applies from 2025-03-02 (art. 22(1))", "apply", ctx(D(2025, 3, 2)), {}),
        ("its year has not run out on 2025-03-01", "apply", ctx(D(2025, 3, 1)), {"registered_one_year": P22}),
        ("an organisation never registered", "apply", ctx(D(2025, 3, 2), facts={"org_registered_on": None}),
         {"registered_one_year": P22}),
        ("only a recognised charity", "apply", ctx(D(2025, 3, 2), facts={"marks": {}}), {"a_charity": P22}),
        ("not a charity on a credit list", "apply",
         ctx(D(2025, 3, 2), facts={"marks": {"charity": "recognised", "credit_list": "serious_violation"}}),
         {"not_on_a_credit_list": P22}),
        ("governance declared sound", "apply", ctx(D(2025, 3, 2), sound_governance=False),
         {"sound_governance": P22}),
        ("operation declared standard", "apply", ctx(D(2025, 3, 2), standard_operation=None),
         {"required:standard_operation": P22}),
        ("five years after a revoked certificate, not before (art. 111)", "apply",
         ctx(D(2030, 6, 1), facts={"fundraising_revoked_on": D(2025, 6, 1)}), {"not_barred_after_revocation": P111}),
        ("and from the day after they run out", "apply",
         ctx(D(2030, 6, 2), facts={"fundraising_revoked_on": D(2025, 6, 1)}), {}),
        ("only the charity applies", "apply", ctx(D(2025, 3, 2), role=REGISTRAR), {"role": P22}),
        ("the registrar accepts", "accept", ctx(D(2025, 6, 2), role=REGISTRAR, state=State.APPLIED), {}),
        ("an acceptance is not dated ahead", "accept",
         ctx(D(2025, 6, 1), role=REGISTRAR, state=State.APPLIED), {"acceptance_not_dated_in_the_future": P22}),
        ("the certificate is issued", "qualify",
         ctx(D(2025, 6, 10), role=REGISTRAR, state=State.ACCEPTED, certificate_no="53100000500021676Q-GM"), {}),
        ("not to an organisation no longer a charity", "qualify",
         ctx(D(2025, 6, 10), role=REGISTRAR, state=State.ACCEPTED, certificate_no="X", facts={"marks": {}}),
         {"a_charity": P22}),
        ("a refusal gives reasons", "refuse", ctx(D(2025, 6, 10), role=REGISTRAR, state=State.ACCEPTED),
         {"required:refusal_reason": P22}),
        ("revoked for a fundraising wrong and announced", "revoke",
         ctx(D(2026, 2, 2), role=REGISTRAR, state=State.QUALIFIED, revocation_ground="apportioning_donations",
             revocation_announcement="民政部公告"), {}),
        ("the wrong is named", "revoke",
         ctx(D(2026, 2, 2), role=REGISTRAR, state=State.QUALIFIED, revocation_announcement="民政部公告"),
         {"required:revocation_ground": P111}),
        ("only a qualification given is revoked", "revoke",
         ctx(D(2026, 2, 2), role=REGISTRAR, state=State.ACCEPTED, revocation_ground="apportioning_donations",
             revocation_announcement="民政部公告"), {"state": None}),
    ],
)  # fmt: skip
def test_qualification(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refused_by(PROCEDURE, transition, c) == expected, case


def test_the_decision_is_due_20_days_from_acceptance_and_not_extended() -> None:
    [decision] = engine.opened_by(PROCEDURE, "accept", {"accepted_on": D(2025, 6, 2)}, D(2025, 6, 3))
    assert (decision.last.day, str(decision.deadline.basis)) == (D(2025, 6, 23), P22)  # Sunday 22 June → Monday
    assert "extend" not in PROCEDURE.transition_names


def test_the_qualification_is_the_registry_attribute() -> None:
    qualify, revoke = PROCEDURE.transition("qualify").effect, PROCEDURE.transition("revoke").effect
    assert isinstance(qualify, Changes) and isinstance(revoke, Changes)
    c = ctx(D(2025, 6, 10))
    assert qualify.changes(c) == {"public_fundraising": True} and revoke.changes(c) == {"public_fundraising": False}
