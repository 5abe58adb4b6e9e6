"""The categories a social organisation is registered in, and which of them may register directly with the
civil affairs registrar, without a professional supervisory unit's consent.

The regulations make the consent a condition of every registration (Social Association Regulations art. 3(1),
9(1); Civil Non-Enterprise Unit Regulations art. 8(1)(1); Foundation Regulations art. 9(5)). The State
Council's 2013 institutional reform plan opened direct registration to four categories — industry
associations and chambers of commerce, science and technology, public-interest charity, urban and rural
community service — and kept the consent for the rest, political-legal, religious and foreign-related
organisations among them (seed 004 summarises the plan). The regulations' texts were not amended for it, so
the list is data with its source (`categories.csv`), not a rule in their words: when policy opens or closes a
category, the file changes, not the procedures."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ngoreg.errors import InvalidInput


@dataclass(frozen=True)
class Category:
    code: str
    name_zh: str
    name_en: str
    direct: bool  # may register without a supervisory unit's consent
    source: str


@cache
def categories() -> dict[str, Category]:
    with resources.files(__package__).joinpath("categories.csv").open(encoding="utf-8") as f:
        return {r["category"]: Category(r["category"], r["name_zh"], r["name_en"], r["direct"] == "yes", r["source"])
                for r in csv.DictReader(f)}  # fmt: skip


def category(code: str, field: str = "category") -> Category:
    try:
        return categories()[code]
    except KeyError:
        raise InvalidInput(field, code, f"unknown category; one of {', '.join(categories())}") from None


def direct() -> tuple[str, ...]:
    """The categories that register directly."""
    return tuple(c.code for c in categories().values() if c.direct)
