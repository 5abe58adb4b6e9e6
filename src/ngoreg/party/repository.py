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
    organisation). Two counts from indexes alone (`ix_relations_predicate_object`; the marks holders, then
    their seats by `ix_relations_subject_org`), not a look-up per organisation: a national registry in well
    under a second."""
    r = Relation.__table__.c
    seated = and_(r.predicate == SITS_UNDER, r.subject_org_id.is_not(None), _open(r, on))
    totals = session.execute(select(r.object_authority_id, func.count()).where(seated).group_by(r.object_authority_id))
    organised: dict[int, int] = dict(session.execute(select(r.object_authority_id, func.count())
                                                     .where(seated, r.subject_org_id.in_(_holders(on)))
                                                     .group_by(r.object_authority_id)).all())  # fmt: skip
    return [(c, int(n), int(organised.get(c, 0))) for c, n in totals]


def coverage_by_kind(session: Session, *, on: date) -> list[tuple[str, int, int]]:
    """Per kind of social organisation: (kind, registered on `on`, of which with a Party organisation); counted
    as `coverage_by_committee` is."""
    o = Organisation.__table__.c
    registered = and_(o.kind.in_(KINDS), o.registered_on <= on, or_(o.ended_on.is_(None), o.ended_on > on))
    totals = session.execute(select(o.kind, func.count()).where(registered).group_by(o.kind))
    organised: dict[str, int] = dict(session.execute(select(o.kind, func.count())
                                                     .where(registered, o.id.in_(_holders(on)))
                                                     .group_by(o.kind)).all())  # fmt: skip
    return [(k, int(n), int(organised.get(k, 0))) for k, n in totals]


def _holders(on: date) -> Any:
    """The organisations that hold the `party_organisation` mark on `on` (`ix_facets_mark`)."""
    f = Facet.__table__.c
    return select(f.subject_id).where(f.subject_type == "organisation", f.facet == PARTY_ORGANISATION, _open(f, on))


def _has_party_organisation(org: Any, on: date) -> Any:
    """1 where the organisation held the mark on `on`, else NULL (what count() leaves out): for a page of
    organisations, where a look-up each costs less than counting every holder."""
    f = Facet.__table__.c
    return (select(literal(1)).where(f.subject_type == "organisation", f.subject_id == org,
                                     f.facet == PARTY_ORGANISATION, _open(f, on))
            .limit(1).scalar_subquery())  # fmt: skip


def committee_page(session: Session, *, on: date, locality: str | None, tier: str | None, class_code: str | None,
                   after_id: int, limit: int) -> list[tuple[Authority, PartyCommittee]]:  # fmt: skip
    """Committees open on `on`, in id order after `after_id`."""
    q = (select(Authority, PartyCommittee).join(PartyCommittee, PartyCommittee.authority_id == Authority.id)
         .where(Authority.id > after_id, PartyCommittee.established_on <= on,
                or_(PartyCommittee.dissolved_on.is_(None), PartyCommittee.dissolved_on > on)))  # fmt: skip
    for column, value in ((PartyCommittee.locality, locality), (PartyCommittee.tier, tier),
                          (PartyCommittee.class_code, class_code)):  # fmt: skip
        if value:
            q = q.where(column == value)
    return [(a, p) for a, p in session.execute(q.order_by(Authority.id).limit(limit))]


def seated_counts(session: Session, committee_ids: Sequence[int], *, on: date) -> dict[int, tuple[int, int]]:
    """committee -> (organisations sitting under it on `on`, of which with a Party organisation)."""
    if not committee_ids:
        return {}
    r = Relation.__table__.c
    q = (select(r.object_authority_id, func.count(), func.count(_has_party_organisation(r.subject_org_id, on)))
         .where(r.predicate == SITS_UNDER, r.subject_org_id.is_not(None), _open(r, on),
                r.object_authority_id.in_(list(committee_ids)))
         .group_by(r.object_authority_id))  # fmt: skip
    return {c: (int(n), int(h)) for c, n, h in session.execute(q)}


def seated(session: Session, committee_ids: Sequence[int], *, on: date, visible: Any, after_id: int = 0,
           limit: int | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The organisations sitting under the committees on `on` that `visible` (a condition over
    `organisations`) lets through, in id order after `after_id`: id, kind, names, committee, since, and
    whether they have a Party organisation."""
    r = Relation.__table__.c
    o = Organisation.__table__
    q = (select(o.c.id, o.c.kind, o.c.name_zh, o.c.name_en, r.object_authority_id, r.valid_from,
                _has_party_organisation(o.c.id, on))
         .select_from(Relation.__table__).join(o, o.c.id == r.subject_org_id)
         .where(r.predicate == SITS_UNDER, _open(r, on), r.object_authority_id.in_(list(committee_ids)),
                o.c.id > after_id, visible)
         .order_by(o.c.id))  # fmt: skip
    if limit is not None:
        q = q.limit(limit)
    return [{"id": i, "kind": k, "name_zh": zh, "name_en": en, "committee": c, "since": since.isoformat(),
             "party_organisation": bool(has)} for i, k, zh, en, c, since, has in session.execute(q)]  # fmt: skip


def seat_history(session: Session, org_id: int) -> list[tuple[int, date, date | None]]:
    """Every committee an organisation sat under: (committee, from, to), oldest first."""
    r = Relation.__table__.c
    q = (select(r.object_authority_id, r.valid_from, r.valid_to)
         .where(r.predicate == SITS_UNDER, r.subject_org_id == org_id, r.object_authority_id.is_not(None))
         .order_by(r.valid_from, r.id))  # fmt: skip
    return [(c, a, b) for c, a, b in session.execute(q)]

