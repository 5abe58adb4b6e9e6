"""The compliance calendar: every obligation of every organisation as it stands on a given day.

Obligations come from two places:

* the deadlines filings have opened (`filing_deadlines`): a closing report, an application within 30 days
  of a consent, a registrar's decision …;
* the yearly duties of every registered organisation of the kinds that owe them (`recurring`: a
  representative office's plan and report), which it owes before anyone starts a filing for them. A filing
  of that procedure for that organisation and `year` carries the same deadline: the duty is met when such
  a filing met it, and is listed once, with that filing's id (the latest, if there are several).

An organisation (an "office" below) imported from a public list (`Organisation.imported_on`) is not listed
for a duty whose last day had passed on the day of the import: the list records that it is registered,
never its plans and reports, so the registry cannot tell whether they were made. Such a duty is
unrecorded, neither overdue nor met, as an imported activity's closing report is; a filing recorded for it
later through the registry is listed as that filing's deadline (met, once met). Duties falling due on or
after the day of the import are the office's like any other's.

The calendar is what a compliance officer acts on: every obligation still open on `as_of`, however long
overdue, each yearly duty up to the next time it falls due on or after `as_of`, and those met (or met
late) on `since` or later — by default the RECENT days before `as_of`. It looks at the registry as it
stood on `as_of`: deadlines opened later are left out, and one met later is still open. Obligations come
by last day, then organisation.
"""

from __future__ import annotations

import gc
import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from functools import partial
from itertools import compress, filterfalse, groupby, repeat
from operator import and_
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.bounds import within
from ngoreg.compliance import repository as repo
from ngoreg.compliance.recurring import Occurrence, occurrences, owing_kinds
from ngoreg.compliance.status import STATUSES, status
from ngoreg.db import reads
from ngoreg.errors import InvalidInput
from ngoreg.registry import repository as registry


class Obligation(NamedTuple):
    org_id: int
    org_name: str
    filing_id: int | None  # None: a yearly duty nobody has started a filing for
    obligation: str  # the deadline's name in its procedure: closing_report, report_to_psu …
    label: str
    due_on: date
    status: str
    basis: str
    provisional: bool  # the due date may still move: that year's holidays were not published yet
    # What the obligation is, for as long as it lasts: the deadline row's id, or for a yearly duty
    # "procedure/deadline/year" (whether or not a filing has taken it up). Calendar files name events by it.
    ref: int | str

    def as_dict(self) -> dict[str, Any]:
        d = self._asdict()
        d["due_on"] = self.due_on.isoformat()
        del d["ref"]
        return d


# How far back met obligations are listed by default: a quarter, enough to see what was done lately.
RECENT = timedelta(days=90)


def default_since(as_of: date) -> date:
    """RECENT days before `as_of`: obligations met on that day or later are listed."""
    return as_of - RECENT


def due(
    session: Session,
    *,
    as_of: date,
    since: date | None = None,
    org_id: int | None = None,
    statuses: Sequence[str] = (),
    visible: repo.Visible | None = None,
) -> Iterator[Obligation]:
    """Every obligation still open on `as_of`, and those met on `since` or later, of one organisation or of
    all; with `visible` (the reader's access), only those it keeps."""
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        raise InvalidInput("status", bad[0], f"one of {', '.join(STATUSES)}")
    within(as_of, "as_of")  # a day from anywhere but the entry points' parser is held to the same range
    since = default_since(as_of) if since is None else within(since, "since")
    if since > as_of:
        raise InvalidInput("since", since.isoformat(), f"is after as_of {as_of.isoformat()}")
    if org_id is not None and registry.get_org(session, org_id) is None:
        raise InvalidInput("org", org_id, "no such organisation")
    with _collector_paused():
        return _calendar(session, as_of, since, occurrences(as_of), org_id, set(statuses), visible)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building a calendar allocates a tuple for every obligation, hundreds of thousands over a registry,
    none of which can be part of a reference cycle; the cyclic collector would walk the growing heap again
    and again for nothing (a quarter of the time). Paused for that while, for the whole process."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def kinds(dates: bool) -> dict[tuple[str, Any, str], tuple[str, str, str]]:
    """Every deadline procedures define, by (procedure, version, name) — the version a `date`, or ISO text
    when not `dates` — as (name, label, basis)."""
    return {(code, v if dates else v.isoformat(), d.name): (d.name, d.label, str(d.basis))
            for code, versions in procedures.registry().items() for v, p in versions.items() for d in p.deadlines}


_new = tuple.__new__  # builds an Obligation without the Python-level __new__ a NamedTuple adds: a million times


Office = tuple[str, date, date | None, date | None]  # name, registered_on, ended_on, imported_on


