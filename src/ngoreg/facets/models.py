from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base


class Facet(Base):
    """One value of one attribute of one record, valid from a date (inclusive) to a date (exclusive).

    `scope` names the population the record belongs to — an organisation kind (`representative_office`) or
    a procedure code (`fngo_temporary_activity`) — so that a count reads only its own population's rows.
    `value` is the registry's code (GB/T 2260, ISO 3166, field code, authority id) or, where there is no
    code, the source's own normalised text."""

    __tablename__ = "facets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))  # organisation | filing
    subject_id: Mapped[int] = mapped_column(Integer)
    facet: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="dates"),
        Index("ix_facets_count", "scope", "facet", "value", "valid_from", "valid_to", "subject_id"),
        Index("ix_facets_subject", "subject_type", "subject_id"),
        # Who holds a mark on a day, in subject order, from the index alone (`party` coverage).
        Index("ix_facets_mark", "subject_type", "facet", "subject_id", "valid_from", "valid_to"),
    )


class FacetValue(Base):
    """How a facet value is shown: the source's English spelling (the key of a statistic) and the Chinese
    label from the reference lists."""

    __tablename__ = "facet_values"

    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    facet: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)
    label_en: Mapped[str] = mapped_column(Text)
    label_zh: Mapped[str | None] = mapped_column(Text)
