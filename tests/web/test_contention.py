"""Writers at once: a bearer token's last use is written at most once a minute and never by a request's own
transaction, so a read takes no write lock; a database busy past the bounded wait answers 503 with
Retry-After in the error shape, never 500 (one line and exit 3 on the command line); and twenty writers
firing through the app at once all get their answer, each fire applied exactly once."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from ngoreg.access import service
from ngoreg.access.models import ApiToken
from ngoreg.access.tokens import utc
from ngoreg.audit.models import AuditEvent
from ngoreg.cli.app import app
from ngoreg.db.engine import get_engine, transaction
from ngoreg.filings import service as filings
from ngoreg.registry.models import Organisation
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from ngoreg.web.app import create_app
from tests.conftest import ACTOR, NOW
from tests.filings.test_filings import VALUES
from tests.web.accounts import AT, bearer, token

FILE = {"transition": "file", "on": "2017-03-01", "role": "partner_unit"}
REPORT = {"transition": "report_closing", "on": "2017-07-10", "role": "partner_unit",
          "values": {"report": "Held as planned; funds accounted for."}}  # fmt: skip


def partner_with_filings(url: str, username: str, n: int) -> tuple[str, list[int]]:
    """A partner unit's account, its token and `n` drafted temporary activities of a foreign NGO."""
    with transaction(url) as s:
        ngo = add_organisation(s, org_record(kind="foreign_ngo", name_en=f"Teachers Abroad {username}", origin="GB"),
                               actor=ACTOR, now=NOW)  # fmt: skip
        partner = add_organisation(s, org_record(kind="public_institution", name_en=f"College {username}",
                                                 province="110000"), actor=ACTOR, now=NOW)  # fmt: skip
    tok = token(url, username, "partner_unit_staff", org=partner)
    with transaction(url) as s:
        values = {**VALUES, "partner_org_id": str(partner)}
        ids = [filings.start(s, "fngo_temporary_activity", org_id=ngo, values=values, on=date(2017, 2, 1), actor=ACTOR,
                             now=NOW).id for _ in range(n)]  # fmt: skip
    return tok, ids


def last_used(url: str) -> datetime | None:
    with transaction(url, write=False) as s:
        at = s.scalar(select(ApiToken.last_used_at))
    return utc(at) if at is not None else None


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite registry: its write lock is the database's own, where PostgreSQL locks rows."""
    path = tmp_path / "ngoreg.db"
    shutil.copy(sqlite_template, path)
    yield f"sqlite:///{path}"
    get_engine(f"sqlite:///{path}").dispose()


