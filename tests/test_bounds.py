"""The one range of days the registry takes, wherever a day enters: the parser itself, a filing's `--set`
date fields, and the date column of an organisation import (a rejected row naming its line and field)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ngoreg import bounds, procedures
from ngoreg.cli.app import app
from ngoreg.errors import SHOWN, InvalidInput
from ngoreg.filings.service import parse_values
from ngoreg.regimes.fngo import temporary_activity as fngo_temporary_activity

RANGE = "is outside the days the registry takes (1900-01-01 to 2099-12-31)"


@pytest.mark.parametrize("value", ["1900-01-01", "2099-12-31", " 2017-01-01 ", date(2099, 12, 31)])
def test_a_day_in_the_range_is_read(value: str | date) -> None:
    assert bounds.day(value, "on") == (value if isinstance(value, date) else date.fromisoformat(value.strip()))


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2100-01-01", "9999-12-31", date(9999, 12, 31)])
def test_a_day_outside_the_range_is_refused_naming_the_field(value: str | date) -> None:
    with pytest.raises(InvalidInput) as e:
        bounds.day(value, "on")
    shown = value if isinstance(value, str) else value.isoformat()
    assert str(e.value) == f"on: '{shown}': {RANGE}"


def test_a_refused_value_is_not_repeated_whole() -> None:
    with pytest.raises(InvalidInput) as e:
        bounds.day("x" * 4_000_000, "as_of")
    assert len(str(e.value)) < SHOWN + 100 and "(4000000 characters)" in str(e.value)


def test_a_filing_date_field_is_held_to_the_range() -> None:
    p = procedures.in_force(fngo_temporary_activity.PROCEDURE.code, date(2026, 1, 1))
    assert parse_values(p, {"start_date": "1900-01-01"}) == {"start_date": date(1900, 1, 1)}
    with pytest.raises(InvalidInput) as e:
        parse_values(p, {"start_date": "9999-12-31"})
    assert str(e.value) == f"start_date: '9999-12-31': {RANGE}"


def test_an_import_rejects_the_row_with_a_day_outside_the_range_and_keeps_a_placeholder(url: str,
                                                                                         tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    path = tmp_path / "orgs.csv"
    path.write_text("kind,name_zh,registered_on\n"
                    "social_association,北京市老协会,1900-01-01\n"
                    "social_association,北京市远古协会,0001-01-01\n"
                    "social_association,北京市未来协会,9999-12-31\n", encoding="utf-8")  # fmt: skip
    r = runner.invoke(app, ["import", "orgs", str(path), "--json", "--db", url])
    report = json.loads(r.stdout)
    assert (report["loaded"], report["rejected"]) == (1, 2)
    assert report["rejections"] == [{"line": 3, "reason": f"registered_on: '0001-01-01': {RANGE}"},
                                    {"line": 4, "reason": f"registered_on: '9999-12-31': {RANGE}"}]  # fmt: skip
