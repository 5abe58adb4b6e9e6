from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base


class AuthorityName(Base):
    """Every name an authority goes by, in either language: current, former (before a renaming) or alias
    (another spelling a source used)."""

    __tablename__ = "authority_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    name: Mapped[str] = mapped_column(Text)
    folded: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2))  # zh | en
    role: Mapped[str] = mapped_column(String(8))  # current | former | alias

    __table_args__ = (
        Index("ix_authority_names_authority_id", "authority_id"),
        Index("ix_authority_names_folded", "folded", "authority_id"),
    )
