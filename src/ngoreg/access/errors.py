"""The three ways access goes wrong, each with its own code so that an entry point can answer it properly:
not signed in (HTTP 401), not allowed (403, with the reason), too many failed logins (429)."""

from __future__ import annotations

from dataclasses import dataclass

from ngoreg.errors import NgoregError, Refused


class Unauthenticated(NgoregError):
    """Wrong username or password, or no valid token or session. The message never says which part was
    wrong, so it cannot be used to find out which usernames exist."""

    code = "unauthenticated"


@dataclass
class Forbidden(Refused):
    """The person is known but their roles do not reach the object or the action (a permission refusal,
    as distinct from a legal refusal by a guard)."""

    code = "forbidden"


class TooManyAttempts(NgoregError):
    code = "rate_limited"

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(message)
