"""Starting filings, listing what may be done with them, firing transitions, and the deadline sweep."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from ngoreg import bounds, procedures, regimes
from ngoreg.audit import repository as audit
from ngoreg.audit.repository import Actor, Entry
from ngoreg.compliance import recurring
from ngoreg.errors import Conflict, InvalidInput, NotFound
from ngoreg.filings import repository as repo
from ngoreg.filings.models import Filing
from ngoreg.law.periods import day_of
from ngoreg.registry import repository as registry
from ngoreg.registry import service as org_service
from ngoreg.registry.validation import is_chinese, org_record, parse_bool, parse_date
from ngoreg.workflow import engine
from ngoreg.workflow.spec import SYSTEM, Changes, Context, Ends, Procedure, Registers

SUBJECT = repo.SUBJECT_TYPE
EXPIRED = "deadline.expired"  # the audit action of a deadline the sweep marks expired


def parse_values(p: Procedure, raw: dict[str, str]) -> dict[str, Any]:
    """`--set key=value` pairs to typed values, refusing unknown fields and malformed or over-long values
    (the bounds are `bounds`': a text is a page or two, a list item a name, a year one the registry's days
    reach, any other number an id)."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        f = p.field(key)
        bounds.text(str(value), key, bounds.TEXT)
        if f is None:
            raise InvalidInput(key, value, f"not a field of {p.code}; fields: {', '.join(x.name for x in p.fields)}")
        if f.type == "date":
            out[key] = parse_date(value, key)
        elif f.type == "bool":
            out[key] = parse_bool(value, key)
        elif f.type == "list":
            items = bounds.items([v.strip() for v in str(value).split(",") if v.strip()], key)
            bad = [i for i in items if f.choices and i not in f.choices]
            if bad:
                raise InvalidInput(key, bad[0], f"unknown; one of {', '.join(f.choices)}")
            out[key] = items
        elif f.type == "int":
            try:
                out[key] = int(str(value).strip())
            except ValueError:
                raise InvalidInput(key, value, "must be a whole number") from None
            # the year of a yearly duty becomes a day of that year (compliance/recurring.py)
            low, high = (bounds.EARLIEST.year, bounds.LATEST.year) if key == "year" else (0, bounds.MAX_INT)
            if not low <= out[key] <= high:
                raise InvalidInput(key, value, f"must be between {low} and {high}")
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
    """Facts about the organisation that guards may need, as they stood on `on`: `org_id`, `org_kind`,
    `org_status`, `org_origin` of the filing's organisation (a decision on an office's registration is
    recorded on the office; a new office comes from its NGO's country), and what the procedure's regime
    reads beside them (`Regime.facts`)."""
    org = registry.get_org(session, f.org_id)
    assert org is not None  # a filing's organisation is never deleted
    facts: dict[str, Any] = {"org_id": org.id, "org_kind": org.kind, "org_status": org.status,
                             "org_origin": org.origin}  # fmt: skip
    regime = regimes.catalogue().regime_of.get(f.procedure)
    if regime is not None and regime.facts is not None:
        facts.update(regime.facts(session, f, on))
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
    ctx = context(session, f, role=role, on=on, extra=update)
    decision = engine.decide(p, transition, ctx)
    before = {"state": f.state, "data": f.data}
    year = f.data.get("year")
    if decision.transition.effect is not None:
        _take_effect(session, f, decision, ctx, actor=actor, now=now)
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


