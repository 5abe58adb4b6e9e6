"""Reads of a whole registry (`db.reads`): the statements read together see the registry as the session's
transaction sees it, on PostgreSQL each on a connection of its own, whatever is committed meanwhile."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy import func, insert, select

from ngoreg.db import reads
from ngoreg.db.engine import get_engine, transaction
from ngoreg.registry.models import Authority

AUTHORITIES = Authority.__table__


def _count() -> object:
    return select(func.count()).select_from(AUTHORITIES)


def _add_authority(url: str, code: str) -> None:
    """Committed by a connection of its own while the reader's transaction is open."""
    with get_engine(url).begin() as c:
        c.execute(insert(AUTHORITIES).values(kind="registrar", level="provincial", name_zh=code, name_en=code))


@pytest.mark.parametrize("at_once", [True, False])
def test_reads_together_see_the_sessions_snapshot(url: str, at_once: bool) -> None:
    with transaction(url, write=False) as s:
        # the snapshot: taken by the first read on SQLite, held for the transaction on PostgreSQL
        s.connection(execution_options={"isolation_level": "REPEATABLE READ"} if url.startswith("postgresql") else {})
        before = s.execute(_count()).scalar_one()
        _add_authority(url, "PROBE-1")
        counts = [list(rows) for rows in reads.together(s, [_count(), _count(), _count()], at_once=at_once)]
    assert counts == [[(before,)]] * 3
    with transaction(url, write=False) as s:
        assert [list(rows) for rows in reads.together(s, [_count()], at_once=at_once)] == [[(before + 1,)]]


def test_a_failing_read_gives_back_its_connection(url: str) -> None:
    pool = get_engine(url).pool
    checked_out = pool.checkedout()  # type: ignore[attr-defined]
    failed = pytest.raises((sqlite3.Error, psycopg.Error), match=r"no such function|no_such_function")
    with failed, transaction(url, write=False) as s:
        bad = select(func.no_such_function(AUTHORITIES.c.id)).select_from(AUTHORITIES)
        for rows in reads.together(s, [_count(), bad]):
            list(rows)
    assert pool.checkedout() == checked_out  # type: ignore[attr-defined]
