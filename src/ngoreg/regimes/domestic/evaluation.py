"""The evaluation of a social organisation and its grade, 1A to 5A (社会组织评估等级).

The evaluation is the Ministry of Civil Affairs' 社会组织评估管理办法 (MCA Order No. 39, adopted 2010-12-20,
issued 2010-12-27, in force 2011-03-01). Its text is not shipped: we found no full official text to ship, so
no article of it is cited. The steps rest on the registrar's supervision in the regulations — Social
Association Regulations art. 24(1)(3), Civil Non-Enterprise Unit Regulations art. 19(1)(3), Foundation
Regulations art. 34(1)(2) — which the citations name by the first; every rule that is the measures' own
says so in its sentence (`PRACTICE`), as the public reports and local notices applying them give it:

* The organisation applies (申请参加评估) once it has held its registration certificate two full years
  (`ELIGIBLE_AFTER`), and not while a grade of it is in force (a grade is evaluated again when its five
  years have run).
* The registrar does not evaluate (不予评估) an organisation that missed or failed the previous year's annual
  inspection, or passed it only basically two years running, was penalised in the previous year or has a
  penalty not yet executed, or is under investigation (`NOT_EVALUATED_GROUNDS`).
* The organisation is scored by parts (`PARTS`): basic conditions, internal governance, work performance,
  social evaluation, and Party building, out of 1000 points in all (`MAX_TOTAL`). Party building is scored
  as a part of its own, so weak Party building lowers the total and with it the grade (seed 001: in Beijing
  an organisation without regular Party-building activity does not get a high grade); where a locality
  says so, an organisation without a Party organisation cannot be rated 5A (`Cutoffs.without_party`).
* The grade follows from the total by cut-offs that differ by locality (`grade_cutoffs.csv`: a national
  default and provincial overrides by GB/T 2260 code, each with its source); the locality is the
  registrar's province (`facts.read`). A total below the lowest grade's cut-off reaches no grade.
* The grade is valid five years (`VALID`): the organisation carries the mark `grade` from the day of the
  decision, and it lapses of itself when the five years have run.

Who decides: the measures set up an evaluation committee (评估委员会) of the civil affairs department, which
gives the grade conclusion for the registrar that registered the organisation (分级管理, by registration
authority). The registry gives the scoring and the decision to that registrar (`civil_registrar`), in whose
name the committee acts."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from ngoreg.law import cite
from ngoreg.law.periods import add, years
from ngoreg.regimes.domestic.roles import CIVIL_AFFAIRS, ORGANISATION
from ngoreg.registry import particulars
from ngoreg.workflow.spec import Context, Field, Guard, Marks, Procedure, Transition

CODE = "evaluation"
PRACTICE = "MCA evaluation measures (2010), text not shipped"
MARK = particulars.GRADE

GRADES = ("1A", "2A", "3A", "4A", "5A")  # the lowest first
PARTS = {
    "basic_conditions": "Score: basic conditions",
    "internal_governance": "Score: internal governance",
    "work_performance": "Score: work performance",
    "social_evaluation": "Score: social evaluation",
    "party_building": "Score: Party building",
}
MAX_TOTAL = 1000  # 满分为1000分
VALID = years(5)  # 评估等级有效期为5年
ELIGIBLE_AFTER = years(2)  # 取得登记证书满两个年度

NOT_EVALUATED_GROUNDS = ("no_annual_inspection_last_year", "failed_annual_inspection", "penalised_last_year",
                         "under_investigation", "total_below_the_lowest_grade", "other")  # fmt: skip

NATIONAL = "national"


@dataclass(frozen=True)
class Cutoffs:
    """The lowest total of each grade in a locality, and the highest grade open to an organisation without
    a Party organisation (None: any)."""

    locality: str
    lowest: dict[str, int]  # grade → the lowest total that reaches it
    without_party: str | None
    source: str

    def grade(self, total: int, party_organisation: bool) -> str | None:
        reached = [g for g in GRADES if total >= self.lowest[g]]
        if not reached:
            return None
        best = reached[-1]
        if not party_organisation and self.without_party is not None:
            best = min(best, self.without_party, key=GRADES.index)
        return best


@cache
def cutoffs() -> dict[str, Cutoffs]:
    with resources.files(__package__).joinpath("grade_cutoffs.csv").open(encoding="utf-8") as f:
        return {r["locality"]: Cutoffs(r["locality"], {g: int(r[g]) for g in GRADES},
                                       r["without_party_organisation"] or None, r["source"])
                for r in csv.DictReader(f)}  # fmt: skip


def cutoffs_for(locality: str | None) -> Cutoffs:
    """The cut-offs of the province `locality` (a GB/T 2260 code), or the national default."""
    table = cutoffs()
    return table.get(locality or "", table[NATIONAL])


def total(data: Any) -> int:
    return sum(int(data.get(p) or 0) for p in PARTS)


def reached(c: Context) -> str | None:
    """The grade the scores reach under the locality's cut-offs."""
    return cutoffs_for(c.facts.get("locality")).grade(total(c.data), c.data.get("party_organisation") is True)


