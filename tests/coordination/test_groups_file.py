"""The coordinating groups' data file: what it records, that every fact has its source and stands on the seed's
line it cites, and that a bad file is refused naming the line and the column."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ngoreg.coordination import data
from ngoreg.errors import InvalidInput, NotFound
from ngoreg.law.texts import article
from tests.conftest import SHARED

GROUPS = data.groups()
SEED = SHARED / "seeds"


def test_the_national_group_as_seed_000_states_it() -> None:
    n = data.national()
    assert n.key == "national" and n.province is None
    assert n.name_en == "National Coordinating Small Group for Foreign NGO Management Work"
    assert n.value("lead_body") == "Ministry of Public Security"
    assert n.value("other_members") == 28
    # the members are not named: no value, but a source saying so
    assert n.value("known_members") == [] and n.facts["known_members"].source is not None
    est = n.value("established")
    assert (est.text, est.first, est.last) == ("2016-05", date(2016, 5, 1), date(2016, 5, 31))
    assert n.value("leading_in_title") is False
    assert n.coordinates_from == date(2016, 5, 31) and n.coordinates_from_basis == "established"


def test_the_provinces_seed_000_names_and_no_other() -> None:
    named = {g.province: g.key for g in GROUPS.values() if g.level == "provincial"}
    assert named == {"620000": "gansu", "500000": "chongqing", "640000": "ningxia", "340000": "anhui",
                     "150000": "inner_mongolia", "520000": "guizhou"}  # fmt: skip
    # Xinjiang's and Tibet's groups in the seed are the Party's policy groups, not foreign NGO groups (see the file)
    assert "650000" not in data.by_province() and "540000" not in data.by_province()
    for g in data.by_province().values():
        assert g.value("lead_body") is None and g.value("other_members") is None and g.value("established") is None
        assert g.value("reported_by") == date(2017, 4, 23) and g.coordinates_from == date(2017, 4, 23)
        assert g.coordinates_from_basis == "reported_by"


def test_every_value_has_a_source_and_every_group_rests_on_article_7_2() -> None:
    for g in GROUPS.values():
        for f in g.facts.values():
            assert not f.reported or f.source is not None, (g.key, f.name)
        assert str(g.basis.citation) == "FNGO Law art. 7(2)"
    assert "协调机制" in article("fngo", 7).paragraphs[1].text


def _line(file: str, n: int) -> str:
    return " ".join((SEED / file).read_text(encoding="utf-8").splitlines()[n - 1].split())


SOURCES = [(g.key, f.name, f.value, f.source) for g in GROUPS.values() for f in g.facts.values()
           if f.source is not None and f.source.file]  # fmt: skip


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not beside the checkout")
@pytest.mark.parametrize(("key", "fact", "value", "source"), SOURCES, ids=[f"{k}-{f}" for k, f, _, _ in SOURCES])
def test_each_source_quotes_the_words_on_its_line(key: str, fact: str, value: object, source: data.Source) -> None:
    assert source.file and source.line and source.quote
    line = _line(source.file, source.line)
    assert " ".join(source.quote.split()) in line
    # and the value itself is what the line says
    words = {"established": "May 2016", "other_members": "28", "reported_by": "2017"}
    if fact == "name_en":
        assert str(value).split(" Coordinating")[0] in line
        assert "Coordinating Small Group" in line and "for Foreign NGO Management Work" in line
    elif fact == "lead_body":
        assert f"{value}" in line and "heads the coordination group" in line
    elif fact in words:
        assert words[fact] in line
    elif fact == "leading_in_title":
        assert "lack of the word “Leading”" in line
    elif fact == "known_members":
        assert "have not been obviously reported" in line


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not beside the checkout")
def test_the_provinces_named_are_those_on_the_seed_line() -> None:
    line = _line("000_c8df8d162b7c3b89.txt", 25)
    listed = re.search(r"such as (.+?), have reported establishing", line)
    assert listed
    names = {n.strip().removeprefix("and ").strip() for n in listed[1].split(",")}
    assert names == {g.name_en.split(" Coordinating")[0] for g in data.by_province().values()}
    assert _line("000_c8df8d162b7c3b89.txt", 4) == "date: 2017-04-23"


def test_a_group_is_found_by_key_or_province_and_an_unreported_province_is_not() -> None:
    assert data.group("gansu").key == data.group("620000").key == data.group("甘肃省").key == "gansu"
    assert data.group("Inner Mongolia").key == "inner_mongolia"
    with pytest.raises(NotFound, match="no group of Tibet is reported"):
        data.group("Tibet")
    with pytest.raises(NotFound, match="no such group"):
        data.group("atlantis")


HEADER = ",".join(data.COLUMNS)
NATIONAL = ('national,national,,National Group,"seed:000_c8df8d162b7c3b89.txt:19 ""x""",,,,,,,2016-05,'
            '"seed:000_c8df8d162b7c3b89.txt:19 ""May 2016""",,,,,law:fngo:7:2')
