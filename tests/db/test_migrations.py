"""Migrations carry existing data forward: a registry written under revision 0002, with a change in its
history, reads the same as of every date after the version rows start pointing at the audit log."""

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ngoreg.compliance import calendar
from ngoreg.db.engine import get_engine, transaction
from ngoreg.db.migrate import upgrade
from ngoreg.registry import service
from tests.conftest import PG_URL

AT = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    if not PG_URL:
        pytest.skip("NGOREG_TEST_DATABASE_URL is not set")
    name = f"ngoreg_m_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    get_engine(url).dispose()
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def state(name: str, province: str) -> dict[str, object]:
    return {"kind": "social_association", "name_zh": name, "name_en": None, "uscc": None, "origin": "CN",
            "province": province, "fields": [], "gongo": None, "public_fundraising": None, "status": "registered",
            "registered_on": "2010-01-01", "ended_on": None, "parent_id": None, "aliases": [], "former_names": []}


def test_version_states_move_to_the_audit_log(empty_url: str) -> None:
    upgrade(empty_url, "0002")
    old, new = state("广州市助残服务中心", "440000"), state("上海市助残服务中心", "310000")
    with get_engine(empty_url).begin() as c:
        c.execute(text("INSERT INTO organisations (id, kind, name_zh, origin, province, fields, status, "
                       "registered_on, version) VALUES (1, 'social_association', :n, 'CN', '310000', '[]', "
                       "'registered', '2010-01-01', 2)"), {"n": new["name_zh"]})  # fmt: skip
        for i, (action, after, on) in enumerate([("organisation.registered", old, "2010-01-01"),
                                                 ("organisation.changed", new, "2019-01-01")], start=1):  # fmt: skip
            c.execute(text("INSERT INTO audit_events (id, recorded_at, effective_on, actor, actor_name, action, "
                           "subject_type, subject_id, after, prev_hash, hash) VALUES (:i, :at, :on, 't', 't', :a, "
                           "'organisation', 1, :after, 'x', 'y')"),
                      {"i": i, "at": AT, "on": on, "a": action, "after": json.dumps(after)})  # fmt: skip
        for i, (after, start, end) in enumerate([(old, "2010-01-01", "2019-01-01"), (new, "2019-01-01", None)], 1):
            c.execute(text("INSERT INTO org_versions (id, org_id, valid_from, valid_to, state, kind, province, "
                           "status) VALUES (:i, 1, :f, :t, :s, 'social_association', :p, 'registered')"),
                      {"i": i, "f": start, "t": end, "s": json.dumps(after), "p": after["province"]})  # fmt: skip
    upgrade(empty_url)
    with transaction(empty_url, write=False) as s:
        assert service.show(s, 1, as_of=date(2015, 6, 1))["name_zh"] == "广州市助残服务中心"
        assert service.show(s, 1)["name_zh"] == "上海市助残服务中心"
        assert dict(service.count_by(s, "province", as_of=date(2015, 6, 1))) == {"440000": 1}


