"""Starting filings, listing what may be done with them, firing transitions, and the deadline sweep."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.audit import repository as audit
from ngoreg.audit.repository import Actor, Entry
from ngoreg.compliance import recurring
from ngoreg.errors import Conflict, InvalidInput, NotFound
from ngoreg.filings import repository as repo
from ngoreg.filings.models import Filing
from ngoreg.procedures import fngo_representatives, fngo_sanction
from ngoreg.registry import repository as registry
from ngoreg.registry.validation import parse_bool, parse_date
from ngoreg.workflow import engine
from ngoreg.workflow.spec import SYSTEM, Context, Procedure

SUBJECT = repo.SUBJECT_TYPE


def parse_values(p: Procedure, raw: dict[str, str]) -> dict[str, Any]:
    """`--set key=value` pairs to typed values, refusing unknown fields and malformed values."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        f = p.field(key)
        if f is None:
            raise InvalidInput(key, value, f"not a field of {p.code}; fields: {', '.join(x.name for x in p.fields)}")
        if f.type == "date":
            out[key] = parse_date(value, key)
        elif f.type == "bool":
            out[key] = parse_bool(value, key)
        elif f.type == "list":
            items = [v.strip() for v in str(value).split(",") if v.strip()]
            bad = [i for i in items if f.choices and i not in f.choices]
            if bad:
                raise InvalidInput(key, bad[0], f"unknown; one of {', '.join(f.choices)}")
            out[key] = items
        elif f.type == "int":
            try:
                out[key] = int(str(value).strip())
            except ValueError:
                raise InvalidInput(key, value, "must be a whole number") from None
        elif f.type == "choice":
            if value not in f.choices:
                raise InvalidInput(key, value, f"unknown; one of {', '.join(f.choices)}")
            out[key] = value
        else:
            text = str(value).strip()
            if not text:
                raise InvalidInput(key, value, "is empty")
            out[key] = text
    return out


