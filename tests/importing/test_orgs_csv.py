"""The organisation importer's bulk machinery: preparing rows in a child process, rebuilding indexes
around a large load, and failures in the child reaching the caller as one clear error."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from ngoreg.audit.models import AuditEvent
from ngoreg.audit.service import verify
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.importing.orgs_csv import import_orgs
from ngoreg.registry.repository import REBUILT_INDEXES
from ngoreg.registry.search import search
from tests.conftest import ACTOR, NOW
from tests.registry.test_uscc import with_check_digit

HEADER = "kind,name_zh,name_en,uscc,province,registered_on\n"


def orgs_csv(path: Path, n: int, start: int = 0) -> Path:
    rows = [
        f"social_association,北京市第{i}号研究会,Beijing Research Society {i},"
        f"{with_check_digit(f'51110000MJ{i:07d}')},110000,2015-01-{1 + i % 28:02d}\n"
        for i in range(start, start + n)
    ]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def audit_rows(url: str) -> list[tuple[object, ...]]:
    with transaction(url, write=False) as s:
        return [tuple(r) for r in s.execute(select(AuditEvent.action, AuditEvent.subject_id, AuditEvent.after,
                                                    AuditEvent.hash).order_by(AuditEvent.id))]  # fmt: skip


def index_names(url: str) -> set[str]:
    with transaction(url, write=False) as s:
        if s.get_bind().dialect.name == "postgresql":
            return set(s.scalars(text("SELECT indexname FROM pg_indexes")))
        return set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'index'")))


def test_a_child_process_prepares_the_same_rows_as_the_importer_itself(
    url: str, tmp_path: Path, sqlite_template: Path
) -> None:
    path = orgs_csv(tmp_path / "orgs.csv", 300)
    with transaction(url) as s:
        report = import_orgs(s, path, actor=ACTOR, now=NOW, in_child=True)
    assert (report.loaded, report.rejected) == (300, [])
    inline_url = f"sqlite:///{tmp_path / 'inline.db'}"
    shutil.copy(sqlite_template, tmp_path / "inline.db")
    with transaction(inline_url) as s:
        assert import_orgs(s, path, actor=ACTOR, now=NOW, in_child=False).loaded == 300
    in_child = audit_rows(url)
    assert len(in_child) == 300 and in_child[0][:2] == ("organisation.registered", 1)
    assert in_child == audit_rows(inline_url)  # the same events, hashes and all
    with transaction(url) as s:
        assert verify(s).ok
        assert [h.name for h in search(s, "第17号研究")] == ["北京市第17号研究会"]
        assert import_orgs(s, path, actor=ACTOR, now=NOW, in_child=True).skipped == 300


def test_the_indexes_are_rebuilt_around_a_large_load_and_kept_for_a_small_one(url: str, tmp_path: Path) -> None:
    before = index_names(url)
    assert set(REBUILT_INDEXES) - {"ix_org_names_trgm", "ix_org_names_grams"} <= before  # those two: PostgreSQL
    with transaction(url) as s:
        assert import_orgs(s, orgs_csv(tmp_path / "a.csv", 400), actor=ACTOR, now=NOW).loaded == 400
    assert index_names(url) == before
    with transaction(url) as s:  # 2 rows beside 400: grown in place
        assert import_orgs(s, orgs_csv(tmp_path / "b.csv", 2, start=400), actor=ACTOR, now=NOW).loaded == 2
        assert [h.name for h in search(s, "第401号")] == ["北京市第401号研究会"]
    assert index_names(url) == before


def test_a_failure_in_the_child_reaches_the_caller_and_nothing_is_written(url: str, tmp_path: Path) -> None:
    path = tmp_path / "gb.csv"
    path.write_bytes((HEADER + "social_association,北京市青少年发展协会,,,110000,\n").encode("gb18030"))
    with pytest.raises(InvalidInput, match="not UTF-8"), transaction(url) as s:
        import_orgs(s, path, actor=ACTOR, now=NOW, in_child=True)
    assert audit_rows(url) == []


def test_a_header_the_csv_module_cannot_read_is_invalid_input(url: str, tmp_path: Path) -> None:
    """A stray carriage return inside the first line made `csv.reader` raise its own error (a 500 over HTTP)."""
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"kind,na\rme_zh\nsocial_association,x\n")
    with pytest.raises(InvalidInput) as caught, transaction(url) as s:
        import_orgs(s, bad, actor=ACTOR, now=NOW)
    assert caught.value.field == "header"
