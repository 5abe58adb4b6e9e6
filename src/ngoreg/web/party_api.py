"""The Party-building structure over HTTP, as `ngoreg party …` reads it: the committees (public bodies, like
the authorities), the coverage figures (public, like every count), and who sits under which committee —
which only the committees and the registrar concerned read (`party.roles`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from ngoreg.access import facts, filters, policy
from ngoreg.access.errors import Forbidden
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action
from ngoreg.errors import Refusal
from ngoreg.law.periods import day_of
from ngoreg.party import classes, service
from ngoreg.registry.validation import parse_date
from ngoreg.web.authz import PUBLIC_READ, declares, holds
from ngoreg.web.cursor import Cursors
from ngoreg.web.http import errors
from ngoreg.web.principal import clock, current_principal
from ngoreg.web.schemas import (
    Coverage,
    IdPath,
    Page,
    PartyClass,
    PartyCommittee,
    PartyCommitteeDetail,
    Placement,
    SeatedOrganisation,
)

AS_OF = "The structure as it stood on this day (YYYY-MM-DD); today by default"
CURSOR = "The `next` of the previous page"
Limit = Query(50, ge=1, le=1000, description="Rows per page")


def router(reader: Callable[[], Iterator[Session]], cursors: Cursors) -> APIRouter:
    api = APIRouter(prefix="/api/v1/party", tags=["party"])

    @api.get("/classes", response_model=list[PartyClass], openapi_extra=declares(PUBLIC_READ))
    def party_classes() -> list[PartyClass]:
        """The classes a joint committee may serve (seed 001: an industry, a category, a field)."""
        return [PartyClass(code=k, en=en, zh=zh) for k, (en, zh) in classes.known().items()]

    @api.get("/committees", response_model=Page[PartyCommittee], openapi_extra=declares(PUBLIC_READ))
    def committees(
        request: Request,
        locality: str | None = Query(None, description="A province: GB/T 2260 code, Chinese or English name"),
        tier: str | None = Query(None, description="comprehensive or joint"),
        class_: str | None = Query(None, alias="class", description="The class a joint committee serves"),
        as_of: str | None = Query(None, description=AS_OF),
        cursor_: str | None = Query(None, alias="cursor", description=CURSOR),
        limit: int = Limit,
        s: Session = Depends(reader),
    ) -> Page[PartyCommittee]:
        """The committees that existed on `as_of`, in id order, each joint committee with the number of
        organisations under it and of those with a Party organisation."""
        rows = service.list_committees(s, on=_on(as_of, request), locality=locality, tier=tier, class_code=class_,
                                       after_id=cursors.after_id("party/committees", cursor_), limit=limit)  # fmt: skip
        return Page(items=rows, next=cursors.next_by_id("party/committees", rows, limit))  # type: ignore[arg-type]

    @api.get("/committees/{committee_id}", response_model=PartyCommitteeDetail, responses=errors(404),
             openapi_extra=declares(PUBLIC_READ))
    def committee(committee_id: IdPath, request: Request, as_of: str | None = Query(None, description=AS_OF),
                  s: Session = Depends(reader)) -> PartyCommitteeDetail:  # fmt: skip
        """One committee with its source, the committee leading it or the joint committees it leads."""
        return service.show_committee(s, committee_id, on=_on(as_of, request))  # type: ignore[return-value]

    @api.get("/committees/{committee_id}/organisations", response_model=Page[SeatedOrganisation],
             responses=errors(403, 404), openapi_extra=declares(Action.READ_PLACEMENT))
    def seated(
        committee_id: IdPath,
        request: Request,
        as_of: str | None = Query(None, description=AS_OF),
        cursor_: str | None = Query(None, alias="cursor", description=CURSOR),
        limit: int = Limit,
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
    ) -> Page[SeatedOrganisation]:
        """The organisations sitting under a joint committee on `as_of` (under the joint committees a
        comprehensive committee leads), in id order: those whose placement the caller reads."""
        _may_read_placements(p)
        scope = f"party/committees/{committee_id}/organisations"
        rows = service.seated(s, committee_id, on=_on(as_of, request), visible=filters.placements(p),
                              after_id=cursors.after_id(scope, cursor_), limit=limit)  # fmt: skip
        return Page(items=rows, next=cursors.next_by_id(scope, rows, limit))  # type: ignore[arg-type]

    @api.get("/organisations/{org_id}", response_model=Placement, responses=errors(403, 404),
             openapi_extra=declares(Action.READ_PLACEMENT))
    def placement(org_id: IdPath, s: Session = Depends(reader),
                  p: Principal = Depends(current_principal)) -> Placement:  # fmt: skip
        """Every joint committee an organisation sat under, with the dates, and the spans it had a Party
        organisation of its own."""
        _may_read_placements(p)
        policy.require(policy.can(p, Action.READ_PLACEMENT, facts.org_facts(s, org_id)))
        return service.placement(s, org_id)  # type: ignore[return-value]

    @api.get("/coverage", response_model=Coverage, responses=errors(422),
             openapi_extra=declares(Action.READ_STATISTICS))
    def coverage(request: Request, by: str = Query("kind", description="committee, class or kind"),
                 as_of: str | None = Query(None, description=AS_OF),
                 s: Session = Depends(reader)) -> Coverage:  # fmt: skip
        """Social organisations with a Party organisation of their own on `as_of`, by joint committee, by
        the class its committee serves, or by kind; beside them the figures seed 001 states for Beijing."""
        return service.coverage(s, on=_on(as_of, request), by=by)  # type: ignore[return-value]

    return api


def _on(value: str | None, request: Request) -> date:
    """The day `as_of` names; today in Beijing (by the app's clock) where none is given."""
    return parse_date(value, "as_of") or day_of(clock(request))


def _may_read_placements(p: Principal) -> None:
    """Placements are never public: 403 without a grant that reads some (the public included, so that the
    answer tells nothing of which organisations sit where)."""
    if not holds(p, Action.READ_PLACEMENT):
        who = "the public" if p.is_public else p.username
        raise Forbidden([Refusal("permission", f"{who} holds no grant that reads Party committee placements, "
                                               "which are never public")])  # fmt: skip
