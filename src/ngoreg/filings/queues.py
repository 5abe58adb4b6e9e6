"""Work queues: what a signed-in person must act on, grant by grant, by the day it is due.

A queue is what each grant's workflow roles may fire next (`policy.can(Fire(...))` over the same reach,
`access.filters.grant_filings`), narrowed to the steps that are the grant's to take: the tasks its regime
declares (`Regime.tasks`: a supervisory unit's consents, a registrar's decisions, a partner unit's filing
and closing report under the Foreign NGO Law), each due on the last day of the filing's deadline it names,
or a lead time before a date in the filing, or undated — the law sets no period for it, and it comes after
the dated ones. A grant whose role owes its organisation's duties (`RoleDef.owes`: a foreign NGO and its
offices) has what its compliance calendar lists as not yet met.

A queue is computed in the database, for one day (`today`, given by the caller: the app's clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ngoreg import procedures, regimes
from ngoreg.access import filters
from ngoreg.access.principal import Grant, Principal
from ngoreg.compliance import calendar
from ngoreg.compliance.status import DUE, OVERDUE, UPCOMING
from ngoreg.errors import InvalidInput
from ngoreg.filings import repository as repo
from ngoreg.registry import repository as registry
from ngoreg.workflow.regime import Task

MAX_ITEMS = 1000
OBLIGATION = "obligation"  # the key of an item from the compliance calendar


def awaited(t: Task) -> repo.Awaited:
    return repo.Awaited(t.key, t.procedure, t.states, t.deadline, t.starts, t.lead_days, t.unless)


@dataclass(frozen=True)
class Item:
    key: str  # a `Task.key`, or OBLIGATION
    what: str
    filing_id: int | None  # None: a yearly duty nobody has started a filing for
    org_id: int
    org_name_zh: str | None
    org_name_en: str | None
    due_on: date | None
    days_left: int | None  # negative: overdue by that many days
    period_days: int | None
    basis: str

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "what": self.what, "filing_id": self.filing_id, "org_id": self.org_id,
                "org_name_zh": self.org_name_zh, "org_name_en": self.org_name_en,
                "due_on": self.due_on.isoformat() if self.due_on else None, "days_left": self.days_left,
                "overdue": self.overdue, "period_days": self.period_days, "basis": self.basis}  # fmt: skip


@dataclass(frozen=True)
class Queue:
    grant: Grant
    items: list[Item]
    more: bool  # more items wait than `limit` let through


def _days_left(due: date | None, today: date) -> int | None:
    # The last day runs to its midnight (Civil Code art. 203(2)): due today is 0 days left, not overdue.
    return None if due is None else (due - today).days


def _tasks(g: Grant) -> list[Task]:
    return [t for t in regimes.catalogue().tasks.values() if t.role in g.workflow_roles()]


def _filing_queue(session: Session, g: Grant, today: date, limit: int) -> Queue:
    tasks = {t.key: t for t in _tasks(g)}
    rows = repo.awaiting(session, [awaited(t) for t in tasks.values()], visible=filters.grant_filings(g),
                         limit=limit + 1)  # fmt: skip
    items = []
    for key, filing_id, org_id, zh, en, due in rows[:limit]:
        t = tasks[key]
        items.append(Item(key, t.what, filing_id, org_id, zh, en, due, _days_left(due, today), t.period_days,
                          "; ".join(str(b) for b in t.basis)))  # fmt: skip
    return Queue(g, items, len(rows) > limit)


def _met_by(roles: frozenset[str]) -> frozenset[str]:
    """The names of the deadlines that a transition one of `roles` fires meets: those roles' own obligations."""
    return frozenset(d.name for versions in procedures.registry().values() for p in versions.values()
                     for d in p.deadlines for t in p.transitions if t.name in d.met_by and roles & t.roles)  # fmt: skip


def _obligation_queue(session: Session, g: Grant, today: date, limit: int) -> Queue:
    """The organisation's own calendar and that of what it set up, what is not yet met, by last day. Its
    calendar also shows the periods others keep on its filings (a registrar's days to decide); its queue
    keeps what its own roles must do."""
    assert g.org_id is not None
    names = registry.with_offices(session, g.org_id)
    own = _met_by(g.workflow_roles())
    obligations = sorted(
        (ob for org in names for ob in calendar.due(session, as_of=today, org_id=org,
                                                    statuses=(OVERDUE, DUE, UPCOMING))
         if ob.obligation in own),
        key=lambda ob: (ob.due_on, ob.org_id, ob.filing_id or 0))  # fmt: skip
    items = [Item(OBLIGATION, ob.label, ob.filing_id, ob.org_id, *names[ob.org_id], ob.due_on,
                  _days_left(ob.due_on, today), None, ob.basis) for ob in obligations[:limit]]  # fmt: skip
    return Queue(g, items, len(obligations) > limit)


def queues(session: Session, principal: Principal, *, today: date, limit: int = 200) -> list[Queue]:
    """One queue per grant of `principal`, each sorted by due day (undated last). Grants whose roles take
    no step (a researcher's, a coordinating group's, the administrator's) have none."""
    if not 1 <= limit <= MAX_ITEMS:
        raise InvalidInput("limit", limit, f"must be between 1 and {MAX_ITEMS}")
    out = []
    for g in principal.grants:
        if g.definition.owes and g.org_id is not None:
            out.append(_obligation_queue(session, g, today, limit))
        elif _tasks(g):
            out.append(_filing_queue(session, g, today, limit))
    return out
