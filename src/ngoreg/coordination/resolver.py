"""Which coordinating groups coordinate a representative office or a temporary activity on a day.

Every one is coordinated by the national group (FNGO Law art. 7(2)) and by the group of its province: an office's
province is the one it is registered in, as the registry held it that day; an activity's the provinces it takes
place in (ChinaFile's list gives them), else the partner unit's, with whose registrar it is filed (art. 17(1)).
A province no group of `groups.csv` is recorded for is "not reported" — never assumed to have one; a recorded
group coordinates only from the day it is taken to (`data.Group.coordinates_from`): before that it is "not yet".

The lists here read the registry through the caller's conditions (`visible_orgs`, `visible_filings`, as
`access.filters` gives them), so a count tells nothing a list would not."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from ngoreg.coordination.data import groups, national
from ngoreg.coordination.status import (  # noqa: F401 - what the callers of the resolver read too
    ALL,
    BASIS,
    COORDINATING,
    NOT_REPORTED,
    NOT_YET,
    PROVINCE_UNKNOWN,
    UNKNOWN,
    WHOLE_MAINLAND,
    detail,
    for_province,
    group_status,
    mainland,
    provinces,
    summary,
)
from ngoreg.errors import NotFound
from ngoreg.filings.models import Filing
from ngoreg.reference import OrgKind
from ngoreg.registry import repository as registry
from ngoreg.registry.models import Organisation

ACTIVITY = "fngo_temporary_activity"
OFFICE = OrgKind.REPRESENTATIVE_OFFICE.value
LIVE = ("registered", "active")


@dataclass(frozen=True)
class Subject:
    type: str  # organisation | filing
    id: int
    kind: str  # the organisation's kind or the filing's procedure
    name: str | None


def _result(subject: Subject, on: date, province_codes: list[str | None], reason: str | None) -> dict[str, Any]:
    entries = [for_province(c, on) for c in province_codes] if reason is None else []
    n = national()
    coordinating = ([summary(n, on)] if reason is None and n.coordinates_on(on) else []) + [
        summary(groups()[e["group"]], on) for e in entries if e["status"] == COORDINATING]
    return {"subject": {"type": subject.type, "id": subject.id, "kind": subject.kind, "name": subject.name},
            "as_of": on.isoformat(), "coordinated": reason is None, "reason": reason,
            "national": {"group": n.key, "status": group_status(n, on),
                         "coordinates_from": n.coordinates_from.isoformat()} if reason is None else None,
            "provinces": entries, "groups": coordinating, "basis": BASIS}  # fmt: skip


def resolve_org(session: Session, org_id: int, on: date) -> dict[str, Any]:
    """The groups that coordinate organisation `org_id` on `on`: a representative office registered that day is
    coordinated; anything else is answered with the reason it is not."""
    o = session.get(Organisation, org_id)
    if o is None:
        raise NotFound(f"organisation {org_id} does not exist")
    state = registry.state_as_of(session, org_id, on)
    name = ((state or {}).get("name_zh") or (state or {}).get("name_en")) or o.name_zh or o.name_en
    kind = (state or {}).get("kind") or o.kind
    subject = Subject("organisation", org_id, kind, name)
    if kind != OFFICE:
        reason = ("a foreign NGO is coordinated through its representative offices and temporary activities"
                  if kind == OrgKind.FOREIGN_NGO.value else
                  "only foreign NGOs' representative offices and temporary activities are coordinated")  # fmt: skip
        return _result(subject, on, [], reason)
    if state is None:
        return _result(subject, on, [], f"not in the registry on {on.isoformat()}")
    if state.get("status") not in LIVE:
        return _result(subject, on, [], f"{state.get('status')} on {on.isoformat()}")
    return _result(subject, on, [state.get("province")], None)


def activity_provinces(session: Session, data: dict[str, Any], may_read: Callable[[int], bool] | None = None
                       ) -> list[str | None]:  # fmt: skip
    """Where an activity takes place: ChinaFile's provinces, else the partner unit's (art. 17(1)) where
    `may_read` (the caller's reading of organisations) lets its province be read."""
    listed = data.get("provinces")
    if isinstance(listed, list) and listed:
        return [str(c) for c in dict.fromkeys(listed)]
    partner = data.get("partner_org_id")
    if partner is not None and str(partner).isdigit() and (may_read is None or may_read(int(partner))):
        return [session.scalar(select(Organisation.province).where(Organisation.id == int(partner)))]
    return [None]


def resolve_filing(session: Session, filing_id: int, on: date, may_read: Callable[[int], bool] | None = None
                   ) -> dict[str, Any]:  # fmt: skip
    """The groups that coordinate temporary activity `filing_id` on `on` (filed, not drafted). `may_read`: whether
    the caller may read an organisation (the partner unit, whose province may place the activity); all by default."""
    f = session.get(Filing, filing_id)
    if f is None:
        raise NotFound(f"filing {filing_id} does not exist")
    data = f.data or {}
    subject = Subject("filing", filing_id, f.procedure, data.get("activity_name"))
    if f.procedure != ACTIVITY:
        return _result(subject, on, [], f"only temporary activities ({ACTIVITY}) are coordinated among filings")
    if f.state == "drafted":
        return _result(subject, on, [], "not filed: a drafted activity is not before any registrar")
    return _result(subject, on, activity_provinces(session, data, may_read), None)


def _activity_day(data: dict[str, Any], started_on: date) -> str:
    start = data.get("start_date")
    return start if isinstance(start, str) and len(start) == 10 else started_on.isoformat()


def activity_counts(session: Session, on: date, visible: ColumnElement[bool],
                    visible_orgs: ColumnElement[bool] | None = None) -> Counter[str]:  # fmt: skip
    """Filed temporary activities begun by `on`, by province (one under each province it takes place in;
    `all` and `unknown` as ChinaFile gives them), among the filings `visible` keeps; an activity placed by its
    partner unit's province only where `visible_orgs` keeps the partner unit, else under `unknown`."""
    counts: Counter[str] = Counter()
    partners: dict[int, list[str]] = {}
    day = on.isoformat()
    q = select(Filing.id, Filing.data, Filing.started_on).where(
        Filing.procedure == ACTIVITY, Filing.state != "drafted", visible)
    for fid, data, started in session.execute(q):
        data = data or {}
        if _activity_day(data, started) > day:
            continue
        listed = data.get("provinces")
        if isinstance(listed, list) and listed:
            counts.update(str(c) for c in dict.fromkeys(listed))
        elif str(data.get("partner_org_id") or "").isdigit():
            partners.setdefault(int(data["partner_org_id"]), []).append(str(fid))
        else:
            counts[UNKNOWN] += 1
    if partners:
        q = select(Organisation.id, Organisation.province).where(Organisation.id.in_(list(partners)))
        for oid, province in session.execute(q if visible_orgs is None else q.where(visible_orgs)):
            counts[province or UNKNOWN] += len(partners.pop(oid))
        unplaced = sum(len(v) for v in partners.values())  # a partner unit unknown, or not visible
        if unplaced:
            counts[UNKNOWN] += unplaced
    return counts


def chinafile_counts(session: Session, on: date) -> dict[str, dict[str, int]]:
    """The counts ChinaFile's lists give by province on `on`, as `ngoreg stats offices|activities --by province`
    counts them (the facets the importer writes): offices registered that day, activities begun by it. Public
    statistics, read by everyone."""
    from ngoreg.facets import repository as facets

    # the importer's scopes (`importing.chinafile`: OFFICE_SCOPE, ACTIVITY_SCOPE), named here so that the command
    # does not load the importer
    return {"offices": dict(facets.count_registered(session, OFFICE, "province", as_of=on)),
            "activities": dict(facets.count(session, ACTIVITY, "province", as_of=on))}


def dashboard(session: Session, on: date, *, visible_orgs: ColumnElement[bool], visible_filings: ColumnElement[bool],
              chinafile: dict[str, dict[str, int]]) -> list[dict[str, Any]]:  # fmt: skip
    """Per mainland province (and any other province the registry counts something in): whether a group is
    reported and coordinates on `on`, the registry's representative offices registered that day and the
    temporary activities begun by it (of what the caller may see), and beside them the counts ChinaFile's lists
    give (`chinafile`: subject → province code → count, as `reporting.stats` counts the imported lists)."""
    offices = {k or UNKNOWN: n for k, n in registry.count_by(session, "province", as_of=on, kind=OFFICE,
                                                             visible=visible_orgs)}  # fmt: skip
    activities = activity_counts(session, on, visible_filings, visible_orgs)
    codes = [p.code for p in mainland()]
    cf_offices, cf_activities = chinafile.get("offices", {}), chinafile.get("activities", {})
    extra = sorted({*offices, *activities, *cf_offices, *cf_activities} - set(codes))
    rows = []
    for code in [*codes, *extra]:
        entry = for_province(code, on)
        rows.append({**entry, "offices": offices.get(code, 0), "activities": activities.get(code, 0),
                     "chinafile_offices": cf_offices.get(code, 0),
                     "chinafile_activities": cf_activities.get(code, 0)})  # fmt: skip
    return rows
