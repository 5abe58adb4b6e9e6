"""A group's standing on a day, and a province's: what the command line, the API and the pages show of
`groups.csv` without reading the registry (so `ngoreg coordination list|show` loads no database layer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ngoreg.coordination.data import Group, by_province
from ngoreg.reference import Province, provinces

ALL = "all"  # ChinaFile's `All of China`: the whole mainland
UNKNOWN = "unknown"
BASIS = "FNGO Law art. 7(2)"
# What a province's entry says: a group coordinates, a recorded group does not yet, none is reported, or the
# province is the whole mainland or not known.
COORDINATING, NOT_YET, NOT_REPORTED, WHOLE_MAINLAND, PROVINCE_UNKNOWN = (
    "coordinating", "not_yet", "not_reported", "whole_mainland", "province_unknown")  # fmt: skip


def mainland() -> list[Province]:
    """The provinces the Law's registrars cover: the mainland's 31, not the Corps, Taiwan or the SARs."""
    return [p for p in provinces().values() if p.level not in ("sar", "corps") and p.code != "710000"]


def group_status(g: Group, on: date) -> str:
    return COORDINATING if g.coordinates_on(on) else NOT_YET


def summary(g: Group, on: date) -> dict[str, Any]:
    """A group in a list: its key, name, level, province, the day it coordinates from and whether it does on `on`."""
    p = provinces().get(g.province or "")
    return {"key": g.key, "level": g.level, "province": g.province, "province_en": p.name_en if p else None,
            "province_zh": p.name_zh if p else None, "name_en": g.name_en,
            "coordinates_from": g.coordinates_from.isoformat(), "coordinates_from_basis": g.coordinates_from_basis,
            "status": group_status(g, on), "basis": str(g.basis.citation)}  # fmt: skip


def detail(g: Group, on: date) -> dict[str, Any]:
    """A group with every fact and its source."""
    return {**summary(g, on), "facts": [f.as_dict() for f in g.facts.values()], "basis_source": g.basis.as_dict()}


def for_province(code: str | None, on: date) -> dict[str, Any]:
    """The provincial entry of one province on `on`: its group, if one is recorded, and whether it coordinates."""
    if code in (None, "", UNKNOWN):
        return {"province": None, "province_en": None, "province_zh": None, "group": None,
                "status": PROVINCE_UNKNOWN}  # fmt: skip
    if code == ALL:
        return {"province": ALL, "province_en": "All of China", "province_zh": "全国", "group": None,
                "status": WHOLE_MAINLAND}  # fmt: skip
    p = provinces().get(code)
    g = by_province().get(code)
    return {"province": code, "province_en": p.name_en if p else code, "province_zh": p.name_zh if p else None,
            "group": g.key if g else None, "group_name_en": g.name_en if g else None,
            "coordinates_from": g.coordinates_from.isoformat() if g else None,
            "status": group_status(g, on) if g else NOT_REPORTED}  # fmt: skip
