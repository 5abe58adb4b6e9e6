"""The annual inspection (年度检查) of a social organisation, which the three regulations state alike: the
organisation reports on the past year, its supervisory unit reviews the report first (初审), the registrar
inspects it and records the result.

* Social associations (Social Association Regulations art. 28(1)) and civil non-enterprise units (Civil
  Non-Enterprise Unit Regulations art. 23(1)): the report to the supervisory unit by 31 March, and after its
  preliminary approval to the registrar by 31 May; the report covers compliance with laws and policy, the
  registration formalities, activities under the articles, changes of staff and organisation, and finance.
* Foundations (Foundation Regulations art. 36): the report to the registrar by 31 March, reviewed and
  approved by the supervisory unit before; it holds the financial accounting report, the auditor's report,
  fundraising, donations received and grants made, and changes of staff and organisation. After passing the
  inspection the foundation publishes it in the media the registrar names (art. 38).

A directly registered organisation has no supervisory unit: it reports to the registrar alone, and owes no
date to a unit (`YearlyDuty.sponsored_only`).

The result: 合格 (qualified), 基本合格 (basically qualified), 不合格 (unqualified). The three grades are not in
the regulations' texts but in the Ministry of Civil Affairs' rules on annual inspection, which the registry
does not ship; they are taken from that practice. What follows from failing or not reporting: for a
foundation, a warning, an order to stop its activities, and in serious cases revocation (Foundation
Regulations art. 42(1)(5)); for an association or a unit, not accepting supervision as the regulations
require is sanctioned alike (Social Association Regulations art. 30(1)(3); Civil Non-Enterprise Unit
Regulations art. 25(1)(3)); and an organisation that has not reported is listed for abnormal activities
(`credit_list`). These follow as decisions of their own, not by themselves."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ngoreg.law.citation import Citation
from ngoreg.regimes.domestic.roles import CIVIL_AFFAIRS, ORGANISATION, SUPERVISORY_UNIT
from ngoreg.workflow.conditions import includes_all
from ngoreg.workflow.spec import AT_START, CalendarDay, Context, Deadline, Field, Guard, Transition

RESULTS = ("qualified", "basically_qualified", "unqualified")  # 合格 / 基本合格 / 不合格


class State(StrEnum):
    DRAFTED = "drafted"
    SUBMITTED_TO_PSU = "submitted_to_psu"
    PSU_APPROVED = "psu_approved"
    SUBMITTED = "submitted"
    INSPECTED = "inspected"


def year_has_ended(c: Context) -> bool:
    return c.on.year > c.data["year"]


def registered_in_the_year(c: Context) -> bool:
    """No report on a year that ended before the organisation was registered."""
    registered_on = c.facts.get("org_registered_on")
    return registered_on is None or registered_on.year <= c.data["year"]


def no_supervisory_unit(c: Context) -> bool:
    return not c.facts.get("has_supervisory_unit")


@dataclass(frozen=True)
class Inspection:
    """One regulation's inspection: `report` asks for the report and sets its dates, `review` gives the
    supervisory unit its preliminary review, `inspect` the registrar its inspection, `contents` what the
    report holds; `to_psu_by` is None where the regulation gives the unit no date of its own (foundations)."""

    audit: str
    report: Citation
    review: Citation
    inspect: Citation
    contents: tuple[str, ...]
    to_registrar_by: tuple[int, int]
    to_psu_by: tuple[int, int] | None = None
    states: type[StrEnum] = State  # the procedure's own, where it adds states (a foundation publishes)

    @property
    def fields(self) -> tuple[Field, ...]:
        return (
            Field("year", "int", "Year reported on", self.report),
            Field("contents", "list", "What the report covers", self.report, self.contents),
            Field("psu_remarks", "text", "The supervisory unit's remarks on its review", self.review),
            Field("result", "choice", "Result of the annual inspection", self.inspect, RESULTS),
            Field("inspection_notes", "text", "The registrar's notes", self.inspect),
        )

    def transitions(self) -> tuple[Transition, ...]:
        s: Any = self.states  # holds the values of `State`, and may add its own
        checks = (
            Guard("year_has_ended", year_has_ended, "The report on {year} is made once the year is over.",
                  self.report),
            Guard("registered_in_the_year", registered_in_the_year, "The organisation was not registered in "
                  "{year}: it owes no report on it.", self.report),
            Guard("report_complete", includes_all("contents", self.contents), "The report lacks what the article "
                  "asks it to cover.", self.report),
        )  # fmt: skip
        return (
            Transition("submit_to_psu", "Submit the report to the supervisory unit", frozenset({s.DRAFTED}),
                       s.SUBMITTED_TO_PSU, frozenset({ORGANISATION}), self.report, f"{self.audit}.submitted_to_psu",
                       requires=("year", "contents"), guards=checks),
            Transition("approve", "Approve the report on preliminary review", frozenset({s.SUBMITTED_TO_PSU}),
                       s.PSU_APPROVED, frozenset({SUPERVISORY_UNIT}), self.review, f"{self.audit}.psu_approved"),
            Transition("return_report", "Return the report for revision", frozenset({s.SUBMITTED_TO_PSU}), s.DRAFTED,
                       frozenset({SUPERVISORY_UNIT}), self.review, f"{self.audit}.psu_returned",
                       requires=("psu_remarks",)),
            # From a draft only where there is no unit to review it first: a directly registered organisation.
            Transition("submit_to_registrar", "Submit the report to the registrar",
                       frozenset({s.PSU_APPROVED, s.DRAFTED}), s.SUBMITTED, frozenset({ORGANISATION}), self.report,
                       f"{self.audit}.submitted", requires=("year", "contents"),
                       guards=(*checks,
                               Guard("reviewed_by_the_supervisory_unit",
                                     lambda c: c.state == State.PSU_APPROVED or no_supervisory_unit(c),
                                     "The supervisory unit reviews the report before the registrar receives it.",
                                     self.review))),
            Transition("record_result", "Record the result of the annual inspection", frozenset({s.SUBMITTED}),
                       s.INSPECTED, frozenset({CIVIL_AFFAIRS}), self.inspect, f"{self.audit}.inspected",
                       requires=("result",)),
        )  # fmt: skip

    def deadlines(self) -> tuple[Deadline, ...]:
        month, day = self.to_registrar_by
        out = [Deadline("report_to_registrar", "Annual report to the registrar", CalendarDay(month, day, "year", 1),
                        self.report, opened_by=AT_START, met_by=frozenset({"submit_to_registrar"}))]  # fmt: skip
        if self.to_psu_by:
            month, day = self.to_psu_by
            # A directly registered organisation's filing opens it too; its report to the registrar closes it.
            out.insert(0, Deadline("report_to_psu", "Annual report to the supervisory unit",
                                   CalendarDay(month, day, "year", 1), self.report, opened_by=AT_START,
                                   met_by=frozenset({"submit_to_psu", "submit_to_registrar"})))  # fmt: skip
        return tuple(out)
