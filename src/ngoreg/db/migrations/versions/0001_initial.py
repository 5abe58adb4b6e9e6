"""Initial schema: registry, audit log, filings, figures; search indexes and append-only triggers.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name_zh", sa.Text),
        sa.Column("name_en", sa.Text),
        sa.Column("uscc", sa.String(18)),
        sa.Column("origin", sa.String(2)),
        sa.Column("province", sa.String(6)),
        sa.Column("fields", Json, nullable=False),
        sa.Column("gongo", sa.Boolean),
        sa.Column("public_fundraising", sa.Boolean),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("registered_on", sa.Date),
        sa.Column("ended_on", sa.Date),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("organisations.id")),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("name_zh IS NOT NULL OR name_en IS NOT NULL", name="has_name"),
        sa.UniqueConstraint("uscc"),
    )
    op.create_index("ix_organisations_kind_province", "organisations", ["kind", "province"])

    op.create_table(
        "org_names",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
    )
    op.create_index("ix_org_names_org_id", "org_names", ["org_id"])
    op.create_index("ix_org_names_folded", "org_names", ["folded", "org_id"])
    op.create_index("ix_org_names_lang_name", "org_names", ["lang", "name", "org_id"])

    op.create_table(
        "org_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_to", sa.Date),
        sa.Column("state", Json, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("province", sa.String(6)),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_index("ix_org_versions_org_id", "org_versions", ["org_id", "valid_from"])
    op.create_index(
        "ix_org_versions_asof", "org_versions", ["valid_from", "valid_to", "status", "province", "kind"]
    )

    op.create_table(
        "authorities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("name_zh", sa.Text),
        sa.Column("name_en", sa.Text),
        sa.Column("province", sa.String(6)),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("authorities.id")),
        sa.Column("note", sa.Text),
        sa.CheckConstraint("name_zh IS NOT NULL OR name_en IS NOT NULL", name="has_name"),
    )

    op.create_table(
        "relations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("predicate", sa.String(16), nullable=False),
        sa.Column("subject_org_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE")),
        sa.Column("subject_authority_id", sa.Integer, sa.ForeignKey("authorities.id")),
        sa.Column("object_org_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE")),
        sa.Column("object_authority_id", sa.Integer, sa.ForeignKey("authorities.id")),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
        sa.CheckConstraint("(subject_org_id IS NULL) <> (subject_authority_id IS NULL)", name="one_subject"),
        sa.CheckConstraint("(object_org_id IS NULL) <> (object_authority_id IS NULL)", name="one_object"),
        sa.CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="dates"),
    )
    op.create_index("ix_relations_subject_org", "relations", ["subject_org_id"])
    op.create_index("ix_relations_object_authority", "relations", ["object_authority_id"])
    op.create_index("ix_relations_object_org", "relations", ["object_org_id"])

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_on", sa.Date, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("actor_name", sa.Text, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject_type", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.Integer, nullable=False),
        sa.Column("basis", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("request_id", sa.String(64)),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_events_subject", "audit_events", ["subject_type", "subject_id", "id"])

    op.create_table(
        "filings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("procedure", sa.String(64), nullable=False),
        sa.Column("procedure_version", sa.Date, nullable=False),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("data", Json, nullable=False),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_filings_org_id", "filings", ["org_id"])

    op.create_table(
        "filing_deadlines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("filing_id", sa.Integer, sa.ForeignKey("filings.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("provisional", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("closed_on", sa.Date),
    )
    op.create_index("ix_filing_deadlines_filing_id", "filing_deadlines", ["filing_id"])
    op.create_index(
        "ix_filing_deadlines_open_due",
        "filing_deadlines",
        ["due_on"],
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )

    op.create_table(
        "figures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(96), nullable=False),
        sa.Column("value", sa.Numeric(20, 4), nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("refers_to", sa.String(10), nullable=False),
        sa.Column("description_en", sa.Text, nullable=False),
        sa.Column("description_zh", sa.Text),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("note", sa.Text),
        sa.UniqueConstraint("key"),
    )

    if op.get_bind().dialect.name == "sqlite":
        _sqlite_extras()
    else:
        _postgresql_extras()


def _sqlite_extras() -> None:
    # Trigram FTS5 over every name; external content, kept in step by triggers.
    op.execute(
        "CREATE VIRTUAL TABLE org_names_fts USING fts5("
        "name, content='org_names', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER org_names_fts_ai AFTER INSERT ON org_names BEGIN "
        "INSERT INTO org_names_fts(rowid, name) VALUES (new.id, new.name); END"
    )
    op.execute(
        "CREATE TRIGGER org_names_fts_ad AFTER DELETE ON org_names BEGIN "
        "INSERT INTO org_names_fts(org_names_fts, rowid, name) VALUES ('delete', old.id, old.name); END"
    )
    op.execute(
        "CREATE TRIGGER org_names_fts_au AFTER UPDATE ON org_names BEGIN "
        "INSERT INTO org_names_fts(org_names_fts, rowid, name) VALUES ('delete', old.id, old.name); "
        "INSERT INTO org_names_fts(rowid, name) VALUES (new.id, new.name); END"
    )
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{event.lower()} BEFORE {event} ON audit_events BEGIN "
            f"SELECT RAISE(ABORT, 'audit_events is append-only: {event} refused'); END"
        )


def _postgresql_extras() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_org_names_trgm ON org_names USING gin (name gin_trgm_ops)")
    op.execute(
        "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
    )


def downgrade() -> None:
    raise NotImplementedError("the audit log is append-only; there is no way back from the initial schema")
