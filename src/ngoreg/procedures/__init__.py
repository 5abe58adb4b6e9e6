"""One module per legal procedure. `registry` maps each procedure code to its dated versions; a filing
keeps the version in force on the day it started."""

from __future__ import annotations

from datetime import date

from ngoreg.errors import InvalidInput
from ngoreg.procedures import (
    fngo_annual_plan,
    fngo_annual_report,
    fngo_office_change,
    fngo_office_deregistration,
    fngo_office_registration,
    fngo_representatives,
    fngo_sanction,
    fngo_temporary_activity,
)
from ngoreg.workflow.spec import Procedure

_ALL: tuple[Procedure, ...] = (
    fngo_temporary_activity.PROCEDURE,
    fngo_office_registration.PROCEDURE,
    fngo_office_change.PROCEDURE,
    fngo_office_deregistration.PROCEDURE,
    fngo_annual_plan.PROCEDURE,
    fngo_annual_report.PROCEDURE,
    fngo_representatives.PROCEDURE,
    fngo_sanction.PROCEDURE,
)

REGISTRY: dict[str, dict[date, Procedure]] = {}
for _p in _ALL:
    REGISTRY.setdefault(_p.code, {})[_p.version] = _p


def codes() -> list[str]:
    return sorted(REGISTRY)


def in_force(code: str, on: date) -> Procedure:
    versions = REGISTRY.get(code)
    if not versions:
        raise InvalidInput("procedure", code, f"unknown; one of {', '.join(codes())}")
    usable = [v for v in versions if v <= on]
    if not usable:
        raise InvalidInput("on", on.isoformat(), f"{code} was not in force before {min(versions)}")
    return versions[max(usable)]


def version(code: str, version_date: date) -> Procedure:
    try:
        return REGISTRY[code][version_date]
    except KeyError:
        raise InvalidInput("procedure", f"{code}@{version_date}", "no such version") from None
