"""Reference lists every organisation is checked against: provinces (GB/T 2260), origins (ISO 3166-1),
fields of work (one bilingual taxonomy) and the kinds of organisation and authority."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources

from ngoreg.errors import InvalidInput


class OrgKind(StrEnum):
    FOREIGN_NGO = "foreign_ngo"
    REPRESENTATIVE_OFFICE = "representative_office"  # 境外非政府组织代表机构
    SOCIAL_ASSOCIATION = "social_association"  # 社会团体
    CIVIL_NON_ENTERPRISE = "civil_non_enterprise"  # 民办非企业单位 / 社会服务机构
    FOUNDATION = "foundation"  # 基金会
    STATE_ORGAN = "state_organ"  # 国家机关
    PEOPLES_ORGANISATION = "peoples_organisation"  # 人民团体
    PUBLIC_INSTITUTION = "public_institution"  # 事业单位


KIND_LABELS: dict[OrgKind, tuple[str, str]] = {
    OrgKind.FOREIGN_NGO: ("境外非政府组织", "foreign NGO"),
    OrgKind.REPRESENTATIVE_OFFICE: ("境外非政府组织代表机构", "representative office"),
    OrgKind.SOCIAL_ASSOCIATION: ("社会团体", "social association"),
    OrgKind.CIVIL_NON_ENTERPRISE: ("民办非企业单位", "civil non-enterprise unit"),
    OrgKind.FOUNDATION: ("基金会", "foundation"),
    OrgKind.STATE_ORGAN: ("国家机关", "state organ"),
    OrgKind.PEOPLES_ORGANISATION: ("人民团体", "people's organisation"),
    OrgKind.PUBLIC_INSTITUTION: ("事业单位", "public institution"),
}

# The three kinds of domestic social organisation (社会组织) registered with civil affairs.
SOCIAL_ORGANISATIONS = frozenset(
    {OrgKind.SOCIAL_ASSOCIATION, OrgKind.CIVIL_NON_ENTERPRISE, OrgKind.FOUNDATION}
)
# Kinds that exist without a registration in this registry (foreign NGOs abroad, state bodies).
UNREGISTERED_KINDS = frozenset(
    {OrgKind.FOREIGN_NGO, OrgKind.STATE_ORGAN, OrgKind.PEOPLES_ORGANISATION, OrgKind.PUBLIC_INSTITUTION}
)


class AuthorityKind(StrEnum):
    REGISTRAR_PUBLIC_SECURITY = "registrar_public_security"  # MPS / provincial PSB, FNGO Law art. 6(1)
    REGISTRAR_CIVIL_AFFAIRS = "registrar_civil_affairs"  # MCA / civil affairs departments
    SUPERVISORY_UNIT = "supervisory_unit"  # 业务主管单位, FNGO Law art. 6(2), art. 11
    PARTY_COMMITTEE = "party_committee"
    COORDINATING_GROUP = "coordinating_group"  # FNGO Law art. 7(2)
    UN_BODY = "un_body"


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"
    INTERNATIONAL = "international"


class Predicate(StrEnum):
    SPONSORED_BY = "sponsored_by"  # an office or social organisation and its supervisory unit
    REGISTERED_WITH = "registered_with"
    PARTNER_OF = "partner_of"  # a Chinese partner unit and the foreign NGO of a temporary activity
    MEMBER_OF = "member_of"
    LEADS = "leads"
    SITS_UNDER = "sits_under"  # Party-building hierarchy, seed 001
    OFFICE_OF = "office_of"  # a representative office and the foreign NGO that set it up


@dataclass(frozen=True)
class Province:
    code: str
    name_zh: str
    name_en: str
    short_zh: str
    level: str


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("ngoreg.reference").joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def provinces() -> dict[str, Province]:
    return {r["code"]: Province(**r) for r in _rows("provinces.csv")}


@cache
def _province_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for p in provinces().values():
        for key in (p.code, p.name_zh, p.short_zh, p.name_en.casefold(), p.code[:2]):
            index[key] = p.code
    index["macau"] = "820000"
    index["xinjiang production and construction corps"] = "660000"
    return index


def province(value: str, field: str = "province") -> str:
    """The GB/T 2260 code of a province given by code, Chinese or English name."""
    code = _province_index().get(value.strip()) or _province_index().get(value.strip().casefold())
    if code is None:
        raise InvalidInput(field, value, "unknown province (give a GB/T 2260 code or a Chinese/English name)")
    return code


@cache
def fields_of_work() -> dict[str, tuple[str, str]]:
    return {r["code"]: (r["name_en"], r["name_zh"]) for r in _rows("fields.csv")}


@cache
def _field_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, (en, zh) in fields_of_work().items():
        index[code] = index[en.casefold()] = index[zh] = code
    return index


def field_of_work(value: str, field: str = "field") -> str:
    code = _field_index().get(value.strip()) or _field_index().get(value.strip().casefold())
    if code is None:
        raise InvalidInput(field, value, "unknown field of work; see `ngoreg reference fields`")
    return code


def kind(value: str, field: str = "kind") -> OrgKind:
    try:
        return OrgKind(value.strip())
    except ValueError:
        raise InvalidInput(field, value, f"unknown kind; one of {', '.join(OrgKind)}") from None


# Regions the registry names by their own two-letter codes, whatever the state of the ISO list.
_REGIONS = {"HK": "Hong Kong", "MO": "Macao", "TW": "Taiwan"}


def origin(value: str, field: str = "origin") -> str:
    """ISO 3166-1 alpha-2 code of a country or region of origin, from a code or an English name."""
    code = _origin_code(value.strip())
    if code is None:
        raise InvalidInput(field, value, "unknown country or region of origin")
    return code


@lru_cache(maxsize=4096)  # an import asks for the same few dozen origins a million times
def _origin_code(v: str) -> str | None:
    if v.upper() in _REGIONS:
        return v.upper()
    for code, name in _REGIONS.items():
        if v.casefold() == name.casefold():
            return code
    import pycountry  # here, not above: a command that checks no origin need not load ISO 3166

    try:
        country = pycountry.countries.lookup(v)
    except LookupError:
        try:
            country = pycountry.countries.search_fuzzy(v)[0]
        except LookupError:
            return None
    return str(country.alpha_2)


def origin_name(code: str) -> str:
    if code in _REGIONS:
        return _REGIONS[code]
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    return str(getattr(c, "common_name", None) or c.name) if c else code
