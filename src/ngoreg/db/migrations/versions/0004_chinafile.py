"""Authority names, facets (multi-valued attributes counted as of a date), their labels, and source records
(which row of which source file made which record: the key that keeps a re-import from duplicating).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authority_names",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("authority_id", sa.Integer, sa.ForeignKey("authorities.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
    )
    op.create_index("ix_authority_names_authority_id", "authority_names", ["authority_id"])
    op.create_index("ix_authority_names_folded", "authority_names", ["folded", "authority_id"])

    op.create_table(
        "facets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("subject_type", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.Integer, nullable=False),
        sa.Column("facet", sa.String(32), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_to", sa.Date),
        sa.CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="dates"),
    )
    # Covers "count by value as of D" for one facet of one population: the scan never touches the table.
    op.create_index(
        "ix_facets_count", "facets", ["scope", "facet", "value", "valid_from", "valid_to", "subject_id"]
    )
    op.create_index("ix_facets_subject", "facets", ["subject_type", "subject_id"])

    op.create_table(
        "facet_values",
        sa.Column("scope", sa.String(64), primary_key=True),
        sa.Column("facet", sa.String(32), primary_key=True),
        sa.Column("value", sa.Text, primary_key=True),
        sa.Column("label_en", sa.Text, nullable=False),
        sa.Column("label_zh", sa.Text),
    )

    op.create_table(
        "source_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("subject_type", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.Integer, nullable=False),
        sa.Column("line", sa.Integer),
        sa.UniqueConstraint("source", "key", name="uq_source_records_source_key"),
    )


def downgrade() -> None:
    op.drop_table("source_records")
    op.drop_table("facet_values")
    op.drop_index("ix_facets_subject", "facets")
    op.drop_index("ix_facets_count", "facets")
    op.drop_table("facets")
    op.drop_index("ix_authority_names_folded", "authority_names")
    op.drop_index("ix_authority_names_authority_id", "authority_names")
    op.drop_table("authority_names")
