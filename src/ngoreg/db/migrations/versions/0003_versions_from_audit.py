"""An organisation's past states are read from the audit log, not stored beside it.

Revision ID: 0003
Revises: 0002

Each version row kept a copy of the state that the audit event which began it already holds in `after`.
The row now points at that event (`event_id`); the copy goes. Existing rows are paired, organisation by
organisation, with their registration and change events in the order both were written.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ACTIONS = ("organisation.registered", "organisation.added", "organisation.changed")


def upgrade() -> None:
    with op.batch_alter_table("org_versions") as batch:
        batch.add_column(sa.Column("event_id", sa.Integer, nullable=True))
    bind = op.get_bind()
    events: dict[int, list[int]] = {}
    for event_id, org_id in bind.execute(
        sa.text("SELECT id, subject_id FROM audit_events WHERE subject_type = 'organisation' "
                "AND action IN :actions ORDER BY id").bindparams(sa.bindparam("actions", expanding=True)),
        {"actions": list(ACTIONS)},
    ):  # fmt: skip
        events.setdefault(org_id, []).append(event_id)
    pairs = []
    for version_id, org_id in bind.execute(sa.text("SELECT id, org_id FROM org_versions ORDER BY org_id, valid_from")):
        pairs.append({"id": version_id, "event": events[org_id].pop(0)})
    if pairs:
        bind.execute(sa.text("UPDATE org_versions SET event_id = :event WHERE id = :id"), pairs)
    with op.batch_alter_table("org_versions") as batch:
        batch.alter_column("event_id", existing_type=sa.Integer, nullable=False)
        batch.drop_column("state")


def downgrade() -> None:
    raise NotImplementedError("the states would have to be copied back out of the audit log")
