"""Duties an organisation owes every year whether or not anyone has started a filing for them, as its regime
declares them (`Regime.duties`): under the Foreign NGO Law, a representative office's activity plan for the
next year to its supervisory unit by 31 December (art. 19), and its work report on the previous year to the
unit by 31 January and to the registrar by 31 March (art. 31(1)).

They are not restated here: they are the yearly deadlines (a `CalendarDay` that runs from the start of the
filing) of the procedures a duty names, read from the version of each procedure in force on the deadline's
last day. Their last days move off rest days like any other (Civil Code art. 203(1)).

Which years an organisation owes (`Occurrence.registered_by`, `Occurrence.ended_after`): a duty for `year`,
with nominal last day D, is owed by an organisation of a kind the duty names that

* was registered on or before D and had not ended on D (nothing falls due after deregistration, nor
  before registration), and
* was registered for some part of `year`, the year the plan is for or the report is on.

So an office registered in June 2017 owes the plan for 2018 (by 31 December 2017) and the report on 2017,
but no plan for 2017; one deregistered on 15 February 2020 owes the report on 2019 to its supervisory unit
(31 January 2020) but no longer to the registrar (31 March 2020).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from ngoreg import procedures, regimes
from ngoreg.law.periods import LastDay, next_working_day_from
from ngoreg.workflow.spec import AT_START, CalendarDay, Deadline, Procedure


@dataclass(frozen=True)
class Occurrence:
    """One yearly duty for one `year`, and the registration an office needs to owe it."""

    procedure: str
    deadline: Deadline
    owed_by: frozenset[str]  # the kinds of organisation that owe it
    year: int  # the value of the filing's `year` field
    nominal: date  # the day the law names
    last: LastDay  # moved off rest days
    registered_by: date  # owed by offices registered on or before this day …
    ended_after: date  # … and not ended on or before this one
    sponsored_only: bool = False  # … and only by those with a supervisory unit (`YearlyDuty.sponsored_only`)
    marked: tuple[str, str] | None = None  # … or holding this mark on its nominal day (`YearlyDuty.marked`)

    @property
    def key(self) -> tuple[str, str]:
        return self.procedure, self.deadline.name

    @property
    def ref(self) -> str:
        """The duty's name for as long as it lasts: the deadline rows of filings that take it up carry it
        (`duty`), and calendar files name their events by it."""
        return duty_ref(self.procedure, self.deadline.name, self.year)


def duty_ref(procedure: str, deadline: str, year: int) -> str:
    return f"{procedure}/{deadline}/{year}"


def duty(procedure: str, deadline: str, data: Mapping[str, Any]) -> str | None:
    """Which yearly duty a deadline of a filing with `data` takes up, or None: not a yearly deadline, or the
    filing does not name its year yet."""
    year = data.get("year")
    if not isinstance(year, int) or (procedure, deadline) not in _yearly_keys():
        return None
    return duty_ref(procedure, deadline, year)


@cache
def _yearly_keys() -> frozenset[tuple[str, str]]:
    return frozenset((code, d.name) for code in regimes.catalogue().duties for v in procedures.registry()[code].values()
                     for d in yearly(v))  # fmt: skip


regimes.on_change(_yearly_keys.cache_clear)


def owing_kinds() -> list[str]:
    """The kinds of organisation that owe some yearly duty."""
    return sorted({k for d in regimes.catalogue().duties.values() for k in d.owed_by})


def yearly(p: Procedure) -> list[Deadline]:
    """The deadlines of `p` that recur every year: a day fixed in the calendar, running from the start."""
    return [d for d in p.deadlines if d.opened_by is AT_START and isinstance(d.period, CalendarDay)]


def occurrences(as_of: date) -> list[Occurrence]:
    """Every yearly duty for every year, from the first whose last day the law covers up to the first that
    falls due on or after `as_of`. A year's duty follows the version of its procedure in force on its
    nominal last day; none is owed for a year before the law, nor falls due before it (the plan for 2017
    was due on 31 December 2016, the report on 2016 concerns a year before 2017)."""
    out: list[Occurrence] = []
    for code, duty in regimes.catalogue().duties.items():
        for version in sorted(procedures.registry()[code].values(), key=lambda v: v.version):
            for d in yearly(version):
                out.extend(_years(code, duty.owed_by, version, d, as_of, d.name in duty.sponsored_only, duty.marked))
    return sorted(out, key=lambda o: (o.last.day, o.procedure, o.deadline.name))


def _years(code: str, owed_by: frozenset[str], version: Procedure, d: Deadline, as_of: date,
           sponsored_only: bool = False, marked: tuple[str, str] | None = None) -> list[Occurrence]:  # fmt: skip
    assert isinstance(d.period, CalendarDay)
    out = []
    year = version.version.year - d.period.offset - 1
    while True:
        nominal = d.period.in_year(year)
        governs = nominal >= version.version and procedures.in_force(code, nominal) is version
        if governs and date(year, 12, 31) >= version.version:  # no duty for a year before the law
            last = next_working_day_from(nominal)
            out.append(Occurrence(code, d, owed_by, year, nominal, last, registered_by=min(nominal, date(year, 12, 31)),
                                  ended_after=max(nominal, date(year, 1, 1)),
                                  sponsored_only=sponsored_only, marked=marked))  # fmt: skip
            if last.day >= as_of:
                return out
        elif nominal > as_of:
            return out
        year += 1
