"""The registry over HTTP: organisations (as of any date), name search, authorities, counts, the published
figures and the statute texts — the same service calls as `ngoreg org|authority|figures|law …`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.orm import Session

from ngoreg import bounds
from ngoreg.access import facts, filters, policy, public
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action
from ngoreg.db.engine import driver_reading, transaction
from ngoreg.errors import InvalidInput, NotFound
from ngoreg.figures.service import list_figures
from ngoreg.law.acts import ACTS, Version, act
from ngoreg.law.citation import Citation
from ngoreg.law.periods import day_of
from ngoreg.law.texts import Statute, article, statute
from ngoreg.registry import service
from ngoreg.registry.repository import VIEW_ORG
from ngoreg.registry.validation import parse_date
from ngoreg.web.authz import PUBLIC_READ, declares, require_read
from ngoreg.web.cursor import Cursors
from ngoreg.web.http import errors
from ngoreg.web.principal import clock, current_principal
from ngoreg.web.schemas import (
    Act,
    ActText,
    ActVersion,
    Article,
    Authority,
    Chapter,
    Figure,
    IdPath,
    Organisation,
    OrganisationSummary,
    OrgCount,
    Page,
    Paragraph,
    SearchResults,
)

AS_OF = "The registry as it stood on this day (YYYY-MM-DD)"
CURSOR = "The `next` of the previous page"
ON = "The text in force on this day (YYYY-MM-DD); today by default"
Limit = Query(50, ge=1, le=1000, description="Rows per page")
# Whether the organisation is public, answered by the read of it (see `org_view`): the public's read of one
# organisation costs no statement more than the read.



def router(db_url: str, reader: Callable[[], Iterator[Session]], cursors: Cursors) -> APIRouter:
    api = APIRouter(prefix="/api/v1")

    @api.get("/organisations", response_model=Page[OrganisationSummary], tags=["organisations"],
             openapi_extra=declares(Action.READ_ORG))
    def organisations(
        kind: str | None = Query(None, description="foreign_ngo, representative_office, social_association, …"),
        province: str | None = Query(None, description="GB/T 2260 code, Chinese or English name"),
        status: str | None = Query(None, description="registered, active, deregistered or revoked"),
        origin: str | None = Query(None, description="ISO 3166 code or English name of the country of origin"),
        as_of: str | None = Query(None, description=AS_OF),
        cursor_: str | None = Query(None, alias="cursor", description=CURSOR),
        limit: int = Limit,
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
    ) -> Page[OrganisationSummary]:
        """Organisations in id order, filtered in the query, as they stood on `as_of` if given: those the
        caller may see (the public: what the law has announced)."""
        rows = service.list_organisations(s, kind=kind, province=province, status=status, origin=origin,
                                          as_of=parse_date(as_of, "as_of"), visible=filters.organisations(p),
                                          after_id=cursors.after_id("organisations", cursor_), limit=limit)  # fmt: skip
        return Page(items=rows, next=cursors.next_by_id("organisations", rows, limit))  # type: ignore[arg-type]

    @api.get("/organisations/search", response_model=SearchResults, tags=["organisations"],
             openapi_extra=declares(Action.READ_ORG))
    def search(
        q: str = Query(max_length=bounds.NAME, description="Any part of any name, Chinese or English; searched as "
                                                            "plain text"),
        limit: int = Query(20, ge=1, le=200, description="Results (ranked; not paged)"),
        whole_word: bool = False,
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
    ) -> SearchResults:
        """Every name an organisation goes by, ranked: whole name, start, whole word, substring; among the
        organisations the caller may see."""
        found = service.search_organisations(s, q, limit=limit, whole_word=whole_word, visible=filters.organisations(p))
        return SearchResults(items=found)  # type: ignore[arg-type]

    @api.get("/organisations/{org_id}", response_model=Organisation, tags=["organisations"],
             responses=errors(403), openapi_extra=declares(Action.READ_ORG))
    async def organisation(org_id: IdPath, request: Request,
                           as_of: str | None = Query(None, description=AS_OF)) -> Response:  # fmt: skip
        """One organisation with its relations and the spans of its history. The registry's most frequent
        read, so it is kept to the read itself: answered on the event loop (the thread pool costs more than
        the read), one statement on the driver's connection, whether it is public coming with the read (only
        an unpublished one asks what the caller may see), and the JSON written directly (the
        document is `Organisation`, as the schemathesis run checks; validating it again costs more than
        building it)."""
        p = await current_principal(request)  # the public's costs nothing; a bad token is a 401 even here
        on = parse_date(as_of, "as_of")
        with driver_reading(db_url) as driver:
            out, published = service.show_flagged(driver, org_id, as_of=on, flag=public.orgs_sql(VIEW_ORG))
        if not published:
            with transaction(db_url, write=False) as s:
                require_read(p, policy.can(p, Action.READ_ORG, facts.org_facts(s, org_id)), f"organisation {org_id}")
        return Response(json.dumps(out, ensure_ascii=False, separators=(",", ":")), media_type="application/json")

    # Authorities are public bodies: the registrars and supervisory units the Law names (arts. 6, 11(2)).
    @api.get("/authorities", response_model=Page[Authority], tags=["authorities"], openapi_extra=declares(PUBLIC_READ))
    def authorities(
        kind: str | None = Query(None, description="registrar_public_security, supervisory_unit, …"),
        province: str | None = Query(None, description="GB/T 2260 code, Chinese or English name"),
        cursor_: str | None = Query(None, alias="cursor", description=CURSOR),
        limit: int = Limit,
        s: Session = Depends(reader),
    ) -> Page[Authority]:
        rows = service.authorities(s, kind, province=province, after_id=cursors.after_id("authorities", cursor_),
                                   limit=limit)  # fmt: skip
        return Page(items=rows, next=cursors.next_by_id("authorities", rows, limit))  # type: ignore[arg-type]

    @api.get("/authorities/{authority_id}", response_model=Authority, tags=["authorities"],
             openapi_extra=declares(PUBLIC_READ))
    def authority(authority_id: IdPath, s: Session = Depends(reader)) -> Authority:
        return service.show_authority(s, authority_id)  # type: ignore[return-value]

    @api.get("/statistics/organisations", response_model=list[OrgCount], tags=["statistics"],
             openapi_extra=declares(Action.READ_STATISTICS))
    def statistics(
        by: str = Query("province", description="province, kind or status"),
        as_of: str | None = Query(None, description=AS_OF),
        kind: str | None = None,
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
    ) -> list[OrgCount]:
        """Organisations in the registry (registered or active) by one attribute: those the caller may see,
        so that a count tells nothing a list would not."""
        counts = service.count_by(s, by, as_of=parse_date(as_of, "as_of"), kind=kind, visible=filters.organisations(p))
        return [OrgCount(key=k, count=n) for k, n in counts]

    @api.get("/figures", response_model=Page[Figure], tags=["figures"], openapi_extra=declares(PUBLIC_READ))
    def figures(
        source: str | None = Query(None, description="Only figures from sources whose name starts so"),
        cursor_: str | None = Query(None, alias="cursor", description=CURSOR),
        limit: int = Limit,
        s: Session = Depends(reader),
    ) -> Page[Figure]:
        """The figures the source documents state, each with the file and line that states it."""
        rows, nxt = cursors.page("figures", list_figures(s, source), _figure_key, (str, int, str), cursor_,
                                limit)  # fmt: skip
        return Page(items=rows, next=nxt)  # type: ignore[arg-type]

    @api.get("/law", response_model=list[Act], tags=["law"], openapi_extra=declares(PUBLIC_READ))
    def acts() -> list[Act]:
        """The acts ngoreg ships or cites, with their codes and their texts."""
        return [_act(code) for code in ACTS]

    @api.get("/law/{code}", response_model=ActText, tags=["law"], responses=errors(404, 422),
             openapi_extra=declares(PUBLIC_READ))
    def act_text(code: str, request: Request, on: str | None = Query(None, description=ON)) -> ActText:
        """An act's chapters and the articles in each, in its text in force on `on` (today by default)."""
        s = _statute(code, _on(on, request))
        chapters = [Chapter(title=c, articles=[n for n, a in s.articles.items() if a.chapter == c]) for c in s.chapters]
        assert s.version is not None
        return ActText(**_act(code).model_dump(), title=s.title, version=_version(code, s.version), chapters=chapters)

    @api.get("/law/{code}/articles", response_model=Page[Article], tags=["law"], responses=errors(404, 422),
             openapi_extra=declares(PUBLIC_READ))
    def articles(code: str, request: Request, on: str | None = Query(None, description=ON),
                 cursor_: str | None = Query(None, alias="cursor", description=CURSOR),
                 limit: int = Limit) -> Page[Article]:  # fmt: skip
        """The articles of an act's text in force on `on` (today by default), in order, with their text."""
        s = _statute(code, _on(on, request))
        assert s.version is not None
        # a cursor is of one text: it is not taken for another's articles
        numbers, nxt = cursors.page(f"law/{code}/{s.version.in_force.isoformat()}", list(s.articles),
                                    lambda n: [n], (int,), cursor_, limit)  # fmt: skip
        return Page(items=[_article(code, n, s.version.in_force) for n in numbers], next=nxt)

    @api.get("/law/{code}/{number}", response_model=Article, tags=["law"], responses=errors(404, 422),
             openapi_extra=declares(PUBLIC_READ))
    def law(code: str, number: int, request: Request, on: str | None = Query(None, description=ON)) -> Article:
        """One article, by paragraph (款) and item (项), of the act's text in force on `on` (today by default)."""
        s = _statute(code, _on(on, request))
        assert s.version is not None
        return _article(code, number, s.version.in_force)

    return api


