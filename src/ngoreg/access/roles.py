"""The roles an account may hold, as data: which scopes a grant of each takes, how far it reaches, which
actions it may take and which workflow roles (the `roles` of the procedures' transitions) it may act as.

"May this person act" is decided here and in `policy`; "does the law allow it now" stays with the guards of
the procedures. Both must say yes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ngoreg.errors import InvalidInput


class Scope(StrEnum):
    ORGANISATION = "organisation"
    AUTHORITY = "authority"
    PROVINCE = "province"
    NATIONAL = "national"
    NONE = "none"  # a role that is not tied to any organisation or territory


class Reach(StrEnum):
    """What a grant reaches beyond what is public."""

    OWN = "own"  # the granted organisation and the representative offices it set up
    PARTNER = "partner"  # the granted partner unit, and the filings in which it is the partner
    SPONSORED = "sponsored"  # what the granted supervisory unit sponsors (`sponsored_by` relations)
    TERRITORY = "territory"  # a province, or with national scope the whole country
    EVERYTHING = "everything"
    PUBLIC = "public"  # nothing beyond what the law publishes


class Action(StrEnum):
    READ_ORG = "read_org"
    READ_FILING = "read_filing"
    START_FILING = "start_filing"
    FIRE = "fire"  # checked through `Fire`, which names the workflow role
    READ_AUDIT = "read_audit"
    RUN_IMPORT = "run_import"
    MANAGE_USERS = "manage_users"
    READ_DUE = "read_due"
    READ_STATISTICS = "read_statistics"


@dataclass(frozen=True)
class Fire:
    """Firing a transition as one of the procedures' workflow roles (`registrar`, `psu`, …)."""

    role: str
    action = Action.FIRE


@dataclass(frozen=True)
class RoleDef:
    name: str
    title: str
    scopes: frozenset[Scope]
    reach: Reach
    actions: frozenset[Action]
    workflow_roles: frozenset[str] = frozenset()
    national_workflow_roles: frozenset[str] = frozenset()  # added when the grant's scope is national
    basis: str = ""


A = Action
READS = frozenset({A.READ_ORG, A.READ_FILING, A.READ_STATISTICS})
# What anyone may read, signed in or not, within what the law publishes (see `public`).
PUBLIC_ACTIONS = READS | {A.READ_AUDIT}

ROLES: dict[str, RoleDef] = {
    r.name: r
    for r in (
        RoleDef("foreign_ngo_staff", "Staff of a foreign NGO or its representative office",
                frozenset({Scope.ORGANISATION}), Reach.OWN,
                READS | {A.START_FILING, A.FIRE, A.READ_DUE, A.READ_AUDIT}, frozenset({"foreign_ngo"}),
                basis="FNGO Law arts. 12, 14, 19, 29, 30(2), 31: the NGO and its office apply, file and report"),
        RoleDef("partner_unit_staff", "Staff of a Chinese partner unit",
                frozenset({Scope.ORGANISATION}), Reach.PARTNER,
                READS | {A.START_FILING, A.FIRE, A.READ_DUE, A.READ_AUDIT}, frozenset({"partner_unit"}),
                basis="FNGO Law arts. 16, 17(1), 30(2): the partner unit files the temporary activity and reports"),
        RoleDef("psu_officer", "Officer of a professional supervisory unit",
                frozenset({Scope.AUTHORITY}), Reach.SPONSORED,
                READS | {A.FIRE, A.READ_DUE, A.READ_AUDIT}, frozenset({"psu"}),
                basis="FNGO Law arts. 11, 14, 19, 31(1), 43: consents, opinions and guidance to what it sponsors"),
        # The registrars of the Law are the provincial public security organs and the Ministry (art. 6(1));
        # sanctions are for public security organs at city level and above (art. 45), the list of the
        # unwelcome for the Ministry alone (art. 48(3)): a national grant adds the `mps` role.
        RoleDef("registrar_officer", "Officer of a registrar (public security organ)",
                frozenset({Scope.PROVINCE, Scope.NATIONAL}), Reach.TERRITORY,
                READS | {A.START_FILING, A.FIRE, A.READ_DUE, A.READ_AUDIT},
                frozenset({"registrar", "public_security"}), frozenset({"mps"}),
                basis="FNGO Law arts. 6(1), 12(3), 17, 31, 41, 45–48"),
        # The coordinating mechanism studies and coordinates the major issues (art. 7(2)); it decides no filing.
        RoleDef("coordinating_group_member", "Member of a coordinating small group (read only)",
                frozenset({Scope.PROVINCE, Scope.NATIONAL}), Reach.TERRITORY, READS | {A.READ_DUE},
                basis="FNGO Law art. 7(2)"),
        # No ECOSOC procedure exists yet; when one does, its roles (Committee, NGO Branch) are added here.
        RoleDef("ecosoc_officer", "Officer of the Committee on NGOs or the UN NGO Branch",
                frozenset({Scope.AUTHORITY}), Reach.PUBLIC, PUBLIC_ACTIONS,
                basis="ECOSOC resolution 1996/31"),
        RoleDef("researcher", "Researcher: the public registry and statistics",
                frozenset({Scope.NONE}), Reach.PUBLIC, PUBLIC_ACTIONS),
        # Keeps the system (accounts, imports) and reads everything; it is no organ of the Law, so it fires
        # no transition.
        RoleDef("administrator", "Administrator of the registry",
                frozenset({Scope.NONE}), Reach.EVERYTHING,
                READS | {A.READ_AUDIT, A.READ_DUE, A.RUN_IMPORT, A.MANAGE_USERS}),
    )
}  # fmt: skip


# Who drafts a filing, where that is not who fires its first transition: an office's registration and
# change begin with the supervisory unit's consent, but the foreign NGO prepares what the unit consents to
# (FNGO Law arts. 11(1), 12(1), 14). Other procedures are started by the roles of their first transitions.
STARTED_BY: dict[str, frozenset[str]] = {
    "fngo_office_registration": frozenset({"foreign_ngo"}),
    "fngo_office_change": frozenset({"foreign_ngo"}),
}


def role(name: str) -> RoleDef:
    try:
        return ROLES[name]
    except KeyError:
        raise InvalidInput("role", name, f"unknown role; one of {', '.join(ROLES)}") from None
