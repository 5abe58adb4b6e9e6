"""What the pages' forms have in common: reading a posted form without a multipart parser (the pages post
`application/x-www-form-urlencoded` only), the same-site `next` address a sign-in returns to, and the
redirect to the sign-in page for a page that needs a signed-in account."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse

from ngoreg.errors import InvalidInput
from ngoreg.web.principal import Caller, form_caller

FORM_TYPE = "application/x-www-form-urlencoded"


class Form:
    """A posted form: the first value of each name, and every value of names posted several times
    (checkboxes)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def get(self, name: str, default: str = "") -> str:
        return next((v for k, v in self.pairs if k == name), default)

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]

    def names(self) -> set[str]:
        return {k for k, _ in self.pairs}


async def read_form(request: Request) -> Form:
    """The posted form; a body that is not a URL-encoded form in UTF-8 is invalid input, never a 500."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != FORM_TYPE:
        raise InvalidInput("body", kind or None, f"a form is posted as {FORM_TYPE}")
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("body", None, "is not UTF-8") from None
    pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=2000)
    if any("\x00" in k or "\x00" in v for k, v in pairs):
        raise InvalidInput("body", None, "contains a NUL character, which no field may hold")
    return Form(pairs)


async def read_signed_form(request: Request) -> tuple[Form, Caller]:
    """The posted form and who posted it, its hidden `csrf_token` checked against the session
    (`principal.form_caller`)."""
    posted = await read_form(request)
    return posted, await form_caller(request, posted.get("csrf_token") or None)


def safe_next(value: str | None) -> str:
    """The page to return to after signing in: a path on this site, never another site (`//evil.example`,
    `https://…`, `/\\evil.example` all fall back to the registry's home page)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def here(request: Request) -> str:
    """The path and query of this request, to come back to."""
    q = request.url.query
    return request.url.path + ("?" + q if q else "")


def login_url(back_to: str) -> str:
    """The sign-in page, returning to `back_to` once signed in."""
    return "/login?next=" + quote(safe_next(back_to), safe="/")


def to_login(back_to: str) -> RedirectResponse:
    """303 to the sign-in page, which returns to `back_to` once signed in."""
    return RedirectResponse(login_url(back_to), status_code=303)
