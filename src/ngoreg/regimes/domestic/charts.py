"""The domestic regime's dashboards: registered social organisations by kind, province, registrar level,
registration path, evaluation grade and status, as of a day (`reporting.stats.orgs`), with the Ministry of
Civil Affairs' published figures beside them (seed 003: 499,000 registered social organisations at the end of
2012, 556 of them in international affairs). By kind each registered organisation counts once, so the kinds'
total is the headline number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from ngoreg.workflow.regime import Chart, ChartGroup, Headline, Row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

GROUP = ChartGroup("domestic", "Social organisations: registration, management, grades")

# dimension of `ngoreg stats orgs` → (title, the table's first column)
DIMENSIONS = {
    "kind": ("by kind", "Kind"),
    "province": ("by province", "Province"),
    "registrar-level": ("by level of the registrar", "Level of the registrar"),
    "management": ("by registration path", "Registration path"),
    "grade": ("by evaluation grade", "Evaluation grade"),
    "status": ("by status", "Status"),
}
# The Ministry's figures for 2012 (seed 003) beside the counts by kind.
FIGURES = ("mca_2012_registered_ngos_total", "mca_2012_ngos_international_affairs")


def _counted(by: str) -> Callable[[Session, date | None], list[Row]]:
    def rows(session: Session, as_of: date | None) -> list[Row]:
        from ngoreg.reporting.stats import orgs  # the statistics read the registry the regime feeds

        counted = orgs(session, by, as_of=as_of)
        return [Row(_english(by, str(r["key"])), r["label_zh"], int(r["count"])) for r in counted]

    return rows


def _english(by: str, key: str) -> str:
    """A row's key as the English page shows it: a province's name rather than its code, a kind's words."""
    from ngoreg.reference import KIND_LABELS, OrgKind, provinces

    if by == "province" and key in provinces():
        return provinces()[key].name_en
    if by == "kind" and key in {k.value for k in OrgKind}:
        return KIND_LABELS[OrgKind(key)][1]
    return key


CHARTS = tuple(
    Chart(f"social-organisations-by-{by}", GROUP.key, ("Social organisations", title),
          "organisations registered" if by != "status" else "organisations in the registry", _counted(by),
          draw="tiles" if by == "province" else "bars", figures=FIGURES if by == "kind" else (), dimension=head,
          overview=by == "kind")
    for by, (title, head) in DIMENSIONS.items()
)  # fmt: skip

HEADLINES = (Headline("social-organisations-by-kind", "Social organisations registered"),)
