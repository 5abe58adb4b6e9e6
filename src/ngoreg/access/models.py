"""Accounts: users, the roles granted to them (data, each with its scope), API tokens, browser sessions and
the login attempts that rate limiting counts.

No secret is stored in a form that can be used: passwords are argon2 hashes, token and session secrets are
SHA-256 digests (the secrets are 256 random bits, so a fast digest is enough; a slow one would only slow
every request)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base

# A grant's scope columns must agree with its kind: exactly the one column the kind names is set.
SCOPE_RULE = (
    "(scope_kind = 'organisation' AND scope_org_id IS NOT NULL AND scope_authority_id IS NULL"
    " AND scope_province IS NULL)"
    " OR (scope_kind = 'authority' AND scope_org_id IS NULL AND scope_authority_id IS NOT NULL"
    " AND scope_province IS NULL)"
    " OR (scope_kind = 'province' AND scope_org_id IS NULL AND scope_authority_id IS NULL"
    " AND scope_province IS NOT NULL)"
    " OR (scope_kind IN ('national', 'none') AND scope_org_id IS NULL AND scope_authority_id IS NULL"
    " AND scope_province IS NULL)"
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(Text)
    # NULL: the account cannot log in with a password (tokens only, or disabled).
    password_hash: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RoleGrant(Base):
    """One role held by one user over one scope (an organisation, an authority, a province, the whole
    country, or none), for a stretch of time. Revoking sets `revoked_at`; the row stays, so who could do
    what on which day can still be answered."""

    __tablename__ = "role_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(32))
    scope_kind: Mapped[str] = mapped_column(String(16))
    scope_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    scope_authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    scope_province: Mapped[str | None] = mapped_column(String(6))
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(SCOPE_RULE, name="scope"),
        Index("ix_role_grants_user_id", "user_id"),
    )


class ApiToken(Base):
    """A bearer token for scripts: `ngr_<prefix>_<secret>`. The prefix finds the row and identifies the
    token in listings; only the digest of the secret is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_api_tokens_user_id", "user_id"),)


class WebSession(Base):
    """A signed-in browser. The cookie holds a random token; the row's id is its digest, so a copy of the
    table does not let anyone sign in."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # the absolute limit
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # the idle limit counts from here
    csrf_token: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_sessions_user_id", "user_id"),)


class LoginAttempt(Base):
    """Every password login, for rate limiting by username and by client address."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(45))  # an IPv6 address in text is at most 45 characters
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    success: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_login_attempts_username_at", "username", "at"),
        Index("ix_login_attempts_ip_at", "ip", "at"),
    )
