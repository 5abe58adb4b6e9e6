"""`uscc.decode`: a valid code's registration authority, organisation type, region and registrar level
(GB 32100-2015 §4), on codes whose check digit `check_digit` computes."""

import pytest

from ngoreg.reference import Level, OrgKind
from ngoreg.registry.uscc import check_digit, decode, region_level


def code(first17: str) -> str:
    return first17 + check_digit(first17)


@pytest.mark.parametrize(
    ("first17", "level", "province", "prefecture", "county"),
    [
        ("53100000500000001", Level.NATIONAL, None, None, None),  # 100000: the Ministry of Civil Affairs
        ("53510000500000002", Level.PROVINCIAL, "510000", None, None),  # Sichuan
        ("53510100500000003", Level.MUNICIPAL, "510000", "510100", None),  # Chengdu
        ("53510107500000004", Level.COUNTY, "510000", "510100", "510107"),  # Wuhou District, Chengdu
    ],
)
def test_a_foundations_code_gives_its_registrars_region_and_level(first17: str, level: Level, province: str | None,
                                                                  prefecture: str | None, county: str | None) -> None:
    d = decode(code(first17), OrgKind.FOUNDATION)
    assert (d.authority, d.authority_name, d.org_type, d.org_type_name) == ("5", "民政", "3", "基金会")
    assert (d.region, d.level, d.province, d.prefecture, d.county) == (first17[2:8], level, province, prefecture,
                                                                       county)


def test_other_authorities_and_types_decode_too() -> None:
    d = decode(code("12110000400000001"))
    assert (d.authority_name, d.org_type_name, d.level) == ("机构编制", "事业单位", Level.PROVINCIAL)


def test_a_bad_check_digit_or_another_kinds_code_is_refused_with_the_problem() -> None:
    good = code("53510000500000002")
    with pytest.raises(ValueError, match="check digit"):
        decode(good[:-1] + ("0" if good[-1] != "0" else "1"))
    with pytest.raises(ValueError, match="starts 51, but a foundation"):
        decode(code("51510000500000002"), OrgKind.FOUNDATION)


def test_region_levels() -> None:
    assert [region_level(r) for r in ("100000", "440000", "440300", "440305")] == [
        Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL, Level.COUNTY]
