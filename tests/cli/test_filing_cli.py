"""The filing commands and the readings around them, end to end on both engines: bad input and a legal
refusal exit differently, a preview with data, no act before the filing started, `--on` by default today,
the fields a procedure needs at its start, relations by name, months in calendar order."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ngoreg.law.periods import day_of
from tests.cli.test_cli import db, ngoreg  # noqa: F401 - the `db` fixture

DOCUMENTS = "proof_of_establishment,written_agreement,activity_particulars,funding_and_account,partner_approval"


def activity(db: str, start: str = "2017-03-17", end: str = "2017-06-30", **extra: str) -> int:  # noqa: F811
    _, out, _ = ngoreg("org", "add", "--kind", "foreign_ngo", "--name-en", "Teachers Abroad", "--origin", "GB",
                       "--json", "--db", db)  # fmt: skip
    values = {"activity_name": "Teacher training", "partner_name": "甘肃省教育学会", "region": "Gansu",
              "partner_kind": "social_organisation", "start_date": start, "end_date": end, **extra}  # fmt: skip
    sets = [a for k, v in values.items() for a in ("--set", f"{k}={v}")]
    code, out, err = ngoreg("filing", "start", "fngo_temporary_activity", "--org", str(json.loads(out)["id"]),
                            *sets, "--on", "2017-02-20", "--json", "--db", db)  # fmt: skip
    assert code == 0, err
    return int(json.loads(out)["id"])


def test_bad_input_and_a_legal_refusal_exit_differently(db: str) -> None:  # noqa: F811
    fid = activity(db)
    code, _, err = ngoreg("filing", "fire", str(fid), "file", "--set", "partner_kind=club", "--on", "2017-03-01",
                            "--as", "partner_unit", "--db", db)  # fmt: skip
    assert code == 2
    assert err.strip().splitlines() == ["error: partner_kind: 'club': unknown; one of state_organ, "
                                        "peoples_organisation, public_institution, social_organisation"]  # fmt: skip
    code, _, err = ngoreg("filing", "fire", str(fid), "file", "--on", "2017-03-10", "--as", "partner_unit",
                          "--set", f"documents={DOCUMENTS}", "--db", db)  # fmt: skip
    assert code == 1 and err.startswith("refused: The partner unit must file at least 15 days before")
    code, _, err = ngoreg("filing", "fire", str(fid), "file", "--on", "2017-03-01", "--as", "partner_unit",
                          "--set", f"documents={DOCUMENTS}", "--expect-version", "7", "--db", db)  # fmt: skip
    assert code == 4 and "someone acted on it meanwhile" in err  # a conflict
    code, _, err = ngoreg("filing", "fire", "abc", "file", "--db", db)
    assert code == 2  # typer's own usage errors are bad input too


def test_fire_and_options_refuse_a_day_before_the_filing_started(db: str) -> None:  # noqa: F811
    fid = activity(db)  # started on 2017-02-20
    for command in (["fire", str(fid), "file"], ["options", str(fid)]):
        code, _, err = ngoreg("filing", *command, "--on", "2017-02-19", "--as", "partner_unit", "--db", db)
        assert code == 2
        assert err.strip() == "error: on: '2017-02-19': before the filing started on 2017-02-20"
    assert json.loads(ngoreg("filing", "show", str(fid), "--json", "--db", db)[1])["state"] == "drafted"


def test_options_preview_a_step_with_data(db: str) -> None:  # noqa: F811
    fid = activity(db)
    code, out, _ = ngoreg("filing", "options", str(fid), "--as", "partner_unit", "--on", "2017-03-01", "--db", db)
    assert code == 0 and out.splitlines()[:2] == [
        "✗ file                   File with the registrar  (FNGO Law art. 17(1))",
        "    The filing lacks documents that article 17(1) items (1)–(5) require. (FNGO Law art. 17(1))"]
    code, out, _ = ngoreg("filing", "options", str(fid), "--as", "partner_unit", "--on", "2017-03-01",
                          "--set", f"documents={DOCUMENTS}", "--json", "--db", db)  # fmt: skip
    assert code == 0 and {o["transition"]: o["allowed"] for o in json.loads(out)}["file"] is True
    shown = json.loads(ngoreg("filing", "show", str(fid), "--json", "--db", db)[1])
    assert "documents" not in shown["data"] and shown["version"] == 1  # a preview saves nothing


def test_fire_acts_today_when_no_day_is_given(db: str) -> None:  # noqa: F811
    fid = activity(db, start="2099-03-17", end="2099-06-30", documents=DOCUMENTS)
    before = day_of(datetime.now(UTC))
    code, out, err = ngoreg("filing", "fire", str(fid), "file", "--as", "partner_unit", "--db", db)
    after = day_of(datetime.now(UTC))
    assert code == 0 and "is now filed" in out, err
    history = json.loads(ngoreg("filing", "show", str(fid), "--json", "--db", db)[1])["history"]
    assert history[-1]["action"] == "activity.filed" and history[-1]["on"] in (before.isoformat(),
                                                                                after.isoformat())  # fmt: skip


def test_on_and_as_say_what_they_are() -> None:
    for command in ("start", "options", "fire"):
        _, out, _ = ngoreg("filing", command, "--help")
        text = " ".join(out.split())
        assert "--on DATE The day of the act, YYYY-MM-DD (default: today in Beijing)" in text, command
        assert "--as ROLE The workflow role acting" in text or "--as ROLE Who starts it" in text, command


@pytest.mark.parametrize(("code", "needed"), [("fngo_annual_plan", ["year"]), ("fngo_annual_report", ["year"]),
                                              ("fngo_temporary_activity", [])])  # fmt: skip
def test_procedure_show_lists_what_a_filing_needs_at_its_start(code: str, needed: list[str]) -> None:
    _, out, _ = ngoreg("procedure", "show", code, "--json")
    assert json.loads(out)["start"] == {"requires": needed}
    _, out, _ = ngoreg("procedure", "show", code)
    assert ("### `start` — Start the filing\nRequires: year." in out) == bool(needed)


def test_a_plan_started_without_its_year_names_the_field(db: str) -> None:  # noqa: F811
    _, out, _ = ngoreg("org", "add", "--kind", "representative_office", "--name-en", "Office", "--json", "--db", db)
    org = json.loads(out)["id"]
    code, _, err = ngoreg("filing", "start", "fngo_annual_plan", "--org", str(org), "--on", "2017-11-01", "--db", db)
    assert code == 2 and err.startswith("error: year: None: must be given")
    code, _, _ = ngoreg("filing", "start", "fngo_annual_plan", "--org", str(org), "--set", "year=2018",
                        "--on", "2017-11-01", "--db", db)  # fmt: skip
    assert code == 0


def test_org_show_names_the_other_party_of_each_relation(db: str) -> None:  # noqa: F811
    authorities = json.loads(ngoreg("authority", "list", "--kind", "registrar_public_security", "--json",
                                    "--db", db)[1])  # fmt: skip
    bureau = next(a for a in authorities if a["name_en"] == "Beijing Public Security Bureau")
    ngo = ngoreg("org", "add", "--kind", "foreign_ngo", "--name-en", "Teachers Abroad", "--db", db)[1].strip()
    office = ngoreg("org", "add", "--kind", "representative_office", "--name-zh", "教师海外北京代表处",
                    "--name-en", "Teachers Abroad Beijing Office", "--db", db)[1].strip()  # fmt: skip
    assert ngoreg("org", "relate", f"org:{office}", "registered_with", f"authority:{bureau['id']}",
                  "--from", "2017-03-01", "--db", db)[0] == 0  # fmt: skip
    assert ngoreg("org", "relate", f"org:{office}", "office_of", f"org:{ngo}", "--db", db)[0] == 0
    code, out, _ = ngoreg("org", "show", office, "--db", db)
    assert code == 0 and "{" not in out
    assert "  → registered_with 北京市公安局 / Beijing Public Security Bureau (from 2017-03-01)" in out.splitlines()
    assert "  → office_of Teachers Abroad" in out.splitlines()
    _, out, _ = ngoreg("org", "show", ngo, "--db", db)
    assert "  ← office_of 教师海外北京代表处 / Teachers Abroad Beijing Office" in out.splitlines()
    shown = json.loads(ngoreg("org", "show", ngo, "--json", "--db", db)[1])
    assert shown["relations"][0]["other"]["name_en"] == "Teachers Abroad Beijing Office"


def test_stats_by_month_run_in_calendar_order(db: str, tmp_path: Path) -> None:  # noqa: F811
    # One activity in March 2017, three in September 2018: most first would put September first.
    lines = (Path(__file__).parents[1] / "importing" / "fixtures" / "temporary_activities.csv").read_text(
        encoding="utf-8").splitlines()  # fmt: skip
    header, march, september = lines[0], lines[1], lines[5]
    assert ",2017-03-02," in march and ",2018-09-01," in september
    copies = [september.replace("Maple Reading Week", f"Maple Reading Week {n}").replace("枫叶读书周", f"枫叶读书周{n}")
              for n in (2, 3)]  # fmt: skip
    path = tmp_path / "activities.csv"
    path.write_text("\n".join([header, march, september, *copies]) + "\n", encoding="utf-8")
    assert ngoreg("import", "chinafile-activities", str(path), "--db", db)[0] == 0
    rows = json.loads(ngoreg("stats", "activities", "--by", "month", "--json", "--db", db)[1])
    assert [(r["key"], r["count"]) for r in rows] == [("2017-03", 1), ("2018-09", 3)]
    _, out, _ = ngoreg("stats", "activities", "--by", "month", "--db", db)
    assert [line.split()[1] for line in out.splitlines()] == ["2017-03", "2018-09"]
    rows = json.loads(ngoreg("stats", "activities", "--by", "origin", "--json", "--db", db)[1])
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)  # others: most first


def test_a_social_organisation_is_registered_from_the_command_line(db: str) -> None:  # noqa: F811
    """An association in preparation, its registrar, and its direct registration, as an operator types them; a
    religious association asking for the same is refused with the article."""
    _, out, _ = ngoreg("authority", "add", "--kind", "registrar_civil_affairs", "--level", "provincial",
                       "--name-zh", "四川省民政厅", "--province", "510000", "--json", "--db", db)  # fmt: skip
    registrar = json.loads(out)["id"]
    ids = []
    for name in ("四川省咖啡协会", "四川省某宗教研究会"):
        code, out, err = ngoreg("org", "add", "--kind", "social_association", "--name-zh", name, "--preparing",
                                "--json", "--db", db)  # fmt: skip
        assert code == 0, err
        ids.append(json.loads(out)["id"])
    values = {"path": "direct", "registrar_authority_id": registrar, "name": "四川省咖啡协会", "domicile": "成都市",
              "purpose": "行业自律", "business_scope": "培训", "area_of_activity": "四川省",
              "legal_representative": "王芳",
              "activity_funds": 30000, "individual_members": 50, "has_organisation": "yes", "fixed_seat": "yes",
              "full_time_staff": "yes", "independent_civil_liability": "yes",
              "documents": "application,capital_verification_and_premises,founders_and_leaders_identity,draft_articles"}
    for org, category, expected in ((ids[0], "industry_association", 0), (ids[1], "religious", 1)):
        sets = [a for k, v in {**values, "category": category}.items() for a in ("--set", f"{k}={v}")]
        code, out, err = ngoreg("filing", "start", "association_registration", "--org", str(org), *sets,
                                "--on", "2025-03-03", "--json", "--db", db)  # fmt: skip
        assert code == 0, err
        fid = json.loads(out)["id"]
        code, _, err = ngoreg("filing", "fire", str(fid), "apply", "--as", "social_org", "--on", "2025-03-04",
                              "--db", db)  # fmt: skip
        assert code == expected, err
    assert "may not register directly" in err and "Social Association Regulations art. 9(1)" in err