@contextmanager
def write_lock_held(url: str) -> Iterator[None]:
    """Another connection holding SQLite's write lock, as a long writer in another process would."""
    other = sqlite3.connect(url.removeprefix("sqlite:///").partition("?")[0], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


# ---- the token's last use --------------------------------------------------------------------------------


def test_last_use_is_written_at_most_once_a_minute(url: str) -> None:
    tok = token(url, "li.ming", "registrar_officer", province="110000")
    with transaction(url) as s:
        use = service.identify_token(s, tok, AT)
        assert use is not None and use.principal.username == "li.ming" and use.last_use_due  # never used
        assert service.record_token_use(s, use.token_id, AT)
    for later, due in ((AT + timedelta(seconds=59), False), (AT + timedelta(seconds=60), True)):
        with transaction(url) as s:
            use = service.identify_token(s, tok, later)
            assert use is not None and use.last_use_due is due
    with transaction(url) as s:  # a second request that read the row before the first wrote it writes nothing
        assert not service.record_token_use(s, use.token_id, AT + timedelta(seconds=30))
    assert last_used(url) == AT


def test_two_requests_within_a_minute_write_the_last_use_once(url: str) -> None:
    tok = token(url, "li.ming", "registrar_officer", province="110000")
    clock = Clock(AT)
    client = TestClient(create_app(url, clock=clock, secure_cookies=False), headers=bearer(tok))
    assert client.get("/api/v1/session").status_code == 200
    assert last_used(url) == AT
    clock.at = AT + timedelta(seconds=59)
    assert client.get("/api/v1/session").status_code == 200
    assert last_used(url) == AT  # within the minute: not written again
    clock.at = AT + timedelta(seconds=61)
    assert client.get("/api/v1/session").status_code == 200
    assert last_used(url) == AT + timedelta(seconds=61)


def test_a_read_with_a_token_takes_no_write_lock(sqlite_url: str) -> None:
    """While another process holds the write lock, a bearer read is served at once, and the last use, due,
    is left for a later request rather than waited for."""
    url = sqlite_url
    tok, ids = partner_with_filings(url, "zhao.lei", 1)
    clock = Clock(AT)
    client = TestClient(create_app(url + "?timeout=2", clock=clock, secure_cookies=False), headers=bearer(tok))
    assert client.get(f"/api/v1/filings/{ids[0]}").status_code == 200
    clock.at = AT + timedelta(minutes=5)
    with write_lock_held(url):
        r = client.get(f"/api/v1/filings/{ids[0]}")
        assert r.status_code == 200, r.text
    assert last_used(url) == AT  # skipped while the database was busy
    assert client.get(f"/api/v1/filings/{ids[0]}").status_code == 200
    assert last_used(url) == AT + timedelta(minutes=5)
    get_engine(url + "?timeout=2").dispose()


# ---- a database busy past the wait -------------------------------------------------------------------------


def test_a_write_that_cannot_get_the_lock_in_time_is_503_with_retry_after(sqlite_url: str) -> None:
    url = sqlite_url
    tok, ids = partner_with_filings(url, "zhao.lei", 1)
    waiting = url + "?timeout=0.3"  # the bounded wait, short for the test (10 s by default)
    client = TestClient(create_app(waiting, clock=lambda: AT, secure_cookies=False), headers=bearer(tok),
                        raise_server_exceptions=False)  # fmt: skip
    with write_lock_held(url):
        r = client.post(f"/api/v1/filings/{ids[0]}/fire", json=FILE)
    assert r.status_code == 503, r.text
    assert int(r.headers["Retry-After"]) >= 1
    body = r.json()["error"]
    assert set(body) == {"code", "message", "refusals", "basis"} and body["code"] == "busy"
    assert "busy" in body["message"]
    # nothing was applied; once the lock is free the same fire goes through
    assert client.get(f"/api/v1/filings/{ids[0]}").json()["state"] == "drafted"
    assert client.post(f"/api/v1/filings/{ids[0]}/fire", json=FILE).status_code == 200
    get_engine(waiting).dispose()


def test_a_command_that_cannot_get_the_lock_in_time_says_so_in_one_line(sqlite_url: str) -> None:
    waiting = sqlite_url + "?timeout=0.3"
    with write_lock_held(sqlite_url):
        r = CliRunner().invoke(app, ["org", "add", "--kind", "social_association", "--name-zh", "北京市测试协会",
                                     "--db", waiting])  # fmt: skip
    assert r.exit_code == 3
    assert r.stderr.startswith("error: the database is busy") and len(r.stderr.strip().splitlines()) == 1
    with transaction(sqlite_url, write=False) as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0
    get_engine(waiting).dispose()


# ---- twenty writers at once -------------------------------------------------------------------------------


def test_twenty_writers_at_once_get_no_5xx_and_each_fire_applies_once(url: str) -> None:
    writers = [partner_with_filings(url, f"writer.{i}", 2) for i in range(20)]
    app = create_app(url, clock=lambda: AT, secure_cookies=False)
    answers: list[tuple[int, int, str]] = []  # (status, filing, transition)

    async def writer(client: httpx.AsyncClient, tok: str, ids: list[int]) -> None:
        for fid in ids:
            for body in (FILE, None, REPORT, None):
                if body is None:
                    r = await client.get(f"/api/v1/filings/{fid}", headers=bearer(tok))
                    answers.append((r.status_code, fid, "read"))
                else:
                    r = await client.post(f"/api/v1/filings/{fid}/fire", json=body, headers=bearer(tok))
                    answers.append((r.status_code, fid, str(body["transition"])))

    async def main() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ngoreg") as client:
            await asyncio.gather(*(writer(client, tok, ids) for tok, ids in writers))

    asyncio.run(main())
    assert len(answers) == 20 * 2 * 4
    assert [a for a in answers if a[0] != 200] == []
    with transaction(url, write=False) as s:
        logged = s.execute(select(AuditEvent.subject_id, AuditEvent.action, func.count())
                           .where(AuditEvent.subject_type == "filing",
                                  AuditEvent.action.in_(["activity.filed", "activity.reported"]))
                           .group_by(AuditEvent.subject_id, AuditEvent.action)).all()  # fmt: skip
    every = {(fid, action) for _, ids in writers for fid in ids for action in ("activity.filed", "activity.reported")}
    assert {(fid, action) for fid, action, _ in logged} == every
    assert {n for *_, n in logged} == {1}
