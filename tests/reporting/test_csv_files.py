"""The one writer of CSV files: a cell that begins like a formula is text, a number stays a number."""

from __future__ import annotations

import csv
import io
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from ngoreg.reporting.csv_files import cell, csv_text

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize("formula", ["=1+1", "=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
                                     "\t=1+1", "\r=1+1", "-", "+", "=", "-1-1"])  # fmt: skip
def test_a_cell_that_begins_like_a_formula_is_written_as_text(formula: str) -> None:
    assert cell(formula) == "'" + formula


@pytest.mark.parametrize("number", [-3, 0, 7, -2.5, Decimal("-1.25"), "-3", "+1.5", "-0.5", "-1e3", "42"])
def test_numbers_stay_numbers(number: object) -> None:
    assert cell(number) == number


def test_other_text_and_blanks_as_they_are() -> None:
    assert [cell(v) for v in ("北京市商务委员会", "a=b", " =x", None, "")] == ["北京市商务委员会", "a=b", " =x", "", ""]


def test_the_file_reads_back_with_its_quotes_and_commas() -> None:
    text = csv_text([["key", "count"], ['=HYPERLINK("http://x","a,b")', -4], ["Beijing, \"east\"", 3]])
    assert list(csv.reader(io.StringIO(text))) == [["key", "count"], ['\'=HYPERLINK("http://x","a,b")', "-4"],
                                                   ['Beijing, "east"', "3"]]  # fmt: skip


def test_no_other_code_writes_csv() -> None:
    found = subprocess.run(["grep", "-rlE", r"csv\.(writer|DictWriter)\(", str(SRC)], capture_output=True, text=True)
    assert found.stdout.split() == [str(SRC / "ngoreg" / "reporting" / "csv_files.py")]
