"""The ChinaFile importers, stats and checks on self-made files in ChinaFile's format (tests/importing/fixtures),
end to end through the command line, on SQLite and PostgreSQL. The fixtures carry the dirt the real files
have: stray whitespace and tabs, a province list in a date column, `(formerly …)` supervisory units, a unit
spelt two ways, a bad date, offices of one NGO in two provinces, a repeated row, an unknown partner type."""

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from ngoreg.audit.chain import canonical
from ngoreg.audit.models import AuditEvent
from ngoreg.authorities.models import AuthorityName
from ngoreg.cli.app import app
from ngoreg.db.engine import transaction
from ngoreg.facets.models import Facet
from ngoreg.filings.models import Filing, FilingDeadline
from ngoreg.filings.service import fire, sweep
from ngoreg.registry.models import Authority, Organisation, Relation
from tests.conftest import ACTOR, NOW

FIXTURES = Path(__file__).parent / "fixtures"
PSUS, OFFICES, ACTIVITIES = (FIXTURES / f for f in ("supervisory_units.csv", "offices.csv", "temporary_activities.csv"))
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


def imported(db: str, *files: tuple[str, Path]) -> list[dict[str, Any]]:
    return [run_json("import", f"chinafile-{kind}", str(path), "--db", db) for kind, path in files]


def table_counts(db: str) -> dict[str, int]:
    with transaction(db, write=False) as s:
        return {m.__tablename__: s.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (Organisation, Authority, AuthorityName, Relation, Filing, FilingDeadline, Facet,
                          AuditEvent)}  # fmt: skip


def stats(db: str, subject: str, by: str, as_of: str | None = None) -> dict[str, tuple[int, str | None]]:
    args = ["stats", subject, "--by", by, "--db", db] + (["--as-of", as_of] if as_of else [])
    return {r["key"]: (r["count"], r["label_zh"]) for r in run_json(*args)}


def test_offices_report_each_rejected_row_and_warn_of_dirt(db: str) -> None:
    _, report = imported(db, ("psus", PSUS), ("offices", OFFICES))
    assert (report["loaded"], report["rejected"], report["duplicates"]) == (8, 2, 0)
    assert report["rejections"] == [
        {"line": 8, "reason": "Date of Registration: '2018-02-30': not a date; write YYYY-MM-DD"},
        {"line": 9, "reason": "Registration Location: 'Atlantis': unknown province (give a GB/T 2260 code or a "
                              "Chinese/English name)"},
    ]  # fmt: skip
    assert [(w["line"], w["reason"][:32]) for w in report["row_warnings"]] == [
        (4, "Date of Change holds a list of p"), (7, "no Professional Supervisory Unit")]
    # Two offices of one NGO (`Alpha Trade Council (Beijing)`, `(Shanghai)`) give one foreign NGO.
    assert report["created"]["representative_office"] == 8 and report["created"]["foreign_ngo"] == 7
    offices = run_json("org", "list", "--kind", "representative_office", "--db", db)
    bamboo = next(o for o in offices if "Bamboo" in o["name_en"])
    assert (bamboo["name_en"], bamboo["name_zh"]) == ("Bamboo Health Foundation", "竹子健康基金会")  # whitespace gone
    shown = run_json("org", "show", str(bamboo["id"]), "--db", db)
    assert {r["predicate"] for r in shown["relations"]} == {"office_of", "sponsored_by", "registered_with"}
    assert all(r["valid_from"] == "2017-09-21" for r in shown["relations"])
    assert (shown["province"], shown["origin"], shown["fields"]) == ("530000", "NL", ["civil_society", "health"])
    alphas = [o for o in offices if o["name_en"].startswith("Alpha")]
    assert len({o["parent_id"] for o in alphas}) == 1
    assert run_json("org", "show", str(alphas[0]["parent_id"]), "--db", db)["name_en"] == "Alpha Trade Council"


