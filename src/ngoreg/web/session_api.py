"""Signing in and out of the browser session, and who the caller is.

`POST /api/v1/session` checks a username and password (rate-limited: 429 with Retry-After), sets the
session cookie (HttpOnly, SameSite=Lax, Secure unless `NGOREG_INSECURE_COOKIES` is set for plain-HTTP
development) and answers the CSRF token that every cookie-authenticated write must send back in
`X-CSRF-Token`. Scripts use bearer tokens (`ngoreg token create`) instead and need no session."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from ngoreg import bounds
from ngoreg.access import service as access
from ngoreg.access.errors import Unauthenticated
from ngoreg.access.principal import Principal
from ngoreg.db.engine import transaction
from ngoreg.web.authz import SESSION, declares
from ngoreg.web.http import errors
from ngoreg.web.principal import Caller, clear_session_cookie, clock, current_caller, set_session_cookie, sign_in
from ngoreg.web.schemas import Request as RequestBody
from ngoreg.web.schemas import Text


class Login(RequestBody):
    username: Text = Field(max_length=bounds.USERNAME)
    password: Text = Field(max_length=1024)


class GrantOut(BaseModel):
    role: str
    scope: str
    org_id: int | None
    authority_id: int | None
    province: str | None


class WhoAmI(BaseModel):
    authenticated: bool
    via: Literal["public", "token", "session"] = Field(description="How the request was authenticated")
    username: str
    name: str
    grants: list[GrantOut]
    csrf_token: str | None = Field(None, description="For X-CSRF-Token on cookie-authenticated writes")


def _who(p: Principal, via: Literal["public", "token", "session"], csrf: str | None) -> WhoAmI:
    return WhoAmI(authenticated=not p.is_public, via=via, username=p.username, name=p.name, csrf_token=csrf,
                  grants=[GrantOut(role=g.role, scope=g.scope.value, org_id=g.org_id, authority_id=g.authority_id,
                                   province=g.province) for g in p.grants])  # fmt: skip


def router(db_url: str) -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["session"])

    @api.post("/session", response_model=WhoAmI, responses=errors(401, 429), openapi_extra=declares(SESSION))
    def login(body: Login, request: Request, response: Response, now: datetime = Depends(clock)) -> Any:
        """Signs in with a username and password: sets the session cookie and answers the CSRF token."""
        p, signed_in = sign_in(request, body.username, body.password, now)
        if p is None or signed_in is None:
            raise Unauthenticated("wrong username or password")
        set_session_cookie(response, request, signed_in.cookie)
        return _who(p, "session", signed_in.csrf_token)

    @api.get("/session", response_model=WhoAmI, openapi_extra=declares(SESSION))
    def who(caller: Caller = Depends(current_caller)) -> Any:
        """Who the caller is (the public, or an account with its grants in force) and how it signed in."""
        return _who(caller.principal, caller.via, caller.csrf_token)

    @api.delete("/session", status_code=204, responses=errors(403), openapi_extra=declares(SESSION))
    def logout(request: Request, caller: Caller = Depends(current_caller)) -> Response:
        """Signs out: ends the session (a cookie-authenticated DELETE, so it needs X-CSRF-Token) and clears
        the cookie. Without a session there is nothing to end."""
        if caller.cookie is not None:
            with transaction(db_url) as s:
                access.end_session(s, caller.cookie)
        out = Response(status_code=204)
        clear_session_cookie(out, request)
        return out

    return api
