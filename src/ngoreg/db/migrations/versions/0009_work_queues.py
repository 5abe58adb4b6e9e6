"""Work queues read filings by procedure and state.

Revision ID: 0009
Revises: 0008

A work queue (`filings.queues`) asks for the filings of a procedure in the states that await a step
(applications accepted, reports submitted, …): the index on (procedure, state) finds them without reading
the registry's other filings, most of which are long finished.
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_filings_procedure_state", "filings", ["procedure", "state"])


def downgrade() -> None:
    op.drop_index("ix_filings_procedure_state", "filings")