def test_supervisory_units_renamed_or_spelt_two_ways_are_one_authority(db: str) -> None:
    imported(db, ("psus", PSUS), ("offices", OFFICES))
    # `Beijing Commission of Economy and Informatization` is the former name of a unit in the list;
    # `Beijing Bureau of Education / 北京市体育局` is known only by its Chinese name, the Bureau of Sport's;
    # `Guangdong Department of Education (formerly …)` and plain `Guangdong Department of Education` are one.
    assert stats(db, "offices", "psu") == {
        "Guangdong Department of Education": (2, "广东省教育厅"),
        "Beijing Bureau of Economy and Information Technology": (1, "北京市经济和信息化局"),
        "Beijing Bureau of Sport": (1, "北京市体育局"),
        "Beijing Commission of Commerce": (1, "北京市商务委员会"),
        "Shanghai Commission of Commerce": (1, "上海市商务委员会"),
        "Yunnan Health Commission": (1, "云南省卫生健康委员会"),
    }
    units = {a["name_en"]: a for a in run_json("authority", "list", "--kind", "supervisory_unit", "--db", db)}
    assert len(units) == 6
    assert (units["Guangdong Department of Education"]["level"], units["Guangdong Department of Education"]["province"]
            ) == ("provincial", "440000")  # fmt: skip
    with transaction(db, write=False) as s:
        names = set(s.execute(select(Authority.name_en, AuthorityName.name, AuthorityName.role).join(
            AuthorityName, AuthorityName.authority_id == Authority.id)).all())  # fmt: skip
    assert ("Yunnan Health Commission", "Yunnan Health and Family Planning Commission", "former") in names
    assert ("Guangdong Department of Education", "Guangdong Education Bureau", "former") in names


def test_without_the_list_the_offices_file_alone_gives_each_spelling_its_unit(db: str) -> None:
    imported(db, ("offices", OFFICES))
    assert stats(db, "offices", "psu") == {
        "Guangdong Department of Education": (2, "广东省教育厅"),
        "Beijing Bureau of Education": (1, "北京市体育局"),
        "Beijing Commission of Commerce": (1, "北京市商务委员会"),
        "Beijing Commission of Economy and Informatization": (1, "北京市经济和信息化委员会"),
        "Shanghai Commission of Commerce": (1, "上海市商务委员会"),
        "Yunnan Health Commission": (1, "云南省卫生和计划生育委员会"),
    }


def test_activities_become_filed_filings_with_the_closing_report_due(db: str) -> None:
    _, _, report = imported(db, ("psus", PSUS), ("offices", OFFICES), ("activities", ACTIVITIES))
    assert (report["loaded"], report["rejected"], report["duplicates"], report["repeats"]) == (9, 4, 0, 1)
    assert [(r["line"], r["reason"]) for r in report["rejections"]] == [
        (7, "Start Date: '2018-13-01': not a date; write YYYY-MM-DD"),
        (8, "Start Date: 'Beijing, Tianjin': not a date; write YYYY-MM-DD"),
        (11, "Start Date: '2016-12-20': is before the FNGO Law came into force on 2017-01-01 (art. 54)"),
        (13, "CPU Type: 'Cooperative': unknown partner type; known: party or government entity, non-profit or "
             "foundation, industry association, school, college, university, or training institution, hospital or "
             "medical center, think tank or research institution, llc, foreign chamber of commerce, unknown, "
             "unavailable"),
    ]  # fmt: skip
    # Line 10 repeats line 4 field for field (blanks aside): the list holds both, so both are filings.
    assert report["repeated_rows"] == [{"line": 10, "repeats_line": 4}]
    assert [w["line"] for w in report["row_warnings"]] == [4, 5, 6]
    assert report["row_warnings"][0]["reason"] == "one-hot column Youth holds '·1'; read as marked"
    assert report["created"]["foreign_ngo"] == 3  # the Bamboo Health Foundation is the office's NGO
    partner_kinds = ("social_association", "public_institution", "state_organ", "foundation")
    assert {k: report["created"][k] for k in partner_kinds} == dict.fromkeys(partner_kinds, 1)
    with transaction(db, write=False) as s:
        filings = {f.data["source"]["line"]: f for f in s.scalars(select(Filing))}
        due = {d.filing_id: d for d in s.scalars(select(FilingDeadline))}
        office_ngo = s.execute(select(Organisation.parent_id).where(
            Organisation.name_en == "Bamboo Health Foundation", Organisation.kind == "representative_office")
        ).scalar_one()  # fmt: skip
        events = {e.subject_id: e for e in s.scalars(select(AuditEvent).where(AuditEvent.subject_type == "filing"))}
    assert sorted(filings) == [2, 3, 4, 5, 6, 9, 10, 12, 14]
    assert filings[10].data["source"] == {"file": "temporary_activities.csv", "line": 10, "repeats_line": 4}
    assert "repeats_line" not in filings[4].data["source"]
    assert filings[10].data["activity_name"] == filings[4].data["activity_name"]
    assert {f.state for f in filings.values()} == {"filed"}
    assert filings[2].org_id == filings[3].org_id == filings[14].org_id == office_ngo  # `The …`, 基金會
    assert filings[2].data["provinces"] == ["530000"] and filings[3].data["provinces"] == ["530000", "520000"]
    assert filings[3].data["partner_kind"] == "public_institution"
    assert filings[5].data["partner_kind"] is None and filings[5].data["partner_kind_problem"] == "not_allowed"
    # Art. 30(2): 30 days after the end, moved off rest days: 2018-10-05 falls in the National Day holiday.
    # The list records no reports: a report due before the import is unrecorded, not overdue.
    assert (due[filings[6].id].due_on.isoformat(), due[filings[6].id].status) == ("2018-10-08", "unrecorded")
    assert due[filings[2].id].due_on.isoformat() == "2018-04-02"  # 2018-04-01 is a Sunday
    event = events[filings[4].id]
    assert (event.action, event.effective_on.isoformat(), event.basis) == ("activity.filed", "2018-01-10",
                                                                          "FNGO Law art. 17(1)")  # fmt: skip
    assert event.after == canonical({"procedure": "fngo_temporary_activity", "state": "filed",
                                     "data": filings[4].data})  # fmt: skip
    shown = run_json("filing", "show", str(filings[4].id), "--db", db)
    assert shown["history"][0]["on"] == "2018-01-10"
    assert ngoreg("audit", "verify", "--db", db)[0] == 0


