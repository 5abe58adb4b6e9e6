"""The real ChinaFile files (read from ../shared/data/chinafile, never copied into the project; skipped where
absent): the import reports, and every statistic checked against counts made here with the plain `csv` module
over the raw files, independently of the importer."""

import csv
import json
import re
from collections import Counter
from typing import Any

import pytest
from typer.testing import CliRunner

from ngoreg.cli.app import app
from tests.conftest import SHARED

DATA = SHARED / "data" / "chinafile"
pytestmark = pytest.mark.skipif(not (DATA / "temporary_activities.csv").exists(), reason=f"{DATA} is absent")
runner = CliRunner()

# Rows that repeat an earlier row (same NGO, activity, partner, dates, provinces and place); checked by hand:
# 965 = 964 and 2083 = 2082 cell for cell, the others differ only in ChinaFile's own coding columns or in the
# English translation of the activity or partner name.
DUPLICATE_LINES = [965, 1923, 1976, 1983, 1992, 2083]
AS_OF = "2018-06-30"


def run_json(*args: str) -> Any:
    r = runner.invoke(app, [*args, "--json"])
    assert "Traceback" not in r.stdout + r.stderr
    return json.loads(r.stdout)


def rows(name: str) -> list[tuple[int, dict[str, str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return [(i + 2, {k.strip(): v for k, v in r.items()}) for i, r in enumerate(csv.DictReader(f))]


def key(s: str) -> str:
    return " ".join(s.split()).replace("’", "'")


def items(cell: str) -> list[str]:
    return [key(x) for x in cell.split(",") if x.strip()]


FORMERLY = re.compile(r"\s*\(formerly [^()]*\)\s*$", re.IGNORECASE)


def independent_counts(as_of: str | None) -> dict[tuple[str, str], Counter[str]]:
    out: dict[tuple[str, str], Counter[str]] = {}
    offices = [r for _, r in rows("offices.csv") if as_of is None or r["Date of Registration"] <= as_of]
    out["offices", "province"] = Counter(key(r["Registration Location"]) for r in offices)
    out["offices", "origin"] = Counter(x for r in offices for x in items(r["Organization Origin"]))
    out["offices", "field"] = Counter(x for r in offices for x in items(r["Field of Work"]))
    out["offices", "month"] = Counter(r["Date of Registration"][:7] for r in offices)
    activities = [r for line, r in rows("temporary_activities.csv")
                  if line not in DUPLICATE_LINES and (as_of is None or r["Start Date"] <= as_of)]  # fmt: skip
    out["activities", "province"] = Counter(x for r in activities for x in items(r["Provinces"]))
    out["activities", "origin"] = Counter(x for r in activities for x in items(r["Organization Origin"]))
    out["activities", "field"] = Counter(x for r in activities for x in items(r["Field of Work"]))
    out["activities", "psu"] = Counter(FORMERLY.sub("", key(r["CPU Professional Supervisory Unit (English)"]))
                                       for r in activities)  # fmt: skip
    out["activities", "month"] = Counter(r["Start Date"][:7] for r in activities)
    if as_of is None:
        # ChinaFile's own count of offices per supervisory unit, from its list of the 148 units.
        out["offices", "psu"] = Counter({FORMERLY.sub("", key(r["Professional Supervisory Unit (English)"])):
                                         int(r["Number of Foreign NGOs Sponsored"])
                                         for _, r in rows("supervisory_units.csv")})  # fmt: skip
    return out


@pytest.fixture
def db(url: str) -> str:
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    return url


def test_the_real_files(db: str) -> None:
    psus = run_json("import", "chinafile-psus", str(DATA / "supervisory_units.csv"), "--db", db)
    offices = run_json("import", "chinafile-offices", str(DATA / "offices.csv"), "--db", db)
    activities = run_json("import", "chinafile-activities", str(DATA / "temporary_activities.csv"), "--db", db)

    # The reports: nothing rejected; six repeated activities; the dirt the files carry, as warnings.
    assert (psus["loaded"], psus["rejected"], psus["duplicates"]) == (148, 0, 0)
    assert (offices["loaded"], offices["rejected"], offices["duplicates"]) == (504, 0, 0)
    assert offices["row_warnings"] == [{"line": 131, "reason": "Date of Change holds a list of provinces, not a "
                                                               "date; ignored"}]  # fmt: skip
    assert (activities["loaded"], activities["rejected"]) == (2337 - len(DUPLICATE_LINES), 0)
    assert [d["line"] for d in activities["duplicate_rows"]] == DUPLICATE_LINES
    raw = dict(rows("temporary_activities.csv"))
    warned = Counter(raw[w["line"]]["CPU Type"] for w in activities["row_warnings"])
    assert warned == Counter({"Unknown": 63, "LLC": 4, "Foreign Chamber of Commerce": 2, "Unavailable": 1})
    assert psus["created"]["supervisory_unit"] == 148 and "supervisory_unit" not in offices["created"]

    # Every statistic against the independent counts, for all time and as of a date in 2018.
    for as_of in (None, AS_OF):
        for (subject, by), expected in independent_counts(as_of).items():
            args = ["stats", subject, "--by", by, "--db", db] + (["--as-of", as_of] if as_of else [])
            got = {key(r["key"]): r["count"] for r in run_json(*args)}
            assert got == dict(expected), f"stats {subject} --by {by} --as-of {as_of}"
            assert all(r["label_zh"] for r in run_json(*args) if r["key"] not in ("Unknkown",)), (subject, by)

    # The registry as of the same date agrees with the office counts.
    counted = run_json("org", "count", "--kind", "representative_office", "--as-of", AS_OF, "--db", db)
    assert sum(r["count"] for r in counted) == sum(independent_counts(AS_OF)["offices", "province"].values())

    check = run_json("check", "--db", db)
    assert check["counts"] == {"lasts_at_most_one_year": 1, "partner_is_of_a_permitted_kind": 6}
    assert [f["source"]["line"] for f in check["findings"] if f["rule"] == "lasts_at_most_one_year"] == [167]
    assert check["not_checked"] == {"partner_kind_unknown": 64}

    again = [run_json("import", f"chinafile-{kind}", str(DATA / name), "--db", db)
             for kind, name in (("psus", "supervisory_units.csv"), ("offices", "offices.csv"),
                                ("activities", "temporary_activities.csv"))]  # fmt: skip
    assert [(r["loaded"], r["skipped_existing"]) for r in again] == [(0, 148), (0, 504), (0, 2331)]
    assert runner.invoke(app, ["audit", "verify", "--db", db]).exit_code == 0


def test_without_the_list_of_units_offices_group_by_the_names_they_are_given(db: str) -> None:
    run_json("import", "chinafile-offices", str(DATA / "offices.csv"), "--db", db)
    expected = Counter(FORMERLY.sub("", key(r["Professional Supervisory Unit (English)"]))
                       for _, r in rows("offices.csv"))  # fmt: skip
    got = {key(r["key"]): r["count"] for r in run_json("stats", "offices", "--by", "psu", "--db", db)}
    assert got == dict(expected)
    # 152 English spellings; `Chongqing Culture and Tourism Development Commission` with and without its
    # `(formerly …)` is one unit. The list of units ties three more pairs together (148).
    assert len(got) == 151
