"""ChinaFile's spellings read into the registry's codes. Pure functions and tables, no I/O.

The ChinaFile China NGO Project publishes English translations of the Ministry of Public Security's lists
of foreign NGO representative offices and temporary activities. What this module irons out, all seen in
the published files:

* stray whitespace (tabs, trailing spaces, runs of spaces) in names, including Chinese ones;
* renamed supervisory units written `New Name (formerly Old Name)`: one authority, the old name a
  former name (`psu_name`);
* offices of one NGO in several provinces named `NGO (Place)`; the NGO is `NGO` (`ngo_name_en`);
* multi-valued cells separated by commas: fields of work, provinces, permitted areas, even origins
  (`Macau, Hong Kong`);
* `All of China` / `China` and `Unknown` in province lists, `Unknown` as a field or an origin;
* two spellings of one field (`Civil Society Capacity-Building` / `Capacity Building`) or partner type
  (`Non-profit or Foundation` / `Non-Profit or Foundation`);
* dates that are not ISO dates in the `Date of Change` column (`4/2/2018`, US order), and one cell there
  holding a list of provinces instead of a date.
"""

from __future__ import annotations

import gettext
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

import pycountry

from ngoreg import bounds
from ngoreg.errors import InvalidInput
from ngoreg.reference import OrgKind, fields_of_work, provinces
from ngoreg.reference import origin as parse_origin
from ngoreg.reference import province as parse_province
from ngoreg.registry.validation import clean_name, fold, is_chinese

ALL = "all"  # the whole mainland: `All of China`, `China`
UNKNOWN = "unknown"  # the source says `Unknown`

UNKNOWN_ZH = "不详"
ALL_ZH = "全国"


@lru_cache(maxsize=1 << 16)
def text(value: str | None) -> str:
    """A cell with its whitespace normalised (NFKC, runs of blanks to one space); '' when empty."""
    return clean_name(value) or ""


def split_list(value: str | None) -> list[str]:
    """A comma-separated cell as its items: ASCII and ideographic commas, blanks around them ignored."""
    return [t for t in (text(v) for v in re.split(r"[,，、]", value or "")) if t]


@lru_cache(maxsize=1 << 16)
def match_key(name: str) -> str:
    """The form two spellings of one name agree in: folded (NFKC, casefold, single spaces), typographic
    quotes straightened, a leading `The` dropped, no blanks at all inside a Chinese name."""
    k = fold(name).replace("’", "'").replace("‘", "'").replace("`", "'")
    if is_chinese(k):
        k = re.sub(r"\s+", "", k)
    k = re.sub(r"^the\s+", "", k)
    return k.strip(" .")


