from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base


class Figure(Base):
    """A figure a published source states, with where it says so."""

    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(96), unique=True)
    value: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    unit: Mapped[str] = mapped_column(String(32))
    refers_to: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD or YYYY-MM
    description_en: Mapped[str] = mapped_column(Text)
    description_zh: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