def test_partner_units_are_related_to_the_ngo(db: str) -> None:
    imported(db, ("activities", ACTIVITIES))
    partners = run_json("org", "search", "云南省红十字会", "--db", db)
    assert [(p["kind"], p["name_en"]) for p in partners] == [("social_association", "Yunnan Red Cross Society")]
    rels = run_json("org", "show", str(partners[0]["id"]), "--db", db)["relations"]
    assert [(r["predicate"], r["valid_from"], r["valid_to"]) for r in rels] == [("partner_of", "2017-03-02",
                                                                                 "2018-03-02")]  # fmt: skip


def test_reimporting_changes_nothing(db: str) -> None:
    files = (("psus", PSUS), ("offices", OFFICES), ("activities", ACTIVITIES))
    first = imported(db, *files)
    before = table_counts(db)
    again = imported(db, *files)
    assert table_counts(db) == before
    assert [(r["loaded"], r["skipped_existing"]) for r in again] == [(0, r["loaded"]) for r in first]


def test_strict_loads_nothing_when_a_row_is_bad(db: str) -> None:
    before = table_counts(db)
    code, out, _ = ngoreg("import", "chinafile-activities", str(ACTIVITIES), "--strict", "--json", "--db", db)
    report = json.loads(out)
    assert code == 2 and report["loaded"] == 0 and report["loaded_nothing_because_strict"]
    assert len(report["rejections"]) == 4
    assert table_counts(db) == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.csv", "error: FILE: '{path}': does not exist"),
        (lambda p: _recode(p, "gb18030"), "error: FILE: '{path}': is not UTF-8 text; save it as UTF-8"),
        (lambda p: _drop_column(p, "Start Date"), "error: header: 'Start Date': missing column"),
        (lambda p: _write(p, ""), "error: FILE: '{path}': is empty; expected a header row"),
    ],
)
def test_bad_input_is_one_line_naming_the_problem(db: str, tmp_path: Path, make: Any, message: str) -> None:
    path = make(tmp_path)
    code, out, err = ngoreg("import", "chinafile-activities", str(path), "--db", db)
    assert code == 2 and "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1 and err.startswith(message.format(path=path))


def _write(tmp: Path, text: str) -> Path:
    path = tmp / "activities.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _recode(tmp: Path, encoding: str) -> Path:
    path = tmp / "activities.csv"
    path.write_bytes(ACTIVITIES.read_text(encoding="utf-8").encode(encoding))
    return path


