"""The compliance calendar: every obligation of every organisation as it stands on a given day.

Obligations come from two places:

* the deadlines filings have opened (`filing_deadlines`): a closing report, an application within 30 days
  of a consent, a registrar's decision …;
* the yearly duties of every registered representative office (`recurring`), which it owes before anyone
  starts a filing for them. A filing of that procedure for that office and `year` carries the same
  deadline: the duty is met when such a filing met it, and is listed once, with that filing's id (the
  latest, if there are several).

The calendar is what a compliance officer acts on: every obligation still open on `as_of`, however long
overdue, each yearly duty up to the next time it falls due on or after `as_of`, and those met (or met
late) on `since` or later — by default the RECENT days before `as_of`. It looks at the registry as it
stood on `as_of`: deadlines opened later are left out, and one met later is still open. Obligations come
by last day, then organisation.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from itertools import chain, groupby
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.compliance import repository as repo
from ngoreg.compliance.recurring import OFFICE_KIND, Occurrence, occurrences
from ngoreg.compliance.status import STATUSES, status
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
) -> Iterator[Obligation]:
    """Every obligation still open on `as_of`, and those met on `since` or later, of one organisation or of
    all."""
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        raise InvalidInput("status", bad[0], f"one of {', '.join(STATUSES)}")
    since = default_since(as_of) if since is None else since
    if since > as_of:
        raise InvalidInput("since", since.isoformat(), f"is after as_of {as_of.isoformat()}")
    if org_id is not None and registry.get_org(session, org_id) is None:
        raise InvalidInput("org", org_id, "no such organisation")
    return _calendar(session, as_of, since, occurrences(as_of), org_id, set(statuses))


def kinds() -> list[tuple[tuple[str, date, str], tuple[str, str, str]]]:
    """Every deadline procedures define, by (procedure, version, name): (name, label, basis)."""
    return [((code, v, d.name), (d.name, d.label, str(d.basis)))
            for code, versions in sorted(procedures.REGISTRY.items())
            for v, p in sorted(versions.items()) for d in p.deadlines]  # fmt: skip


_new = tuple.__new__  # builds an Obligation without the Python-level __new__ a NamedTuple adds: a million times


def owes(office: tuple[str, date, date | None], o: Occurrence) -> bool:
    """Whether an office (name, registered_on, ended_on) was registered for this year's duty (the rule is in
    `recurring`)."""
    _, registered_on, ended_on = office
    return registered_on <= o.registered_by and (ended_on is None or ended_on > o.ended_after)


def _calendar(session: Session, as_of: date, since: date, window: list[Occurrence], org_id: int | None,
              statuses: set[str]) -> Iterator[Obligation]:  # fmt: skip
    """Two passes over the filings' deadlines. The first reads those still open or met since `since`: the
    yearly ones come first and are matched with the offices' duties in a dictionary; the others follow by
    last day. The second tells, per office, which yearly duties were met before `since` (as bits), so that
    only the duties left are looked at, not every office for every year."""
    defined = kinds()
    known, described = [k for k, _ in defined], [v for _, v in defined]
    wanted = sorted(STATUSES.index(s) for s in statuses)
    yearly = sorted({o.key for o in window})
    occurrence = {(yearly.index(o.key), o.year): i for i, o in enumerate(window)}
    as_date = _reader(session)
    offices = {i: (name, as_date(reg), None if end is None else as_date(end))
               for i, name, reg, end in repo.registered(session, kind=OFFICE_KIND, as_of=as_of, org_id=org_id)}
    # Per occurrence (its index in `window`), per office: the day a filing met it (or None) and the filing.
    met: list[dict[int, tuple[date | None, int]]] = [{} for _ in window]
    stray = []  # yearly deadlines that are no office's duty: listed like any other
    rows = repo.deadlines(session, as_of=as_of, since=since, kinds=known, yearly=yearly, org_id=org_id,
                          statuses=wanted)  # fmt: skip
    filed: Iterator[Obligation] = iter(())
    for row in rows:
        pair, org, name, filing, deadline_id, kind, dname, dbasis, due_on, code, provisional, year, met_on = row
        if pair is None:
            filed = _from_filings(row, rows, described, as_date)  # the rest of `rows`, read as the caller reads
            break
        i = occurrence.get((pair, year))
        office = offices.get(org)
        if i is not None and office is not None and owes(office, window[i]):
            on = None if met_on is None else as_date(met_on)
            seen = met[i].get(org)
            if seen is not None:  # two filings for the same year: the earliest meeting counts, the latest is named
                on = seen[0] if on is None or (seen[0] is not None and seen[0] < on) else on
                filing = max(filing, seen[1])
            met[i][org] = (on, filing)
        elif not wanted or code in wanted:
            text = (dname, dname, dbasis) if kind is None else described[kind]
            stray.append((org, name, filing, text, as_date(due_on), code, provisional, deadline_id))
    done = {row[0]: row[1:] for row in repo.met_before(
        session, as_of=as_of, since=since, duties=[(o.procedure, o.deadline.name, o.year) for o in window],
        org_id=org_id)}  # fmt: skip
    if stray:
        # SQLite leaves the name out of yearly rows: the few listed as they are look theirs up
        missing = sorted({s[0] for s in stray if s[1] is None})
        names = repo.names(session, missing) if missing else {}
        extra = sorted((Obligation(org, name or names[org], filing, text[0], text[1], due, STATUSES[code], text[2],
                                   bool(provisional), ref)
                        for org, name, filing, text, due, code, provisional, ref in stray),
                       key=lambda ob: (ob.due_on, ob.org_id, ob.filing_id))  # fmt: skip
        filed = heapq.merge(filed, extra, key=lambda ob: (ob.due_on, ob.org_id))
    duties = _duties(as_of, window, met, offices, done, statuses)
    days = []
    for due_on, group in groupby(range(len(window)), key=lambda i: window[i].last.day):
        lists = [duties[i] for i in group]
        days.append((due_on, iter(lists[0]) if len(lists) == 1 else heapq.merge(*lists, key=lambda ob: ob.org_id)))
    return _merge(filed, days)


def _reader(session: Session) -> Callable[[Any], date]:
    """Reads a date as the driver gives it."""
    return _same if repo.gives_dates(session) else date.fromisoformat


def _same(value: Any) -> Any:
    return value


def _from_filings(first: tuple[Any, ...], rows: Iterator[tuple[Any, ...]], described: list[tuple[str, str, str]],
                  as_date: Callable[[Any], date]) -> Iterator[Obligation]:  # fmt: skip
    for _, org, name, filing, ref, kind, dname, basis, due_on, code, provisional, _, _ in chain((first,), rows):
        if kind is None:  # a deadline no procedure defines any more: as its row keeps it
            label = dname
        else:
            dname, label, basis = described[kind]
        yield _new(Obligation, (org, name, filing, dname, label, as_date(due_on), STATUSES[code], basis,
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
            offices: dict[int, tuple[str, date, date | None]], done: dict[int, tuple[int, ...]],
            wanted: set[str]) -> list[list[Obligation]]:  # fmt: skip
    """Per occurrence, the duties listed, by office: those each office owes (`owes`) and did not meet before
    `since` (`done`, bits by occurrence)."""
    n = len(window)
    # Offices registered on or before a day owe the occurrences whose `registered_by` is that day or later;
    # those ended after a day, the occurrences whose `ended_after` is before it: masks over sorted thresholds.
    by_reg = sorted(range(n), key=lambda i: window[i].registered_by)
    reg_days = [window[i].registered_by for i in by_reg]
    reg_masks = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        reg_masks[k] = reg_masks[k + 1] | (1 << by_reg[k])
    by_end = sorted(range(n), key=lambda i: window[i].ended_after)
    end_days = [window[i].ended_after for i in by_end]
    end_masks = [0] * (n + 1)
    for k in range(n):
        end_masks[k + 1] = end_masks[k] | (1 << by_end[k])
    everything = (1 << n) - 1
    parts = [(o.deadline.name, o.deadline.label, str(o.deadline.basis), status(o.last.day, None, as_of), m,
              f"{o.procedure}/{o.deadline.name}/{o.year}", o.last.day, o.last.provisional)
             for o, m in zip(window, met, strict=True)]  # fmt: skip
    out: list[list[Obligation]] = [[] for _ in window]
    for org, (org_name, registered_on, ended_on) in offices.items():
        owed = reg_masks[bisect_left(reg_days, registered_on)]
        if ended_on is not None:
            owed &= end_masks[bisect_left(end_days, ended_on)]  # ended_after < ended_on
        masks = done.get(org)
        if masks is not None:
            left = everything
            for k, mask in enumerate(masks):
                left &= ~(int(mask) << (k * repo.MASK_BITS))
            owed &= left
        while owed:
            low = owed & -owed
            i = low.bit_length() - 1
            owed ^= low
            name, label, basis, unmet, m, ref, due_on, provisional = parts[i]
            hit = m.get(org)
            if hit is None:
                st, filing = unmet, None
            else:
                st, filing = status(due_on, hit[0], as_of), hit[1]
            if wanted and st not in wanted:
                continue
            out[i].append(_new(Obligation, (org, org_name, filing, name, label, due_on, st, basis, provisional, ref)))
    return out
