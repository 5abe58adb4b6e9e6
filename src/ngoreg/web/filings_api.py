"""Procedures and filings over HTTP, with the semantics of `ngoreg procedure …` and `ngoreg filing …`:
the same service calls, the same refusals with their citations. Until accounts exist the acting role is
named in the request, as on the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Header, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.audit.repository import Actor
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.filings import service
from ngoreg.registry.validation import parse_date
from ngoreg.workflow.describe import describe


class StartFiling(BaseModel):
    model_config = ConfigDict(extra="forbid")

    procedure: str = Field(description="Procedure code, e.g. fngo_temporary_activity")
    org_id: int
    values: dict[str, str] = Field(default_factory=dict, description="field → value, as `--set field=value`")
    on: str | None = Field(None, description="Day the filing starts (YYYY-MM-DD); today if omitted")
    role: str = Field(description="Role acting, e.g. partner_unit")


class FireTransition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    transition: str
    on: str = Field(description="Day of the act (YYYY-MM-DD)")
    role: str
    values: dict[str, str] = Field(default_factory=dict)
    reason: str | None = None


def _day(value: str | None, field: str) -> date:
    d = parse_date(value, field)
    return d if d is not None else datetime.now(UTC).date()


def _etag(version: int) -> str:
    return f'"{version}"'


def _expected(if_match: str | None) -> int | None:
    """The filing version an `If-Match` header names; a stale one makes the write a conflict."""
    if if_match is None:
        return None
    try:
        return int(if_match.strip().removeprefix("W/").strip('"'))
    except ValueError:
        raise InvalidInput("If-Match", if_match, "not an ETag this API gave out") from None


def router(db_url: str, reader: Callable[[], Iterator[Session]]) -> APIRouter:
    api = APIRouter(prefix="/api/v1")

    @api.get("/procedures")
    def procedure_list() -> list[dict[str, Any]]:
        return [{k: d[k] for k in ("code", "version", "title", "basis")}
                for d in (describe(max(v.items())[1]) for _, v in sorted(procedures.REGISTRY.items()))]  # fmt: skip

    @api.get("/procedures/{code}")
    def procedure(code: str, on: str | None = None) -> dict[str, Any]:
        return describe(procedures.in_force(code, _day(on, "on")))

    @api.post("/filings", status_code=201)
    def start(body: StartFiling, response: Response) -> dict[str, Any]:
        with transaction(db_url) as s:
            f = service.start(s, body.procedure, org_id=body.org_id, values=body.values, on=_day(body.on, "on"),
                              actor=Actor(body.role, body.role), now=datetime.now(UTC))  # fmt: skip
            out = service.show(s, f.id)
        response.headers["ETag"] = _etag(out["version"])
        response.headers["Location"] = f"/api/v1/filings/{out['id']}"
        return out

    @api.get("/filings/{filing_id}")
    def show(filing_id: int, response: Response, s: Session = Depends(reader)) -> dict[str, Any]:
        out = service.show(s, filing_id)
        response.headers["ETag"] = _etag(out["version"])
        return out

    @api.get("/filings/{filing_id}/options")
    def options(filing_id: int, role: str = Query(alias="as"), on: str | None = None,
                s: Session = Depends(reader)) -> list[dict[str, Any]]:  # fmt: skip
        return [o.as_dict() for o in service.options(s, filing_id, role=role, on=_day(on, "on"))]

    @api.post("/filings/{filing_id}/fire")
    def fire(filing_id: int, body: FireTransition, response: Response,
             if_match: str | None = Header(None)) -> dict[str, Any]:  # fmt: skip
        with transaction(db_url) as s:
            service.fire(s, filing_id, body.transition, role=body.role, on=_day(body.on, "on"), values=body.values,
                         actor=Actor(body.role, body.role), now=datetime.now(UTC), reason=body.reason,
                         expected_version=_expected(if_match))  # fmt: skip
            out = service.show(s, filing_id)
        response.headers["ETag"] = _etag(out["version"])
        return out

    return api
