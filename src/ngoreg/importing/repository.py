"""SQL of the bulk importers beyond the registry's own bulk path: source records (the dedup keys), name
indexes to match incoming names against, relations written in bulk. Filings and their deadlines are the
filings service's to write (`filings.service.Recorder`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ngoreg.db.bulk import RowWriter
from ngoreg.importing.models import SourceRecord
from ngoreg.registry.models import Organisation, OrgName, Relation

RELATION_COLUMNS = ("id", "predicate", "subject_org_id", "subject_authority_id", "object_org_id",
                    "object_authority_id", "valid_from", "valid_to")  # fmt: skip
SOURCE_COLUMNS = ("id", "source", "key", "subject_type", "subject_id", "line")


def source_keys(session: Session, source: str) -> dict[str, int]:
    """The keys of the rows of `source` already imported, with the record each became."""
    q = select(SourceRecord.key, SourceRecord.subject_id).where(SourceRecord.source == source)
    return {k: i for k, i in session.execute(q)}


def org_names(session: Session, kinds: Sequence[str]) -> list[tuple[int, str, str, str]]:
    """(org id, kind, name, role) of every name of every organisation of these kinds."""
    return list(
        session.execute(
            select(OrgName.org_id, Organisation.kind, OrgName.name, OrgName.role)
            .join(Organisation, Organisation.id == OrgName.org_id)
            .where(Organisation.kind.in_(list(kinds)))
            .order_by(OrgName.org_id, OrgName.id)
        )
    )


def names_and_codes(session: Session, kind: str) -> list[tuple[str | None, str | None, str | None]]:
    """(Chinese name, English name, credit code) of every organisation of a kind."""
    q = select(Organisation.name_zh, Organisation.name_en, Organisation.uscc).where(Organisation.kind == kind)
    return [(zh, en, code) for zh, en, code in session.execute(q)]


def relation_pairs(session: Session, predicate: str) -> set[tuple[int, int]]:
    """(subject org, object org) of every relation with this predicate between two organisations."""
    return {
        (s, o)
        for s, o in session.execute(
            select(Relation.subject_org_id, Relation.object_org_id).where(
                Relation.predicate == predicate, Relation.subject_org_id.is_not(None),
                Relation.object_org_id.is_not(None))
        )
        if s is not None and o is not None
    }  # fmt: skip


def relations(session: Session) -> RowWriter:
    return RowWriter(session, "relations", RELATION_COLUMNS)


def source_records(session: Session) -> RowWriter:
    return RowWriter(session, "source_records", SOURCE_COLUMNS)
