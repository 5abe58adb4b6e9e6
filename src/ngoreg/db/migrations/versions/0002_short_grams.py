"""The short-query index: every Chinese name's one- and two-character runs, searchable.

Revision ID: 0002
Revises: 0001

A trigram index cannot answer a query of one or two characters, and a scan for a rare character reads
every name. `org_names.grams` holds the runs (computed in Python on write, see
`ngoreg.registry.validation.short_grams`); SQLite indexes them with FTS5 (one token per run, positions
not kept), PostgreSQL with a GIN index over the array of runs.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from ngoreg.registry.validation import fold, short_grams

    op.add_column("org_names", sa.Column("grams", sa.Text, nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name FROM org_names WHERE lang = 'zh'")).all()
    if rows:
        bind.execute(sa.text("UPDATE org_names SET grams = :g WHERE id = :id"),
                     [{"id": i, "g": short_grams(fold(n))} for i, n in rows])  # fmt: skip
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE org_names_grams USING fts5("
            "grams, content='org_names', content_rowid='id', detail='none')"
        )
        op.execute("INSERT INTO org_names_grams(org_names_grams) VALUES ('rebuild')")
        op.execute(GRAMS_INSERT_TRIGGER)
        op.execute(
            "CREATE TRIGGER org_names_grams_ad AFTER DELETE ON org_names BEGIN "
            "INSERT INTO org_names_grams(org_names_grams, rowid, grams) VALUES ('delete', old.id, old.grams); END"
        )
        op.execute(
            "CREATE TRIGGER org_names_grams_au AFTER UPDATE ON org_names BEGIN "
            "INSERT INTO org_names_grams(org_names_grams, rowid, grams) VALUES ('delete', old.id, old.grams); "
            "INSERT INTO org_names_grams(rowid, grams) VALUES (new.id, new.grams); END"
        )
    else:
        op.execute(
            "CREATE INDEX ix_org_names_grams ON org_names USING gin (string_to_array(grams, ' ')) "
            "WHERE grams IS NOT NULL"
        )


GRAMS_INSERT_TRIGGER = (
    "CREATE TRIGGER org_names_grams_ai AFTER INSERT ON org_names BEGIN "
    "INSERT INTO org_names_grams(rowid, grams) VALUES (new.id, new.grams); END"
)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER org_names_grams_{trigger}")
        op.execute("DROP TABLE org_names_grams")
    else:
        op.execute("DROP INDEX ix_org_names_grams")
    with op.batch_alter_table("org_names") as batch:
        batch.drop_column("grams")
