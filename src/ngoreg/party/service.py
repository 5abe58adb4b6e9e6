"""The Party-building structure's use cases: committees, seats, Party organisations, placement and coverage.

Every rule here rests on seed 001 (Beijing's three-level structure), the only source the registry has for it:
a joint committee is built for a class of organisations, in one locality, led by the comprehensive committee
of that locality, covering about 50 organisations. Nothing is recorded of any person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ngoreg import bounds
from ngoreg.audit import repository as audit
from ngoreg.audit.repository import Actor, Entry
from ngoreg.errors import Conflict, InvalidInput, NotFound
from ngoreg.facets import repository as facets
from ngoreg.figures.service import number, seed_rows
from ngoreg.party import classes
from ngoreg.party import repository as repo
from ngoreg.party.models import PartyCommittee
from ngoreg.party.placement import SLACK, Committee, Member, Proposal, propose
from ngoreg.reference import SOCIAL_ORGANISATIONS, AuthorityKind, Level, province
from ngoreg.registry import particulars
from ngoreg.registry import repository as registry
from ngoreg.registry.models import Authority

TIERS = ("comprehensive", "joint")
BASIS = "seed 001 (Beijing's three-level Party-building structure of social organisations)"
MAX_CAPACITY = 100_000


def add_committee(session: Session, *, tier: str, name_zh: str | None, name_en: str | None, locality: str,
                  established_on: date, source: str, leader: int | None = None, class_code: str | None = None,
                  capacity: int | None = None, actor: Actor, now: datetime) -> int:  # fmt: skip
    """Records a comprehensive committee, or a joint committee led by the comprehensive committee of its
    locality, with the class it serves and its capacity; one `party_committee.established` event."""
    if tier not in TIERS:
        raise InvalidInput("tier", tier, f"one of {', '.join(TIERS)}")
    if not (name_zh or name_en):
        raise InvalidInput("name", "", "give a Chinese or an English name")
    for field, value, limit in (("name_zh", name_zh, bounds.NAME), ("name_en", name_en, bounds.NAME),
                                ("source", source, bounds.TEXT)):  # fmt: skip
        bounds.text(value, field, limit)
    if not source or not source.strip():
        raise InvalidInput("source", source, "say where the committee is reported (every fact has its source)")
    bounds.within(established_on, "established_on")
    where = province(locality, "locality")
    if tier == "comprehensive":
        if class_code or capacity is not None or leader is not None:
            raise InvalidInput("tier", tier, "a comprehensive committee leads joint committees; it has no class, "
                                             "capacity or leading committee")  # fmt: skip
    else:
        classes.check(class_code)
        if capacity is None or capacity <= 0:
            raise InvalidInput("capacity", capacity, "a joint committee covers one organisation or more (seed 001: "
                                                     "about 50)")  # fmt: skip
        if capacity > MAX_CAPACITY:
            raise InvalidInput("capacity", capacity, f"is more than {MAX_CAPACITY:,}")
        if leader is None:
            raise InvalidInput("leader", "", "a joint committee is led by the comprehensive committee of its locality")
        led_by = repo.committee(session, leader)
        if led_by is None or led_by[1].tier != "comprehensive":
            raise InvalidInput("leader", leader, "no such comprehensive committee")
        if led_by[1].locality != where:
            raise InvalidInput("leader", leader, f"leads the committees of {led_by[1].locality}, not of {where}")
        if led_by[1].established_on > established_on:
            raise InvalidInput("established_on", established_on.isoformat(),
                               f"is before its leading committee existed ({led_by[1].established_on.isoformat()})")
    authority = {"kind": AuthorityKind.PARTY_COMMITTEE.value, "level": Level.PROVINCIAL.value, "name_zh": name_zh,
                 "name_en": name_en, "province": where, "parent_id": leader, "note": None}  # fmt: skip
    particulars = {"tier": tier, "class_code": class_code, "capacity": capacity, "locality": where,
                   "established_on": established_on, "dissolved_on": None, "source": source.strip()}  # fmt: skip
    aid = repo.add_committee(session, authority, particulars)
    after = {**authority, **particulars, "established_on": established_on.isoformat()}
    audit.append(session, actor, [Entry("party_committee.established", "authority", aid, established_on, basis=BASIS,
                                        reason=source.strip(), after=after)], now=now)  # fmt: skip
    return aid


def _org(session: Session, org_id: int, on: date) -> Any:
    org = registry.get_org(session, org_id)
    if org is None:
        raise NotFound(f"organisation {org_id} does not exist")
    if org.kind not in SOCIAL_ORGANISATIONS:
        raise InvalidInput("org", org_id, f"is a {org.kind}; the Party-building structure covers social "
                                          "organisations (seed 001)")  # fmt: skip
    if org.registered_on is None or org.registered_on > on or (org.ended_on is not None and org.ended_on <= on):
        raise InvalidInput("on", on.isoformat(), f"organisation {org_id} is not registered on that day")
    return org


def _joint(session: Session, committee_id: int, on: date) -> tuple[Authority, PartyCommittee]:
    found = repo.committee(session, committee_id)
    if found is None:
        raise NotFound(f"Party committee {committee_id} does not exist")
    a, p = found
    if p.tier != "joint":
        raise InvalidInput("committee", committee_id, "is a comprehensive committee; organisations sit under joint "
                                                      "committees (seed 001)")  # fmt: skip
    if p.established_on > on:
        raise InvalidInput("on", on.isoformat(), f"is before committee {committee_id} existed "
                                                 f"(established {p.established_on.isoformat()})")  # fmt: skip
    if p.dissolved_on is not None and p.dissolved_on <= on:
        raise InvalidInput("on", on.isoformat(), f"committee {committee_id} was dissolved on "
                                                 f"{p.dissolved_on.isoformat()}")  # fmt: skip
    return a, p


def seat(session: Session, org_id: int, committee_id: int, *, on: date, actor: Actor, now: datetime) -> int:
    """Places an organisation under a joint committee of its class and locality from `on`, ending the seat it
    had; one `organisation.seated` event. Returns the relation's id."""
    bounds.within(on, "on")
    org = _org(session, org_id, on)
    _, p = _joint(session, committee_id, on)
    mine = classes.of(org.kind, org.fields, facets.marks(session, org_id, as_of=on).get(particulars.CATEGORY))
    if p.class_code not in mine:
        raise InvalidInput("committee", committee_id, f"serves {p.class_code}; organisation {org_id} is of "
                                                      f"{', '.join(sorted(mine))}")  # fmt: skip
    if p.locality != org.province:
        raise InvalidInput("committee", committee_id, f"serves {p.locality}; organisation {org_id} is in "
                                                      f"{org.province or 'no recorded province'}")  # fmt: skip
    current = repo.seats(session, on=on, org_ids=[org_id]).get(org_id)
    if current is not None and current[0] == committee_id:
        raise Conflict(f"organisation {org_id} already sits under committee {committee_id}")
    if current is not None:
        repo.close(session, [current[1]], on)
    (rel,) = repo.open_seats(session, [(org_id, committee_id)], on)
    audit.append(session, actor, [Entry("organisation.seated", "organisation", org_id, on, basis=BASIS,
                                        before=None if current is None else {"committee": current[0]},
                                        after={"committee": committee_id, "relation": rel})], now=now)  # fmt: skip
    return rel


