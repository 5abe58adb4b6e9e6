"""Work queues: what a signed-in person must act on, grant by grant, by the day it is due.

A queue is what each grant's workflow roles may fire next (`policy.can(Fire(...))` over the same reach,
`access.filters.grant_filings`), narrowed to the steps that are the grant's to take:

* a professional supervisory unit consents to an office's registration (FNGO Law art. 11(1)) or change
  (arts. 14, 40), to an annual activity plan (art. 19), and gives its opinion on an annual work report,
  which the office must send on with that opinion to the registrar by 31 March (arts. 31(1), 40);
* a registrar accepts applications for an office and decides within 60 days from accepting one
  (art. 12(3)), decides changes (art. 14) and deregistrations (art. 15(1)), and inspects annual work
  reports (arts. 31(1), 41);
* a Chinese partner unit files a temporary activity at least 15 days before it starts, unless it is
  disaster relief or rescue (art. 17(1), (2)), and reports within 30 days after it ends (art. 30(2));
* a foreign NGO (and its offices) owes what its compliance calendar lists as not yet met.

The law sets no period for a supervisory unit's consent, a registrar's acceptance, a change, a
deregistration or an inspection; those items have no due day and come after the dated ones. A queue is
computed in the database, for one day (`today`, given by the caller: the app's clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.access import filters
from ngoreg.access.principal import Grant, Principal
from ngoreg.access.roles import Reach
from ngoreg.compliance import calendar
from ngoreg.compliance.status import DUE, OVERDUE, UPCOMING
from ngoreg.errors import InvalidInput
from ngoreg.filings import repository as repo
from ngoreg.law import cite
from ngoreg.law.citation import Citation
from ngoreg.procedures import (
    fngo_annual_plan,
    fngo_annual_report,
    fngo_office_change,
    fngo_office_deregistration,
    fngo_office_registration,
    fngo_temporary_activity,
)
from ngoreg.registry import repository as registry

MAX_ITEMS = 1000
OBLIGATION = "obligation"  # the key of an item from the compliance calendar


@dataclass(frozen=True)
class Task:
    """One kind of step a workflow role takes: on filings of `procedure` in one of `states`."""

    key: str
    role: str  # the procedures' workflow role that takes it
    procedure: str
    states: tuple[str, ...]
    what: str  # English; the pages translate it
    basis: tuple[Citation, ...]
    deadline: str | None = None  # the filing's deadline whose last day it is due on
    period_days: int | None = None  # the statutory period that deadline counts (the 60 of art. 12(3))
    starts: str | None = None  # or: due `lead_days` before this date in the filing's data …
    lead_days: int = 0
    unless: str | None = None  # … unless this field of the data is true

    def awaited(self) -> repo.Awaited:
        return repo.Awaited(self.key, self.procedure, self.states, self.deadline, self.starts, self.lead_days,
                            self.unless)  # fmt: skip


_REG, _CHG = fngo_office_registration, fngo_office_change
TASKS: tuple[Task, ...] = (
    Task("psu.consent_registration", "psu", _REG.CODE, (_REG.State.DRAFTED, _REG.State.CONSENT_LAPSED),
         "Consent to an office's registration", (cite("fngo", 11, 1),)),
    Task("psu.consent_change", "psu", _CHG.CODE, (_CHG.State.DRAFTED, _CHG.State.CONSENT_LAPSED),
         "Consent to a change of an office's registration", (cite("fngo", 14), cite("fngo", 40))),
    Task("psu.consent_plan", "psu", fngo_annual_plan.PROCEDURE.code, (fngo_annual_plan.State.SUBMITTED_TO_PSU,),
         "Consent to an annual activity plan", (cite("fngo", 19),)),
    # The office sends the report on to the registrar with this opinion by 31 March: the opinion is due then.
    Task("psu.report_opinion", "psu", fngo_annual_report.CODE, (fngo_annual_report.State.SUBMITTED_TO_PSU,),
         "Give an opinion on an annual work report", (cite("fngo", 31, 1), cite("fngo", 40)),
         deadline="report_to_registrar"),
    Task("registrar.accept_registration", "registrar", _REG.CODE, (_REG.State.APPLIED,),
         "Accept an application for an office", (cite("fngo", 12, 3),)),
    Task("registrar.decide_registration", "registrar", _REG.CODE, (_REG.State.ACCEPTED,),
         "Decide on an office's registration", (cite("fngo", 12, 3),), deadline="decision",
         period_days=_REG.DECIDE_WITHIN.amount),
    Task("registrar.decide_change", "registrar", _CHG.CODE, (_CHG.State.APPLIED,),
         "Decide on a change of an office's registration", (cite("fngo", 14),)),
    Task("registrar.deregister", "registrar", fngo_office_deregistration.PROCEDURE.code,
         (fngo_office_deregistration.State.GROUND_REPORTED,), "Deregister an office", (cite("fngo", 15, 1),)),
    Task("registrar.inspect_report", "registrar", fngo_annual_report.CODE, (fngo_annual_report.State.SUBMITTED,),
         "Inspect an annual work report", (cite("fngo", 31, 1), cite("fngo", 41))),
    Task("partner.file_activity", "partner_unit", fngo_temporary_activity.PROCEDURE.code,
         (fngo_temporary_activity.State.DRAFTED,), "File a temporary activity",
         (cite("fngo", 17, 1), cite("fngo", 17, 2)), starts="start_date",
         lead_days=fngo_temporary_activity.LEAD_TIME.amount, unless="emergency"),
    Task("partner.closing_report", "partner_unit", fngo_temporary_activity.PROCEDURE.code,
         (fngo_temporary_activity.State.FILED, fngo_temporary_activity.State.STOPPED,
          fngo_temporary_activity.State.REPORT_OVERDUE), "Report on a finished temporary activity",
         (cite("fngo", 30, 2),), deadline="closing_report", period_days=fngo_temporary_activity.REPORT_WITHIN.amount),
)  # fmt: skip
BY_KEY = {t.key: t for t in TASKS}


def _check(tasks: tuple[Task, ...]) -> None:
    """Each task names states its procedure has, out of which its role may fire a transition, and a deadline
    the procedure defines: a task that no longer matches its procedure fails at import."""
    for t in tasks:
        for p in procedures.REGISTRY[t.procedure].values():  # every version a filing may have started under
            states = {s.value for s in p.states}
            for st in t.states:
                if st not in states or not any(t.role in tr.roles and st in tr.source for tr in p.transitions):
                    raise ValueError(f"task {t.key}: {t.role} takes no step in state {st} of {t.procedure}")
            if t.deadline is not None and t.deadline not in {d.name for d in p.deadlines}:
                raise ValueError(f"task {t.key}: {t.procedure} has no deadline {t.deadline}")


_check(TASKS)


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


def _filing_queue(session: Session, g: Grant, today: date, limit: int) -> Queue:
    tasks = [t for t in TASKS if t.role in g.workflow_roles()]
    rows = repo.awaiting(session, [t.awaited() for t in tasks], visible=filters.grant_filings(g), limit=limit + 1)
    items = []
    for key, filing_id, org_id, zh, en, due in rows[:limit]:
        t = BY_KEY[key]
        items.append(Item(key, t.what, filing_id, org_id, zh, en, due, _days_left(due, today), t.period_days,
                          "; ".join(str(b) for b in t.basis)))  # fmt: skip
    return Queue(g, items, len(rows) > limit)


def _met_by(role: str) -> frozenset[str]:
    """The names of the deadlines that a transition `role` fires meets: that role's own obligations."""
    return frozenset(d.name for versions in procedures.REGISTRY.values() for p in versions.values()
                     for d in p.deadlines for t in p.transitions if t.name in d.met_by and role in t.roles)  # fmt: skip


# An NGO's calendar also shows the periods others keep on its filings (the registrar's 60 days to decide,
# art. 12(3)); its queue keeps what the NGO itself must do.
NGO_OBLIGATIONS = _met_by("foreign_ngo")


def _obligation_queue(session: Session, g: Grant, today: date, limit: int) -> Queue:
    """The foreign NGO's own calendar and its offices', what is not yet met, by last day."""
    assert g.org_id is not None
    names = registry.with_offices(session, g.org_id)
    obligations = sorted(
        (ob for org in names for ob in calendar.due(session, as_of=today, org_id=org,
                                                    statuses=(OVERDUE, DUE, UPCOMING))
         if ob.obligation in NGO_OBLIGATIONS),
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
        if g.definition.reach == Reach.OWN and g.org_id is not None:
            out.append(_obligation_queue(session, g, today, limit))
        elif any(t.role in g.workflow_roles() for t in TASKS):
            out.append(_filing_queue(session, g, today, limit))
    return out
