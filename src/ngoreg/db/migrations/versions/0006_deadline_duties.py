"""Each deadline names its organisation, its procedure and, for a yearly duty, which one; the calendar's
indexes.

Revision ID: 0006
Revises: 0005

The compliance calendar must know, for every representative office, which yearly duties (the plan of
FNGO Law art. 19, the report of art. 31(1)) it met in every year since 2017: about a dozen rows an office,
over a million at 100,000 offices. Read through the filings (whose `data` holds the year) that took 1.5 s
on SQLite; with the organisation and the duty on the deadline row a covering index answers it alone. And
the deadlines it lists (about 160,000 there) need not be joined with their filings either:

* `org_id`: the filing's organisation (a filing never changes organisation);
* `procedure`, `procedure_version`: the procedure whose deadline it is (its label comes from there);
* `duty`: for a deadline of a yearly duty, "procedure/deadline/year" — the same key the calendar names the
  duty by — while the filing's `year` is set; NULL for every other deadline;
* `ix_filing_deadlines_met_duties`: the organisations that met each yearly duty;
* `ix_filing_deadlines_unmet`: the deadlines still open or expired, with every column the calendar lists
  (a few percent of all rows; every calendar lists them all);
* `ix_filing_deadlines_status_closed`: those closed since a day (listed too), without reading the rest.

The yearly deadlines are named here as they were when this migration was written, not read from the
procedures, so that the migration means the same whatever the procedures become.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

YEARLY = (("fngo_annual_plan", "plan_to_psu"), ("fngo_annual_report", "report_to_psu"),
          ("fngo_annual_report", "report_to_registrar"))  # fmt: skip
MET = "status IN ('met', 'met_late')"
UNMET = "status IN ('open', 'expired')"
UNMET_COLUMNS = ("status", "due_on", "opened_on", "org_id", "filing_id", "duty", "procedure", "procedure_version",
                 "name", "basis", "provisional", "closed_on")  # fmt: skip


def upgrade() -> None:
    op.add_column("filing_deadlines", sa.Column("org_id", sa.Integer()))
    op.add_column("filing_deadlines", sa.Column("procedure", sa.String(64)))
    op.add_column("filing_deadlines", sa.Column("procedure_version", sa.Date()))
    op.add_column("filing_deadlines", sa.Column("duty", sa.String(96)))
    postgresql = op.get_bind().dialect.name == "postgresql"
    year = "(f.data ->> 'year')" if postgresql else "json_extract(f.data, '$.year')"
    yearly = " OR ".join(f"(f.procedure = '{p}' AND filing_deadlines.name = '{n}')" for p, n in YEARLY)
    op.execute(
        "UPDATE filing_deadlines SET org_id = f.org_id, procedure = f.procedure, "
        "procedure_version = f.procedure_version, "
        f"duty = CASE WHEN ({yearly}) AND {year} IS NOT NULL "
        f"THEN f.procedure || '/' || filing_deadlines.name || '/' || {year} END "
        "FROM filings f WHERE f.id = filing_deadlines.filing_id"
    )
    with op.batch_alter_table("filing_deadlines") as batch:
        batch.alter_column("org_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("procedure", existing_type=sa.String(64), nullable=False)
        batch.alter_column("procedure_version", existing_type=sa.Date(), nullable=False)
    op.create_index("ix_filing_deadlines_met_duties", "filing_deadlines", ["duty", "org_id", "closed_on", "opened_on"],
                    sqlite_where=sa.text(f"duty IS NOT NULL AND {MET}"),
                    postgresql_where=sa.text(f"duty IS NOT NULL AND {MET}"))  # fmt: skip
    op.create_index("ix_filing_deadlines_unmet", "filing_deadlines", list(UNMET_COLUMNS), sqlite_where=sa.text(UNMET),
                    postgresql_where=sa.text(UNMET))  # fmt: skip
    op.create_index("ix_filing_deadlines_status_closed", "filing_deadlines", ["status", "closed_on"])


def downgrade() -> None:
    op.drop_index("ix_filing_deadlines_status_closed", "filing_deadlines")
    op.drop_index("ix_filing_deadlines_unmet", "filing_deadlines")
    op.drop_index("ix_filing_deadlines_met_duties", "filing_deadlines")
    with op.batch_alter_table("filing_deadlines") as batch:
        batch.drop_column("duty")
        batch.drop_column("procedure_version")
        batch.drop_column("procedure")
        batch.drop_column("org_id")
