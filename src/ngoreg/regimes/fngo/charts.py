"""The Foreign NGO Law's dashboards: representative offices and temporary activities by province, country
of origin, field of work, supervisory unit and month, counted from what the ChinaFile lists record
(`reporting.stats`). An office counts in the month it was registered, an activity in the month it starts:
once each, so the months' total is the headline number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from ngoreg.workflow.regime import Chart, ChartGroup, Headline, Row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

GROUP = ChartGroup("fngo", "Foreign NGOs: representative offices and temporary activities")

SUBJECTS = {"offices": "Representative offices", "activities": "Temporary activities"}
DIMENSIONS = {"province": "by province", "origin": "by country of origin", "field": "by field of work",
              "psu": "by supervisory unit", "month": "by month"}  # fmt: skip
HEADS = {"province": "Province", "origin": "Country of origin", "field": "Field of work",
         "psu": "Supervisory unit", "month": "Month"}  # fmt: skip
MEASURES = {"offices": "offices registered", "activities": "activities filed"}


def _counted(subject: str, by: str) -> Callable[[Session, date | None], list[Row]]:
    def rows(session: Session, as_of: date | None) -> list[Row]:
        from ngoreg.reporting.stats import stats  # the statistics read the registry the regime feeds

        out = [Row(str(r["key"]), r["label_zh"], int(r["count"])) for r in stats(session, subject, by, as_of=as_of)]
        return sorted(out, key=lambda r: r.key) if by == "month" else out

    return rows


CHARTS = tuple(
    Chart(f"{subject}-by-{by}", GROUP.key, (SUBJECTS[subject], DIMENSIONS[by]), MEASURES[subject],
          _counted(subject, by), draw={"province": "tiles", "month": "months"}.get(by, "bars"),
          dimension=HEADS[by], overview=subject == "offices" and by == "province")
    for subject in SUBJECTS for by in DIMENSIONS
)  # fmt: skip

HEADLINES = (Headline("offices-by-month", "Representative offices registered"),
             Headline("activities-by-month", "Temporary activities filed"))  # fmt: skip