def _drop_column(tmp: Path, column: str) -> Path:
    import csv

    rows = list(csv.reader(ACTIVITIES.open(encoding="utf-8")))
    i = rows[0].index(column)
    path = tmp / "activities.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([r[:i] + r[i + 1 :] for r in rows])
    return path


def test_a_byte_order_mark_and_a_moved_file_are_fine(db: str, tmp_path: Path) -> None:
    path = tmp_path / "offices with BOM.csv"
    path.write_bytes(b"\xef\xbb\xbf" + OFFICES.read_bytes())
    assert run_json("import", "chinafile-offices", str(path), "--db", db)["loaded"] == 8
    shutil.copy(OFFICES, tmp_path / "copy.csv")
    assert run_json("import", "chinafile-offices", str(tmp_path / "copy.csv"), "--db", db)["skipped_existing"] == 8


def test_stats_count_multi_valued_attributes_once_per_value(db: str) -> None:
    imported(db, ("psus", PSUS), ("offices", OFFICES), ("activities", ACTIVITIES))
    assert stats(db, "activities", "province") == {
        "Guangdong": (4, "广东省"), "Yunnan": (3, "云南省"), "All of China": (1, "全国"), "Guizhou": (1, "贵州省"),
        "Unknown": (1, "不详")}  # fmt: skip
    # `Macau, Hong Kong` (line 12) is two origins: the activity counts under each.
    assert stats(db, "activities", "origin") == {"Hong Kong": (5, "香港"), "The Netherlands": (3, "荷兰"),
                                                 "Canada": (1, "加拿大"), "Macau": (1, "澳门")}  # fmt: skip
    assert stats(db, "activities", "field")["Civil Society Capacity-Building"] == (1, "社会组织能力建设")
    assert stats(db, "activities", "psu") == {
        "Not Applicable": (3, "不适用"), "Unknown": (2, "不详"),
        "Yunnan Health Commission": (2, "云南省卫生健康委员会"), "Ministry of Civil Affairs": (1, "民政部"),
        "Ministry of Education": (1, "教育部")}  # fmt: skip
    assert stats(db, "offices", "origin") == {
        "United States": (2, "美国"), "Hong Kong": (2, "香港"), "India": (1, "印度"), "Macau": (2, "澳门"),
        "South Korea": (1, "韩国"), "The Netherlands": (1, "荷兰")}  # fmt: skip
    assert stats(db, "offices", "month")["2017-09"] == (1, "2017年9月")
    rows = run_json("stats", "offices", "--by", "province", "--db", db)
    assert rows[0] == {"key": "Beijing", "count": 3, "label_zh": "北京市"}  # most first


def test_stats_as_of_a_date_in_2018(db: str) -> None:
    imported(db, ("psus", PSUS), ("offices", OFFICES), ("activities", ACTIVITIES))
    # Activities that had started by 2018-02-01: two in Yunnan on 2017-03-02, one in Yunnan and Guizhou on
    # 2017-07-07, two in Guangdong on 2018-01-10 (the second repeating the first).
    assert stats(db, "activities", "province", "2018-02-01") == {
        "Yunnan": (3, "云南省"), "Guangdong": (2, "广东省"), "Guizhou": (1, "贵州省")}  # fmt: skip
    assert stats(db, "activities", "month", "2017-12-31") == {"2017-03": (2, "2017年3月"), "2017-07": (1, "2017年7月")}
    # Offices registered by 2018-06-30: Alpha Beijing, Echo, Bamboo, Hotel (2017), Cedar, Alpha Shanghai (2018).
    assert stats(db, "offices", "province", "2018-06-30") == {
        "Beijing": (2, "北京市"), "Shanghai": (2, "上海市"), "Yunnan": (1, "云南省"), "Guangdong": (1, "广东省")}
    assert stats(db, "offices", "province", "2016-12-31") == {}
    assert run_json("org", "count", "--kind", "representative_office", "--as-of", "2017-12-31", "--db", db) == [
        {"key": "110000", "count": 1}, {"key": "310000", "count": 1}, {"key": "440000", "count": 1},
        {"key": "530000", "count": 1}]  # fmt: skip
    # A deregistration takes an office out of the counts from that day on.
    echo = next(o for o in run_json("org", "search", "Echo Culture Exchange", "--db", db)
                if o["kind"] == "representative_office")
    code, _, _ = ngoreg("org", "update", str(echo["id"]), "--status", "deregistered", "--on", "2018-03-01", "--db", db)
    assert code == 0
    assert stats(db, "offices", "province", "2018-02-28")["Shanghai"] == (1, "上海市")
    assert "Shanghai" not in stats(db, "offices", "province", "2018-03-01")
    assert stats(db, "offices", "province")["Shanghai"] == (1, "上海市")  # now: Alpha's Shanghai office only