def test_deadlines_learn_their_organisation_and_duty(empty_url: str) -> None:
    """0006 copies each filing's organisation and procedure onto its deadlines and names the yearly duty a
    deadline takes up, from the filing's procedure and year; the calendar then counts the plan for 2020 as
    met."""
    upgrade(empty_url, "0005")
    with get_engine(empty_url).begin() as c:
        c.execute(text("INSERT INTO organisations (id, kind, name_en, origin, fields, status, registered_on, version) "
                       "VALUES (7, 'representative_office', 'Office', 'US', '[]', 'registered', '2018-03-01', 1)"))
        filings = [(1, "fngo_annual_plan", '{"year": 2020}'), (2, "fngo_annual_plan", "{}"),
                   (3, "fngo_temporary_activity", '{"year": 2020}')]  # fmt: skip
        for i, procedure, data in filings:
            c.execute(text("INSERT INTO filings (id, procedure, procedure_version, org_id, state, data, started_on, "
                           "version) VALUES (:i, :p, '2017-01-01', 7, 'filed', :d, '2019-11-01', 1)"),
                      {"i": i, "p": procedure, "d": data})  # fmt: skip
        for i, filing, name in [(1, 1, "plan_to_psu"), (2, 1, "plan_to_registrar"), (3, 2, "plan_to_psu"),
                                (4, 3, "closing_report")]:  # fmt: skip
            c.execute(text("INSERT INTO filing_deadlines (id, filing_id, name, basis, opened_on, due_on, provisional, "
                           "status, closed_on) VALUES (:i, :f, :n, 'FNGO Law art. 19', '2019-11-01', '2019-12-31', "
                           ":no, 'met', '2019-12-20')"), {"i": i, "f": filing, "n": name, "no": False})  # fmt: skip
    upgrade(empty_url)
    with get_engine(empty_url).connect() as c:
        rows = c.execute(text("SELECT id, org_id, procedure, duty FROM filing_deadlines ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, 7, "fngo_annual_plan", "fngo_annual_plan/plan_to_psu/2020"),
                                        (2, 7, "fngo_annual_plan", None), (3, 7, "fngo_annual_plan", None),
                                        (4, 7, "fngo_temporary_activity", None)]  # fmt: skip
    with transaction(empty_url, write=False) as s:
        plan = [o for o in calendar.due(s, as_of=date(2020, 1, 10), since=date(2019, 1, 1))
                if o.ref == "fngo_annual_plan/plan_to_psu/2020"]
    assert [(o.status, o.filing_id) for o in plan] == [("met", 1)]


def test_offices_imported_before_0012_learn_the_day_they_were_imported(empty_url: str) -> None:
    """0012 gives an office that came from a list (a row of `source_records`) the day, in Beijing Time, its
    first audit event was recorded; the calendar then leaves out its duties that fell due before it."""
    upgrade(empty_url, "0010")
    with get_engine(empty_url).begin() as c:
        for org, name in ((7, "Listed Office"), (8, "Registered Office")):
            c.execute(text("INSERT INTO organisations (id, kind, name_en, origin, fields, status, registered_on, "
                           "version) VALUES (:i, 'representative_office', :n, 'US', '[]', 'registered', "
                           "'2017-06-01', 1)"), {"i": org, "n": name})  # fmt: skip
            # 18:00 UTC is 02:00 the next day in Beijing
            c.execute(text("INSERT INTO audit_events (id, recorded_at, effective_on, actor, actor_name, action, "
                           "subject_type, subject_id, prev_hash, hash) VALUES (:i, :at, '2017-06-01', 't', 't', "
                           "'organisation.registered', 'organisation', :i, 'x', 'y')"),
                      {"i": org, "at": datetime(2019, 3, 15, 18, 0, tzinfo=UTC)})  # fmt: skip
        c.execute(text("INSERT INTO source_records (id, source, key, subject_type, subject_id, line) VALUES "
                       "(1, 'chinafile:offices', 'k', 'organisation', 7, 2)"))  # fmt: skip
    upgrade(empty_url)
    with get_engine(empty_url).connect() as c:
        got = dict(c.execute(text("SELECT id, imported_on FROM organisations ORDER BY id")).all())
    assert {k: v if v is None or isinstance(v, date) else date.fromisoformat(v) for k, v in got.items()} == {
        7: date(2019, 3, 16), 8: None}
    first: dict[int, date] = {}
    with transaction(empty_url, write=False) as s:
        for o in calendar.due(s, as_of=date(2019, 6, 30)):
            first.setdefault(o.org_id, o.due_on)  # the calendar comes by last day
    # The listed office's first duty is the report on 2018 to the registrar; the other's the plan for 2018.
    assert first == {7: date(2019, 4, 1), 8: date(2018, 1, 2)}
