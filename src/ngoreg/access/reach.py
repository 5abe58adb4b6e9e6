"""How far a grant reaches, as data a regime declares: terms over an organisation's facts or a filing's,
each defined once with both its Python test (`holds`, over `facts.OrgFacts` / `facts.FilingFacts`) and its
SQL condition (`sql`, over the organisations table or the filings table), side by side, so that the answer
for one object (`policy`) and the rows of a list (`filters`) cannot disagree. The tests hold them to the same
answers over every declared role.

The terms a regime composes:

* an organisation and what it set up — `Itself()`, `SetUp()`;
* what is tied to the grant's organisation or authority by a dated relation — `Related("sponsored_by",
  anchor="authority", grant_is="object")`: the organisations a supervisory unit sponsors;
* a territory at any level — `InTerritory()`: a grant for a division code reaches the organisations whose
  division code lies within it (110000 Beijing holds 110105 Chaoyang); a national grant reaches all;
* the filings that name the grant as a party — `Names(party)` (the partner unit, the supervisory unit a
  registration names, the registrar's province), and those whose party organisation lies in the grant's
  territory — `PartyIn(party)`;
* `Everything()`.

SQLAlchemy is imported where a condition is built, so that a command that reads no database (`ngoreg
procedure show`) loads the declarations without the database layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ngoreg.reference import Predicate

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy import ColumnElement

    from ngoreg.access.facts import FilingFacts, OrgFacts
    from ngoreg.access.principal import Grant
    from ngoreg.workflow.regime import Party

Anchor = Literal["org", "authority", "territory"]
NATIONAL = "national"  # `roles.Scope.NATIONAL`, which imports this module


def anchor_of(g: Grant, anchor: Anchor) -> Any:
    """What of a grant a party or a relation names: its organisation, its authority, or its territory
    (a division code; None for a national grant, which is no one division)."""
    return {"org": g.org_id, "authority": g.authority_id, "territory": g.province}[anchor]


def territory_bounds(code: str) -> tuple[str, str]:
    """The division codes within a GB/T 2260 code: a province (440000) holds 44xxxx, a prefecture (440300)
    holds 4403xx, a county (440305) itself."""
    prefix = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
    return prefix.ljust(6, "0"), prefix.ljust(6, "9")


def in_territory(g: Grant, code: str | None) -> bool:
    if g.scope == NATIONAL:
        return True
    if code is None or g.province is None:
        return False
    low, high = territory_bounds(g.province)
    return low <= code <= high


def territory_sql(g: Grant, column: Any) -> ColumnElement[bool]:
    from sqlalchemy import false, true

    if g.scope == NATIONAL:
        return true()
    if g.province is None:
        return false()
    low, high = territory_bounds(g.province)
    return column.between(low, high) if low != high else column == low  # type: ignore[no-any-return]


class OrgTerm(Protocol):
    def holds(self, g: Grant, o: OrgFacts) -> bool: ...

    def sql(self, g: Grant, o: Any) -> ColumnElement[bool]: ...


class FilingTerm(Protocol):
    def holds(self, g: Grant, f: FilingFacts) -> bool: ...

    def sql(self, g: Grant, f: Any) -> ColumnElement[bool]: ...


@dataclass(frozen=True)
class Itself:
    """The grant's own organisation."""

    def holds(self, g: Grant, o: OrgFacts) -> bool:
        return g.org_id is not None and o.id == g.org_id

    def sql(self, g: Grant, o: Any) -> ColumnElement[bool]:
        from sqlalchemy import false

        return o.c.id == g.org_id if g.org_id is not None else false()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class SetUp:
    """What the grant's organisation set up (a foreign NGO's representative offices)."""

    def holds(self, g: Grant, o: OrgFacts) -> bool:
        return g.org_id is not None and o.parent_id == g.org_id

    def sql(self, g: Grant, o: Any) -> ColumnElement[bool]:
        from sqlalchemy import false

        return o.c.parent_id == g.org_id if g.org_id is not None else false()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Related:
    """An organisation tied to the grant's organisation or authority (`anchor`) by a relation `predicate`,
    the grant being the relation's `grant_is` side and the organisation reached the other: a supervisory
    unit reaches what is `sponsored_by` it (`grant_is="object"`), a partner unit what it is `partner_of`
    (`grant_is="subject"`). Relations that have ended count too: what was sponsored stays in reach for its
    history."""

    predicate: Predicate
    anchor: Literal["org", "authority"]
    grant_is: Literal["subject", "object"]

    def holds(self, g: Grant, o: OrgFacts) -> bool:
        wanted = anchor_of(g, self.anchor)
        return wanted is not None and (self.predicate.value, self.grant_is, self.anchor, wanted) in o.related

    def sql(self, g: Grant, o: Any) -> ColumnElement[bool]:
        from sqlalchemy import false, select

        from ngoreg.registry.models import Relation

        wanted = anchor_of(g, self.anchor)
        if wanted is None:
            return false()
        mine, theirs = (self.grant_is, "subject" if self.grant_is == "object" else "object")
        reached = getattr(Relation, f"{theirs}_org_id")
        return o.c.id.in_(select(reached).where(  # type: ignore[no-any-return]
            Relation.predicate == self.predicate.value, getattr(Relation, f"{mine}_{self.anchor}_id") == wanted,
            reached.is_not(None)))  # fmt: skip


