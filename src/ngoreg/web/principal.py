"""Who is acting on a request, and when.

* `Authorization: Bearer ngr_…` names an API token: a forged, expired or revoked one is a 401 (with
  `WWW-Authenticate: Bearer`), never a silent fall back to the public.
* Else the session cookie (`ngoreg_session`) names a browser session; one that has expired leaves the
  request to the public. A cookie-authenticated POST, PUT, PATCH or DELETE must send the session's CSRF
  token in `X-CSRF-Token` (403 otherwise); a bearer token is not sent by a browser on its own, so it needs
  none.
* Else the request is the public's, and reading who it is costs no database round trip (the registry's
  hottest read, one organisation by id, is mostly the public's).

Time enters through `clock`, the app's `state.clock`, so tests set the day instead of sleeping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool

from ngoreg.access import service as access
from ngoreg.access.errors import Forbidden, Unauthenticated
from ngoreg.access.principal import PUBLIC, Principal
from ngoreg.access.sessions import ABSOLUTE_TIMEOUT, csrf_matches
from ngoreg.db.engine import transaction
from ngoreg.errors import Busy, Refusal

SESSION_COOKIE = "ngoreg_session"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def clock(request: Request) -> datetime:
    """The time of the request, from the app's clock."""
    now: datetime = request.app.state.clock()
    return now


@dataclass(frozen=True)
class Caller:
    principal: Principal
    via: Literal["public", "token", "session"]
    csrf_token: str | None = None  # the session's, for a cookie-authenticated caller
    cookie: str | None = None


PUBLIC_CALLER = Caller(PUBLIC, "public")


class BadToken(Unauthenticated):
    """A bearer token that does not authenticate: answered 401 with `WWW-Authenticate: Bearer`."""


# How long recording a token's last use may wait for SQLite's write lock before it is left for a later
# request of the token: the request itself does not need it.
LAST_USE_PATIENCE_MS = 50


def _by_token(db_url: str, token: str, now: datetime) -> Principal | None:
    """The token's principal, read without a write lock; its last use is written at most once a minute
    (`access.LAST_USE_GRAIN`), in a short transaction of its own after the read, never in the request's."""
    with transaction(db_url, write=False) as s:
        use = access.identify_token(s, token, now)
    if use is None:
        return None
    if use.last_use_due:
        try:
            with transaction(db_url, patience_ms=LAST_USE_PATIENCE_MS) as s:
                access.record_token_use(s, use.token_id, now)
        except Busy:
            pass  # other writers hold the database: the token's next request records its use
    return use.principal


def _by_cookie(db_url: str, cookie: str, now: datetime) -> access.SessionPrincipal | None:
    with transaction(db_url) as s:  # moves the idle limit on, or deletes the expired session
        return access.authenticate_session(s, cookie, now)


async def current_caller(request: Request) -> Caller:
    """The caller of a request (see the module's docstring); memoised on the request."""
    cached = getattr(request.state, "caller", None)
    if isinstance(cached, Caller):
        return cached
    caller = await _resolve(request)
    request.state.caller = caller
    return caller


async def form_caller(request: Request, presented: str | None) -> Caller:
    """The caller of a page's form post: as `current_caller`, except that a cookie-authenticated form sends
    the session's CSRF token in a hidden field (`presented`), since a browser's form cannot set a header."""
    cached = getattr(request.state, "caller", None)
    if isinstance(cached, Caller):
        return cached
    caller = await _resolve(request, presented or request.headers.get(CSRF_HEADER))
    request.state.caller = caller
    return caller


async def _resolve(request: Request, presented: str | None = None) -> Caller:
    header = request.headers.get("authorization")
    cookie = request.cookies.get(SESSION_COOKIE)
    if header is None and not cookie:
        return PUBLIC_CALLER
    db_url: str = request.app.state.db_url
    now = clock(request)
    if header is not None:
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise BadToken("Authorization: expected 'Bearer <token>'")
        p = await run_in_threadpool(_by_token, db_url, token.strip(), now)
        if p is None:
            raise BadToken("the bearer token is not valid (unknown, expired or revoked)")
        return Caller(p, "token")
    assert cookie is not None
    signed_in = await run_in_threadpool(_by_cookie, db_url, cookie, now)
    if signed_in is None:
        return PUBLIC_CALLER  # signed out by time: what the public may do, it still may
    if presented is None:
        presented = request.headers.get(CSRF_HEADER)
    if request.method in UNSAFE and not csrf_matches(signed_in.csrf_token, presented):
        raise Forbidden([Refusal("csrf", f"a write with the session cookie needs the session's {CSRF_HEADER} "
                                         "header (GET /api/v1/session gives it)")])  # fmt: skip
    return Caller(signed_in.principal, "session", signed_in.csrf_token, cookie)


async def current_principal(request: Request) -> Principal:
    """The principal a request acts for: a token's or a session's account, or the public."""
    return (await current_caller(request)).principal


def sign_in(request: Request, username: str, password: str,
            now: datetime) -> tuple[Principal | None, access.SignedIn | None]:  # fmt: skip
    """Checks a password and starts a session, for the API and the sign-in page alike: (None, None) for a
    wrong username or password; `TooManyAttempts` while the rate limit refuses. The attempt is committed
    even when it fails, so that failures count towards the limit."""
    ip = request.client.host if request.client else None
    with transaction(request.app.state.db_url) as s:
        p = access.login(s, username, password, ip=ip, now=now)
        return p, access.start_session(s, p, now) if p is not None else None


def set_session_cookie(response: Response, request: Request, cookie: str) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure unless the app serves plain HTTP for development."""
    response.set_cookie(SESSION_COOKIE, cookie, max_age=int(ABSOLUTE_TIMEOUT.total_seconds()), path="/",
                        httponly=True, samesite="lax", secure=bool(request.app.state.secure_cookies))  # fmt: skip


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=bool(request.app.state.secure_cookies))  # fmt: skip
