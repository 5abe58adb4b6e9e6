"""Every procedure of every regime (`ngoreg.regimes`), by code and dated version; a filing keeps the version
in force on the day it started."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ngoreg import regimes
from ngoreg.errors import InvalidInput
from ngoreg.workflow.spec import Procedure


def registry() -> Mapping[str, Mapping[date, Procedure]]:
    """Procedure code → its versions by the day each came into force."""
    return regimes.catalogue().procedures


def codes() -> list[str]:
    return sorted(registry())


def in_force(code: str, on: date) -> Procedure:
    versions = registry().get(code)
    if not versions:
        raise InvalidInput("procedure", code, f"unknown; one of {', '.join(codes())}")
    usable = [v for v in versions if v <= on]
    if not usable:
        raise InvalidInput("on", on.isoformat(), f"{code} was not in force before {min(versions)}")
    return versions[max(usable)]


def version(code: str, version_date: date) -> Procedure:
    try:
        return registry()[code][version_date]
    except KeyError:
        raise InvalidInput("procedure", f"{code}@{version_date}", "no such version") from None
