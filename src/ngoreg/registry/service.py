"""Use cases of the registry. Each takes the session first and never commits; each change writes its
audit event in the same transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from ngoreg import bounds, regimes
from ngoreg.audit import repository as audit
from ngoreg.audit.repository import Actor, Entry
from ngoreg.authorities.repository import names as authority_names
from ngoreg.errors import Conflict, InvalidInput, NotFound
from ngoreg.facets import repository as facets
from ngoreg.law.periods import day_of
from ngoreg.reference import (
    KIND_LABELS,
    AuthorityKind,
    Level,
    OrgKind,
    Predicate,
    field_of_work,
    origin_name,
    provinces,
)
from ngoreg.reference import origin as parse_origin
from ngoreg.reference import province as parse_province
from ngoreg.registry import repository as repo
from ngoreg.registry import uscc
from ngoreg.registry.search import search
from ngoreg.registry.validation import PREPARING, OrgRecord, org_record, parse_date, state_of

SUBJECT = "organisation"
STATUSES = ("registered", "active", "deregistered", "revoked", PREPARING)


def add_organisation(session: Session, rec: OrgRecord, *, actor: Actor, now: datetime, reason: str | None = None,
                     action: str | None = None, basis: str | None = None) -> int:  # fmt: skip
    """Adds one organisation. Its history starts on its registration date where it has one, so that the
    registry as of an earlier date does not contain it. A legal decision that registers it names its own
    `action` and `basis` (`office.registered`, FNGO Law art. 13(1))."""
    if rec.parent_id is not None and repo.get_org(session, rec.parent_id) is None:
        raise InvalidInput("parent", rec.parent_id, "no such organisation")
    duplicate = repo.duplicate_of(session, rec.uscc, rec.kind.value, rec.name_zh, rec.name_en)
    if duplicate is not None:
        what = f"uscc {rec.uscc}" if rec.uscc else f"a {rec.kind.value} named {rec.name_zh or rec.name_en}"
        raise Conflict(f"{what} is already in the registry as organisation {duplicate}")
    state = state_of(rec)
    effective = rec.registered_on or day_of(now)
    org_id = repo.insert_org(session, state)
    action = action or ("organisation.registered" if rec.registered_on else "organisation.added")
    [event] = audit.append(session, actor, [Entry(action, SUBJECT, org_id, effective, basis=basis, reason=reason,
                                                  after=state)], now=now)  # fmt: skip
    repo.open_version(session, org_id, effective, state, event)
    return org_id


# Attributes `update_organisation` may change; kind and credit code are fixed for an organisation's life.
CHANGEABLE = ("name_zh", "name_en", "origin", "province", "fields", "gongo", "public_fundraising",
              "aliases", "status", "ended_on")  # fmt: skip
# What the registration of an organisation in preparation sets besides (`enter`): the day it is registered
# from, and the credit code its certificate bears.
ON_ENTRY = ("registered_on", "uscc")


def update_organisation(
    session: Session,
    org_id: int,
    changes: dict[str, Any],
    *,
    on: date,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
    expected_version: int | None = None,
    action: str = "organisation.changed",
    basis: str | None = None,
    entering: bool = False,
) -> dict[str, Any]:
    """Changes registry attributes with effect from `on`. A renamed organisation keeps its old name as a
    former name, so it is still found by it. A legal decision that changes it names its own `action` and
    `basis` (`office.deregistered`, FNGO Law art. 15(1)). A second change with effect from the same day (a
    deregistration the day of a revocation) stands as that day's state; both stay in the log."""
    org = repo.get_org(session, org_id)
    if org is None:
        raise NotFound(f"organisation {org_id} does not exist")
    if expected_version is not None and expected_version != org.version:
        raise Conflict(f"organisation {org_id} is at version {org.version}, not {expected_version}")
    current = repo.current_state(session, org_id)
    assert current is not None
    current_from, before = current
    if on < current_from:
        raise InvalidInput("on", on.isoformat(), f"is before the last change ({current_from}); "
                           "the registry's history only moves forward")  # fmt: skip
    if entering and before["status"] != PREPARING:
        raise Conflict(f"organisation {org_id} is {before['status']}, not in preparation: it cannot be registered "
                       "again")
    unknown = set(changes) - set(CHANGEABLE) - (set(ON_ENTRY) if entering else set())
    if unknown:
        raise InvalidInput(sorted(unknown)[0], changes[sorted(unknown)[0]], "cannot be changed")
    merged = {**before, **changes}
    rec = org_record(
        kind=merged["kind"], name_zh=merged["name_zh"], name_en=merged["name_en"], uscc_code=merged["uscc"],
        origin=merged["origin"], province=merged["province"], fields=merged["fields"], gongo=merged["gongo"],
        public_fundraising=merged["public_fundraising"], registered_on=merged["registered_on"],
        aliases=merged["aliases"], former_names=merged["former_names"], parent_id=merged["parent_id"],
    )  # fmt: skip
    for lang in ("zh", "en"):
        old = before.get(f"name_{lang}")
        if old and old != getattr(rec, f"name_{lang}") and old not in rec.former_names:
            rec.former_names.append(old)
    after = state_of(rec, status=merged["status"], ended_on=parse_date(merged.get("ended_on"), "ended_on"))
    if after == before:
        raise InvalidInput("changes", changes, "change nothing")
    repo.update_org(session, org_id, org.version, after)
    [event] = audit.append(
        session, actor,
        [Entry(action, SUBJECT, org_id, on, basis=basis, reason=reason, before=before, after=after)], now=now,
    )  # fmt: skip
    repo.open_version(session, org_id, on, after, event)
    return after


