"""`options()` lists every action with what stands in its way; `decide()` works out what firing one does.
Both are pure; the filings service applies the decision and writes the audit event in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from string import Formatter
from typing import Any

from ngoreg.errors import InvalidInput, Refusal, Refused
from ngoreg.law.periods import LastDay, last_day, next_working_day_from
from ngoreg.workflow.spec import CalendarDay, Context, Deadline, Procedure, Transition


@dataclass(frozen=True)
class Option:
    transition: str
    label: str
    allowed: bool
    refusals: tuple[Refusal, ...]
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return {"transition": self.transition, "label": self.label, "allowed": self.allowed,
                "basis": self.basis, "refusals": [r.as_dict() for r in self.refusals]}  # fmt: skip


@dataclass(frozen=True)
class OpenDeadline:
    deadline: Deadline
    opened_on: date
    last: LastDay


@dataclass
class Decision:
    transition: Transition
    target: str
    data: dict[str, Any]
    opens: list[OpenDeadline] = field(default_factory=list)
    meets: list[str] = field(default_factory=list)


# The sentences the engine itself says, beside the guards' own: message ids of the pages' catalogue, so
# that a page can say them in its language (`Refusal.template`).
NOT_IN_STATE = "cannot {step} while the filing is {state}"
NOT_YOUR_ROLE = "only {roles} may {step}"
NOT_GIVEN = "{label} must be given ({field})"


def placeholders(template: str) -> list[str]:
    """The names a sentence takes in braces: "… on {start_date} …" → ["start_date"]."""
    return [name for _, name, _, _ in Formatter().parse(template) if name]


def refusals(p: Procedure, t: Transition, ctx: Context) -> list[Refusal]:
    out: list[Refusal] = []
    # The English sentence lower-cases the step's label ("cannot file with the registrar"); a page in
    # another language gets the label as defined, which is what its catalogue translates.
    step = t.label.lower()
    if ctx.state not in t.source:
        values = {"step": step, "state": ctx.state}
        out.append(Refusal(
            "state", NOT_IN_STATE.format_map(values), None, NOT_IN_STATE, {**values, "step": t.label},
            frozenset({"step", "state"})))  # fmt: skip
    if ctx.role not in t.roles:
        roles = tuple(sorted(t.roles))
        out.append(Refusal(
            "role", NOT_YOUR_ROLE.format(roles=" or ".join(roles), step=step), str(t.basis), NOT_YOUR_ROLE,
            {"roles": roles, "step": t.label}, frozenset({"roles", "step"})))  # fmt: skip
    missing = [r for r in t.requires if ctx.data.get(r) in (None, "", [])]
    for r in missing:
        f = p.field(r)
        assert f is not None
        out.append(Refusal.of(f"required:{r}", NOT_GIVEN, {"label": f.label, "field": r}, str(f.basis or t.basis),
                              words=frozenset({"label"})))  # fmt: skip
    if missing or ctx.state not in t.source:
        # Guards read these fields; and out of its source states a step's guards may read data that only
        # an earlier step records (an application's 30 days count from the consent, not yet given).
        return out
    for g in (*t.guards, *ctx.local.get(t.name, ())):
        if not g.holds(ctx):
            values = {k: ctx.data[k] for k in placeholders(g.refusal) if k in ctx.data}
            out.append(Refusal.of(g.name, g.refusal, values, str(g.basis)))
    return out


def options(p: Procedure, ctx: Context) -> list[Option]:
    return [
        Option(t.name, t.label, not (r := refusals(p, t, ctx)), tuple(r), str(t.basis)) for t in p.transitions
    ]


def due(d: Deadline, data: Mapping[str, Any], on: date) -> LastDay:
    """The last day of `d` opened on `on` for a filing carrying `data` (Civil Code arts. 201–203)."""
    if isinstance(d.period, CalendarDay):
        year = data.get(d.period.year_field)
        if not isinstance(year, int):
            raise InvalidInput(d.period.year_field, year, f"must be given: deadline {d.name} falls in that year")
        return next_working_day_from(d.period.in_year(year))
    start = data.get(d.counts_from) if d.counts_from else on
    if not isinstance(start, date):
        raise InvalidInput(d.counts_from or "on", start, f"must be a date: deadline {d.name} counts from it")
    return last_day(start, d.period)


def opened_at_start(p: Procedure, data: Mapping[str, Any], on: date) -> list[OpenDeadline]:
    """The duties that run from the day a filing starts (a yearly report is due whether or not anyone has
    acted yet)."""
    return [OpenDeadline(d, on, due(d, data, on)) for d in p.deadlines if d.opened_by is None]


def opened_by(p: Procedure, name: str, data: Mapping[str, Any], on: date) -> list[OpenDeadline]:
    """The deadlines firing `name` on `on` opens for a filing carrying `data`."""
    return [OpenDeadline(d, on, due(d, data, on)) for d in p.deadlines if d.opened_by == name]


def met_by(p: Procedure, name: str) -> list[str]:
    """The deadlines firing `name` meets."""
    return [d.name for d in p.deadlines if name in d.met_by]


def decide(p: Procedure, name: str, ctx: Context) -> Decision:
    """What firing `name` would do, or Refused with every reason it may not."""
    t = p.transition(name)
    refused = refusals(p, t, ctx)
    if refused:
        raise Refused(refused)
    return Decision(t, t.target.value, dict(ctx.data), opened_by(p, name, ctx.data, ctx.on), met_by(p, name))