def test_check_lists_breaches_with_their_articles(db: str) -> None:
    imported(db, ("psus", PSUS), ("offices", OFFICES), ("activities", ACTIVITIES))
    report = run_json("check", "--db", db)
    found = [(f["rule"], f["basis"], f["source"]["line"] if f["source"] else None) for f in report["findings"]]
    assert found == [
        ("dates_in_order", "FNGO Law art. 17(1)(3)", 9),
        ("lasts_at_most_one_year", "FNGO Law art. 17(3)", 3),
        ("office_without_supervisory_unit", "FNGO Law art. 11(1)", 7),
        ("partner_is_of_a_permitted_kind", "FNGO Law art. 16", 5),
    ]
    by_rule = {f["rule"]: f for f in report["findings"]}
    zh = by_rule["lasts_at_most_one_year"]["basis_zh"]
    assert zh == "《中华人民共和国境外非政府组织境内活动管理法》第十七条第三款"
    assert "2017-07-07 to 2018-07-08" in by_rule["lasts_at_most_one_year"]["message"]
    assert "not LLC" in by_rule["partner_is_of_a_permitted_kind"]["message"]
    # 2017-03-02 to 2018-03-02 is exactly one year (Civil Code art. 201): not a finding.
    assert report["not_checked"] == {"partner_kind_unknown": 1}
    code, out, _ = ngoreg("check", "--db", db)
    assert code == 0 and out.strip().endswith("not checked: partner_kind_unknown 1")


def test_reports_the_list_cannot_tell_of_are_neither_overdue_nor_lost(db: str, tmp_path: Path) -> None:
    """A closing report (art. 30(2)) due before the import is unrecorded: the calendar does not call it
    overdue and the sweep leaves it; recorded later through the registry, it is met like an open one. One still
    ahead when the list is read is open."""
    import csv

    rows = list(csv.reader(ACTIVITIES.open(encoding="utf-8")))
    head, first = rows[0], rows[1]
    ahead = dict(zip(head, first, strict=True)) | {"Activity Name (English)": "Future Clinic Training",
                                                   "Activity Name (Chinese)": "未来诊所培训",
                                                   "Start Date": "2098-06-01", "End Date": "2098-12-31"}  # fmt: skip
    path = tmp_path / "activities.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, first, [ahead[c] for c in head]])
    assert imported(db, ("activities", path))[0]["loaded"] == 2
    with transaction(db, write=False) as s:
        by_start = {f.data["start_date"]: f.id for f in s.scalars(select(Filing))}
        status = {d.filing_id: d.status for d in s.scalars(select(FilingDeadline))}
    past, future = by_start["2017-03-02"], by_start["2098-06-01"]
    assert (status[past], status[future]) == ("unrecorded", "open")
    listed = run_json("due", "--as-of", "2019-01-01", "--db", db)
    assert [o["filing_id"] for o in listed if o["obligation"] == "closing_report"] == []
    assert [o["filing_id"] for o in run_json("due", "--as-of", "2098-12-01", "--db", db)
            if o["obligation"] == "closing_report"] == [future]  # fmt: skip
    with transaction(db) as s:
        assert sweep(s, as_of=date(2026, 11, 22), actor=ACTOR, now=NOW) == {"expired": 0, "fired": 0}
        fire(s, past, "report_closing", role="partner_unit", on=date(2019, 2, 1), values={"report": "Done."},
             actor=ACTOR, now=NOW)  # fmt: skip
    with transaction(db, write=False) as s:
        report = s.scalars(select(FilingDeadline).where(FilingDeadline.filing_id == past)).one()
    assert (report.status, report.closed_on) == ("met_late", date(2019, 2, 1))  # due 2018-04-02


