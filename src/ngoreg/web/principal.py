"""Who is acting on a request: the seam where accounts and roles (`ngoreg.access`) will plug in.

Until then `current_principal` answers None and the filing endpoints act as the role named in the request
(`role` in the body, `as` in the query), exactly as `ngoreg filing … --as ROLE` does on the command line.
Once accounts exist, this dependency resolves the session cookie or bearer token into a `Principal`, and
`acting` takes the actor (and, where the access rules say so, the role) from it instead of the request."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from ngoreg.audit.repository import Actor


@dataclass(frozen=True)
class Principal:
    """An authenticated account and the roles it holds (filled in by the access layer)."""

    id: str
    name: str
    roles: frozenset[str] = frozenset()


def current_principal(request: Request) -> Principal | None:
    """The account a request acts for. No authentication exists yet, so nobody: every caller is anonymous."""
    del request
    return None


def acting(principal: Principal | None, role: str) -> Actor:
    """The actor an audit event records: the account once there is one, else the role the request names."""
    if principal is None:
        return Actor(role, role)
    return Actor(principal.id, principal.name)
