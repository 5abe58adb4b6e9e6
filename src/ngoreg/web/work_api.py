"""`GET /api/v1/work`: the signed-in caller's work queues (`filings.queues`), as the "My work" page shows
them, for scripts. Only for a signed-in account: the public has no work, and is told to sign in (401)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from ngoreg.access.errors import Unauthenticated
from ngoreg.access.principal import Principal
from ngoreg.filings import queues
from ngoreg.law.periods import day_of
from ngoreg.web.authz import SESSION, declares
from ngoreg.web.http import errors
from ngoreg.web.principal import clock, current_principal
from ngoreg.web.schemas import Work

SIGNED_IN = SESSION  # what the route takes: only that the caller is someone


def require_signed_in(p: Principal) -> None:
    if p.is_public:
        raise Unauthenticated("sign in to see your work: a session or a bearer token")


def work(s: Session, p: Principal, now: datetime, limit: int) -> Work:
    today = day_of(now)
    return Work.model_validate({"on": today, "queues": [
        {"grant": {"role": q.grant.role, "scope": q.grant.scope.value, "org_id": q.grant.org_id,
                   "authority_id": q.grant.authority_id, "province": q.grant.province},
         "items": [i.as_dict() for i in q.items], "more": q.more}
        for q in queues.queues(s, p, today=today, limit=limit)]})  # fmt: skip


def router(reader: Callable[[], Iterator[Session]]) -> APIRouter:
    api = APIRouter(prefix="/api/v1")

    @api.get("/work", response_model=Work, tags=["work"], responses=errors(401), openapi_extra=declares(SIGNED_IN))
    def my_work(
        limit: int = Query(200, ge=1, le=queues.MAX_ITEMS, description="Items per queue at most"),
        s: Session = Depends(reader),
        p: Principal = Depends(current_principal),
        now: datetime = Depends(clock),
    ) -> Work:
        """What the caller must act on, one queue per grant, each by the day it is due (undated last), with
        the days left (negative: overdue) and the article that sets the step: a supervisory unit's consents
        and opinions, a registrar's applications (with the days left of art. 12(3)'s 60) and other filings
        awaiting its decision, a partner unit's temporary activities and closing reports, a foreign NGO's
        unmet obligations."""
        require_signed_in(p)
        return work(s, p, now, limit)

    return api
