"""Work queues read filings by procedure and state; the counts of organisations by kind are kept in step.

Revision ID: 0010
Revises: 0009

* A work queue (`filings.queues`) asks for the filings of a procedure in the states that await a step
  (applications accepted, reports submitted, …): the index on (procedure, state) finds them without
  reading the registry's other filings, most of which are long finished.
* The dashboard "organisations by kind" counted the whole registry on every request (0.8 s at 1,000,000
  organisations on SQLite). `org_kind_days` holds, per kind and day, how the count changed: +1 where a
  version of an organisation that is registered or active begins, -1 where it ends. Triggers on
  `org_versions` keep it in step with every insert, update and delete, in the same transaction, on both
  engines; this migration fills it from the versions already there.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COUNTED = "('registered', 'active')"  # the statuses `registry.repository.count_by` counts

# One row's contribution (+n at its first day, -n at the day after its last), applied by upsert.
_STEP = ("INSERT INTO org_kind_days (kind, day, delta) SELECT {kind}, {day}, {n} WHERE {when} "
         "ON CONFLICT (kind, day) DO UPDATE SET delta = org_kind_days.delta + excluded.delta")  # fmt: skip


def _steps(row: str, sign: int) -> list[str]:
    counted = f"{row}.status IN {COUNTED}"
    return [_STEP.format(kind=f"{row}.kind", day=f"{row}.valid_from", n=sign, when=counted),
            _STEP.format(kind=f"{row}.kind", day=f"{row}.valid_to", n=-sign,
                         when=f"{counted} AND {row}.valid_to IS NOT NULL")]  # fmt: skip


SQLITE_TRIGGERS = {
    "org_versions_kind_days_ai": ("AFTER INSERT", _steps("NEW", 1)),
    "org_versions_kind_days_au": ("AFTER UPDATE OF kind, status, valid_from, valid_to",
                                  _steps("OLD", -1) + _steps("NEW", 1)),
    "org_versions_kind_days_ad": ("AFTER DELETE", _steps("OLD", -1)),
}  # fmt: skip

PG_FUNCTION = f"""
CREATE FUNCTION org_versions_kind_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {'; '.join(_steps("OLD", -1))};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {'; '.join(_steps("NEW", 1))};
  END IF;
  RETURN NULL;
END $$
"""

BACKFILL = f"""
INSERT INTO org_kind_days (kind, day, delta)
SELECT kind, day, SUM(delta) FROM (
  SELECT kind, valid_from AS day, 1 AS delta FROM org_versions WHERE status IN {COUNTED}
  UNION ALL
  SELECT kind, valid_to, -1 FROM org_versions WHERE status IN {COUNTED} AND valid_to IS NOT NULL
) AS steps GROUP BY kind, day
"""


def upgrade() -> None:
    op.create_index("ix_filings_procedure_state", "filings", ["procedure", "state"])
    op.create_table(
        "org_kind_days",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "day", name=op.f("pk_org_kind_days")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute("CREATE TRIGGER org_versions_kind_days AFTER INSERT OR UPDATE OR DELETE ON org_versions "
                   "FOR EACH ROW EXECUTE FUNCTION org_versions_kind_days()")  # fmt: skip
    else:
        for name, (when, steps) in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} ON org_versions BEGIN {'; '.join(steps)}; END")
    op.execute(BACKFILL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER org_versions_kind_days ON org_versions")
        op.execute("DROP FUNCTION org_versions_kind_days()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("org_kind_days")
    op.drop_index("ix_filings_procedure_state", "filings")
