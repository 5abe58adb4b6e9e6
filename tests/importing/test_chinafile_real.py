"""The real ChinaFile files (read from ../shared/data/chinafile, never copied into the project; skipped where
absent): the import reports, and every statistic checked against counts made here with the plain `csv` module
over the raw files, independently of the importer."""

import csv
import json
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from ngoreg.cli.app import app
from ngoreg.db.engine import transaction
from ngoreg.importing.chinafile import import_activities, import_offices, import_psus
from tests.conftest import ACTOR, SHARED

DATA = SHARED / "data" / "chinafile"
pytestmark = pytest.mark.skipif(not (DATA / "temporary_activities.csv").exists(), reason=f"{DATA} is absent")
runner = CliRunner()

# Rows that repeat an earlier row (same NGO, activity, partner, dates, provinces and place); checked by hand:
# 965 = 964 and 2083 = 2082 cell for cell, the others differ only in ChinaFile's own coding columns or in the
# English translation of the activity or partner name. The Ministry's list holds both of each pair and
# ChinaFile counts both: each is a filing.
REPEATED = {965: 964, 1923: 1922, 1976: 1975, 1983: 1982, 1992: 1991, 2083: 2082}
ACTIVITIES_PUBLISHED = 2337  # ChinaFile's count of temporary activity filings 2017–2019 (../shared/data/README.md)
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
    activities = [r for _, r in rows("temporary_activities.csv") if as_of is None or r["Start Date"] <= as_of]
    out["activities", "province"] = Counter(x for r in activities for x in items(r["Provinces"]))
    out["activities", "origin"] = Counter(x for r in activities for x in items(r["Organization Origin"]))
    out["activities", "field"] = Counter(x for r in activities for x in items(r["Field of Work"]))
    # `Macau, Hong Kong` (line 2013) is two origins, as the comma-split count above takes it
    out["activities", "psu"] = Counter(FORMERLY.sub("", key(r["CPU Professional Supervisory Unit (English)"]))
                                       for r in activities)  # fmt: skip
    out["activities", "month"] = Counter(r["Start Date"][:7] for r in activities)
    if as_of is None:
        # ChinaFile's own count of offices per supervisory unit, from its list of the 148 units.
        out["offices", "psu"] = Counter({FORMERLY.sub("", key(r["Professional Supervisory Unit (English)"])):
                                         int(r["Number of Foreign NGOs Sponsored"])
                                         for _, r in rows("supervisory_units.csv")})  # fmt: skip
    return out


# The one-hot field columns under the names the `Field of Work` text spells them with.
SPELT_IN_TEXT = {"Civil Society Capacity Building": "Civil Society Capacity-Building", "Field Unknown": "Unknown"}


