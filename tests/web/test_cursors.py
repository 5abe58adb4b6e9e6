"""A list's cursor is signed with a key the database keeps (made at random by `ngoreg init`), and its contents
are checked even when the signature holds: a cursor forged with the key the code once shipped, or one signed
with the real key but holding an integer no column stores, is a 422 naming `cursor`, never a 500."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from ngoreg.cli.app import app as ngoreg
from ngoreg.db.engine import get_engine, transaction
from ngoreg.settings import repository as settings
from ngoreg.web.cursor import Cursors
from tests.web.accounts import admin, app_at
from tests.web.seed import seed

SRC = Path(__file__).resolve().parents[2] / "src"
# The key every installation once shared because the code gave it as the default: public, so forgeable.
PUBLISHED_KEY = b"ngoreg cursor v1"
LISTS = {"/api/v1/organisations": "organisations", "/api/v1/filings": "filings", "/api/v1/audit/events": "audit",
         "/api/v1/authorities": "authorities"}  # fmt: skip


def signed(key: bytes, scope: str, parts: list[object]) -> str:
    """A cursor as the old code made it, signed with `key`: what anyone who read the code could make."""
    payload = json.dumps([scope, parts], separators=(",", ":")).encode()
    mac = hmac.new(key, payload, hashlib.sha256).digest()[:8]
    return base64.urlsafe_b64encode(payload + mac).rstrip(b"=").decode("ascii")


def real_key(url: str) -> bytes:
    with transaction(url, write=False) as s:
        key = settings.get(s, settings.CURSOR_KEY)
    assert key is not None
    return key.encode()


def refused(r: object) -> str:
    assert r.status_code == 422, r.text  # type: ignore[attr-defined]
    message: str = r.json()["error"]["message"]  # type: ignore[attr-defined]
    assert message.startswith("cursor:")
    return message


@pytest.fixture
def client(url: str) -> TestClient:
    seed(url)
    return admin(url)


def test_a_cursor_forged_with_the_published_key_is_refused(client: TestClient) -> None:
    for path, scope in LISTS.items():
        assert client.get(path, params={"limit": 1}).status_code == 200
        refused(client.get(path, params={"cursor": signed(PUBLISHED_KEY, scope, [2**63])}))
        refused(client.get(path, params={"cursor": signed(PUBLISHED_KEY, scope, [1])}))


def test_a_signed_cursor_holding_an_absurd_key_is_refused(url: str, client: TestClient) -> None:
    key = real_key(url)
    for path, scope in LISTS.items():
        for absurd in (2**63, -(2**63) - 1, 2**31, -1, 10**30, 1.5, True, None, "1"):
            refused(client.get(path, params={"cursor": signed(key, scope, [absurd])}))
        refused(client.get(path, params={"cursor": signed(key, scope, [1, 2])}))
        # the real key and a sane id: the page after it
        assert client.get(path, params={"cursor": signed(key, scope, [1])}).status_code == 200
    # a list sorted by text: a key far longer than any it gives out; and a cursor longer than any it makes
    refused(client.get("/api/v1/figures", params={"cursor": signed(key, "figures", ["x" * 600, 1, "k"])}))
    refused(client.get("/api/v1/figures", params={"cursor": "A" * 5000}))


def test_the_key_is_the_databases_own_unless_set_for_every_worker(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(url)
    key = real_key(url)
    assert len(key) >= 32 and key != PUBLISHED_KEY
    public = TestClient(app_at(url))
    nxt = public.get("/api/v1/authorities", params={"limit": 1}).json()["next"]
    assert Cursors(lambda: key).after_id("authorities", nxt) >= 1  # signed with the database's key
    monkeypatch.setenv("NGOREG_CURSOR_KEY", "set by the operator for every worker")
    overridden = TestClient(app_at(url))
    refused(overridden.get("/api/v1/authorities", params={"cursor": nxt}))
    again = overridden.get("/api/v1/authorities", params={"limit": 1}).json()["next"]
    assert overridden.get("/api/v1/authorities", params={"cursor": again}).status_code == 200


def test_init_keeps_the_key_and_makes_one_again_if_it_was_lost(url: str) -> None:
    key = real_key(url)
    assert CliRunner().invoke(ngoreg, ["init", "--db", url]).exit_code == 0
    assert real_key(url) == key  # the cursors given out stay valid
    with get_engine(url).begin() as c:
        c.execute(text("DELETE FROM settings"))
    assert CliRunner().invoke(ngoreg, ["init", "--db", url]).exit_code == 0
    assert len(real_key(url)) >= 32 and real_key(url) != key


def test_no_signing_key_is_written_in_the_code() -> None:
    found = subprocess.run(["grep", "-rn", "-e", PUBLISHED_KEY.decode(), "-e", 'NGOREG_CURSOR_KEY", "', str(SRC)],
                           capture_output=True, text=True)  # fmt: skip
    assert found.stdout == ""
