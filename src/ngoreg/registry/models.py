"""Organisations, their names, their history (as-of versions), authorities and the relations between them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base, Json


class Organisation(Base):
    """The current state of an organisation. Its past states live in `org_versions`, both derived from the
    audit log (see ngoreg.audit)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str | None] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    origin: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    province: Mapped[str | None] = mapped_column(String(6))  # GB/T 2260
    fields: Mapped[list[str]] = mapped_column(Json, default=list)
    gongo: Mapped[bool | None] = mapped_column(Boolean)  # True GONGO, False grassroots, None unknown
    public_fundraising: Mapped[bool | None] = mapped_column(Boolean)  # social organisations (Charity Law art. 22)
    status: Mapped[str] = mapped_column(String(16))
    registered_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # The day (Beijing Time) an import of a public list first recorded it, which its first audit event also
    # tells; None for one recorded through the registry. Not part of its state: not a fact about the
    # organisation but about what the registry was told (yearly duties due before it are `unrecorded`).
    imported_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("name_zh IS NOT NULL OR name_en IS NOT NULL", name="has_name"),
        Index("ix_organisations_kind_province", "kind", "province"),
        # Those of some kinds registered on a day, counted from the index alone (`party` coverage).
        Index("ix_organisations_kind_span", "kind", "registered_on", "ended_on"),
        # Whether a foreign NGO is public asks whether it has an announced office (`access.public`).
        Index("ix_organisations_parent_id", "parent_id"),
    )
    __mapper_args__ = {"version_id_col": version}


class OrgName(Base):
    """Every name an organisation goes by — current, former, alias — in either language; the search index
    is built on this table."""

    __tablename__ = "org_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    folded: Mapped[str] = mapped_column(Text)  # casefolded, whitespace collapsed: exact/prefix match
    lang: Mapped[str] = mapped_column(String(2))  # zh | en
    role: Mapped[str] = mapped_column(String(8))  # current | former | alias
    grams: Mapped[str | None] = mapped_column(Text)  # Chinese names: the short-query index's runs

    __table_args__ = (
        Index("ix_org_names_org_id", "org_id"),
        Index("ix_org_names_folded", "folded", "org_id"),
        Index("ix_org_names_lang_name", "lang", "name", "org_id"),
    )


class OrgVersion(Base):
    """One stretch of time over which an organisation's registry attributes did not change. Its state is the
    `after` of the audit event that began it (`event_id`), so the history is read from the log itself and
    never stored twice; kind, province and status are copied here for counts as of a date."""

    __tablename__ = "org_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)  # exclusive; NULL while current
    # Not a foreign key: a bulk load writes millions of these, and audit events are never deleted.
    event_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    province: Mapped[str | None] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(String(16))

    __table_args__ = (
        Index("ix_org_versions_org_id", "org_id", "valid_from"),
        # Covers "count by province as of D" without touching the table.
        Index("ix_org_versions_asof", "valid_from", "valid_to", "status", "province", "kind"),
    )


class OrgKindDay(Base):
    """How the number of organisations of a kind in the registry (registered or active) changed on a day: +1
    for each version of that kind and status that began on it, -1 for each that ended. The count as of a day
    is the sum up to it; now, the sum of all. Database triggers on `org_versions` keep it in step, in the
    same transaction as the change (migration 0010), so the dashboard counts by kind read a few thousand
    rows instead of every organisation."""

    __tablename__ = "org_kind_days"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    delta: Mapped[int] = mapped_column(Integer)


class Authority(Base):
    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    name_zh: Mapped[str | None] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(String(6))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (CheckConstraint("name_zh IS NOT NULL OR name_en IS NOT NULL", name="has_name"),)


class Relation(Base):
    """A dated relation between two parties, each an organisation or an authority."""

    __tablename__ = "relations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    predicate: Mapped[str] = mapped_column(String(16))
    subject_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    subject_authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    object_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    object_authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint("(subject_org_id IS NULL) <> (subject_authority_id IS NULL)", name="one_subject"),
        CheckConstraint("(object_org_id IS NULL) <> (object_authority_id IS NULL)", name="one_object"),
        CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="dates"),
        # An organisation's relations; with the rest of the row in the index, the committee each of a set of
        # organisations sat under on a day is read from the index alone (`party` coverage).
        Index("ix_relations_subject_org", "subject_org_id", "predicate", "valid_from", "valid_to",
              "object_authority_id"),
        Index("ix_relations_object_authority", "object_authority_id"),
        Index("ix_relations_object_org", "object_org_id"),
        # who sits under a committee (`party`), as of a day, from the index alone
        Index("ix_relations_predicate_object", "predicate", "object_authority_id", "valid_from", "valid_to",
              "subject_org_id"),
    )
