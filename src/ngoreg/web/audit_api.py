"""The audit log over HTTP: its events a page at a time, filtered in the query, and the check of its hash
chain (`ngoreg audit log`, `ngoreg audit verify`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from ngoreg.access import filters
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action
from ngoreg.audit import repository
from ngoreg.audit.service import as_dict, verify
from ngoreg.registry.validation import parse_date
from ngoreg.web.authz import VERIFY_AUDIT, declares, require_all
from ngoreg.web.cursor import Cursors
from ngoreg.web.http import errors
from ngoreg.web.principal import current_principal
from ngoreg.web.schemas import MAX_ID, AuditEvent, ChainVerdict, Page


def router(reader: Callable[[], Iterator[Session]], cursors: Cursors) -> APIRouter:
    api = APIRouter(prefix="/api/v1/audit", tags=["audit"])

    @api.get("/events", response_model=Page[AuditEvent], openapi_extra=declares(Action.READ_AUDIT))
    def events(
        subject_type: str | None = Query(None, description="organisation, filing, authority, relation, figure"),
        subject_id: int | None = Query(None, ge=1, le=MAX_ID, description="With subject_type: one object's events"),
        action: str | None = Query(None, description="e.g. activity.filed"),
        since: str | None = Query(None, description="Events effective on or after this day (YYYY-MM-DD)"),
        until: str | None = Query(None, description="Events effective on or before this day (YYYY-MM-DD)"),
        cursor_: str | None = Query(None, alias="cursor", description="The `next` of the previous page"),
        limit: int = Query(50, ge=1, le=1000),
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
    ) -> Page[AuditEvent]:
        """Events in the order of the chain: those about the organisations and filings the caller reaches,
        and the announced history of public organisations (`access.filters.audit_events`)."""
        found = repository.page(s, subject_type=subject_type, subject_id=subject_id, action=action,
                                since=parse_date(since, "since"), until=parse_date(until, "until"),
                                after_id=cursors.after_id("audit", cursor_), limit=limit,
                                visible=filters.audit_events(p))  # fmt: skip
        rows = [as_dict(e) for e in found]
        return Page(items=rows, next=cursors.next_by_id("audit", rows, limit))  # type: ignore[arg-type]

    @api.get("/verify", response_model=ChainVerdict, responses=errors(403), openapi_extra=declares(VERIFY_AUDIT))
    def chain(s: Session = Depends(reader), p: Principal = Depends(current_principal)) -> ChainVerdict:
        """Walks the chain from the first event and names the first whose hash or link does not hold; then
        compares every organisation and filing with the state its latest audit event left, naming each
        difference. It reads everything, so it is the administrator's. Signed checkpoints are checked by
        `ngoreg audit verify --checkpoints`, where the public key is."""
        require_all(p, Action.READ_AUDIT, "the whole audit chain", everything_only=True)
        v = verify(s).as_dict()
        return ChainVerdict(**{k: v[k] for k in ChainVerdict.model_fields})

    return api
