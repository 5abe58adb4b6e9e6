"""Counting periods the way the Civil Code does (arts. 200–204).

* Art. 201: a period counted in years, months or days starts on the day after the event;
  the day of the event is not counted.
* Art. 202: a period in years or months ends on the corresponding date of the last month; where that
  month has no such date, on its last day.
* Art. 203(1): where the last day is a statutory rest day (法定休假日), the day after the rest day is
  the last day. We read 法定休假日 as every day that is not a working day under the State Council's
  yearly holiday arrangement: weekends and public holidays, minus the weekend days made working days
  (调休). `chinese-calendar` carries those arrangements.
* Years `chinese-calendar` does not cover (before 2004, or after the last arrangement the State Council
  has published — it publishes each year's in the late autumn before): we count only Saturdays and
  Sundays as rest days and mark the result `provisional`, because a public holiday may still move it.
* Art. 203(2): the last day ends at its midnight (二十四时). Which day it is, is the day in Beijing Time
  (UTC+8, China's standard time, without summer time since 1991): `day_of` reads a moment so. The statutes
  name no time zone; the registry keeps moments in UTC, and after 16:00 UTC it is already the next day in
  China, when a deadline may have passed.
* Counting backwards ("filed 15 days before the start", FNGO Law art. 17(1)): the period is counted from
  the day before the start; the last day is not moved, because moving it to a later working day would
  shorten a notice period the law fixes. A filer whose last day is a rest day files earlier.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Literal

import chinese_calendar

from ngoreg.errors import InvalidInput
from ngoreg.law.citation import Citation

Unit = Literal["days", "months", "years"]

BASIS_START = Citation("civil_code", 201)
BASIS_MONTHS = Citation("civil_code", 202)
BASIS_REST_DAY = Citation("civil_code", 203, 1)
BEIJING_TIME = timezone(timedelta(hours=8), "CST")


def day_of(moment: datetime) -> date:
    """The day a moment falls on, for the law's periods: its date in Beijing Time (see the module's notes on
    art. 203(2))."""
    return moment.astimezone(BEIJING_TIME).date()


@dataclass(frozen=True)
class Period:
    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise InvalidInput("period", self.amount, "must not be negative")

    def __str__(self) -> str:
        return f"{self.amount} {self.unit[:-1] if self.amount == 1 else self.unit}"


def days(n: int) -> Period:
    return Period(n, "days")


def months(n: int) -> Period:
    return Period(n, "months")


def years(n: int) -> Period:
    return Period(n, "years")


@dataclass(frozen=True)
class LastDay:
    """The last day of a period: `day` after any move for rest days, `nominal` before it."""

    day: date
    nominal: date
    provisional: bool = False  # a holiday arrangement for that year was not yet known

    @property
    def moved(self) -> bool:
        return self.day != self.nominal


def add(start: date, period: Period) -> date:
    """The nominal last day of `period` counted from the event on `start` (arts. 201, 202)."""
    if period.unit == "days":
        return start + timedelta(days=period.amount)  # day 1 is the day after the event
    total = start.month - 1 + period.amount * (12 if period.unit == "years" else 1)
    year, month = start.year + total // 12, total % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def subtract(end: date, period: Period) -> date:
    """The latest day on which something due `period` before `end` may still be done."""
    if period.unit != "days":
        raise InvalidInput("period", str(period), "backward periods are counted in days")
    return end - timedelta(days=period.amount)


def covered(day: date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    if covered(day):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


# Looking a day up in `chinese-calendar` takes tens of microseconds, and an import counts a deadline for
# every row; the days the registry takes are bounded (`bounds`: 1900–2099), and so is what is kept here.
@lru_cache(maxsize=1 << 17)
def next_working_day_from(day: date) -> LastDay:
    """`day` itself if it is a working day, else the first working day after it (art. 203(1))."""
    d, provisional = day, not covered(day)
    while not is_working_day(d):
        d += timedelta(days=1)
        provisional = provisional or not covered(d)
    return LastDay(d, day, provisional)


@lru_cache(maxsize=1 << 16)
def last_day(start: date, period: Period) -> LastDay:
    """The last day of a period counted from `start`, moved off rest days (arts. 201–203)."""
    return next_working_day_from(add(start, period))
