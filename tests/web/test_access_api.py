"""Authentication over HTTP on both engines, with the clock pinned: bearer tokens (forged, malformed,
expired, revoked: 401 and nothing written), the browser session and its CSRF token, the login rate limit
(429 with Retry-After), bad input still 422 once signed in; and two clients firing on one filing at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ngoreg.access import service
from ngoreg.access.sessions import ABSOLUTE_TIMEOUT
from ngoreg.audit.models import AuditEvent
from ngoreg.db.engine import transaction
from ngoreg.filings.models import Filing
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from ngoreg.web.principal import CSRF_HEADER, SESSION_COOKIE
from tests.conftest import ACTOR, NOW
from tests.filings.test_filings import VALUES
from tests.web.accounts import AT, app_at, bearer, client_as, token, user
from tests.web.seed import Seeded, seed

PASSWORD = "correct horse battery"


def counts(url: str) -> tuple[int, int]:
    """(filings, audit events): what a refused request must leave as it was."""
    with transaction(url, write=False) as s:
        return s.scalar(select(func.count()).select_from(Filing)) or 0, \
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0  # fmt: skip


def error(r: object, status: int) -> dict[str, object]:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    body = r.json()["error"]  # type: ignore[attr-defined]
    assert set(body) == {"code", "message", "refusals", "basis"}
    return body  # type: ignore[no-any-return]


@pytest.fixture
def ground(url: str) -> tuple[str, int, int]:
    """A foreign NGO and a Beijing partner unit whose staff (`zhao.lei`) sign in with a password."""
    with transaction(url) as s:
        ngo = add_organisation(s, org_record(kind="foreign_ngo", name_en="Teachers Abroad", origin="GB"), actor=ACTOR,
                               now=NOW)  # fmt: skip
        partner = add_organisation(s, org_record(kind="public_institution", name_en="Beijing Normal College",
                                                 province="110000"), actor=ACTOR, now=NOW)  # fmt: skip
    user(url, "zhao.lei", "partner_unit_staff", org=partner, password=PASSWORD)
    return url, ngo, partner


def start_body(ngo: int) -> dict[str, object]:
    return {"procedure": "fngo_temporary_activity", "org_id": ngo, "values": VALUES, "on": "2017-02-20"}


def test_bad_tokens_are_401_and_write_nothing(ground: tuple[str, int, int]) -> None:
    url, ngo, partner = ground
    good = token(url, "li.ming", "partner_unit_staff", org=partner, expires_in_days=1)
    revoked = token(url, "wu.hua", "partner_unit_staff", org=partner)
    with transaction(url) as s:
        service.revoke_token(s, 2, actor=ACTOR, now=NOW)  # wu.hua's, the second made
    prefix = good.split("_")[1]
    before = counts(url)
    app = app_at(url)
    for bad in (f"ngr_{prefix}_forged-secret", "ngr_000000000000_" + good.split("_", 2)[2], "nonsense", revoked):
        r = TestClient(app).post("/api/v1/filings", json=start_body(ngo), headers=bearer(bad))
        assert error(r, 401)["code"] == "unauthenticated"
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        assert "Cache-Control" in r.headers  # the security headers on errors too
    # the read of one organisation, which answers the public without asking who it is, still refuses them
    forged = bearer(f"ngr_{prefix}_forged-secret")
    assert error(TestClient(app).get(f"/api/v1/organisations/{ngo}", headers=forged), 401)["code"] == "unauthenticated"
    for header in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer "):
        assert error(TestClient(app).get("/api/v1/session", headers={"Authorization": header}), 401)
    expired = TestClient(app_at(url, AT + timedelta(days=2)), headers=bearer(good))
    assert error(expired.post("/api/v1/filings", json=start_body(ngo)), 401)["code"] == "unauthenticated"
    assert counts(url) == before
    # the server keeps serving: the good token still works, and needs no CSRF token
    started = client_as(url, good, app).post("/api/v1/filings", json=start_body(ngo))
    assert started.status_code == 201, started.text
    assert started.json()["history"][0]["actor"] == "user:li.ming"


def test_bad_input_is_still_422_when_signed_in_and_writes_nothing(ground: tuple[str, int, int]) -> None:
    url, ngo, partner = ground
    client = client_as(url, token(url, "li.ming", "partner_unit_staff", org=partner))
    before = counts(url)
    body = start_body(ngo)
    unknown = client.post("/api/v1/filings", json={**body, "colour": "red"})
    assert error(unknown, 422)["message"] == "colour: unknown field"
    assert error(client.post("/api/v1/filings", json={**body, "org_id": "seven"}), 422)["message"].startswith("org_id:")
    assert error(client.post("/api/v1/filings", json={**body, "values": {"start_date": 5}}), 422)
    assert error(client.post("/api/v1/filings", json={**body, "values": {"start_date": "soon"}}), 422)
    assert error(client.post("/api/v1/filings", json={**body, "role": "registrar"}), 403)["code"] == "forbidden"
    assert error(client.post("/api/v1/filings", json={**body, "org_id": 999}), 422)["message"].startswith("org_id:")
    assert error(client.post("/api/v1/session", json={"username": "x"}), 422)["message"].startswith("password:")
    assert error(client.post("/api/v1/session", content=b"{", headers={"Content-Type": "application/json"}), 422)
    assert counts(url) == before


def test_the_browser_session_and_its_csrf_token(ground: tuple[str, int, int]) -> None:
    url, ngo, _ = ground
    app = app_at(url)
    browser = TestClient(app)
    assert browser.get("/api/v1/session").json()["via"] == "public"
    signed_in = browser.post("/api/v1/session", json={"username": "zhao.lei", "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    csrf = signed_in.json()["csrf_token"]
    me = browser.get("/api/v1/session").json()
    assert (me["via"], me["username"], me["grants"][0]["role"]) == ("session", "zhao.lei", "partner_unit_staff")
    assert me["csrf_token"] == csrf

    before = counts(url)
    missing = browser.post("/api/v1/filings", json=start_body(ngo))
    assert error(missing, 403)["refusals"][0]["rule"] == "csrf"  # type: ignore[index]
    assert error(browser.post("/api/v1/filings", json=start_body(ngo), headers={CSRF_HEADER: "guess"}), 403)
    assert counts(url) == before
    started = browser.post("/api/v1/filings", json=start_body(ngo), headers={CSRF_HEADER: csrf})
    assert started.status_code == 201, started.text
    assert started.json()["history"][0]["actor_name"] == "Zhao Lei"

    assert error(browser.delete("/api/v1/session"), 403)  # signing out is a write too
    assert browser.delete("/api/v1/session", headers={CSRF_HEADER: csrf}).status_code == 204
    assert browser.get("/api/v1/session").json()["via"] == "public"

    # a session ends by time: past its absolute limit the cookie is the public's
    again = TestClient(app).post("/api/v1/session", json={"username": "zhao.lei", "password": PASSWORD})
    later = TestClient(app_at(url, AT + ABSOLUTE_TIMEOUT + timedelta(minutes=1)))
    later.cookies.set(SESSION_COOKIE, again.cookies[SESSION_COOKIE])
    assert later.get("/api/v1/session").json()["via"] == "public"


def test_login_is_rate_limited(ground: tuple[str, int, int]) -> None:
    url, _, _ = ground
    client = TestClient(app_at(url))
    for _ in range(5):
        wrong = client.post("/api/v1/session", json={"username": "zhao.lei", "password": "not the password!"})
        assert error(wrong, 401)["message"] == "wrong username or password"
    limited = client.post("/api/v1/session", json={"username": "zhao.lei", "password": PASSWORD})
    assert error(limited, 429)["code"] == "rate_limited"
    assert 0 < int(limited.headers["Retry-After"]) <= 15 * 60
    assert SESSION_COOKIE not in limited.cookies
    # the limit is for the window: once it has passed, the right password signs in
    later = TestClient(app_at(url, AT + timedelta(minutes=16)))
    assert later.post("/api/v1/session", json={"username": "zhao.lei", "password": PASSWORD}).status_code == 200


def test_two_clients_fire_on_one_filing_at_once(url: str) -> None:
    seeded: Seeded = seed(url)
    app = app_at(url)
    tok = token(url, "wang.fang", "registrar_officer", national=True)
    etag = client_as(url, tok, app).get(f"/api/v1/filings/{seeded.filing}").headers["ETag"]
    body = {"transition": "order_stop", "on": "2017-04-01", "values": {"stop_reason": "outside the filed region"}}
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def fire() -> None:
        client = client_as(url, tok, app)
        barrier.wait()
        statuses.append(client.post(f"/api/v1/filings/{seeded.filing}/fire", json=body,
                                    headers={"If-Match": etag}).status_code)  # fmt: skip

    threads = [threading.Thread(target=fire) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(statuses) == [200, 409]
    with transaction(url, write=False) as s:
        fired = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.subject_type == "filing", AuditEvent.subject_id == seeded.filing,
            AuditEvent.action == "activity.stop_ordered"))  # fmt: skip
    assert fired == 1
    assert client_as(url, tok, app).get("/api/v1/audit/verify").status_code == 403  # the administrator's


def test_the_public_is_known_without_a_database_round_trip(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hottest read (one organisation, mostly the public's) spends nothing on finding out who asks."""
    seeded = seed(url)

    def no(*_: object) -> None:
        raise AssertionError("a request without credentials looked up a token or a session")

    monkeypatch.setattr("ngoreg.web.principal._by_token", no)
    monkeypatch.setattr("ngoreg.web.principal._by_cookie", no)
    r = TestClient(app_at(url)).get(f"/api/v1/organisations/{seeded.orgs[0]}")
    assert r.status_code == 200 and r.json()["id"] == seeded.orgs[0]
