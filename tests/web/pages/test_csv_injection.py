"""A dashboard's CSV file holds what imports brought in, and a spreadsheet would run a cell that starts like a
formula: such a cell is written as text (a leading quote, OWASP's advice on CSV injection), on both engines."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ngoreg.cli.app import app as ngoreg
from ngoreg.web.app import create_app

FIXTURES = Path(__file__).parents[2] / "importing" / "fixtures"
FORMULA = "=cmd|' /C calc'!A0"  # a supervisory unit's name as an import may bring it


def test_a_formula_in_an_imported_name_is_text_in_the_dashboard_csv(url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(ngoreg, ["init", "--db", url]).exit_code == 0
    for name in ("supervisory_units.csv", "offices.csv"):
        text = (FIXTURES / name).read_text(encoding="utf-8").replace("Beijing Commission of Commerce", FORMULA)
        (tmp_path / name).write_text(text, encoding="utf-8")
    psus = runner.invoke(ngoreg, ["import", "chinafile-psus", str(tmp_path / "supervisory_units.csv"), "--db", url])
    assert psus.exit_code == 0, psus.output
    # the fixture's two dirty rows are rejected (exit 1); the offices of the renamed unit load
    offices = runner.invoke(ngoreg, ["import", "chinafile-offices", str(tmp_path / "offices.csv"), "--db", url])
    assert "loaded 8," in offices.output
    r = TestClient(create_app(url)).get("/dashboards/offices-by-psu.csv")
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["key", "label_zh", "count"]
    keys = [row[0] for row in rows[1:]]
    assert "'" + FORMULA in keys and FORMULA not in keys
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    assert all(row[2].isdigit() for row in rows[1:])  # the counts stay numbers
