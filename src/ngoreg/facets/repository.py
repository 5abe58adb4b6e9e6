"""All SQL of facets: writing them in bulk and counting them as of a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, insert, literal, or_, select
from sqlalchemy.orm import Session

from ngoreg.db.bulk import insert_rows, next_id, sync_sequence
from ngoreg.facets.models import Facet, FacetValue
from ngoreg.registry.models import OrgVersion

COLUMNS = ("id", "scope", "subject_type", "subject_id", "facet", "value", "valid_from", "valid_to")

# (scope, facet, value) -> (label_en, label_zh)
Labels = dict[tuple[str, str, str], tuple[str, str | None]]


class FacetWriter:
    """Collects facet rows and writes them in chunks; ids are assigned here."""

    CHUNK = 100_000

    def __init__(self, session: Session) -> None:
        self.session = session
        self.next = next_id(session, "facets")
        self.rows: list[tuple[Any, ...]] = []

    def add(self, scope: str, subject_type: str, subject_id: int, facet: str, value: str, valid_from: date) -> None:
        self.rows.append((self.next, scope, subject_type, subject_id, facet, value, valid_from, None))
        self.next += 1
        if len(self.rows) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            insert_rows(self.session, "facets", COLUMNS, self.rows)
            self.rows = []

    def close(self) -> None:
        self.flush()
        sync_sequence(self.session, "facets")


def known_values(session: Session, scope: str) -> set[tuple[str, str]]:
    return {(f, v) for f, v in session.execute(select(FacetValue.facet, FacetValue.value).where(
        FacetValue.scope == scope))}  # fmt: skip


def add_values(session: Session, labels: Labels) -> None:
    """Records how new values are shown; values already labelled keep their first label."""
    if not labels:
        return
    rows = [{"scope": s, "facet": f, "value": v, "label_en": en, "label_zh": zh}
            for (s, f, v), (en, zh) in labels.items()]  # fmt: skip
    session.execute(insert(FacetValue), rows)


def labels(session: Session, scope: str, facet: str) -> dict[str, tuple[str, str | None]]:
    return {
        v: (en, zh)
        for v, en, zh in session.execute(
            select(FacetValue.value, FacetValue.label_en, FacetValue.label_zh).where(
                FacetValue.scope == scope, FacetValue.facet == facet
            )
        )
    }


def _valid_on(cols: Any, on: date) -> tuple[Any, ...]:
    return (cols.valid_from <= on, or_(cols.valid_to.is_(None), cols.valid_to > on))


def count(session: Session, scope: str, facet: str, *, as_of: date | None) -> list[tuple[str, int]]:
    """Records of `scope` by the values of `facet` they carried on `as_of` (now, if None): one count per
    value, so a record with two values counts under each. Read from the covering index alone."""
    q = select(Facet.value, func.count()).where(Facet.scope == scope, Facet.facet == facet)
    q = q.where(*_valid_on(Facet, as_of)) if as_of else q.where(Facet.valid_to.is_(None))
    return [(v, int(n)) for v, n in session.execute(q.group_by(Facet.value))]


def count_registered(session: Session, scope: str, facet: str, *, as_of: date | None) -> list[tuple[str, int]]:
    """As `count`, for organisations, counting only those the registry held as registered (or active) on
    `as_of`: an office deregistered since no longer counts, whatever its facets say."""
    q = (
        select(Facet.value, func.count())
        .join(OrgVersion, OrgVersion.org_id == Facet.subject_id)
        .where(Facet.scope == scope, Facet.facet == facet, Facet.subject_type == literal("organisation"),
               OrgVersion.status.in_(("registered", "active")))
    )  # fmt: skip
    if as_of:
        q = q.where(*_valid_on(Facet, as_of), *_valid_on(OrgVersion, as_of))
    else:
        q = q.where(Facet.valid_to.is_(None), OrgVersion.valid_to.is_(None))
    return [(v, int(n)) for v, n in session.execute(q.group_by(Facet.value))]


def mark(session: Session, scope: str, org_id: int, facet: str, value: str | None, on: date,
         until: date | None = None) -> None:  # fmt: skip
    """Gives organisation `org_id` (of kind `scope`) `value` for `facet` from `on` (to `until`, exclusive),
    ending the value it had: a decision's mark (`workflow.spec.Marks`). None only ends it. A value that began
    on `on` itself gives way to the new one: the later decision of a day stands, as in the registry's
    history."""
    rows = session.scalars(select(Facet).where(
        Facet.subject_type == literal("organisation"), Facet.subject_id == org_id, Facet.scope == scope,
        Facet.facet == facet, or_(Facet.valid_to.is_(None), Facet.valid_to > on), Facet.valid_from <= on))  # fmt: skip
    for row in rows:
        if row.valid_from < on:
            row.valid_to = on
        else:
            session.delete(row)
    if value is not None:
        session.add(Facet(scope=scope, subject_type="organisation", subject_id=org_id, facet=facet, value=value,
                          valid_from=on, valid_to=until))  # fmt: skip
    session.flush()


def marks(session: Session, org_id: int, *, as_of: date) -> dict[str, str]:
    """An organisation's marks (`mark`) on `as_of`: facet → value."""
    q = select(Facet.facet, Facet.value).where(Facet.subject_type == literal("organisation"),
                                               Facet.subject_id == org_id, *_valid_on(Facet, as_of))  # fmt: skip
    return {facet: value for facet, value in session.execute(q.order_by(Facet.valid_from))}


def history(session: Session, org_id: int, facets: tuple[str, ...]) -> list[tuple[str, str, date, date | None]]:
    """Every value `facets` of an organisation had, as (facet, value, from, to), oldest first."""
    q = select(Facet.facet, Facet.value, Facet.valid_from, Facet.valid_to).where(
        Facet.subject_type == literal("organisation"), Facet.subject_id == org_id, Facet.facet.in_(facets))
    return [tuple(r) for r in session.execute(q.order_by(Facet.valid_from, Facet.id))]  # type: ignore[misc]
