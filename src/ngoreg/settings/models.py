from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base


class Setting(Base):
    """One named setting of the registry (migration 0011), e.g. the key that signs list cursors."""

    __tablename__ = "settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
