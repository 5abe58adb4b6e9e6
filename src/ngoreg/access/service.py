"""Accounts: users, grants, tokens, sessions and login. Services take the session first and never commit;
each write of an account, a grant or a token is recorded in the audit log with its actor — never a
password, a hash or a secret. Sessions and login attempts are operational records of their own and are
not audited (every page view would otherwise write to the chain)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ngoreg import bounds
from ngoreg.access import passwords, ratelimit, sessions, tokens
from ngoreg.access import repository as repo
from ngoreg.access.models import RoleGrant, User
from ngoreg.access.principal import Grant, Principal
from ngoreg.access.roles import Scope, role
from ngoreg.audit import repository as audit
from ngoreg.audit.repository import Actor, Entry
from ngoreg.errors import Conflict, InvalidInput, NotFound
from ngoreg.law.periods import day_of
from ngoreg.reference import provinces
from ngoreg.registry.models import Authority, Organisation

USER, TOKEN = "user", "api_token"  # how the audit log names these subjects
USERNAME = re.compile(rf"[a-z0-9][a-z0-9._-]{{0,{bounds.USERNAME - 1}}}")


def _log(session: Session, actor: Actor, action: str, subject: str, subject_id: int, now: datetime,
         after: dict[str, Any] | None = None) -> None:  # fmt: skip
    audit.append(session, actor, [Entry(action, subject, subject_id, day_of(now), after=after)], now=now)


def _user(session: Session, username: str) -> User:
    u = repo.user_by_name(session, username)
    if u is None:
        raise NotFound(f"user {username!r} does not exist")
    return u


# ---- users and grants ----------------------------------------------------------------------------------


def add_user(session: Session, username: str, *, display_name: str | None, password: str | None, actor: Actor,
             now: datetime) -> int:  # fmt: skip
    """Adds an account; without a password it can use API tokens only."""
    if not USERNAME.fullmatch(username):
        raise InvalidInput("username", username, "1–64 lower-case letters, digits, '.', '_' or '-', starting "
                                                 "with a letter or digit")  # fmt: skip
    bounds.text(display_name, "display_name", bounds.NAME)
    if repo.user_by_name(session, username) is not None:
        raise Conflict(f"username: {username!r}: already taken")
    if password is not None:
        passwords.check_strength(password, username)
    u = repo.add_user(session, username=username, display_name=display_name or None, active=True,
                      password_hash=passwords.hash_password(password) if password is not None else None,
                      created_at=tokens.utc(now))  # fmt: skip
    _log(session, actor, "user.added", USER, u.id, now,
         {"username": username, "display_name": u.display_name, "password_set": password is not None})
    return u.id


@dataclass(frozen=True)
class ScopeArgs:
    org_id: int | None = None
    authority_id: int | None = None
    province: str | None = None
    national: bool = False

    def scope(self) -> Scope:
        given = [k for k, v in (("--org", self.org_id), ("--authority", self.authority_id),
                                ("--province", self.province), ("--national", self.national or None))
                 if v is not None]  # fmt: skip
        if len(given) > 1:
            raise InvalidInput("scope", " ".join(given), "give one of --org, --authority, --province, --national")
        if self.org_id is not None:
            return Scope.ORGANISATION
        if self.authority_id is not None:
            return Scope.AUTHORITY
        if self.province is not None:
            return Scope.PROVINCE
        return Scope.NATIONAL if self.national else Scope.NONE


def _scope_values(session: Session, role_name: str, s: ScopeArgs) -> dict[str, Any]:
    definition, scope = role(role_name), s.scope()
    if scope not in definition.scopes:
        if definition.scopes == {Scope.NONE}:  # the administrator, a researcher: nothing to name
            raise InvalidInput("scope", scope.value, f"{role_name} takes no scope: grant it without --org, "
                                                     "--authority, --province or --national")  # fmt: skip
        wanted = " or ".join(sorted(x.value for x in definition.scopes))
        raise InvalidInput("scope", scope.value, f"{role_name} is granted with scope {wanted}")
    if s.org_id is not None and session.get(Organisation, s.org_id) is None:
        raise InvalidInput("org", s.org_id, "no such organisation")
    if s.authority_id is not None and session.get(Authority, s.authority_id) is None:
        raise InvalidInput("authority", s.authority_id, "no such authority")
    # A territory at any level: a province (440000), a prefecture (440300) or a county (440305), each a
    # six-digit GB/T 2260 code within a province (`reach.InTerritory` reads the levels from the code).
    if s.province is not None and (len(s.province) != 6 or not s.province.isdigit()
                                   or s.province[:2] + "0000" not in provinces()):  # fmt: skip
        raise InvalidInput("province", s.province, "not a GB/T 2260 division code within a province (e.g. 110000, "
                                                   "440300)")  # fmt: skip
    return {"scope_kind": scope.value, "scope_org_id": s.org_id, "scope_authority_id": s.authority_id,
            "scope_province": s.province}  # fmt: skip


def _grant_record(g: RoleGrant) -> dict[str, Any]:
    return {"role": g.role, "scope": g.scope_kind, "org_id": g.scope_org_id, "authority_id": g.scope_authority_id,
            "province": g.scope_province}  # fmt: skip


def grant(session: Session, username: str, role_name: str, scope: ScopeArgs, *, actor: Actor, now: datetime,
          valid_to: datetime | None = None) -> int:  # fmt: skip
    u = _user(session, username)
    values = _scope_values(session, role_name, scope)
    in_force = repo.grants_in_force(session, [u.id], tokens.utc(now))
    if any(_grant_record(g) == {"role": role_name, **_short(values)} for g in in_force):
        raise Conflict(f"{username} already holds {role_name} with that scope")
    g = repo.add_grant(session, user_id=u.id, role=role_name, valid_from=tokens.utc(now),
                       valid_to=tokens.utc(valid_to) if valid_to else None, **values)  # fmt: skip
    _log(session, actor, "role.granted", USER, u.id, now, {"grant_id": g.id, **_grant_record(g)})
    return g.id


def _short(values: dict[str, Any]) -> dict[str, Any]:
    return {"scope": values["scope_kind"], "org_id": values["scope_org_id"],
            "authority_id": values["scope_authority_id"], "province": values["scope_province"]}  # fmt: skip


def revoke(session: Session, username: str, role_name: str, scope: ScopeArgs, *, actor: Actor,
           now: datetime) -> int:  # fmt: skip
    """Revokes the user's grants in force of `role_name` with that scope; the number revoked."""
    u = _user(session, username)
    role(role_name)
    wanted = {"role": role_name, **_short(_scope_values(session, role_name, scope))}
    hits = [g for g in repo.grants_in_force(session, [u.id], tokens.utc(now)) if _grant_record(g) == wanted]
    if not hits:
        raise NotFound(f"{username} holds no {role_name} grant with that scope")
    for g in hits:
        g.revoked_at = tokens.utc(now)
        _log(session, actor, "role.revoked", USER, u.id, now, {"grant_id": g.id, **_grant_record(g)})
    session.flush()
    return len(hits)


