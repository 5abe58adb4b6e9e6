"""What the registry says about obligations and the field, over HTTP, as `ngoreg due`, `ngoreg stats` and
`ngoreg check` say it: the compliance calendar, counts as of a date, and records that break a rule of law."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from ngoreg.compliance import calendar
from ngoreg.errors import InvalidInput
from ngoreg.registry.validation import parse_date
from ngoreg.reporting.checks import check
from ngoreg.reporting.stats import stats
from ngoreg.web import cursor
from ngoreg.web.schemas import MAX_ID, CheckReport, Obligation, Page, StatRow


class Subject(StrEnum):
    offices = "offices"
    activities = "activities"


def _line_key(o: dict[str, Any]) -> list[Any]:
    """The calendar's own order (last day, then organisation), made total by the obligation's identity."""
    return [o["due_on"], o["org_id"], o["obligation"], o["filing_id"] or 0]


def router(reader: Callable[[], Iterator[Session]]) -> APIRouter:
    api = APIRouter(prefix="/api/v1")

    @api.get("/due", response_model=Page[Obligation], tags=["compliance"])
    def due(
        as_of: str = Query(description="The day the calendar is read on (YYYY-MM-DD)"),
        org: int | None = Query(None, ge=1, le=MAX_ID, description="Only this organisation"),
        status: list[str] = Query(default=[], description="upcoming, due, overdue, met, met late (repeatable)"),
        since: str | None = Query(None, description="List what was met from this day on"),
        cursor_: str | None = Query(None, alias="cursor", description="The `next` of the previous page"),
        limit: int = Query(100, ge=1, le=1000),
        s: Session = Depends(reader),
    ) -> Page[Obligation]:
        """What each organisation owes and by when, as `ngoreg due --json` lists it, a page at a time."""
        on = parse_date(as_of, "as_of")
        if on is None:
            raise InvalidInput("as_of", as_of, "is empty; write YYYY-MM-DD")
        lines = [o.as_dict() for o in calendar.due(s, as_of=on, since=parse_date(since, "since"), org_id=org,
                                                   statuses=status)]  # fmt: skip
        rows, nxt = cursor.page("due", lines, _line_key, (str, int, str, int), cursor_, limit)
        return Page(items=rows, next=nxt)  # type: ignore[arg-type]

    @api.get("/statistics/{subject}", response_model=list[StatRow], tags=["statistics"])
    def statistics(
        subject: Subject,
        by: str = Query(description="province, origin, field, psu or month"),
        as_of: str | None = Query(None, description="Counts as of this day (YYYY-MM-DD)"),
        s: Session = Depends(reader),
    ) -> list[StatRow]:
        """Offices registered (and not deregistered) or activities started, by one attribute: the whole
        table, most first."""
        return stats(s, subject.value, by, as_of=parse_date(as_of, "as_of"))  # type: ignore[return-value]

    @api.get("/checks", response_model=CheckReport, tags=["compliance"])
    def checks(s: Session = Depends(reader)) -> CheckReport:
        """Records that break a rule of the law, each with the article it breaks."""
        return check(s).as_dict()  # type: ignore[return-value]

    return api
