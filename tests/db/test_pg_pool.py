"""The PostgreSQL databases the tests share (tests/pg_pool.py): one handed on after a test is as empty as a
fresh copy of the template, and one a test changed beyond its rows is never handed on."""

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text

from ngoreg.audit.models import AuditEvent
from ngoreg.db.engine import get_engine, transaction
from ngoreg.registry import service
from ngoreg.registry.models import Organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW, PG_URL
from tests.pg_pool import PgDatabases


@pytest.fixture
def databases(pg_template: str) -> Iterator[PgDatabases]:
    pool = PgDatabases(PG_URL or "", pg_template)
    yield pool
    pool.close()


def add_office(url: str, name: str = "Alpha Office") -> int:
    with transaction(url) as s:
        return service.add_organisation(s, org_record(kind="representative_office", name_en=name, origin="GB"),
                                        actor=ACTOR, now=NOW)  # fmt: skip


def test_a_database_is_handed_on_empty_with_its_counters_restarted(databases: PgDatabases) -> None:
    name, url = databases.take()
    first = add_office(url)
    add_office(url, "Beta Office")
    get_engine(url).dispose()
    databases.give_back(name)

    again, url2 = databases.take()
    assert again == name and url2 != url  # the same database, under a URL no earlier test used
    with transaction(url2, write=False) as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0  # append-only, yet emptied
    assert add_office(url2) == first  # ids start again where a fresh copy's start
    with get_engine(url2).connect() as c, pytest.raises(Exception, match="append-only"):
        c.execute(text("DELETE FROM audit_events"))  # the audit log's trigger is still there
    get_engine(url2).dispose()
    databases.give_back(again)


def test_a_database_whose_schema_a_test_changed_is_dropped(databases: PgDatabases) -> None:
    name, url = databases.take()
    with get_engine(url).begin() as c:
        c.execute(text("CREATE INDEX ix_extra ON organisations (kind)"))
    get_engine(url).dispose()
    databases.give_back(name)
    assert databases.idle == [] and name not in databases.made
    fresh, _ = databases.take()
    assert fresh != name
    databases.give_back(fresh)
