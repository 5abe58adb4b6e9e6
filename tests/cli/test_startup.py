"""The command line starts quickly because a command loads only what it uses: measured in bench/RESULTS.md,
guarded here without a clock by the modules each kind of command imports (`python -X importtime`)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ngoreg

# What the web server, the charts, the data frames, the pages, the passwords and the migrations need: no
# command of the registry's own loads any of it. Nor pydantic, which typer 0.29 loads to parse any option
# (0.1 s a command): typer stays at 0.28 (pyproject.toml) until it no longer does.
NEVER = {"fastapi", "starlette", "uvicorn", "altair", "vl_convert", "pyarrow", "jinja2", "babel", "argon2",
         "icalendar", "alembic", "rich", "pydantic"}  # fmt: skip
DATABASE = {"sqlalchemy", "psycopg"}


def imported(*args: str) -> set[str]:
    """The top-level packages `ngoreg ARGS` imports, as `python -X importtime` reports them."""
    env = {**os.environ, "PYTHONPATH": str(Path(ngoreg.__file__).parents[1])}
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "ngoreg.cli.app", *args], env=env,
                         capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert run.returncode in (0, 1, 2) and "Traceback" not in run.stderr, run.stderr[-2000:]  # ran, ended cleanly
    lines = [line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")]
    assert len(lines) > 50, run.stderr[-2000:]  # importtime did report
    return {name.split(".")[0] for name in lines}


@pytest.mark.parametrize("args", [["--help"], ["law", "list"], ["law", "show", "fngo", "17"],
                                  ["procedure", "list"], ["procedure", "show", "fngo_annual_plan"],
                                  ["uscc", "check", "12345"], ["coordination", "list"],
                                  ["coordination", "show", "national"]])  # fmt: skip
def test_a_command_without_the_database_loads_no_database_layer(args: list[str]) -> None:
    modules = imported(*args)
    assert "typer" in modules
    assert not modules & (NEVER | DATABASE)


@pytest.mark.parametrize("args", [["org", "count"], ["org", "show", "1"], ["filing", "show", "1"],
                                  ["due", "--as-of", "2020-01-01"], ["coordination", "provinces"],
                                  ["coordination", "resolve", "1"]])  # fmt: skip
def test_a_command_that_reads_the_database_loads_only_the_database_layer(
    sqlite_template: Path, tmp_path: Path, args: list[str]
) -> None:
    db = tmp_path / "ngoreg.db"
    shutil.copy(sqlite_template, db)
    modules = imported(*args, "--db", str(db))
    assert "sqlalchemy" in modules
    assert not modules & NEVER