def owes(office: Office, o: Occurrence) -> bool:
    """Whether an office was registered for this year's duty (the rule is in `recurring`) and the registry
    can tell whether it met it: not imported from a list only after the duty's last day (module docstring)."""
    _, registered_on, ended_on, imported_on = office
    return (registered_on <= o.registered_by and (ended_on is None or ended_on > o.ended_after)
            and (imported_on is None or imported_on <= o.last.day))  # fmt: skip


def _calendar(session: Session, as_of: date, since: date, window: list[Occurrence], org_id: int | None,
              statuses: set[str], visible: repo.Visible | None = None) -> Iterator[Obligation]:  # fmt: skip
    """Four reads of one moment (`db.reads.together`): the offices, the deadlines that take up their yearly
    duties, the other deadlines by last day, and per yearly duty which offices met it before `since`. The
    yearly deadlines are matched with the offices' duties in a dictionary; the last read means only the
    offices left are looked at, not every office for every year."""
    described = kinds(repo.gives_dates(session))
    wanted = sorted(STATUSES.index(s) for s in statuses)
    occurrence = {o.ref: i for i, o in enumerate(window)}
    as_date = _reader(session)
    # When organisations had a supervisory unit or held a mark, read only for the duties in the window that
    # are owed by those alone.
    held = sorted({o.marked for o in window if o.marked}, key=str)
    spans = ([repo.sponsored(org_id=org_id)] if any(o.sponsored_only for o in window) else []) + \
        [repo.marked(m, org_id=org_id) for m in held]  # fmt: skip
    office_rows, yearly, others, met_before, *span_rows = reads.together(session, [
        repo.registered(kinds=owing_kinds(), as_of=as_of, org_id=org_id, visible=visible),
        repo.yearly_deadlines(as_of=as_of, since=since, org_id=org_id, visible=visible),
        repo.other_deadlines(as_of=as_of, since=since, org_id=org_id, statuses=wanted, visible=visible),
        repo.met_before(as_of=as_of, since=since, org_id=org_id),
        *spans,
    ], settings=repo.PG_SETTINGS, at_once=org_id is None)  # fmt: skip
    offices, kind_of = {}, {}
    for i, name, reg, end, imp, kind in office_rows:
        offices[i] = (name, as_date(reg), None if end is None else as_date(end), None if imp is None else as_date(imp))
        kind_of[i] = kind
    # Per occurrence (its index in `window`), per office: the day a filing met it (or None) and the filing.
    met: list[dict[int, tuple[date | None, int]]] = [{} for _ in window]
    stray = []  # yearly deadlines that are no office's duty: listed like any other
    for duty, org, filing, deadline_id, procedure, version, dname, dbasis, due_on, st, provisional, met_on in yearly:
        i = occurrence.get(duty)
        office = offices.get(org)
        if i is not None and office is not None and owes(office, window[i]):
            on = None if met_on is None else as_date(met_on)
            seen = met[i].get(org)
            if seen is not None:  # two filings for the same year: the earliest meeting counts, the latest is named
                on = seen[0] if on is None or (seen[0] is not None and seen[0] < on) else on
                filing = max(filing, seen[1])
            met[i][org] = (on, filing)
        elif not wanted or st in wanted:
            text = described.get((procedure, version, dname)) or (dname, dname, dbasis)
            stray.append((org, filing, text, as_date(due_on), st, provisional, deadline_id))
    done: list[set[int]] = [set() for _ in window]
    for ref, orgs in met_before:
        i = occurrence.get(ref)
        if i is not None:
            done[i] = set(map(int, orgs.split(",")))
    filed: Iterator[Obligation] = _from_filings(others, described, as_date)
    if stray:  # the few listed as they are look their names up
        names = repo.names(session, sorted({s[0] for s in stray}))
        extra = sorted((Obligation(org, names[org], filing, text[0], text[1], due, STATUSES[code], text[2],
                                   bool(provisional), ref)
                        for org, filing, text, due, code, provisional, ref in stray),
                       key=lambda ob: (ob.due_on, ob.org_id, ob.filing_id))  # fmt: skip
        filed = heapq.merge(filed, extra, key=lambda ob: (ob.due_on, ob.org_id))
    read_spans = [[(org, as_date(a) if a else date.min, as_date(b) if b else date.max) for org, a, b in rows]
                  for rows in span_rows]  # fmt: skip
    conditions: list[Any] = [*([SPONSORED] if len(spans) > len(held) else []), *held]
    by_condition = dict(zip(conditions, read_spans, strict=True))
    holders = [_holders(by_condition, o) for o in window]
    duties = _duties(as_of, window, met, offices, kind_of, done, statuses, holders)
    days = []
    for due_on, group in groupby(range(len(window)), key=lambda i: window[i].last.day):
        lists = [duties[i] for i in group]
        days.append((due_on, iter(lists[0]) if len(lists) == 1 else heapq.merge(*lists, key=lambda ob: ob.org_id)))
    return _merge(filed, days)


