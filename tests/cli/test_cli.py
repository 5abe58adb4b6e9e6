"""The command line end to end, on both engines: exit codes, one-line errors, JSON shapes, imports."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ngoreg.cli.app import app
from tests.registry.test_uscc import with_check_digit

runner = CliRunner()


def ngoreg(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def db(url: str) -> str:
    code, out, _ = ngoreg("init", "--db", url)
    assert code == 0 and "ready" in out
    return url


def test_init_is_idempotent(db: str) -> None:
    code, out, _ = ngoreg("init", "--db", db)
    assert code == 0 and "ready: 0 authorities and 0 figures added" in out
    code, out, _ = ngoreg("authority", "list", "--kind", "coordinating_group", "--json", "--db", db)
    groups = json.loads(out)
    assert len(groups) == 7 and "28 other member entities" in groups[0]["note"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["org", "add", "--kind", "social_association", "--name-zh", "某会", "--registered-on", "2017-13-01"],
         "registered_on: '2017-13-01': not a date"),
        (["org", "add", "--kind", "guild", "--name-zh", "某会"], "kind: 'guild': unknown kind"),
        (["org", "add", "--kind", "social_association", "--name-zh", "某会", "--province", "Mars"],
         "province: 'Mars': unknown province"),
        (["org", "add", "--kind", "social_association", "--name-zh", "某会", "--uscc", "51110000MJ00000010"],
         "uscc: '51110000MJ00000010': check digit"),
        (["org", "show", "999"], "organisation 999 does not exist"),
        (["org", "list", "--as-of", "yesterday"], "--as-of: 'yesterday': not a date"),
        (["law", "show", "fngo", "99"], "article: 99: the FNGO Law has articles 1–54"),
        (["law", "show", "penal", "1"], "act: 'penal': unknown act"),
        (["law", "show", "charity", "125", "--on", "2020-01-01"],
         "article: 125: the 2016 text of the Charity Law has articles 1–112"),
        (["law", "show", "charity", "--on", "soon"], "--on: 'soon': not a date"),
        (["law", "show", "charity", "--on", "2016-08-31"], "the Charity Law was not in force on 2016-08-31"),
        (["law", "show", "ecosoc_1996_31", "61"], "the text of the ECOSOC resolution 1996/31 is not shipped"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_naming_the_field(db: str, args: list[str], message: str) -> None:
    code, out, err = ngoreg(*args, "--db", db)
    assert code == 2  # bad input; 1 is a legal refusal
    assert err.strip().splitlines() == [f"error: {message}" + err.strip().split(message, 1)[1]]
    assert "Traceback" not in out + err


def test_an_uninitialised_database_says_what_to_do(tmp_path: Path) -> None:
    code, _, err = ngoreg("org", "list", "--db", str(tmp_path / "empty.db"))
    assert code == 3 and "run `ngoreg init`" in err


def test_uscc_check_reports_each_code() -> None:
    good = with_check_digit("53310000MJ0000123")
    code, out, _ = ngoreg("uscc", "check", good, "12345")
    lines = out.strip().splitlines()
    assert code == 1
    assert lines[0] == f"{good}\tvalid\t民政 / 基金会"
    assert lines[1] == "12345\tinvalid\thas 5 characters; a credit code has 18"
    assert ngoreg("uscc", "check", good)[0] == 0


CSV = """kind,name_zh,name_en,uscc,province,fields,gongo,registered_on,aliases
social_association,北京市青少年发展协会,Beijing Youth Association,{c1},Beijing,education;youth,grassroots,2010-05-04,
foundation,上海市助学基金会,Shanghai Education Foundation,{c2},上海,education,gongo,2012-01-09,Shanghai Study Fund
social_association,坏日期协会,,,Beijing,,,2010-02-30,
social_association,坏代码协会,,51110000MJ00000010,Beijing,,,,
civil_non_enterprise,无省份中心,,,Narnia,,,,
"""


def write_csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "orgs.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_import_loads_valid_rows_reports_the_rest_and_never_duplicates(db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, CSV.format(c1=with_check_digit("51110000MJ0000001"),
                                          c2=with_check_digit("53310000MJ0000002")))  # fmt: skip
    code, out, _ = ngoreg("import", "orgs", str(path), "--json", "--db", db)
    report = json.loads(out)
    assert code == 2  # some rows were rejected: bad input
    assert (report["loaded"], report["rejected"]) == (2, 3)
    assert [r["line"] for r in report["rejections"]] == [4, 5, 6]
    assert "registered_on" in report["rejections"][0]["reason"]
    assert "uscc" in report["rejections"][1]["reason"]
    assert "province" in report["rejections"][2]["reason"]
    code, out, _ = ngoreg("import", "orgs", str(path), "--json", "--db", db)
    again = json.loads(out)
    assert (again["loaded"], again["skipped_existing"]) == (0, 2)
    code, out, _ = ngoreg("org", "search", "助学", "--json", "--db", db)
    assert [o["name_en"] for o in json.loads(out)] == ["Shanghai Education Foundation"]
    code, out, _ = ngoreg("org", "search", "Study Fund", "--json", "--db", db)
    assert json.loads(out)[0]["matched"] == "Shanghai Study Fund"
    code, out, _ = ngoreg("org", "count", "--by", "province", "--as-of", "2011-01-01", "--json", "--db", db)
    assert json.loads(out) == [{"key": "110000", "count": 1}]
    assert ngoreg("audit", "verify", "--db", db)[0] == 0


def test_strict_import_loads_nothing_if_a_row_is_bad(db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, CSV.format(c1="", c2=""))
    code, out, _ = ngoreg("import", "orgs", str(path), "--strict", "--json", "--db", db)
    assert code == 2 and json.loads(out)["loaded"] == 0
    assert json.loads(ngoreg("org", "list", "--json", "--db", db)[1]) == []


def test_a_file_in_another_encoding_is_refused_with_a_hint(db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "kind,name_zh\nsocial_association,北京市青少年发展协会\n", encoding="gb18030")
    code, _, err = ngoreg("import", "orgs", str(path), "--db", db)
    assert code == 2 and "not UTF-8" in err


def test_an_unknown_column_is_refused(db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "kind,name,province\nsocial_association,某会,Beijing\n")
    code, _, err = ngoreg("import", "orgs", str(path), "--db", db)
    assert code == 2 and "header: 'name': unknown column" in err


def test_a_filing_from_the_command_line(db: str) -> None:
    _, out, _ = ngoreg("org", "add", "--kind", "foreign_ngo", "--name-en", "Teachers Abroad", "--origin", "GB",
                       "--json", "--db", db)  # fmt: skip
    org = json.loads(out)["id"]
    sets = ["--set", "activity_name=Teacher training", "--set", "partner_name=甘肃省教育学会",
            "--set", "partner_kind=social_organisation", "--set", "region=Gansu",
            "--set", "start_date=2017-03-17", "--set", "end_date=2017-06-30", "--set",
            "documents=proof_of_establishment,written_agreement,activity_particulars,funding_and_account,"
            "partner_approval"]  # fmt: skip
    _, out, _ = ngoreg("filing", "start", "fngo_temporary_activity", "--org", str(org), *sets, "--on", "2017-02-20",
                       "--json", "--db", db)  # fmt: skip
    fid = json.loads(out)["id"]
    code, out, _ = ngoreg("filing", "fire", str(fid), "file", "--on", "2017-03-07", "--as", "partner_unit", "--json",
                          "--db", db)  # fmt: skip
    refused = json.loads(out)["refused"]
    assert code == 1 and [(r["rule"], r["basis"]) for r in refused] == [("filed_15_days_before_start",
                                                                          "FNGO Law art. 17(1)")]  # fmt: skip
    code, out, _ = ngoreg("filing", "options", str(fid), "--on", "2017-03-01", "--as", "partner_unit", "--json",
                          "--db", db)  # fmt: skip
    assert {o["transition"]: o["allowed"] for o in json.loads(out)}["file"] is True
    code, out, _ = ngoreg("filing", "fire", str(fid), "file", "--on", "2017-03-01", "--as", "partner_unit", "--db", db)
    assert code == 0 and "filed" in out
    code, out, _ = ngoreg("filing", "show", str(fid), "--json", "--db", db)
    assert json.loads(out)["deadlines"][0]["due_on"] == "2017-07-31"
    code, out, _ = ngoreg("filing", "fire", str(fid), "file", "--set", "colour=red", "--on", "2017-03-01",
                          "--as", "partner_unit", "--db", db)  # fmt: skip
    assert code == 2
    code, out, _ = ngoreg("deadlines", "sweep", "--as-of", "2017-08-01", "--json", "--db", db)
    assert json.loads(out) == {"expired": 1, "fired": 1}


def test_law_show_prints_the_article() -> None:
    code, out, _ = ngoreg("law", "show", "fngo", "17")
    assert code == 0
    assert out.startswith("FNGO Law art. 17 — 《中华人民共和国境外非政府组织境内活动管理法》第十七条")
    assert "临时活动期限不超过一年" in out


def test_law_show_prints_the_text_in_force_on_the_day_and_law_list_each_acts_texts() -> None:
    code, out, _ = ngoreg("law", "show", "charity", "112", "--on", "2024-09-04")
    assert code == 0
    assert out.startswith("Charity Law (2016) art. 112 — 《中华人民共和国慈善法》（2016年）第一百一十二条")
    assert "本法自2016年9月1日起施行" in out
    code, out, _ = ngoreg("law", "show", "charity", "--on", "2024-09-05", "--json")
    assert (json.loads(out)["articles"], json.loads(out)["in_force"]) == (125, "2024-09-05")
    code, out, _ = ngoreg("law", "list", "--json")
    acts = {a["code"]: a for a in json.loads(out)}
    assert [(v["adopted"], v["in_force"], v["articles"]) for v in acts["charity"]["versions"]] == [
        ("2016-03-16", "2016-09-01", 112), ("2023-12-29", "2024-09-05", 125)]
    assert acts["ecosoc_1996_31"]["versions"] == [{"adopted": "1996-07-25", "in_force": "1996-07-25",
                                                   "amended": False, "shipped": False, "articles": 0}]  # fmt: skip
    code, out, _ = ngoreg("law", "list")
    assert "amended 2023-12-29, in force from 2024-09-05: 125 arts" in out and "charity2016" not in out


def test_procedure_docs_are_current() -> None:
    from ngoreg import procedures
    from ngoreg.workflow.describe import describe, markdown

    for code, versions in procedures.registry().items():
        doc = Path(__file__).resolve().parents[2] / "docs" / "procedures" / f"{code}.md"
        assert doc.read_text(encoding="utf-8") == markdown(describe(max(versions.items())[1])), (
            f"docs/procedures/{code}.md is stale: regenerate it with `ngoreg procedure show {code}`"
        )
