"""How the API answers the rules of access (`ngoreg.access.policy`), the same way on every endpoint.

Every route declares the action it takes (`declares`, shown in the OpenAPI document as `x-action`):

* An action no grant of the caller gives (starting imports, reading the calendar, …) is a 403 with the
  reason, for the public too: the endpoint's existence is no secret.
* An object the caller may not read is a 404 to the public, exactly as if it did not exist, so that nobody
  can learn from the answer which drafts, applications or unpublished organisations there are. A signed-in
  account gets a 403 with the reason instead: it is known, and told which grant it lacks.
* An object the caller may read but not act on (fire, start) is a 403.
* Lists carry the `access.filters` condition in their query, so what is left out changes no page or count.
"""

from __future__ import annotations

from typing import Any

from ngoreg.access import policy
from ngoreg.access.errors import Forbidden
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action, Scope
from ngoreg.errors import Refusal

# What the routes that are not one of `Action` take: open to everyone, or needing a reach over everything.
PUBLIC_READ = "public_read"  # procedures, law, figures, authorities, statistics: published by nature
SESSION = "session"  # signing in and out, and who am I
NATIONAL_READ = "national_read"  # checks over every record: a national reach or the administrator's
VERIFY_AUDIT = "verify_audit"  # the whole chain: the administrator's


def declares(action: Action | str) -> dict[str, Any]:
    """The route's `openapi_extra`: the action it takes."""
    return {"x-action": str(action)}


require_read = policy.require_read  # (see the module's docstring)


def holds(p: Principal, action: Action) -> bool:
    """Whether some grant of `p` takes `action` at all: where nothing of the kind is public (obligations,
    placements), one without is refused outright, whatever object it asks for."""
    return any(action in g.definition.actions for g in p.grants)


def reaches_all(p: Principal, action: Action) -> bool:
    """Whether a grant of `p` for `action` reaches the whole country (the administrator, a national
    registrar or coordinating group)."""
    return any(action in g.definition.actions and (g.definition.reach.everything or (
        g.definition.reach.country_wide and g.scope == Scope.NATIONAL)) for g in p.grants)  # fmt: skip


def require_all(p: Principal, action: Action, what: str, *, everything_only: bool = False) -> None:
    ok = any(action in g.definition.actions and g.definition.reach.everything for g in p.grants) \
        if everything_only else reaches_all(p, action)  # fmt: skip
    if not ok:
        who = "the public" if p.is_public else p.username
        raise Forbidden([Refusal("permission", f"{who} may not read {what}: it needs a grant that reaches "
                                               f"{'everything' if everything_only else 'the whole country'}")])
