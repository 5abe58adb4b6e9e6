"""Placeholder for the migration of the same name being written on main; it changes nothing here.

Revision ID: 0006_deadline_duties
Revises: 0005
"""

revision = "0006_deadline_duties"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
