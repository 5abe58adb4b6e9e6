"""The coordinating groups over HTTP (FNGO Law art. 7(2)), as `ngoreg coordination …` shows them: the groups and
their facts with sources (public), the provinces' dashboard, and which groups coordinate an office or an
activity on a day. The groups are public facts; whatever tells of the registry follows its access rules: the
dashboard counts only what the caller may see, and an organisation or a filing is resolved only for a caller
who may read it (404 to the public otherwise, as if it did not exist; 403 to an account)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from ngoreg.access import facts, filters, policy
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action
from ngoreg.coordination import data, resolver
from ngoreg.errors import NgoregError, NotFound
from ngoreg.filings.actions import in_reach, readable
from ngoreg.law.periods import day_of
from ngoreg.reference import province as province_code
from ngoreg.registry.validation import parse_date
from ngoreg.web.authz import PUBLIC_READ, declares, require_read
from ngoreg.web.cursor import Cursors
from ngoreg.web.http import errors
from ngoreg.web.principal import clock, current_principal
from ngoreg.web.schemas import (
    CoordinatingGroup,
    CoordinatingGroupDetail,
    Coordination,
    IdPath,
    Page,
    ProvinceDashboardRow,
)

AS_OF = "As of this day (YYYY-MM-DD); today in Beijing by default"
CURSOR = "The `next` of the previous page"


class Level(StrEnum):
    national = "national"
    provincial = "provincial"


class GroupStatus(StrEnum):
    coordinating = "coordinating"
    not_yet = "not_yet"


class ProvinceStatus(StrEnum):
    coordinating = "coordinating"
    not_yet = "not_yet"
    not_reported = "not_reported"
    whole_mainland = "whole_mainland"
    province_unknown = "province_unknown"


def _group_key(r: dict[str, Any]) -> list[Any]:
    """National first, then the provinces by code."""
    return [0 if r["level"] == "national" else 1, r["province"] or "", r["key"]]


def _province_key(r: dict[str, Any]) -> list[Any]:
    return [r["province"] or "unknown"]


def as_of_day(value: str | None, request: Request) -> date:
    return parse_date(value, "as_of") or day_of(clock(request))


def router(reader: Callable[[], Iterator[Session]], cursors: Cursors) -> APIRouter:
    api = APIRouter(prefix="/api/v1/coordination", tags=["coordination"])

    @api.get("/groups", response_model=Page[CoordinatingGroup], openapi_extra=declares(PUBLIC_READ))
    def groups(
        request: Request,
        level: Level | None = Query(None, description="national or provincial"),
        province: str | None = Query(None, max_length=100, description="GB/T 2260 code, Chinese or English name"),
        status: GroupStatus | None = Query(None, description="Only groups coordinating (or not yet) on `as_of`"),
        as_of: str | None = Query(None, description=AS_OF),
        cursor_: str | None = Query(None, alias="cursor", description=CURSOR),
        limit: int = Query(50, ge=1, le=1000, description="Rows per page"),
    ) -> Page[CoordinatingGroup]:
        """The coordinating groups the sources report, national first, then by province: public facts."""
        on = as_of_day(as_of, request)
        code = province_code(province, "province") if province else None
        rows = [resolver.summary(g, on) for g in data.groups().values()
                if (level is None or g.level == level.value) and (code is None or g.province == code)]  # fmt: skip
        rows = [r for r in rows if status is None or r["status"] == status.value]
        page, nxt = cursors.page("coordination/groups", rows, _group_key, (int, str, str), cursor_, limit)
        return Page(items=page, next=nxt)  # type: ignore[arg-type]

    @api.get("/groups/{group}", response_model=CoordinatingGroupDetail, responses=errors(404),
             openapi_extra=declares(PUBLIC_READ))  # fmt: skip
    def group(group: str, request: Request,
              as_of: str | None = Query(None, description=AS_OF)) -> CoordinatingGroupDetail:  # fmt: skip
        """One group with every fact and its source; by key (`national`, `gansu`) or province. A province with no
        reported group is not found."""
        on = as_of_day(as_of, request)
        if len(group) > 100:
            raise NotFound(f"group: {group[:40]!r}…: no such group")
        return resolver.detail(data.group(group), on)  # type: ignore[return-value]

    @api.get("/provinces", response_model=Page[ProvinceDashboardRow], openapi_extra=declares(Action.READ_STATISTICS))
    def provinces(
        request: Request,
        status: ProvinceStatus | None = Query(None, description="Only provinces in this state on `as_of`"),
        as_of: str | None = Query(None, description=AS_OF),
        cursor_: str | None = Query(None, alias="cursor", description=CURSOR),
        limit: int = Query(50, ge=1, le=1000, description="Rows per page"),
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
    ) -> Page[ProvinceDashboardRow]:
        """Per province: whether a group is reported and coordinates on `as_of`; the registry's offices registered
        and activities begun by then, of those the caller may see; ChinaFile's counts beside them."""
        on = as_of_day(as_of, request)
        rows = resolver.dashboard(s, on, visible_orgs=filters.organisations(p), visible_filings=filters.filings(p),
                                  chinafile=resolver.chinafile_counts(s, on))  # fmt: skip
        rows = [r for r in rows if status is None or r["status"] == status.value]
        page, nxt = cursors.page("coordination/provinces", rows, _province_key, (str,), cursor_, limit)
        return Page(items=page, next=nxt)  # type: ignore[arg-type]

    @api.get("/organisations/{org_id}", response_model=Coordination, responses=errors(403),
             openapi_extra=declares(Action.READ_ORG))  # fmt: skip
    def organisation(org_id: IdPath, request: Request, as_of: str | None = Query(None, description=AS_OF),
                     s: Session = Depends(reader),
                     p: Principal = Depends(current_principal)) -> Coordination:  # fmt: skip
        """The groups that coordinate a representative office on `as_of`: the national group and its province's
        (or `not_reported`); any other organisation with the reason it is not coordinated."""
        on = as_of_day(as_of, request)
        require_read(p, policy.can(p, Action.READ_ORG, facts.org_facts(s, org_id)), f"organisation {org_id}")
        return resolver.resolve_org(s, org_id, on)  # type: ignore[return-value]

    @api.get("/filings/{filing_id}", response_model=Coordination, responses=errors(403),
             openapi_extra=declares(Action.READ_FILING))  # fmt: skip
    def filing(filing_id: IdPath, request: Request, as_of: str | None = Query(None, description=AS_OF),
               s: Session = Depends(reader), p: Principal = Depends(current_principal)) -> Coordination:  # fmt: skip
        """The groups that coordinate a temporary activity on `as_of`: the national group and the group of each
        province it takes place in (ChinaFile's provinces, else the partner unit's, where the caller may read it)."""
        on = as_of_day(as_of, request)
        return resolve_filing(s, p, filing_id, on)  # type: ignore[return-value]

    return api


def may_read_org(s: Session, p: Principal) -> Callable[[int], bool]:
    def may(org_id: int) -> bool:
        try:
            return bool(policy.can(p, Action.READ_ORG, facts.org_facts(s, org_id)))
        except NgoregError:
            return False

    return may


def resolve_filing(s: Session, p: Principal, filing_id: int, on: date) -> dict[str, Any]:
    """A filing's coordination as `p` may read it (404/403 as the filing's own read)."""
    f = readable(s, p, filing_id)
    return resolver.resolve_filing(s, filing_id, on, None if in_reach(p, f) else may_read_org(s, p))
