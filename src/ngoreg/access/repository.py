"""All SQL of accounts: users, grants, tokens, sessions, login attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from ngoreg.access.models import ApiToken, LoginAttempt, RoleGrant, User, WebSession


def user_by_name(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def add_user(session: Session, **values: Any) -> User:
    u = User(**values)
    session.add(u)
    session.flush()
    return u


def users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def grants_in_force(session: Session, user_ids: list[int], now: datetime) -> list[RoleGrant]:
    g = RoleGrant
    return list(
        session.scalars(
            select(g).where(g.user_id.in_(user_ids), g.revoked_at.is_(None), g.valid_from <= now,
                            or_(g.valid_to.is_(None), g.valid_to > now)).order_by(g.id)  # fmt: skip
        )
    )


def add_grant(session: Session, **values: Any) -> RoleGrant:
    grant = RoleGrant(**values)
    session.add(grant)
    session.flush()
    return grant


def add_token(session: Session, **values: Any) -> ApiToken:
    t = ApiToken(**values)
    session.add(t)
    session.flush()
    return t


def token_by_prefix(session: Session, prefix: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))


def token(session: Session, token_id: int) -> ApiToken | None:
    return session.get(ApiToken, token_id)


def touch_token(session: Session, token_id: int, now: datetime, *, last_used_by: datetime) -> bool:
    """Sets the token's last use to `now` if it was last used at `last_used_by` or before (another request
    that read the row at the same time may have set it since); whether it wrote."""
    t = ApiToken
    result = session.execute(update(t).where(t.id == token_id, or_(t.last_used_at.is_(None),
                                                                    t.last_used_at <= last_used_by))
                             .values(last_used_at=now))  # fmt: skip
    return int(getattr(result, "rowcount", 0) or 0) == 1


def add_session(session: Session, **values: Any) -> WebSession:
    s = WebSession(**values)
    session.add(s)
    session.flush()
    return s


def web_session(session: Session, session_id: str) -> WebSession | None:
    return session.get(WebSession, session_id)


def end_session(session: Session, session_id: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id == session_id))


def end_sessions_of(session: Session, user_id: int) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))


def purge_sessions(session: Session, *, expired_before: datetime, idle_since: datetime) -> int:
    result = session.execute(
        delete(WebSession).where(or_(WebSession.expires_at <= expired_before, WebSession.last_seen_at <= idle_since))
    )
    return int(getattr(result, "rowcount", 0) or 0)


def record_attempt(session: Session, *, username: str | None, ip: str | None, at: datetime, success: bool) -> None:
    session.add(LoginAttempt(username=username, ip=ip, at=at, success=success))
    session.flush()


def failures(session: Session, *, username: str | None = None, ip: str | None = None,
             since: datetime) -> list[datetime]:  # fmt: skip
    """Times of failed attempts after `since` for the username (after its last success) or the address,
    oldest first."""
    a = LoginAttempt
    q = select(a.at).where(a.success.is_(False), a.at > since)
    if username is not None:
        last_success = select(func.max(a.at)).where(a.username == username, a.success.is_(True)).scalar_subquery()
        q = q.where(a.username == username, or_(last_success.is_(None), a.at > last_success))
    else:
        q = q.where(a.ip == ip)
    return list(session.scalars(q.order_by(a.at)))
