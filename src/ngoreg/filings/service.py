"""Starting filings, listing what may be done with them, firing transitions, the deadline sweep, and the bulk
path an importer records the filings a public list shows as made through (`Recorder`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from ngoreg import bounds, procedures, regimes
from ngoreg.audit import repository as audit
from ngoreg.audit.bulk import BulkAppender
from ngoreg.audit.chain import canonical
from ngoreg.audit.repository import Actor, Entry
from ngoreg.compliance import recurring
from ngoreg.db import bulk
from ngoreg.errors import Conflict, InvalidInput, NotFound
from ngoreg.facets import repository as facets
from ngoreg.filings import repository as repo
from ngoreg.filings.models import UNRECORDED, Filing, FilingDeadline
from ngoreg.filings.parties import StandsFor, record_parties, recorded_fields
from ngoreg.law.periods import add, day_of
from ngoreg.registry import repository as registry
from ngoreg.registry import service as org_service
from ngoreg.registry.validation import is_chinese, org_record, parse_bool, parse_date
from ngoreg.workflow import engine
from ngoreg.workflow.spec import SYSTEM, Changes, Context, Ends, Enters, Marks, Procedure, Registers, Transition

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
    """What the guards see; with the rules of the filing's locality where the procedure has any (the facts
    are read only then, or when a guard asks)."""
    p = _procedure(f)
    facts = _LazyFacts(session, f, on)
    cat = regimes.catalogue()
    local = cat.local_guards(p.code, facts.get("locality")) if p.code in cat.local_rules else {}
    return Context(_loaded(p, {**f.data, **(extra or {})}), on, role, f.state, facts, local)


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
        case Enters(record=record, relations=relations, marks=given):
            org_service.enter(session, f.org_id, _named(record(ctx)), on=ctx.on, actor=actor, now=now, **why)
            for predicate, party in relations(ctx):
                org_service.relate(session, predicate, subject=("org", f.org_id), obj=party, valid_from=ctx.on,
                                   actor=actor, now=now, basis=why["basis"])  # fmt: skip
            _mark(session, f, given(ctx), ctx.on, None)
        case Marks(marks=given, lasts=lasts):
            _mark(session, f, given(ctx), ctx.on, add(ctx.on, lasts) if lasts else None)


def _mark(session: Session, f: Filing, given: Mapping[str, str | None], on: date, until: date | None) -> None:
    """The marks a decision gives the filing's organisation (`workflow.spec.Marks`); the fire's audit event,
    in the same transaction, holds the filing data they come from."""
    if given:
        org = registry.get_org(session, f.org_id)
        assert org is not None
        for facet, value in given.items():
            facets.mark(session, org.kind, f.org_id, facet, value, on, until)


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
    expiry transition. Running it again for the same day finds nothing left to do and writes nothing.

    The day after a yearly deadline thousands expire at once: a batch's filings are read (and locked) in one
    statement, and its deadlines are closed and their events appended together — up to each expiry
    transition, which sees every deadline before it closed, as if they had been expired one by one."""
    sweep_day(as_of, now)
    counts = {"expired": 0, "fired": 0}
    while rows := repo.expired(session, as_of, batch):
        filings = repo.get_many(session, {d.filing_id for d in rows}, for_update=True)
        pending: list[tuple[int, Entry]] = []  # expired deadlines and their events, not yet written
        for d in rows:
            f = filings[d.filing_id]
            p = _procedure(f)
            deadline = next(x for x in p.deadlines if x.name == d.name)
            passed = f"{deadline.label}: last day {d.due_on.isoformat()} passed"
            # The filing's state and data as they stand, beside the deadline, so that the event states the
            # whole filing like every other event on it.
            held = {"state": f.state, "data": f.data}
            shown = {"id": d.id, "name": d.name, "due_on": d.due_on.isoformat()}
            pending.append((d.id, Entry(EXPIRED, SUBJECT, f.id, as_of, basis=d.basis, reason=passed,
                                        before={**held, "deadline": {**shown, "status": d.status}},
                                        after={**held, "deadline": {**shown, "status": "expired"}})))  # fmt: skip
            counts["expired"] += 1
            if deadline.on_expiry and f.state in {s.value for s in p.transition(deadline.on_expiry).source}:
                _expire(session, pending, actor, now)
                # the day after the last day is when the period has run out
                fire(session, f.id, deadline.on_expiry, role=SYSTEM, on=as_of, actor=actor, now=now,
                     reason=passed)  # fmt: skip
                counts["fired"] += 1
        _expire(session, pending, actor, now)
    return counts