def list_users(session: Session, now: datetime) -> list[dict[str, Any]]:
    us = repo.users(session)
    by_user: dict[int, list[dict[str, Any]]] = {}
    for g in repo.grants_in_force(session, [u.id for u in us], tokens.utc(now)):
        by_user.setdefault(g.user_id, []).append({"id": g.id, **_grant_record(g)})
    return [{"id": u.id, "username": u.username, "display_name": u.display_name, "active": u.active,
             "password_set": u.password_hash is not None, "grants": by_user.get(u.id, [])} for u in us]  # fmt: skip


def principal_of(session: Session, u: User, now: datetime) -> Principal:
    grants = tuple(
        Grant(g.role, Scope(g.scope_kind), g.scope_org_id, g.scope_authority_id, g.scope_province)
        for g in repo.grants_in_force(session, [u.id], tokens.utc(now))
    )
    return Principal(u.id, u.username, u.display_name or u.username, grants)


# ---- API tokens ----------------------------------------------------------------------------------------


def create_token(session: Session, username: str, *, name: str, expires_in_days: int | None, actor: Actor,
                 now: datetime) -> tuple[int, str]:  # fmt: skip
    """Returns the token's id and the token itself, which is shown this once and never stored."""
    u = _user(session, username)
    if not name.strip():
        raise InvalidInput("name", name, "is empty")
    bounds.text(name, "name", bounds.NAME)
    if expires_in_days is not None and expires_in_days < 1:
        raise InvalidInput("expires_in_days", expires_in_days, "must be 1 or more")
    token, prefix, secret_hash = tokens.new_api_token()
    t = repo.add_token(session, user_id=u.id, name=name.strip(), prefix=prefix, secret_hash=secret_hash,
                       created_at=tokens.utc(now), expires_at=tokens.days_from(now, expires_in_days))  # fmt: skip
    _log(session, actor, "token.created", TOKEN, t.id, now,
         {"user": username, "name": t.name, "prefix": prefix,
          "expires_at": t.expires_at.isoformat() if t.expires_at else None})  # fmt: skip
    return t.id, token


def revoke_token(session: Session, token_id: int, *, actor: Actor, now: datetime) -> None:
    t = repo.token(session, token_id)
    if t is None:
        raise NotFound(f"token {token_id} does not exist")
    if t.revoked_at is not None:
        raise Conflict(f"token {token_id} was already revoked")
    t.revoked_at = tokens.utc(now)
    session.flush()
    _log(session, actor, "token.revoked", TOKEN, t.id, now, {"prefix": t.prefix, "name": t.name})


