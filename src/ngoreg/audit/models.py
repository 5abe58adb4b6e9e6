from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base


class AuditEvent(Base):
    """One row per change, append-only, hash-chained to the row before it. `before`/`after` are stored as
    canonical JSON text so that the hash is computed over exactly the bytes stored, on every engine."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    effective_on: Mapped[date] = mapped_column(Date)  # the legal date of the event (as-of queries use it)
    actor: Mapped[str] = mapped_column(Text)  # the acting role or account
    actor_name: Mapped[str] = mapped_column(Text)  # a copy of the actor's name at the time
    action: Mapped[str] = mapped_column(String(64))  # past tense: office.registered
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id", "id"),)
