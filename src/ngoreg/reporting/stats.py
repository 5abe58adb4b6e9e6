"""`ngoreg stats offices|activities --by province|origin|field|psu|month [--as-of DATE]` and
`ngoreg stats orgs --by kind|registrar-level|province|management|grade|status [--as-of DATE]`.

Counts come from the facets the ChinaFile importers write (one row per record and value), so a record with
several values — fields of work, provinces of an activity — counts once under each. As of a date:
* offices: registered on or before it and still registered (a deregistration recorded with `ngoreg org
  update --status deregistered` takes an office out from that day);
* activities: started on or before it.
Keys are the source's English spellings (`Beijing`, `The Netherlands`, `Civil Society Capacity-Building`),
months `YYYY-MM`; `label_zh` gives the Chinese beside each. `psu` is the office's supervisory unit, or for an
activity the partner unit's own supervisory unit as the source names it (`Not Applicable` for a state organ).

An activity's fields of work are counted by default as its `Field of Work` text names them; `field_source=
"onehot"` counts them as ChinaFile's one-hot field columns mark them instead (the two disagree on a few rows,
which the import reports), under the same keys.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ngoreg.authorities import repository as authorities
from ngoreg.errors import InvalidInput
from ngoreg.facets import repository as facets
from ngoreg.importing.chinafile import ACTIVITY_SCOPE, OFFICE_SCOPE, ONEHOT_FACET
from ngoreg.reference import KIND_LABELS, SOCIAL_ORGANISATIONS, OrgKind, provinces
from ngoreg.registry import particulars
from ngoreg.registry.models import OrgVersion

DIMENSIONS = ("province", "origin", "field", "psu", "month")
SUBJECTS = {"offices": OFFICE_SCOPE, "activities": ACTIVITY_SCOPE}
FIELD_SOURCES = ("text", "onehot")  # the first is the default


def stats(session: Session, subject: str, by: str, *, as_of: date | None = None, field_source: str = "text"
          ) -> list[dict[str, Any]]:  # fmt: skip
    """[{key, count, label_zh}]: by month in calendar order, by anything else most first, then by key."""
    scope = SUBJECTS.get(subject)
    if scope is None:
        raise InvalidInput("subject", subject, f"one of {', '.join(SUBJECTS)}")
    if by not in DIMENSIONS:
        raise InvalidInput("--by", by, f"one of {', '.join(DIMENSIONS)}")
    if field_source not in FIELD_SOURCES:
        raise InvalidInput("--field-source", field_source, f"one of {', '.join(FIELD_SOURCES)}")
    facet = by
    if field_source == "onehot":
        if scope != ACTIVITY_SCOPE or by != "field":
            raise InvalidInput("--field-source", field_source, "counts the fields of activities only (--by field)")
        facet = ONEHOT_FACET
    if scope == OFFICE_SCOPE:
        counts = facets.count_registered(session, scope, facet, as_of=as_of)
    else:
        counts = facets.count(session, scope, facet, as_of=as_of)
    if scope == OFFICE_SCOPE and by == "psu":
        names = authorities.names(session, [int(v) for v, _ in counts])
        labels = {str(i): (en or zh or str(i), zh) for i, (en, zh) in names.items()}
    else:
        # one-hot counts go under the keys the text gives the same fields, so that the two lists compare
        labels = facets.labels(session, scope, by)
        if facet != by:
            labels = facets.labels(session, scope, facet) | labels
    rows = [{"key": labels.get(v, (v, None))[0], "count": n, "label_zh": labels.get(v, (v, None))[1]}
            for v, n in counts]  # fmt: skip
    if by == "month":
        return sorted(rows, key=lambda r: r["key"])  # YYYY-MM sorts as the calendar does
    return sorted(rows, key=lambda r: (-r["count"], r["key"]))


# ---- domestic social organisations -----------------------------------------------------------------------

# --by of `ngoreg stats orgs` -> the facet it counts (`registry.particulars`), or None for the registry's own
# history (`org_versions`): kind, province and status are registry attributes, the others particulars.
ORG_DIMENSIONS: dict[str, str | None] = {
    "kind": None, "registrar-level": particulars.REGISTRAR_LEVEL, "province": None,
    "management": particulars.MANAGEMENT, "grade": particulars.GRADE, "status": None,
}  # fmt: skip
STATUS_LABELS = {"registered": "正常", "active": "存续", "deregistered": "注销", "revoked": "撤销"}
UNKNOWN = "unknown"  # an organisation whose province the registry does not hold
SOCIAL_KINDS = sorted(k.value for k in SOCIAL_ORGANISATIONS)


def orgs(session: Session, by: str, *, as_of: date | None = None, by_field: str = "--by") -> list[dict[str, Any]]:
    """Domestic social organisations (social associations, civil non-enterprise units, foundations) on `as_of`
    (now, if None), by one attribute: [{key, count, label_zh}], most first, then by key.

    kind and province count those registered that day, status every one the registry held that day by its
    status then — all from the as-of history. registrar-level, management and grade count the facets the
    organisations registered that day carried (`facets.count_registered`); one without the facet is not
    counted (a grade exists only once one is given). A bad `by` is refused naming `by_field`,
    the option or query parameter the caller took it from."""
    if by not in ORG_DIMENSIONS:
        raise InvalidInput(by_field, by, f"one of {', '.join(ORG_DIMENSIONS)}")
    facet = ORG_DIMENSIONS[by]
    counts: dict[str, int] = {}
    if facet is not None:
        for kind in SOCIAL_KINDS:
            for value, n in facets.count_registered(session, kind, facet, as_of=as_of):
                counts[value] = counts.get(value, 0) + n
        rows = [{"key": v, "count": n, "label_zh": particulars.VALUES[facet].get(v, (v, None))[1]}
                for v, n in counts.items()]  # fmt: skip
    else:
        column = {"kind": OrgVersion.kind, "province": OrgVersion.province, "status": OrgVersion.status}[by]
        v = OrgVersion
        q = select(column, func.count()).where(v.kind.in_(SOCIAL_KINDS))
        q = q.where(v.valid_from <= as_of, or_(v.valid_to.is_(None), v.valid_to > as_of)) if as_of else \
            q.where(v.valid_to.is_(None))  # fmt: skip
        if by != "status":
            q = q.where(v.status.in_(("registered", "active")))
        rows = [{"key": k or UNKNOWN, "count": int(n), "label_zh": _org_label(by, k)}
                for k, n in session.execute(q.group_by(column))]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["count"], r["key"]))


def _org_label(by: str, key: str | None) -> str | None:
    if key is None:
        return "不详"
    if by == "kind":
        return KIND_LABELS[OrgKind(key)][0]
    if by == "province":
        p = provinces().get(key)
        return p.name_zh if p else None
    return STATUS_LABELS.get(key)
