"""The public pages: the registry with search as you type, an organisation, its compliance calendar, the
statute reader and the dashboards. Server-rendered with Jinja2 in Chinese or English (see `i18n`); HTMX
(vendored under `static/`, see static/README.md) swaps the search results in as the user types.

Every page calls the same services as the API and the CLI. Bad input never reaches a 500: a service's
`InvalidInput` renders the page with a message naming the field, with status 422; a missing object 404."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from ngoreg import regimes
from ngoreg.access import facts, policy
from ngoreg.access import filters as access_filters
from ngoreg.access.errors import Forbidden
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action
from ngoreg.compliance import calendar
from ngoreg.compliance.ics import ics
from ngoreg.errors import InvalidInput, NgoregError, NotFound, Refused
from ngoreg.figures.service import list_figures
from ngoreg.law.acts import ACTS, act
from ngoreg.law.periods import day_of
from ngoreg.law.texts import statute
from ngoreg.reference import KIND_LABELS, AuthorityKind, OrgKind, fields_of_work, provinces
from ngoreg.registry import service as registry
from ngoreg.registry.validation import parse_date
from ngoreg.reporting.csv_files import csv_text
from ngoreg.web import authz
from ngoreg.web.pages import (
    charts,
    citations,
    coordination,
    filing_pages,
    i18n,
    links,
    overview,
    party_pages,
    sentences,
    session_pages,
)
from ngoreg.web.pages.charts import N_
from ngoreg.web.pages.forms import here, to_login
from ngoreg.web.principal import clock, current_principal

HERE = os.path.dirname(os.path.dirname(__file__))
PAGE_SIZE = 50
FILTERS = ("kind", "province", "origin", "field", "status", "psu")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")  # fmt: skip

# What the law says the public is told about an organisation of each kind, (act, article), where no regime
# says it (`Regime.org_pages`).
PUBLISHED: dict[str, tuple[tuple[str, int], ...]] = {"foundation": (("foundation_regs", 19),)}


def published_articles(kind: str) -> tuple[tuple[str, int], ...]:
    page = regimes.catalogue().org_pages.get(kind)
    return page.articles if page is not None else PUBLISHED.get(kind, ())

# Labels of codes the pages show, marked for the catalogue (`charts.N_` returns its argument).
LABELS = [
    N_("registered"), N_("active"), N_("deregistered"), N_("revoked"),
    N_("upcoming"), N_("due"), N_("overdue"), N_("met"), N_("met late"),
    N_("sponsored_by:out"), N_("sponsored_by:in"), N_("registered_with:out"), N_("registered_with:in"),
    N_("partner_of:out"), N_("partner_of:in"), N_("member_of:out"), N_("member_of:in"), N_("leads:out"),
    N_("leads:in"), N_("sits_under:out"), N_("sits_under:in"), N_("office_of:out"), N_("office_of:in"),
    N_("organisation.registered"), N_("organisation.added"), N_("organisation.changed"), N_("relation.recorded"),
    N_("office.registered"), N_("office.deregistered"), N_("office.particulars_recorded"), N_("office.applied"),
    N_("foundation.particulars_recorded"),
    N_("office.psu_consented"), N_("office.registration_refused"), N_("office.representatives_appointed"),
]  # fmt: skip

def link_citations(text: Any, lang: str = "en") -> Markup:
    """Every citation in a text (`FNGO Law art. 17(1)`) as a link to the article in the statute reader, in the
    page's language (`citations`)."""
    return citations.link(text, lang)


