"""Every role every registered regime declares, with every scope it may be granted at and every anchor the
small registry of `tests.access.conftest.World` offers, is held to one answer: the organisations, filings and
obligations its list filter (SQL) returns are exactly those its single-object decision (Python) allows. The
grants are generated from the declarations, so a role a regime adds is checked without a line here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from sqlalchemy import select, update

from ngoreg import regimes
from ngoreg.access import facts, filters
from ngoreg.access.policy import can
from ngoreg.access.principal import Grant, Principal
from ngoreg.access.roles import Action, Scope
from ngoreg.db.engine import transaction
from ngoreg.filings.models import Filing
from ngoreg.registry import service as registry
from ngoreg.registry.models import Organisation
from ngoreg.registry.validation import org_record
from ngoreg.workflow.regime import Regime
from tests.access.conftest import BEIJING, SHANGHAI, World
from tests.conftest import ACTOR, NOW
from tests.regimes import toy

CHAOYANG, BEIJING_CITY = "110105", "110100"  # a county-level district of Beijing, and the prefecture level


def district_org(w: World) -> int:
    """An organisation registered in a district of Beijing. The registry keeps a province today; the column
    holds any GB/T 2260 code, as a county-level registration will record (Social Association Regulations art.
    7), so the code is written to it directly."""
    with transaction(w.url) as s:
        o = registry.add_organisation(s, org_record(kind="social_association", name_en="Chaoyang Elders",
                                                    province=BEIJING), actor=ACTOR, now=NOW)  # fmt: skip
        s.execute(update(Organisation).where(Organisation.id == o).values(province=CHAOYANG))
    return o


def grants(w: World) -> Iterator[Grant]:
    anchors = {
        Scope.ORGANISATION: [{"org_id": o} for o in w.orgs],
        Scope.AUTHORITY: [{"authority_id": a} for a in (w.psu1, w.psu2)],
        Scope.PROVINCE: [{"province": p} for p in (BEIJING, BEIJING_CITY, CHAOYANG, SHANGHAI)],
        Scope.NATIONAL: [{}],
        Scope.NONE: [{}],
    }
    for name, role in sorted(regimes.catalogue().roles.items()):
        for scope in sorted(role.scopes):
            for anchor in anchors[scope]:
                yield Grant(name, scope, **anchor)  # type: ignore[arg-type]


@pytest.mark.parametrize("extra", [(), (toy.REGIME,)], ids=["shipped", "with the test regime"])
def test_each_declared_grant_lists_what_it_decides_it_may_read(world: World, extra: tuple[Regime, ...]) -> None:
    with ExitStack() as stack:
        for r in extra:
            stack.enter_context(regimes.registered(r))
        held_to_one_answer(world)


def stray_party_fields(w: World) -> None:
    """Report_a carries every declared party's field in its data, though its procedure records none of those
    parties (an import or an older version may leave such data): a party names a grant only on the
    procedures it is declared for, in the list filter as in the decision."""
    values = {"org": w.partner_q, "authority": w.psu2, "territory": SHANGHAI}
    with transaction(w.url) as s:
        f = s.get(Filing, w.report_a)
        assert f is not None
        stray = {p.field: values[p.anchor] for p in regimes.catalogue().parties if f.procedure not in p.procedures}
        assert stray  # the shipped regime's parties are on other procedures than the annual report
        f.data = {**f.data, **stray}


def held_to_one_answer(world: World) -> None:
    chaoyang = district_org(world)
    stray_party_fields(world)
    orgs = [*world.orgs, chaoyang]
    checked = 0
    with transaction(world.url, write=False) as s:
        org_facts = {o: facts.org_facts(s, o) for o in orgs}
        filing_facts = {f: facts.filing_facts(s, f) for f in world.filings}
        for g in grants(world):
            p = Principal(7, "someone", "Someone", (g,))
            listed = set(s.scalars(select(Organisation.id).where(Organisation.id.in_(orgs),
                                                                 filters.organisations(p))))  # fmt: skip
            assert listed == {o for o in orgs if can(p, Action.READ_ORG, org_facts[o])}, g.describe()
            listed = set(s.scalars(select(Filing.id).where(filters.filings(p))))
            assert listed == {f for f in world.filings if can(p, Action.READ_FILING, filing_facts[f])}, g.describe()
            due = set(s.scalars(select(Organisation.id).where(Organisation.id.in_(orgs),
                                                              filters.due(p, org_id=Organisation.id))))  # fmt: skip
            assert due == {o for o in orgs if can(p, Action.READ_DUE, org_facts[o])}, g.describe()
            due = set(s.scalars(select(Filing.id).where(filters.due(p, org_id=Filing.org_id, filing_id=Filing.id))))
            assert due == {f for f in world.filings if can(p, Action.READ_DUE, filing_facts[f])}, g.describe()
            checked += 1
    assert checked >= len(regimes.catalogue().roles)


def test_a_registrar_reaches_its_territory_at_every_level(world: World) -> None:
    chaoyang = district_org(world)
    registrar = next(n for n, r in regimes.catalogue().roles.items() if "registrar" in r.workflow_roles)
    with transaction(world.url, write=False) as s:
        def reached(division: str) -> set[int]:
            p = Principal(7, "r", "R", (Grant(registrar, Scope.PROVINCE, province=division),))
            # its obligations, which are never public: what it reaches, not what everyone may read
            return set(s.scalars(select(Organisation.id).where(filters.due(p, org_id=Organisation.id))))

        beijing, city, district, shanghai = (reached(c) for c in (BEIJING, BEIJING_CITY, CHAOYANG, SHANGHAI))
    assert chaoyang in beijing and chaoyang in city and chaoyang in district
    assert chaoyang not in shanghai
    assert world.office_a in beijing and world.office_a not in district  # office_a is Beijing's, no district
    assert world.office_b in shanghai and world.office_b not in beijing


def test_a_grant_that_reaches_every_organisation_filters_nothing() -> None:
    # a national registrar's lists are not a subquery over the whole table: its condition is no condition, or
    # for the filings of a reach held to some procedures (`Reach.procedures`), the procedure's column alone
    national = [Principal(7, "n", "N", (Grant(n, Scope.NATIONAL),)) for n, r in regimes.catalogue().roles.items()
                if Scope.NATIONAL in r.scopes and r.reach.country_wide]  # fmt: skip
    assert national
    for p in national:
        said = {k: str(c.compile(compile_kwargs={"literal_binds": True})) for k, c in (
            ("orgs", filters.organisations(p)), ("filings", filters.filings(p)),
            ("dues", filters.due(p, org_id=Organisation.id)))}  # fmt: skip
        assert said["orgs"] == said["dues"] == "true", p.grants[0].describe()
        if p.grants[0].definition.reach.procedures is None:
            assert said["filings"] == "true", p.grants[0].describe()
        else:
            assert "SELECT" not in said["filings"].upper(), p.grants[0].describe()
    beijing = Principal(7, "b", "B", (Grant(national[0].grants[0].role, Scope.PROVINCE, province=BEIJING),))
    assert str(filters.organisations(beijing).compile(compile_kwargs={"literal_binds": True})) != "true"