def enter(session: Session, org_id: int, changes: dict[str, Any], *, on: date, actor: Actor, now: datetime,
          action: str, basis: str, reason: str | None = None) -> dict[str, Any]:
    """Registers an organisation in preparation (`validation.PREPARING`) from `on`, the day of the registrar's
    decision: it is `registered` from that day, with the attributes the decision gives it (its name as
    registered, the credit code on its certificate). Its history as a registered organisation starts then, so
    the registry as of an earlier day counts it as in preparation, never as registered."""
    if code := changes.get("uscc"):
        holder = repo.duplicate_of(session, uscc.check(code).code, "", None, None)
        if holder is not None and holder != org_id:
            raise Conflict(f"uscc {code} is already organisation {holder}'s")
    return update_organisation(session, org_id, {**changes, "status": "registered", "registered_on": on.isoformat()},
                               on=on, actor=actor, now=now, reason=reason, action=action, basis=basis,
                               entering=True)  # fmt: skip


def show(session: Session, org_id: int, *, as_of: date | None = None) -> dict[str, Any]:
    return show_flagged(repo.driver_of(session), org_id, as_of=as_of)[0]


def show_flagged(driver: tuple[Any, bool], org_id: int, *, as_of: date | None = None,
                 flag: ColumnElement[bool] | None = None) -> tuple[dict[str, Any], bool | None]:  # fmt: skip
    """`show` over a driver's connection (`repository.org_view`), and the value of `flag` (a condition over
    `repository.VIEW_ORG`) read in the same statement."""
    view = repo.org_view(driver, org_id, as_of, flag)
    if view is None:
        raise NotFound(f"organisation {org_id} does not exist")
    if view.state is None:
        assert as_of is not None  # the open version always exists
        raise NotFound(f"organisation {org_id} was not in the registry on {as_of.isoformat()}")
    return {
        "id": org_id,
        **describe(view.state),
        "version": view.version,
        "as_of": as_of.isoformat() if as_of else None,
        "relations": [{k: v.isoformat() if isinstance(v, date) else v for k, v in r.items()} for r in view.relations],
        "history": [{"valid_from": f.isoformat(), "valid_to": t.isoformat() if t else None} for f, t in view.history],
    }, view.flag


def profile(session: Session, org_id: int, *, as_of: date | None = None) -> dict[str, Any]:
    """What the organisation page shows: `show`, each relation with the other party's names and the
    direction (`outward`: this organisation is the relation's subject), and the audit events of the
    organisation and of those relations up to `as_of` — four statements whatever the number of relations."""
    org = show(session, org_id, as_of=as_of)
    rels = name_parties(session, org_id, org["relations"])
    events = audit.events_about(session, {SUBJECT: [org_id], "relation": [r["id"] for r in rels]})
    org["events"] = [{"effective_on": e.effective_on.isoformat(), "action": e.action, "basis": e.basis,
                      "reason": e.reason, "relation_id": e.subject_id if e.subject_type == "relation" else None}
                     for e in events if as_of is None or e.effective_on <= as_of]  # fmt: skip
    labels = {k: m.label for k, m in regimes.catalogue().marks.items()}
    org["marks"] = [{"mark": labels[key], "value": value, "valid_from": start.isoformat(),
                     "valid_to": end.isoformat() if end else None}
                    for key, value, start, end in facets.history(session, org_id, tuple(labels))
                    if as_of is None or start <= as_of]  # fmt: skip
    return org


