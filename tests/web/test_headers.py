"""What the headers promise about where a response may be kept and how the site is reached, on both engines:

* a response to a signed-in request (session cookie or bearer token) is never stored, whatever the page;
* Strict-Transport-Security goes with every response over HTTPS, and only then;
* X-Forwarded-For and X-Forwarded-Proto count only from the proxies NGOREG_TRUSTED_PROXIES names, so a client
  cannot pick the address the sign-in limit counts its failures against."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from ngoreg.access import ratelimit
from ngoreg.access import repository as access_repo
from ngoreg.access.models import LoginAttempt
from ngoreg.cli.app import app as ngoreg
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.web import serve
from ngoreg.web.app import create_app
from ngoreg.web.principal import SESSION_COOKIE
from tests.e2e.conftest import serving
from tests.web.accounts import AT, bearer, token, user
from tests.web.seed import Seeded, seed

PASSWORD = "correct horse battery"
CLIENT, PROXY = "203.0.113.9", "10.0.0.5"
WRONG = {"username": "ngo.staff", "password": "not the password!"}


def app(url: str, trusted: str | None = None) -> object:
    return create_app(url, clock=lambda: AT, secure_cookies=False, trusted_proxies=trusted)


@pytest.fixture
def seeded(url: str) -> Seeded:
    s = seed(url)
    user(url, "ngo.staff", "foreign_ngo_staff", org=s.ngo, password=PASSWORD)
    return s


def private_paths(seeded: Seeded) -> list[str]:
    calendar = f"/organisations/{seeded.ngo}/calendar"
    return ["/work", f"{calendar}?as_of=2017-03-05", f"{calendar}.ics?as_of=2017-03-05", f"/organisations/{seeded.ngo}",
            "/", "/dashboards", f"/filings/{seeded.filing}"]  # fmt: skip


def test_nothing_a_signed_in_request_gets_is_stored(url: str, seeded: Seeded) -> None:
    browser = TestClient(app(url))
    assert browser.post("/api/v1/session", json={"username": "ngo.staff", "password": PASSWORD}).status_code == 200
    assert SESSION_COOKIE in browser.cookies
    script = TestClient(app(url), headers=bearer(token(url, "ngo.script", "foreign_ngo_staff", org=seeded.ngo)))
    for client in (browser, script):
        for path in private_paths(seeded):
            r = client.get(path, follow_redirects=False)
            assert r.status_code < 400, (path, r.status_code)
            assert r.headers.get("cache-control") == "no-store", path
        assert "no-store" not in client.get("/static/site.css").headers.get("cache-control", "")
    public = TestClient(app(url))
    assert "cache-control" not in public.get("/").headers  # the public's registry page may be kept
    # a response that sets a cookie is never stored either (a cache would hand the cookie on): the language's
    assert public.get("/", params={"lang": "en"}).headers["cache-control"] == "no-store"


def test_strict_transport_security_over_https_only(url: str, seeded: Seeded) -> None:
    over_https = TestClient(app(url), base_url="https://testserver")
    for path in ("/", "/api/v1/organisations", "/nowhere"):
        assert over_https.get(path).headers["strict-transport-security"].startswith("max-age=")
    plain = TestClient(app(url))
    assert "strict-transport-security" not in plain.get("/").headers
    # a proxy ends TLS and says so; only a proxy the configuration names is believed
    https = {"X-Forwarded-Proto": "https"}
    assert "strict-transport-security" not in TestClient(app(url), client=(PROXY, 4000)).get("/", headers=https).headers
    via_proxy = TestClient(app(url, "10.0.0.0/24"), client=(PROXY, 4000))
    assert "strict-transport-security" in via_proxy.get("/", headers=https).headers
    assert "strict-transport-security" not in via_proxy.get("/", headers={"X-Forwarded-Proto": "http"}).headers


def fail_from(url: str, address: str, times: int = ratelimit.MAX_PER_ADDRESS) -> None:
    """Failed sign-ins from `address` just before AT, as many as the limit allows."""
    with transaction(url) as s:
        for i in range(times):
            access_repo.record_attempt(s, username=f"guess{i}", ip=address, at=AT - timedelta(minutes=1), success=False)


def addresses(url: str) -> list[str | None]:
    with transaction(url, write=False) as s:
        return list(s.scalars(select(LoginAttempt.ip).where(LoginAttempt.username == "ngo.staff")))


def test_a_forwarded_address_from_an_untrusted_loopback_peer_resets_no_limit(url: str, seeded: Seeded) -> None:
    fail_from(url, "127.0.0.1")
    client = TestClient(app(url), client=("127.0.0.1", 5000))
    r = client.post("/api/v1/session", json=WRONG, headers={"X-Forwarded-For": CLIENT})
    assert r.status_code == 429 and "127.0.0.1" in r.json()["error"]["message"]


def test_a_forwarded_address_from_a_configured_proxy_is_the_one_counted(url: str, seeded: Seeded) -> None:
    fail_from(url, PROXY)  # the proxy's own address is many people's: its failures do not lock them out
    proxied = TestClient(app(url, f"{PROXY}, 2001:db8::/32"), client=(PROXY, 5000))
    r = proxied.post("/api/v1/session", json=WRONG, headers={"X-Forwarded-For": f"198.51.100.1, {CLIENT}"})
    assert r.status_code == 401 and addresses(url) == [CLIENT]  # the nearest untrusted hop, not the first
    fail_from(url, CLIENT)
    r = proxied.post("/api/v1/session", json=WRONG, headers={"X-Forwarded-For": CLIENT})
    assert r.status_code == 429 and CLIENT in r.json()["error"]["message"]
    # garbage where an address belongs is not an address: the peer's own stands
    r = proxied.post("/api/v1/session", json=WRONG, headers={"X-Forwarded-For": "not-an-address"})
    assert r.status_code == 429 and PROXY in r.json()["error"]["message"]


def test_the_proxies_setting_is_checked(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidInput, match="NGOREG_TRUSTED_PROXIES: 'localhost'"):
        app(url, "127.0.0.1, localhost")
    monkeypatch.setenv("NGOREG_TRUSTED_PROXIES", "10.0.0.0/33")
    with pytest.raises(InvalidInput, match=re.escape("NGOREG_TRUSTED_PROXIES: '10.0.0.0/33'")):
        create_app(url)
    served = CliRunner().invoke(ngoreg, ["serve", "--db", url])  # refused before anything listens
    assert served.exit_code == 2 and served.stderr.startswith("error: NGOREG_TRUSTED_PROXIES: '10.0.0.0/33'")
    assert len(served.stderr.splitlines()) == 1


@pytest.fixture
def served(url: str) -> Iterator[str]:
    """The app served by uvicorn as `ngoreg serve` configures it, on a loopback port."""
    with serving(lambda port: serve.uvicorn_config(app(url), host="127.0.0.1", port=port, workers=1,
                                                   factory=False)) as base:  # fmt: skip
        yield base


def test_the_server_itself_believes_no_forwarded_header(url: str, seeded: Seeded, served: str) -> None:
    fail_from(url, "127.0.0.1")
    r = httpx.post(served + "/api/v1/session", json=WRONG,
                   headers={"X-Forwarded-For": CLIENT, "X-Forwarded-Proto": "https"})  # fmt: skip
    assert r.status_code == 429 and "127.0.0.1" in r.json()["error"]["message"]
    assert "strict-transport-security" not in r.headers
