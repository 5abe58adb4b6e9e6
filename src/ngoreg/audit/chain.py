"""The hash chain: each audit row's hash covers its own fields and the hash of the row before it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class CanonicalJson:
    """JSON text already in canonical form, e.g. a state an import encoded once for two tables. The rows
    of both then hold the one string object, which a batch sent between processes carries once."""

    text: str


def canonical(value: Any) -> str | None:
    """The one JSON spelling of a value: sorted keys, no spaces, UTF-8 kept, dates as ISO strings."""
    if value is None:
        return None
    if isinstance(value, CanonicalJson):
        return value.text
    return _CANONICAL.encode(value)


# Built once: json.dumps with these options builds a new encoder on every call.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


@lru_cache(maxsize=16)  # a bulk append hashes one `now` for every row
def timestamp(ts: datetime) -> str:
    """UTC, microseconds: SQLite hands back naive datetimes, PostgreSQL aware ones; both hash alike."""
    if ts.tzinfo is not None:
        ts = ts.astimezone(UTC).replace(tzinfo=None)
    return ts.isoformat(timespec="microseconds")


def digest(
    prev_hash: str,
    recorded_at: datetime,
    effective_on: date,
    actor: str,
    actor_name: str,
    action: str,
    subject_type: str,
    subject_id: int,
    basis: str | None,
    reason: str | None,
    before: str | None,
    after: str | None,
    request_id: str | None,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            timestamp(recorded_at),
            effective_on.isoformat(),
            actor,
            actor_name,
            action,
            subject_type,
            subject_id,
            basis,
            reason,
            before,
            after,
            request_id,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