@dataclass(frozen=True)
class InTerritory:
    """An organisation whose division code lies in the grant's territory (all of them for a national grant)."""

    def holds(self, g: Grant, o: OrgFacts) -> bool:
        return in_territory(g, o.province)

    def sql(self, g: Grant, o: Any) -> ColumnElement[bool]:

        return territory_sql(g, o.c.province)


@dataclass(frozen=True)
class Everything:
    def holds(self, g: Grant, o: Any) -> bool:
        return True

    def sql(self, g: Grant, o: Any) -> ColumnElement[bool]:
        from sqlalchemy import true

        return true()


def reaches_all(t: Any, g: Grant) -> bool:
    """Whether term `t` reaches every organisation (or every filing) for grant `g`: then its SQL is no
    condition at all, not a subquery over the whole table."""
    return isinstance(t, Everything) or (isinstance(t, InTerritory) and g.scope == NATIONAL) or (
        isinstance(t, OnOrg) and any(reaches_all(x, g) for x in t.terms))


@dataclass(frozen=True)
class OnOrg:
    """A filing whose organisation one of `terms` reaches."""

    terms: tuple[OrgTerm, ...]

    def holds(self, g: Grant, f: FilingFacts) -> bool:
        return any(t.holds(g, f.org) for t in self.terms)

    def sql(self, g: Grant, f: Any) -> ColumnElement[bool]:
        from sqlalchemy import false, or_, select

        from ngoreg.registry.models import Organisation

        orgs = Organisation.__table__
        return f.org_id.in_(select(orgs.c.id).where(or_(false(), *(t.sql(g, orgs) for t in self.terms))))  # type: ignore[no-any-return]


def _party_column(f: Any, party: Party) -> Any:
    value = f.data[party.field]
    return value.as_string() if party.anchor == "territory" else value.as_integer()


