"""The dashboards' charts as data. A chart is a `Chart`: where its rows come from (a function of the session
and the day, so that every chart honours `as_of`), how it is drawn (`bars`, `months` or `tiles`, the tile-grid
map of China's provinces) and which published figures sit beside it. A regime declares its charts
(`Regime.charts`); the pages, the table, the CSV and the SVG follow without new page code.

Each chart is drawn with Altair and turned into SVG on the server by vl-convert; the SVG of the same rows in
the same language is kept, so a dashboard read twice is not drawn twice."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import altair as alt
import vl_convert
from sqlalchemy.orm import Session

from ngoreg import regimes
from ngoreg.errors import InvalidInput
from ngoreg.reference import KIND_LABELS, OrgKind, provinces
from ngoreg.reference import province as parse_province
from ngoreg.registry import service as registry
from ngoreg.workflow.regime import DRAWINGS, Chart, Headline, Row


def N_(message: str) -> str:  # the name Babel's extractor looks for by default
    """Marks a message for the catalogue; it is translated where it is shown."""
    return message


# The dashboards' groups, charts and headline numbers: the registry's own, then the regimes' (`Regime.charts`).
REGISTRY_GROUPS = {"domestic": N_("Domestic social organisations")}
_OWN_CHARTS: dict[str, Chart] = {}
_OWN_HEADLINES: list[Headline] = []


def groups() -> dict[str, str]:
    return {**{g.key: g.title for g in regimes.catalogue().chart_groups}, **REGISTRY_GROUPS}


@lru_cache(maxsize=1)
def _all(version: int) -> tuple[dict[str, Chart], tuple[Headline, ...]]:
    found = {**_OWN_CHARTS}
    for c in regimes.catalogue().charts:
        if c.key in found:
            raise ValueError(f"chart {c.key} is registered twice")
        found[c.key] = c
    return found, (*_OWN_HEADLINES, *regimes.catalogue().headlines)


def all_charts() -> dict[str, Chart]:
    return _all(regimes.catalogue().version)[0]


def headlines() -> tuple[Headline, ...]:
    return _all(regimes.catalogue().version)[1]


def register(chart: Chart) -> Chart:
    """Adds one of the registry's own charts (a regime's come with it)."""
    if chart.key in _OWN_CHARTS or chart.key in {c.key for c in regimes.catalogue().charts}:
        raise ValueError(f"chart {chart.key} is registered twice")
    if chart.draw not in DRAWINGS:
        raise ValueError(f"chart {chart.key}: unknown drawing {chart.draw}")
    _OWN_CHARTS[chart.key] = chart
    _all.cache_clear()
    return chart


def headline(h: Headline) -> Headline:
    if h.chart not in _OWN_CHARTS:
        raise ValueError(f"headline {h.label}: no chart {h.chart}")
    _OWN_HEADLINES.append(h)
    _all.cache_clear()
    return h


def lead(group: str) -> Chart:
    """The chart the overview draws small for `group`."""
    mine = [c for c in all_charts().values() if c.group == group]
    return next((c for c in mine if c.overview), mine[0])


def chart(key: str) -> Chart:
    charts = all_charts()
    if key not in charts:
        raise InvalidInput("chart", key, f"unknown chart; one of {', '.join(charts)}")
    return charts[key]


def _by_kind(session: Session, as_of: date | None) -> list[Row]:
    counts = registry.count_by(session, "kind", as_of=as_of)
    rows = [Row(KIND_LABELS[OrgKind(k)][1], KIND_LABELS[OrgKind(k)][0], n) for k, n in counts if k]
    return sorted(rows, key=lambda r: (-r.count, r.key))


register(Chart("organisations-by-kind", "domestic", (N_("Organisations in the registry"), N_("by kind")),
               N_("organisations"), _by_kind,
               figures=("mca_2012_registered_ngos_total", "cfc_2013_foundations_total"),
               dimension=N_("Kind"), overview=True))  # fmt: skip

headline(Headline("organisations-by-kind", N_("Organisations in the registry"), itemised=True))

# The tile-grid map: each province a square at (column, row), roughly where it lies.
TILES: dict[str, tuple[int, int]] = {
    "230000": (7, 0), "150000": (4, 1), "110000": (5, 1), "210000": (6, 1), "220000": (7, 1),
    "650000": (0, 2), "620000": (2, 2), "640000": (3, 2), "140000": (4, 2), "130000": (5, 2), "120000": (6, 2),
    "630000": (1, 3), "610000": (3, 3), "410000": (4, 3), "370000": (5, 3),
    "540000": (0, 4), "510000": (2, 4), "500000": (3, 4), "420000": (4, 4), "340000": (5, 4), "320000": (6, 4),
    "310000": (7, 4), "530000": (2, 5), "520000": (3, 5), "430000": (4, 5), "360000": (5, 5), "330000": (6, 5),
    "450000": (3, 6), "440000": (4, 6), "350000": (5, 6), "710000": (7, 6),
    "460000": (3, 7), "820000": (4, 7), "810000": (5, 7),
}  # fmt: skip


def _code(key: str) -> str | None:
    try:
        return parse_province(key)
    except InvalidInput:
        return None


def label(row: Row, lang: str) -> str:
    return (row.label_zh or row.key) if lang == "zh" else row.key


def spec(c: Chart, rows: list[Row], lang: str, measure: str, small: bool = False) -> dict[str, Any]:
    """The Vega-Lite specification of a chart of these rows; `small`, the overview's thumbnail of it (fewer
    bars, no legend: the full chart is a click away)."""
    data: list[dict[str, Any]] = [{"label": label(r, lang), "count": r.count} for r in rows]
    font = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"
    if c.draw == "tiles":
        counts: dict[str, int] = {}
        for r in rows:
            code = _code(r.key)
            if code:
                counts[code] = counts.get(code, 0) + r.count
        p = provinces()
        data = [{"col": col, "row": row, "count": counts.get(code, 0),
                 "label": p[code].short_zh if lang == "zh" else p[code].name_en.split(" ")[0][:9]}
                for code, (col, row) in TILES.items() if code in p]  # fmt: skip
        base = alt.Chart(alt.Data(values=data)).encode(
            x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None))
        tiles = base.mark_rect(stroke="white", strokeWidth=2).encode(
            color=alt.Color("count:Q", title=measure, legend=None if small else alt.Undefined,
                            scale=alt.Scale(scheme="blues", domain=[0, max([1, *counts.values()])])),
            tooltip=["label:N", "count:Q"])
        text = base.mark_text(fontSize=(9 if small else 10) if lang == "zh" else (7 if small else 8)).encode(
            text="label:N",
            color=alt.condition(alt.datum.count > max(counts.values() or [0]) / 2, alt.value("white"),
                                alt.value("#1a1a1a")))  # fmt: skip
        ch: Any = (tiles + text).properties(width=8 * (40 if small else 52), height=8 * (34 if small else 46))
    elif c.draw == "months":
        ch = alt.Chart(alt.Data(values=data)).mark_bar(color="#1f5a96").encode(
            x=alt.X("label:O", title=None, axis=alt.Axis(labelAngle=-60)),
            y=alt.Y("count:Q", title=measure, axis=alt.Axis(tickMinStep=1, format="d")),
            tooltip=["label:N", "count:Q"]).properties(width=260 if small else 560, height=120 if small else 260)
    else:
        top = sorted(data, key=lambda d: -d["count"])[:6 if small else 25]
        ch = alt.Chart(alt.Data(values=top)).mark_bar(color="#1f5a96").encode(
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("count:Q", title=measure, axis=alt.Axis(tickMinStep=1, format="d")),
            tooltip=["label:N", "count:Q"],
        ).properties(width=160 if small else 440, height=max(80, (20 if small else 24) * len(top)))
    return ch.configure(font=font).configure_view(stroke=None).to_dict(validate=False)  # type: ignore[no-any-return]


def svg(c: Chart, rows: list[Row], lang: str, measure: str, small: bool = False) -> str:
    """The chart as SVG, drawn once per distinct rows, language and size (building the specification costs
    as much as a page, so the cache is looked up before it is built)."""
    return _svg(c.key, tuple(rows), lang, measure, small)


@lru_cache(maxsize=512)
def _svg(key: str, rows: tuple[Row, ...], lang: str, measure: str, small: bool) -> str:
    return str(vl_convert.vegalite_to_svg(spec(all_charts()[key], list(rows), lang, measure, small)))
