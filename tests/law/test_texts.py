from datetime import date

import pytest

from ngoreg.law import cite
from ngoreg.law.acts import ACTS
from ngoreg.law.numerals import from_int, to_int
from ngoreg.law.texts import article, statute

# Article counts read off the shipped texts' last article number: each text of each act, by a day it is in force.
ARTICLES = {("fngo", None): 54, ("charity", None): 125, ("charity", date(2024, 9, 5)): 125,
            ("charity", date(2016, 9, 1)): 112, ("charity", date(2024, 9, 4)): 112, ("sa_regs", None): 37,
            ("cneu_regs", None): 32, ("foundation_regs", None): 48, ("volunteer_regs", None): 44,
            ("donations", None): 32}  # fmt: skip


@pytest.mark.parametrize(("code", "on", "count"), [(*k, n) for k, n in ARTICLES.items()])
def test_every_act_parses_into_consecutive_articles(code: str, on: date | None, count: int) -> None:
    s = statute(code, on)
    assert sorted(s.articles) == list(range(1, count + 1))
    assert s.chapters and all(a.chapter for a in s.articles.values())


def test_every_shipped_text_of_every_act_is_parsed() -> None:
    shipped = {(a.code, v.file) for a in ACTS.values() for v in a.versions if v.file}
    assert {(code, statute(code, on).version.file) for code, on in ARTICLES} == shipped  # type: ignore[union-attr]


def test_items_belong_to_their_paragraph() -> None:
    art = article("fngo", 12)
    assert len(art.paragraphs) == 3
    assert len(art.paragraphs[0].items) == 7
    assert art.paragraphs[0].items[5].startswith("（六）业务主管单位的同意文件")
    assert "六十日内" in art.paragraphs[2].text


def test_items_in_ascii_parentheses_are_items() -> None:
    # The three registration regulations number their items "(一)", not "（一）".
    art = article("sa_regs", 10)
    assert len(art.paragraphs) == 2 and len(art.paragraphs[0].items) == 6
    assert art.paragraphs[0].items[4].startswith("(五)有合法的资产和经费来源")
    assert len(article("foundation_regs", 8).paragraphs[0].items) == 5


def test_article_17_has_the_lead_time_and_the_one_year_limit() -> None:
    art = article("fngo", 17)
    assert "十五日前" in art.paragraphs[0].text
    assert "临时活动期限不超过一年" in art.paragraphs[2].text


@pytest.mark.parametrize("n", [1, 10, 11, 15, 20, 21, 99, 100, 101, 110, 111, 125])
def test_numerals_round_trip(n: int) -> None:
    assert to_int(from_int(n)) == n


def test_numerals_as_statutes_write_them() -> None:
    assert from_int(101) == "一百零一" and to_int("一百零一") == 101
    assert from_int(17) == "十七" and from_int(110) == "一百一十"


def test_citations_render_in_both_languages() -> None:
    c = cite("fngo", 17, 1, 3)
    assert str(c) == "FNGO Law art. 17(1)(3)"
    assert c.zh == "《中华人民共和国境外非政府组织境内活动管理法》第十七条第一款第（三）项"


@pytest.mark.parametrize(("args", "problem"), [(("fngo", 17, 5), "paragraphs"), (("fngo", 12, 1, 8), "no item"),
                                               (("fngo", 60), "articles 1–54")])  # fmt: skip
def test_a_citation_to_text_that_does_not_exist_is_refused(args: tuple[int, ...], problem: str) -> None:
    with pytest.raises(Exception, match=problem):
        cite(*args)  # type: ignore[arg-type]


def test_every_shipped_act_has_an_english_title() -> None:
    assert all(a.title_en and a.short_en for a in ACTS.values())