def _environment(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(os.path.join(HERE, "templates")), autoescape=select_autoescape(),
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["cite"] = lambda text: citations.link(text, lang)
    env.globals.update(lang=lang, html_lang=i18n.HTML_LANG[lang],
                       pick=lambda zh, en: i18n.pick(lang, zh, en),
                       say=lambda r, proc=None: sentences.say(r, lang, proc),
                       state=lambda procedure, st: i18n.state_label(lang, procedure, st))  # fmt: skip
    return env


ENVS = {lang: _environment(lang) for lang in i18n.LANGS}


def mount_static(app: Any) -> None:
    app.mount("/static", StaticFiles(directory=os.path.join(HERE, "static")), name="static")


class Page:
    """What a page handler needs of the request: its language and a renderer that remembers it."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.lang, self.asked = i18n.requested(request)
        self.env = ENVS[self.lang]
        self._ = i18n.translations(self.lang).gettext

    def switch_url(self) -> str:
        other = "en" if self.lang == "zh" else "zh"
        url = self.request.url.include_query_params(lang=other)
        return url.path + ("?" + url.query if url.query else "")

    def render(self, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("error", None)
        ctx.setdefault("switch_url", self.switch_url())
        ctx.setdefault("caller", session_pages.signed_in_caller(self.request))
        html = self.env.get_template(template).render(request=self.request, path=self.request.url.path, **ctx)
        response = HTMLResponse(html, status_code=status)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Vary"] = "Cookie, Accept-Language"
        if self.asked:
            response.set_cookie(i18n.COOKIE, self.lang, max_age=365 * 86400, samesite="lax", httponly=True)
        return response

    def failed(self, template: str, exc: NgoregError, **ctx: Any) -> HTMLResponse:
        status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, Forbidden) else 422
        return self.render(template, status=status, error=self.error(exc), **ctx)

    def error(self, exc: NgoregError) -> str:
        """An error's one line in the page's language, as far as the catalogue says it."""
        if isinstance(exc, Refused):
            return sentences.say_all(exc.refusals, self.lang)
        if isinstance(exc, InvalidInput):  # the field and the value as typed; the problem where it is a fixed sentence
            return f"{exc.field}: {exc.value!r}: {self._(exc.problem)}"
        return str(exc)


def _may(s: Session, p: Principal, org_id: int, *actions: Action) -> None:
    """Whether `p` may take each of `actions` on the organisation (its facts read once), answered as the API
    answers it (`web.authz`: what the public may not see does not exist for it; a missing one is a 404)."""
    of = facts.org_facts(s, org_id)
    for action in actions:
        authz.require_read(p, policy.can(p, action, of), f"organisation {org_id}")


def _date(value: str | None, name: str) -> date | None:
    return parse_date(value or None, name)


def _id(value: str, name: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 2**62:
        raise InvalidInput(name, value, "is not an id (a positive whole number)")
    return int(value)


def _filters(params: dict[str, str]) -> dict[str, Any]:
    """The filters as the services take them, each checked; an unknown value names its field."""
    out: dict[str, Any] = {}
    for name in FILTERS:
        value = (params.get(name) or "").strip()
        if not value:
            continue
        if name == "kind" and value not in OrgKind._value2member_map_:
            raise InvalidInput("kind", value, f"unknown kind; one of {', '.join(OrgKind)}")
        if name == "status" and value not in registry.STATUSES:
            raise InvalidInput("status", value, f"unknown status; one of {', '.join(registry.STATUSES)}")
        out[name] = _id(value, "psu") if name == "psu" else value
    return out


def router(reader: Callable[[], Iterator[Session]]) -> APIRouter:
    # Every page shown says in its header who is signed in (`session_pages`).
    pages = APIRouter(include_in_schema=False, dependencies=[Depends(session_pages.who_is_signed_in)])

    def options(s: Session) -> dict[str, Any]:
        psus = registry.authorities(s, AuthorityKind.SUPERVISORY_UNIT.value)
        return {"kinds": [(k.value, KIND_LABELS[k]) for k in OrgKind],
                "provinces": sorted(provinces().values(), key=lambda p: p.code),
                "fields": sorted(fields_of_work().items()), "statuses": registry.STATUSES,
                "psus": [(a["id"], a["name_zh"], a["name_en"]) for a in psus]}  # fmt: skip

    def registry_rows(s: Session, params: dict[str, str], p: Principal) -> dict[str, Any]:
        """The listing or the search hits, of what `p` may see (`access.filters`: in the query)."""
        visible = access_filters.organisations(p)
        q = (params.get("q") or "").strip()
        as_of = _date(params.get("as_of"), "as_of")
        after = _id(params["after"], "after") if params.get("after") else 0
        filters = _filters(params)
        nxt = None
        if q:
            rows = registry.search_organisations(s, q, limit=PAGE_SIZE, visible=visible)
            rows = _keep(s, rows, filters, as_of)
        else:
            rows = registry.list_organisations(s, as_of=as_of, after_id=after, limit=PAGE_SIZE, visible=visible,
                                               **filters)  # fmt: skip
            nxt = rows[-1]["id"] if len(rows) == PAGE_SIZE else None
        return {"rows": rows, "q": q, "as_of": as_of.isoformat() if as_of else "", "next": nxt,
                "filters": {k: str(v) for k, v in filters.items()}}  # fmt: skip

    def _keep(s: Session, rows: list[dict[str, Any]], filters: dict[str, Any], as_of: date | None
              ) -> list[dict[str, Any]]:  # fmt: skip
        """Search hits narrowed by the filters: the listing's own query over just these ids."""
        if not rows or (not filters and as_of is None):
            return rows
        ids = [r["id"] for r in rows]
        allowed: set[int] = set()
        after = min(ids) - 1
        while True:  # the hits are few (a page); the listing reads them in id order
            page = registry.list_organisations(s, as_of=as_of, after_id=after, limit=1000, **filters)
            allowed |= {r["id"] for r in page if r["id"] in set(ids)}
            if len(page) < 1000 or page[-1]["id"] >= max(ids):
                break
            after = page[-1]["id"]
        return [r for r in rows if r["id"] in allowed]

    @pages.get("/", response_class=HTMLResponse)
    def home(request: Request, s: Session = Depends(reader), p: Principal = Depends(current_principal)) -> HTMLResponse:
        page = Page(request)
        params = dict(request.query_params)
        ctx: dict[str, Any] = {"options": options(s), "params": params, "rows": [], "q": params.get("q", ""),
                               "next": None, "filters": {}, "as_of": params.get("as_of", "")}  # fmt: skip
        try:
            ctx.update(registry_rows(s, params, p))
        except NgoregError as exc:
            return page.failed("registry.html", exc, **ctx)
        return page.render("registry.html", **ctx)

    @pages.get("/results", response_class=HTMLResponse)
    def results(request: Request, s: Session = Depends(reader),
                p: Principal = Depends(current_principal)) -> HTMLResponse:  # fmt: skip
        """The results alone, for the search box to swap in as the user types."""
        page = Page(request)
        params = dict(request.query_params)
        # The address bar shows the shareable page of these results (htmx pushes it), not this fragment's URL,
        # and the language link (swapped out of band) switches that page.
        shared = {k: v for k, v in params.items() if v and k != "lang"}
        home_url = "/?" + urlencode(shared) if shared else "/"
        switch = "/?" + urlencode({**shared, "lang": "en" if page.lang == "zh" else "zh"})
        try:
            response = page.render("_results.html", params=params, oob=True, switch_url=switch,
                                   **registry_rows(s, params, p))  # fmt: skip
        except NgoregError as exc:
            return page.failed("_results.html", exc, params=params, rows=[], next=None, q="", as_of="", filters={})
        response.headers["HX-Push-Url"] = home_url
        return response

    @pages.get("/organisations/{org_id}", response_class=HTMLResponse)
    def organisation(org_id: str, request: Request, s: Session = Depends(reader),
                     p: Principal = Depends(current_principal)) -> HTMLResponse:  # fmt: skip
        page = Page(request)
        raw_as_of = request.query_params.get("as_of", "")
        try:
            oid = _id(org_id, "organisation")
            as_of = _date(raw_as_of, "as_of")
            of = facts.org_facts(s, oid)
            authz.require_read(p, policy.can(p, Action.READ_ORG, of), f"organisation {oid}")
            org = registry.profile(s, oid, as_of=as_of)
        except NgoregError as exc:
            return page.failed("organisation.html", exc, org=None, as_of=raw_as_of)
        # Each link as far as the viewer may follow it (`links`): the calendar by the rule of its page.
        calendar_href = links.to(p, bool(policy.can(p, Action.READ_DUE, of)), f"/organisations/{oid}/calendar")
        # A related organisation the viewer may not read is neither named nor linked: that it exists, and
        # how it is tied to this one, is what this page publishes; its name is its own page's to publish.
        others = {r["other"]["org_id"] for r in org["relations"] if r["other"]["org_id"]}
        may = links.readable(s, p, others)
        relations = [{**r, **({"name": i18n.pick(page.lang, r["other"]["name_zh"], r["other"]["name_en"])
                               or str(r["other"]["org_id"] or r["other"]["authority_id"]),
                               "href": f"/organisations/{r['other']['org_id']}" if r["other"]["org_id"] else None}
                              if r["other"]["org_id"] is None or r["other"]["org_id"] in may
                              else {"name": page._(N_("an organisation not published")), "href": None})}
                     for r in org["relations"]]  # fmt: skip
        published = [(code, n, statute(code).articles.get(n)) for code, n in published_articles(org["kind"])]
        fields = fields_of_work()
        filings = filing_pages.org_filings(s, p, oid, page.lang, day_of(clock(request)))
        # The coordinating groups of a representative office on the page's day (FNGO Law art. 7(2)).
        coordinated = coordination.coordinated_by(
            coordination.resolver.resolve_org(s, oid, as_of or day_of(clock(request))), page.lang, page._) \
            if org["kind"] == OrgKind.REPRESENTATIVE_OFFICE.value else None  # fmt: skip
        return page.render("organisation.html", **filings, org=org, as_of=raw_as_of, relations=relations,
                           coordination=coordinated, status_words=coordination.STATUS,
                           events=org["events"],
                           relations_by_id={r["id"]: r for r in relations},
                           published=published, acts=ACTS, calendar_href=calendar_href,
                           fields=[fields.get(f, (f, f)) for f in org.get("fields") or []],
                           origin=i18n.country(org["origin"], page.lang) if org.get("origin") else None)  # fmt: skip

    def _calendar(s: Session, org_id: str, request: Request,
                  p: Principal) -> tuple[dict[str, Any], list[Any], date]:  # fmt: skip
        oid = _id(org_id, "organisation")
        _may(s, p, oid, Action.READ_ORG, Action.READ_DUE)  # obligations are never public
        as_of = _date(request.query_params.get("as_of"), "as_of") or day_of(clock(request))
        org = registry.show(s, oid)
        return org, list(calendar.due(s, as_of=as_of, org_id=oid, visible=access_filters.dues(p))), as_of

    @pages.get("/organisations/{org_id}/calendar", response_class=HTMLResponse)
    def compliance(org_id: str, request: Request, s: Session = Depends(reader),
                   p: Principal = Depends(current_principal)) -> Response:  # fmt: skip
        if p.is_public:  # obligations are never public: an account may see them
            return to_login(here(request))
        page = Page(request)
        try:
            org, obligations, as_of = _calendar(s, org_id, request, p)
        except NgoregError as exc:
            return page.failed("calendar.html", exc, org=None, obligations=[], as_of="")
        return page.render("calendar.html", org=org, obligations=obligations, as_of=as_of.isoformat())

    @pages.get("/organisations/{org_id}/calendar.ics")
    def compliance_ics(org_id: str, request: Request, s: Session = Depends(reader),
                       p: Principal = Depends(current_principal)) -> Response:  # fmt: skip
        try:
            org, obligations, as_of = _calendar(s, org_id, request, p)
        except NgoregError as exc:
            return Response(str(exc) + "\n", status_code=404 if isinstance(exc, NotFound) else 403
                            if isinstance(exc, Forbidden) else 422,
                            media_type="text/plain; charset=utf-8")  # fmt: skip
        body = ics(obligations, as_of=as_of, stamp=clock(request))
        return Response(body, media_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="ngoreg-{org["id"]}.ics"'})

    @pages.get("/law", response_class=HTMLResponse)
    def law_index(request: Request) -> HTMLResponse:
        return Page(request).render("law_index.html", acts=list(ACTS.values()))

    @pages.get("/law/{code}", response_class=HTMLResponse)
    def law(code: str, request: Request) -> HTMLResponse:
        """The act's text in force on `on` (today by default), with its other texts; an act not in force then, or
        whose text is not shipped, is a page saying so (404)."""
        page = Page(request)
        raw = request.query_params.get("on", "")
        ctx: dict[str, Any] = dict(act=None, statute=None, chapters=[], version=None, on=raw, note=None)
        try:
            ctx["act"] = a = act(code)
            on = _date(raw, "on") or day_of(clock(request))
        except NgoregError as exc:
            return page.failed("law.html", exc, **ctx)
        ctx["on"] = on.isoformat()
        if on < a.in_force:
            note = page._("Not yet in force on %(day)s: it came into force on %(first)s.")
            return page.render("law.html", status=404, **ctx | {"note": note % {"day": on, "first": a.in_force}})
        ctx["version"] = v = a.version_on(on)
        if v.file is None:
            note = page._("The text of this instrument is not shipped with ngoreg: it is cited, but not read here.")
            return page.render("law.html", status=404, **ctx | {"note": note})
        ctx["statute"] = text = statute(code, on)
        for art in sorted(text.articles.values(), key=lambda x: x.number):
            if not ctx["chapters"] or ctx["chapters"][-1][0] != art.chapter:
                ctx["chapters"].append((art.chapter, []))
            ctx["chapters"][-1][1].append(art)
        return page.render("law.html", **ctx)

    @pages.get("/dashboards", response_class=HTMLResponse)
    def dashboards(request: Request, s: Session = Depends(reader)) -> HTMLResponse:
        page = Page(request)
        raw = request.query_params.get("as_of", "")
        try:
            numbers, groups = overview.overview(s, _date(raw, "as_of"), page.lang, page._)
        except NgoregError as exc:
            return page.failed("dashboards.html", exc, numbers=[], groups=[], as_of=raw)
        return page.render("dashboards.html", numbers=numbers, groups=groups, as_of=raw, markup=Markup)

    def chart_data(s: Session, key: str, as_of_raw: str | None) -> tuple[charts.Chart, list[charts.Row], date | None]:
        c = charts.chart(key)
        as_of = _date(as_of_raw, "as_of")
        return c, c.rows(s, as_of), as_of

    @pages.get("/dashboards/{key}.csv")
    def chart_csv(key: str, request: Request, s: Session = Depends(reader)) -> Response:
        try:
            c, rows, as_of = chart_data(s, key, request.query_params.get("as_of"))
        except NgoregError as exc:
            return Response(str(exc) + "\n", status_code=422, media_type="text/plain; charset=utf-8")
        body = csv_text([["key", "label_zh", "count"], *([r.key, r.label_zh, r.count] for r in rows)])
        name = f"{c.key}{'-' + as_of.isoformat() if as_of else ''}.csv"
        return Response(body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @pages.get("/dashboards/{key}", response_class=HTMLResponse)
    def dashboard(key: str, request: Request, s: Session = Depends(reader)) -> HTMLResponse:
        page = Page(request)
        raw = request.query_params.get("as_of", "")
        try:
            c, rows, _ = chart_data(s, key, raw)
        except NgoregError as exc:
            return page.failed("chart.html", exc, chart=None, rows=[], svg="", as_of=raw, figures=[])
        measure = page._(c.measure)
        figures = [f for f in list_figures(s) if f["key"] in c.figures]
        return page.render("chart.html", chart=c, rows=rows, svg=Markup(charts.svg(c, rows, page.lang, measure)),
                           as_of=raw, total=sum(r.count for r in rows), figures=figures,
                           label=lambda r: charts.label(r, page.lang))  # fmt: skip

    pages.include_router(session_pages.router())
    pages.include_router(filing_pages.router())
    pages.include_router(party_pages.router(reader))
    pages.include_router(coordination.router(reader))
    return pages
