"""Each role's decisions and list filters against the small registry of `conftest.World`: own objects
against others', and the single-object decision (`can`) against the list filter for every object, so that
what a list shows, counts and pages is exactly what may be read one by one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func, select

from ngoreg.access import facts, filters, public
from ngoreg.access.errors import Forbidden
from ngoreg.access.policy import acting_roles, can, require
from ngoreg.access.principal import PUBLIC, Grant, Principal
from ngoreg.access.roles import Action, Fire, Scope
from ngoreg.audit.models import AuditEvent
from ngoreg.db.engine import transaction
from ngoreg.filings.models import Filing
from ngoreg.registry.models import Organisation
from tests.access.conftest import BEIJING, SHANGHAI, World


def one(role: str, scope: Scope, **kw: object) -> Principal:
    return Principal(7, role, role, (Grant(role, scope, **kw),))  # type: ignore[arg-type]


PRINCIPALS: dict[str, Callable[[World], Principal]] = {
    "public": lambda w: PUBLIC,
    "ngo_a_staff": lambda w: one("foreign_ngo_staff", Scope.ORGANISATION, org_id=w.ngo_a),
    "office_a_staff": lambda w: one("foreign_ngo_staff", Scope.ORGANISATION, org_id=w.office_a),
    "partner_p_staff": lambda w: one("partner_unit_staff", Scope.ORGANISATION, org_id=w.partner_p),
    "psu1_officer": lambda w: one("psu_officer", Scope.AUTHORITY, authority_id=w.psu1),
    "registrar_beijing": lambda w: one("registrar_officer", Scope.PROVINCE, province=BEIJING),
    "registrar_national": lambda w: one("registrar_officer", Scope.NATIONAL),
    "group_shanghai": lambda w: one("coordinating_group_member", Scope.PROVINCE, province=SHANGHAI),
    "ecosoc": lambda w: one("ecosoc_officer", Scope.AUTHORITY, authority_id=w.psu2),
    "researcher": lambda w: one("researcher", Scope.NONE),
    "administrator": lambda w: one("administrator", Scope.NONE),
}


def public_orgs(w: World) -> set[int]:
    # ngo_c is known only from a draft; everything else has been announced or is a public body.
    return set(w.orgs) - {w.ngo_c}


def public_filings(w: World) -> set[int]:
    return {w.act_filed, w.report_pub}


# What each principal reads beyond the public part.
EXTRA_ORGS: dict[str, Callable[[World], set[int]]] = {
    "public": lambda w: set(),
    "ngo_a_staff": lambda w: {w.ngo_a, w.office_a},
    "office_a_staff": lambda w: {w.office_a},
    "partner_p_staff": lambda w: {w.partner_p, w.ngo_c},
    "psu1_officer": lambda w: {w.office_a},
    "registrar_beijing": lambda w: {w.office_a, w.partner_p},
    "registrar_national": lambda w: set(w.orgs),
    "group_shanghai": lambda w: {w.office_b, w.partner_q, w.social_x},
    "ecosoc": lambda w: set(),
    "researcher": lambda w: set(),
    "administrator": lambda w: set(w.orgs),
}
EXTRA_FILINGS: dict[str, Callable[[World], set[int]]] = {
    "public": lambda w: set(),
    "ngo_a_staff": lambda w: {w.reg_draft, w.report_a},
    "office_a_staff": lambda w: {w.report_a},
    "partner_p_staff": lambda w: {w.act_draft},
    "psu1_officer": lambda w: {w.report_a},
    "registrar_beijing": lambda w: {w.report_a, w.act_draft},  # the draft's partner unit is in Beijing
    "registrar_national": lambda w: set(w.filings),
    "group_shanghai": lambda w: {w.report_pub, w.act_filed},
    "ecosoc": lambda w: set(),
    "researcher": lambda w: set(),
    "administrator": lambda w: set(w.filings),
}


@pytest.mark.parametrize("who", list(PRINCIPALS))
def test_organisations_listed_are_those_each_may_read(world: World, who: str) -> None:
    p = PRINCIPALS[who](world)
    expected = public_orgs(world) | EXTRA_ORGS[who](world)
    with transaction(world.url, write=False) as s:
        listed = set(s.scalars(select(Organisation.id).where(filters.organisations(p))))
        counted = s.scalar(select(func.count()).select_from(Organisation).where(filters.organisations(p)))
        decided = {o for o in world.orgs if can(p, Action.READ_ORG, facts.org_facts(s, o))}
    assert listed == expected
    assert counted == len(expected)
    assert decided == expected


@pytest.mark.parametrize("who", list(PRINCIPALS))
def test_filings_listed_are_those_each_may_read(world: World, who: str) -> None:
    p = PRINCIPALS[who](world)
    expected = public_filings(world) | EXTRA_FILINGS[who](world)
    with transaction(world.url, write=False) as s:
        listed = set(s.scalars(select(Filing.id).where(filters.filings(p))))
        decided = {f for f in world.filings if can(p, Action.READ_FILING, facts.filing_facts(s, f))}
    assert listed == expected
    assert decided == expected


def test_a_refusal_says_why_and_require_raises_forbidden(world: World) -> None:
    with transaction(world.url, write=False) as s:
        draft = facts.filing_facts(s, world.act_draft)
    d = can(PUBLIC, Action.READ_FILING, draft)
    assert not d and "the public" in d.reason and "not published" in d.reason
    # every publication clause of every regime: the foreign NGO law's and the social organisations' among them
    assert d.basis == public.bases() and "FNGO Law arts. 13(1), 15, 17(1), 31(3), 49" in d.basis
    assert "Social Association Regulations arts. 23" in d.basis and "Charity Law arts. 10(2)" in d.basis
    with pytest.raises(Forbidden) as exc:
        require(d)
    assert exc.value.code == "forbidden" and exc.value.refusals[0].rule == "permission"


@pytest.mark.parametrize(
    ("who", "role", "filing", "allowed"),
    [
        ("ngo_a_staff", "foreign_ngo", "reg_draft", True),
        ("ngo_a_staff", "foreign_ngo", "act_filed", False),  # another NGO's filing
        ("ngo_a_staff", "registrar", "reg_draft", False),  # not a role it holds
        ("partner_p_staff", "partner_unit", "act_draft", True),
        ("partner_p_staff", "partner_unit", "act_filed", False),  # partner_q's activity
        ("psu1_officer", "psu", "report_a", True),
        ("psu1_officer", "psu", "report_pub", False),  # sponsored by psu2
        ("registrar_beijing", "registrar", "act_draft", True),  # filed where the partner unit is (art. 17(1))
        ("registrar_beijing", "registrar", "act_filed", False),  # Shanghai
        ("registrar_beijing", "mps", "act_draft", False),  # the Ministry's role needs national scope
        ("registrar_national", "mps", "act_filed", True),
        ("group_shanghai", "registrar", "act_filed", False),  # reads, never acts
        ("administrator", "registrar", "act_filed", False),  # keeps the system, decides nothing
        ("public", "partner_unit", "act_filed", False),
    ],
)  # fmt: skip
def test_firing_needs_the_workflow_role_within_the_grants_reach(
    world: World, who: str, role: str, filing: str, allowed: bool
) -> None:
    with transaction(world.url, write=False) as s:
        f = facts.filing_facts(s, getattr(world, filing))
    assert can(PRINCIPALS[who](world), Fire(role), f).allowed is allowed


def test_acting_roles_name_what_a_principal_may_act_as(world: World) -> None:
    with transaction(world.url, write=False) as s:
        draft, filed = facts.filing_facts(s, world.act_draft), facts.filing_facts(s, world.act_filed)
    assert acting_roles(PRINCIPALS["registrar_national"](world), filed) == {"registrar", "public_security", "mps"}
    assert acting_roles(PRINCIPALS["registrar_beijing"](world), draft) == {"registrar", "public_security"}
    assert acting_roles(PRINCIPALS["registrar_beijing"](world), filed) == set()


@pytest.mark.parametrize(
    ("who", "procedure", "org", "allowed"),
    [
        ("partner_p_staff", "fngo_temporary_activity", "ngo_c", True),  # art. 16: for a foreign NGO
        ("partner_p_staff", "fngo_temporary_activity", "office_a", False),
        ("partner_p_staff", "fngo_office_registration", "ngo_c", False),  # the NGO applies, not the partner
        ("ngo_a_staff", "fngo_office_registration", "ngo_a", True),
        ("ngo_a_staff", "fngo_office_registration", "ngo_b", False),
        ("registrar_beijing", "fngo_sanction", "office_a", True),
        ("registrar_beijing", "fngo_sanction", "office_b", False),
        ("researcher", "fngo_office_registration", "ngo_a", False),
    ],
)  # fmt: skip
def test_starting_a_filing(world: World, who: str, procedure: str, org: str, allowed: bool) -> None:
    with transaction(world.url, write=False) as s:
        start = facts.start_facts(s, procedure, getattr(world, org), date(2018, 1, 2))
    assert can(PRINCIPALS[who](world), Action.START_FILING, start).allowed is allowed


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("public", set()),  # obligations are not published
        ("researcher", set()),
        ("ngo_a_staff", {"reg_draft", "report_a"}),
        ("partner_p_staff", {"act_draft"}),  # its own closing reports (art. 30(2)), not ngo_c's other duties
        ("psu1_officer", {"report_a"}),
        ("group_shanghai", {"report_pub", "act_filed"}),
    ],
)
def test_due_filter_over_filings(world: World, who: str, expected: set[str]) -> None:
    p = PRINCIPALS[who](world)
    with transaction(world.url, write=False) as s:
        rows = set(s.scalars(select(Filing.id).where(filters.due(p, org_id=Filing.org_id, filing_id=Filing.id))))
        decided = {f for f in world.filings if can(p, Action.READ_DUE, facts.filing_facts(s, f))}
    assert rows == {getattr(world, name) for name in expected}
    assert decided == rows


@pytest.mark.parametrize("who", list(PRINCIPALS))
def test_audit_events_listed_are_those_each_may_read(world: World, who: str) -> None:
    p = PRINCIPALS[who](world)
    with transaction(world.url, write=False) as s:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        listed = set(s.scalars(select(AuditEvent.id).where(filters.audit_events(p))))
        decided = {e.id for e in events if can(p, Action.READ_AUDIT, facts.audit_facts(s, e))}
        subjects = {(e.subject_type, e.subject_id) for e in events if e.id in listed}
    assert listed == decided
    if who == "administrator":
        assert listed == {e.id for e in events}
    else:
        assert ("organisation", world.ngo_c) not in subjects or who in ("partner_p_staff", "registrar_national")
        assert not any(t == "authority" for t, _ in subjects)  # only the administrator reads those
    if who in ("public", "researcher"):
        assert {t for t, _ in subjects} == {"organisation"}  # a filing's history holds its drafts
    if who == "ngo_a_staff":
        assert ("filing", world.reg_draft) in subjects and ("filing", world.act_draft) not in subjects


@pytest.mark.parametrize("who", list(PRINCIPALS))
def test_only_the_administrator_manages_users_and_runs_imports(world: World, who: str) -> None:
    p = PRINCIPALS[who](world)
    assert can(p, Action.MANAGE_USERS).allowed is (who == "administrator")
    assert can(p, Action.RUN_IMPORT).allowed is (who == "administrator")
    assert can(p, Action.READ_STATISTICS).allowed


def test_the_public_sees_only_the_announced_fields_of_a_public_filing(world: World) -> None:
    from tests.access.conftest import filing_row

    f = filing_row(world.url, world.report_pub)
    shown = public.visible_data(f.procedure, f.data)
    assert shown["year"] == 2017 and "psu_opinion" not in shown and "psu_opinion" in f.data
    assert public.visible_data("no_such_procedure", {"x": 1}) == {}


def test_the_supervisory_unit_does_not_draft_the_application_it_consents_to(world: World) -> None:
    with transaction(world.url, write=False) as s:
        start = facts.start_facts(s, "fngo_office_registration", world.office_a, date(2018, 1, 2))
    assert start.starter_roles == {"foreign_ngo"}
    assert not can(PRINCIPALS["psu1_officer"](world), Action.START_FILING, start)


def test_every_role_name_fits_the_grants_column() -> None:
    from ngoreg.access.models import RoleGrant
    from ngoreg.access.roles import all_roles

    width = RoleGrant.__table__.c.role.type.length
    assert all_roles() and all(len(name) <= width for name in all_roles()), [n for n in all_roles() if len(n) > width]