# A token's last use is for an administrator deciding which tokens to revoke: to the minute is enough, and
# writing it on every request made every bearer request, reads included, a writer.
LAST_USE_GRAIN = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenUse:
    principal: Principal
    token_id: int
    last_use_due: bool  # the stored last use is a minute old or more: `record_token_use` should write it


def identify_token(session: Session, token: str, now: datetime) -> TokenUse | None:
    """Who a bearer token acts for, read only: None for a malformed, unknown, forged, expired or revoked
    token, or one whose account is disabled."""
    parsed = tokens.parse(token)
    if parsed is None:
        return None
    prefix, secret = parsed
    t = repo.token_by_prefix(session, prefix)
    if t is None or not tokens.same(t.secret_hash, tokens.digest(secret)):
        return None
    if t.revoked_at is not None or tokens.expired(t.expires_at, now):
        return None
    u = session.get(User, t.user_id)
    if u is None or not u.active:
        return None
    due = t.last_used_at is None or tokens.utc(t.last_used_at) <= tokens.utc(now) - LAST_USE_GRAIN
    return TokenUse(principal_of(session, u, now), t.id, due)


def authenticate_token(session: Session, token: str, now: datetime) -> Principal | None:
    """The principal of a bearer token (see `identify_token`)."""
    use = identify_token(session, token, now)
    return use.principal if use is not None else None


def record_token_use(session: Session, token_id: int, now: datetime) -> bool:
    """Records the token's use at `now`, unless a use less than a minute before is recorded already (two
    requests that found it due at once write it once); whether it wrote. Not audited: an operational
    record, like a session's last request."""
    at = tokens.utc(now)
    return repo.touch_token(session, token_id, at, last_used_by=at - LAST_USE_GRAIN)


# ---- password login and browser sessions ----------------------------------------------------------------


def login(session: Session, username: str, password: str, *, ip: str | None, now: datetime) -> Principal | None:
    """Checks a password login. Returns the principal, or None for a wrong username or password; raises
    `TooManyAttempts` while the rate limit refuses. The attempt is recorded either way, so the caller
    must commit also when it answers None (a rolled-back failure would not count)."""
    since = ratelimit.window_start(now)
    ratelimit.check(repo.failures(session, username=username, since=since), ratelimit.MAX_PER_USERNAME, now,
                    f"user {username!r}")  # fmt: skip
    if ip is not None:
        ratelimit.check(repo.failures(session, ip=ip, since=since), ratelimit.MAX_PER_ADDRESS, now, f"address {ip}")
    u = repo.user_by_name(session, username)
    if u is None:
        passwords.burn_time(password)
        ok, new_hash = False, None
    else:
        ok, new_hash = passwords.verify(u.password_hash, password)
        ok = ok and u.active
    repo.record_attempt(session, username=username[:64], ip=ip, at=tokens.utc(now), success=ok)
    if not ok or u is None:
        return None
    if new_hash is not None:  # made with older parameters: replaced now that the password is at hand
        u.password_hash = new_hash
        session.flush()
    return principal_of(session, u, now)


@dataclass(frozen=True)
class SignedIn:
    cookie: str  # the value of the session cookie; only its digest is stored
    csrf_token: str


def start_session(session: Session, p: Principal, now: datetime) -> SignedIn:
    if p.user_id is None:
        raise InvalidInput("principal", p.username, "the public has no session")
    cookie, csrf = tokens.new_session_token(), tokens.new_csrf_token()
    at = tokens.utc(now)
    repo.add_session(session, id=tokens.digest(cookie), user_id=p.user_id, created_at=at, last_seen_at=at,
                     expires_at=at + sessions.ABSOLUTE_TIMEOUT, csrf_token=csrf)  # fmt: skip
    return SignedIn(cookie, csrf)


@dataclass(frozen=True)
class SessionPrincipal:
    principal: Principal
    csrf_token: str  # to compare with what a write sends (`sessions.csrf_matches`)


def authenticate_session(session: Session, cookie: str, now: datetime) -> SessionPrincipal | None:
    """The principal of a session cookie, or None when it is unknown, idle too long or past its absolute
    limit (an expired row is deleted). Moves the idle limit on."""
    s = repo.web_session(session, tokens.digest(cookie))
    if s is None:
        return None
    if not sessions.alive(s.created_at, s.last_seen_at, s.expires_at, now):
        repo.end_session(session, s.id)
        return None
    u = session.get(User, s.user_id)
    if u is None or not u.active:
        return None
    s.last_seen_at = tokens.utc(now)
    session.flush()
    return SessionPrincipal(principal_of(session, u, now), s.csrf_token)


def end_session(session: Session, cookie: str) -> None:
    repo.end_session(session, tokens.digest(cookie))


def purge_sessions(session: Session, now: datetime) -> int:
    """Deletes sessions past either limit (for a cron job, like the deadline sweep)."""
    at = tokens.utc(now)
    return repo.purge_sessions(session, expired_before=at, idle_since=at - sessions.IDLE_TIMEOUT)
