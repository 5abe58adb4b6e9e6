"""The foundation catalogue's import and `ngoreg stats orgs`, end to end through the command line on SQLite and
PostgreSQL, on a self-made catalogue in the published shape (tests/importing/fixtures/foundations.tsv) with
its dirt: placeholder and empty-range dates, full-width digits, 万元 and 亿, `nan` and `暂无`, several
supervisory units with full- and half-width commas, a bad check digit, a social association's code (51), a
province and a registrar level the code disagrees with, a row with too few cells, a repeated row and
deregistered and revoked foundations."""

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from ngoreg.audit.models import AuditEvent
from ngoreg.audit.service import verify
from ngoreg.cli.app import app
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.facets import repository as facets
from ngoreg.facets.models import Facet
from ngoreg.importing import foundations
from ngoreg.importing.foundations import fund_yuan, import_foundations, registrar_of, registration_day
from ngoreg.reference import Level
from ngoreg.registry import particulars
from ngoreg.registry.models import Authority, Organisation, OrgVersion, Relation
from tests.conftest import ACTOR, NOW

FIXTURES = Path(__file__).parent / "fixtures"
FOUNDATIONS = FIXTURES / "foundations.tsv"
runner = CliRunner()


def ngoreg(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def run_json(*args: str) -> Any:
    _, out, err = ngoreg(*args, "--json")
    assert "Traceback" not in out + err
    return json.loads(out)


@pytest.fixture
def db(url: str) -> str:
    assert ngoreg("init", "--db", url)[0] == 0
    return url


def table_counts(db: str) -> dict[str, int]:
    with transaction(db, write=False) as s:
        return {m.__tablename__: s.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (Organisation, OrgVersion, Authority, Relation, Facet, AuditEvent)}  # fmt: skip


def org_stats(db: str, by: str, as_of: str | None = None) -> dict[str, tuple[int, str | None]]:
    args = ["stats", "orgs", "--by", by, "--db", db] + (["--as-of", as_of] if as_of else [])
    return {r["key"]: (r["count"], r["label_zh"]) for r in run_json(*args)}


def test_the_report_names_each_rejected_row_duplicate_disagreement_and_undated_row(db: str) -> None:
    report = run_json("import", "foundations", str(FOUNDATIONS), "--db", db)
    assert (report["loaded"], report["rejected"], report["duplicates"], report["skipped_existing"]) == (10, 5, 1, 0)
    assert [(r["line"], r["reason"].split(":")[0]) for r in report["rejections"]] == [
        (6, "uscc"), (7, "uscc"), (9, "row"), (13, "status"), (16, "init_fund")]
    reasons = {r["line"]: r["reason"] for r in report["rejections"]}
    assert "check digit" in reasons[6] and "starts 51, but a foundation" in reasons[7]
    assert "4 cells" in reasons[9] and "16 columns" in reasons[9] and "'休眠'" in reasons[13]
    assert report["duplicate_rows"] == [{"line": 10, "reason": "the same foundation as line 3"}]
    assert report["disagreement_rows"] == [
        {"line": 8, "field": "prov", "row": "湖南省 (430000)", "code": "440000 (广东省)"},
        {"line": 14, "field": "reg_dept", "row": "深圳市民政局 (municipal)", "code": "provincial (region 440000)"},
    ]
    assert [r["line"] for r in report["undated_rows"]] == [5, 12, 14]
    assert report["created"]["registrar_civil_affairs"] == 3  # 成都市, 武侯区 and 深圳市; the others are seeded
    assert report["created"]["supervisory_unit"] == 7


def test_strict_loads_nothing_and_a_second_run_adds_nothing(db: str) -> None:
    before = table_counts(db)
    code, out, _ = ngoreg("import", "foundations", str(FOUNDATIONS), "--strict", "--db", db, "--json")
    assert code == 2 and json.loads(out)["loaded_nothing_because_strict"] and json.loads(out)["rejected"] == 5
    assert table_counts(db) == before
    code, _, err = ngoreg("import", "foundations", str(FOUNDATIONS), "--db", db)
    assert code == 2 and "line 9: rejected: row:" in err and "line 14: loaded, disagrees" in err
    loaded = table_counts(db)
    again = run_json("import", "foundations", str(FOUNDATIONS), "--db", db)
    assert (again["loaded"], again["skipped_existing"], again["duplicates"]) == (0, 10, 1)
    assert table_counts(db) == loaded
    assert ngoreg("audit", "verify", "--db", db)[0] == 0


def test_a_foundation_its_registrar_units_particulars_and_history(db: str) -> None:
    run_json("import", "foundations", str(FOUNDATIONS), "--db", db)
    found = {o["name_zh"]: o for o in run_json("org", "list", "--kind", "foundation", "--db", db)}
    chengdu = run_json("org", "show", str(found["成都市春苗慈善基金会"]["id"]), "--db", db)
    assert (chengdu["province"], chengdu["registered_on"], chengdu["status"]) == ("510000", "2018-09-10", "registered")
    assert sorted((r["predicate"], r["valid_from"]) for r in chengdu["relations"]) == [
        ("registered_with", "2018-09-10"), ("sponsored_by", "2018-09-10"), ("sponsored_by", "2018-09-10")]
    youth = run_json("org", "show", str(found["中国青少年发展基金会"]["id"]), "--db", db)
    assert youth["public_fundraising"] is True
    with transaction(db, write=False) as s:
        mca = s.scalars(select(Authority).where(Authority.name_zh == "中华人民共和国民政部")).one()
        assert s.scalars(select(Relation.object_authority_id).where(
            Relation.subject_org_id == youth["id"], Relation.predicate == "registered_with")).one() == mca.id
        wuhou = s.scalars(select(Authority).where(Authority.name_zh == "成都市武侯区民政局")).one()
        assert (wuhou.kind, wuhou.level, wuhou.province) == ("registrar_civil_affairs", "county", "510000")
        sichuan = s.scalars(select(Authority).where(Authority.name_zh == "四川省民政厅")).one()
        assert wuhou.parent_id == sichuan.id
        funds = {json.loads(a)["original_fund_yuan"] for a in s.scalars(select(AuditEvent.after).where(
            AuditEvent.action == "foundation.particulars_recorded")) if "original_fund_yuan" in json.loads(a)}
        assert funds == {10_000_000, 2_000_000, 4_000_000, 5_000_000, 50_000_000, 8_000_000}
    # A deregistered foundation was registered from its day until the import; a revoked one without a date never
    # was, as far as the registry knows.
    deregistered = found["中华扶贫援助基金会"]
    assert deregistered["status"] == "deregistered"
    assert run_json("org", "show", str(deregistered["id"]), "--as-of", "2010-01-01", "--db", db)["status"] == \
        "registered"  # fmt: skip
    assert found["云南省彩云助残基金会"]["status"] == "revoked"
    assert run_json("org", "show", str(found["云南省彩云助残基金会"]["id"]), "--db", db)["registered_on"] is None


def test_stats_orgs_by_every_dimension_as_of_a_date(db: str) -> None:
    run_json("import", "foundations", str(FOUNDATIONS), "--db", db)
    assert org_stats(db, "kind") == {"foundation": (8, "基金会")}
    assert org_stats(db, "status") == {"registered": (8, "正常"), "deregistered": (1, "注销"), "revoked": (1, "撤销")}
    assert org_stats(db, "status", "2010-01-01") == {"registered": (2, "正常")}
    assert org_stats(db, "province")["510000"] == (3, "四川省")
    assert org_stats(db, "registrar-level") == {"provincial": (4, "省级"), "municipal": (2, "市级"),
                                                "county": (1, "县级"), "national": (1, "全国")}  # fmt: skip
    # the Beijing foundation whose spv_dept is empty has no management facet
    assert org_stats(db, "management") == {"dual": (4, "双重管理"), "direct": (3, "直接登记")}
    assert org_stats(db, "registrar-level", "2016-01-01") == {"national": (2, "全国"), "provincial": (3, "省级")}
    assert org_stats(db, "grade") == {}
    with transaction(db) as s:  # the evaluation procedure's facet, as it will write it
        ids = [i for i, in s.execute(select(Organisation.id).where(Organisation.status == "registered").limit(3))]
        w = facets.FacetWriter(s)
        for org_id, grade in zip(ids, ("5A", "5A", "3A"), strict=True):
            w.add("foundation", "organisation", org_id, particulars.GRADE, particulars.check(particulars.GRADE, grade),
                  date(2020, 6, 1))
        w.close()
    assert org_stats(db, "grade") == {"5A": (2, "5A级"), "3A": (1, "3A级")}
    assert org_stats(db, "grade", "2019-12-31") == {}
    code, _, err = ngoreg("stats", "orgs", "--by", "colour", "--db", db)
    assert code == 2 and err.startswith("error: --by: 'colour': one of kind, registrar-level")
    code, _, err = ngoreg("stats", "orgs", "--by", "kind", "--as-of", "2020-02-30", "--db", db)
    assert code == 2 and "--as-of" in err


def test_a_file_without_a_required_column_or_not_utf8_is_refused_whole(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("inst_nm\tuscc\n某基金会\t\n", encoding="utf-8")
    code, _, err = ngoreg("import", "foundations", str(bad), "--db", db)
    assert code == 2 and "header: 'inst_type': missing column" in err
    bad.write_bytes(FOUNDATIONS.read_text(encoding="utf-8").encode("gb18030"))
    code, _, err = ngoreg("import", "foundations", str(bad), "--db", db)
    assert code == 2 and "is not UTF-8" in err


def test_cleaning_rules() -> None:
    assert [fund_yuan(v) for v in ("2000000", "2,000,000元", "200万元", "２００万", "0.5亿", "nan", "暂无", "",
                                   "1234.5元")] == [2_000_000, 2_000_000, 2_000_000, 2_000_000, 50_000_000, None,
                                                   None, None, 1235]  # fmt: skip
    with pytest.raises(InvalidInput, match="init_fund"):
        fund_yuan("约二百万")
    today = NOW.date()
    assert [registration_day(v, today) for v in ("2015-06-01", "1900-01-01 至 1900-01-01", " 至 ", "1899-12-30",
                                                 "", "2015-06-01 00:00:00")] == [date(2015, 6, 1), None, None, None,
                                                                                  None, date(2015, 6, 1)]  # fmt: skip
    with pytest.raises(InvalidInput, match=r"est_date.*a range"):
        registration_day("2015-06-01 至 2025-06-01", today)
    with pytest.raises(InvalidInput, match="future"):
        registration_day("2099-01-01", today)
    names = ("民政部", "中华人民共和国民政部", "四川省民政厅", "北京市民政局", "广西壮族自治区民政厅", "成都市民政局",
             "四川省成都市民政局", "成都市武侯区民政局", "北京市朝阳区民政局", "阿克苏地区民政局", "吉林市民政局")
    assert [registrar_of(n) for n in names] == [
        (Level.NATIONAL, None), (Level.NATIONAL, None), (Level.PROVINCIAL, "510000"), (Level.PROVINCIAL, "110000"),
        (Level.PROVINCIAL, "450000"), (Level.MUNICIPAL, None), (Level.MUNICIPAL, "510000"), (Level.COUNTY, None),
        (Level.COUNTY, "110000"), (Level.MUNICIPAL, None), (Level.MUNICIPAL, None)]


def test_the_import_and_the_counts_over_http_say_what_the_command_line_says(db: str) -> None:
    from tests.web.accounts import admin, client_as

    client = admin(db)
    body = FOUNDATIONS.read_bytes()
    strict = client.post("/api/v1/imports/foundations", params={"strict": True}, content=body,
                         headers={"Content-Type": "text/tab-separated-values"})  # fmt: skip
    assert strict.status_code == 200 and strict.json()["loaded_nothing_because_strict"] is True
    r = client.post("/api/v1/imports/foundations", content=body)
    assert r.status_code == 200, r.text
    report = r.json()
    assert (report["loaded"], report["rejected"], report["duplicates"], report["disagreements"]) == (10, 5, 1, 2)
    assert report["disagreement_rows"][0] == {"line": 8, "field": "prov", "row": "湖南省 (430000)",
                                              "code": "440000 (广东省)"}  # fmt: skip
    assert client.post("/api/v1/imports/foundations", content=body).json()["skipped_existing"] == 10
    header = client.post("/api/v1/imports/foundations", content="inst_nm\n某基金会\n".encode())
    assert header.status_code == 422 and header.json()["error"]["message"].startswith("header: 'uscc'")
    public = client_as(db, None)
    for by in ("kind", "registrar-level", "management", "status"):
        api = public.get("/api/v1/statistics/orgs", params={"by": by, "as_of": "2019-01-01"})
        assert api.status_code == 200 and api.json() == run_json("stats", "orgs", "--by", by, "--as-of", "2019-01-01",
                                                                 "--db", db)  # fmt: skip
    bad = public.get("/api/v1/statistics/orgs", params={"by": "colour"})
    assert bad.status_code == 422 and bad.json()["error"]["message"].startswith("by: 'colour'")
    assert public.post("/api/v1/imports/foundations", content=body).status_code in (401, 403)


def logged(db: str) -> list[tuple[object, ...]]:
    with transaction(db, write=False) as s:
        return [tuple(r) for r in s.execute(select(AuditEvent.id, AuditEvent.action, AuditEvent.subject_id,
                                                    AuditEvent.after).order_by(AuditEvent.id))]  # fmt: skip


def test_the_log_replays_every_foundation_and_holds_each_of_its_relations(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(foundations, "CHUNK", 3)  # several batches, each numbered on from the one before
    with transaction(db) as s:
        assert import_foundations(s, FOUNDATIONS, actor=ACTOR, now=NOW, in_child=False).loaded == 10
    with transaction(db, write=False) as s:
        assert verify(s).ok
        # every relation of a foundation, as its one particulars event records it: id, values and basis
        of_foundations = select(Relation).join(Organisation, Organisation.id == Relation.subject_org_id)
        rows = {r.id: r for r in s.scalars(of_foundations.where(Organisation.kind == "foundation"))}
        recorded: dict[int, dict[str, Any]] = {}
        for org_id, after in s.execute(select(AuditEvent.subject_id, AuditEvent.after).where(
                AuditEvent.action == "foundation.particulars_recorded")):  # fmt: skip
            for rel in json.loads(after)["relations"]:
                assert rel["subject_org_id"] == org_id and rel["basis"]
                recorded[rel["id"]] = rel
        assert len(rows) == 17 and set(recorded) == set(rows)
        for rel_id, r in rows.items():
            assert recorded[rel_id] == {
                "id": r.id, "predicate": r.predicate, "subject_org_id": r.subject_org_id, "subject_authority_id": None,
                "object_org_id": None, "object_authority_id": r.object_authority_id,
                "valid_from": r.valid_from.isoformat() if r.valid_from else None, "valid_to": None,
                "basis": recorded[rel_id]["basis"]}  # fmt: skip
        # a deregistered foundation's history: registered from its day, deregistered on the day of the import,
        # each version begun by the event whose state it holds
        org_id = s.scalars(select(Organisation.id).where(Organisation.name_zh == "中华扶贫援助基金会")).one()
        versions = s.execute(select(OrgVersion.valid_from, OrgVersion.valid_to, OrgVersion.status, AuditEvent.action,
                                    AuditEvent.after).join(AuditEvent, AuditEvent.id == OrgVersion.event_id)
                             .where(OrgVersion.org_id == org_id).order_by(OrgVersion.valid_from)).all()  # fmt: skip
        assert [(v[2], v[3], json.loads(v[4])["status"]) for v in versions] == [
            ("registered", "organisation.registered", "registered"),
            ("deregistered", "organisation.changed", "deregistered")]
        assert versions[0][1] == versions[1][0] == NOW.date()


def test_a_child_process_prepares_the_same_rows_as_the_importer_itself(
    db: str, tmp_path: Path, sqlite_template: Path
) -> None:
    with transaction(db) as s:
        assert import_foundations(s, FOUNDATIONS, actor=ACTOR, now=NOW, in_child=True).loaded == 10
    inline = f"sqlite:///{tmp_path / 'inline.db'}"
    shutil.copy(sqlite_template, tmp_path / "inline.db")
    assert ngoreg("init", "--db", inline)[0] == 0
    with transaction(inline) as s:
        assert import_foundations(s, FOUNDATIONS, actor=ACTOR, now=NOW, in_child=False).loaded == 10
    # the same events (`ngoreg init` chained its own with the clock's time, so the hashes differ)
    assert logged(db) == logged(inline)
    with transaction(db) as s:
        assert verify(s).ok
        assert import_foundations(s, FOUNDATIONS, actor=ACTOR, now=NOW, in_child=True).skipped == 10
