"""How long a browser stays signed in, and the checks on a session that need no database."""

from __future__ import annotations

from datetime import datetime, timedelta

from ngoreg.access.tokens import same, utc

# Idle: half an hour without a request signs the browser out: long enough to fill in a filing's form,
# short enough that an unattended browser does not stay signed in.
IDLE_TIMEOUT = timedelta(minutes=30)
# Absolute: however active, a session ends after a working day and the user signs in again, so a stolen
# cookie is not good for long.
ABSOLUTE_TIMEOUT = timedelta(hours=12)


def alive(created_at: datetime, last_seen_at: datetime, expires_at: datetime, now: datetime) -> bool:
    now = utc(now)
    return now < utc(expires_at) and now < utc(last_seen_at) + IDLE_TIMEOUT and utc(created_at) <= now


def csrf_matches(expected: str, presented: str | None) -> bool:
    """Whether the CSRF token sent with a cookie-authenticated write is the session's own."""
    return bool(presented) and same(expected, presented or "")
