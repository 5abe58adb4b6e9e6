"""A finer histogram of folded names for PostgreSQL's planner.

Revision ID: 0005
Revises: 0004

With the default 100 buckets over millions of names, the planner cannot see that a one-character
prefix (北, 上) matches tens of thousands of them; it then fetches them all and sorts, where reading the
folded-name index in order stops after the 200 a search needs (100 ms against 0.5 ms at 1,000,000
organisations). A thousand buckets let it see. SQLite plans the same query from the index alone.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE org_names ALTER COLUMN folded SET STATISTICS 1000")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE org_names ALTER COLUMN folded SET STATISTICS -1")