IMPORTED_ON = datetime(2019, 3, 15, 9, 0, tzinfo=UTC)  # 17:00 in Beijing: the list is read on 2019-03-15


def test_yearly_duties_due_before_the_import_are_unrecorded_not_overdue(db: str) -> None:
    """The offices list records no yearly plans or reports (FNGO Law arts. 19, 31(1)): duties whose last day
    had passed when it was imported are neither overdue nor lost — met once recorded through the registry —
    and those due afterwards are owed as usual."""
    from ngoreg.filings import service
    from ngoreg.importing.chinafile import import_offices, import_psus

    with transaction(db) as s:
        import_psus(s, PSUS, actor=ACTOR, now=IMPORTED_ON)
        assert import_offices(s, OFFICES, actor=ACTOR, now=IMPORTED_ON).loaded == 8
    with transaction(db, write=False) as s:
        offices = dict(s.execute(select(Organisation.name_en, Organisation.id).where(
            Organisation.kind == "representative_office")).all())  # fmt: skip
        assert set(s.scalars(select(Organisation.imported_on))) == {date(2019, 3, 15)}
    listed = run_json("due", "--as-of", "2019-06-30", "--db", db)
    assert min(o["due_on"] for o in listed) >= "2019-03-15"
    # The report on 2018 to the registrar (2019-03-31, a Sunday: 2019-04-01) is the one duty overdue, of the
    # seven offices registered in 2017 or 2018; the plan for 2020 is ahead for all eight.
    overdue = [(o["org_name"], o["obligation"], o["due_on"]) for o in listed if o["status"] == "overdue"]
    registered_by_2018 = {n for n in offices if n != "Delta Sports Association"}
    assert sorted(overdue) == sorted((n, "report_to_registrar", "2019-04-01") for n in registered_by_2018)
    assert sorted(o["org_name"] for o in listed if o["obligation"] == "plan_to_psu") == sorted(offices)

    # A report on 2018 recorded later through the registry meets the unrecorded duty to the supervisory unit
    # (late: due 2019-01-31); the same filing carries the duty to the registrar, still overdue.
    alpha = offices["Alpha Trade Council (Beijing)"]
    with transaction(db) as s:
        r = service.start(s, "fngo_annual_report", org_id=alpha, on=date(2019, 4, 10), actor=ACTOR, now=NOW,
                          values={"year": "2018", "auditor": "Beijing Zhonghe CPA", "audited_in_china": "yes",
                                  "contents": "audited_financial_report,activities,staff_and_structure_changes"})
        service.fire(s, r.id, "submit_to_psu", role="foreign_ngo", on=date(2019, 4, 12), actor=ACTOR, now=NOW)
    mine = [(o["obligation"], o["due_on"], o["status"], o["filing_id"])
            for o in run_json("due", "--as-of", "2019-06-30", "--org", str(alpha), "--db", db)]  # fmt: skip
    assert mine[:3] == [("report_to_psu", "2019-01-31", "met late", r.id),
                        ("report_to_registrar", "2019-04-01", "overdue", r.id),
                        ("plan_to_psu", "2019-12-31", "upcoming", None)]  # fmt: skip
    assert [m[:3] for m in mine[3:]] == [("report_to_psu", "2020-02-03", "upcoming"),
                                         ("report_to_registrar", "2020-03-31", "upcoming")]  # fmt: skip


def _rows_file(tmp: Path, name: str, lines: list[int]) -> Path:
    """A copy of the activities fixture holding its header and these lines, in this order."""
    import csv

    rows = list(csv.reader(ACTIVITIES.open(encoding="utf-8")))
    path = tmp / name
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([rows[0], *(rows[n - 1] for n in lines)])
    return path


