"""The counts of organisations by kind that the database keeps in step (`org_kind_days`, migration 0010)
give the same numbers as counting the registry row by row — now, and as of every day around a change —
and follow each addition and change in the same transaction. Both engines."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text, true

from ngoreg.db.engine import transaction
from ngoreg.importing.orgs_csv import import_orgs
from ngoreg.registry import repository as repo
from ngoreg.registry.service import add_organisation, update_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW
from tests.importing.test_orgs_csv import orgs_csv
from tests.web.accounts import app_at

D = date


def _scanned(url: str, as_of: date | None) -> list[tuple[str | None, int]]:
    """The count as the registry's general path makes it (a `visible` condition takes that path)."""
    with transaction(url, write=False) as s:
        return repo.count_by(s, "kind", as_of=as_of, visible=true())


def _kept(url: str, as_of: date | None) -> list[tuple[str | None, int]]:
    with transaction(url, write=False) as s:
        return repo.count_by(s, "kind", as_of=as_of)


def _add(url: str, kind: str, name: str, registered_on: str | None = None) -> int:
    with transaction(url) as s:
        return add_organisation(s, org_record(kind=kind, name_zh=name, province="Beijing",
                                              registered_on=registered_on), actor=ACTOR, now=NOW)  # fmt: skip


def test_kept_counts_equal_the_scan_now_and_as_of_any_day(url: str) -> None:
    a = _add(url, "social_association", "甲协会", "2010-05-04")
    _add(url, "social_association", "乙协会", "2012-01-09")
    f = _add(url, "foundation", "丙基金会", "2012-01-09")
    _add(url, "civil_non_enterprise", "丁中心")  # no registration day: in the registry from today (NOW)
    with transaction(url) as s:
        update_organisation(s, a, {"status": "deregistered", "ended_on": "2015-03-01"}, on=D(2015, 3, 1),
                            actor=ACTOR, now=NOW)  # fmt: skip
        update_organisation(s, f, {"province": "Shanghai"}, on=D(2016, 6, 1), actor=ACTOR, now=NOW)
    days = [None, D(2010, 5, 3), D(2010, 5, 4), D(2012, 1, 8), D(2012, 1, 9), D(2015, 2, 28), D(2015, 3, 1),
            D(2016, 6, 1), NOW.date() - timedelta(days=1), NOW.date()]  # fmt: skip
    for day in days:
        assert _kept(url, day) == _scanned(url, day), day
    assert _kept(url, D(2015, 2, 28)) == [("foundation", 1), ("social_association", 2)]
    assert _kept(url, D(2015, 3, 1)) == [("foundation", 1), ("social_association", 1)]  # deregistered that day
    assert _kept(url, None) == [("civil_non_enterprise", 1), ("foundation", 1), ("social_association", 1)]


def test_a_rolled_back_change_leaves_the_counts_as_they_were(url: str) -> None:
    _add(url, "foundation", "甲基金会", "2011-01-01")
    before = _kept(url, None)
    try:
        with transaction(url) as s:
            add_organisation(s, org_record(kind="foundation", name_zh="乙基金会", registered_on="2011-02-01"),
                             actor=ACTOR, now=NOW)  # fmt: skip
            assert repo.count_by(s, "kind", as_of=None) == [("foundation", 2)]  # in step inside the transaction
            raise RuntimeError("abandon")
    except RuntimeError:
        pass
    assert _kept(url, None) == before == [("foundation", 1)]


def test_deleting_versions_takes_them_out(url: str) -> None:
    org = _add(url, "foundation", "甲基金会", "2011-01-01")
    with transaction(url) as s:
        s.execute(text("DELETE FROM org_versions WHERE org_id = :o"), {"o": org})
        on = D(2012, 1, 1)
        assert repo.count_by(s, "kind", as_of=on) == [] == repo.count_by(s, "kind", as_of=on, visible=true())


def test_the_dashboard_follows_an_addition_and_keeps_history(url: str) -> None:
    _add(url, "foundation", "甲基金会", "2011-01-01")
    client = TestClient(app_at(url))

    def total(**params: str) -> str:
        page = client.get("/dashboards/organisations-by-kind", params={"lang": "en", **params})
        assert page.status_code == 200
        return page.text

    assert "Total: 1" in total()
    _add(url, "foundation", "乙基金会", "2020-01-01")
    assert "Total: 2" in total()  # the next request sees the addition
    assert "Total: 1" in total(as_of="2019-12-31") and "Total: 2" in total(as_of="2020-01-01")
    assert "Total: 0" in total(as_of="2010-12-31")


def test_a_bulk_import_counts_its_organisations_and_switches_the_triggers_on_again(url: str, tmp_path: Path) -> None:
    _add(url, "foundation", "戊基金会", "2014-07-01")
    with transaction(url) as s:  # a load larger than the registry: its indexes are rebuilt, its counts summed
        import_orgs(s, orgs_csv(tmp_path / "orgs.csv", 40), actor=ACTOR, now=NOW)
    for day in (None, D(2014, 12, 31), D(2015, 1, 10), D(2015, 1, 28)):
        assert _kept(url, day) == _scanned(url, day), day
    assert dict(_kept(url, None)) == {"foundation": 1, "social_association": 40}
    with transaction(url) as s:  # again, a load smaller than the registry
        import_orgs(s, orgs_csv(tmp_path / "more.csv", 5, start=40), actor=ACTOR, now=NOW)
    _add(url, "social_association", "己协会", "2016-02-02")  # counted by its trigger, on again
    assert _kept(url, None) == _scanned(url, None) == [("foundation", 1), ("social_association", 46)]
    assert _kept(url, D(2015, 1, 1)) == _scanned(url, D(2015, 1, 1))
