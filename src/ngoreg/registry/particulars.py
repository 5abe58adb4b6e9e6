"""The particulars of a domestic social organisation (社会组织) the registry counts by, stated once: facet names
and the values each may take, with their labels. Whoever records them writes these facets (scope: the
organisation's kind, subject_type `organisation`, from the day they hold): the foundation catalogue's import
(`importing.foundations`), and the procedures that register or evaluate an organisation; `ngoreg stats orgs`
counts them. A value not listed here is refused by `check`, so that no writer coins its own spelling.

* `management` (管理体制): `direct` — registered with civil affairs alone (直接登记: Charity Law art. 10(1) lets
  any charitable organisation register with a civil affairs department of county level or above, without a
  supervisory unit), or `dual` — registered with the consent and under a supervisory unit (双重管理:
  Foundation Regulations art. 7; Social Association Regulations art. 6(2)). No facet where the source does
  not say: the count of `direct` is then not the count of every organisation without a unit.
* `registrar_level` (登记管理机关级别): the level of the civil affairs department it registered with — the
  Ministry (national) or a provincial department (Foundation Regulations art. 6(1)), and since the Charity
  Law also those of prefectures and counties (art. 10(1)).
* `grade` (评估等级): the grade of the civil affairs' evaluation, 1A to 5A, as the evaluation procedure records
  it (`regimes.domestic.evaluation`; the Ministry's evaluation measures of 2010, whose text is not shipped).
* `category` (类别): the category a domestic organisation registered in (`regimes.domestic.categories`: industry
  association, science and technology, …), as its registration recorded it; the registration form checks the
  value against that list, so none is coined here. The Party-building structure builds joint committees for
  categories (seed 001).
* `foundation_type` (基金会类型): the type the catalogue gives (公募基金会 / 非公募基金会, Foundation Regulations
  art. 3; 慈善组织, Charity Law art. 8), its text normalised (NFKC, blanks collapsed), since catalogues
  write more types than the Regulations name; `FOUNDATION_TYPES` labels those we know in English.
"""

from __future__ import annotations

from ngoreg.errors import InvalidInput

MANAGEMENT = "management"
REGISTRAR_LEVEL = "registrar_level"
GRADE = "grade"
CATEGORY = "category"
FOUNDATION_TYPE = "foundation_type"

DIRECT = "direct"
DUAL = "dual"

# facet -> value -> (English label, Chinese label); a facet not here (`foundation_type`) takes the source's text.
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    MANAGEMENT: {DIRECT: ("direct registration", "直接登记"), DUAL: ("dual management", "双重管理")},
    REGISTRAR_LEVEL: {"national": ("national", "全国"), "provincial": ("provincial", "省级"),
                      "municipal": ("municipal", "市级"), "county": ("county", "县级")},
    GRADE: {f"{n}A": (f"{n}A", f"{n}A级") for n in range(5, 0, -1)},
}  # fmt: skip

# The types of foundation catalogues write, in English (Foundation Regulations art. 3; Charity Law art. 8).
FOUNDATION_TYPES: dict[str, str] = {
    "公募基金会": "public-fundraising foundation",
    "非公募基金会": "non-public-fundraising foundation",
    "公募": "public-fundraising foundation",
    "非公募": "non-public-fundraising foundation",
    "慈善组织": "charitable organisation",
}

# Which of those a foundation may raise funds from the public with (Foundation Regulations art. 3).
PUBLIC_FUNDRAISING: dict[str, bool] = {"公募基金会": True, "公募": True, "非公募基金会": False, "非公募": False}


def check(facet: str, value: str) -> str:
    """`value` if the facet takes it, else invalid input naming the facet."""
    allowed = VALUES.get(facet)
    if allowed is not None and value not in allowed:
        raise InvalidInput(facet, value, f"one of {', '.join(allowed)}")
    return value


def label(facet: str, value: str) -> tuple[str, str | None]:
    """(English, Chinese) of a value, as `facet_values` records it."""
    if facet == FOUNDATION_TYPE:
        return FOUNDATION_TYPES.get(value, value), value
    en, zh = VALUES[facet][value]
    return en, zh