def test_identical_rows_are_filings_of_their_own_matched_one_to_one_on_reimport(db: str, tmp_path: Path) -> None:
    """The Ministry's list holds an activity twice where it was filed twice; each row is a filing, and a
    re-import matches the n-th identical row to the n-th filing, wherever the rows stand in the file."""
    thrice = _rows_file(tmp_path, "thrice.csv", [2, 4, 2, 2])
    report = imported(db, ("activities", thrice))[0]
    assert (report["loaded"], report["duplicates"]) == (4, 0)
    assert report["repeated_rows"] == [{"line": 4, "repeats_line": 2}, {"line": 5, "repeats_line": 2}]
    before = table_counts(db)
    again = imported(db, ("activities", thrice))[0]
    assert (again["loaded"], again["skipped_existing"]) == (0, 4) and table_counts(db) == before
    # Moved about, with one more copy: only the fourth is new.
    four = imported(db, ("activities", _rows_file(tmp_path, "four.csv", [4, 2, 2, 2, 2])))[0]
    assert (four["loaded"], four["skipped_existing"]) == (1, 4)
    with transaction(db, write=False) as s:
        sources = sorted(f.data["source"].get("repeats_line", 0) for f in s.scalars(select(Filing)))
    assert sources == [0, 0, 2, 2, 3]  # line 3 of the last file is its first copy of line 2's row
    _, _, err = ngoreg("import", "chinafile-activities", str(thrice), "--db", db)
    assert "line 4: loaded as a filing of its own: repeats line 2" in err


def test_field_text_and_onehot_columns_disagreeing_are_reported_and_counted_either_way(db: str) -> None:
    report = imported(db, ("activities", ACTIVITIES))[0]
    # Line 14 names Health; its one-hot columns mark Health and Human Rights. Line 4's `·1` agrees with its text.
    assert report["field_disagreements"] == [{"line": 14, "text": ["Health"], "onehot": ["Health", "Human Rights"]}]
    text = stats(db, "activities", "field")
    args = ["stats", "activities", "--by", "field", "--field-source", "onehot", "--db", db]
    onehot = {r["key"]: (r["count"], r["label_zh"]) for r in run_json(*args)}
    assert onehot == text | {"Human Rights": (1, "人权")}
    assert run_json("stats", "activities", "--by", "field", "--field-source", "text", "--db", db) == run_json(
        "stats", "activities", "--by", "field", "--db", db)  # text is the default
    code, out, err = ngoreg("stats", "activities", "--by", "province", "--field-source", "onehot", "--db", db)
    assert (code, out) == (2, "") and err.strip() == ("error: --field-source: 'onehot': counts the fields of "
                                                      "activities only (--by field)")  # fmt: skip
    code, _, err = ngoreg("stats", "activities", "--by", "field", "--field-source", "columns", "--db", db)
    assert code == 2 and err.strip() == "error: --field-source: 'columns': one of text, onehot"
    _, _, err = ngoreg("import", "chinafile-activities", str(ACTIVITIES), "--db", db)
    assert "line 14: note: Field of Work names Health; the one-hot columns mark Health, Human Rights" in err


def test_rows_with_no_onehot_mark_are_not_coded_by_them(db: str, tmp_path: Path) -> None:
    """A file in ChinaFile's format may leave its derived columns empty: such a row is neither compared with its
    text nor counted by the one-hot columns."""
    import csv

    rows = list(csv.reader(ACTIVITIES.open(encoding="utf-8")))
    first, last = rows[0].index("Aging"), rows[0].index("Field Unknown")
    path = tmp_path / "uncoded.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([rows[0], *(r[:first] + [""] * (last - first + 1) + r[last + 1 :] for r in rows[1:])])
    report = imported(db, ("activities", path))[0]
    assert report["loaded"] == 9 and report["field_disagreements"] == []
    assert run_json("stats", "activities", "--by", "field", "--field-source", "onehot", "--db", db) == []


READ_ON_2018_08_01 = datetime(2018, 8, 1, 1, 0, tzinfo=UTC)  # 09:00 in Beijing: the list is read on 2018-08-01


def _filing_rows(s: Any) -> list[tuple[Any, ...]]:
    return [*((f.id, f.procedure, f.procedure_version, f.org_id, f.state, f.data, f.started_on, f.version)
              for f in s.scalars(select(Filing).order_by(Filing.id))),
            *((d.id, d.filing_id, d.org_id, d.procedure, d.procedure_version, d.duty, d.name, d.basis, d.opened_on,
               d.due_on, d.provisional, d.status, d.closed_on)
              for d in s.scalars(select(FilingDeadline).order_by(FilingDeadline.id))),
            *((e.id, e.action, e.subject_type, e.subject_id, e.effective_on, e.actor, e.basis, e.reason, e.before,
               e.after, e.hash) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id)))]  # fmt: skip


