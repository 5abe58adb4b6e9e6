"""`ngoreg coordination list|show|provinces|resolve`: output, JSON, as-of days, and bad input as one line naming
the argument with exit 2, never a traceback. On both engines."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from ngoreg.cli.app import app
from tests.coordination.conftest import BEIJING, CHONGQING, GANSU, Ground

runner = CliRunner()


def ngoreg(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["coordination", *args])
    return r.exit_code, r.stdout, r.stderr


def test_list_names_every_group_and_whether_it_coordinates_on_the_day() -> None:
    code, out, _ = ngoreg("list", "--on", "2017-01-01", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["key"] for r in rows] == ["national", "gansu", "chongqing", "ningxia", "anhui",
                                                      "inner_mongolia", "guizhou"]  # fmt: skip
    assert {r["key"]: r["status"] for r in rows}["national"] == "coordinating"
    assert {r["status"] for r in rows[1:]} == {"not_yet"}
    code, out, _ = ngoreg("list", "--on", "2017-04-23")
    assert code == 0 and out.count("coordinating") == 7 and "Gansu Coordinating Small Group" in out


def test_show_prints_each_fact_with_its_source() -> None:
    code, out, _ = ngoreg("show", "national", "--on", "2017-06-01")
    assert code == 0
    assert "Ministry of Public Security" in out and "28" in out
    assert 'line 21: "28 other government entities are also represented in the group."' in out
    assert "known_members     not given by the source" in out
    assert "from 2016-05-31" in out and "FNGO Law art. 7(2)" in out
    code, out, _ = ngoreg("show", "甘肃", "--json")
    d = json.loads(out)
    assert code == 0 and d["key"] == "gansu" and d["province"] == GANSU
    facts = {f["fact"]: f for f in d["facts"]}
    assert facts["lead_body"] == {"fact": "lead_body", "value": None, "reported": False, "source": None}
    assert facts["reported_by"]["value"] == "2017-04-23" and facts["reported_by"]["source"]["line"] == 4


@pytest.mark.parametrize(("args", "message"), [
    (["show", "Tibet"], "GROUP: 'Tibet': no group of Tibet is reported"),
    (["show", "atlantis"], "GROUP: 'atlantis': no such group"),
    (["list", "--on", "2017-02-30"], "--on: '2017-02-30': not a date"),
    (["resolve"], "ORG: give an organisation's id, or --activity FILING"),
    (["resolve", "1", "--activity", "2"], "ORG: give an organisation's id, or --activity FILING"),
    (["resolve", "abc"], "ORG: 'abc': not an id"),
    (["resolve", "--activity", "-3"], "--activity: '-3': not an id"),
])  # fmt: skip
def test_bad_input_is_one_line_naming_the_argument(args: list[str], message: str) -> None:
    code, out, err = ngoreg(*args)
    assert code == 2 and message in err and "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_resolve_an_office_and_an_activity(ground: Ground) -> None:
    code, out, _ = ngoreg("resolve", str(ground.office_gansu), "--on", "2017-04-22", "--db", ground.url)
    assert code == 0 and "Gansu" in out and "not yet (from 2017-04-23)" in out
    code, out, _ = ngoreg("resolve", str(ground.office_beijing), "--on", "2018-01-01", "--json", "--db", ground.url)
    r = json.loads(out)
    assert code == 0 and [(e["province"], e["status"]) for e in r["provinces"]] == [(BEIJING, "not_reported")]
    assert [g["key"] for g in r["groups"]] == ["national"]
    code, out, _ = ngoreg("resolve", "--activity", str(ground.act_cq), "--on", "2018-01-01", "--json", "--db",
                          ground.url)  # fmt: skip
    assert code == 0 and [g["key"] for g in json.loads(out)["groups"]] == ["national", "chongqing"]
    code, out, _ = ngoreg("resolve", str(ground.ngo), "--db", ground.url)
    assert code == 0 and "not coordinated: a foreign NGO is coordinated through" in out
    code, _, err = ngoreg("resolve", "999999", "--db", ground.url)
    assert code == 2 and "organisation 999999 does not exist" in err


def test_provinces_counts_the_whole_registry(ground: Ground) -> None:
    code, out, _ = ngoreg("provinces", "--on", "2018-06-01", "--json", "--db", ground.url)
    rows = {r["province"]: r for r in json.loads(out)}
    assert code == 0 and rows[GANSU]["offices"] == 1 and rows[CHONGQING]["activities"] == 1
    assert rows[GANSU]["group"] == "gansu" and rows[BEIJING]["status"] == "not_reported"
    code, out, _ = ngoreg("provinces", "--on", "2018-06-01", "--db", ground.url)
    assert code == 0 and out.splitlines()[0].split()[:3] == ["province", "group", "status"]
    assert any(line.startswith("Gansu") and "coordinating" in line for line in out.splitlines())


def test_the_readmes_example_prints_what_the_readme_says() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Coordinating groups", 1)[1].split("\n## ", 1)[0]
    command, shown = re.findall(r"\n    \$ ngoreg (.+)\n    (.+)\n", section)[0]
    code, out, _ = ngoreg(*command.split()[1:])
    assert code == 0 and out.splitlines()[0] == shown


def test_the_groups_seeded_as_authorities_are_those_of_the_groups_file(url: str) -> None:
    r = runner.invoke(app, ["init", "--db", url])
    assert r.exit_code == 0
    r = runner.invoke(app, ["authority", "list", "--kind", "coordinating_group", "--json", "--db", url])
    seeded = {(a["level"], a["province"], a["name_en"]) for a in json.loads(r.stdout)}
    from ngoreg.coordination import data

    assert seeded == {(g.level, g.province, g.name_en) for g in data.groups().values()}
