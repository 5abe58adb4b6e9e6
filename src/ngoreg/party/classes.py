"""The classes of organisations joint Party committees are built for.

Seed 001: joint committees are "built based on the classification of organizations … according to their
specific industry, category, and field". The registry records of every social organisation its kind, its
fields of work and, where its registration recorded it, its category (the `category` mark:
`regimes.domestic.categories`), so a class is one of those: `kind:<kind>` (social association, civil
non-enterprise unit, foundation), `category:<code>` (industry association, science and technology, …) or
`field:<code>` (the registry's fields, `reference/fields.csv`). An organisation belongs to the class of its
kind, of its category and of each of its fields.
"""

from __future__ import annotations

from functools import cache

from ngoreg.errors import InvalidInput
from ngoreg.reference import SOCIAL_ORGANISATIONS, fields_of_work
from ngoreg.regimes.domestic.categories import categories


@cache
def known() -> dict[str, tuple[str, str]]:
    """Every class: code -> (English, Chinese)."""
    out = {f"kind:{k.value}": (k.value.replace("_", " "), _KIND_ZH[k.value]) for k in sorted(SOCIAL_ORGANISATIONS)}
    out.update({f"category:{c.code}": (c.name_en, c.name_zh) for c in categories().values()})
    out.update({f"field:{code}": names for code, names in fields_of_work().items()})
    return out


_KIND_ZH = {"social_association": "社会团体", "civil_non_enterprise": "民办非企业单位", "foundation": "基金会"}


def check(code: str | None, field: str = "class") -> str:
    if not code:
        raise InvalidInput(field, code or "", "a joint committee serves a class of organisations; give one "
                                               "(kind:<kind>, category:<code> or field:<code>)")  # fmt: skip
    if code not in known():
        raise InvalidInput(field, code, "unknown class; `ngoreg party classes` lists them")
    return code


def of(kind: str, org_fields: list[str] | None, category: str | None = None) -> frozenset[str]:
    """The classes an organisation of `kind` with `org_fields` (and of `category`, if recorded) belongs to."""
    mine = {f"kind:{kind}", *(f"field:{f}" for f in org_fields or ())}
    if category:
        mine.add(f"category:{category}")
    return frozenset(mine)
