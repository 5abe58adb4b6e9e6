"""One-time keys of start forms: a form to start a filing carries a random key; the filing it starts is
recorded under the key's digest in the same transaction, so a form sent twice (a double click, a reload
that posts again) finds the filing of its first sending instead of starting another one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ngoreg.access.tokens import digest, utc
from ngoreg.filings.models import StartSubmission


def _id(user_id: int, key: str) -> str:
    # The user is part of the digest: another account that learns a key cannot use it to find a filing.
    return digest(f"{user_id}:{key}")


def filing_of(session: Session, user_id: int, key: str) -> int | None:
    """The filing a start form with this key already started, if it was sent before."""
    return session.scalar(select(StartSubmission.filing_id).where(StartSubmission.id == _id(user_id, key)))


def record(session: Session, user_id: int, key: str, filing_id: int, now: datetime) -> None:
    """Records the key as used; a concurrent sending of the same form fails on the primary key."""
    session.add(StartSubmission(id=_id(user_id, key), user_id=user_id, filing_id=filing_id, created_at=utc(now)))
    session.flush()
