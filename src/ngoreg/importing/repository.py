"""SQL of the bulk importers beyond the registry's own bulk path: source records (the dedup keys), name
indexes to match incoming names against, relations, filings and their deadlines written in bulk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ngoreg.db.bulk import insert_rows, is_postgresql, next_id, sync_sequence
from ngoreg.importing.models import SourceRecord
from ngoreg.registry.models import Organisation, OrgName, Relation

RELATION_COLUMNS = ("id", "predicate", "subject_org_id", "subject_authority_id", "object_org_id",
                    "object_authority_id", "valid_from", "valid_to")  # fmt: skip
FILING_COLUMNS = ("id", "procedure", "procedure_version", "org_id", "state", "data", "started_on", "version")
DEADLINE_COLUMNS = ("id", "filing_id", "org_id", "procedure", "procedure_version", "duty", "name", "basis",
                    "opened_on", "due_on", "provisional", "status", "closed_on")  # fmt: skip
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


class RowWriter:
    """Rows of one table with ids assigned here, written in chunks."""

    CHUNK = 50_000

    def __init__(self, session: Session, table: str, columns: Sequence[str]) -> None:
        self.session, self.table, self.columns = session, table, tuple(columns)
        self.next = next_id(session, table)
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, *values: Any) -> int:
        row_id = self.next
        self.rows.append((row_id, *values))
        self.next += 1
        if len(self.rows) >= self.CHUNK:
            self.flush()
        return row_id

    def flush(self) -> None:
        if self.rows:
            insert_rows(self.session, self.table, self.columns, self.rows)
            self.written += len(self.rows)
            self.rows = []

    def close(self) -> int:
        self.flush()
        sync_sequence(self.session, self.table)
        return self.written


def relations(session: Session) -> RowWriter:
    return RowWriter(session, "relations", RELATION_COLUMNS)


def filings(session: Session) -> RowWriter:
    return RowWriter(session, "filings", FILING_COLUMNS)


def deadlines(session: Session) -> RowWriter:
    return RowWriter(session, "filing_deadlines", DEADLINE_COLUMNS)


def source_records(session: Session) -> RowWriter:
    return RowWriter(session, "source_records", SOURCE_COLUMNS)


def analyze(session: Session, tables: Iterable[str]) -> None:
    """Planner statistics for tables a bulk load just filled."""
    if is_postgresql(session):
        session.execute(text(f"ANALYZE {', '.join(tables)}"))