SPONSORED = "sponsored"  # the key of the supervisory units' spans


def _holders(spans: dict[Any, list[tuple[int, date, date]]], o: Occurrence) -> set[int] | None:
    """The organisations an occurrence is owed by beside its kinds: those with a supervisory unit, or holding
    its mark, on its nominal day; None when it is owed by all of its kinds."""
    if not o.sponsored_only and not o.marked:
        return None
    day = o.nominal
    return {org for org, start, end in spans[SPONSORED if o.sponsored_only else o.marked] if start <= day < end}


def _reader(session: Session) -> Callable[[Any], date]:
    """Reads a date as the driver gives it."""
    return _same if repo.gives_dates(session) else date.fromisoformat


def _same(value: Any) -> Any:
    return value


def _from_filings(rows: Iterator[tuple[Any, ...]], described: dict[tuple[str, Any, str], tuple[str, str, str]],
                  as_date: Callable[[Any], date]) -> Iterator[Obligation]:  # fmt: skip
    for org, name, filing, ref, code, version, dname, basis, due_on, st, provisional in rows:
        # a deadline no procedure defines any more is listed as its row keeps it
        dname, label, basis = described.get((code, version, dname)) or (dname, dname, basis)
        yield _new(Obligation, (org, name, filing, dname, label, as_date(due_on), STATUSES[st], basis,
                                bool(provisional), ref))  # fmt: skip


def _merge(filed: Iterator[Obligation], days: list[tuple[date, Iterator[Obligation]]]) -> Iterator[Obligation]:
    """`filed` (by last day and organisation) with the duties of each day (by organisation), in that order."""
    nxt = next(filed, None)
    for due_on, duties in days:
        while nxt is not None and nxt.due_on < due_on:
            yield nxt
            nxt = next(filed, None)
        same: list[Obligation] = []
        while nxt is not None and nxt.due_on == due_on:
            same.append(nxt)
            nxt = next(filed, None)
        yield from sorted([*same, *duties], key=lambda ob: ob.org_id) if same else duties
    if nxt is not None:
        yield nxt
        yield from filed


def _duties(as_of: date, window: list[Occurrence], met: list[dict[int, tuple[date | None, int]]],
            offices: dict[int, Office], kind_of: dict[int, str], done: list[set[int]], wanted: set[str],
            holders: list[set[int] | None]) -> list[list[Obligation]]:  # fmt: skip
    """Per occurrence, the duties listed, by office: those the offices owe (`owes`) and did not meet before
    `since` (`done`). The offices registered in time are picked in id order by C-level filters (`offices`
    comes in id order), never sorted again; the few that ended are looked at one by one; the few that met
    the duty since `since` (`met`) are found by bisection; offices imported after the duty's last day are left
    out by a second C-level filter, only for the duties that fell due before the latest import. Hundreds of
    thousands of duties: each is built by `map`, not in a Python loop."""
    by_id = list(offices)
    reg_days = [v[1] for v in offices.values()]
    name_of = {org: v[0] for org, v in offices.items()}
    ended = [(end, org) for org, (_, _, end, _) in offices.items() if end is not None]
    imp_days = [date.min if v[3] is None else v[3] for v in offices.values()]
    last_import = max(imp_days, default=date.min)
    kinds = set(kind_of.values())
    kind_list = list(kind_of.values())
    make = partial(_new, Obligation)
    out = []
    for o, m, skip, only in zip(window, met, done, holders, strict=True):
        owed = map(o.registered_by.__ge__, reg_days)
        if not kinds <= o.owed_by:  # organisations of several kinds owe duties: this one is some kinds'
            owed = map(and_, owed, map(o.owed_by.__contains__, kind_list))
        if only is not None:  # owed only by those with a supervisory unit, or holding a mark
            owed = map(and_, owed, map(only.__contains__, by_id))
        if o.last.day < last_import:  # unrecorded for offices imported after its last day
            owed = map(and_, owed, map(o.last.day.__ge__, imp_days))
        owing = list(filterfalse(skip.__contains__, compress(by_id, owed)))
        gone = {org for end, org in ended if end <= o.ended_after}
        if gone:
            owing = [org for org in owing if org not in gone]
        d, day = o.deadline, o.last.day
        same = (d.name, d.label, day, status(day, None, as_of), str(d.basis), o.last.provisional, o.ref)
        # one obligation per office owing, its fields zipped together in C
        obs = list(map(make, zip(owing, map(name_of.__getitem__, owing), repeat(None), *map(repeat, same))))
        for org, (on, filing) in m.items():
            k = bisect_left(owing, org)
            if k < len(owing) and owing[k] == org:
                obs[k] = obs[k]._replace(filing_id=filing, status=status(day, on, as_of))
        out.append([ob for ob in obs if ob.status in wanted] if wanted else obs)
    return out
