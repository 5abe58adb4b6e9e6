"""The JSON API under /api/v1 and the public pages. Every route calls the same services as
the CLI; this module only wires them together: the error shape and security headers (`http`), who acts
(`principal`), and one router per part of the registry."""

from __future__ import annotations

import os
from collections.abc import Iterator

from fastapi import FastAPI
from sqlalchemy.orm import Session

from ngoreg.db.engine import database_url, transaction
from ngoreg.web import (
    audit_api,
    coordination_api,
    filings_api,
    http,
    imports_api,
    pages,
    party_api,
    proxies,
    registry_api,
    reporting_api,
    session_api,
    work_api,
)
from ngoreg.web.cursor import Cursors, database_key
from ngoreg.web.pages import work as work_page
from ngoreg.web.principal import Clock, system_clock

DESCRIPTION = """Registry and rules engine for NGO governance.

Every error has one shape, `{"error": {"code", "message", "refusals", "basis"}}`: a legal refusal is 409 with
each refusal's sentence and citation, invalid input 422 naming the field, a missing object 404. Lists are paged
with an opaque cursor: pass the `next` of a page as `cursor` to get the one after it."""


def create_app(url: str | None = None, *, clock: Clock = system_clock, secure_cookies: bool | None = None,
               trusted_proxies: str | None = None) -> FastAPI:  # fmt: skip
    """The app over the database at `url`. `clock` gives the time of each request (tests set it);
    `secure_cookies` marks the session cookie Secure (default: unless NGOREG_INSECURE_COOKIES is set, for
    development over plain HTTP); `trusted_proxies` names the proxies whose X-Forwarded-For and
    X-Forwarded-Proto are believed (default: NGOREG_TRUSTED_PROXIES; none)."""
    db_url = database_url(url)
    proxies_trusted = proxies.trusted_proxies(trusted_proxies)
    app = FastAPI(
        title="ngoreg",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive page loads scripts from elsewhere, which the CSP does not allow
        redoc_url=None,
        responses=http.errors(401, 404, 405, 413, 422, 503),
    )
    app.state.db_url = db_url
    app.state.clock = clock
    app.state.secure_cookies = (not os.environ.get("NGOREG_INSECURE_COOKIES")) if secure_cookies is None \
        else secure_cookies  # fmt: skip
    http.install(app)

    def session() -> Iterator[Session]:
        with transaction(db_url, write=False) as s:
            yield s

    cursors = Cursors(database_key(db_url))
    routers = [registry_api.router(db_url, session, cursors), filings_api.router(db_url, session, cursors),
               reporting_api.router(session, cursors), audit_api.router(session, cursors), imports_api.router(db_url),
               session_api.router(db_url), work_api.router(session),
               party_api.router(session, cursors), coordination_api.router(session, cursors)]  # fmt: skip
    for r in routers:
        app.include_router(r)
    app.state.routes = [route for r in routers for route in r.routes]  # what a 405's Allow is read from

    app.include_router(pages.router(session))  # the public pages (HTML)
    app.include_router(work_page.router(session))  # a signed-in person's work queues (HTML)
    pages.mount_static(app)

    app.add_middleware(http.Guard, trusted_proxies=proxies_trusted)
    return app
