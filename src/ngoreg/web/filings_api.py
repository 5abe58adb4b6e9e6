"""Procedures and filings over HTTP, with the semantics of `ngoreg procedure …` and `ngoreg filing …`:
the same service calls, the same refusals with their citations.

Who acts comes from `principal.current_principal`, the seam the access layer fills in; until it does, the
acting role is the one named in the request (`role` in the body, `as` in the query), as on the command
line. A filing's version is its ETag: `If-Match` with an older one makes the write a 409 conflict, never a
silent overwrite; an `If-Match` that is not an ETag this API gave out is invalid input (422)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.filings import service
from ngoreg.registry.validation import parse_date
from ngoreg.web import cursor
from ngoreg.web.http import errors
from ngoreg.web.principal import Principal, acting, current_principal
from ngoreg.web.schemas import (
    MAX_ID,
    FireTransition,
    IdPath,
    Option,
    Page,
    Procedure,
    ProcedureSummary,
    StartFiling,
)
from ngoreg.web.schemas import Filing as FilingOut
from ngoreg.web.schemas import FilingSummary as FilingSummaryOut
from ngoreg.workflow.describe import describe

ETAG = {"ETag": {"description": "The filing's version, for If-Match", "schema": {"type": "string"}}}


def _day(value: str | None, field: str) -> date:
    d = parse_date(value, field)
    return d if d is not None else datetime.now(UTC).date()


def _etag(version: int) -> str:
    return f'"{version}"'


def _expected(if_match: str | None) -> int | None:
    """The filing version an `If-Match` header names (`*` names any); a stale one makes the write a
    conflict. Anything else is not an ETag of ours: invalid input, always 422."""
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/")
    if len(tag) >= 3 and tag[0] == tag[-1] == '"' and tag[1:-1].isascii() and tag[1:-1].isdigit():
        return int(tag[1:-1])
    raise InvalidInput("If-Match", if_match, 'not an ETag this API gave out (e.g. "3")')


def router(db_url: str, reader: Callable[[], Iterator[Session]]) -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["filings"])

    @api.get("/procedures", response_model=list[ProcedureSummary])
    def procedure_list() -> list[ProcedureSummary]:
        """Every procedure, in its newest version."""
        return [ProcedureSummary(**{k: d[k] for k in ("code", "version", "title", "basis")})
                for d in (describe(max(v.items())[1]) for _, v in sorted(procedures.REGISTRY.items()))]  # fmt: skip

    @api.get("/procedures/{code}", response_model=Procedure)
    def procedure(code: str, on: str | None = Query(None, description="The version in force on this day")
                  ) -> Procedure:  # fmt: skip
        """States, transitions (who may fire them, guards with citations) and deadlines."""
        return Procedure.model_validate(describe(procedures.in_force(code, _day(on, "on"))))

    @api.get("/filings", response_model=Page[FilingSummaryOut])
    def filings(
        procedure: str | None = Query(None, description="Procedure code"),
        org: int | None = Query(None, ge=1, le=MAX_ID, description="Organisation id"),
        state: str | None = Query(None, description="Current state, e.g. filed"),
        cursor_: str | None = Query(None, alias="cursor", description="The `next` of the previous page"),
        limit: int = Query(50, ge=1, le=1000),
        s: Session = Depends(reader),
    ) -> Page[FilingSummaryOut]:
        """Filings in id order, filtered in the query."""
        rows = service.list_filings(s, procedure=procedure, org_id=org, state=state,
                                    after_id=cursor.after_id("filings", cursor_), limit=limit)  # fmt: skip
        return Page(items=rows, next=cursor.next_by_id("filings", rows, limit))  # type: ignore[arg-type]

    @api.post("/filings", status_code=201, response_model=FilingOut,
              responses={**errors(403, 409), 201: {"headers": {**ETAG, "Location": {"schema": {"type": "string"}}}}})
    def start(body: StartFiling, response: Response,
              principal: Principal | None = Depends(current_principal)) -> FilingOut:  # fmt: skip
        """Starts a filing of a procedure for an organisation; 201 with its ETag and Location."""
        with transaction(db_url) as s:
            f = service.start(s, body.procedure, org_id=body.org_id, values=body.values, on=_day(body.on, "on"),
                              actor=acting(principal, body.role), now=datetime.now(UTC))  # fmt: skip
            out = service.show(s, f.id)
        response.headers["ETag"] = _etag(out["version"])
        response.headers["Location"] = f"/api/v1/filings/{out['id']}"
        return out  # type: ignore[return-value]

    @api.get("/filings/{filing_id}", response_model=FilingOut, responses={200: {"headers": ETAG}})
    def show(filing_id: IdPath, response: Response, s: Session = Depends(reader)) -> FilingOut:
        """State, data, deadlines and history; the ETag is its version."""
        out = service.show(s, filing_id)
        response.headers["ETag"] = _etag(out["version"])
        return out  # type: ignore[return-value]

    @api.get("/filings/{filing_id}/options", response_model=list[Option])
    def options(
        filing_id: IdPath,
        role: str = Query(alias="as", description="Role acting (until accounts exist)"),
        on: str | None = Query(None, description="Day of the act (YYYY-MM-DD); today if omitted"),
        s: Session = Depends(reader),
        principal: Principal | None = Depends(current_principal),
    ) -> list[Option]:
        """Every transition of the filing, allowed or not, with the refusals and their citations."""
        del principal  # the access layer will decide which role the account may act in
        return [o.as_dict() for o in service.options(s, filing_id, role=role, on=_day(on, "on"))]  # type: ignore[misc]

    @api.post("/filings/{filing_id}/fire", response_model=FilingOut,
              responses={**errors(403, 409), 200: {"headers": ETAG}})
    def fire(
        filing_id: IdPath,
        body: FireTransition,
        response: Response,
        if_match: str | None = Header(None, description="The ETag the write is based on; a stale one is a 409"),
        principal: Principal | None = Depends(current_principal),
    ) -> FilingOut:
        """Fires a transition: state, role and guards are checked, deadlines opened and met, the audit
        event written, all or nothing."""
        expected = _expected(if_match)
        with transaction(db_url) as s:
            service.fire(s, filing_id, body.transition, role=body.role, on=_day(body.on, "on"), values=body.values,
                         actor=acting(principal, body.role), now=datetime.now(UTC), reason=body.reason,
                         expected_version=expected)  # fmt: skip
            out = service.show(s, filing_id)
        response.headers["ETag"] = _etag(out["version"])
        return out  # type: ignore[return-value]

    return api
