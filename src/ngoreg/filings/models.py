from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from ngoreg.db.base import Base, Json


class Filing(Base):
    """One run of a legal procedure for one organisation; keeps the procedure version it started under."""

    __tablename__ = "filings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[date] = mapped_column(Date)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    state: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    started_on: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_filings_org_id", "org_id"),
        # Work queues: the filings of a procedure in the states that await someone's step.
        Index("ix_filings_procedure_state", "procedure", "state"),
    )
    __mapper_args__ = {"version_id_col": version}


MET_DUTY = "duty IS NOT NULL AND status IN ('met', 'met_late')"
UNMET_STATUSES = ("open", "expired")
# A deadline whose outcome the registry was never told: an imported public list records the filing, not
# whether what it owed afterwards was done (a temporary activity's closing report, FNGO Law art. 30(2), in
# the Ministry of Public Security's lists). Neither an obligation the calendar may call overdue nor one met;
# recording it through a transition meets it like an open one (`repository.meet_latest`).
UNRECORDED = "unrecorded"
MEETABLE_STATUSES = (*UNMET_STATUSES, UNRECORDED)
UNMET = "status IN ('open', 'expired')"
UNMET_COLUMNS = ("status", "due_on", "opened_on", "org_id", "filing_id", "duty", "procedure", "procedure_version",
                 "name", "basis", "provisional", "closed_on")  # fmt: skip


class FilingDeadline(Base):
    """A deadline a procedure opened for a filing: due, met, met late, expired, or unrecorded (`UNRECORDED`)."""

    __tablename__ = "filing_deadlines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id", ondelete="CASCADE"))
    # the filing's: the calendar reads deadlines without their filings
    org_id: Mapped[int] = mapped_column(Integer)
    procedure: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[date] = mapped_column(Date)
    # A yearly duty's key, "procedure/deadline/year", while the filing names its year (compliance.recurring)
    duty: Mapped[str | None] = mapped_column(String(96))
    name: Mapped[str] = mapped_column(String(64))
    basis: Mapped[str] = mapped_column(Text)
    opened_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    provisional: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | met | met_late | expired | unrecorded
    closed_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_filing_deadlines_filing_id", "filing_id"),
        # "What is overdue" reads only open deadlines.
        Index(
            "ix_filing_deadlines_open_due",
            "due_on",
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        # The calendar: which organisations met each yearly duty, from the index alone …
        Index("ix_filing_deadlines_met_duties", "duty", "org_id", "closed_on", "opened_on",
              sqlite_where=text(MET_DUTY), postgresql_where=text(MET_DUTY)),
        # … the deadlines still open or expired, every column it lists in the index itself (they are a few
        # percent of all, and every calendar lists them all) …
        Index("ix_filing_deadlines_unmet", *UNMET_COLUMNS, sqlite_where=text(UNMET), postgresql_where=text(UNMET)),
        # … and those closed since a day.
        Index("ix_filing_deadlines_status_closed", "status", "closed_on"),
    )


class StartSubmission(Base):
    """A start form that has been sent: its one-time key (a digest of the random value the form carried)
    and the filing it created. Sending the same form again finds the row instead of starting a second
    filing; two copies sent at once race for the primary key and one of them rolls back."""

    __tablename__ = "start_submissions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
