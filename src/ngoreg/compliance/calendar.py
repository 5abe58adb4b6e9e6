"""The compliance calendar: every obligation of every organisation as it stands on a given day.

Obligations come from two places:

* the deadlines filings have opened (`filing_deadlines`): a closing report, an application within 30 days
  of a consent, a registrar's decision …;
* the yearly duties of every registered representative office (`recurring`), which it owes before anyone
  starts a filing for them. A filing of that procedure for that office and `year` carries the same
  deadline: the duty is met when such a filing met it, and is listed once, with that filing's id (the
  latest, if there are several).

The calendar covers obligations whose last day is `since` (by default a year before `as_of`) or later,
and each yearly duty up to the next time it falls due on or after `as_of`. It looks at the registry as it
stood on `as_of`: deadlines opened later are left out, and one met later is still open. Obligations come
by last day, then organisation.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from itertools import chain, groupby
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.compliance import repository as repo
from ngoreg.compliance.recurring import MOVED_AT_MOST, OFFICE_KIND, Occurrence, occurrences
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


def default_since(as_of: date) -> date:
    """A year before `as_of` (28 February for 29 February)."""
    return as_of.replace(year=as_of.year - 1, day=28) if (as_of.month, as_of.day) == (2, 29) else \
        as_of.replace(year=as_of.year - 1)  # fmt: skip


def due(
    session: Session,
    *,
    as_of: date,
    since: date | None = None,
    org_id: int | None = None,
    statuses: Sequence[str] = (),
) -> Iterator[Obligation]:
    """Every obligation on `as_of` whose last day is `since` or later, of one organisation or of all."""
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        raise InvalidInput("status", bad[0], f"one of {', '.join(STATUSES)}")
    since = default_since(as_of) if since is None else since
    if since > as_of:
        raise InvalidInput("since", since.isoformat(), f"is after as_of {as_of.isoformat()}")
    if org_id is not None and registry.get_org(session, org_id) is None:
        raise InvalidInput("org", org_id, "no such organisation")
    every = occurrences(as_of)
    return _calendar(session, as_of, since, every, [o for o in every if o.last.day >= since], org_id, set(statuses))


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


def _calendar(session: Session, as_of: date, since: date, every: list[Occurrence], window: list[Occurrence],
              org_id: int | None, statuses: set[str]) -> Iterator[Obligation]:  # fmt: skip
    """One pass over the filings' deadlines. The yearly ones come first and are matched with the offices'
    duties in a dictionary (cheaper than the database joining every office with every year); the others
    follow by last day and are merged with the duties."""
    defined = kinds()
    known, described = [k for k, _ in defined], [v for _, v in defined]
    wanted = sorted(STATUSES.index(s) for s in statuses)
    yearly = sorted({o.key for o in every})
    occurrence = {(yearly.index(o.key), o.year): i for i, o in enumerate(window)}
    as_date = _reader(session)
    offices = {i: (name, as_date(reg), None if end is None else as_date(end))
               for i, name, reg, end in repo.registered(session, kind=OFFICE_KIND, as_of=as_of, org_id=org_id)}
    # Per occurrence (its index in `window`), per office: the day a filing met it (or None) and the filing.
    met: list[dict[int, tuple[date | None, int]]] = [{} for _ in window]
    stray = []  # yearly deadlines that are no office's duty in the window: listed like any other
    rows = repo.deadlines(session, as_of=as_of, since=since, kinds=known, yearly=yearly,
                          yearly_from=window[0].last.day - MOVED_AT_MOST if window else since, org_id=org_id,
                          statuses=wanted)  # fmt: skip
    for row in rows:
        pair, org, name, filing, deadline_id, kind, dname, dbasis, due_on, code, provisional, year, met_on = row
        if pair is None:
            filed = _from_filings(row, rows, described, as_date)
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
        elif as_date(due_on) >= since and (not wanted or code in wanted):
            text = (dname, dname, dbasis) if kind is None else described[kind]
            stray.append((org, name, filing, text, as_date(due_on), code, provisional, deadline_id))
    else:
        filed = iter(())
    if stray:
        # SQLite leaves the name out of yearly rows: the few listed as they are look theirs up
        missing = sorted({s[0] for s in stray if s[1] is None})
        names = repo.names(session, missing) if missing else {}
        extra = sorted((Obligation(org, name or names[org], filing, text[0], text[1], due, STATUSES[code], text[2],
                                   bool(provisional), ref)
                        for org, name, filing, text, due, code, provisional, ref in stray),
                       key=lambda ob: (ob.due_on, ob.org_id, ob.filing_id))  # fmt: skip
        filed = heapq.merge(filed, extra, key=lambda ob: (ob.due_on, ob.org_id))
    groups = [[i for i, _ in g] for _, g in groupby(enumerate(window), key=lambda x: x[1].last.day)]
    return _merge(filed, [(window[g[0]].last.day, _duties(as_of, [window[i] for i in g], [met[i] for i in g],
                                                          offices, statuses)) for g in groups])  # fmt: skip


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


def _duties(as_of: date, same_day: list[Occurrence], met: list[dict[int, tuple[date | None, int]]],
            offices: dict[int, tuple[str, date, date | None]], wanted: set[str]) -> Iterator[Obligation]:  # fmt: skip
    """The duties falling due on one day, by office."""
    parts = [(o.registered_by, o.ended_after, o.deadline.name, o.deadline.label, str(o.deadline.basis),
              status(o.last.day, None, as_of), m, f"{o.procedure}/{o.deadline.name}/{o.year}")
             for o, m in zip(same_day, met, strict=True)]  # fmt: skip
    due_on, provisional = same_day[0].last.day, same_day[0].last.provisional
    for org, (org_name, registered_on, ended_on) in offices.items():
        for by, after, name, label, basis, unmet, m, ref in parts:
            if registered_on > by or (ended_on is not None and ended_on <= after):
                continue  # not registered for this year's duty (`owes`)
            hit = m.get(org)
            if hit is None:
                st, filing = unmet, None
            else:
                st, filing = status(due_on, hit[0], as_of), hit[1]
            if wanted and st not in wanted:
                continue
            yield _new(Obligation, (org, org_name, filing, name, label, due_on, st, basis, provisional, ref))