def _take_effect(session: Session, f: Filing, decision: engine.Decision, ctx: Context, *, actor: Actor,
                 now: datetime) -> None:  # fmt: skip
    """Does to the registry what the decision does (`workflow.spec.Effect`), in the fire's transaction: the
    organisation's audit event bears the decision's action and article, and names the filing."""
    t = decision.transition
    why: dict[str, Any] = {"action": t.action, "basis": str(t.basis), "reason": f"filing {f.id}"}
    match t.effect:
        case Registers(record=record, keeps_id_in=keep, relations=relations):
            values = _named(record(ctx))
            new = org_service.add_organisation(session, org_record(**values, registered_on=ctx.on, parent_id=f.org_id),
                                               actor=actor, now=now, **why)  # fmt: skip
            for predicate, party in relations(ctx):
                org_service.relate(session, predicate, subject=("org", new), obj=party, valid_from=ctx.on,
                                   actor=actor, now=now, basis=why["basis"])  # fmt: skip
            decision.data[keep] = new
        case Changes(changes=changes):
            if values := _named(changes(ctx)):
                org_service.update_organisation(session, f.org_id, values, on=ctx.on, actor=actor, now=now, **why)
        case Ends(status=status):
            org = registry.get_org(session, f.org_id)
            assert org is not None
            org_service.update_organisation(session, f.org_id, {"status": status, "ended_on": org.ended_on or ctx.on},
                                            on=ctx.on, actor=actor, now=now, **why)  # fmt: skip


def _named(values: Mapping[str, Any]) -> dict[str, Any]:
    """An effect's `name` as the registry keeps it: a Chinese name or an English one."""
    out = dict(values)
    if name := out.pop("name", None):
        out["name_zh" if is_chinese(name) else "name_en"] = name
    return out


def summary(f: Filing) -> dict[str, Any]:
    return {"id": f.id, "procedure": f.procedure, "procedure_version": f.procedure_version.isoformat(),
            "org_id": f.org_id, "state": f.state, "version": f.version, "started_on": f.started_on.isoformat()}


def list_filings(session: Session, *, procedure: str | None = None, org_id: int | None = None,
                 state: str | None = None, after_id: int = 0, limit: int = 50,
                 visible: ColumnElement[bool] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """A page of filings in id order after `after_id`; an unknown procedure is refused, not an empty page."""
    if procedure is not None and procedure not in procedures.registry():
        known = ", ".join(sorted(procedures.registry()))
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


def sweep_day(as_of: date, now: datetime, field: str = "as_of") -> date:
    """`as_of` if a sweep may run as of it: not after today (the day of `now` in Beijing Time). A sweep
    ahead of today would expire deadlines whose last day has not yet passed, and record it in the log."""
    today = day_of(now)
    if as_of > today:
        raise InvalidInput(field, as_of.isoformat(), f"is after today ({today.isoformat()}); a sweep expires only "
                                                     "deadlines whose last day has passed")  # fmt: skip
    return as_of


def sweep(session: Session, *, as_of: date, actor: Actor, now: datetime, batch: int = 1000) -> dict[str, int]:
    """Marks every deadline whose last day has passed by `as_of` (today at the latest) as expired, each
    with its own audit event on the filing (`deadline.expired`, on the deadline's basis), and fires its
    expiry transition. Running it again for the same day finds nothing left to do and writes nothing."""
    sweep_day(as_of, now)
    counts = {"expired": 0, "fired": 0}
    while rows := repo.expired(session, as_of, batch):
        for d in rows:
            f = load(session, d.filing_id, for_update=True)
            p = _procedure(f)
            deadline = next(x for x in p.deadlines if x.name == d.name)
            was = d.status  # read before the update, which the session may carry into `d`
            repo.close_deadline(session, d.id, "expired", d.due_on)
            counts["expired"] += 1
            passed = f"{deadline.label}: last day {d.due_on.isoformat()} passed"
            # The filing's state and data as they stand, beside the deadline, so that the event states the
            # whole filing like every other event on it.
            held = {"state": f.state, "data": f.data}
            shown = {"id": d.id, "name": d.name, "due_on": d.due_on.isoformat()}
            audit.append(session, actor, [Entry(EXPIRED, SUBJECT, f.id, as_of, basis=d.basis, reason=passed,
                                                before={**held, "deadline": {**shown, "status": was}},
                                                after={**held, "deadline": {**shown, "status": "expired"}})],
                         now=now)  # fmt: skip
            if deadline.on_expiry and f.state in {s.value for s in p.transition(deadline.on_expiry).source}:
                # the day after the last day is when the period has run out
                fire(session, f.id, deadline.on_expiry, role=SYSTEM, on=as_of, actor=actor, now=now,
                     reason=passed)  # fmt: skip
                counts["fired"] += 1
    return counts
