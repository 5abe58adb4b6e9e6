"""Accounts for the API tests: a user with one grant and a bearer token, and clients that send it, on an app
whose clock is pinned."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ngoreg.access import service
from ngoreg.db.engine import transaction
from ngoreg.web.app import create_app
from tests.conftest import ACTOR, NOW

# The time every request of these tests happens at: after the grants and tokens made at NOW.
AT = NOW + timedelta(hours=1)


def app_at(url: str, at: datetime = AT) -> FastAPI:
    return create_app(url, clock=lambda: at, secure_cookies=False)


def user(url: str, username: str, role: str | None = None, *, org: int | None = None, authority: int | None = None,
         province: str | None = None, national: bool = False, password: str | None = None) -> None:  # fmt: skip
    with transaction(url) as s:
        service.add_user(s, username, display_name=username.replace(".", " ").title(), password=password, actor=ACTOR,
                         now=NOW)  # fmt: skip
        if role is not None:
            scope = service.ScopeArgs(org_id=org, authority_id=authority, province=province, national=national)
            service.grant(s, username, role, scope, actor=ACTOR, now=NOW)


def token(url: str, username: str, role: str | None = None, *, expires_in_days: int | None = None,
          **scope: object) -> str:  # fmt: skip
    """A new account holding `role` (with the scope given) and a bearer token for it."""
    user(url, username, role, **scope)  # type: ignore[arg-type]
    with transaction(url) as s:
        return service.create_token(s, username, name="tests", expires_in_days=expires_in_days, actor=ACTOR, now=NOW)[1]


def bearer(tok: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tok}"}


def client_as(url: str, tok: str | None, app: FastAPI | None = None) -> TestClient:
    """A client sending the token with every request (the public's without one)."""
    return TestClient(app or app_at(url), headers=bearer(tok) if tok else {})


def admin(url: str, app: FastAPI | None = None, username: str = "admin") -> TestClient:
    return client_as(url, token(url, username, "administrator"), app)
