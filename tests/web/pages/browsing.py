"""Signing in through the sign-in page with the TestClient, and reading the hidden fields of a page's forms,
for the page tests of the sign-in and filing pages."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

from fastapi.testclient import TestClient

PASSWORD = "a long enough passphrase 7"
SHORT_FORM = {"content-type": "application/x-www-form-urlencoded"}


class Clock:
    """The app's clock, which a test moves on (to let a session expire) instead of sleeping."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def hidden(html: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert m, f"no hidden field {name} in the page"
    return unescape(m[1])


def sign_in(client: TestClient, username: str, password: str = PASSWORD, next_: str = "/") -> str:
    """Signs in through /login; the page the sign-in redirected to."""
    form = client.get("/login", params={"next": next_})
    r = client.post("/login", data={"username": username, "password": password, "next": hidden(form.text, "next"),
                                    "form_token": hidden(form.text, "form_token")}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text[:500]
    return str(r.headers["location"])


def csrf(client: TestClient, path: str = "/") -> str:
    """The session's CSRF token, as the sign-out form in every page's header carries it."""
    return hidden(client.get(path).text, "csrf_token")