def test_an_imported_activity_is_a_filed_filing_with_its_deadline_party_and_one_event(db: str) -> None:
    """What the import records of one activity, row by row (through the filings service's bulk path), and that
    importing the list again adds nothing and changes nothing."""
    from ngoreg.importing.chinafile import import_activities

    with transaction(db) as s:
        assert import_activities(s, ACTIVITIES, actor=ACTOR, now=READ_ON_2018_08_01).loaded == 9
    with transaction(db, write=False) as s:
        ngo = s.execute(select(Organisation.id).where(Organisation.name_en == "Bamboo Health Foundation")).scalar_one()
        partner = s.execute(select(Organisation.id).where(Organisation.name_zh == "昆明医科大学")).scalar_one()
        filings = {f.data["source"]["line"]: f for f in s.scalars(select(Filing))}
        f = filings[3]
        [d] = s.scalars(select(FilingDeadline).where(FilingDeadline.filing_id == f.id))
        [e] = s.scalars(select(AuditEvent).where(AuditEvent.subject_type == "filing", AuditEvent.subject_id == f.id))
        status = {line: s.scalars(select(FilingDeadline.status).where(FilingDeadline.filing_id == x.id)).one()
                  for line, x in filings.items()}  # fmt: skip
        rows = _filing_rows(s)
    data = {"activity_name": "医学生交流", "activity_name_en": "Medical Student Exchange", "end_date": "2018-07-08",
            "fields": ["health", "education"], "origins": ["NL"], "partner_kind": "public_institution",
            "partner_name": "昆明医科大学", "partner_name_en": "Kunming Medical University", "partner_org_id": partner,
            "partner_psu": {"en": "Ministry of Education", "zh": "教育部"},
            "partner_type": "School, College, University, or Training Institution", "provinces": ["530000", "520000"],
            "region": "云南省、贵州省", "region_en": "Yunnan Province / Guizhou Province",
            "source": {"file": "temporary_activities.csv", "line": 3}, "start_date": "2017-07-07"}  # fmt: skip
    assert (f.procedure, f.procedure_version, f.org_id, f.state, f.data, f.started_on, f.version) == \
        ("fngo_temporary_activity", date(2017, 1, 1), ngo, "filed", data, date(2017, 7, 7), 1)  # fmt: skip
    # Art. 30(2): 30 days after 2018-07-08; still ahead on 2018-08-01, when the list was read.
    assert (d.org_id, d.procedure, d.procedure_version, d.duty, d.name, d.basis, d.opened_on, d.due_on,
            d.provisional, d.status, d.closed_on) == \
        (ngo, "fngo_temporary_activity", date(2017, 1, 1), None, "closing_report", "FNGO Law art. 30(2)",
         date(2017, 7, 7), date(2018, 8, 7), False, "open", None)  # fmt: skip
    assert (e.action, e.effective_on, e.actor, e.actor_name, e.basis, e.reason, e.before) == \
        ("activity.filed", date(2017, 7, 7), "tester", "Test Officer", "FNGO Law art. 17(1)",
         "imported from temporary_activities.csv line 3", None)  # fmt: skip
    assert e.after == canonical({"data": data, "procedure": "fngo_temporary_activity", "state": "filed"})
    # A report due before 2018-08-01 is unrecorded, one due then or later open; a partner of a kind art. 16 does
    # not allow is no party of the filing.
    assert status == {2: "unrecorded", 3: "open", 4: "unrecorded", 5: "unrecorded", 6: "open", 9: "open",
                      10: "unrecorded", 12: "open", 14: "unrecorded"}  # fmt: skip
    assert "partner_org_id" in filings[5].data and filings[5].data["partner_org_id"] is None
    with transaction(db) as s:
        again = import_activities(s, ACTIVITIES, actor=ACTOR, now=READ_ON_2018_08_01)
    assert (again.loaded, again.skipped) == (0, 9)
    with transaction(db, write=False) as s:
        assert _filing_rows(s) == rows
