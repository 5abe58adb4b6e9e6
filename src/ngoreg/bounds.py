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

Texts, in characters (after nothing but the reading; a name is checked before it is normalised): each
limit is generous for the longest real value of its kind (ChinaFile's lists of 2017–2019: names up to 197
characters, addresses up to 52, a list of locations up to 658), and small enough that one value cannot fill
a page, an index or an audit event with megabytes, as a 3.9 MB name once did.
"""

from __future__ import annotations

from datetime import date

from ngoreg.errors import InvalidInput

# A name: of an organisation (any of its names, aliases and former names), an authority, a partner unit, an
# activity, a person (a representative, an account's display name); an item of a list; a search.
NAME = 300
ADDRESS = 500  # a domicile or postal address
TEXT = 10_000  # a filing's free text (a plan, a report, an opinion, a reason given for an act): pages, not books
CELL = 2_000  # any other column of an imported list (fields of work, locations, websites, permitted areas)
CODE = 64  # a code or key the registry defines (a procedure, a transition, a role, a field's name)
USERNAME = 64
ITEMS = 100  # items in one list value (aliases, documents, contents)
# A file an import reads from the command line: the largest list the registry imports is a national catalogue
# of about a million organisations at a few hundred bytes a row; 1 GiB holds four times that. (A file sent over
# HTTP is bounded before it is read, at `web.http.MAX_IMPORT_BODY`.)
IMPORT_FILE = 1 << 30
# An amount of money in yuan (a foundation's original fund): the largest foundations' are billions; ten
# trillion is above any and below what a JSON reader keeps exact (2**53).
AMOUNT = 10**13
MAX_INT = 2**31 - 1  # a whole number in a filing (an id): what the database's integer columns hold

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


def text(value: str | None, field: str, limit: int) -> str | None:
    """`value` if it is at most `limit` characters long, else invalid input naming `field`."""
    if value is not None and len(value) > limit:
        raise InvalidInput(field, value, f"is longer than {limit} characters")
    return value


def items(values: list[str], field: str, limit: int = NAME) -> list[str]:
    """A list value: at most ITEMS items, each at most `limit` characters."""
    if len(values) > ITEMS:
        raise InvalidInput(field, f"{len(values)} items", f"is more than {ITEMS} items")
    for v in values:
        text(v, field, limit)
    return values
