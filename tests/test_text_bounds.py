"""Every free text the registry takes is bounded as `bounds` states, wherever it enters: an import rejects the
row naming its line and field, the API answers 422 naming the field, the command line one line naming it,
the search page a 422 page. A value at its limit is taken."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ngoreg import bounds
from ngoreg.cli.app import app
from ngoreg.law.periods import day_of
from ngoreg.web.app import create_app
from tests.importing.test_chinafile import OFFICES, PSUS
from tests.web.accounts import admin

runner = CliRunner()
LONG_NAME = "A" * (bounds.NAME + 1)
HUGE_NAME = "B" * 3_900_000  # what was once stored, indexed and served


def ngoreg(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def db(url: str) -> str:
    assert ngoreg("init", "--db", url)[0] == 0
    return url


def test_the_limits_fit_the_longest_real_values() -> None:
    """ChinaFile's lists hold names up to 197 characters and cells up to 658: all within their bounds."""
    assert (bounds.NAME, bounds.ADDRESS, bounds.TEXT, bounds.CELL, bounds.USERNAME) == (300, 500, 10_000, 2_000, 64)


def test_an_organisation_import_rejects_over_long_names_by_line_and_field(db: str, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    at_limit = "C" * bounds.NAME
    path.write_text("kind,name_zh,name_en,aliases\n"
                    f"social_association,北京市甲协会,{at_limit},\n"
                    f"social_association,北京市乙协会,{LONG_NAME},\n"
                    f"social_association,北京市丙协会,,{HUGE_NAME}\n"
                    f"social_association,北京市丁协会,,{';'.join(['x'] * (bounds.ITEMS + 1))}\n",
                    encoding="utf-8")  # fmt: skip
    _, out, _ = ngoreg("import", "orgs", str(path), "--json", "--db", db)
    report = json.loads(out)
    assert (report["loaded"], report["rejected"]) == (1, 3)
    reasons = [(r["line"], r["reason"]) for r in report["rejections"]]
    assert [(line, reason.split(":")[0]) for line, reason in reasons] == [(3, "name_en"), (4, "aliases"),
                                                                          (5, "aliases")]  # fmt: skip
    assert reasons[0][1].endswith("(301 characters): is longer than 300 characters")
    assert reasons[1][1].endswith("(3900000 characters): is longer than 300 characters")
    assert reasons[2][1] == "aliases: '101 items': is more than 100 items"
    assert len(out) < 2_000  # the refused name is not repeated whole
    shown = json.loads(ngoreg("org", "search", at_limit[:20], "--json", "--db", db)[1])
    assert [o["name_en"] for o in shown] == [at_limit]


def test_a_chinafile_import_rejects_an_over_long_cell_by_line_and_column(db: str, tmp_path: Path) -> None:
    ngoreg("import", "chinafile-psus", str(PSUS), "--db", db)
    rows = list(csv.reader(io.StringIO(OFFICES.read_text(encoding="utf-8"))))
    head = rows[0]
    rows[1][head.index("Organization Name (English)")] = LONG_NAME
    rows[2][head.index("Address")] = "D" * (bounds.ADDRESS + 1)
    path = tmp_path / "offices.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    _, out, _ = ngoreg("import", "chinafile-offices", str(path), "--json", "--db", db)
    rejected = {r["line"]: r["reason"] for r in json.loads(out)["rejections"]}
    assert rejected[2].startswith("Organization Name (English): 'AAAA")
    assert rejected[2].endswith("(301 characters): is longer than 300 characters")
    assert rejected[3].startswith("Address: 'DDDD") and rejected[3].endswith("is longer than 500 characters")


def test_the_command_line_refuses_over_long_text_in_one_line(db: str) -> None:
    invalid = ngoreg("org", "add", "--kind", "guild", "--name-zh", "某会", "--db", db)[0]
    assert invalid != 0
    code, out, err = ngoreg("org", "add", "--kind", "foreign_ngo", "--name-en", LONG_NAME, "--origin", "GB",
                            "--db", db)  # fmt: skip
    assert code == invalid and err.startswith("error: name_en: 'AAAA") and len(err.splitlines()) == 1
    assert err.endswith("(301 characters): is longer than 300 characters\n")
    _, out, _ = ngoreg("org", "add", "--kind", "foreign_ngo", "--name-en", "Teachers Abroad", "--origin", "GB",
                       "--json", "--db", db)  # fmt: skip
    org = str(json.loads(out)["id"])
    _, out, _ = ngoreg("org", "add", "--kind", "social_association", "--name-zh", "北京市某协会", "--registered-on",
                       "2020-01-01", "--json", "--db", db)  # fmt: skip
    today = day_of(datetime.now(UTC)).isoformat()
    code, _, err = ngoreg("org", "update", str(json.loads(out)["id"]), "--on", today, "--name-zh", "北京市某学会",
                          "--reason", "R" * (bounds.TEXT + 1), "--db", db)  # fmt: skip
    assert code == invalid and err.endswith("(10001 characters): is longer than 10000 characters\n")
    assert err.startswith("error: reason: ")
    base = ["filing", "start", "fngo_temporary_activity", "--org", org, "--on", "2026-01-05", "--db", db]
    code, _, err = ngoreg(*base, "--set", f"activity_name={'T' * (bounds.TEXT + 1)}")
    assert code == invalid and err.startswith("error: activity_name: ") and len(err.splitlines()) == 1
    code, _, err = ngoreg(*base, "--set", f"documents={','.join(['written_agreement'] * (bounds.ITEMS + 1))}")
    assert code == invalid and err == "error: documents: '101 items': is more than 100 items\n"
    code, _, err = ngoreg("filing", "start", "fngo_annual_plan", "--org", org, "--on", "2026-01-05",
                          "--set", "year=99999", "--db", db)  # fmt: skip
    assert code == invalid and err == "error: year: '99999': must be between 1900 and 2099\n"
    code, _, err = ngoreg("org", "search", LONG_NAME, "--db", db)
    assert code == invalid and err.startswith("error: query: ")
    code, _, err = ngoreg("user", "add", "wang", "--name", LONG_NAME, "--db", db)
    assert code == invalid and err.startswith("error: display_name: ")


def test_the_api_answers_422_naming_the_field(db: str) -> None:
    client = admin(db)
    body = {"procedure": "fngo_temporary_activity", "org_id": 1, "on": "2026-01-05",
            "values": {"activity_name": "T" * (bounds.TEXT + 1)}}  # fmt: skip
    r = client.post("/api/v1/filings", json=body)
    assert r.status_code == 422
    assert r.json()["error"]["message"] == "values.activity_name: String should have at most 10000 characters"
    r = client.post("/api/v1/filings/1/fire", json={"transition": "file", "on": "2026-01-05",
                                                    "reason": "R" * (bounds.TEXT + 1)})  # fmt: skip
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("reason: String should have at most")
    r = client.post("/api/v1/filings", json={**body, "procedure": "p" * (bounds.CODE + 1), "values": {}})
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("procedure: String should have at most")
    r = client.get("/api/v1/organisations/search", params={"q": LONG_NAME})
    assert r.status_code == 422 and r.json()["error"]["message"] == "q: String should have at most 300 characters"
    r = client.post("/api/v1/session", json={"username": "u" * (bounds.USERNAME + 1), "password": "x"})
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("username: String should have at most")
    r = client.post("/api/v1/imports/organisations", content=f"kind,name_en\nforeign_ngo,{LONG_NAME}\n".encode(),
                    headers={"Content-Type": "text/csv"})  # fmt: skip
    assert r.status_code == 200
    assert [x["line"] for x in r.json()["rejections"]] == [2]
    assert r.json()["rejections"][0]["reason"].startswith("name_en: ")


def test_the_search_page_refuses_an_over_long_query(db: str) -> None:
    with TestClient(create_app(db)) as client:
        page = client.get("/", params={"q": HUGE_NAME[:10_000], "lang": "en"})
    assert page.status_code == 422 and "query" in page.text and "longer than 300 characters" in page.text
