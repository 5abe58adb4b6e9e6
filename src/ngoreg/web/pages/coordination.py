"""The coordinating groups' pages (FNGO Law art. 7(2)): `/coordination`, the dashboard per province with the list of
groups and its CSV file, and `/coordination/GROUP`, a group with every fact and its source. The groups are public;
the dashboard's counts of the registry are of what the viewer may see (`access.filters`), as the API's are."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from ngoreg.access import filters
from ngoreg.access.principal import Principal
from ngoreg.coordination import data, resolver
from ngoreg.errors import NgoregError, NotFound
from ngoreg.law.periods import day_of
from ngoreg.registry.validation import parse_date
from ngoreg.reporting.csv_files import csv_text
from ngoreg.web.pages.charts import N_
from ngoreg.web.principal import clock, current_principal

# The words the pages show for codes, marked for the catalogue.
STATUS = {resolver.COORDINATING: N_("coordinating"), resolver.NOT_YET: N_("not yet coordinating"),
          resolver.NOT_REPORTED: N_("not reported"), resolver.WHOLE_MAINLAND: N_("the whole mainland"),
          resolver.PROVINCE_UNKNOWN: N_("province not known")}  # fmt: skip
FACTS = {"name_en": N_("Name, as the source gives it"), "lead_body": N_("Lead body"),
         "other_members": N_("Member entities besides the lead body"), "known_members": N_("Members named"),
         "established": N_("Established"), "reported_by": N_("Reported by"),
         "leading_in_title": N_("“Leading” in its title")}  # fmt: skip
FROM = {"established": N_("the last day of the period the source dates its establishment in"),
        "reported_by": N_("the day a source first reports it")}  # fmt: skip
WORDS = [N_("Ministry of Public Security"), N_("national"), N_("provincial")]
CSV_COLUMNS = ["province", "province_en", "province_zh", "group", "group_name_en", "status", "coordinates_from",
               "offices", "activities", "chinafile_offices", "chinafile_activities"]  # fmt: skip


def group_name(g: dict[str, Any] | data.Group, lang: str, _: Callable[[str], str]) -> str:
    """A group's name in the page's language. The source names the groups in English only: the Chinese is the
    catalogue's rendering, and the group's page says so."""
    level = g["level"] if isinstance(g, dict) else g.level
    province = g["province"] if isinstance(g, dict) else g.province
    if lang != "zh":
        return str(g["name_en"] if isinstance(g, dict) else g.name_en)
    if level == "national":
        return _("National Coordinating Small Group for Foreign NGO Management Work")
    p = resolver.provinces().get(province or "")
    return _("%(province)s Coordinating Small Group for Foreign NGO Management Work") % {
        "province": p.name_zh if p else province}


def router(reader: Callable[[], Iterator[Session]]) -> APIRouter:
    from ngoreg.web.pages import Page  # the pages' package imports this module

    pages = APIRouter(include_in_schema=False)

    def day(request: Request) -> tuple[str, date]:
        raw = request.query_params.get("as_of", "")
        return raw, parse_date(raw or None, "as_of") or day_of(clock(request))

    def rows(s: Session, p: Principal, on: date) -> list[dict[str, Any]]:
        return resolver.dashboard(s, on, visible_orgs=filters.organisations(p), visible_filings=filters.filings(p),
                                  chinafile=resolver.chinafile_counts(s, on))  # fmt: skip

    @pages.get("/coordination", response_class=HTMLResponse)
    def dashboard(request: Request, s: Session = Depends(reader),
                  p: Principal = Depends(current_principal)) -> HTMLResponse:  # fmt: skip
        page = Page(request)
        raw = request.query_params.get("as_of", "")
        ctx: dict[str, Any] = {"as_of": raw, "groups": [], "rows": [], "on": "", "status_words": STATUS,
                               "name": lambda g: group_name(g, page.lang, page._)}  # fmt: skip
        try:
            raw, on = day(request)
            ctx["groups"] = [resolver.summary(g, on) for g in data.groups().values()]
            ctx["rows"] = rows(s, p, on)
        except NgoregError as exc:
            return page.failed("coordination.html", exc, **ctx)
        totals = {k: sum(r[k] for r in ctx["rows"]) for k in CSV_COLUMNS[7:]}
        reported = sum(1 for r in ctx["rows"] if r["group"])
        return page.render("coordination.html", **ctx | {"on": on.isoformat(), "totals": totals, "reported": reported})

    @pages.get("/coordination.csv")
    def dashboard_csv(request: Request, s: Session = Depends(reader),
                      p: Principal = Depends(current_principal)) -> Response:  # fmt: skip
        try:
            on = day(request)[1]
            table = rows(s, p, on)
        except NgoregError as exc:
            return Response(str(exc) + "\n", status_code=422, media_type="text/plain; charset=utf-8")
        body = csv_text([CSV_COLUMNS, *([r.get(c) if r.get(c) is not None else "" for c in CSV_COLUMNS]
                                        for r in table)])  # fmt: skip
        return Response(body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="coordination-{on.isoformat()}.csv"'})

    @pages.get("/coordination/{key}", response_class=HTMLResponse)
    def group(key: str, request: Request) -> HTMLResponse:
        page = Page(request)
        raw = request.query_params.get("as_of", "")
        ctx: dict[str, Any] = {"group": None, "as_of": raw, "status_words": STATUS, "facts": FACTS, "since": FROM}
        try:
            raw, on = day(request)
            if len(key) > 100:
                raise NotFound(f"group: {key[:40]!r}…: no such group")
            g = data.group(key)
        except NgoregError as exc:
            return page.failed("coordination_group.html", exc, **ctx)
        return page.render("coordination_group.html", **ctx | {"group": resolver.detail(g, on), "on": on.isoformat(),
                           "name": group_name(g, page.lang, page._)})  # fmt: skip

    return pages


def coordinated_by(result: dict[str, Any], lang: str, _: Callable[[str], str]) -> dict[str, Any]:
    """What an office's or an activity's page shows of `resolver.resolve_*`: the groups with their names in the
    page's language."""
    named = [{**g, "label": group_name(g, lang, _)} for g in result["groups"]]
    return {**result, "groups": named}
