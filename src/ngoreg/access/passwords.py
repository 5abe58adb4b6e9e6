"""Password hashing (argon2id through argon2-cffi) and the one rule a new password must meet."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ngoreg.errors import InvalidInput

# argon2-cffi's defaults are RFC 9106's second recommended profile (argon2id, 3 passes, 64 MiB, 4 lanes).
# When they change, hashes made under the old ones are replaced at the next successful login (`verify`).
# Read at each call, not bound as a default argument, so that the test suite can swap in lighter parameters
# for the tests that are not about hashing (tests/conftest.py).
HASHER = PasswordHasher()

MIN_LENGTH = 12
RULE = f"at least {MIN_LENGTH} characters, not the username and not a commonly used password"

# Passwords of twelve or more characters that lead the published lists of leaked passwords. Short ones need
# no entry: the length rule already refuses them.
COMMON = frozenset(
    {
        "123456789012", "1234567890123", "12345678901234", "123456123456", "111111111111", "000000000000",
        "password1234", "password12345", "password123!", "passwordpassword", "qwertyuiop12", "qwertyuiopasdf",
        "qwerty123456", "1q2w3e4r5t6y", "1qaz2wsx3edc", "iloveyou1234", "abcdefghijkl", "abc123abc123",
        "aaaaaaaaaaaa", "letmein12345", "welcome12345", "administrator", "adminadmin123", "changeme1234",
        "trustno1trustno1", "football1234", "baseball1234", "sunshine1234", "princess1234", "zaq12wsxcde3",
        "woaini1314520", "woaiwojia1234", "qazwsxedcrfv", "asdfghjkl123",
    }
)  # fmt: skip

HIDDEN = "(not shown)"  # what an error prints instead of the password itself


def check_strength(password: str, username: str) -> None:
    """Refuses a password that breaks RULE, naming the field `password` and never echoing the value."""
    problem = None
    if len(password) < MIN_LENGTH:
        problem = f"has {len(password)} characters; a password needs {RULE}"
    elif password.casefold() == username.casefold():
        problem = f"is the username; a password needs {RULE}"
    elif password.casefold() in COMMON:
        problem = f"is a commonly used password; a password needs {RULE}"
    if problem:
        raise InvalidInput("password", HIDDEN, problem)


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    return (hasher or HASHER).hash(password)


def verify(stored: str | None, password: str, hasher: PasswordHasher | None = None) -> tuple[bool, str | None]:
    """Whether `password` matches `stored`, and, when it does and the hash was made with other parameters
    than `hasher`'s (by default HASHER's), the new hash to store in its place."""
    hasher = hasher or HASHER
    if not stored:
        return False, None
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False, None
    return True, hasher.hash(password) if hasher.check_needs_rehash(stored) else None


# Verified against when the username does not exist, so that a login takes as long either way and its
# timing does not tell which usernames exist.
@cache
def _dummy() -> str:
    return HASHER.hash("no such user: timing only")


def burn_time(password: str) -> None:
    verify(_dummy(), password)