def record_party_organisation(session: Session, org_id: int, *, on: date, actor: Actor, now: datetime,
                              ended: bool = False) -> None:  # fmt: skip
    """Records that an organisation has a Party organisation of its own from `on` (with `ended`, that it no
    longer has one); one event. Only the fact about the organisation: no member is named."""
    bounds.within(on, "on")
    org = _org(session, org_id, on)
    had = facets.marks(session, org_id, as_of=on).get(repo.PARTY_ORGANISATION)
    if (had is not None) != ended:
        raise Conflict(f"organisation {org_id} {'has' if had else 'has no'} Party organisation on {on.isoformat()}")
    facets.mark(session, org.kind, org_id, repo.PARTY_ORGANISATION, None if ended else "established", on)
    audit.append(session, actor, [Entry("organisation.party_organisation_ended" if ended else
                                        "organisation.party_organisation_established", "organisation", org_id, on,
                                        basis=BASIS)], now=now)  # fmt: skip


# ---- placement -------------------------------------------------------------------------------------------


@dataclass
class Placement:
    """A proposal (`placement.propose`) with what it was made of."""

    on: date
    locality: str | None
    slack: float
    proposal: Proposal
    committees: dict[int, tuple[Authority, PartyCommittee]]
    members: int


def plan(session: Session, *, on: date, locality: str | None = None, slack: float = SLACK,
         verify: bool = False) -> Placement:  # fmt: skip
    """The best placement of every social organisation registered on `on` (in `locality`) under the joint
    committees open that day, from where they sit now; with `verify`, checked independently of the solver
    (`placement.propose`)."""
    bounds.within(on, "on")
    where = province(locality, "locality") if locality else None
    if not 0 <= slack <= 1:
        raise InvalidInput("slack", slack, "a share of a committee's capacity between 0 and 1")
    open_ = {a.id: (a, p) for a, p in repo.committees(session, on=on, locality=where, tier="joint")}
    seated = {org: c for org, (c, _) in repo.seats(session, on=on, locality=where).items()}
    members = [Member(org, prov, classes.of(kind, fields, category), seated.get(org))
               for org, kind, prov, fields, category in repo.members(session, on=on, locality=where)]  # fmt: skip
    committees = [Committee(a.id, p.locality, p.class_code or "", p.capacity or 0) for a, p in open_.values()]
    return Placement(on, where, slack, propose(members, committees, slack=slack, verify=verify), open_, len(members))


