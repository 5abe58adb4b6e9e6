"""All SQL of the Party-building structure."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, func, literal, or_, select, update
from sqlalchemy.orm import Session

from ngoreg.db import bulk
from ngoreg.facets.models import Facet
from ngoreg.party.models import PartyCommittee
from ngoreg.reference import SOCIAL_ORGANISATIONS, Predicate
from ngoreg.registry import particulars
from ngoreg.registry.models import Authority, Organisation, Relation

SITS_UNDER = Predicate.SITS_UNDER.value
PARTY_ORGANISATION = "party_organisation"  # the mark of an organisation that has a Party organisation of its own
KINDS = sorted(k.value for k in SOCIAL_ORGANISATIONS)
RELATION_COLUMNS = ("id", "predicate", "subject_org_id", "subject_authority_id", "object_org_id",
                    "object_authority_id", "valid_from", "valid_to")  # fmt: skip


def _open(c: Any, on: date) -> Any:
    return and_(c.valid_from <= on, or_(c.valid_to.is_(None), c.valid_to > on))


def committee(session: Session, authority_id: int) -> tuple[Authority, PartyCommittee] | None:
    row = session.execute(select(Authority, PartyCommittee).join(PartyCommittee,
                                                                 PartyCommittee.authority_id == Authority.id)
                          .where(Authority.id == authority_id)).first()  # fmt: skip
    return None if row is None else (row[0], row[1])


def committees(session: Session, *, on: date | None, locality: str | None = None,
               tier: str | None = None) -> list[tuple[Authority, PartyCommittee]]:  # fmt: skip
    """Committees (open on `on`, if given), by locality, tier and id."""
    q = select(Authority, PartyCommittee).join(PartyCommittee, PartyCommittee.authority_id == Authority.id)
    if on is not None:
        q = q.where(PartyCommittee.established_on <= on,
                    or_(PartyCommittee.dissolved_on.is_(None), PartyCommittee.dissolved_on > on))  # fmt: skip
    if locality:
        q = q.where(PartyCommittee.locality == locality)
    if tier:
        q = q.where(PartyCommittee.tier == tier)
    rows = session.execute(q.order_by(PartyCommittee.locality, PartyCommittee.tier, Authority.id))
    return [(a, p) for a, p in rows]


def add_committee(session: Session, authority: dict[str, Any], particulars: dict[str, Any]) -> int:
    a = Authority(**authority)
    session.add(a)
    session.flush()
    session.add(PartyCommittee(authority_id=a.id, **particulars))
    session.flush()
    return a.id


def members(session: Session, *, on: date,
            locality: str | None) -> Iterator[tuple[int, str, str | None, Any, str | None]]:  # fmt: skip
    """Social organisations registered on `on` (in `locality`): (id, kind, province, fields, category)."""
    o = Organisation.__table__.c
    f = Facet.__table__.c
    category = (select(f.value).where(f.subject_type == "organisation", f.subject_id == o.id,
                                      f.facet == particulars.CATEGORY, _open(f, on))
                .limit(1).scalar_subquery())  # fmt: skip
    q = select(o.id, o.kind, o.province, o.fields, category).where(
        o.kind.in_(KINDS), o.registered_on <= on, or_(o.ended_on.is_(None), o.ended_on > on))
    if locality:
        q = q.where(o.province == locality)
    yield from session.execute(q.order_by(o.id))


def seats(session: Session, *, on: date, org_ids: Sequence[int] | None = None,
          locality: str | None = None) -> dict[int, tuple[int, int]]:  # fmt: skip
    """organisation -> (committee, relation id) it sits under on `on`."""
    r = Relation.__table__.c
    q = select(r.subject_org_id, r.object_authority_id, r.id).where(
        r.predicate == SITS_UNDER, r.subject_org_id.is_not(None), r.object_authority_id.is_not(None), _open(r, on))
    if org_ids is not None:
        q = q.where(r.subject_org_id.in_(list(org_ids)))
    if locality:
        q = q.where(r.object_authority_id.in_(select(PartyCommittee.authority_id)
                                              .where(PartyCommittee.locality == locality)))  # fmt: skip
    return {org: (c, rel) for org, c, rel in session.execute(q)}


def close(session: Session, relation_ids: Sequence[int], on: date) -> None:
    if relation_ids:
        session.execute(update(Relation).where(Relation.id.in_(list(relation_ids))).values(valid_to=on),
                        execution_options={"synchronize_session": False})  # fmt: skip


def open_seats(session: Session, rows: list[tuple[int, int]], on: date) -> list[int]:
    """Writes a `sits_under` relation from `on` for each (organisation, committee); their ids."""
    first = bulk.next_id(session, "relations")
    ids = list(range(first, first + len(rows)))
    bulk.insert_rows(session, "relations", RELATION_COLUMNS,
                     [(i, SITS_UNDER, org, None, None, c, on, None) for i, (org, c) in zip(ids, rows, strict=True)])
    bulk.sync_sequence(session, "relations")
    return ids


def coverage_by_committee(session: Session, *, on: date) -> list[tuple[int, int, int]]:
    """Per joint committee: (committee, organisations sitting under it on `on`, of which with a Party
    organisation)."""
    r = Relation.__table__.c
    has = _has_party_organisation(r.subject_org_id, on)
    q = (select(r.object_authority_id, func.count(), func.count(has))
         .where(r.predicate == SITS_UNDER, r.subject_org_id.is_not(None), _open(r, on))
         .group_by(r.object_authority_id))  # fmt: skip
    return [(c, int(n), int(k)) for c, n, k in session.execute(q)]


def coverage_by_kind(session: Session, *, on: date) -> list[tuple[str, int, int]]:
    """Per kind of social organisation: (kind, registered on `on`, of which with a Party organisation)."""
    o = Organisation.__table__.c
    has = _has_party_organisation(o.id, on)
    q = (select(o.kind, func.count(), func.count(has))
         .where(o.kind.in_(KINDS), o.registered_on <= on, or_(o.ended_on.is_(None), o.ended_on > on))
         .group_by(o.kind))  # fmt: skip
    return [(k, int(n), int(h)) for k, n, h in session.execute(q)]


def _has_party_organisation(org: Any, on: date) -> Any:
    """1 where the organisation held the mark on `on`, else NULL (what count() leaves out)."""
    f = Facet.__table__.c
    return (select(literal(1)).where(f.subject_type == "organisation", f.subject_id == org,
                                     f.facet == PARTY_ORGANISATION, _open(f, on))
            .limit(1).scalar_subquery())  # fmt: skip
