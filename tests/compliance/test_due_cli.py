"""`ngoreg due` end to end on both engines: the table, `--json`, `--org`, `--status`, bad input, and an
`--ics` file read back with the icalendar library."""

import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from ngoreg.cli.app import app
from tests.compliance.conftest import World

runner = CliRunner()
KEYS = ["org_id", "org_name", "filing_id", "obligation", "label", "due_on", "status", "basis", "provisional"]


def ngoreg(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_the_table(world: World) -> None:
    code, out, _ = ngoreg("due", "--as-of", "2026-12-10", "--db", world.url)
    lines = out.splitlines()
    assert code == 0
    # the oldest duty still open comes first: Gamma's plan for 2019
    assert lines[0].split() == ["2019-01-02", "overdue", str(world.gamma), "Gamma", "Office:", "Plan", "to", "the",
                                "professional", "supervisory", "unit", "(no", "filing", "yet;", "FNGO", "Law", "art.",
                                "19)"]  # fmt: skip
    assert lines[-2] == "52 obligations as of 2026-12-10: 41 overdue, 3 due, 5 upcoming, 2 met, 1 met late"
    assert lines[-1].startswith("* provisional")
    assert any(line.startswith("2027-02-01* upcoming") for line in lines)


def test_json_for_one_organisation(world: World) -> None:
    code, out, _ = ngoreg("due", "--as-of", "2026-12-10", "--org", str(world.beta), "--json", "--db", world.url)
    got = json.loads(out)
    assert code == 0
    assert [list(o) for o in got] == [KEYS] * 3
    assert got[0] == {"org_id": world.beta, "org_name": "Beta Office", "filing_id": None, "obligation": "plan_to_psu",
                      "label": "Plan to the professional supervisory unit", "due_on": "2026-12-31", "status": "due",
                      "basis": "FNGO Law art. 19", "provisional": False}  # fmt: skip
    assert [(o["due_on"], o["provisional"]) for o in got[1:]] == [("2027-02-01", True), ("2027-03-31", True)]


def test_status_filter_takes_either_spelling(world: World) -> None:
    code, out, _ = ngoreg("due", "--as-of", "2026-12-10", "--status", "met_late", "--status", "due", "--json",
                          "--db", world.url)  # fmt: skip
    assert code == 0
    assert sorted({o["status"] for o in json.loads(out)}) == ["due", "met late"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-13-01"], "error: --as-of: '2026-13-01': not a date"),
        (["--as-of", "2026-12-10", "--org", "999"], "error: org: 999: no such organisation"),
        (["--as-of", "2026-12-10", "--since", "10 December"], "error: --since: '10 December': not a date"),
        (["--as-of", "2026-12-10", "--status", "late"], "error: status: 'late': one of overdue, due, upcoming"),
    ],
)
def test_bad_input_is_one_line_naming_the_field(world: World, args: list[str], message: str) -> None:
    code, out, err = ngoreg("due", *args, "--db", world.url)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith(message)
    assert "Traceback" not in out + err


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_ics_file(world: World, tmp_path: Path) -> None:
    path = tmp_path / "due.ics"
    code, out, _ = ngoreg("due", "--as-of", "2026-12-10", "--ics", str(path), "--db", world.url)
    assert code == 0 and out.splitlines()[-1] == f"wrote {path}"
    events = read(path).events
    assert len(events) == 52
    by_uid = {str(e["uid"]): e for e in events}
    assert len(by_uid) == 52  # every obligation its own event
    plan = by_uid[f"org-{world.beta}/fngo_annual_plan/plan_to_psu/2027@ngoreg"]
    assert plan.decoded("dtstart") == date(2026, 12, 31)  # all day: a date, not a time
    assert plan.decoded("dtend") == date(2027, 1, 1)
    assert str(plan["summary"]) == "Plan to the professional supervisory unit — Beta Office"
    assert "FNGO Law art. 19" in str(plan["description"]) and str(plan["status"]) == "CONFIRMED"
    report = next(e for e in events if str(e["uid"]) == f"deadline-{world.files['due']}@ngoreg")
    assert str(report["summary"]) == "Closing report to the registrar — Delta Foundation"
    assert "FNGO Law art. 30(2)" in str(report["description"])
    provisional = by_uid[f"org-{world.alpha}/fngo_annual_report/report_to_psu/2026@ngoreg"]
    assert str(provisional["status"]) == "TENTATIVE"


def test_a_later_export_names_the_same_events(world: World, tmp_path: Path) -> None:
    """Importing the newer file updates the events of the older one rather than adding them again."""
    first, later = tmp_path / "first.ics", tmp_path / "later.ics"
    ngoreg("due", "--as-of", "2026-12-10", "--org", str(world.alpha), "--ics", str(first), "--db", world.url)
    ngoreg("due", "--as-of", "2026-12-20", "--org", str(world.alpha), "--ics", str(later), "--db", world.url)
    before = {str(e["uid"]): str(e["categories"].cats[0]) for e in read(first).events}
    after = {str(e["uid"]): str(e["categories"].cats[0]) for e in read(later).events}
    assert set(before) == set(after)
    uid = f"org-{world.alpha}/fngo_annual_plan/plan_to_psu/2027@ngoreg"
    assert (before[uid], after[uid]) == ("met", "met")
    due = next(u for u in before if u.startswith("deadline-"))
    assert (before[due], after[due]) == ("due", "overdue")  # the plan to the registrar, due 2026-12-11
