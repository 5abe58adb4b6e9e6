"""Published figures: what the sources say, each with the document and line that says it."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ngoreg.audit import repository as audit
from ngoreg.audit.repository import Actor, Entry
from ngoreg.figures.models import Figure
from ngoreg.law.periods import day_of

COLUMNS = ("key", "value", "unit", "refers_to", "description_en", "description_zh", "source", "line", "note")


def seed_rows() -> list[dict[str, Any]]:
    with resources.files("ngoreg.figures").joinpath("seed_figures.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["value"] = Decimal(r["value"])
        r["line"] = int(r["line"]) if r["line"] else None
    return rows


def load_seed_figures(session: Session, *, actor: Actor, now: datetime) -> int:
    """Loads the figures the seed documents state; figures already loaded are left as they are."""
    have = set(session.scalars(select(Figure.key)))
    added = 0
    for r in seed_rows():
        if r["key"] in have:
            continue
        fig = Figure(**{c: r[c] or None for c in COLUMNS if c not in ("value",)}, value=r["value"])
        session.add(fig)
        session.flush()
        audit.append(session, actor, [Entry("figure.recorded", "figure", fig.id, day_of(now),
                                            after={c: str(r[c]) for c in COLUMNS})], now=now)  # fmt: skip
        added += 1
    return added


def list_figures(session: Session, source: str | None = None) -> list[dict[str, Any]]:
    q = select(Figure).order_by(Figure.source, Figure.line, Figure.key)
    if source:
        q = q.where(Figure.source.startswith(source))
    return [
        {c: (number(getattr(f, c)) if c == "value" else getattr(f, c)) for c in COLUMNS}
        for f in session.scalars(q)
    ]


def number(v: Decimal) -> int | float:
    return int(v) if v == v.to_integral_value() else float(v)
