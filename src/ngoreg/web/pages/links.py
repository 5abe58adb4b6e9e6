"""Where a page's links lead its viewer. A link goes to a page only when the access policy that decides that
page lets the viewer open it. Otherwise the public is led to sign in and come back (`?next=`), since an
account may open it; a signed-in account is shown no link, since its grants do not reach the page and
following it would only say so."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ngoreg.access import filters
from ngoreg.access.principal import Principal
from ngoreg.registry.models import Organisation
from ngoreg.web.pages.forms import login_url


def to(p: Principal, allowed: bool, path: str) -> str | None:
    """The link to `path` for `p`, whom the policy does (`allowed`) or does not let open it."""
    if allowed:
        return path
    return login_url(path) if p.is_public else None


def readable(s: Session, p: Principal, ids: Iterable[int]) -> set[int]:
    """Of `ids`, the organisations `p` may read, in one read: `access.filters.organisations`, the rule
    `policy.can(READ_ORG)` applies to one organisation, over all of them."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    return set(s.scalars(select(Organisation.id).where(Organisation.id.in_(wanted), filters.organisations(p))))


def organisations(s: Session, p: Principal, ids: Iterable[int]) -> dict[int, str | None]:
    """The link to each organisation's page for `p`."""
    wanted = set(ids)
    may = readable(s, p, wanted)
    return {i: to(p, i in may, f"/organisations/{i}") for i in sorted(wanted)}