def digest_key(*parts: object) -> str:
    """A row's identity as 32 hex digits: the SHA-256 of its key fields, each folded by the caller."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


# ---- dates -------------------------------------------------------------------------------------------

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def iso_date(value: str | None, field: str) -> date:
    v = text(value)
    if not v:
        raise InvalidInput(field, value or "", "is empty; a date is required (YYYY-MM-DD)")
    parsed = bounds.day(v, field)
    assert parsed is not None  # `v` is not empty
    return parsed


def change_date(value: str | None) -> date | str | None:
    """`Date of Change`: an ISO date, or M/D/YYYY (ChinaFile is a US publication: 4/2/2018 is 2 April,
    which is where its neighbours in the column, 2018-04-02 … 2018-04-11, put it). Anything else comes
    back as the text, for the caller to warn about."""
    v = text(value)
    if not v:
        return None
    try:
        return bounds.day(v, "Date of Change")
    except InvalidInput:
        pass
    if m := _US_DATE.match(v):
        try:
            return bounds.within(date(int(m[3]), int(m[1]), int(m[2])), "Date of Change")
        except (ValueError, InvalidInput):
            return v
    return v


# ---- provinces -------------------------------------------------------------------------------------

_PROVINCE_WORDS = {"all of china": ALL, "china": ALL, "all": ALL, "unknown": UNKNOWN, "location unknown": UNKNOWN}


@cache
def province_code(name: str, field: str) -> str:
    """GB/T 2260 code of one province name, or ALL / UNKNOWN."""
    special = _PROVINCE_WORDS.get(name.casefold())
    if special:
        return special
    return parse_province(name, field)


@cache
def province_list(value: str, field: str) -> tuple[tuple[str, str], ...]:
    """(code, source spelling) for each province in a comma-separated cell, in order, without repeats."""
    out: dict[str, str] = {}
    for name in split_list(value):
        out.setdefault(province_code(name, field), name)
    return tuple(out.items())


def province_label_zh(code: str) -> str | None:
    if code == ALL:
        return ALL_ZH
    if code == UNKNOWN:
        return UNKNOWN_ZH
    p = provinces().get(code)
    return p.name_zh if p else None


def looks_like_province_list(value: str) -> bool:
    """A cell that is a list of Chinese province names (one such sits in offices.csv's `Date of Change`)."""
    items = split_list(value)
    return len(items) > 1 and all(is_chinese(i) for i in items)


# ---- origins ---------------------------------------------------------------------------------------

# ChinaFile's spellings that ISO 3166 lookups miss or could read otherwise.
_ORIGINS = {
    "united states": "US", "united kingdom": "GB", "south korea": "KR", "north korea": "KP", "russia": "RU",
    "the netherlands": "NL", "netherlands": "NL", "the philippines": "PH", "macau": "MO", "macao": "MO",
    "hong kong": "HK", "taiwan": "TW", "vietnam": "VN", "saint martin": "MF", "turkey": "TR", "czechia": "CZ",
    "czech republic": "CZ", "iran": "IR", "laos": "LA", "syria": "SY", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "moldova": "MD",
}  # fmt: skip

# Chinese short names where the ISO list's translation is the long official form.
_ORIGIN_ZH = {
    "KR": "韩国", "KP": "朝鲜", "RU": "俄罗斯", "TW": "台湾", "HK": "香港", "MO": "澳门", "GB": "英国",
    "US": "美国", "VN": "越南", "LA": "老挝", "IR": "伊朗", "SY": "叙利亚", "TZ": "坦桑尼亚", "BO": "玻利维亚",
    "VE": "委内瑞拉", "MD": "摩尔多瓦", "MF": "法属圣马丁",
}  # fmt: skip


@cache
def origin_code(name: str, field: str) -> str:
    """ISO 3166-1 alpha-2 code of one origin as ChinaFile spells it, or UNKNOWN."""
    key = name.casefold()
    if key == "unknown":
        return UNKNOWN
    code = _ORIGINS.get(key) or parse_origin(name, field)
    if code == "CN":
        raise InvalidInput(field, name, "a foreign NGO comes from outside the mainland (FNGO Law art. 2)")
    return code


@cache
def origin_list(value: str, field: str) -> tuple[tuple[str, str], ...]:
    """(code, source spelling) for each origin in a cell (`Macau, Hong Kong` names two); `Unknown` or an
    empty cell gives ((UNKNOWN, 'Unknown'),)."""
    out: dict[str, str] = {}
    for name in split_list(value):
        out.setdefault(origin_code(name, field), name)
    return tuple(out.items()) or ((UNKNOWN, "Unknown"),)


@cache
def _iso_zh() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:
        return gettext.NullTranslations()


@cache
def origin_label_zh(code: str) -> str | None:
    if code == UNKNOWN:
        return UNKNOWN_ZH
    if code in _ORIGIN_ZH:
        return _ORIGIN_ZH[code]
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return None
    zh = _iso_zh().gettext(c.name)
    return zh if is_chinese(zh) else None


# ---- fields of work ----------------------------------------------------------------------------------

# Spellings of the taxonomy's names in ChinaFile's files (cells and one-hot headers).
_FIELD_SPELLINGS = {
    "civil society capacity-building": "civil_society", "civil soc'y cap'y building": "civil_society",
    "econ. development": "economic_development", "int'l relations/exchange": "international_exchange",
    "rural issues/devt": "rural_development", "urban issues/devt": "urban_development",
}  # fmt: skip


@cache
def _field_index() -> dict[str, str]:
    index = {en.casefold(): code for code, (en, _zh) in fields_of_work().items()}
    index.update(_FIELD_SPELLINGS)
    index["unknown"] = index["field unknown"] = UNKNOWN
    return index


@cache
def field_list(value: str, field: str) -> tuple[tuple[str, str], ...]:
    """(code, source spelling) for each field of work in a cell; an empty cell gives ((UNKNOWN, ''),)."""
    out: dict[str, str] = {}
    for name in split_list(value):
        code = _field_index().get(name.casefold().replace("’", "'"))
        if code is None:
            raise InvalidInput(field, name, "unknown field of work (see src/ngoreg/reference/fields.csv)")
        out.setdefault(code, name)
    return tuple(out.items()) or ((UNKNOWN, "Unknown"),)


# ChinaFile codes each row's fields of work twice: as text (`Field of Work`) and as one-hot columns headed by
# the fields' names, a cell marked `1` (seen dirty: `·1`; and `0` for unmarked). The two disagree on some rows
# (the importer reports them); `ngoreg stats … --field-source` counts by either.
ONEHOT_UNKNOWN = "field unknown"


@cache
def onehot_field(header: str) -> str | None:
    """The field of work whose one-hot column `header` is, or None: not one. `Field Unknown` is the column of
    an unknown field; a bare `Unknown` is not (offices.csv heads its unknown-province column so)."""
    h = text(header).casefold().replace("’", "'")
    if h == ONEHOT_UNKNOWN:
        return UNKNOWN
    code = _field_index().get(h)
    return None if code == UNKNOWN else code


def onehot_columns(header: Iterable[str]) -> dict[str, str]:
    """{field code: header} of the one-hot field columns of a file's header, the first column of each field:
    temporary_activities.csv repeats a few names further right (`Education`, `environment`, `religion`) as the
    sectors of the partner's supervisory unit, which are not the activity's fields."""
    out: dict[str, str] = {}
    for h in header:
        code = onehot_field(h)
        if code is not None:
            out.setdefault(code, h)
    return out


def onehot_mark(value: str | None) -> tuple[bool, bool]:
    """(marked, clean) of a one-hot cell: marked when the digits in it make a number other than 0 (`·1` is
    marked, `0` is not); clean when it is empty or exactly `1`."""
    v = text(value)
    digits = re.sub(r"\D", "", v)
    return bool(digits) and int(digits) != 0, v in ("", "1")


def field_label_zh(code: str) -> str | None:
    if code == UNKNOWN:
        return UNKNOWN_ZH
    f = fields_of_work().get(code)
    return f[1] if f else None


# ---- supervisory units -------------------------------------------------------------------------------

_FORMERLY = re.compile(r"^(?P<current>.*?)\s*\(\s*formerly\s+(?P<former>[^()]*?)\s*\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class PsuName:
    current_en: str
    former_en: str | None
    zh: str


def psu_name(en: str | None, zh: str | None) -> PsuName | None:
    """`Ministry of Ecology and Environment (formerly Ministry of Environmental Protection)` → current
    and former English names. None when the row names no unit."""
    e, z = text(en), text(zh)
    if not e and not z:
        return None
    if m := _FORMERLY.match(e):
        return PsuName(m["current"], m["former"] or None, z)
    return PsuName(e, None, z)


@cache
def _province_prefixes() -> list[tuple[str, str]]:
    names = [(p.name_en, p.code) for p in provinces().values() if p.level not in ("sar", "corps")]
    return sorted(names, key=lambda n: -len(n[0]))


def psu_province(name_en: str) -> str | None:
    """The province of a provincial supervisory unit, read from the start of its English name (`Hunan
    Department of Commerce`); None for a national one (`Ministry of Education`)."""
    for prefix, code in _province_prefixes():
        if name_en == prefix or name_en.startswith(prefix + " "):
            return code
    return None


# Whatever the activities file writes where a partner unit has no supervisory unit.
PSU_NONE = {"not applicable": "不适用", "n/a": "不适用", "not required": "无需", "unknown": UNKNOWN_ZH,
            "unavailable": UNKNOWN_ZH}


# ---- foreign NGOs and their offices ------------------------------------------------------------------

_TRAILING_PARENS = re.compile(r"^(?P<base>.*\S)\s*\((?P<inner>[^()]*)\)\s*$")


def ngo_name_en(office_en: str, several_offices: bool) -> str:
    """The NGO's English name from its office's: ChinaFile names an office `NGO (Place)`. The suffix goes when
    the row is marked as one of several offices, or when it names a mainland province (the mark is missing
    on some: `Association Generale Chine-Afrique (Yunnan)`). An all-capitals parenthesis is the NGO's
    acronym, not a place: `German Academic Exchange Service (DAAD) (Beijing)` is the DAAD's Beijing office."""
    m = _TRAILING_PARENS.match(office_en)
    if m is None or m["inner"].isupper():
        return office_en
    if several_offices or any(part.strip() in _mainland_names() for part in m["inner"].split(",")):
        return m["base"]
    return office_en


@cache
def _mainland_names() -> frozenset[str]:
    return frozenset(p.name_en for p in provinces().values() if p.level not in ("sar", "corps") and p.code != "710000")


def most_common(spellings: Iterable[str] | dict[str, int]) -> str:
    """The spelling used most often (given as spellings, or as counts in order of first use); ties go to the
    first seen."""
    counts: dict[str, int] = {}
    if isinstance(spellings, dict):
        counts = spellings
    else:
        for s in spellings:
            counts[s] = counts.get(s, 0) + 1
    return max(counts, key=lambda s: counts[s]) if counts else ""


def tally(counts: dict[str, int], spelling: str) -> None:
    counts[spelling] = counts.get(spelling, 0) + 1


# ---- Chinese partner units (FNGO Law art. 16) --------------------------------------------------------


@dataclass(frozen=True)
class PartnerType:
    """What ChinaFile's `CPU Type` says about the partner in the terms of art. 16: one of the procedure's
    PARTNER_KINDS, or None with the reason (`allowed` False: a kind art. 16 does not list; None: the
    source does not say)."""

    kind: str | None
    allowed: bool | None
    note: str | None = None


# The documented mapping of `CPU Type` onto art. 16's four kinds (国家机关、人民团体、事业单位、社会组织).
CPU_TYPES: dict[str, PartnerType] = {
    "party or government entity": PartnerType(
        "state_organ", True, "Party and government bodies are counted as state organs; the source does not "
        "tell people's organisations apart from them"),
    "non-profit or foundation": PartnerType("social_organisation", True),
    "industry association": PartnerType("social_organisation", True, "an industry association is a social "
                                        "association (社会团体)"),
    "school, college, university, or training institution": PartnerType(
        "public_institution", True, "schools and universities are counted as public institutions (事业单位); "
        "a private school registered as a civil non-enterprise unit is a social organisation, also allowed"),
    "hospital or medical center": PartnerType("public_institution", True, "hospitals are counted as public "
                                              "institutions (事业单位)"),
    "think tank or research institution": PartnerType("public_institution", True, "research institutes are "
                                                      "counted as public institutions (事业单位)"),
    "llc": PartnerType(None, False, "a limited liability company is not a state organ, people's organisation, "
                       "public institution or social organisation"),
    "foreign chamber of commerce": PartnerType(None, False, "a foreign chamber of commerce is not a Chinese "
                                               "state organ, people's organisation, public institution or "
                                               "social organisation"),
    "unknown": PartnerType(None, None, "the source does not give the partner unit's type"),
    "unavailable": PartnerType(None, None, "the source does not give the partner unit's type"),
    "": PartnerType(None, None, "the source does not give the partner unit's type"),
}  # fmt: skip


def partner_type(value: str | None, field: str) -> PartnerType:
    t = CPU_TYPES.get(text(value).casefold())
    if t is None:
        raise InvalidInput(field, value, f"unknown partner type; known: {', '.join(k for k in CPU_TYPES if k)}")
    return t


def partner_org_kind(kind: str, name_zh: str) -> OrgKind:
    """The registry kind of a partner unit. Art. 16's `social_organisation` is three kinds; the Chinese name
    tells which: 基金会 a foundation, another …会 a social association, anything else (…中心, …院, …社) a
    civil non-enterprise unit (社会服务机构)."""
    if kind == "state_organ":
        return OrgKind.STATE_ORGAN
    if kind == "public_institution":
        return OrgKind.PUBLIC_INSTITUTION
    if kind == "peoples_organisation":
        return OrgKind.PEOPLES_ORGANISATION
    name = re.sub(r"[（(][^（()）]*[)）]$", "", name_zh).strip()
    if name.endswith("基金会"):
        return OrgKind.FOUNDATION
    if name.endswith("会"):
        return OrgKind.SOCIAL_ASSOCIATION
    return OrgKind.CIVIL_NON_ENTERPRISE
