"""Signing in and out in the browser: `/login` and `/logout`.

The sign-in form calls the same access service as `POST /api/v1/session` (the same password check, the same
rate limit, the same session cookie), so a browser signed in here is signed in to the API too. The form
carries a one-time value that must match a cookie set with it (a double-submit token): another site cannot
sign a visitor in to an account of its choosing. Signing out is a form post with the session's CSRF token.

After signing in the browser returns to `next`, a path on this site only (`forms.safe_next`)."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ngoreg import bounds
from ngoreg.access import service as access
from ngoreg.access.errors import Forbidden, TooManyAttempts
from ngoreg.access.tokens import same
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput, NgoregError
from ngoreg.web.pages.forms import read_form, read_signed_form, safe_next
from ngoreg.web.principal import (
    Caller,
    clear_session_cookie,
    clock,
    current_caller,
    set_session_cookie,
    sign_in,
)

SIGNIN_COOKIE = "ngoreg_signin"  # the sign-in form's double-submit token
MAX_USERNAME, MAX_PASSWORD = bounds.USERNAME, 1024  # as the API's `Login` body


async def who_is_signed_in(request: Request) -> None:
    """Resolves the caller of every page shown (GET), so that the header can say who is signed in and offer
    the sign-out button. A post resolves its caller itself, with the CSRF token its form carries."""
    if request.method in ("GET", "HEAD"):
        await current_caller(request)


def signed_in_caller(request: Request) -> Caller | None:
    """The caller resolved for this request, if it is a signed-in account."""
    caller = getattr(request.state, "caller", None)
    return caller if isinstance(caller, Caller) and not caller.principal.is_public else None


def router() -> APIRouter:
    from ngoreg.web.pages import Page  # the page machinery lives in the package; imported late to avoid a cycle

    pages = APIRouter(include_in_schema=False)

    def form(request: Request, *, status: int = 200, next_: str = "/", username: str = "",
             errors: dict[str, str] | None = None, alert: str | None = None) -> HTMLResponse:  # fmt: skip
        page = Page(request)
        token = secrets.token_urlsafe(24)
        ctx: dict[str, Any] = {"next": safe_next(next_), "username": username, "errors": errors or {},
                               "alert": alert, "form_token": token}  # fmt: skip
        response = page.render("login.html", status=status, **ctx)
        response.set_cookie(SIGNIN_COOKIE, token, max_age=3600, path="/login", httponly=True, samesite="strict",
                            secure=bool(request.app.state.secure_cookies))  # fmt: skip
        response.headers["Cache-Control"] = "no-store"
        return response

    @pages.get("/login", response_class=HTMLResponse)
    def login_page(request: Request) -> HTMLResponse:
        return form(request, next_=request.query_params.get("next", "/"))

    @pages.post("/login", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        page = Page(request)
        _ = page._
        try:
            posted = await read_form(request)
        except InvalidInput as exc:
            return form(request, status=422, alert=str(exc))
        next_ = safe_next(posted.get("next"))
        username = posted.get("username").strip()[:MAX_USERNAME]
        password = posted.get("password")
        cookie = request.cookies.get(SIGNIN_COOKIE)
        if not cookie or not same(cookie, posted.get("form_token")):
            return form(request, status=403, next_=next_, username=username,
                        alert=_("The sign-in form had expired or came from another site. Please sign in again."))
        errors: dict[str, str] = {}
        if not username:
            errors["username"] = _("Username: enter the name of your account.")
        if not password:
            errors["password"] = _("Password: enter your password.")
        elif len(password) > MAX_PASSWORD:
            errors["password"] = _("Password: at most 1024 characters.")
        if errors:
            return form(request, status=422, next_=next_, username=username, errors=errors)
        try:
            signed_in = sign_in(request, username, password, clock(request))[1]
        except TooManyAttempts as exc:
            minutes = max(1, -(-exc.retry_after_seconds // 60))
            wait = _("Too many failed sign-ins. Try again in %(minutes)s minutes.") % {"minutes": minutes}
            response = form(request, status=429, next_=next_, username=username, alert=wait)
            response.headers["Retry-After"] = str(max(1, exc.retry_after_seconds))
            return response
        if signed_in is None:
            return form(request, status=401, next_=next_, username=username,
                        errors={"password": _("Username or password: they do not match an account.")})
        out = RedirectResponse(next_, status_code=303)
        set_session_cookie(out, request, signed_in.cookie)
        out.delete_cookie(SIGNIN_COOKIE, path="/login")
        return out

    @pages.post("/logout", response_class=HTMLResponse)
    async def logout(request: Request) -> Response:
        page = Page(request)
        try:
            caller = (await read_signed_form(request))[1]
        except Forbidden:
            return page.render("message.html", status=403, heading=page._("Not signed out"),
                               error=page._("The sign-out form did not carry this session's token. "
                                            "Reload the page and sign out again."))  # fmt: skip
        except NgoregError as exc:
            return page.render("message.html", status=422, heading=page._("Not signed out"), error=str(exc))
        if caller.cookie is not None:
            with transaction(request.app.state.db_url) as s:
                access.end_session(s, caller.cookie)
        out = RedirectResponse("/", status_code=303)
        clear_session_cookie(out, request)
        return out

    return pages
