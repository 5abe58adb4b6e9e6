"""Every CSV file ngoreg writes is written here, so that none can carry a formula into a spreadsheet.

Names come from imports and from users: a cell `=cmd|' /C calc'!A0` is run by a spreadsheet that opens the
file. OWASP's advice on CSV injection: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return is written with a single quote before it, which makes it text. A number is not a formula: ints,
floats and decimals, and text that is only a number (`-3`, `+1.5`), are written as they are, so that a
negative count stays a number for the spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def cell(value: Any) -> Any:
    """`value` as a cell a spreadsheet shows and never runs."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_rows(stream: TextIO, rows: Iterable[Iterable[Any]]) -> None:
    """Writes `rows` (the header first, if any) to `stream`, each cell made safe by `cell`."""
    csv.writer(stream, lineterminator="\n").writerows([cell(v) for v in row] for row in rows)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """`rows` as the text of a CSV file."""
    out = io.StringIO()
    write_rows(out, rows)
    return out.getvalue()