def _part_within_range(part: str) -> Guard:
    return Guard(f"{part}_within_range", lambda c: 0 <= int(c.data.get(part) or 0) <= MAX_TOTAL,
                 f"The score {{{part}}} lies outside 0–{MAX_TOTAL} points ({part}; {PRACTICE}).", P_SUPERVISE)


def _eligible(c: Context) -> bool:
    registered_on = c.facts.get("org_registered_on")
    return isinstance(registered_on, date) and c.on > add(registered_on, ELIGIBLE_AFTER)


def _no_grade_in_force(c: Context) -> bool:
    return MARK not in (c.facts.get("marks") or {})


class State(StrEnum):
    DRAFTED = "drafted"
    APPLIED = "applied"
    SCORED = "scored"
    GRADED = "graded"
    NOT_EVALUATED = "not_evaluated"


P_SUPERVISE = cite("sa_regs", 24, 1, 3)

PROCEDURE = Procedure(
    code=CODE,
    version=date(2011, 3, 1),
    title_en="Evaluation grade of a social organisation (1A–5A)",
    title_zh="社会组织评估等级",
    basis=(P_SUPERVISE, cite("cneu_regs", 19, 1, 3), cite("foundation_regs", 34, 1, 2)),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("party_organisation", "bool", "Has set up a Party organisation", P_SUPERVISE),
        *(Field(part, "int", label, P_SUPERVISE) for part, label in PARTS.items()),
        Field("grade", "choice", "Evaluation grade", P_SUPERVISE, GRADES),
        Field("not_evaluated_ground", "choice", "Why the organisation is not evaluated", P_SUPERVISE,
              NOT_EVALUATED_GROUNDS),
        Field("not_evaluated_reason", "text", "The registrar's reasons", P_SUPERVISE),
    ),
    transitions=(
        Transition(
            "apply", "Apply for evaluation", frozenset({State.DRAFTED}), State.APPLIED, frozenset({ORGANISATION}),
            P_SUPERVISE, "evaluation.applied", requires=("party_organisation",),
            guards=(
                Guard("registered_two_full_years", _eligible,
                      f"An organisation applies for evaluation once it has held its registration certificate two "
                      f"full years ({PRACTICE}).", P_SUPERVISE),
                Guard("no_grade_in_force", _no_grade_in_force,
                      f"The organisation's grade is in force for five years; it is evaluated again when they have "
                      f"run ({PRACTICE}).", P_SUPERVISE),
            ),
        ),
        Transition(
            "score", "Score the evaluation", frozenset({State.APPLIED}), State.SCORED, frozenset({CIVIL_AFFAIRS}),
            P_SUPERVISE, "evaluation.scored", requires=tuple(PARTS),
            guards=(
                *(_part_within_range(part) for part in PARTS),
                Guard("total_within_range", lambda c: total(c.data) <= MAX_TOTAL,
                      f"The parts' scores add up to more than {MAX_TOTAL} points ({PRACTICE}).", P_SUPERVISE),
            ),
        ),
        Transition(
            "decide_grade", "Decide the grade", frozenset({State.SCORED}), State.GRADED, frozenset({CIVIL_AFFAIRS}),
            P_SUPERVISE, "evaluation.graded", requires=("grade",),
            guards=(
                Guard("total_reaches_a_grade", lambda c: reached(c) is not None,
                      f"The total score reaches no grade under the locality's cut-offs ({PRACTICE}).", P_SUPERVISE),
                Guard("grade_the_scores_reach", lambda c: reached(c) in (None, c.data.get("grade")),
                      f"The scores and the locality's cut-offs do not give {{grade}} ({PRACTICE}).", P_SUPERVISE),
            ),
            effect=Marks(lambda c: {MARK: c.data["grade"]}, lasts=VALID),
        ),
        Transition(
            "refuse", "Do not evaluate", frozenset({State.APPLIED, State.SCORED}), State.NOT_EVALUATED,
            frozenset({CIVIL_AFFAIRS}), P_SUPERVISE, "evaluation.not_evaluated",
            requires=("not_evaluated_ground", "not_evaluated_reason"),
        ),
    ),
    summary=("grade",),
)  # fmt: skip