def _on_its_procedures(f: Any, party: Party, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """`condition` on the filings of the procedures that record `party` only: another procedure's data may
    hold a field of that name (an import's, an older version's), which names no party (`facts.filing_facts`
    reads the party on the same procedures)."""
    from sqlalchemy import and_

    return and_(f.procedure.in_(sorted(party.procedures)), condition)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Names:
    """A filing that names the grant as `party` (its organisation, authority or territory)."""

    party: Party

    def holds(self, g: Grant, f: FilingFacts) -> bool:
        wanted = anchor_of(g, self.party.anchor)
        return wanted is not None and f.parties.get(self.party.field) == wanted

    def sql(self, g: Grant, f: Any) -> ColumnElement[bool]:
        from sqlalchemy import false

        wanted = anchor_of(g, self.party.anchor)
        if wanted is None:
            return false()  # type: ignore[no-any-return]
        return _on_its_procedures(f, self.party, _party_column(f, self.party) == wanted)


@dataclass(frozen=True)
class PartyIn:
    """A filing whose party organisation (`party`, anchored on an organisation) lies in the grant's
    territory: a temporary activity is filed where its partner unit is."""

    party: Party

    def holds(self, g: Grant, f: FilingFacts) -> bool:
        return in_territory(g, f.party_provinces.get(self.party.field)) if self.party.field in f.party_provinces \
            else False  # fmt: skip

    def sql(self, g: Grant, f: Any) -> ColumnElement[bool]:
        from sqlalchemy import select

        from ngoreg.registry.models import Organisation

        orgs = Organisation.__table__
        within = _party_column(f, self.party).in_(select(orgs.c.id).where(territory_sql(g, orgs.c.province)))
        return _on_its_procedures(f, self.party, within)


@dataclass(frozen=True)
class Reach:
    """What a grant reaches beyond what is public: organisations (`orgs`), filings (`filings`: by default
    those of the organisations it reaches), and whose obligations (`dues`: by default its organisations').
    With `procedures`, the filings it reaches are of those procedures only: an organisation may file under
    more than one regime (an association partners a foreign NGO and registers with civil affairs), and the
    organ of one regime that reaches it is not therefore the organ of the other's filings."""

    orgs: tuple[OrgTerm, ...] = ()
    filings: tuple[FilingTerm, ...] | None = None
    dues: tuple[OrgTerm, ...] | None = None
    procedures: frozenset[str] | None = None

    @property
    def filing_terms(self) -> tuple[FilingTerm, ...]:
        return self.filings if self.filings is not None else (OnOrg(self.orgs),) if self.orgs else ()

    @property
    def due_terms(self) -> tuple[OrgTerm, ...]:
        return self.dues if self.dues is not None else self.orgs

    @property
    def everything(self) -> bool:
        return any(isinstance(t, Everything) for t in self.orgs)

    @property
    def country_wide(self) -> bool:
        """Whether a national grant of it reaches every organisation."""
        return self.everything or any(isinstance(t, InTerritory) for t in self.orgs)

    @property
    def predicates(self) -> frozenset[Predicate]:
        terms = [*self.orgs, *self.due_terms, *(x for t in self.filing_terms if isinstance(t, OnOrg) for x in t.terms)]
        return frozenset(t.predicate for t in terms if isinstance(t, Related))

    # One object, in Python:
    def org(self, g: Grant, o: OrgFacts) -> bool:
        return any(t.holds(g, o) for t in self.orgs)

    def filing(self, g: Grant, f: FilingFacts) -> bool:
        return (self.procedures is None or f.procedure in self.procedures) and any(t.holds(g, f)
                                                                                  for t in self.filing_terms)

    def due(self, g: Grant, o: OrgFacts) -> bool:
        return any(t.holds(g, o) for t in self.due_terms)

    # Rows, in SQL (a term that reaches all for the grant makes the whole condition true):
    def all_orgs(self, g: Grant) -> bool:
        return any(reaches_all(t, g) for t in self.orgs)

    def all_filings(self, g: Grant) -> bool:
        return self.procedures is None and any(reaches_all(t, g) for t in self.filing_terms)

    def all_dues(self, g: Grant) -> bool:
        return any(reaches_all(t, g) for t in self.due_terms)

    def orgs_sql(self, g: Grant, o: Any) -> ColumnElement[bool]:
        return _any_of(self.all_orgs(g), (t.sql(g, o) for t in self.orgs))

    def filings_sql(self, g: Grant, f: Any) -> ColumnElement[bool]:
        everything = any(reaches_all(t, g) for t in self.filing_terms)
        if self.procedures is None:
            return _any_of(everything, (t.sql(g, f) for t in self.filing_terms))
        from sqlalchemy import and_

        # A term that reaches every organisation leaves the procedures alone as the condition, no subquery.
        of = f.procedure.in_(sorted(self.procedures))
        return of if everything else and_(of, _any_of(False, (t.sql(g, f) for t in self.filing_terms)))  # type: ignore[no-any-return]

    def dues_sql(self, g: Grant, o: Any) -> ColumnElement[bool]:
        return _any_of(self.all_dues(g), (t.sql(g, o) for t in self.due_terms))


def _any_of(everything: bool, conditions: Iterable[ColumnElement[bool]]) -> ColumnElement[bool]:
    from sqlalchemy import false, or_, true

    return true() if everything else or_(false(), *conditions)  # type: ignore[no-any-return]


EVERYTHING = Reach((Everything(),), (Everything(),))
PUBLIC = Reach()  # nothing beyond what the law publishes
