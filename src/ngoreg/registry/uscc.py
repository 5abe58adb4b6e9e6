"""The unified social credit code (统一社会信用代码), GB 32100-2015.

The check digit (position 18) is GB 32100-2015 §5's MOD 31: weights 3^(i-1) mod 31 over the first 17
characters. It is computed here rather than through `python-stdnum`, whose normalising front end costs
more than the sum itself when an import checks a million codes; the tests hold the two to the same
answer. The registration-authority code (position 1), the organisation-type code (position 2) and the
region (positions 3–8, GB/T 2260) are checked against the standard's code tables.

`decode` reads a valid code's parts: the registration authority and organisation type, the region and from
it the level of the registrar that assigned the code (§4: the region is the registrar's administrative
division; `100000` is the national one, which GB/T 2260 does not list).

Representative offices of foreign NGOs are registered by public security organs, which the 2015 table
does not list; we accept any authority/type pair of the table for them rather than guess the codes the
Ministry of Public Security assigns.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import mul

from ngoreg.reference import Level, OrgKind, provinces

# GB 32100-2015: 18 characters from digits and capitals without I, O, Z, S, V.
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ALPHABET = frozenset(_CHARS)
_VALUE = {c: i for i, c in enumerate(_CHARS)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def check_digit(first17: str) -> str:
    """The 18th character of a code whose first 17 are `first17` (all in ALPHABET)."""
    total = sum(map(mul, map(_VALUE.__getitem__, first17), _WEIGHTS))
    return _CHARS[(31 - total % 31) % 31]

# GB 32100-2015 table: registration authority → (name, {type code: type name}).
AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"}),
    "2": ("外交", {"1": "外国常住新闻机构", "9": "其他"}),
    "3": ("司法行政", {"1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构",
                   "5": "仲裁委员会", "9": "其他"}),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": ("旅游", {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"}),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}  # fmt: skip

# What the first two characters must be for the kinds whose registrar the standard names.
EXPECTED_PREFIX: dict[OrgKind, str] = {
    OrgKind.SOCIAL_ASSOCIATION: "51",
    OrgKind.CIVIL_NON_ENTERPRISE: "52",
    OrgKind.FOUNDATION: "53",
    OrgKind.STATE_ORGAN: "11",
    OrgKind.PUBLIC_INSTITUTION: "12",
}


@dataclass(frozen=True)
class Checked:
    code: str
    valid: bool
    problem: str | None = None
    authority: str | None = None
    org_type: str | None = None

    def line(self) -> str:
        if self.valid:
            return f"{self.code}\tvalid\t{self.authority} / {self.org_type}"
        return f"{self.code}\tinvalid\t{self.problem}"


def check(raw: str, kind: OrgKind | None = None) -> Checked:
    """Checks a code; `kind`, when given, must match the authority and type codes (see EXPECTED_PREFIX)."""
    code = "".join(raw.split()).replace("-", "").upper()
    if len(code) != 18:
        return Checked(code, False, f"has {len(code)} characters; a credit code has 18")
    if not ALPHABET.issuperset(code):
        bad = sorted(set(code) - ALPHABET)
        return Checked(code, False, f"characters not allowed in a credit code: {''.join(bad)}")
    authority = AUTHORITIES.get(code[0])
    if authority is None:
        return Checked(code, False, f"registration-authority code {code[0]} is not in GB 32100-2015")
    name, types = authority
    if code[1] not in types:
        return Checked(code, False, f"type code {code[1]} is not used by authority {code[0]} ({name}); "
                       f"allowed: {', '.join(types)}")  # fmt: skip
    region = code[2:8]
    if not region.isdigit() or (region != "100000" and region[:2] + "0000" not in provinces()):
        return Checked(code, False, f"region code {region} is not a GB/T 2260 division")
    expected_digit = check_digit(code[:17])
    if code[17] != expected_digit:
        return Checked(code, False, f"check digit is {code[17]}, GB 32100-2015 gives {expected_digit}")
    expected = EXPECTED_PREFIX.get(kind) if kind else None
    if kind and expected and code[:2] != expected:
        return Checked(code, False, f"starts {code[:2]}, but a {kind.value} registered by its registrar "
                       f"has {expected}")  # fmt: skip
    return Checked(code, True, None, name, types[code[1]])


@dataclass(frozen=True)
class Decoded:
    """A valid code's parts (GB 32100-2015 §4)."""

    code: str
    authority: str  # position 1: the registration authority's code, e.g. 5
    authority_name: str  # 民政
    org_type: str  # position 2, e.g. 3
    org_type_name: str  # 基金会
    region: str  # positions 3–8: the registrar's division, GB/T 2260 (100000: national)
    province: str | None  # GB/T 2260 code of the province (None for a national registrar)
    prefecture: str | None  # of the prefecture-level division (None above it)
    county: str | None  # of the county-level division (None above it)
    level: Level  # of the registrar that assigned the code


NATIONAL_REGION = "100000"  # GB 32100-2015 §4.3: 登记管理机关行政区划码 of the central registrars


def region_level(region: str) -> Level:
    """The level of a GB/T 2260 division: `xx0000` a province, `xxxx00` a prefecture, else a county."""
    if region == NATIONAL_REGION:
        return Level.NATIONAL
    if region.endswith("0000"):
        return Level.PROVINCIAL
    if region.endswith("00"):
        return Level.MUNICIPAL
    return Level.COUNTY


def decode(raw: str, kind: OrgKind | None = None) -> Decoded:
    """The parts of a code; a code `check` refuses (for `kind`, if given) raises ValueError with its problem."""
    c = check(raw, kind)
    if not c.valid:
        raise ValueError(c.problem)
    code, region = c.code, c.code[2:8]
    level = region_level(region)
    return Decoded(code, code[0], c.authority or "", code[1], c.org_type or "", region,
                   None if level is Level.NATIONAL else region[:2] + "0000",
                   region[:4] + "00" if level in (Level.MUNICIPAL, Level.COUNTY) else None,
                   region if level is Level.COUNTY else None, level)  # fmt: skip
