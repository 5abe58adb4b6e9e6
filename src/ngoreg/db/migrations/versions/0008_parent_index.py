"""An index of organisations by parent.

Revision ID: 0008
Revises: 0007

Whether a foreign NGO is public depends on whether it has an announced representative office (FNGO Law
art. 13(1); `access.public`), a question every read of one asks: without the index it read every
organisation (tens of milliseconds at 1,000,000), with it one index lookup.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_organisations_parent_id", "organisations", ["parent_id"])


def downgrade() -> None:
    op.drop_index("ix_organisations_parent_id", "organisations")
