"""The Party-building structure's pages (seed 001): the tree of committees (comprehensive → joint →
organisations) a person folds and unfolds, with the coverage beside the figures seed 001 states, and a page
for each committee. The committees and the counts are public; the organisations under a committee are
listed only to those who read its placements (`party.roles`), as `/api/v1/party` lists them. A joint
committee's organisations are fetched when its branch is first unfolded (htmx), so that the tree of a
national registry — thousands of committees — stays one light page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from ngoreg.access import filters
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action
from ngoreg.errors import NgoregError
from ngoreg.law.periods import day_of
from ngoreg.party import service
from ngoreg.reference import KIND_LABELS, provinces
from ngoreg.registry.validation import parse_date
from ngoreg.web.authz import holds
from ngoreg.web.principal import clock, current_principal

PER_COMMITTEE = 100  # organisations the tree shows under a joint committee; its page shows them all, paged
PAGE_SIZE = 50


def router(reader: Callable[[], Iterator[Session]]) -> APIRouter:
    from ngoreg.web.pages import Page, _id  # the page machinery lives in the package; imported late (a cycle)

    pages = APIRouter()

    def reads_placements(p: Principal) -> bool:
        return holds(p, Action.READ_PLACEMENT)

    @pages.get("/party", response_class=HTMLResponse)
    def structure(request: Request, s: Session = Depends(reader),
                  p: Principal = Depends(current_principal)) -> HTMLResponse:  # fmt: skip
        page = Page(request)
        raw, locality = request.query_params.get("as_of", ""), request.query_params.get("locality", "")
        ctx: dict[str, Any] = {"tree": [], "coverage": None, "as_of": raw, "locality": locality,
                               "provinces": sorted(provinces().values(), key=lambda x: x.code),
                               "reads": reads_placements(p),
                               "kinds": {k.value: names for k, names in KIND_LABELS.items()}}  # fmt: skip
        try:
            on = parse_date(raw or None, "as_of") or day_of(clock(request))
            ctx["tree"] = service.tree(s, on=on, locality=locality or None)
            ctx["coverage"] = service.coverage(s, on=on, by="kind")
        except NgoregError as exc:
            return page.failed("party.html", exc, **ctx)
        ctx["as_of"] = on.isoformat()
        return page.render("party.html", **ctx)

    @pages.get("/party/committees/{committee_id}/organisations", response_class=HTMLResponse)
    def seated(committee_id: str, request: Request, s: Session = Depends(reader),
               p: Principal = Depends(current_principal)) -> HTMLResponse:  # fmt: skip
        """The first organisations under a committee, for its branch of the tree to swap in when unfolded."""
        page = Page(request)
        ctx: dict[str, Any] = {"rows": [], "more": False, "committee_id": committee_id, "as_of": "",
                               "reads": reads_placements(p)}  # fmt: skip
        try:
            cid = _id(committee_id, "committee")
            on = parse_date(request.query_params.get("as_of") or None, "as_of") or day_of(clock(request))
            ctx["as_of"] = on.isoformat()
            if ctx["reads"]:
                rows = service.seated(s, cid, on=on, visible=filters.placements(p), limit=PER_COMMITTEE + 1)
                ctx["rows"], ctx["more"] = rows[:PER_COMMITTEE], len(rows) > PER_COMMITTEE
        except NgoregError as exc:
            return page.failed("_party_seated.html", exc, **ctx)
        return page.render("_party_seated.html", **ctx)

    @pages.get("/party/committees/{committee_id}", response_class=HTMLResponse)
    def committee(committee_id: str, request: Request, s: Session = Depends(reader),
                  p: Principal = Depends(current_principal)) -> HTMLResponse:  # fmt: skip
        page = Page(request)
        raw = request.query_params.get("as_of", "")
        ctx: dict[str, Any] = {"committee": None, "province": None, "organisations": [], "next": None, "as_of": raw,
                               "reads": reads_placements(p)}  # fmt: skip
        try:
            cid = _id(committee_id, "committee")
            after = _id(request.query_params["after"], "after") if request.query_params.get("after") else 0
            on = parse_date(raw or None, "as_of") or day_of(clock(request))
            ctx["committee"] = service.show_committee(s, cid, on=on)
            ctx["province"] = provinces().get(ctx["committee"]["locality"])
            if ctx["reads"]:
                rows = service.seated(s, cid, on=on, visible=filters.placements(p), after_id=after, limit=PAGE_SIZE)
                ctx["organisations"] = rows
                ctx["next"] = rows[-1]["id"] if len(rows) == PAGE_SIZE else None
        except NgoregError as exc:
            return page.failed("party_committee.html", exc, **ctx)
        ctx["as_of"] = on.isoformat()
        return page.render("party_committee.html", **ctx)

    return pages
