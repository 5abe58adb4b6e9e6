"""Procedures and filings over HTTP, with the semantics of `ngoreg procedure …` and `ngoreg filing …`:
the same action layer (`filings.actions`), the same refusals with their citations.

Who acts is the signed-in account (`principal.current_principal`); the workflow role it acts as comes from
its grants (`policy.acting_roles`): a request may name one of those (`role`, `as`) when the account holds
several, never another. The audit log records the account. "May this person act" (403) is checked before
"does the law allow it now" (409). A filing's version is its ETag: `If-Match` with an older one makes the
write a 409 conflict, never a silent overwrite; an `If-Match` that is not an ETag this API gave out is
invalid input (422)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.access import filters, policy
from ngoreg.access.errors import Forbidden
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action, Fire
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput, Refusal
from ngoreg.filings import actions, service
from ngoreg.law.periods import day_of
from ngoreg.registry.validation import parse_date
from ngoreg.web.authz import PUBLIC_READ, declares
from ngoreg.web.cursor import Cursors
from ngoreg.web.http import errors
from ngoreg.web.principal import clock, current_principal
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


def _day(value: str | None, field: str, now: datetime) -> date:
    d = parse_date(value, field)
    return d if d is not None else day_of(now)


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


def router(db_url: str, reader: Callable[[], Iterator[Session]], cursors: Cursors) -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["filings"])

    @api.get("/procedures", response_model=list[ProcedureSummary], openapi_extra=declares(PUBLIC_READ))
    def procedure_list() -> list[ProcedureSummary]:
        """Every procedure, in its newest version."""
        return [ProcedureSummary(**{k: d[k] for k in ("code", "version", "title", "basis")})
                for d in (describe(max(v.items())[1]) for _, v in sorted(procedures.registry().items()))]  # fmt: skip

    @api.get("/procedures/{code}", response_model=Procedure, openapi_extra=declares(PUBLIC_READ))
    def procedure(code: str, on: str | None = Query(None, description="The version in force on this day"),
                  now: datetime = Depends(clock)) -> Procedure:  # fmt: skip
        """States, transitions (who may fire them, guards with citations) and deadlines."""
        return Procedure.model_validate(describe(procedures.in_force(code, _day(on, "on", now))))

    @api.get("/filings", response_model=Page[FilingSummaryOut], openapi_extra=declares(Action.READ_FILING))
    def filings(
        procedure: str | None = Query(None, description="Procedure code"),
        org: int | None = Query(None, ge=1, le=MAX_ID, description="Organisation id"),
        state: str | None = Query(None, description="Current state, e.g. filed"),
        cursor_: str | None = Query(None, alias="cursor", description="The `next` of the previous page"),
        limit: int = Query(50, ge=1, le=1000),
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
    ) -> Page[FilingSummaryOut]:
        """Filings in id order, filtered in the query: those the caller may see (the public: what the law
        publishes, never drafts or applications)."""
        rows = service.list_filings(s, procedure=procedure, org_id=org, state=state, visible=filters.filings(p),
                                    after_id=cursors.after_id("filings", cursor_), limit=limit)  # fmt: skip
        return Page(items=rows, next=cursors.next_by_id("filings", rows, limit))  # type: ignore[arg-type]

    @api.post("/filings", status_code=201, response_model=FilingOut, openapi_extra=declares(Action.START_FILING),
              responses={**errors(403, 409), 201: {"headers": {**ETAG, "Location": {"schema": {"type": "string"}}}}})
    def start(body: StartFiling, response: Response, p: Principal = Depends(current_principal),
              now: datetime = Depends(clock)) -> FilingOut:  # fmt: skip
        """Starts a filing of a procedure for an organisation; 201 with its ETag and Location."""
        on = _day(body.on, "on", now)
        with transaction(db_url) as s:
            f = actions.start(s, p, body.procedure, org_id=body.org_id, values=body.values, on=on, now=now,
                              role=body.role)  # fmt: skip
            out = service.show(s, f.id)
        response.headers["ETag"] = _etag(out["version"])
        response.headers["Location"] = f"/api/v1/filings/{out['id']}"
        return out  # type: ignore[return-value]

    @api.get("/filings/{filing_id}", response_model=FilingOut, responses={**errors(403), 200: {"headers": ETAG}},
             openapi_extra=declares(Action.READ_FILING))
    def show(filing_id: IdPath, response: Response, s: Session = Depends(reader),
             p: Principal = Depends(current_principal)) -> FilingOut:  # fmt: skip
        """State, data, deadlines and history; the ETag is its version. Of a filing the caller reaches only
        because the law publishes it, the published fields and what happened when."""
        out, _ = actions.shown(s, p, filing_id)
        response.headers["ETag"] = _etag(out["version"])
        return out  # type: ignore[return-value]

    @api.get("/filings/{filing_id}/options", response_model=list[Option], responses=errors(403),
             openapi_extra=declares(Action.FIRE))
    def options(
        filing_id: IdPath,
        role: str | None = Query(None, alias="as", description="One of the workflow roles the account acts as "
                                                                "on this filing; all of them if omitted"),
        on: str | None = Query(None, description="Day of the act (YYYY-MM-DD); today if omitted"),
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
        now: datetime = Depends(clock),
    ) -> list[Option]:
        """Every transition of the filing, allowed or not, with the refusals and their citations, for each
        workflow role the account acts as here (403 if it acts as none)."""
        f = actions.readable(s, p, filing_id)
        acting = policy.acting_roles(p, f)
        if role is not None and role not in acting:
            policy.require(policy.can(p, Fire(role), f))
        roles = [role] if role is not None else sorted(acting)
        if not roles:
            raise Forbidden([Refusal("permission", f"no role of {p.username} acts on filing {filing_id}")])
        day = _day(on, "on", now)
        return [{**o.as_dict(), "role": r} for r in roles  # type: ignore[misc]
                for o in service.options(s, filing_id, role=r, on=day)]

    @api.post("/filings/{filing_id}/fire", response_model=FilingOut, openapi_extra=declares(Action.FIRE),
              responses={**errors(403, 409), 200: {"headers": ETAG}})
    def fire(
        filing_id: IdPath,
        body: FireTransition,
        response: Response,
        if_match: str | None = Header(None, description="The ETag the write is based on; a stale one is a 409"),
        p: Principal = Depends(current_principal),
        now: datetime = Depends(clock),
    ) -> FilingOut:
        """Fires a transition: the account's right, then state, role and guards are checked, deadlines
        opened and met, the audit event written with the account as actor, all or nothing."""
        expected = _expected(if_match)
        on = _day(body.on, "on", now)
        with transaction(db_url) as s:
            actions.fire(s, p, filing_id, body.transition, on=on, now=now, values=body.values, role=body.role,
                         reason=body.reason, expected_version=expected)  # fmt: skip
            out = service.show(s, filing_id)
        response.headers["ETag"] = _etag(out["version"])
        return out  # type: ignore[return-value]

    return api