def onehot_fields() -> dict[int, list[str]]:
    """Per line, the fields its one-hot columns mark: those between `Month` and `Length in days`, a cell marked
    when its digits make a number other than 0 (`·1` is marked, `0` is not). Every row has a mark."""
    with (DATA / "temporary_activities.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        block = range(header.index("Month") + 1, header.index("Length in days"))
        out = {}
        for line, r in enumerate(reader, start=2):
            marked = [header[i] for i in block if int("0" + re.sub(r"\D", "", r[i])) != 0]
            assert marked, line
            out[line] = [SPELT_IN_TEXT.get(h, h) for h in marked]
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
    assert (activities["loaded"], activities["rejected"], activities["duplicates"]) == (ACTIVITIES_PUBLISHED, 0, 0)
    assert {d["line"]: d["repeats_line"] for d in activities["repeated_rows"]} == REPEATED
    raw = dict(rows("temporary_activities.csv"))
    warned = Counter(raw[w["line"]]["CPU Type"] for w in activities["row_warnings"] if "partner unit" in w["reason"])
    partner_types = ("Unknown", "LLC", "Foreign Chamber of Commerce", "Unavailable")
    assert warned == Counter(r["CPU Type"] for r in raw.values() if r["CPU Type"] in partner_types)
    assert sum(n for _, n in independent_counts(None)["activities", "month"].items()) == ACTIVITIES_PUBLISHED
    assert psus["created"]["supervisory_unit"] == 148 and "supervisory_unit" not in offices["created"]

    # Every statistic against the independent counts, for all time and as of a date in 2018.
    for as_of in (None, AS_OF):
        for (subject, by), expected in independent_counts(as_of).items():
            args = ["stats", subject, "--by", by, "--db", db] + (["--as-of", as_of] if as_of else [])
            got = {key(r["key"]): r["count"] for r in run_json(*args)}
            assert got == dict(expected), f"stats {subject} --by {by} --as-of {as_of}"
            assert all(r["label_zh"] for r in run_json(*args) if r["key"] not in ("Unknkown",)), (subject, by)

    # The fields as the one-hot columns mark them: counted, and compared with the text row by row.
    marked = onehot_fields()
    text = {line: items(r["Field of Work"]) or ["Unknown"] for line, r in raw.items()}
    disagree = sorted(line for line in raw if set(marked[line]) != set(text[line]))
    assert [d["line"] for d in activities["field_disagreements"]] == disagree
    assert len([line for line in disagree if "Human Rights" in set(marked[line]) - set(text[line])]) == 6
    got = {key(r["key"]): r["count"]
           for r in run_json("stats", "activities", "--by", "field", "--field-source", "onehot", "--db", db)}
    assert got == dict(Counter(f for fields in marked.values() for f in fields))
    assert got != {key(r["key"]): r["count"] for r in run_json("stats", "activities", "--by", "field", "--db", db)}

    # The registry as of the same date agrees with the office counts.
    counted = run_json("org", "count", "--kind", "representative_office", "--as-of", AS_OF, "--db", db)
    assert sum(r["count"] for r in counted) == sum(independent_counts(AS_OF)["offices", "province"].values())

    check = run_json("check", "--db", db)
    not_permitted = warned["LLC"] + warned["Foreign Chamber of Commerce"]
    assert check["counts"] == {"lasts_at_most_one_year": 1, "partner_is_of_a_permitted_kind": not_permitted}
    assert [f["source"]["line"] for f in check["findings"] if f["rule"] == "lasts_at_most_one_year"] == [167]
    assert check["not_checked"] == {"partner_kind_unknown": warned["Unknown"] + warned["Unavailable"]}

    again = [run_json("import", f"chinafile-{kind}", str(DATA / name), "--db", db)
             for kind, name in (("psus", "supervisory_units.csv"), ("offices", "offices.csv"),
                                ("activities", "temporary_activities.csv"))]  # fmt: skip
    assert [(r["loaded"], r["skipped_existing"]) for r in again] == [(0, 148), (0, 504), (0, ACTIVITIES_PUBLISHED)]
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


IMPORTED = datetime(2020, 1, 15, 4, 0, tzinfo=UTC)  # noon in Beijing: the lists, complete to 2019-12, read then


def test_the_calendar_after_the_import_lists_only_what_fell_due_since(db: str) -> None:
    """The lists record no yearly plans or reports (FNGO Law arts. 19, 31(1)) and no closing reports (art.
    30(2)): what fell due before the import is unrecorded, not a wall of years-old overdue lines; what falls
    due after it is listed."""
    with transaction(db) as s:
        for run, name in ((import_psus, "supervisory_units.csv"), (import_offices, "offices.csv"),
                          (import_activities, "temporary_activities.csv")):
            run(s, DATA / name, actor=ACTOR, now=IMPORTED)
    listed = run_json("due", "--as-of", "2020-06-30", "--db", db)
    assert listed and min(o["due_on"] for o in listed) >= "2020-01-15"
    # Every office was registered by the end of 2019: it owes its report on 2019 (to the supervisory unit by
    # 31 January, moved off the Spring Festival, and to the registrar by 31 March, both overdue on 30 June),
    # then the plan for 2021 and the report on 2020, ahead.
    offices = len(rows("offices.csv"))
    assert all(r["Date of Registration"] <= "2019-12-31" for _, r in rows("offices.csv"))
    yearly = Counter((o["obligation"], o["status"]) for o in listed if o["obligation"] != "closing_report")
    assert yearly == {("report_to_psu", "overdue"): offices, ("report_to_registrar", "overdue"): offices,
                      ("plan_to_psu", "upcoming"): offices, ("report_to_psu", "upcoming"): offices,
                      ("report_to_registrar", "upcoming"): offices}  # fmt: skip
    # A closing report is due 30 days after the activity ends, counted from the next day (Civil Code art. 201);
    # one whose nominal day is 2020-01-15 or later is listed (no weekend before it moves across that day),
    # if the activity had started by 30 June (one starts in December 2020).
    closing = [o for o in listed if o["obligation"] == "closing_report"]
    spans = [(date.fromisoformat(r["Start Date"].strip()), date.fromisoformat(r["End Date"].strip()))
             for _, r in rows("temporary_activities.csv")]  # fmt: skip
    assert len(closing) == sum(end + timedelta(days=30) >= date(2020, 1, 15) and start <= date(2020, 6, 30)
                               for start, end in spans) > 0  # fmt: skip
