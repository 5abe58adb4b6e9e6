"""Turns what a user typed (CLI options, a CSV row, a JSON body) into a clean organisation record, or
refuses it with the field, the value and the problem."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ngoreg import bounds
from ngoreg.errors import InvalidInput
from ngoreg.reference import (
    SOCIAL_ORGANISATIONS,
    UNREGISTERED_KINDS,
    OrgKind,
    field_of_work,
)
from ngoreg.reference import (
    kind as parse_kind,
)
from ngoreg.reference import (
    origin as parse_origin,
)
from ngoreg.reference import (
    province as parse_province,
)
from ngoreg.registry import uscc

PREPARING = "preparing"  # the status of a social organisation applied for and not yet registered

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def is_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def fold(name: str) -> str:
    """The form names are compared in: NFKC (full-width letters become ASCII), casefolded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def short_grams(folded: str) -> str | None:
    """The distinct one- and two-character runs of Chinese characters in a folded name (`fold`),
    space-separated, or None for a name without any: what the short-query index holds, since a trigram
    index cannot answer the one- and two-character queries Chinese users type."""
    runs = _CJK_RUNS.findall(folded)
    grams = [c for run in runs for c in run]
    grams += [run[i : i + 2] for run in runs for i in range(len(run) - 1)]
    return " ".join(dict.fromkeys(grams)) or None


def all_chinese(text: str) -> bool:
    return bool(text) and all(_CJK.match(c) for c in text)


def clean_name(value: str | None) -> str | None:
    if value is None:
        return None
    v = " ".join(unicodedata.normalize("NFKC", value).split())
    return v or None


def parse_date(value: str | date | None, field_name: str) -> date | None:
    """A day as the registry takes it: YYYY-MM-DD within the range `bounds` states."""
    return bounds.day(value, field_name)


def parse_bool(value: str | bool | None, field_name: str, yes: str = "yes", no: str = "no") -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    v = value.strip().casefold()
    if not v:
        return None
    if v in (yes, "true", "1", "y"):
        return True
    if v in (no, "false", "0", "n"):
        return False
    raise InvalidInput(field_name, value, f"write {yes} or {no}")


def split_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v.strip() for v in value if v and v.strip()]
    return [v.strip() for v in value.split(";") if v.strip()]


@dataclass
class OrgRecord:
    """A validated organisation as the registry stores it."""

    kind: OrgKind
    name_zh: str | None
    name_en: str | None
    uscc: str | None = None
    origin: str | None = None
    province: str | None = None
    fields: list[str] = field(default_factory=list)
    gongo: bool | None = None
    public_fundraising: bool | None = None
    registered_on: date | None = None
    aliases: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)
    parent_id: int | None = None
    # A social organisation whose founders have applied and that the registrar has not yet registered: it is
    # in the registry so that its application has an organisation, but it is not registered until the decision
    # (`workflow.spec.Enters`) and may not act as one (Social Association Regulations art. 9(2)).
    preparing: bool = False

    @property
    def status(self) -> str:
        if self.preparing:
            return PREPARING
        return "active" if self.kind in UNREGISTERED_KINDS else "registered"


def org_record(
    *,
    kind: str,
    name_zh: str | None = None,
    name_en: str | None = None,
    uscc_code: str | None = None,
    origin: str | None = None,
    province: str | None = None,
    fields: str | list[str] | None = None,
    gongo: str | bool | None = None,
    public_fundraising: str | bool | None = None,
    registered_on: str | date | None = None,
    aliases: str | list[str] | None = None,
    former_names: str | list[str] | None = None,
    parent_id: int | None = None,
    preparing: bool = False,
    today: date | None = None,
) -> OrgRecord:
    k = parse_kind(kind)
    zh = clean_name(bounds.text(name_zh, "name_zh", bounds.NAME))
    en = clean_name(bounds.text(name_en, "name_en", bounds.NAME))
    if zh is None and en is None:
        raise InvalidInput("name", "", "give a Chinese or an English name")
    if zh is not None and not is_chinese(zh):
        raise InvalidInput("name_zh", zh, "has no Chinese characters; put it in name_en")
    code = None
    if uscc_code and uscc_code.strip():
        checked = uscc.check(uscc_code, k)
        if not checked.valid:
            raise InvalidInput("uscc", uscc_code, checked.problem or "invalid")
        code = checked.code
    org_origin = parse_origin(origin) if origin and origin.strip() else None
    if org_origin is None and k not in (OrgKind.FOREIGN_NGO, OrgKind.REPRESENTATIVE_OFFICE):
        org_origin = "CN"
    if k in (OrgKind.FOREIGN_NGO, OrgKind.REPRESENTATIVE_OFFICE) and org_origin == "CN":
        raise InvalidInput("origin", origin, "a foreign NGO comes from outside the mainland (FNGO Law art. 2)")
    prov = parse_province(province) if province and province.strip() else None
    if code and prov and code[2:4] != prov[:2] and code[2:8] != "100000":
        raise InvalidInput("uscc", code, f"its region {code[2:8]} is not in province {prov}")
    gongo_flag = parse_bool(gongo, "gongo", yes="gongo", no="grassroots")
    fundraising = parse_bool(public_fundraising, "public_fundraising")
    # The Charity Law gives the qualification to a charity of any of the three forms (arts. 8(2), 22(1)), not
    # to foundations only as the Foundation Regulations' public foundations (art. 3) had it.
    if fundraising is not None and k not in SOCIAL_ORGANISATIONS:
        raise InvalidInput("public_fundraising", public_fundraising, "only a social association, a civil "
                           "non-enterprise unit or a foundation raises funds from the public (Charity Law art. 22)")
    reg = parse_date(registered_on, "registered_on")
    if reg and today and reg > today:
        raise InvalidInput("registered_on", reg.isoformat(), "lies in the future")
    if preparing and k not in SOCIAL_ORGANISATIONS:
        raise InvalidInput("preparing", k.value, "only a social association, a civil non-enterprise unit or a "
                           "foundation is prepared before the civil affairs registrar registers it")
    if preparing and reg is not None:
        raise InvalidInput("registered_on", reg.isoformat(), "an organisation in preparation is not yet registered")
    return OrgRecord(
        kind=k,
        name_zh=zh,
        name_en=en,
        uscc=code,
        origin=org_origin,
        province=prov,
        fields=sorted({field_of_work(f, "fields") for f in bounds.items(split_list(fields), "fields")}),
        gongo=gongo_flag,
        public_fundraising=fundraising,
        registered_on=reg,
        aliases=[n for n in (clean_name(a) for a in bounds.items(split_list(aliases), "aliases")) if n],
        former_names=[n for n in (clean_name(a) for a in bounds.items(split_list(former_names), "former_names"))
                      if n],
        parent_id=parent_id,
        preparing=preparing,
    )


def state_of(rec: OrgRecord, status: str | None = None, ended_on: date | None = None) -> dict[str, Any]:
    """The JSON state of an organisation that the audit log records and as-of queries return."""
    return {
        "kind": rec.kind.value,
        "name_zh": rec.name_zh,
        "name_en": rec.name_en,
        "uscc": rec.uscc,
        "origin": rec.origin,
        "province": rec.province,
        "fields": rec.fields,
        "gongo": rec.gongo,
        "public_fundraising": rec.public_fundraising,
        "status": status or rec.status,
        "registered_on": rec.registered_on.isoformat() if rec.registered_on else None,
        "ended_on": ended_on.isoformat() if ended_on else None,
        "parent_id": rec.parent_id,
        "aliases": rec.aliases,
        "former_names": rec.former_names,
    }