def apply(session: Session, placement: Placement, *, actor: Actor, now: datetime) -> dict[str, int]:
    """Writes a plan: the seats it ends and opens, and per locality one `party.placement_applied` event on its
    comprehensive committee listing them, in one transaction."""
    on, moves = placement.on, placement.proposal.moves
    if not moves:
        return {"placed": 0, "moved": 0, "events": 0}
    current = repo.seats(session, on=on, org_ids=[m.org for m in moves if m.was is not None])
    repo.close(session, [current[m.org][1] for m in moves if m.org in current], on)
    rels = repo.open_seats(session, [(m.org, m.to) for m in moves], on)
    by_locality: dict[str, list[dict[str, Any]]] = {}
    for m, rel in zip(moves, rels, strict=True):
        _, p = placement.committees[m.to]
        by_locality.setdefault(p.locality, []).append({"org": m.org, "from": m.was, "to": m.to, "relation": rel})
    entries = []
    for loc, seats in sorted(by_locality.items()):
        leader = placement.committees[seats[0]["to"]][0].parent_id
        assert leader is not None, "a joint committee is led by its locality's comprehensive committee"
        entries.append(Entry("party.placement_applied", "authority", leader, on, basis=BASIS,
                             reason=f"placement of {loc} by minimum-cost flow (cost {placement.proposal.cost})",
                             after={"locality": loc, "seats": seats}))  # fmt: skip
    audit.append(session, actor, entries, now=now)
    return {"placed": placement.proposal.placed, "moved": placement.proposal.moved, "events": len(entries)}


# ---- reading ---------------------------------------------------------------------------------------------


def structure(session: Session, *, on: date, locality: str | None = None) -> list[dict[str, Any]]:
    """The structure on `on`: each comprehensive committee with the joint committees it leads, each with the
    organisations sitting under it (ids) — the tree of seed 001."""
    bounds.within(on, "on")
    where = province(locality, "locality") if locality else None
    rows = repo.committees(session, on=on, locality=where)
    seats = repo.seats(session, on=on, locality=where)
    under: dict[int, list[int]] = {}
    for org, (c, _) in sorted(seats.items()):
        under.setdefault(c, []).append(org)
    return [{**top, "joint_committees": [{**j, "organisations": under.get(j["id"], [])} for j in joint]}
            for top, joint in _tree(rows)]  # fmt: skip


