"""The dashboards' overview (`/dashboards`): the registry's headline numbers (`charts.headlines()`) and one small
chart per group (`charts.lead`), each leading to its full chart, all as of the chosen day. Every number is a
registered chart's own rows, so the overview and the charts it leads to never disagree, and each chart is
counted once for the page however many numbers and drawings it serves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ngoreg.web.pages import charts


@dataclass(frozen=True)
class Number:
    label: str  # an English message id, or for an itemised row its label in the page's language
    count: int
    chart: str  # the chart it comes from
    items: tuple[Number, ...] = ()


@dataclass(frozen=True)
class Group:
    key: str
    title: str  # an English message id
    lead: charts.Chart
    svg: str  # the lead chart, small
    charts: tuple[charts.Chart, ...]


def overview(s: Session, as_of: date | None, lang: str, translate: Callable[[str], str]
             ) -> tuple[list[Number], list[Group]]:  # fmt: skip
    """The headline numbers and the groups, as of `as_of` (today if None)."""
    rows: dict[str, list[charts.Row]] = {}

    def of(key: str) -> list[charts.Row]:
        if key not in rows:
            rows[key] = charts.all_charts()[key].rows(s, as_of)
        return rows[key]

    numbers = [Number(h.label, sum(r.count for r in of(h.chart)), h.chart,
                      tuple(Number(charts.label(r, lang), r.count, h.chart) for r in of(h.chart)) if h.itemised
                      else ())
               for h in charts.headlines()]  # fmt: skip
    groups = []
    for key, title in charts.groups().items():
        lead = charts.lead(key)
        drawing = charts.svg(lead, of(lead.key), lang, translate(lead.measure), small=True)
        mine = tuple(c for c in charts.all_charts().values() if c.group == key)
        groups.append(Group(key, title, lead, drawing, mine))
    return numbers, groups
