"""API tokens (`ngr_<prefix>_<secret>`) and browser session tokens: made with `secrets`, kept only as
SHA-256 digests, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

SCHEME = "ngr"
PREFIX_BYTES = 6  # 12 hex digits: enough to find the row and to tell tokens apart in a listing
SECRET_BYTES = 32  # 256 bits: no guessing, so a fast digest is as good as a slow one


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison (for CSRF tokens and digests): its time does not tell how much matched."""
    return hmac.compare_digest(a.encode(), b.encode())


def new_api_token() -> tuple[str, str, str]:
    """(the token to hand out once, its prefix, the digest of its secret)."""
    # Hex, so the prefix has no `_` and the token splits unambiguously; the secret may contain `_`.
    prefix = secrets.token_hex(PREFIX_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return f"{SCHEME}_{prefix}_{secret}", prefix, digest(secret)


def parse(token: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed token, else None."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or len(parts[1]) != 2 * PREFIX_BYTES or not parts[2]:
        return None
    return parts[1], parts[2]


def new_session_token() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def utc(moment: datetime) -> datetime:
    """SQLite gives back times without their zone; every time stored here is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def expired(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and utc(expires_at) <= utc(now)


def days_from(now: datetime, days: int | None) -> datetime | None:
    return None if days is None else utc(now) + timedelta(days=days)
