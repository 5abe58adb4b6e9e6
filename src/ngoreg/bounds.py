"""The bounds of what the registry takes in, stated once: the days it accepts and how long each kind of
text may be. Every entry point (CLI options, API queries and bodies, page forms, `--set` values of a filing,
import columns) reads a date through `day` and checks a text with `text`, so a value out of bounds is
refused with the field named, never carried into the law's arithmetic or stored.

Dates: 1900-01-01 to 2099-12-31.

* The earliest: no organisation the registry holds was founded or registered before the twentieth
  century, and catalogues that do not know a day write 1900-01-01 for it; that placeholder is a date a
  user or an import may give, so it is inside the range rather than a cause to reject the row.
* The latest: the end of the century. The calendar expands each office's yearly plan and reports from the
  FNGO Law's first year up to the day it is read on (compliance/recurring.py), so the bound caps that at
  under a hundred years of three duties, where 9999-12-31 asked for eight thousand and then overflowed the
  year (`date` ends at 9999, and a status reads 30 days past the day). Nothing a filing or a sweep records
  lies so far ahead: holiday arrangements are published a year at a time, so every last day beyond next
  year is already provisional (law/periods.py).

Texts: see the limits below; each is generous for the longest real value of its kind (ChinaFile's lists
of 2017–2019: names up to 197 characters, addresses up to 52), and small enough that one value cannot
fill a page, an index or an audit event with megabytes.
"""

from __future__ import annotations

from datetime import date

from ngoreg.errors import InvalidInput

EARLIEST = date(1900, 1, 1)
LATEST = date(2099, 12, 31)
RANGE = f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"


def within(value: date, field: str) -> date:
    """`value` if it lies in the registry's range of days, else invalid input naming `field`."""
    if not EARLIEST <= value <= LATEST:
        raise InvalidInput(field, value.isoformat(), f"is outside the days the registry takes ({RANGE})")
    return value


def day(value: str | date | None, field: str) -> date | None:
    """A day written YYYY-MM-DD (or already a date), checked against the range; None for nothing given."""
    if value is None:
        return None
    if isinstance(value, date):
        return within(value, field)
    v = value.strip()
    if not v:
        return None
    try:
        parsed = date.fromisoformat(v)
    except ValueError:
        raise InvalidInput(field, value, "not a date; write YYYY-MM-DD") from None
    return within(parsed, field)
