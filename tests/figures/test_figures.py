import re
from decimal import Decimal

import pytest

from ngoreg.db.engine import transaction
from ngoreg.figures.service import list_figures, load_seed_figures, seed_rows
from tests.conftest import ACTOR, NOW, SHARED

ROWS = seed_rows()


def test_keys_are_unique_and_every_row_is_complete() -> None:
    assert len({r["key"] for r in ROWS}) == len(ROWS)
    for r in ROWS:
        assert r["unit"] and r["description_en"] and r["source"] and r["line"], r["key"]
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", r["refers_to"]), r["key"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("national_coordinating_group_other_member_entities", 28),
        ("provincial_coordinating_groups_reported", 6),
    ],
)
def test_the_figures_the_foundation_names_are_there(key: str, value: int) -> None:
    assert {r["key"]: r["value"] for r in ROWS}[key] == value


@pytest.mark.parametrize("value", [556, 499, 49, 8, 499000, 51, 3399, 34, 1368, 17, 2013, 52, 3000])
def test_the_seed_statistics_named_in_the_brief_are_loaded(value: int) -> None:
    assert value in {r["value"] for r in ROWS}


@pytest.mark.skipif(not (SHARED / "seeds").exists(), reason="the seed documents are not beside the checkout")
@pytest.mark.parametrize("row", ROWS, ids=[r["key"] for r in ROWS])
def test_each_figure_stands_at_its_line_in_the_source(row: dict[str, object]) -> None:
    line = (SHARED / "seeds" / str(row["source"])).read_text(encoding="utf-8").splitlines()[int(row["line"]) - 1]  # type: ignore[call-overload]
    note = str(row["note"] or "")
    if m := re.search(r"stated in words: '([^']+)'", note):
        assert " ".join(m[1].split()).lower() in " ".join(line.split()).lower()
        return
    if note.startswith(("derived:", "encoded:")):
        assert line.strip()  # counted or encoded by us from that line (the note says how)
        return
    numbers = {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", line)}
    assert row["value"] in numbers, f"{row['value']} not on line {row['line']}: {line[:120]}"


def test_loading_is_idempotent_and_keeps_the_source(url: str) -> None:
    with transaction(url) as s:
        assert load_seed_figures(s, actor=ACTOR, now=NOW) == len(ROWS)
    with transaction(url) as s:
        assert load_seed_figures(s, actor=ACTOR, now=NOW) == 0
    with transaction(url, write=False) as s:
        rows = {r["key"]: r for r in list_figures(s)}
    beijing = rows["beijing_joint_party_committees"] if "beijing_joint_party_committees" in rows else next(
        r for k, r in rows.items() if r["value"] == 52
    )
    assert beijing["source"] == "001_c2b4073388abb26e.txt" and beijing["unit"] == "committees"
