"""SQL of the rule checks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ngoreg.filings.models import Filing
from ngoreg.importing.models import SourceRecord
from ngoreg.registry.models import Organisation, Relation

ActivityRow = tuple[int, int, str | None, str | None, str | None, str | None, str | None]


def activity_rows(session: Session, procedure: str, batch: int = 20_000) -> Iterator[ActivityRow]:
    """(filing id, org id, start, end, partner kind, partner kind problem, partner type) of every filing of
    `procedure`, read from its data without decoding the whole of it."""
    d = Filing.data
    last = 0
    while True:
        rows = session.execute(
            select(Filing.id, Filing.org_id, d["start_date"].as_string(), d["end_date"].as_string(),
                   d["partner_kind"].as_string(), d["partner_kind_problem"].as_string(), d["partner_type"].as_string())
            .where(Filing.procedure == procedure, Filing.id > last)
            .order_by(Filing.id)
            .limit(batch)
        ).all()  # fmt: skip
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def registered_without_supervisory_unit(session: Session, kind: str
                                        ) -> list[tuple[int, str | None, str | None, date | None]]:  # fmt: skip
    """(id, English name, Chinese name, registered on) of registered organisations of `kind` with no
    `sponsored_by` relation to an authority."""
    sponsored = exists().where(Relation.subject_org_id == Organisation.id, Relation.predicate == "sponsored_by",
                               Relation.object_authority_id.is_not(None))  # fmt: skip
    q = (
        select(Organisation.id, Organisation.name_en, Organisation.name_zh, Organisation.registered_on)
        .where(Organisation.kind == kind, Organisation.status == "registered", ~sponsored)
        .order_by(Organisation.id)
    )
    return list(session.execute(q))


def source_lines(session: Session, subject_type: str, ids: list[int]) -> dict[int, tuple[str, int | None]]:
    out: dict[int, tuple[str, int | None]] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        for sid, source, line in session.execute(
            select(SourceRecord.subject_id, SourceRecord.source, SourceRecord.line).where(
                SourceRecord.subject_type == subject_type, SourceRecord.subject_id.in_(chunk))
        ):  # fmt: skip
            out.setdefault(sid, (source, line))
    return out


def org_names(session: Session, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(ids), 1000):
        for oid, zh, en in session.execute(
            select(Organisation.id, Organisation.name_zh, Organisation.name_en).where(
                Organisation.id.in_(ids[start : start + 1000]))
        ):  # fmt: skip
            out[oid] = en or zh or str(oid)
    return out
