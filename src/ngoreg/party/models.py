from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base


class PartyCommittee(Base):
    """What the registry knows of a Party committee beyond its authority row (kind `party_committee`, whose
    `parent_id` is the committee that leads it): its tier, the class of organisations a joint committee is
    built for and how many it is to cover (seed 001: about 50), its locality (GB/T 2260), since when it
    exists and who says so."""

    __tablename__ = "party_committees"

    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), primary_key=True)
    tier: Mapped[str] = mapped_column(String(16))  # comprehensive | joint
    class_code: Mapped[str | None] = mapped_column(String(64))  # `party.classes`; a joint committee's only
    capacity: Mapped[int | None] = mapped_column(Integer)
    locality: Mapped[str] = mapped_column(String(6))
    established_on: Mapped[date] = mapped_column(Date)
    dissolved_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("tier IN ('comprehensive', 'joint')", name="tier"),
        CheckConstraint("tier <> 'joint' OR (class_code IS NOT NULL AND capacity > 0)", name="joint_has_class"),
        CheckConstraint("dissolved_on IS NULL OR dissolved_on > established_on", name="dates"),
    )
