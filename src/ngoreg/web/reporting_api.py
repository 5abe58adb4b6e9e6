"""What the registry says about obligations and the field, over HTTP, as `ngoreg due`, `ngoreg stats` and
`ngoreg check` say it: the compliance calendar, counts as of a date, and records that break a rule of law."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from ngoreg.access import facts, filters, policy
from ngoreg.access.errors import Forbidden
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action
from ngoreg.compliance import calendar
from ngoreg.errors import InvalidInput, NotFound, Refusal
from ngoreg.registry.validation import parse_date
from ngoreg.reporting.checks import check
from ngoreg.reporting.stats import orgs, stats
from ngoreg.web.authz import NATIONAL_READ, declares, holds, require_all, require_read
from ngoreg.web.cursor import Cursors
from ngoreg.web.http import errors
from ngoreg.web.principal import current_principal
from ngoreg.web.schemas import MAX_ID, CheckReport, Obligation, Page, StatRow


class Subject(StrEnum):
    offices = "offices"
    activities = "activities"


class FieldSource(StrEnum):
    text = "text"
    onehot = "onehot"


def _line_key(o: calendar.Obligation) -> list[Any]:
    """The calendar's own order (last day, then organisation), made total by the obligation's identity."""
    return [o.due_on.isoformat(), o.org_id, o.obligation, o.filing_id or 0]


def router(reader: Callable[[], Iterator[Session]], cursors: Cursors) -> APIRouter:
    api = APIRouter(prefix="/api/v1")

    @api.get("/due", response_model=Page[Obligation], tags=["compliance"], responses=errors(403),
             openapi_extra=declares(Action.READ_DUE))
    def due(
        as_of: str = Query(description="The day the calendar is read on (YYYY-MM-DD)"),
        org: int | None = Query(None, ge=1, le=MAX_ID, description="Only this organisation"),
        status: list[str] = Query(default=[], description="upcoming, due, overdue, met, met late (repeatable)"),
        since: str | None = Query(None, description="List what was met from this day on"),
        cursor_: str | None = Query(None, alias="cursor", description="The `next` of the previous page"),
        limit: int = Query(100, ge=1, le=1000),
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
    ) -> Page[Obligation]:
        """What each organisation owes and by when, as `ngoreg due --json` lists it, a page at a time: of
        the organisations and filings the caller reaches (obligations are never public: 403 without a grant
        that reads them)."""
        if not holds(p, Action.READ_DUE):
            who = "the public" if p.is_public else p.username
            raise Forbidden([Refusal("permission", f"{who} holds no grant that reads obligations, which are never "
                                                   "public")])  # fmt: skip
        on = parse_date(as_of, "as_of")
        if on is None:
            raise InvalidInput("as_of", as_of, "is empty; write YYYY-MM-DD")
        if org is not None:
            try:
                of = facts.org_facts(s, org)
            except NotFound:
                raise InvalidInput("org", org, "no such organisation") from None
            require_read(p, policy.can(p, Action.READ_ORG, of), f"organisation {org}")
            policy.require(policy.can(p, Action.READ_DUE, of))

        obligations = calendar.due(s, as_of=on, since=parse_date(since, "since"), org_id=org, statuses=status,
                                   visible=filters.dues(p))  # fmt: skip
        rows, nxt = cursors.page("due", obligations, _line_key, (str, int, str, int), cursor_, limit)
        return Page(items=[o.as_dict() for o in rows], next=nxt)  # type: ignore[misc]

    # Counted over social organisations registered on the day: their registrars announce them (Social Association
    # Regulations art. 23, Foundation Regulations art. 19), as `access.public` has it. Declared before the route of
    # the other subjects, which would take `orgs` for one of theirs.
    @api.get("/statistics/orgs", response_model=list[StatRow], tags=["statistics"],
             openapi_extra=declares(Action.READ_STATISTICS))
    def org_statistics(
        by: str = Query(description="kind, registrar-level, province, management, grade or status"),
        as_of: str | None = Query(None, description="Counts as of this day (YYYY-MM-DD)"),
        s: Session = Depends(reader),
    ) -> list[StatRow]:
        """Domestic social organisations (social associations, civil non-enterprise units, foundations), as
        `ngoreg stats orgs` counts them: by one attribute, most first."""
        return orgs(s, by, as_of=parse_date(as_of, "as_of"), by_field="by")  # type: ignore[return-value]

    # Counted over registered offices and filed activities: what the law publishes (arts. 13(1), 17(1)).
    @api.get("/statistics/{subject}", response_model=list[StatRow], tags=["statistics"],
             openapi_extra=declares(Action.READ_STATISTICS))
    def statistics(
        subject: Subject,
        by: str = Query(description="province, origin, field, psu or month"),
        as_of: str | None = Query(None, description="Counts as of this day (YYYY-MM-DD)"),
        field_source: FieldSource = Query(FieldSource.text, description="With by=field, for activities: the "
                                          "fields their `Field of Work` text names (text) or those ChinaFile's "
                                          "one-hot columns mark (onehot)"),
        s: Session = Depends(reader),
    ) -> list[StatRow]:
        """Offices registered (and not deregistered) or activities started, by one attribute: the whole
        table, most first."""
        return stats(s, subject.value, by, as_of=parse_date(as_of, "as_of"),  # type: ignore[return-value]
                     field_source=field_source.value)

    @api.get("/checks", response_model=CheckReport, tags=["compliance"], responses=errors(403),
             openapi_extra=declares(NATIONAL_READ))
    def checks(s: Session = Depends(reader), p: Principal = Depends(current_principal)) -> CheckReport:
        """Records that break a rule of the law, each with the article it breaks. They run over every
        filing, drafts included, so only a reach over the whole country reads them (the administrator, a
        national registrar or coordinating group)."""
        require_all(p, Action.READ_FILING, "the checks over every record")
        return check(s).as_dict()  # type: ignore[return-value]

    return api
