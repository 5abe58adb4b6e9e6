from __future__ import annotations

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base


class SourceRecord(Base):
    """Which record a row of a source file became. `key` is the row's identity within the source (a digest
    of the fields that say which record it is), so importing the same file again adds nothing."""

    __tablename__ = "source_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(Integer)
    line: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("source", "key", name="uq_source_records_source_key"),)
