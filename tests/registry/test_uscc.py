import random

import pytest
from stdnum.cn import uscc as stdnum_uscc

from ngoreg.reference import OrgKind
from ngoreg.registry.uscc import ALPHABET, check, check_digit


def with_check_digit(first17: str) -> str:
    return first17 + stdnum_uscc.calc_check_digit(first17)


VALID_SA = with_check_digit("51110000MJ0012345")


def test_a_valid_social_association_code() -> None:
    r = check(VALID_SA, OrgKind.SOCIAL_ASSOCIATION)
    assert r.valid and (r.authority, r.org_type) == ("民政", "社会团体")


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        (VALID_SA[:-1] + ("0" if VALID_SA[-1] != "0" else "1"), "check digit"),
        (VALID_SA[:17], "has 17 characters"),
        ("51110000MI0012345X", "not allowed in a credit code: I"),
        (with_check_digit("X1110000MJ0012345"), "registration-authority code X"),
        (with_check_digit("54110000MJ0012345"), "type code 4 is not used by authority 5"),
        (with_check_digit("51990000MJ0012345"), "region code 990000"),
    ],
)
def test_invalid_codes_say_why(code: str, problem: str) -> None:
    r = check(code)
    assert not r.valid
    assert problem in (r.problem or "")


def test_the_kind_must_match_the_type_digit() -> None:
    foundation = with_check_digit("53110000MJ0012345")
    assert check(foundation, OrgKind.FOUNDATION).valid
    r = check(foundation, OrgKind.SOCIAL_ASSOCIATION)
    assert not r.valid and "has 51" in (r.problem or "")


def test_authorities_with_letter_codes_are_accepted() -> None:
    # stdnum's own validate() would refuse these: it demands eight leading digits
    assert check(with_check_digit("Y1110000MJ0012345")).valid
    assert check(with_check_digit("N2330100MJ0012345")).valid


def test_spaces_and_lower_case_are_tolerated() -> None:
    assert check(" " + VALID_SA.lower()[:9] + " " + VALID_SA[9:] + " ").valid


def test_any_single_character_change_is_caught() -> None:
    rng = random.Random(7)
    alphabet = sorted(ALPHABET)
    for _ in range(300):
        pos = rng.randrange(8, 17)
        repl = rng.choice([c for c in alphabet if c != VALID_SA[pos]])
        assert not check(VALID_SA[:pos] + repl + VALID_SA[pos + 1 :]).valid


def test_the_check_digit_agrees_with_python_stdnum() -> None:
    rng = random.Random(32100)
    alphabet = sorted(ALPHABET)
    for _ in range(5000):
        first17 = "".join(rng.choice(alphabet) for _ in range(17))
        assert check_digit(first17) == stdnum_uscc.calc_check_digit(first17), first17