def _figure_key(r: dict[str, Any]) -> list[Any]:
    """The order `ngoreg figures list` prints them in: by source, line, key."""
    return [r["source"], r["line"] or 0, r["key"]]


def _on(value: str | None, request: Request) -> date:
    """The day `on` names, today (Beijing Time, by the app's clock) where none is given."""
    return parse_date(value, "on") or day_of(clock(request))


def _version(code: str, v: Version) -> ActVersion:
    return ActVersion(adopted=v.adopted, in_force=v.in_force, amended=v.amended, label=v.label_en,
                      shipped=v.file is not None,
                      articles=len(statute(code, v.in_force).articles) if v.file else 0)  # fmt: skip


def _act(code: str) -> Act:
    a = act(code)
    return Act(code=a.code, title_zh=a.title_zh, title_en=a.title_en, numbering=a.numbering, text_as_of=a.text_as_of,
               articles=len(statute(a.code).articles) if a.file else 0,
               versions=[_version(code, v) for v in a.versions])  # fmt: skip


def _statute(code: str, on: date) -> Statute:
    """The act's text in force on `on`; an unknown act, one not in force then, or one whose text is not shipped is
    not found."""
    try:
        return statute(code, on)
    except InvalidInput as exc:
        raise NotFound(str(exc)) from None


def _article(code: str, number: int, on: date) -> Article:
    try:
        art = article(code, number, on)
    except InvalidInput as exc:
        raise NotFound(str(exc)) from None
    c = Citation(code, number).as_of(on)
    return Article(act=code, number=number, in_force=c.version.in_force, citation=str(c), citation_zh=c.zh,
                   chapter=art.chapter, paragraphs=[Paragraph(text=p.text, items=p.items) for p in art.paragraphs])
