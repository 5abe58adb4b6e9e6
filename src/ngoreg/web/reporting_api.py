"""What the registry says about obligations and the field, over HTTP, as `ngoreg due`, `ngoreg stats` and
`ngoreg check` say it: the compliance calendar, counts as of a date, and records that break a rule of law."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from ngoreg.compliance import calendar
from ngoreg.errors import InvalidInput
from ngoreg.registry.validation import parse_date
from ngoreg.reporting.checks import check
from ngoreg.reporting.stats import stats


def router(reader: Callable[[], Iterator[Session]]) -> APIRouter:
    api = APIRouter(prefix="/api/v1")

    @api.get("/due")
    def due(as_of: str, org: int | None = None, status: list[str] = Query(default=[]), since: str | None = None,
            s: Session = Depends(reader)) -> list[dict[str, Any]]:  # fmt: skip
        on = parse_date(as_of, "as_of")
        if on is None:
            raise InvalidInput("as_of", as_of, "is empty; write YYYY-MM-DD")
        return [o.as_dict() for o in calendar.due(s, as_of=on, since=parse_date(since, "since"), org_id=org,
                                                  statuses=status)]  # fmt: skip

    @api.get("/statistics/{subject}")
    def statistics(subject: str, by: str, as_of: str | None = None,
                   s: Session = Depends(reader)) -> list[dict[str, Any]]:  # fmt: skip
        return stats(s, subject, by, as_of=parse_date(as_of, "as_of"))

    @api.get("/checks")
    def checks(s: Session = Depends(reader)) -> dict[str, Any]:
        return check(s).as_dict()

    return api
