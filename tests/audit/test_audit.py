import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ngoreg.audit.service import verify
from ngoreg.db.engine import get_engine, transaction
from ngoreg.registry import service
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW


@pytest.fixture
def logged(url: str) -> str:
    for i in range(5):
        with transaction(url) as s:
            service.add_organisation(s, org_record(kind="social_association", name_zh=f"测试协会{i}"), actor=ACTOR,
                                     now=NOW)  # fmt: skip
    return url


def test_an_untouched_chain_verifies(logged: str) -> None:
    with transaction(logged, write=False) as s:
        v = verify(s)
    assert (v.ok, v.checked) == (True, 5)


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET reason = 'x' WHERE id = 2",
                                       "DELETE FROM audit_events WHERE id = 2"])  # fmt: skip
def test_the_database_refuses_updates_and_deletes(logged: str, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), get_engine(logged).begin() as c:
        c.execute(text(statement))


def _by_hand(url: str, statement: str) -> None:
    """What someone with the database's owner rights could do: switch the guard off and edit."""
    with get_engine(url).begin() as c:
        if c.dialect.name == "sqlite":
            c.execute(text("DROP TRIGGER audit_events_no_update"))
            c.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            c.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
        c.execute(text(statement))


def test_a_row_changed_by_hand_is_caught(logged: str) -> None:
    _by_hand(logged, "UPDATE audit_events SET after = replace(after, '测试协会2', '别的协会') WHERE id = 3")
    with transaction(logged, write=False) as s:
        v = verify(s)
    assert (v.ok, v.broken_at, v.checked) == (False, 3, 2)
    assert "contents" in (v.problem or "")


def test_a_row_deleted_by_hand_is_caught(logged: str) -> None:
    _by_hand(logged, "DELETE FROM audit_events WHERE id = 2")
    with transaction(logged, write=False) as s:
        v = verify(s)
    assert (v.ok, v.broken_at) == (False, 3)
    assert "link" in (v.problem or "")
