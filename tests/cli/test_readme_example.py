"""The README's worked example of a filing runs as it is written, on both engines: each `$ ngoreg …` line is
a command, the lines under it are what it prints (those shown, in that order; the README leaves some out)."""

import shlex
from pathlib import Path

from typer.testing import CliRunner

from ngoreg.cli.app import app

README = Path(__file__).resolve().parents[2] / "README.md"
MARK = "<!-- the tests run this example as it is written (tests/cli/test_readme_example.py) -->"


def example() -> list[tuple[list[str], list[str]]]:
    """(arguments, lines printed) for each command of the example."""
    text = README.read_text(encoding="utf-8").split(MARK, 1)[1].lstrip("\n")
    steps: list[tuple[list[str], list[str]]] = []
    for line in text.splitlines():
        if not line.startswith("    "):
            break  # the end of the indented block
        line = line.removeprefix("    ")
        if line.startswith("$ ngoreg "):
            steps.append((shlex.split(line.removeprefix("$ ngoreg ")), []))
        else:
            steps[-1][1].append(line)
    return steps


def test_the_readme_example_runs_as_written(url: str) -> None:
    steps = example()
    assert len(steps) > 15 and any(args[:2] == ["filing", "fire"] for args, _ in steps)
    runner = CliRunner()
    for args, shown in steps:
        r = runner.invoke(app, args, env={"NGOREG_DATABASE_URL": url, "NGOREG_ACTOR": "operator"})
        printed = r.output.splitlines()
        refused = any(line.startswith("refused: ") for line in shown)
        assert r.exit_code == (1 if refused else 0), (args, r.output)
        at = 0
        for line in shown:  # each line shown is printed, in the order shown
            assert line in printed[at:], (args, line, r.output)
            at = printed.index(line, at) + 1
