"""The Party-building structure's committees.

Revision ID: 0013
Revises: 0012

Seed 001: Beijing's comprehensive Party committee for social organisations leads joint Party committees, each
built for a class of organisations and covering about 50. The committees are authorities (kind
`party_committee`); this table holds what an authority row has no column for. Placements are `sits_under`
relations and need no table of their own; the index lets the structure as of a day be read per committee.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "party_committees",
        sa.Column("authority_id", sa.Integer(),
                  sa.ForeignKey("authorities.id", name="fk_party_committees_authority_id_authorities"),
                  primary_key=True),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("class_code", sa.String(64), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("locality", sa.String(6), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=False),
        sa.Column("dissolved_on", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint("tier IN ('comprehensive', 'joint')", name="ck_party_committees_tier"),
        sa.CheckConstraint("tier <> 'joint' OR (class_code IS NOT NULL AND capacity > 0)",
                           name="ck_party_committees_joint_has_class"),
        sa.CheckConstraint("dissolved_on IS NULL OR dissolved_on > established_on", name="ck_party_committees_dates"),
    )
    op.create_index("ix_relations_predicate_object", "relations", ["predicate", "object_authority_id", "valid_from"])


def downgrade() -> None:
    op.drop_index("ix_relations_predicate_object", "relations")
    op.drop_table("party_committees")