GANSU = 'gansu,provincial,620000,Gansu Group,"seed:000_c8df8d162b7c3b89.txt:25 ""Gansu""",,,,,,,,,2017-04-23,' \
        '"seed:000_c8df8d162b7c3b89.txt:4 ""2017-04-23""",,,law:fngo:7:2'  # fmt: skip


def test_a_minimal_file_parses_and_comments_keep_line_numbers() -> None:
    groups = data.parse(f"# a comment\n{HEADER}\n{NATIONAL}\n{GANSU}\n")
    assert list(groups) == ["national", "gansu"]
    with pytest.raises(InvalidInput, match=r"groups.csv line 5, province"):
        data.parse(f"# a comment\n{HEADER}\n{NATIONAL}\n{GANSU}\n{GANSU.replace('gansu,', 'gansu2,', 1)}\n")


@pytest.mark.parametrize(("row", "where", "problem"), [
    (GANSU.replace('"seed:000_c8df8d162b7c3b89.txt:25 ""Gansu"""', ""), "name_en_source", "without its source"),
    (GANSU.replace("gansu,provincial", "Gansu!,provincial"), "key", "not a key"),
    (GANSU.replace("provincial", "county"), "level", "one of national, provincial"),
    (GANSU.replace("620000", "629999"), "province", "not a GB/T 2260 province code"),
    (GANSU.replace("620000", ""), "province", "needs its province"),
    (GANSU.replace("2017-04-23,", "2017-02-30,", 1), "reported_by", "not a day"),
    (GANSU.replace(",,,,,,,,,2017-04-23", ",,,,,,,2017-13,\"law:fngo:7\",2017-04-23"), "established", "no such month"),
    (GANSU.replace(",,,,,,,,,2017-04-23", ",,,x,\"law:fngo:7\",,,,,2017-04-23"), "other_members", "not a count"),
    (GANSU.replace("law:fngo:7:2", "law:fngo:7:9"), "basis", "does not have"),
    (GANSU.replace("law:fngo:7:2", "seed:000_c8df8d162b7c3b89.txt:21 \"\"x\"\""), "basis", "needs the article"),
    (GANSU.replace('"seed:000_c8df8d162b7c3b89.txt:25 ""Gansu"""', "Xinhua"), "name_en_source", "not a source"),
    (GANSU.replace('2017-04-23,"seed:000_c8df8d162b7c3b89.txt:4 ""2017-04-23"""', ","), "reported_by",
     "established or first reported"),
    (GANSU + ",extra", "row", "not as many cells"),
    (GANSU.rsplit(",", 2)[0], "row", "not as many cells"),
])  # fmt: skip
def test_a_bad_row_is_refused_naming_line_and_column(row: str, where: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as e:
        data.parse(f"{HEADER}\n{NATIONAL}\n{row}\n")
    assert e.value.field == f"groups.csv line 3, {where}" and problem in e.value.problem


def test_a_file_without_its_national_group_or_with_a_wrong_header_is_refused() -> None:
    with pytest.raises(InvalidInput, match="the one national group"):
        data.parse(f"{HEADER}\n{GANSU}\n")
    with pytest.raises(InvalidInput, match=r"line 1, basis.*the header must be"):
        data.parse(HEADER.replace(",basis", "") + "\n")
    with pytest.raises(InvalidInput, match="a second row with this key"):
        data.parse(f"{HEADER}\n{NATIONAL}\n{NATIONAL}\n")
