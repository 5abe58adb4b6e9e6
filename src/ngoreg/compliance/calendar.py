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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from functools import partial
from itertools import chain, compress, filterfalse, groupby, repeat
from operator import and_, eq, is_, itemgetter
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
    resume = _pause_collector()
    try:
        return _calendar(session, as_of, since, occurrences(as_of), org_id, set(statuses), visible, resume)
    except BaseException:
        resume()
        raise


def _pause_collector() -> Callable[[], None]:
    """Building a calendar allocates a tuple for every obligation, millions over a registry, none of which
    can be part of a reference cycle; the cyclic collector would walk the growing heap again and again for
    nothing (a quarter of the time), and once more as soon as it runs again while they are held. Paused, for
    the whole process, until the calendar has been read or dropped (`_merge`), by when the reader has let
    most of them go; returns what resumes it."""
    was = gc.isenabled()
    gc.disable()
    return gc.enable if was else _same_collector


def _same_collector() -> None:
    """The collector was paused already: whoever paused it resumes it."""


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
              statuses: set[str], visible: repo.Visible | None = None,
              resume: Callable[[], None] = _same_collector) -> Iterator[Obligation]:  # fmt: skip
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
    # By column, each day read once however many organisations share it: a million rows hold a few thousand.
    ids, org_names, regs, ends, imps, of_kind = _columns(office_rows, 6)
    regs, ends, imps = _days(regs, as_date), _days(ends, as_date), _days(imps, as_date)
    offices: dict[int, Office] = dict(zip(ids, zip(org_names, regs, ends, imps, strict=True), strict=True))
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
    conditions: list[Any] = [*([SPONSORED] if len(spans) > len(held) else []), *held]
    by_condition = {c: _spans(rows, as_date) for c, rows in zip(conditions, span_rows, strict=True)}
    holders = partial(_holders, by_condition, {})
    ended = sorted(compress(zip(ends, ids, strict=True), ends))  # by the day they ended
    duties = _duties(as_of, window, met, dict(zip(ids, org_names, strict=True)), ended,
                     _cohorts(ids, regs, imps, of_kind), done, statuses, holders)  # fmt: skip
    days = []
    for due_on, group in groupby(range(len(window)), key=lambda i: window[i].last.day):
        lists = [duties[i] for i in group]
        # each list by organisation: a stable sort of them one after another is the merge, in C
        days.append((due_on, lists[0] if len(lists) == 1 else sorted(chain(*lists), key=_ORG)))
    return _merge(filed, days, resume)


_ORG = itemgetter(0)  # an Obligation's org_id


def _columns(rows: Iterator[tuple[Any, ...]], width: int) -> list[Sequence[Any]]:
    """Rows as `width` columns, transposed in C."""
    return list(zip(*rows, strict=True)) or [() for _ in range(width)]


def _days(values: Sequence[Any], as_date: Callable[[Any], date]) -> list[Any]:
    """A column of days as the driver gives them, each distinct one read once; NULL stays None."""
    read: dict[Any, date | None] = {v: as_date(v) for v in set(values) if v is not None}
    read[None] = None
    return list(map(read.__getitem__, values))


class Cohort(NamedTuple):
    """The organisations of one kind imported on one day (`imported_on`; None: recorded through the
    registry), in id order, with the days they were registered. A yearly duty is owed by a few cohorts at
    most: those of its kinds, imported by its last day, with someone registered in time."""

    kind: str
    imported_on: date | None
    ids: list[int]
    registered: list[date]
    first: date  # the earliest registration in the cohort …
    last: date  # … and the latest


def _cohorts(ids: Sequence[int], regs: Sequence[Any], imps: Sequence[Any], kinds: Sequence[str]) -> list[Cohort]:
    """The offices by kind, then by the day they were imported, each picked by a C-level filter over the
    columns where there are few such days (there are: registries are imported from public lists on a few
    days), else by a loop."""
    out = []
    for kind in sorted(set(kinds)):
        pick = list(map(kind.__eq__, kinds))
        k_ids, k_regs, k_imps = list(compress(ids, pick)), list(compress(regs, pick)), list(compress(imps, pick))
        days = set(k_imps)
        if len(days) <= FEW_COHORTS:
            for day in sorted(days, key=lambda d: (d is not None, d or date.min)):
                pick = list(map(is_ if day is None else eq, k_imps, repeat(day)))
                out.append(_cohort(kind, day, list(compress(k_ids, pick)), list(compress(k_regs, pick))))
            continue
        groups: dict[date | None, tuple[list[int], list[date]]] = {}
        for org, reg, imp in zip(k_ids, k_regs, k_imps, strict=True):
            group = groups.get(imp)
            if group is None:
                group = groups[imp] = ([], [])
            group[0].append(org)
            group[1].append(reg)
        out.extend(_cohort(kind, day, members, regs) for day, (members, regs) in groups.items())
    return out


def _cohort(kind: str, imported_on: date | None, ids: list[int], registered: list[date]) -> Cohort:
    return Cohort(kind, imported_on, ids, registered, min(registered), max(registered))


# Registries are imported from public lists on a few days: a filter per cohort costs less than a loop up to
# this many of them.
FEW_COHORTS = 24


SPONSORED = "sponsored"  # the key of the supervisory units' spans

Spans = tuple[Sequence[int], list[date], list[date]]  # organisations, from, to (exclusive), by column


