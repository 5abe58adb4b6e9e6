"""The password rule and argon2 hashing, without a database."""

import pytest
from argon2 import PasswordHasher

from ngoreg.access import passwords
from ngoreg.errors import InvalidInput

CHEAP = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
pytestmark = pytest.mark.production_hashing  # the rest of the suite hashes with lighter parameters


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short-pass1", "has 11 characters"),
        ("Officer.Wang", "is the username"),
        ("Password1234", "is a commonly used password"),
    ],
)
def test_a_weak_password_is_refused_naming_the_field_and_not_the_value(password: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        passwords.check_strength(password, "officer.wang")
    assert exc.value.field == "password"
    assert problem in str(exc.value) and passwords.RULE in str(exc.value)
    assert password not in str(exc.value)


def test_a_password_that_meets_the_rule_passes() -> None:
    passwords.check_strength("correct horse battery", "officer.wang")  # raises if refused
    assert len("correct horse battery") >= passwords.MIN_LENGTH


def test_hash_verifies_only_its_own_password() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert passwords.verify(stored, "correct horse battery") == (True, None)
    assert passwords.verify(stored, "correct horse battery!") == (False, None)
    assert passwords.verify(None, "anything at all") == (False, None)
    assert passwords.verify("not a hash", "anything at all") == (False, None)


def test_a_hash_made_with_other_parameters_is_replaced_on_a_successful_check() -> None:
    old = passwords.hash_password("correct horse battery", CHEAP)
    ok, new = passwords.verify(old, "correct horse battery")
    assert ok and new is not None and new != old
    assert not passwords.HASHER.check_needs_rehash(new)
    assert passwords.verify(old, "wrong horse battery") == (False, None)
