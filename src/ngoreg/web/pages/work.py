"""The "My work" page: the signed-in person's work queues (`filings.queues`), one per grant, each by the
day its items are due, in Chinese or English. The same service answers `GET /api/v1/work`.

The public has no work: it is sent to sign in and come back (`/login?next=/work`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ngoreg.access.principal import Grant, Principal
from ngoreg.access.roles import Scope
from ngoreg.errors import NgoregError
from ngoreg.filings import queues
from ngoreg.law.periods import day_of
from ngoreg.reference import provinces
from ngoreg.registry import repository as registry_repo
from ngoreg.web.pages import Page, i18n, links
from ngoreg.web.principal import clock, current_principal

LOGIN = "/login?next=/work"

def scope_text(s: Session, page: Page, g: Grant) -> str:
    """Where a grant reaches, in the page's language: the country, the province, or the authority's or
    organisation's name (its id if it has none in the page's language or the other)."""
    match g.scope:
        case Scope.NATIONAL:
            return page._("the whole country")
        case Scope.PROVINCE:
            p = provinces().get(g.province or "")
            return (p.name_zh if page.lang == "zh" else p.name_en) if p else str(g.province)
        case Scope.AUTHORITY:
            a = registry_repo.get_authority(s, g.authority_id) if g.authority_id else None
            name = i18n.pick(page.lang, a.name_zh, a.name_en) if a else None
            return name or page._("authority %(id)s") % {"id": g.authority_id}
        case Scope.ORGANISATION:
            o = registry_repo.get_org(s, g.org_id) if g.org_id else None
            name = i18n.pick(page.lang, o.name_zh, o.name_en) if o else None
            return name or page._("organisation %(id)s") % {"id": g.org_id}
    return ""


def router(reader: Callable[[], Iterator[Session]]) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/work", response_class=HTMLResponse)
    def my_work(request: Request, s: Session = Depends(reader), p: Principal = Depends(current_principal),
                now: datetime = Depends(clock)) -> Response:  # fmt: skip
        if p.is_public:
            return RedirectResponse(LOGIN, status_code=303)
        page = Page(request)
        today = day_of(now)
        try:
            found = queues.queues(s, p, today=today)
        except NgoregError as exc:
            return page.failed("work.html", exc, queues=[], today=today.isoformat(), scope=lambda g: "",
                               org_href=lambda i: None)
        hrefs = links.organisations(s, p, [i.org_id for q in found for i in q.items])
        return page.render("work.html", queues=found, today=today.isoformat(),
                           scope=lambda g: scope_text(s, page, g), org_href=hrefs.get)

    return pages
