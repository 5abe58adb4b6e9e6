"""Who is acting: a signed-in user with the grants in force now, or the public."""

from __future__ import annotations

from dataclasses import dataclass

from ngoreg.access.roles import RoleDef, Scope, role
from ngoreg.audit.repository import Actor


@dataclass(frozen=True)
class Grant:
    role: str
    scope: Scope
    org_id: int | None = None
    authority_id: int | None = None
    province: str | None = None

    @property
    def definition(self) -> RoleDef:
        return role(self.role)

    def workflow_roles(self) -> frozenset[str]:
        d = self.definition
        return d.workflow_roles | (d.national_workflow_roles if self.scope == Scope.NATIONAL else frozenset())

    def describe(self) -> str:
        target = {Scope.ORGANISATION: f" of organisation {self.org_id}", Scope.AUTHORITY: f" of authority "
                  f"{self.authority_id}", Scope.PROVINCE: f" for province {self.province}",
                  Scope.NATIONAL: " (national)", Scope.NONE: ""}[self.scope]  # fmt: skip
        return self.role + target


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    username: str
    name: str
    grants: tuple[Grant, ...] = ()

    @property
    def is_public(self) -> bool:
        return self.user_id is None

    def actor(self) -> Actor:
        """How the audit log names this person: the account (stable) and a copy of the name."""
        return Actor(f"user:{self.username}", self.name)


PUBLIC = Principal(None, "public", "the public")