def name_parties(session: Session, org_id: int, rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds to each of `show`'s relations of organisation `org_id` the direction (`outward`: it is the
    relation's subject) and the other party with its names (`other`) — two statements for any number."""
    aids = sorted({r[k] for r in rels for k in ("subject_authority_id", "object_authority_id") if r[k]})
    oids = sorted({r[k] for r in rels for k in ("subject_org_id", "object_org_id") if r[k]} - {org_id})
    auth_names = authority_names(session, aids)
    org_names = {i: (o.name_zh, o.name_en) for i, o in repo.get_orgs(session, oids).items()}
    for r in rels:
        r["outward"] = r["subject_org_id"] == org_id
        aid = r["object_authority_id"] if r["outward"] else r["subject_authority_id"]
        other = r["object_org_id"] if r["outward"] else r["subject_org_id"]
        if aid:
            en, zh = auth_names.get(aid, (None, None))
            r["other"] = {"authority_id": aid, "org_id": None, "name_zh": zh, "name_en": en}
        else:
            zh, en = org_names.get(other, (None, None))
            r["other"] = {"authority_id": None, "org_id": other, "name_zh": zh, "name_en": en}
    return rels


def describe(state: dict[str, Any]) -> dict[str, Any]:
    """The state with human labels added beside the codes."""
    out = dict(state)
    kind = OrgKind(state["kind"])
    out["kind_label"] = {"zh": KIND_LABELS[kind][0], "en": KIND_LABELS[kind][1]}
    p = provinces().get(state.get("province") or "")
    out["province_label"] = {"zh": p.name_zh, "en": p.name_en} if p else None
    out["origin_label"] = origin_name(state["origin"]) if state.get("origin") else None
    return out


def list_organisations(
    session: Session,
    *,
    kind: str | None = None,
    province: str | None = None,
    as_of: date | None = None,
    after_id: int = 0,
    limit: int = 50,
    status: str | None = None,
    origin: str | None = None,
    field: str | None = None,
    psu: int | None = None,
    visible: ColumnElement[bool] | None = None,
) -> list[dict[str, Any]]:
    """A page of organisations in id order after `after_id`, each filter applied in the query (`visible`,
    the reader's access, too)."""
    if not 1 <= limit <= 1000:
        raise InvalidInput("limit", limit, "must be between 1 and 1000")
    if kind:
        kind = OrgKind(kind).value if kind in OrgKind._value2member_map_ else _bad_kind(kind)
    if status and status not in STATUSES:
        raise InvalidInput("status", status, f"unknown status; one of {', '.join(STATUSES)}")
    prov = parse_province(province) if province else None
    country = parse_origin(origin, "origin") if origin else None
    work = field_of_work(field) if field else None
    return [
        {"id": org_id, **describe(state)}
        for org_id, state in repo.list_orgs(
            session, kind=kind, province=prov, as_of=as_of, after_id=after_id, limit=limit, status=status,
            origin=country, field=work, psu=psu, visible=visible,
        )
    ]


def _bad_kind(kind: str) -> str:
    raise InvalidInput("kind", kind, f"unknown kind; one of {', '.join(OrgKind)}")


DIMENSIONS = ("province", "kind", "status")


def count_by(session: Session, dimension: str, *, as_of: date | None = None, kind: str | None = None,
             visible: ColumnElement[bool] | None = None) -> list[tuple[str | None, int]]:  # fmt: skip
    """How many organisations the registry held, by province, kind or status, now or as of a date."""
    if dimension not in DIMENSIONS:
        raise InvalidInput("by", dimension, f"one of {', '.join(DIMENSIONS)}")
    return repo.count_by(session, dimension, as_of=as_of, kind=kind, visible=visible)


def search_organisations(session: Session, query: str, *, limit: int = 20, whole_word: bool = False,
                         visible: ColumnElement[bool] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    out = []
    hits = search(session, query, limit=limit, whole_word=whole_word, visible=visible)
    orgs = repo.get_orgs(session, [h.org_id for h in hits])  # one read for the page, not one per hit
    for hit in hits:
        org = orgs[hit.org_id]
        out.append({"id": hit.org_id, "matched": hit.name, "rank": hit.tier,
                    **describe(repo.org_state(org))})  # fmt: skip
    return out


# ---- authorities and relations ---------------------------------------------------------------------


def add_authority(
    session: Session,
    *,
    kind: str,
    level: str,
    name_zh: str | None,
    name_en: str | None,
    province: str | None = None,
    parent_id: int | None = None,
    note: str | None = None,
    actor: Actor,
    now: datetime,
) -> int:
    try:
        k, lv = AuthorityKind(kind), Level(level)
    except ValueError as exc:
        raise InvalidInput("kind/level", f"{kind}/{level}", str(exc)) from None
    if not (name_zh or name_en):
        raise InvalidInput("name", "", "give a Chinese or an English name")
    for field, value, limit in (("name_zh", name_zh, bounds.NAME), ("name_en", name_en, bounds.NAME),
                                ("note", note, bounds.TEXT)):  # fmt: skip
        bounds.text(value, field, limit)
    values = {"kind": k.value, "level": lv.value, "name_zh": name_zh, "name_en": name_en,
              "province": parse_province(province) if province else None, "parent_id": parent_id,
              "note": note}  # fmt: skip
    authority_id = repo.add_authority(session, **values)
    audit.append(session, actor, [Entry("authority.added", "authority", authority_id, day_of(now), after=values)],
                 now=now)  # fmt: skip
    return authority_id


def relate(
    session: Session,
    predicate: str,
    *,
    subject: tuple[str, int],
    obj: tuple[str, int],
    valid_from: date | None,
    valid_to: date | None = None,
    actor: Actor,
    now: datetime,
    basis: str | None = None,
) -> int:
    """Records a dated relation, e.g. an office `sponsored_by` its supervisory unit from its registration."""
    try:
        p = Predicate(predicate)
    except ValueError:
        raise InvalidInput("predicate", predicate, f"one of {', '.join(Predicate)}") from None
    if valid_from and valid_to and valid_to < valid_from:
        raise InvalidInput("to", valid_to.isoformat(), "is before from")
    values: dict[str, Any] = {"predicate": p.value, "valid_from": valid_from, "valid_to": valid_to}
    for role, (kind, ident) in (("subject", subject), ("object", obj)):
        if kind not in ("org", "authority"):
            raise InvalidInput(role, kind, "is an org or an authority")
        values[f"{role}_org_id"] = ident if kind == "org" else None
        values[f"{role}_authority_id"] = ident if kind == "authority" else None
    if repo.relation_exists(session, **values):
        raise Conflict(f"{predicate}: this relation is already recorded")
    try:
        rel_id = repo.add_relation(session, **values)
        session.flush()
    except Exception as exc:  # a foreign key names a party that does not exist
        if "foreign key" in str(exc).lower():
            raise NotFound(f"{predicate}: the subject or the object does not exist") from None
        raise
    after = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    audit.append(session, actor, [Entry("relation.recorded", "relation", rel_id, valid_from or day_of(now),
                                        basis=basis, after=after)], now=now)  # fmt: skip
    return rel_id


AUTHORITY_COLUMNS = ("id", "kind", "level", "name_zh", "name_en", "province", "parent_id", "note")


def authorities(session: Session, kind: str | None = None, *, province: str | None = None, after_id: int = 0,
                limit: int | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Authorities in id order after `after_id`, of a kind and province if given."""
    if kind and kind not in AuthorityKind._value2member_map_:
        raise InvalidInput("kind", kind, f"unknown authority kind; one of {', '.join(AuthorityKind)}")
    prov = parse_province(province) if province else None
    return [{c: getattr(a, c) for c in AUTHORITY_COLUMNS}
            for a in repo.list_authorities(session, kind, province=prov, after_id=after_id, limit=limit)]  # fmt: skip


def show_authority(session: Session, authority_id: int) -> dict[str, Any]:
    a = repo.get_authority(session, authority_id)
    if a is None:
        raise NotFound(f"authority {authority_id} does not exist")
    return {c: getattr(a, c) for c in AUTHORITY_COLUMNS}


