"""Days at either end of what a date can be (0001-01-01, 9999-12-31) and just past the registry's range are
refused wherever the calendar takes a day, naming the field: the API (422 in the error shape), the calendar
page and its iCalendar file (422), and `ngoreg due` (one line on stderr, the exit code of invalid input).
The range's own ends are read like any other day."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ngoreg.bounds import EARLIEST, LATEST
from ngoreg.cli.app import app
from tests.compliance.conftest import World
from tests.web.accounts import admin, client_as, token

OUTSIDE = ["9999-12-31", "0001-01-01", "2100-01-01", "1899-12-31"]
RANGE = "is outside the days the registry takes (1900-01-01 to 2099-12-31)"


def test_the_range_is_the_one_the_docstring_states() -> None:
    assert (EARLIEST.isoformat(), LATEST.isoformat()) == ("1900-01-01", "2099-12-31")


@pytest.mark.parametrize("day", OUTSIDE)
def test_the_api_refuses_a_day_outside_the_range(world: World, day: str) -> None:
    client = admin(world.url)
    for params in ({"as_of": day}, {"as_of": "2026-12-10", "since": day}):
        r = client.get("/api/v1/due", params=params)
        assert r.status_code == 422
        field = "since" if "since" in params else "as_of"
        assert r.json()["error"] == {"code": "invalid_input", "message": f"{field}: '{day}': {RANGE}",
                                     "refusals": [], "basis": []}  # fmt: skip
    r = client.get("/api/v1/organisations", params={"as_of": day})
    assert r.status_code == 422 and r.json()["error"]["message"] == f"as_of: '{day}': {RANGE}"


@pytest.mark.parametrize("day", OUTSIDE)
def test_the_calendar_page_and_its_file_refuse_a_day_outside_the_range(world: World, day: str) -> None:
    client = client_as(world.url, token(world.url, "delta.staff", "foreign_ngo_staff", org=world.delta))
    path = f"/organisations/{world.delta}/calendar"
    page = client.get(path, params={"as_of": day, "lang": "en"})
    assert page.status_code == 422 and "as_of" in page.text and "1900-01-01 to 2099-12-31" in page.text
    ics = client.get(path + ".ics", params={"as_of": day})
    assert ics.status_code == 422 and ics.text == f"as_of: '{day}': {RANGE}\n"


def test_the_ends_of_the_range_are_read(world: World) -> None:
    client = admin(world.url)
    first = client.get("/api/v1/due", params={"as_of": "1900-01-01", "limit": 1000})
    assert first.status_code == 200 and first.json() == {"items": [], "next": None}  # nothing had opened yet
    last = client.get("/api/v1/due", params={"as_of": "2099-12-31", "limit": 1000})
    assert last.status_code == 200
    items = last.json()["items"]
    # Alpha (registered in 2020, never ended) owes its plan for 2100, due on the last day of the range
    assert [o["due_on"] for o in items if o["org_id"] == world.alpha and o["status"] == "due"] == ["2099-12-31"]
    assert all(o["due_on"] <= "2100-03-31" for o in items)
    staff = client_as(world.url, token(world.url, "alpha.staff", "foreign_ngo_staff", org=world.alpha))
    assert staff.get(f"/organisations/{world.alpha}/calendar.ics", params={"as_of": "2099-12-31"}).status_code == 200


def ngoreg(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize("day", OUTSIDE)
def test_ngoreg_due_refuses_a_day_outside_the_range_in_one_line(world: World, day: str) -> None:
    invalid, _, _ = ngoreg("due", "--as-of", "2026-13-01", "--db", world.url)
    for args, field in ((["--as-of", day], "--as-of"), (["--as-of", "2026-12-10", "--since", day], "--since")):
        code, out, err = ngoreg("due", *args, "--db", world.url)
        assert code == invalid != 0
        assert err == f"error: {field}: '{day}': {RANGE}\n"
        assert "Traceback" not in out + err
