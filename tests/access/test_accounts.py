"""Accounts on a real database: tokens, sessions, login and its rate limit, with time pinned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ngoreg.access import passwords, ratelimit, service, sessions
from ngoreg.access.errors import TooManyAttempts
from ngoreg.access.models import ApiToken, User
from ngoreg.audit.models import AuditEvent
from ngoreg.db.engine import transaction
from ngoreg.errors import Conflict, InvalidInput
from tests.access.test_passwords import CHEAP
from tests.conftest import ACTOR, NOW

PASSWORD = "correct horse battery"


@pytest.fixture
def db(url: str) -> str:
    with transaction(url) as s:
        service.add_user(s, "li.ming", display_name="Li Ming", password=PASSWORD, actor=ACTOR, now=NOW)
        service.grant(s, "li.ming", "registrar_officer", service.ScopeArgs(province="110000"), actor=ACTOR, now=NOW)
    return url


def test_token_lifecycle(db: str) -> None:
    with transaction(db) as s:
        tid, token = service.create_token(s, "li.ming", name="nightly export", expires_in_days=30, actor=ACTOR,
                                          now=NOW)  # fmt: skip
    assert token.startswith("ngr_")
    with transaction(db) as s:
        p = service.authenticate_token(s, token, NOW + timedelta(days=1))
        stored = s.get(ApiToken, tid)
        assert stored is not None and token.split("_", 2)[2] not in stored.secret_hash
        assert stored.last_used_at is None  # authenticating writes nothing (see tests/web/test_contention.py)
    assert p is not None and p.username == "li.ming" and p.grants[0].province == "110000"
    prefix = token.split("_", 2)[1]
    with transaction(db) as s:
        assert service.authenticate_token(s, token, NOW + timedelta(days=30)) is None  # expired
        assert service.authenticate_token(s, f"ngr_{prefix}_forged-secret", NOW) is None
        assert service.authenticate_token(s, "ngr_000000000000_" + token.split("_", 2)[2], NOW) is None
        assert service.authenticate_token(s, "Bearer nonsense", NOW) is None
        service.revoke_token(s, tid, actor=ACTOR, now=NOW)
    with transaction(db) as s:
        assert service.authenticate_token(s, token, NOW) is None  # revoked
        with pytest.raises(Conflict):
            service.revoke_token(s, tid, actor=ACTOR, now=NOW)
        logged = [e.after or "" for e in s.scalars(select(AuditEvent).where(AuditEvent.subject_type == "api_token"))]
    assert len(logged) == 2 and not any(token.split("_", 2)[2] in e for e in logged)


def test_login_records_rehashes_and_keeps_no_secret_in_the_audit_log(db: str) -> None:
    with transaction(db) as s:
        u = s.scalar(select(User).where(User.username == "li.ming"))
        assert u is not None
        u.password_hash = passwords.hash_password(PASSWORD, CHEAP)  # made under older parameters
        old = u.password_hash
    with transaction(db) as s:
        assert service.login(s, "li.ming", "wrong password!!", ip="10.0.0.1", now=NOW) is None
        assert service.login(s, "nobody", PASSWORD, ip="10.0.0.1", now=NOW) is None
        p = service.login(s, "li.ming", PASSWORD, ip="10.0.0.1", now=NOW)
    assert p is not None and p.name == "Li Ming"
    with transaction(db, write=False) as s:
        u = s.scalar(select(User).where(User.username == "li.ming"))
        assert u is not None and u.password_hash != old and not passwords.HASHER.check_needs_rehash(u.password_hash)
        text = " ".join(f"{e.before} {e.after}" for e in s.scalars(select(AuditEvent)))
    assert "argon2" not in text and PASSWORD not in text and "li.ming" in text


def test_weak_password_and_taken_username_are_refused(db: str) -> None:
    with transaction(db) as s, pytest.raises(InvalidInput) as exc:
        service.add_user(s, "wang.fang", display_name=None, password="wang.fang", actor=ACTOR, now=NOW)
    assert exc.value.field == "password"
    with transaction(db) as s, pytest.raises(Conflict):
        service.add_user(s, "li.ming", display_name=None, password=None, actor=ACTOR, now=NOW)


def test_rate_limit_by_username_until_the_window_passes(db: str) -> None:
    t = NOW
    for i in range(ratelimit.MAX_PER_USERNAME):
        with transaction(db) as s:
            attempt = service.login(s, "li.ming", "wrong password!!", ip=f"10.0.0.{i}", now=t + timedelta(seconds=i))
        assert attempt is None
    late = t + timedelta(minutes=5)
    with transaction(db) as s, pytest.raises(TooManyAttempts) as exc:
        service.login(s, "li.ming", PASSWORD, ip="10.9.9.9", now=late)  # even the right password waits
    assert exc.value.code == "rate_limited" and exc.value.retry_after_seconds == 10 * 60
    assert "try again in 10 minutes" in str(exc.value)
    with transaction(db) as s:
        assert service.login(s, "li.ming", PASSWORD, ip="10.9.9.9", now=t + ratelimit.WINDOW + timedelta(seconds=1))


def test_rate_limit_by_address(db: str) -> None:
    for i in range(ratelimit.MAX_PER_ADDRESS):
        with transaction(db) as s:
            service.login(s, f"user{i}", "wrong password!!", ip="192.0.2.7", now=NOW)
    with transaction(db) as s, pytest.raises(TooManyAttempts, match=r"address 192\.0\.2\.7"):
        service.login(s, "li.ming", PASSWORD, ip="192.0.2.7", now=NOW + timedelta(minutes=1))
    with transaction(db) as s:  # another address is not held back
        assert service.login(s, "li.ming", PASSWORD, ip="192.0.2.8", now=NOW + timedelta(minutes=1))


def test_sessions_expire_when_idle_and_at_their_absolute_limit(db: str) -> None:
    with transaction(db) as s:
        p = service.login(s, "li.ming", PASSWORD, ip=None, now=NOW)
        assert p is not None
        signed = service.start_session(s, p, NOW)
    step = sessions.IDLE_TIMEOUT - timedelta(minutes=1)
    t = NOW
    while t + step < NOW + sessions.ABSOLUTE_TIMEOUT:  # active: each request moves the idle limit on
        t += step
        with transaction(db) as s:
            sp = service.authenticate_session(s, signed.cookie, t)
        assert sp is not None and sp.principal.username == "li.ming" and sp.csrf_token == signed.csrf_token
    with transaction(db) as s:
        assert service.authenticate_session(s, signed.cookie, NOW + sessions.ABSOLUTE_TIMEOUT) is None
    with transaction(db) as s:
        idle = service.start_session(s, p, NOW)
    with transaction(db) as s:
        assert service.authenticate_session(s, idle.cookie, NOW + sessions.IDLE_TIMEOUT) is None
        assert service.authenticate_session(s, "made-up-cookie", NOW) is None


def test_csrf_compare() -> None:
    assert sessions.csrf_matches("abc123", "abc123")
    assert not sessions.csrf_matches("abc123", "abc124")
    assert not sessions.csrf_matches("abc123", None)
    assert not sessions.csrf_matches("abc123", "")