def _stored(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def _loaded(p: Procedure, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for f in p.fields:
        if f.type == "date" and isinstance(out.get(f.name), str):
            out[f.name] = date.fromisoformat(out[f.name])
    return out


def _procedure(f: Filing) -> Procedure:
    return procedures.version(f.procedure, f.procedure_version)


def _facts(session: Session, f: Filing, on: date) -> dict[str, Any]:
    """Facts about the organisation that guards may need, as they stood on `on`, read from the audit log of
    its sanction filings (FNGO Law art. 48):

    * `banned_until`: the last day of the latest five-year ban after a cancelled registration, a revoked
      certificate or a banned activity (art. 48(1), (2)), or None;
    * `unwelcome`: whether the Ministry has listed it as unwelcome (art. 48(3));
    * for the representatives procedure only, `barred_persons`: the chief representatives and
      representatives of any office whose registration was cancelled or certificate revoked, by name, with
      the last day of their five-year bar (art. 29(2)(3)).

    The foreign NGO behind a temporary activity or a representative office is taken to be the filing's
    organisation: an office is not a separate organisation in the registry, so its sanctions and its
    parent's are the same organisation's."""
    banned_until: date | None = None
    unwelcome = False
    actions = fngo_sanction.BANNING_EVENTS | {fngo_sanction.LISTED_UNWELCOME}
    for action, day, _ in repo.procedure_events(session, procedure=fngo_sanction.CODE, actions=actions, on=on,
                                                org_id=f.org_id):  # fmt: skip
        if action == fngo_sanction.LISTED_UNWELCOME:
            unwelcome = True
        else:
            until = fngo_sanction.ban_last_day(day)
            banned_until = until if banned_until is None else max(banned_until, until)
    facts: dict[str, Any] = {"banned_until": banned_until, "unwelcome": unwelcome}
    if f.procedure == fngo_representatives.CODE:
        barred: dict[str, date] = {}
        for _, day, data in repo.procedure_events(session, procedure=fngo_sanction.CODE,
                                                  actions=fngo_sanction.BARRING_EVENTS, on=on):  # fmt: skip
            until = fngo_sanction.ban_last_day(day)
            for person in fngo_representatives.persons(data):
                barred[person] = max(until, barred.get(person, until))
        facts["barred_persons"] = barred
    return facts


def start(session: Session, code: str, *, org_id: int, values: dict[str, str], on: date, actor: Actor,
          now: datetime) -> Filing:  # fmt: skip
    p = procedures.in_force(code, on)
    if registry.get_org(session, org_id) is None:
        raise InvalidInput("org", org_id, "no such organisation")
    data = parse_values(p, values)
    f = repo.add(session, procedure=p.code, procedure_version=p.version, org_id=org_id,
                 state=p.initial.value, data=_stored(data), started_on=on)  # fmt: skip
    for o in engine.opened_at_start(p, data, on):
        _open(session, f, o, data)
    audit.append(session, actor, [Entry("filing.started", SUBJECT, f.id, on, basis=str(p.basis[0]),
                                        after={"procedure": p.code, "state": f.state, "data": f.data})],
                 now=now)  # fmt: skip
    return f


def _open(session: Session, f: Filing, o: engine.OpenDeadline, data: Mapping[str, Any]) -> None:
    name = o.deadline.name
    repo.open_deadline(session, filing_id=f.id, org_id=f.org_id, procedure=f.procedure,
                       procedure_version=f.procedure_version, duty=recurring.duty(f.procedure, name, data),
                       name=name, basis=str(o.deadline.basis), opened_on=o.opened_on, due_on=o.last.day,
                       provisional=o.last.provisional)  # fmt: skip


def load(session: Session, filing_id: int, *, for_update: bool = False) -> Filing:
    f = repo.get(session, filing_id, for_update=for_update)
    if f is None:
        raise NotFound(f"filing {filing_id} does not exist")
    return f


class _LazyFacts(Mapping[str, Any]):
    """The organisation's facts (`_facts`), read from the audit log when a guard first asks for one: most
    transitions have no guard that does, and firing them saves the query."""

    def __init__(self, session: Session, f: Filing, on: date) -> None:
        self._args: tuple[Session, Filing, date] = (session, f, on)
        self._facts: dict[str, Any] | None = None

    def _read(self) -> dict[str, Any]:
        if self._facts is None:
            self._facts = _facts(*self._args)
        return self._facts

    def __getitem__(self, key: str) -> Any:
        return self._read()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def context(session: Session, f: Filing, *, role: str, on: date, extra: dict[str, Any] | None = None) -> Context:
    p = _procedure(f)
    return Context(_loaded(p, {**f.data, **(extra or {})}), on, role, f.state, _LazyFacts(session, f, on))


def options(session: Session, filing_id: int, *, role: str, on: date,
            values: dict[str, str] | None = None) -> list[engine.Option]:  # fmt: skip
    """Every transition with what stands in its way on `on`, the filing's data updated by `values` as a fire
    with them would update it (a preview: nothing is written)."""
    f = load(session, filing_id)
    not_before_start(f, on)
    p = _procedure(f)
    return engine.options(p, context(session, f, role=role, on=on, extra=parse_values(p, values or {})))


def not_before_start(f: Filing, on: date) -> None:
    """Nothing is done to a filing before the day it started: the audit log would date an act before the
    filing existed, and its deadlines count from its start."""
    if on < f.started_on:
        raise InvalidInput("on", on.isoformat(), f"before the filing started on {f.started_on.isoformat()}")


def fire(
    session: Session,
    filing_id: int,
    transition: str,
    *,
    role: str,
    on: date,
    values: dict[str, str] | None = None,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
    expected_version: int | None = None,
) -> Filing:
    """Checks state, role and guards; moves the state; opens and meets deadlines; writes the audit event —
    all in the caller's transaction, or nothing at all."""
    f = load(session, filing_id, for_update=True)
    not_before_start(f, on)
    if expected_version is not None and f.version != expected_version:
        raise Conflict(f"filing {filing_id} is at version {f.version}, not {expected_version}: "
                       "someone acted on it meanwhile")  # fmt: skip
    p = _procedure(f)
    update = parse_values(p, values or {})
    decision = engine.decide(p, transition, context(session, f, role=role, on=on, extra=update))
    before = {"state": f.state, "data": f.data}
    year = f.data.get("year")
    f.state = decision.target
    f.data = _stored(decision.data)
    repo.save(session, f)
    # A deadline opened again (a new consent after one lapsed) leaves the earlier one as it was: only the
    # latest of each name is met.
    if decision.meets:
        repo.meet_latest(session, f.id, decision.meets, on)
    if decision.data.get("year") != year:
        # the yearly duties the filing's deadlines take up follow its year
        for name in {d.name for d in p.deadlines}:
            repo.set_duty(session, f.id, name, recurring.duty(p.code, name, decision.data))
    for o in decision.opens:
        _open(session, f, o, decision.data)
    audit.append(session, actor, [Entry(decision.transition.action, SUBJECT, f.id, on,
                                        basis=str(decision.transition.basis), reason=reason,
                                        before=before, after={"state": f.state, "data": f.data})],
                 now=now)  # fmt: skip
    return f


def summary(f: Filing) -> dict[str, Any]:
    return {"id": f.id, "procedure": f.procedure, "procedure_version": f.procedure_version.isoformat(),
            "org_id": f.org_id, "state": f.state, "version": f.version, "started_on": f.started_on.isoformat()}


def list_filings(session: Session, *, procedure: str | None = None, org_id: int | None = None,
                 state: str | None = None, after_id: int = 0, limit: int = 50,
                 visible: ColumnElement[bool] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """A page of filings in id order after `after_id`; an unknown procedure is refused, not an empty page."""
    if procedure is not None and procedure not in procedures.REGISTRY:
        known = ", ".join(sorted(procedures.REGISTRY))
        raise InvalidInput("procedure", procedure, f"unknown procedure; one of {known}")
    if not 1 <= limit <= 1000:
        raise InvalidInput("limit", limit, "must be between 1 and 1000")
    return [summary(f) for f in repo.page(session, procedure=procedure, org_id=org_id, state=state,
                                          after_id=after_id, limit=limit, visible=visible)]  # fmt: skip


def show(session: Session, filing_id: int) -> dict[str, Any]:
    f = load(session, filing_id)
    p = _procedure(f)
    return {
        "id": f.id,
        "procedure": f.procedure,
        "procedure_version": f.procedure_version.isoformat(),
        "title": {"en": p.title_en, "zh": p.title_zh},
        "org_id": f.org_id,
        "state": f.state,
        "version": f.version,
        "data": f.data,
        "deadlines": [
            {"name": d.name, "basis": d.basis, "opened_on": d.opened_on.isoformat(), "due_on": d.due_on.isoformat(),
             "provisional": d.provisional, "status": d.status,
             "closed_on": d.closed_on.isoformat() if d.closed_on else None}
            for d in repo.deadlines(session, f.id)
        ],  # fmt: skip
        "history": [
            {"id": e.id, "on": e.effective_on.isoformat(), "action": e.action, "actor": e.actor,
             "actor_name": e.actor_name, "basis": e.basis, "reason": e.reason}
            for e in audit.events_for(session, SUBJECT, f.id)
        ],  # fmt: skip
    }


def sweep(session: Session, *, as_of: date, actor: Actor, now: datetime, batch: int = 1000) -> dict[str, int]:
    """Marks every deadline whose last day has passed as expired and fires its expiry transition. Running
    it again for the same day finds nothing left to do."""
    counts = {"expired": 0, "fired": 0}
    while rows := repo.expired(session, as_of, batch):
        for d in rows:
            f = load(session, d.filing_id, for_update=True)
            p = _procedure(f)
            deadline = next(x for x in p.deadlines if x.name == d.name)
            repo.close_deadline(session, d.id, "expired", d.due_on)
            counts["expired"] += 1
            if deadline.on_expiry and f.state in {s.value for s in p.transition(deadline.on_expiry).source}:
                # the day after the last day is when the period has run out
                fire(session, f.id, deadline.on_expiry, role=SYSTEM, on=as_of, actor=actor, now=now,
                     reason=f"{deadline.label}: last day {d.due_on.isoformat()} passed")  # fmt: skip
                counts["fired"] += 1
    return counts