def _spans(rows: Iterator[tuple[Any, ...]], as_date: Callable[[Any], date]) -> Spans:
    """When organisations had a supervisory unit or held a mark, by column, an open end as the first or
    last day there is."""
    orgs, starts, ends = _columns(rows, 3)
    start_days = [date.min if d is None else d for d in _days(starts, as_date)]
    return orgs, start_days, [date.max if d is None else d for d in _days(ends, as_date)]


def _holders(spans: dict[Any, Spans], read: dict[tuple[Any, date], set[int]], o: Occurrence) -> set[int] | None:
    """The organisations an occurrence is owed by beside its kinds: those with a supervisory unit, or holding
    its mark, on its nominal day; None when it is owed by all of its kinds. Found once for a condition and day
    (`read`): the duties to the unit of the kinds that have one share it."""
    if not o.sponsored_only and not o.marked:
        return None
    key = (SPONSORED if o.sponsored_only else o.marked, o.nominal)
    if key not in read:
        orgs, starts, ends = spans[key[0]]
        day = o.nominal
        read[key] = set(compress(orgs, map(and_, map(day.__ge__, starts), map(day.__lt__, ends))))
    return read[key]


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


def _merge(filed: Iterator[Obligation], days: list[tuple[date, list[Obligation]]],
           done: Callable[[], None]) -> Iterator[Obligation]:  # fmt: skip
    """`filed` (by last day and organisation) with the duties of each day (by organisation), in that order:
    a run at a time, each run's obligations handed on in C (millions of them). `done` is called once they
    have been read, or the reader dropped them."""
    runs = _runs(filed, days, done)
    next(runs)  # started, so that its `finally` runs even if nothing is read
    return chain.from_iterable(runs)


def _runs(filed: Iterator[Obligation], days: list[tuple[date, list[Obligation]]],
          done: Callable[[], None]) -> Iterator[Iterable[Obligation]]:  # fmt: skip
    try:
        yield ()
        nxt = next(filed, None)
        for due_on, duties in days:
            before = []
            while nxt is not None and nxt.due_on < due_on:
                before.append(nxt)
                nxt = next(filed, None)
            same: list[Obligation] = []
            while nxt is not None and nxt.due_on == due_on:
                same.append(nxt)
                nxt = next(filed, None)
            yield before
            yield sorted([*same, *duties], key=_ORG) if same else duties
        if nxt is not None:
            yield [nxt]
            yield filed
    finally:
        done()


def _duties(as_of: date, window: list[Occurrence], met: list[dict[int, tuple[date | None, int]]],
            name_of: dict[int, str], ended: list[tuple[date, int]], cohorts: list[Cohort], done: list[set[int]],
            wanted: set[str],
            holders: Callable[[Occurrence], set[int] | None]) -> list[list[Obligation]]:  # fmt: skip
    """Per occurrence, the duties listed, by office: those the offices owe (`owes`) and did not meet before
    `since` (`done`). Only the cohorts that can owe an occurrence are looked at (`Cohort`): one that no office
    can owe — a year before anyone imported was registered through the registry, or before the import of
    every cohort of its kinds — costs nothing, however far back the window reaches. In a cohort, the offices
    registered in time are picked in id order by C-level filters, or all of them when all were; then those
    without the unit or the mark (`holders`), those that met it before `since`, and the few that had ended are
    left out the same way; the few that met the duty since `since` (`met`) are found by bisection. Hundreds
    of thousands of duties: each is built by `map`, not in a Python loop."""
    end_days, ended_orgs = [e for e, _ in ended], [org for _, org in ended]
    make = partial(_new, Obligation)
    out: list[list[Obligation]] = []
    for o, m, skip in zip(window, met, done, strict=True):
        by, day = o.registered_by, o.last.day
        owed = [c for c in cohorts if c.kind in o.owed_by and c.first <= by and (c.imported_on is None
                                                                                or c.imported_on <= day)]  # fmt: skip
        if not owed:
            out.append([])
            continue
        only = holders(o)
        gone = set(ended_orgs[:bisect_right(end_days, o.ended_after)])
        runs: list[Iterable[int]] = []
        for c in owed:
            run: Iterable[int] = c.ids if c.last <= by else compress(c.ids, map(by.__ge__, c.registered))
            if only is not None:  # owed only by those with a supervisory unit, or holding a mark
                run = filter(only.__contains__, run)
            if skip:
                run = filterfalse(skip.__contains__, run)
            if gone:
                run = filterfalse(gone.__contains__, run)
            runs.append(run)
        owing = list(chain.from_iterable(runs))
        if len(runs) > 1:  # each cohort in id order, their ids interleaved
            owing.sort()
        d = o.deadline
        same = (d.name, d.label, day, status(day, None, as_of), str(d.basis), o.last.provisional, o.ref)
        # one obligation per office owing, its fields zipped together in C
        obs = list(map(make, zip(owing, map(name_of.__getitem__, owing), repeat(None), *map(repeat, same))))
        for org, (on, filing) in m.items():
            k = bisect_left(owing, org)
            if k < len(owing) and owing[k] == org:
                obs[k] = obs[k]._replace(filing_id=filing, status=status(day, on, as_of))
        out.append([ob for ob in obs if ob.status in wanted] if wanted else obs)
    return out
