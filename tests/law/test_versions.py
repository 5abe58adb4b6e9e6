"""An act is one instrument over time, with dated texts: a citation is checked against the text in force on a
day. And an instrument numbered in paragraphs (ECOSOC resolution 1996/31) is cited by paragraph, not article."""

from __future__ import annotations

from datetime import date

import pytest

from ngoreg.errors import NotFound
from ngoreg.law import ACTS, Act, Citation, Version, act, cite, para
from ngoreg.law.texts import article, statute

TEXT_2016, TEXT_2023 = date(2016, 9, 1), date(2024, 9, 5)


def test_the_charity_law_is_one_act_with_its_2016_and_2023_texts() -> None:
    charity = act("charity")
    assert [(v.adopted, v.in_force, v.file) for v in charity.versions] == [
        (date(2016, 3, 16), TEXT_2016, "慈善法(2016-03-16).md"),
        (date(2023, 12, 29), TEXT_2023, "慈善法(2023-12-29).md"),
    ]
    assert "charity2016" not in ACTS
    assert charity.version_on(TEXT_2016).in_force == TEXT_2016
    assert charity.version_on(date(2024, 9, 4)).in_force == TEXT_2016  # the day before the amended text
    assert charity.version_on(TEXT_2023).in_force == TEXT_2023
    with pytest.raises(NotFound, match="not in force on 2016-08-31: it came into force on 2016-09-01"):
        charity.version_on(date(2016, 8, 31))


def test_each_text_says_what_the_law_said_then() -> None:
    # Art. 112 of the 2016 text is the commencement clause; the amended text's is art. 125.
    assert "本法自2016年9月1日起施行" in article("charity", 112, date(2020, 1, 1)).text
    assert "本法自2016年9月1日起施行" in article("charity", 125, date(2025, 1, 1)).text
    assert statute("charity").version == act("charity").latest  # no day: the latest text
    with pytest.raises(Exception, match="the 2016 text of the Charity Law has articles 1–112"):
        article("charity", 125, date(2020, 1, 1))


def test_a_citation_is_checked_against_the_text_in_force_on_the_day() -> None:
    cite("charity", 125).check(on=TEXT_2023)
    with pytest.raises(Exception, match="articles 1–112"):
        cite("charity", 125).check(on=date(2020, 1, 1))
    with pytest.raises(NotFound, match="not in force on 2015-01-01"):
        cite("charity", 5).check(on=date(2015, 1, 1))
    with pytest.raises(Exception, match="articles 1–112"):
        cite("charity", 125, on=date(2020, 1, 1))
    old = cite("charity", 112, on=date(2020, 1, 1))
    old.check(on=date(2024, 9, 4))
    with pytest.raises(ValueError, match=r"Charity Law \(2016\) art. 112 is of the 2016 text; on 2024-09-05 the 2023"):
        old.check(on=TEXT_2023)


def test_a_citation_of_one_text_names_it_and_equals_any_day_of_that_text() -> None:
    c = Citation("charity", 30, 1).as_of(date(2020, 6, 1))
    assert c == Citation("charity", 30, 1).as_of(TEXT_2016) and c.on == TEXT_2016
    assert c != Citation("charity", 30, 1).as_of(TEXT_2023)
    assert str(c) == "Charity Law (2016) art. 30(1)"
    assert c.zh == "《中华人民共和国慈善法》（2016年）第三十条第一款"
    assert str(c.as_of(TEXT_2023)) == "Charity Law (2023) art. 30(1)"
    assert c.as_of(TEXT_2023).zh == "《中华人民共和国慈善法》（2023年修正）第三十条第一款"
    assert str(Citation("charity", 30, 1)) == "Charity Law art. 30(1)"  # no day: the act as it now stands
    assert str(cite("fngo", 17, 1, on=date(2018, 1, 1))) == "FNGO Law art. 17(1)"  # one text: nothing to name


