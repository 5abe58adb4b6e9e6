"""The calendar as an iCalendar file (RFC 5545) that a calendar program opens: one all-day event per
obligation on its last day. An event's UID is the obligation's own (`Obligation.ref`), so importing a newer
export updates the events of an earlier one instead of adding them twice; DTSTAMP is the time of export."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from ngoreg.compliance.calendar import Obligation

PRODID = "-//ngoreg//compliance calendar//EN"


def uid(o: Obligation) -> str:
    if isinstance(o.ref, int):
        return f"deadline-{o.ref}@ngoreg"
    return f"org-{o.org_id}/{o.ref}@ngoreg"


def event(o: Obligation, *, as_of: date, stamp: datetime) -> Event:
    e = Event()
    e.add("uid", uid(o))
    e.add("dtstamp", stamp)
    e.add("dtstart", o.due_on)
    e.add("dtend", o.due_on + timedelta(days=1))  # all-day: DTEND is the day after (RFC 5545, 3.6.1)
    e.add("summary", f"{o.label} — {o.org_name}")
    lines = [f"{o.basis}: {o.label.lower()}.", f"Status on {as_of.isoformat()}: {o.status}."]
    if o.filing_id is not None:
        lines.append(f"Filing {o.filing_id}.")
    if o.provisional:
        lines.append("The last day is provisional: the State Council has not yet published that year's holidays.")
    e.add("description", " ".join(lines))
    e.add("categories", [o.status])
    e.add("status", "TENTATIVE" if o.provisional else "CONFIRMED")
    return e


def ics(obligations: Iterable[Obligation], *, as_of: date, stamp: datetime) -> bytes:
    """The obligations as the text of an .ics file."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"ngoreg compliance calendar as of {as_of.isoformat()}")
    for o in obligations:
        cal.add_component(event(o, as_of=as_of, stamp=stamp))
    return cal.to_ical()
