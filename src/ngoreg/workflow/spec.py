"""What a procedure is made of. A definition that does not hold together fails when it is built, so a
broken procedure never reaches a user."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from ngoreg.law.citation import Citation
from ngoreg.law.periods import Period

SYSTEM = "system"  # the role of the deadline sweep
AT_START = None  # `Deadline.opened_by` for a duty that runs from the day the filing starts

FieldType = Literal["text", "date", "bool", "choice", "list", "int"]


@dataclass(frozen=True)
class Field:
    """A datum a filing carries (`--set name=value`), with the provision that asks for it."""

    name: str
    type: FieldType
    label: str
    basis: Citation | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What a guard may look at: the filing's data, the day of the act, who acts, and facts about the
    organisation from outside the filing (e.g. a ban's end date)."""

    data: Mapping[str, Any]
    on: date
    role: str
    state: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    # The guards the filing's locality adds to steps (`workflow.regime.LocalRule`): step name → guards.
    local: Mapping[str, tuple[Guard, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Guard:
    """A legal condition. `refusal` is the sentence shown when it does not hold; it may name data fields
    in braces, e.g. {start_date}."""

    name: str
    holds: Callable[[Context], bool]
    refusal: str
    basis: Citation


@dataclass(frozen=True)
class Registers:
    """The decision registers a new organisation that the filing's organisation sets up (a representative
    office of a foreign NGO): `record` gives its registry attributes (`registry.validation.org_record`'s
    keywords) and `relations` its dated relations, as (predicate, ("org" | "authority", id)) with the new
    organisation as subject; its id is kept in the filing's int field `keeps_id_in`, so that later filings
    find it."""

    record: Callable[[Context], Mapping[str, Any]]
    keeps_id_in: str
    relations: Callable[[Context], Sequence[tuple[str, tuple[str, int]]]] = lambda c: ()

    def __str__(self) -> str:
        return f"registers the organisation the filing's organisation sets up (its id kept in `{self.keeps_id_in}`)"


@dataclass(frozen=True)
class Changes:
    """The decision changes registry attributes of the filing's organisation (a new name)."""

    changes: Callable[[Context], Mapping[str, Any]]

    def __str__(self) -> str:
        return "changes the organisation's registry attributes"


@dataclass(frozen=True)
class Ends:
    """The decision ends the registration of the filing's organisation, which leaves the registry with
    `status` on the day of the act (or keeps the earlier day it had already ended on)."""

    status: Literal["deregistered", "revoked"]

    def __str__(self) -> str:
        return f"ends the organisation's registration: it leaves the registry as `{self.status}`"


@dataclass(frozen=True)
class Enters:
    """The decision registers the filing's own organisation, in the registry in preparation since its
    founders applied (a social association, a civil non-enterprise unit, a foundation): from the day of the
    act it is registered, with the attributes `record` gives (its name as registered, its credit code; the
    same keywords as `Changes`), its dated `relations` (its registrar, its supervisory unit) as in
    `Registers`, and the `marks` of `Marks`."""

    record: Callable[[Context], Mapping[str, Any]] = lambda c: {}
    relations: Callable[[Context], Sequence[tuple[str, tuple[str, int]]]] = lambda c: ()
    marks: Callable[[Context], Mapping[str, str | None]] = lambda c: {}

    def __str__(self) -> str:
        return "registers the organisation, in preparation until then"


@dataclass(frozen=True)
class Marks:
    """The decision gives the filing's organisation dated marks the registry counts and shows (its evaluation
    grade, its entry on a credit list, its recognition as a charity): mark name → value from the day of the
    act, ending the mark's value before; None ends the mark. With `lasts`, a value ends of itself when that
    period has run (a grade is valid for five years)."""

    marks: Callable[[Context], Mapping[str, str | None]]
    lasts: Period | None = None

    def __str__(self) -> str:
        return "marks the organisation" + (f" for {self.lasts}" if self.lasts else "")


# What a decision does to the registry beside moving its filing: the filings service applies it in the
# transaction of the fire, with an audit event of the same action on the organisation (of the filing, for
# marks), so the calendar, the pages and the statistics follow the decision.
Effect = Registers | Changes | Ends | Enters | Marks


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: frozenset[StrEnum]
    target: StrEnum
    roles: frozenset[str]
    basis: Citation
    action: str  # the audit event, past tense: activity.filed
    requires: tuple[str, ...] = ()  # fields that must be set before it may fire
    guards: tuple[Guard, ...] = ()
    effect: Effect | None = None


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


@dataclass(frozen=True)
class CalendarDay:
    """A last day the law fixes in the calendar rather than as a period: "by 31 January each year" (FNGO Law
    art. 31(1)). The year is the one in int field `year_field` plus `offset` (a report on 2017 is due by
    31 January 2018: offset 1). It is the last day of a period all the same, so a rest day moves it to the
    next working day (Civil Code art. 203(1)), like any other last day."""

    month: int
    day: int
    year_field: str
    offset: int = 0

    def __post_init__(self) -> None:
        date(2000, self.month, self.day)  # refuses 31 April; 29 February would fail in three years of four
        if (self.month, self.day) == (2, 29):
            raise ValueError("a yearly last day cannot be 29 February")

    def in_year(self, year: int) -> date:
        return date(year + self.offset, self.month, self.day)

    def __str__(self) -> str:
        which = {0: "of", 1: "of the year after", -1: "of the year before"}.get(self.offset)
        which = which or f"{self.offset:+d} years from"
        return f"{self.day} {_MONTHS[self.month - 1]} {which} `{self.year_field}`"


@dataclass(frozen=True)
class Deadline:
    """A period the law sets. It opens when `opened_by` fires (or when the filing starts, `AT_START`),
    counting from that day or from the date in data field `counts_from`; or it ends on a `CalendarDay`. It
    is met by any of `met_by`; when it passes unmet, the sweep fires `on_expiry` (a system transition) if
    one is given, and otherwise only marks it expired."""

    name: str
    label: str
    period: Period | CalendarDay
    basis: Citation
    opened_by: str | None
    met_by: frozenset[str]
    counts_from: str | None = None
    on_expiry: str | None = None


class DefinitionError(Exception):
    pass


@dataclass(frozen=True)
class Procedure:
    code: str
    version: date  # the day this version of the rules came into force
    title_en: str
    title_zh: str
    basis: tuple[Citation, ...]
    states: type[StrEnum]
    initial: StrEnum
    fields: tuple[Field, ...]
    transitions: tuple[Transition, ...]
    deadlines: tuple[Deadline, ...] = ()
    # Fields shown beside the filing where its organisation's filings are listed: an inspection's year and
    # result, a listing's cause, a grade.
    summary: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_definition(self)

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        from ngoreg.errors import InvalidInput

        raise InvalidInput("transition", name, f"not in {self.code}; one of {', '.join(self.transition_names)}")

    @property
    def transition_names(self) -> list[str]:
        return [t.name for t in self.transitions]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def check_definition(p: Procedure) -> None:
    """Every state reachable, every name that is referred to defined, every citation in the statute as in force
    on the procedure version's day."""
    problems: list[str] = []
    states = set(p.states)
    names = [t.name for t in p.transitions]
    if len(set(names)) != len(names):
        problems.append("two transitions share a name")
    if p.initial not in states:
        problems.append(f"initial state {p.initial} is not a state")
    fields = {f.name: f for f in p.fields}
    field_names = set(fields)
    for t in p.transitions:
        if not t.source <= states or t.target not in states:
            problems.append(f"{t.name}: source or target is not a state of {p.code}")
        if not t.roles:
            problems.append(f"{t.name}: nobody may fire it")
        for r in t.requires:
            if r not in field_names:
                problems.append(f"{t.name}: requires undefined field {r}")
        kept_in = fields.get(t.effect.keeps_id_in) if isinstance(t.effect, Registers) else None
        if isinstance(t.effect, Registers) and (kept_in is None or kept_in.type != "int"):
            problems.append(f"{t.name}: keeps the new organisation's id in {t.effect.keeps_id_in}, not an int field")
    problems += [f"summary names undefined field {n}" for n in p.summary if n not in field_names]
    reached, frontier = {p.initial}, [p.initial]
    while frontier:
        s = frontier.pop()
        for t in p.transitions:
            if s in t.source and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    for s in sorted(states - reached):
        problems.append(f"state {s} cannot be reached")
    for d in p.deadlines:
        for ref in (*([d.opened_by] if d.opened_by else []), *d.met_by, *([d.on_expiry] if d.on_expiry else [])):
            if ref not in names:
                problems.append(f"deadline {d.name}: no transition {ref}")
        if isinstance(d.period, CalendarDay):
            if d.counts_from:
                problems.append(f"deadline {d.name}: a calendar day counts from nothing")
            year_field = fields.get(d.period.year_field)
            if year_field is None or year_field.type != "int":
                problems.append(f"deadline {d.name}: its year comes from {d.period.year_field}, not an int field")
        if d.on_expiry and d.on_expiry in names and p.transition(d.on_expiry).roles != {SYSTEM}:
            problems.append(f"deadline {d.name}: {d.on_expiry} must be a system transition")
        if d.counts_from and d.counts_from not in field_names:
            problems.append(f"deadline {d.name}: counts from undefined field {d.counts_from}")
    citations = [*p.basis, *(t.basis for t in p.transitions), *(g.basis for t in p.transitions for g in t.guards),
                 *(d.basis for d in p.deadlines), *(f.basis for f in p.fields if f.basis)]  # fmt: skip
    for c in citations:  # each against the text in force on the day this version of the rules came into force
        try:
            c.check(on=p.version)
        except Exception as exc:
            problems.append(f"citation {c}: {exc}")
    if problems:
        raise DefinitionError(f"procedure {p.code}: " + "; ".join(problems))
