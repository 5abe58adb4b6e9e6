"""What every response of the API has in common: one error shape for every failure (ngoreg's own errors,
request validation, Starlette's 404/405, oversize bodies), security headers, and a limit on body size.

Which responses may be stored is decided here for all pages at once: a response to a request that carried
the session cookie or a bearer token depends on who asked, and one that sets a cookie hands it on, so neither
is ever stored (`Cache-Control: no-store`), whichever page it is. Over HTTPS (directly, or as a trusted proxy
says, see `proxies`) every response carries Strict-Transport-Security.

The guard is plain ASGI rather than Starlette's BaseHTTPMiddleware, which costs a task and a queue per
request: on a read of one organisation that is a measurable share of the time."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import cookie_parser
from starlette.routing import Match, Route

from ngoreg.access.errors import TooManyAttempts, Unauthenticated
from ngoreg.errors import Busy, NgoregError, Refused
from ngoreg.web import proxies
from ngoreg.web.principal import SESSION_COOKIE

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The status each error code of ngoreg maps to. `forbidden` is the access layer's permission refusal.
STATUS = {"invalid_input": 422, "not_found": 404, "conflict": 409, "refused": 409, "forbidden": 403,
          "precondition_failed": 412, "unauthenticated": 401, "rate_limited": 429, "busy": 503}  # fmt: skip
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 400: "bad_request",
              415: "unsupported_media_type"}  # fmt: skip

MAX_BODY = int(os.environ.get("NGOREG_MAX_BODY_BYTES", 1 << 20))  # JSON bodies
MAX_IMPORT_BODY = int(os.environ.get("NGOREG_MAX_IMPORT_BYTES", 64 << 20))  # CSV files sent to /imports
IMPORTS_PREFIX = "/api/v1/imports/"


class RefusalOut(BaseModel):
    rule: str = Field(description="The guard or permission that refused")
    message: str = Field(description="The refusal, one sentence")
    basis: str | None = Field(None, description="The article it rests on, e.g. FNGO Law art. 17(1)")


class ErrorDetail(BaseModel):
    code: str = Field(description="invalid_input, not_found, conflict, refused, forbidden, too_large, …")
    message: str = Field(description="One line naming the field, the value and the problem")
    refusals: list[RefusalOut] = Field(default_factory=list, description="Each legal refusal, with its citation")
    basis: list[str] = Field(default_factory=list, description="The articles the refusals cite")


class ErrorResponse(BaseModel):
    error: ErrorDetail


DESCRIPTIONS = {
    401: "Not signed in: the bearer token is unknown, forged, expired or revoked, or the credentials are wrong",
    403: "The acting account may not do this",
    404: "No such object (or path)",
    405: "Method not allowed on this path",
    409: "Refused by the law (with each refusal and its citation), or a conflict: a stale version, a duplicate",
    412: "A precondition (If-Match) failed",
    413: "The request body is larger than the limit",
    429: "Too many failed sign-ins: wait the seconds Retry-After gives",
    422: "Invalid input: the message names the field, the value and the problem",
    503: "The database stayed busy with other writers: nothing was changed; send again after Retry-After seconds",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` documenting these error statuses with the one error schema."""
    return {c: {"model": ErrorResponse, "description": DESCRIPTIONS[c]} for c in codes}


