"""The roles an account may hold, as data: which scopes a grant of each takes, how far it reaches, which
actions it may take and which workflow roles (the `roles` of the procedures' transitions) it may act as.

"May this person act" is decided here and in `policy`; "does the law allow it now" stays with the guards of
the procedures. Both must say yes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ngoreg.access.reach import EVERYTHING, PUBLIC, Reach
from ngoreg.errors import InvalidInput


class Scope(StrEnum):
    ORGANISATION = "organisation"
    AUTHORITY = "authority"
    PROVINCE = "province"
    NATIONAL = "national"
    NONE = "none"  # a role that is not tied to any organisation or territory


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
    READ_PLACEMENT = "read_placement"  # which Party committee an organisation sits under (`ngoreg.party`)


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
    # Its work queue is what its organisation (and what that set up) owes on its calendar, not the steps
    # of others' filings.
    owes: bool = False


A = Action
READS = frozenset({A.READ_ORG, A.READ_FILING, A.READ_STATISTICS})
# What anyone may read, signed in or not, within what the law publishes (see `public`).
PUBLIC_ACTIONS = READS | {A.READ_AUDIT}

# The roles of no regime: keeping the system and reading what is public. A regime adds its own
# (`Regime.roles`); `role` and `all_roles` read them all.
CORE_ROLES: tuple[RoleDef, ...] = (
    RoleDef("researcher", "Researcher: the public registry and statistics", frozenset({Scope.NONE}), PUBLIC,
            PUBLIC_ACTIONS),
    # Keeps the system (accounts, imports) and reads everything; it is no organ of any law, so it fires no
    # transition.
    RoleDef("administrator", "Administrator of the registry", frozenset({Scope.NONE}), EVERYTHING,
            READS | {A.READ_AUDIT, A.READ_DUE, A.READ_PLACEMENT, A.RUN_IMPORT, A.MANAGE_USERS}),
)  # fmt: skip


def all_roles() -> dict[str, RoleDef]:
    from ngoreg import regimes

    return regimes.catalogue().roles


def role(name: str) -> RoleDef:
    roles = all_roles()
    try:
        return roles[name]
    except KeyError:
        raise InvalidInput("role", name, f"unknown role; one of {', '.join(roles)}") from None