def tree(session: Session, *, on: date, locality: str | None) -> list[dict[str, Any]]:
    """The structure on `on` as a page shows it: each comprehensive committee with the joint committees it
    leads, each with its counts (public; who sits where is not: `seated`)."""
    bounds.within(on, "as_of")
    where = province(locality, "locality") if locality else None
    out = []
    for top, joint in _tree(repo.committees(session, on=on, locality=where)):
        joint = _counted(session, joint, on)
        out.append({**top, "organisations": sum(j["organisations"] for j in joint),
                    "with_party_organisation": sum(j["with_party_organisation"] for j in joint),
                    "joint_committees": joint})  # fmt: skip
    return out


def _tree(rows: list[tuple[Authority, PartyCommittee]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    labels = classes.known()
    return [(_describe(a, p, labels), [_describe(j, q, labels) for j, q in rows
                                       if q.tier == "joint" and j.parent_id == a.id])
            for a, p in rows if p.tier == "comprehensive"]  # fmt: skip


def _describe(a: Authority, p: PartyCommittee, labels: dict[str, tuple[str, str]]) -> dict[str, Any]:
    en, zh = labels.get(p.class_code or "", (None, None))
    return {"id": a.id, "name_zh": a.name_zh, "name_en": a.name_en, "tier": p.tier, "class": p.class_code,
            "class_en": en, "class_zh": zh, "capacity": p.capacity, "locality": p.locality, "leader": a.parent_id,
            "established_on": p.established_on.isoformat(),
            "dissolved_on": p.dissolved_on.isoformat() if p.dissolved_on else None, "source": p.source}  # fmt: skip


def _counted(session: Session, rows: list[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """Adds to each joint committee how many organisations sit under it on `on` and how many of them have a
    Party organisation: counts, public like the coverage figures."""
    counts = repo.seated_counts(session, [r["id"] for r in rows if r["tier"] == "joint"], on=on)
    for r in rows:
        n, h = counts.get(r["id"], (0, 0)) if r["tier"] == "joint" else (None, None)
        r["organisations"], r["with_party_organisation"] = n, h
    return rows


def list_committees(session: Session, *, on: date, locality: str | None = None, tier: str | None = None,
                    class_code: str | None = None, after_id: int = 0,
                    limit: int = 50) -> list[dict[str, Any]]:  # fmt: skip
    """Committees open on `on`, in id order, with their counts."""
    bounds.within(on, "as_of")
    if tier is not None and tier not in TIERS:
        raise InvalidInput("tier", tier, f"one of {', '.join(TIERS)}")
    if class_code is not None:
        classes.check(class_code)
    where = province(locality, "locality") if locality else None
    labels = classes.known()
    rows = repo.committee_page(session, on=on, locality=where, tier=tier, class_code=class_code, after_id=after_id,
                               limit=limit)  # fmt: skip
    return _counted(session, [_describe(a, p, labels) for a, p in rows], on)


def show_committee(session: Session, committee_id: int, *, on: date) -> dict[str, Any]:
    """One committee as it stood on `on`: its facts and source, the committee leading it, or the joint
    committees it leads, each with their counts."""
    bounds.within(on, "as_of")
    found = repo.committee(session, committee_id)
    if found is None:
        raise NotFound(f"Party committee {committee_id} does not exist")
    labels = classes.known()
    out = _counted(session, [_describe(*found, labels)], on)[0]
    out["open"] = found[1].established_on <= on and (found[1].dissolved_on is None or found[1].dissolved_on > on)
    led = [(a, p) for a, p in repo.committees(session, on=on, locality=found[1].locality, tier="joint")
           if a.parent_id == committee_id]  # fmt: skip
    out["joint_committees"] = _counted(session, [_describe(a, p, labels) for a, p in led], on)
    leader = repo.committee(session, found[0].parent_id) if found[0].parent_id else None
    out["led_by"] = None if leader is None else _counted(session, [_describe(*leader, labels)], on)[0]
    return out


def seated(session: Session, committee_id: int, *, on: date, visible: Any, after_id: int = 0,
           limit: int = 50) -> list[dict[str, Any]]:  # fmt: skip
    """The organisations sitting under a joint committee (or, for a comprehensive committee, under the joint
    committees it leads) on `on`, those `visible` lets through, in id order."""
    bounds.within(on, "as_of")
    found = repo.committee(session, committee_id)
    if found is None:
        raise NotFound(f"Party committee {committee_id} does not exist")
    ids = [committee_id] if found[1].tier == "joint" else [
        a.id for a, _ in repo.committees(session, on=on, locality=found[1].locality, tier="joint")
        if a.parent_id == committee_id]  # fmt: skip
    return repo.seated(session, ids, on=on, visible=visible, after_id=after_id, limit=limit)


def placement(session: Session, org_id: int) -> dict[str, Any]:
    """An organisation's history in the structure: every joint committee it sat under, with the dates, and
    the spans it had a Party organisation of its own."""
    if registry.get_org(session, org_id) is None:
        raise NotFound(f"organisation {org_id} does not exist")
    labels = classes.known()
    seats = repo.seat_history(session, org_id)
    named = {c: _describe(*found, labels) for c in {c for c, _, _ in seats} if (found := repo.committee(session, c))}
    had = facets.history(session, org_id, (repo.PARTY_ORGANISATION,))
    return {"org": org_id,
            "seats": [{"committee": c, "name_zh": named[c]["name_zh"], "name_en": named[c]["name_en"],
                       "class": named[c]["class"], "from": a.isoformat(), "to": b.isoformat() if b else None}
                      for c, a, b in seats if c in named],
            "party_organisation": [{"from": a.isoformat(), "to": b.isoformat() if b else None}
                                   for _, _, a, b in had]}  # fmt: skip


def coverage(session: Session, *, on: date, by: str) -> dict[str, Any]:
    """Social organisations with a Party organisation of their own on `on`: by joint committee, by the class
    its committee serves, or by kind; beside them the figures seed 001 states for Beijing."""
    bounds.within(on, "on")
    rows: list[dict[str, Any]]
    if by == "kind":
        rows = [{"key": k, "organisations": n, "with_party_organisation": h}
                for k, n, h in repo.coverage_by_kind(session, on=on)]  # fmt: skip
    elif by in ("committee", "class"):
        committees = {a.id: p for a, p in repo.committees(session, on=None, tier="joint")}
        counted: dict[str, list[int]] = {}
        for c, n, h in repo.coverage_by_committee(session, on=on):
            key = str(c) if by == "committee" or c not in committees else committees[c].class_code or ""
            total = counted.setdefault(key, [0, 0])
            total[0] += n
            total[1] += h
        rows = [{"key": k, "organisations": n, "with_party_organisation": h} for k, (n, h) in counted.items()]
    else:
        raise InvalidInput("by", by, "one of committee, class, kind")
    for r in rows:
        r["share"] = round(r["with_party_organisation"] / r["organisations"], 4) if r["organisations"] else None
    rows.sort(key=lambda r: (-r["organisations"], r["key"]))
    seed = [{"key": f["key"], "value": number(f["value"]), "unit": f["unit"], "refers_to": f["refers_to"],
             "description_en": f["description_en"], "description_zh": f["description_zh"], "source": f["source"],
             "line": f["line"]}
            for f in seed_rows() if f["key"] in SEED_FIGURES]  # fmt: skip
    return {"as_of": on.isoformat(), "by": by, "rows": rows, "seed": seed}


# What seed 001 states of the structure in Beijing, beside the registry's own counts.
SEED_FIGURES = ("beijing_party_building_ngos_covered", "beijing_joint_party_committees",
                "beijing_orgs_per_joint_party_committee")  # fmt: skip