def error_body(code: str, message: str, exc: NgoregError | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "refusals": [], "basis": []}
    if isinstance(exc, Refused):
        body["refusals"] = [r.as_dict() for r in exc.refusals]
        body["basis"] = sorted({r.basis for r in exc.refusals if r.basis})
    return {"error": body}


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(NgoregError)
    async def on_error(_request: Request, exc: NgoregError) -> JSONResponse:
        headers: dict[str, str] = {}
        if isinstance(exc, Unauthenticated):
            headers["WWW-Authenticate"] = 'Bearer realm="ngoreg"'
        if isinstance(exc, TooManyAttempts | Busy):
            headers["Retry-After"] = str(max(1, exc.retry_after_seconds))
        return JSONResponse(error_body(exc.code, str(exc), exc), status_code=STATUS.get(exc.code, 400),
                            headers=headers)  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def on_bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        if first.get("type") == "json_invalid":
            ctx = first.get("ctx") or {}
            message = f"body: malformed JSON ({ctx.get('error', 'cannot be parsed')})"
        else:
            where = _where(tuple(first.get("loc", ())))
            message = f"{where}: {first.get('msg', 'invalid')}"
            if first.get("type") == "extra_forbidden":
                message = f"{where}: unknown field"
        return JSONResponse(error_body("invalid_input", message), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # FastAPI's answer to a body it cannot even decode (not UTF-8, say): bad input like any other
            return JSONResponse(error_body("invalid_input", f"body: malformed ({exc.detail})"), status_code=422)
        code = HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names the methods of the first route on the path only; a path served by two routes
            # (GET and POST /filings) allows the methods of both.
            headers["Allow"] = ", ".join(_allowed_methods(request))
            message = f"{request.method} is not allowed here; allowed: {headers['Allow']}"
        return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in getattr(request.app.state, "routes", request.app.router.routes):
        if isinstance(route, Route) and route.methods and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return sorted(methods)


# Headers on every response. JSON needs no sources at all; the registry page only its inline style.
_COMMON = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"no-referrer"), (b"cross-origin-resource-policy", b"same-origin")]  # fmt: skip
_API = [*_COMMON, (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'; sandbox"),
        (b"cache-control", b"no-store")]  # fmt: skip
_PAGE = [*_COMMON, (b"content-security-policy",
                    b"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
                    b"base-uri 'none'")]  # fmt: skip
_NO_STORE = (b"cache-control", b"no-store")
# A year; not includeSubDomains: the registry may be one site of a domain
# whose other hosts are not ours to commit to HTTPS.
_HSTS = (b"strict-transport-security", b"max-age=31536000")
STATIC_PREFIX = "/static/"  # the same files for everyone, whoever asks


class _TooLarge(StarletteHTTPException):
    """Raised while the body streams in; FastAPI lets an HTTPException through its body parsing, so the
    exception handler answers it in the error shape."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit))


class Guard:
    """Outermost layer: refuses bodies over the limit (by Content-Length at once, or while a chunked body
    streams in), refuses NUL characters in the path and query (no database stores them), and adds the
    security headers to every response, errors included."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[proxies.Network] = ()) -> None:
        self.app = app
        self.trusted_proxies = trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        proxies.resolve(scope, self.trusted_proxies)
        path: str = scope["path"]
        extra = _API if path.startswith("/api/") else _PAGE
        if scope.get("scheme") == "https":
            extra = [*extra, _HSTS]
        private = _signed_in(scope) and not path.startswith(STATIC_PREFIX)
        limit = MAX_IMPORT_BODY if path.startswith(IMPORTS_PREFIX) else MAX_BODY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if private or b"set-cookie" in names:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"] + [_NO_STORE]
                    names.add(b"cache-control")
                message["headers"] = [*headers, *((k, v) for k, v in extra if k not in names)]
            await send(message)

        qs: bytes = scope.get("query_string", b"")
        if "\x00" in path or b"%00" in qs or b"\x00" in qs:
            await self._refuse(send_with_headers, 422, "invalid_input",
                               "query: contains a NUL character, which no field may hold")  # fmt: skip
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    await self._refuse(send_with_headers, 413, "too_large", _too_large(limit))
                    return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send_with_headers(message)

        try:
            await self.app(scope, counted_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(send_with_headers, 413, "too_large", _too_large(limit))

    @staticmethod
    async def _refuse(send: Send, status: int, code: str, message: str) -> None:
        body = json.dumps(error_body(code, message)).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _signed_in(scope: Scope) -> bool:
    """Whether the request carries credentials: a bearer token or the session cookie (even an expired one)."""
    for name, value in scope.get("headers", []):
        if name == b"authorization" or (name == b"cookie" and SESSION_COOKIE in cookie_parser(value.decode("latin-1"))):
            return True
    return False


def _too_large(limit: int) -> str:
    return f"body: larger than the limit of {limit} bytes"
