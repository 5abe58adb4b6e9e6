"""The day an import first recorded an organisation.

Revision ID: 0012
Revises: 0011

A public list (ChinaFile's translation of the Ministry of Public Security's list of representative offices)
records that an office is registered, never its yearly plans and reports (FNGO Law arts. 19, 31(1)). A
yearly duty whose last day had passed when the office was imported is therefore `unrecorded`, not overdue
(`compliance.calendar`), as the closing reports of imported activities already are. The calendar reads the
day here with the offices it reads anyway, instead of looking each office up in the audit log.

Offices imported before this revision get the day their first audit event was recorded, in Beijing Time
(the day `law.periods.day_of` gives); the rows of `source_records` say which offices came from a list.
"""

from datetime import UTC, date, datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BEIJING_TIME = timezone(timedelta(hours=8))


def _day(recorded_at: datetime) -> date:
    moment = recorded_at if recorded_at.tzinfo else recorded_at.replace(tzinfo=UTC)  # SQLite keeps UTC, naive
    return moment.astimezone(BEIJING_TIME).date()


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("imported_on", sa.Date(), nullable=True))
    events = sa.table("audit_events", sa.column("subject_type", sa.String), sa.column("subject_id", sa.Integer),
                      sa.column("recorded_at", sa.DateTime(timezone=True)))  # fmt: skip
    sources = sa.table("source_records", sa.column("subject_type", sa.String), sa.column("subject_id", sa.Integer))
    orgs = sa.table("organisations", sa.column("id", sa.Integer), sa.column("imported_on", sa.Date))
    bind = op.get_bind()
    first = bind.execute(
        sa.select(events.c.subject_id, sa.func.min(events.c.recorded_at))
        .where(events.c.subject_type == "organisation",
               events.c.subject_id.in_(sa.select(sources.c.subject_id).where(sources.c.subject_type == "organisation")))
        .group_by(events.c.subject_id)
    ).all()  # fmt: skip
    if first:
        bind.execute(orgs.update().where(orgs.c.id == sa.bindparam("org")).values(imported_on=sa.bindparam("day")),
                     [{"org": org, "day": _day(at)} for org, at in first])  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("imported_on")
