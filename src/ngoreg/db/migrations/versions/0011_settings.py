"""The registry's settings, with a random key for signing list cursors.

Revision ID: 0011
Revises: 0010

A cursor's signing key had a default written in the code, so anyone could sign a cursor. The key is now made
here, at random, when the schema is created or upgraded (`ngoreg init`, `ngoreg db upgrade`): every worker
reads the same one from the database, nothing has to be set by hand, and a copy or a restore of the database
keeps the cursors it gave out valid. Made in the migration rather than at a first request, so a read never
has to write, and two workers starting together cannot make two keys.
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    settings = op.create_table(
        "settings",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_settings")),
    )
    op.bulk_insert(settings, [{"name": "cursor_key", "value": secrets.token_urlsafe(32)}])


def downgrade() -> None:
    op.drop_table("settings")
