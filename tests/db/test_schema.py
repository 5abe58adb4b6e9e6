"""The migrations build the schema the models describe, on both engines (engine-only extras aside: the FTS5
tables on SQLite, the trigram and short-query GIN indexes on PostgreSQL)."""

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from ngoreg.db.engine import get_engine
from ngoreg.db.models import Base

ENGINE_EXTRAS = ("org_names_fts", "ix_org_names_trgm", "org_names_grams", "ix_org_names_grams")


def test_migrations_match_the_models(url: str) -> None:
    with get_engine(url).connect() as conn:
        diff: list[Any] = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if not any(x in str(d) for x in ENGINE_EXTRAS)] == []


def test_the_planner_sees_a_fine_histogram_of_names(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("SQLite keeps no histogram to tune")
    sql = "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'org_names'::regclass AND attname = 'folded'"
    with get_engine(url).connect() as conn:
        assert conn.execute(text(sql)).scalar() == 1000