def test_an_act_whose_amended_text_we_ship_stands_from_its_first_day_in_force() -> None:
    assert act("fngo").version_on(date(2017, 1, 1)).adopted == date(2017, 11, 4)
    assert act("sa_regs").version_on(date(1998, 10, 25)).adopted == date(2016, 2, 6)
    with pytest.raises(NotFound):
        act("fngo").version_on(date(2016, 12, 31))


def test_a_resolution_is_cited_by_paragraph_in_both_languages() -> None:
    c = para("ecosoc_1996_31", 61, "a")
    assert str(c) == "ECOSOC resolution 1996/31 para. 61(a)"
    assert c.zh == "经社理事会第1996/31号决议第61(a)段"
    assert str(para("ecosoc_1996_31", 9)) == "ECOSOC resolution 1996/31 para. 9"
    r = act("ecosoc_1996_31")
    assert (r.numbering, r.latest.adopted, r.file) == ("paragraphs", date(1996, 7, 25), None)
    assert r.title_en == ("ECOSOC resolution 1996/31: Consultative relationship between the United Nations and "
                          "non-governmental organizations")  # fmt: skip
    with pytest.raises(NotFound, match="text of the ECOSOC resolution 1996/31 is not shipped"):
        statute("ecosoc_1996_31")


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: para("fngo", 17), "numbered in articles"),
        (lambda: cite("ecosoc_1996_31", 61, 1), "numbered in paragraphs"),
        (lambda: para("ecosoc_1996_31", 61, "A)"), "is not a letter"),
        (lambda: para("ecosoc_1996_31", 0), "no article or paragraph 0"),
        (lambda: Citation("fngo", 17, sub="a").check(), "has no sub-paragraph"),
        (lambda: Citation("fngo", 17, None, 2).check(), "an item is cited within a paragraph"),
        (lambda: para("ecosoc_1996_31", 61, on=date(1996, 7, 24)), "not in force on 1996-07-24"),
    ],
)  # fmt: skip
def test_a_malformed_citation_is_refused_even_without_a_text(make: object, problem: str) -> None:
    with pytest.raises(Exception, match=problem):
        make()  # type: ignore[operator]


def test_citations_of_both_numberings_and_of_several_texts_sort_in_one_order() -> None:
    cs = [para("ecosoc_1996_31", 61, "b"), Citation("fngo", 17, 1, 3), para("ecosoc_1996_31", 61),
          Citation("fngo", 17), cite("charity", 5, on=TEXT_2023), Citation("charity", 5),
          cite("charity", 5, on=TEXT_2016), para("ecosoc_1996_31", 61, "a"), Citation("fngo", 17, 1)]  # fmt: skip
    assert [str(c) for c in sorted(cs)] == [
        "Charity Law art. 5", "Charity Law (2016) art. 5", "Charity Law (2023) art. 5",
        "ECOSOC resolution 1996/31 para. 61", "ECOSOC resolution 1996/31 para. 61(a)",
        "ECOSOC resolution 1996/31 para. 61(b)", "FNGO Law art. 17", "FNGO Law art. 17(1)", "FNGO Law art. 17(1)(3)",
    ]  # fmt: skip
    assert sorted(cs) == sorted(reversed(cs))
    assert Citation("fngo", 17) < Citation("fngo", 17, 1) <= Citation("fngo", 17, 1) and not cs[0] < cs[0]


def test_an_act_whose_texts_cannot_be_told_apart_or_ordered_is_refused_when_declared() -> None:
    two = (Version(date(2016, 3, 16), TEXT_2016, None), Version(date(2016, 12, 1), TEXT_2023, None))
    with pytest.raises(ValueError, match="two texts of one year"):
        Act("x", "x", "x", "X", two)
    with pytest.raises(ValueError, match="the oldest first"):
        Act("x", "x", "x", "X", tuple(reversed(act("charity").versions)))
    with pytest.raises(ValueError, match="the oldest first"):
        Act("x", "x", "x", "X", ())
