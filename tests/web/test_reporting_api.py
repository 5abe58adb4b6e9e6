"""The compliance calendar, statistics and rule checks over HTTP say what the command line says."""

import json
from datetime import UTC, datetime

from typer.testing import CliRunner

from ngoreg.cli.app import app
from ngoreg.db.engine import transaction
from ngoreg.importing.chinafile import import_activities, import_offices, import_psus
from tests.conftest import ACTOR
from tests.importing.test_chinafile import ACTIVITIES, OFFICES, PSUS
from tests.web.accounts import admin


def cli_json(*args: str) -> object:
    r = CliRunner().invoke(app, [*args, "--json"])
    assert r.exit_code in (0, 2), r.stdout + r.stderr
    return json.loads(r.stdout)


def test_due_stats_and_checks_match_the_command_line(url: str) -> None:
    assert CliRunner().invoke(app, ["init", "--db", url]).exit_code == 0
    # imported at the start of 2019, so that the calendar of 2019-02-15 has what fell due since
    with transaction(url) as s:
        for run, path in ((import_psus, PSUS), (import_offices, OFFICES), (import_activities, ACTIVITIES)):
            run(s, path, actor=ACTOR, now=datetime(2019, 1, 1, tzinfo=UTC))
    client = admin(url)  # the calendar and the checks over every record are not the public's

    for by in ("province", "psu", "month"):
        api = client.get("/api/v1/statistics/offices", params={"by": by, "as_of": "2018-12-31"})
        assert api.status_code == 200
        assert api.json() == cli_json("stats", "offices", "--by", by, "--as-of", "2018-12-31", "--db", url)
    assert client.get("/api/v1/statistics/activities", params={"by": "origin"}).json() == cli_json(
        "stats", "activities", "--by", "origin", "--db", url)
    onehot = client.get("/api/v1/statistics/activities", params={"by": "field", "field_source": "onehot"})
    assert onehot.json() == cli_json("stats", "activities", "--by", "field", "--field-source", "onehot", "--db", url)
    assert onehot.json() != client.get("/api/v1/statistics/activities", params={"by": "field"}).json()
    assert client.get("/api/v1/statistics/activities", params={"by": "field", "field_source": "x"}).status_code == 422
    assert sum(r["count"] for r in client.get("/api/v1/statistics/offices", params={"by": "province"}).json()) > 0

    due = client.get("/api/v1/due", params={"as_of": "2019-02-15", "limit": 1000})
    expected = cli_json("due", "--as-of", "2019-02-15", "--db", url)
    assert due.status_code == 200 and due.json() == {"items": expected, "next": None}
    assert isinstance(expected, list) and len(expected) > 2
    assert {o["status"] for o in expected} <= {"upcoming", "due", "overdue", "met", "met late"}
    # paged two lines at a time, the pages put together are the command line's list, in its order
    paged, params = [], {"as_of": "2019-02-15", "limit": 2}
    while True:
        page = client.get("/api/v1/due", params=params).json()
        paged += page["items"]
        if page["next"] is None:
            break
        params["cursor"] = page["next"]
    assert paged == expected
    checks = client.get("/api/v1/checks").json()
    assert checks == cli_json("check", "--db", url) and checks["findings"]

    bad = client.get("/api/v1/due", params={"as_of": "15/02/2019"})
    assert bad.status_code == 422 and bad.json()["error"]["message"].startswith("as_of: '15/02/2019'")
    assert client.get("/api/v1/due", params={"as_of": ""}).status_code == 422
    assert client.get("/api/v1/statistics/offices", params={"by": "colour"}).status_code == 422
