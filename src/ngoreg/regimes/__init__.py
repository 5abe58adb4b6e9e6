"""The regimes ngoreg implements, one package each: a regime's procedures, and everything they declare
(`workflow.regime.Regime`), live in `ngoreg/regimes/<code>/`, whose `REGIME` is found here by looking, not
by a list kept by hand. `register` adds a regime from elsewhere (a test's); the generic modules read the
declarations of all of them through `catalogue()`.

Regimes are checked one by one when they are built (`Regime.check`) and against each other here: two
regimes may not declare the same procedure, role, task or chart group."""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from ngoreg.access.roles import CORE_ROLES, RoleDef
from ngoreg.party.roles import ROLES as PARTY_ROLES
from ngoreg.workflow.regime import (
    Chart,
    ChartGroup,
    Check,
    Headline,
    LocalRule,
    Mark,
    OrgPage,
    Party,
    PublicThrough,
    Published,
    Regime,
    RegimeError,
    Starter,
    Task,
    YearlyDuty,
)
from ngoreg.workflow.spec import Guard, Procedure

# The roles of every regime: keeping the system, reading what is public, and the Party committees' reading
# of their placements (`ngoreg.party.roles`), which belong to no regime's procedures.
COMMON_ROLES = (*CORE_ROLES, *PARTY_ROLES)


@dataclass(frozen=True)
class Catalogue:
    """Every registered regime's declarations, indexed for the generic modules."""

    regimes: tuple[Regime, ...]
    version: int = 0  # changes whenever a regime is registered or withdrawn: a key for caches

    def __post_init__(self) -> None:
        problems = []
        rs = self.regimes
        for what, names in (("procedure", [{p.code for p in r.procedures} for r in rs]),
                            ("role", [{x.name for x in r.roles} for r in rs]),
                            ("task", [{t.key for t in r.tasks} for r in rs]),
                            ("chart group", [{g.key for g in r.chart_groups} for r in rs]),
                            ("chart", [{c.key for c in r.charts} for r in rs])):  # fmt: skip
            counts = Counter(n for group in names for n in group)
            problems += [f"{what} {n} is declared by two regimes" for n, k in counts.items() if k > 1]
        core = {r.name for r in COMMON_ROLES}
        problems += [f"regime {r.code}: role {x.name} is a role of every regime" for r in self.regimes for x in r.roles
                     if x.name in core]  # fmt: skip
        codes = Counter(r.code for r in self.regimes)
        problems += [f"regime {c} is registered twice" for c, k in codes.items() if k > 1]
        if problems:
            raise RegimeError("; ".join(problems))

    @cached_property
    def procedures(self) -> dict[str, dict[date, Procedure]]:
        """Every procedure's versions, each with the fields its localities' rules read laid on it."""
        out: dict[str, dict[date, Procedure]] = {}
        for r in self.regimes:
            for p in r.procedures:
                added = tuple(f for rule in r.local_rules if rule.procedure == p.code for f in rule.fields)
                out.setdefault(p.code, {})[p.version] = replace(p, fields=(*p.fields, *added)) if added else p
        return out

    @cached_property
    def local_rules(self) -> dict[str, tuple[LocalRule, ...]]:
        """Procedure code → the local rules laid on it."""
        out: dict[str, tuple[LocalRule, ...]] = {}
        for rule in (x for r in self.regimes for x in r.local_rules):
            out[rule.procedure] = (*out.get(rule.procedure, ()), rule)
        return out

    def local_guards(self, procedure: str, locality: str | None) -> dict[str, tuple[Guard, ...]]:
        """What the rules of `locality` add to the steps of `procedure`: step → guards."""
        out: dict[str, tuple[Guard, ...]] = {}
        for rule in self.local_rules.get(procedure, ()):
            if rule.locality == locality:
                out[rule.transition] = (*out.get(rule.transition, ()), rule.guard)
        return out

    @cached_property
    def regime_of(self) -> dict[str, Regime]:
        return {p.code: r for r in self.regimes for p in r.procedures}

    @cached_property
    def roles(self) -> dict[str, RoleDef]:
        return {r.name: r for r in (*(x for g in self.regimes for x in g.roles), *COMMON_ROLES)}

    @cached_property
    def parties(self) -> tuple[Party, ...]:
        return tuple(p for r in self.regimes for p in r.parties)

    @cached_property
    def starters(self) -> dict[str, Starter]:
        return {s.procedure: s for r in self.regimes for s in r.starters}

    @cached_property
    def published(self) -> dict[str, Published]:
        return {p.procedure: p for r in self.regimes for p in r.published}

    @cached_property
    def public_through(self) -> tuple[PublicThrough, ...]:
        return tuple(p for r in self.regimes for p in r.public_through)

    @cached_property
    def tasks(self) -> dict[str, Task]:
        return {t.key: t for r in self.regimes for t in r.tasks}

    @cached_property
    def duties(self) -> dict[str, YearlyDuty]:
        return {d.procedure: d for r in self.regimes for d in r.duties}

    @cached_property
    def start_fields(self) -> dict[str, tuple[str, ...]]:
        return {code: names for r in self.regimes for code, names in r.start_fields.items()}

    @cached_property
    def chart_groups(self) -> tuple[ChartGroup, ...]:
        return tuple(g for r in self.regimes for g in r.chart_groups)

    @cached_property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(c for r in self.regimes for c in r.charts)

    @cached_property
    def headlines(self) -> tuple[Headline, ...]:
        return tuple(h for r in self.regimes for h in r.headlines)

    @cached_property
    def checks(self) -> tuple[Check, ...]:
        return tuple(c for r in self.regimes for c in r.checks)

    @cached_property
    def marks(self) -> dict[str, Mark]:
        return {m.key: m for r in self.regimes for m in r.marks}

    @cached_property
    def org_pages(self) -> dict[str, OrgPage]:
        return {o.kind: o for r in self.regimes for o in r.org_pages}


def _discovered() -> tuple[Regime, ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        regime = getattr(module, "REGIME", None)
        if not isinstance(regime, Regime):
            raise RegimeError(f"package ngoreg.regimes.{info.name} declares no REGIME")
        found.append(regime)
    return tuple(found)


_current: Catalogue | None = None
_listeners: list[Callable[[], None]] = []


def catalogue() -> Catalogue:
    global _current
    if _current is None:
        _current = Catalogue(_discovered())
    return _current


def on_change(listener: Callable[[], None]) -> None:
    """Calls `listener` (a cache's `cache_clear`) whenever the regimes change."""
    _listeners.append(listener)


def _replace(regimes: tuple[Regime, ...]) -> None:
    global _current
    _current = Catalogue(regimes, catalogue().version + 1)
    for listener in _listeners:
        listener()


@contextmanager
def registered(regime: Regime) -> Iterator[Regime]:
    """`regime` is one of the regimes for the duration of the block (a regime a test defines)."""
    before = catalogue().regimes
    _replace((*before, regime))
    try:
        yield regime
    finally:
        _replace(before)