def _expire(session: Session, pending: list[tuple[int, Entry]], actor: Actor, now: datetime) -> None:
    """Writes the sweep's pending expiries: the deadlines closed, their events appended in order."""
    if pending:
        repo.expire_deadlines(session, [i for i, _ in pending])
        audit.append(session, actor, [e for _, e in pending], now=now)
        pending.clear()


# ---- the bulk path: filings a public list shows as made ------------------------------------------------


@dataclass(frozen=True)
class _Step:
    """What recording a filing of procedure version `procedure` in the step's target state does."""

    procedure: Procedure
    transition: Transition
    role: str
    parties: frozenset[str]  # the fields the role's parties record
    meets: frozenset[str]  # the deadlines the step meets
    basis: str  # the step's article
    bases: Mapping[str, str]  # each deadline's article, by its name
    after_tail: str  # the audit event's `after` past its data: `,"procedure":…,"state":…}`


class Recorder:
    """The bulk path of this service, for an importer: records many filings of procedure `code` that an
    outside source (a public list) shows as having reached `state`, each as if it had been started and the
    step into that state fired on the day the source gives, by the role that takes the step (`role` where it
    has several), all in the caller's transaction:

    * the step is the one that leads from the procedure's initial state into `state` (the version in force
      on each filing's day, as `start` takes it); a procedure with none or several such steps is refused, and
      so is a step with an effect on the registry, which the bulk path does not make;
    * its deadlines are those the filing opens at its start and those the step opens, counted by the engine
      as for a live filing (`engine.opened_at_start`, `engine.opened_by`); one the step meets is met on its day;
    * the parties the step's role records come from whom the source names standing for them (`StandsFor`,
      `parties.record_parties`, as `actions.fire_as` records them); a party the source names no one for is
      recorded empty (None), so that every recorded filing carries the party's field;
    * one audit event per filing, of the step's action and article, with the filing's procedure, state and
      data (as `start` writes them), chained by `audit`: the caller's appender, which the rest of its import
      shares (create the recorder after it: its lock keeps the ids assigned here).

    The source tells that the step was taken, not what came after it: a deadline still due whose last day
    had passed on `read_on` (the day the list was read) is `UNRECORDED` — neither overdue nor met, and the
    sweep leaves it — and one still ahead is open, to be met through the registry. The law's guards are not
    asked: the list says the step was taken; what breaks a rule is for `ngoreg check`.

    Rows go through the driver's bulk path (`db.bulk`), `CHUNK` filings at a time, their deadlines after
    them; `close()` writes the rest. A failure leaves the caller's transaction to roll back, whole."""

    CHUNK = 50_000

    def __init__(self, session: Session, code: str, state: str, *, audit: BulkAppender, read_on: date,
                 role: str | None = None) -> None:  # fmt: skip
        if code not in procedures.registry():
            raise InvalidInput("procedure", code, f"unknown; one of {', '.join(procedures.codes())}")
        self.session, self.code, self.state, self.role = session, code, state, role
        self.audit, self.read_on = audit, read_on
        self.filings, self.deadlines = repo.filing_rows(session), repo.deadline_rows(session)
        self.recorded = 0
        # every version's step, checked before anything is written; and by the day a filing reached the state
        self._versions = {v: self._step(p) for v, p in procedures.registry()[code].items()}
        self._steps: dict[date, _Step] = {}

    def _step(self, p: Procedure) -> _Step:
        into = [t for t in p.transitions if t.target.value == self.state and p.initial in t.source]
        if len(into) != 1:
            how = "no step leads" if not into else f"{len(into)} steps lead"
            raise InvalidInput("state", self.state, f"{how} into it from the start of {p.code} of {p.version}")
        t = into[0]
        if t.effect is not None:
            raise InvalidInput("state", self.state, f"{t.name} {t.effect}: a recorded filing does not")
        if self.role is None and len(t.roles) != 1:
            raise InvalidInput("role", None, f"{t.name} is taken by {' or '.join(sorted(t.roles))}; name one")
        role = self.role or next(iter(t.roles))
        if role not in t.roles:
            raise InvalidInput("role", role, f"does not take {t.name}; {' or '.join(sorted(t.roles))} does")
        tail = f',"procedure":{canonical(p.code)},"state":{canonical(t.target.value)}}}'
        return _Step(p, t, role, recorded_fields(p.code, role), frozenset(engine.met_by(p, t.name)), str(t.basis),
                     {d.name: str(d.basis) for d in p.deadlines}, tail)  # fmt: skip

    def _on(self, on: date) -> _Step:
        """The step of the version in force on `on`, the day the filing reached the state (as `start` takes it)."""
        step = self._steps.get(on)
        if step is None:
            step = self._steps[on] = self._versions[procedures.in_force(self.code, on).version]
        return step

    def record(self, org_id: int, data: Mapping[str, Any], *, on: date, stands_for: StandsFor | None,
               reason: str | None = None) -> int:  # fmt: skip
        """Records one filing of organisation `org_id` that reached the state on `on`, carrying `data` as a
        filing keeps it (JSON values, dates as ISO text: the procedure's fields, and what the source adds
        beside them), with the parties `stands_for` names; returns its id."""
        step = self._on(on)
        p, t = step.procedure, step.transition
        stored = dict(data)
        if step.parties:
            stored.update(_stored(parse_values(p, record_parties(p.code, step.role, stands_for, stored, {}))))
            for name in step.parties:
                if name not in stored:
                    stored[name] = None
        data_json = canonical(stored) or "{}"
        filing_id = self.filings.add(p.code, p.version, org_id, t.target.value, data_json, on, 1)
        typed = _loaded(p, stored)
        for o in engine.opened_at_start(p, typed, on):
            self._deadline(step, filing_id, org_id, o, typed, on if o.deadline.name in step.meets else None)
        for o in engine.opened_by(p, t.name, typed, on):
            self._deadline(step, filing_id, org_id, o, typed, None)
        # canonical({"data": …, "procedure": …, "state": …}) without encoding the data twice: keys in order
        self.audit.add(Entry(t.action, SUBJECT, filing_id, on, basis=step.basis, reason=reason),
                       after_json='{"data":' + data_json + step.after_tail)  # fmt: skip
        self.recorded += 1
        if len(self.filings.rows) >= self.CHUNK:
            self.flush()
        return filing_id

    def _deadline(self, step: _Step, filing_id: int, org_id: int, o: engine.OpenDeadline, data: Mapping[str, Any],
                  met_on: date | None) -> None:  # fmt: skip
        """One deadline the filing opened: met on `met_on` (as `repository.meet_latest` meets it), or else
        unrecorded if its last day had passed when the list was read, and open if not."""
        p, name, last = step.procedure, o.deadline.name, o.last.day
        if met_on is not None:
            status = "met" if last >= met_on else "met_late"
        else:
            status = UNRECORDED if last < self.read_on else "open"
        self.deadlines.add(filing_id, org_id, p.code, p.version, recurring.duty(p.code, name, data), name,
                           step.bases[name], o.opened_on, last, o.last.provisional, status, met_on)

    def flush(self) -> None:
        """Writes the filings recorded so far, then their deadlines (which refer to them)."""
        self.filings.flush()
        self.deadlines.flush()

    def close(self) -> int:
        """Writes the rest and the tables' planner statistics; returns how many filings were recorded."""
        self.filings.close()
        self.deadlines.close()
        bulk.analyze(self.session, [Filing.__tablename__, FilingDeadline.__tablename__])
        return self.recorded
