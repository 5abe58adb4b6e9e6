"""Login rate limiting: too many failures for one username, or from one address, within a window, and
logins are refused until the oldest of them leaves the window. Time enters only as `now`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from ngoreg.access.errors import TooManyAttempts
from ngoreg.access.tokens import utc

WINDOW = timedelta(minutes=15)
# Five wrong passwords for one account slow guessing at it to a crawl while a user who mistypes still gets
# in; an address may fail more often, since many people can share one (an office's NAT).
MAX_PER_USERNAME = 5
MAX_PER_ADDRESS = 20


def window_start(now: datetime) -> datetime:
    return utc(now) - WINDOW


def check(failures: Sequence[datetime], limit: int, now: datetime, what: str) -> None:
    """`failures`: times of failed attempts within the window, oldest first. Raises when `limit` is
    reached, saying how long until the next attempt is accepted."""
    if len(failures) < limit:
        return
    # The attempt that must leave the window for the count to drop below the limit.
    frees_at = utc(failures[len(failures) - limit]) + WINDOW
    wait = max(1, math.ceil((frees_at - utc(now)).total_seconds()))
    raise TooManyAttempts(f"too many failed logins for {what}; try again in {_minutes(wait)}", wait)


def _minutes(seconds: int) -> str:
    m = math.ceil(seconds / 60)
    return f"{m} minute{'s' if m != 1 else ''}"
