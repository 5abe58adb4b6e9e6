"""Scenarios for the evaluation of a social organisation (社会组织评估): the application after two full years
of registration, the scores by part out of 1000, the grade 1A–5A the locality's cut-offs give, Party building
scored as a part and, in Anhui, required for 5A. The evaluation is the MCA evaluation measures (2010), whose
text is not shipped: the steps cite the registrar's supervision (Social Association Regulations art.
24(1)(3)) and say where a rule is the measures' own."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.domestic.evaluation import PRACTICE, PROCEDURE, State, cutoffs, cutoffs_for
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

D = date
ART = "Social Association Regulations art. 24(1)(3)"
SCORES = {"basic_conditions": 180, "internal_governance": 270, "work_performance": 250, "social_evaluation": 140,
          "party_building": 80}  # 920 in all  # fmt: skip
FACTS = {"org_registered_on": D(2016, 5, 10), "marks": {}, "locality": None}


def ctx(on: date = D(2020, 6, 1), role: str = "civil_registrar", state: str = State.SCORED,
        facts: dict[str, Any] | None = None, **data: Any) -> Context:  # fmt: skip
    return Context({"party_organisation": True, **SCORES, **data}, on, role, state, {**FACTS, **(facts or {})})


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("the organisation applies", "apply", ctx(role="social_org", state=State.DRAFTED), {}),
        ("only the organisation applies", "apply", ctx(state=State.DRAFTED), {"role": ART}),
        ("not before two full years of registration", "apply",
         ctx(D(2018, 5, 10), role="social_org", state=State.DRAFTED), {"registered_two_full_years": ART}),
        ("the day after the two years", "apply", ctx(D(2018, 5, 11), role="social_org", state=State.DRAFTED), {}),
        ("not an organisation never registered", "apply",
         ctx(role="social_org", state=State.DRAFTED, facts={"org_registered_on": None}),
         {"registered_two_full_years": ART}),
        ("not while a grade is in force", "apply",
         ctx(role="social_org", state=State.DRAFTED, facts={"marks": {"grade": "3A"}}), {"no_grade_in_force": ART}),
        ("the registrar scores", "score", ctx(state=State.APPLIED), {}),
        ("every part is scored", "score", ctx(state=State.APPLIED, party_building=None),
         {"required:party_building": ART}),
        ("a part above 1000 points", "score", ctx(state=State.APPLIED, work_performance=1200),
         {"work_performance_within_range": ART, "total_within_range": ART}),
        ("parts adding up above 1000", "score",
         ctx(state=State.APPLIED, basic_conditions=400, internal_governance=400, work_performance=300),
         {"total_within_range": ART}),
        ("920 points is 5A by the national default", "decide_grade", ctx(grade="5A"), {}),
        ("not 4A", "decide_grade", ctx(grade="4A"), {"grade_the_scores_reach": ART}),
        ("a grade is given", "decide_grade", ctx(), {"required:grade": ART}),
        ("920 points is 4A in Anhui", "decide_grade", ctx(grade="4A", facts={"locality": "340000"}), {}),
        ("weak Party building lowers the grade", "decide_grade", ctx(grade="4A", party_building=10), {}),
        ("in Anhui no Party organisation, no 5A", "decide_grade",
         ctx(grade="5A", basic_conditions=210, party_organisation=False, facts={"locality": "340000"}),
         {"grade_the_scores_reach": ART}),
        ("in Anhui 700 points reach no grade", "decide_grade",
         ctx(grade="1A", basic_conditions=0, internal_governance=230, facts={"locality": "340000"}),
         {"total_reaches_a_grade": ART}),
        ("the registrar does not evaluate, with the ground", "refuse",
         ctx(state=State.APPLIED, not_evaluated_ground="under_investigation", not_evaluated_reason="Case 2020-17"),
         {}),
        ("a refusal names its ground", "refuse", ctx(state=State.APPLIED, not_evaluated_reason="x"),
         {"required:not_evaluated_ground": ART}),
    ],
)  # fmt: skip
def test_evaluation(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refused_by(PROCEDURE, transition, c) == expected, case


def test_the_measures_rules_say_they_are_the_measures_own() -> None:
    c = ctx(state=State.APPLIED, basic_conditions=5000)
    r, total = engine.refusals(PROCEDURE, PROCEDURE.transition("score"), c)
    assert (r.rule, total.rule) == ("basic_conditions_within_range", "total_within_range")
    assert PRACTICE in r.message and "5000" in r.message and "basic_conditions" in r.message


@pytest.mark.parametrize(
    ("locality", "total", "party", "grade"),
    [
        (None, 900, True, "5A"), (None, 899, True, "4A"), (None, 600, True, "2A"), (None, 0, True, "1A"),
        ("110000", 850, True, "4A"),  # no table of its own: the national default
        ("340000", 950, True, "5A"),  # 950以上 includes 950
        ("340000", 949, True, "4A"), ("340000", 701, True, "1A"), ("340000", 700, True, None),
        ("340000", 990, False, "4A"), (None, 990, False, "5A"),
    ],
)  # fmt: skip
def test_the_cutoffs_of_a_locality(locality: str | None, total: int, party: bool, grade: str | None) -> None:
    assert cutoffs_for(locality).grade(total, party) == grade


def test_every_table_has_its_source_and_rising_cutoffs() -> None:
    for table in cutoffs().values():
        assert table.source
        lows = [table.lowest[g] for g in ("1A", "2A", "3A", "4A", "5A")]
        assert lows == sorted(set(lows)), table.locality
