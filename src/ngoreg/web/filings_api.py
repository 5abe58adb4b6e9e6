"""Procedures and filings over HTTP, with the semantics of `ngoreg procedure …` and `ngoreg filing …`:
the same service calls, the same refusals with their citations.

Who acts is the signed-in account (`principal.current_principal`); the workflow role it acts as comes from
its grants (`policy.acting_roles`): a request may name one of those (`role`, `as`) when the account holds
several, never another. The audit log records the account. "May this person act" (403) is checked before
"does the law allow it now" (409). A filing's version is its ETag: `If-Match` with an older one makes the
write a 409 conflict, never a silent overwrite; an `If-Match` that is not an ETag this API gave out is
invalid input (422)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.access import facts, filters, policy, public
from ngoreg.access.errors import Forbidden
from ngoreg.access.facts import PARTNER_KEY, PSU_KEY, REGISTRAR_PROVINCE_KEY, FilingFacts
from ngoreg.access.principal import Grant, Principal
from ngoreg.access.roles import Action, Fire, Scope
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput, NotFound, Refusal
from ngoreg.filings import service
from ngoreg.law.periods import day_of
from ngoreg.procedures import fngo_office_registration, fngo_temporary_activity
from ngoreg.registry.validation import parse_date
from ngoreg.web.authz import PUBLIC_READ, declares, require_read
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


def _readable(s: Session, p: Principal, filing_id: int) -> FilingFacts:
    """The filing's facts, once the caller may read it (404 to the public, 403 to an account otherwise)."""
    f = facts.filing_facts(s, filing_id)
    require_read(p, policy.can(p, Action.READ_FILING, f), f"filing {filing_id}")
    return f


def _in_reach(p: Principal, f: FilingFacts) -> bool:
    """Whether a grant reaches the filing itself, not only what the law publishes of it."""
    return any(Action.READ_FILING in g.definition.actions and policy.filing_in_reach(g, f) for g in p.grants)


def _redacted(out: dict[str, Any]) -> dict[str, Any]:
    """What the public sees of a published filing: the announced fields (`public.visible_data`), what happened
    and on which basis, not who acted nor why, and no obligations (never public), nor their expiry."""
    return {**out, "data": public.visible_data(out["procedure"], out["data"]), "deadlines": [],
            "history": [{**e, "actor": "", "actor_name": "", "reason": None} for e in out["history"]
                        if e["action"] != service.EXPIRED]}  # fmt: skip


def _acting_role(p: Principal, f: FilingFacts, wanted: str | None, may: frozenset[str], what: str) -> str:
    """The workflow role the caller acts as: the one named if its grants give it, else the only one of its
    roles that `may` act. 403 when none does; 422 when several do and none is named."""
    roles = policy.acting_roles(p, f)
    if wanted is not None:
        if wanted not in roles:
            policy.require(policy.can(p, Fire(wanted), f))
        return wanted
    fits = sorted(roles & may)
    if not fits:
        held = ", ".join(sorted(roles)) or "none"
        raise Forbidden([Refusal("permission", f"no role of {p.username} may {what} (it acts on filing {f.id} as: "
                                               f"{held})", None)])  # fmt: skip
    if len(fits) > 1:
        raise InvalidInput("role", None, f"the account acts as {' and '.join(fits)} here; name one")
    return fits[0]


def _grant_for(p: Principal, role: str, f: FilingFacts) -> Grant | None:
    return next((g for g in p.grants if role in g.workflow_roles() and policy.filing_in_reach(g, f)), None)


def _recorded_parties(p: Principal, procedure: str, role: str, f: FilingFacts | None, data: dict[str, Any],
                      values: dict[str, str]) -> dict[str, str]:  # fmt: skip
    """The ids of the parties the acting grant stands for, added to what the filing records (see
    `facts.PARTNER_KEY`): the partner unit that starts a temporary activity (FNGO Law art. 17(1)), the
    supervisory unit that consents to an office's application (art. 11(1)), the provincial registrar that
    handles it (arts. 6(1), 12(1)). A value already recorded stays."""
    out = dict(values)
    grants = [g for g in p.grants if role in g.workflow_roles()] if f is None else \
        [g for g in [_grant_for(p, role, f)] if g is not None]  # fmt: skip
    g = grants[0] if grants else None
    if g is None:
        return out
    if procedure == fngo_temporary_activity.PROCEDURE.code and role == "partner_unit" and g.org_id is not None \
            and PARTNER_KEY not in data:  # fmt: skip
        out[PARTNER_KEY] = str(g.org_id)  # the partner unit is the account's own organisation
    if procedure == fngo_office_registration.CODE:
        if role == "psu" and g.authority_id is not None and PSU_KEY not in data:
            out.setdefault(PSU_KEY, str(g.authority_id))
        if role == "registrar" and g.scope == Scope.PROVINCE and g.province and REGISTRAR_PROVINCE_KEY not in data:
            out.setdefault(REGISTRAR_PROVINCE_KEY, g.province)
    return out


def router(db_url: str, reader: Callable[[], Iterator[Session]], cursors: Cursors) -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["filings"])

    @api.get("/procedures", response_model=list[ProcedureSummary], openapi_extra=declares(PUBLIC_READ))
    def procedure_list() -> list[ProcedureSummary]:
        """Every procedure, in its newest version."""
        return [ProcedureSummary(**{k: d[k] for k in ("code", "version", "title", "basis")})
                for d in (describe(max(v.items())[1]) for _, v in sorted(procedures.REGISTRY.items()))]  # fmt: skip

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
            try:
                start_facts = facts.start_facts(s, body.procedure, body.org_id, on)
            except NotFound:
                raise InvalidInput("org_id", body.org_id, "no such organisation") from None
            # A partner unit may file for any foreign NGO, one it has no tie to yet included (art. 16): the
            # right to start is asked first, and only when it is refused does visibility choose the answer.
            may_start = policy.can(p, Action.START_FILING, start_facts)
            if not may_start:
                org = start_facts.org
                require_read(p, policy.can(p, Action.READ_ORG, org), f"organisation {org.id}")
                policy.require(may_start)
            role = body.role
            starters = {r for g in p.grants for r in g.workflow_roles()} & start_facts.starter_roles
            if role is not None and role not in starters:
                raise Forbidden([Refusal("permission", f"{p.username} may not start {body.procedure} as {role}")])
            role = role or (sorted(starters)[0] if starters else "")
            values = _recorded_parties(p, start_facts.procedure, role, None, {}, body.values)
            f = service.start(s, body.procedure, org_id=body.org_id, values=values, on=on, actor=p.actor(), now=now)
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
        f = _readable(s, p, filing_id)
        out = service.show(s, filing_id)
        response.headers["ETag"] = _etag(out["version"])
        return (out if _in_reach(p, f) else _redacted(out))  # type: ignore[return-value]

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
        f = _readable(s, p, filing_id)
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
            f = _readable(s, p, filing_id)
            row = service.load(s, filing_id)
            t = procedures.version(row.procedure, row.procedure_version).transition(body.transition)
            role = _acting_role(p, f, body.role, t.roles, f"fire {body.transition}")
            policy.require(policy.can(p, Fire(role), f))
            values = _recorded_parties(p, f.procedure, role, f, row.data, body.values)
            service.fire(s, filing_id, body.transition, role=role, on=on, values=values, actor=p.actor(), now=now,
                         reason=body.reason, expected_version=expected)  # fmt: skip
            out = service.show(s, filing_id)
        response.headers["ETag"] = _etag(out["version"])
        return out  # type: ignore[return-value]

    return api
