"""The classes of organisations joint Party committees are built for.

Seed 001: joint committees are "built based on the classification of organizations … according to their
specific industry, category, and field". The registry records of every social organisation its kind and its
fields of work, so a class is one of those: `field:<code>` (the registry's fields, `reference/fields.csv`)
or `kind:<kind>` (social association, civil non-enterprise unit, foundation). An organisation belongs to the
class of each of its fields and to that of its kind. The registration category of a domestic application
(`regimes.domestic.categories`) is recorded in its filing, not on the organisation, so it is no class here.
"""

from __future__ import annotations

from ngoreg.errors import InvalidInput
from ngoreg.reference import SOCIAL_ORGANISATIONS, fields_of_work


def known() -> dict[str, tuple[str, str]]:
    """Every class: code -> (English, Chinese)."""
    out = {f"kind:{k.value}": (k.value.replace("_", " "), _KIND_ZH[k.value]) for k in sorted(SOCIAL_ORGANISATIONS)}
    out.update({f"field:{code}": names for code, names in fields_of_work().items()})
    return out


_KIND_ZH = {"social_association": "社会团体", "civil_non_enterprise": "民办非企业单位", "foundation": "基金会"}


def check(code: str | None, field: str = "class") -> str:
    if not code:
        raise InvalidInput(field, code or "", "a joint committee serves a class of organisations; give one "
                                               "(field:<code> or kind:<kind>)")  # fmt: skip
    if code not in known():
        raise InvalidInput(field, code, "unknown class; `ngoreg party classes` lists them")
    return code


def of(kind: str, org_fields: list[str] | None) -> frozenset[str]:
    """The classes an organisation of `kind` with `org_fields` belongs to."""
    return frozenset({f"kind:{kind}", *(f"field:{f}" for f in org_fields or ())})
