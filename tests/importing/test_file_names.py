"""What an import says of its file names the file as the caller sent it: the command line's path as given,
over HTTP the request body — never the temporary file the body is spooled to, in an error or in the audit
log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from ngoreg.audit.models import AuditEvent
from ngoreg.cli.app import app
from ngoreg.db.engine import transaction
from tests.web.accounts import admin

FIXTURES = Path(__file__).parent / "fixtures"
# Each file in GB18030: the headers are ASCII, so the reading fails on a row's Chinese.
GB18030 = {kind: text.encode("gb18030") for kind, text in (
    ("orgs", "kind,name_zh\nsocial_association,北京市青少年发展协会\n"),
    ("psus", (FIXTURES / "supervisory_units.csv").read_text(encoding="utf-8")),
    ("offices", (FIXTURES / "offices.csv").read_text(encoding="utf-8")),
    ("activities", (FIXTURES / "temporary_activities.csv").read_text(encoding="utf-8")))}  # fmt: skip
NOT_UTF8 = "is not UTF-8 text; save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"


@pytest.fixture
def db(url: str) -> str:
    assert CliRunner().invoke(app, ["init", "--db", url]).exit_code == 0
    return url


@pytest.mark.parametrize(("path", "kind"), [("organisations", "orgs"), ("chinafile/psus", "psus"),
                                           ("chinafile/offices", "offices"), ("chinafile/activities", "activities")])
def test_an_unreadable_body_is_named_the_request_body(db: str, path: str, kind: str) -> None:
    r = admin(db).post(f"/api/v1/imports/{path}", content=GB18030[kind], headers={"Content-Type": "text/csv"})
    assert r.status_code == 422
    message = r.json()["error"]["message"]
    assert message.startswith(f"FILE: 'request body': {NOT_UTF8}")
    assert "tmp" not in message and os.sep not in message


def test_an_import_over_http_is_logged_as_from_the_request_body(db: str) -> None:
    r = admin(db).post("/api/v1/imports/organisations", content="kind,name_zh\nsocial_association,北京市某协会\n",
                       headers={"Content-Type": "text/csv"})  # fmt: skip
    assert r.status_code == 200 and r.json()["loaded"] == 1
    with transaction(db, write=False) as s:
        reasons = list(s.scalars(select(AuditEvent.reason).where(AuditEvent.subject_type == "organisation")))
    assert reasons == ["imported from request body"]


@pytest.mark.parametrize("kind", ["orgs", "chinafile-psus", "chinafile-offices", "chinafile-activities"])
def test_the_command_line_names_the_path_it_was_given(db: str, tmp_path: Path, kind: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    Path("in/gb.csv").write_bytes(GB18030[kind.removeprefix("chinafile-")])
    runner = CliRunner()
    r = runner.invoke(app, ["import", kind, "in/gb.csv", "--db", db])
    assert r.exit_code != 0 and r.stderr.startswith(f"error: FILE: 'in/gb.csv': {NOT_UTF8}")
    r = runner.invoke(app, ["import", kind, "in/none.csv", "--db", db])
    assert r.exit_code != 0 and r.stderr == "error: FILE: 'in/none.csv': does not exist\n"
