"""The statute reader and its API show an act's text in force on a day (`?on=`, today by default); the list shows
every act's texts; an act not in force on the day, or whose text is not shipped, is a clear page (404); a bad day
names the field `on`. A citation of one text of an act links to that text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from ngoreg.web.pages.citations import link, say
from tests.web.accounts import app_at

IN_2020 = datetime(2020, 6, 1, 4, 0, tzinfo=UTC)  # the 2016 text of the Charity Law is in force
IN_2026 = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)  # the 2023 text is


@pytest.fixture
def clients(url: str) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(app_at(url, IN_2020)) as then, TestClient(app_at(url, IN_2026)) as now:
        yield then, now


def alert(html: str) -> str:
    m = re.search(r'role="(?:alert|status)">(.*?)</(?:div|p)>', html, re.S)
    assert m, html[:500]
    return m[1]


def test_the_reader_shows_the_text_in_force_today_or_on_the_day_asked(clients: tuple[TestClient, TestClient]) -> None:
    then, now = clients
    old = then.get("/law/charity", params={"lang": "en"})
    assert old.status_code == 200
    assert 'id="art-112"' in old.text and 'id="art-113"' not in old.text  # the 2016 text: 112 articles
    assert "text of 2016-03-16, in force from 2016-09-01" in old.text
    assert '<a href="/law/charity?on=2016-09-01" aria-current="page">' in old.text
    new = now.get("/law/charity", params={"lang": "en"})
    assert 'id="art-125"' in new.text and '<a href="/law/charity?on=2024-09-05" aria-current="page">' in new.text
    asked = now.get("/law/charity", params={"on": "2024-09-04", "lang": "en"})
    assert 'id="art-112"' in asked.text and 'id="art-113"' not in asked.text and 'value="2024-09-04"' in asked.text
    zh = now.get("/law/charity", params={"on": "2016-09-01", "lang": "zh"}).text
    assert "2016-03-16文本，自2016-09-01起施行" in zh
    # one text only: no list of texts, and the page as before
    fngo = now.get("/law/fngo", params={"lang": "en"}).text
    assert 'id="art-54"' in fngo and 'aria-label="Texts of this act"' not in fngo


@pytest.mark.parametrize("day", ["2024-13-01", "soon", "1899-12-31"])
def test_a_bad_day_is_a_page_naming_the_field_on(clients: tuple[TestClient, TestClient], day: str) -> None:
    _, now = clients
    r = now.get("/law/charity", params={"on": day, "lang": "en"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert alert(r.text).startswith(f"<strong>Cannot show this:</strong> on: &#39;{day}&#39;: ")


def test_an_act_not_yet_in_force_or_whose_text_is_not_shipped_is_a_clear_page(
        clients: tuple[TestClient, TestClient]) -> None:  # fmt: skip
    _, now = clients
    early = now.get("/law/charity", params={"on": "2016-08-31", "lang": "en"})
    assert early.status_code == 404
    assert alert(early.text) == "Not yet in force on 2016-08-31: it came into force on 2016-09-01."
    assert "2016-08-31尚未施行：自2016-09-01起施行。" in now.get("/law/charity?on=2016-08-31&lang=zh").text
    for code, title in (("ecosoc_1996_31", "ECOSOC resolution 1996/31: Consultative relationship"),
                        ("civil_code", "Civil Code")):  # fmt: skip
        r = now.get(f"/law/{code}", params={"lang": "en"})
        assert r.status_code == 404 and title in r.text
        assert "is not shipped with ngoreg" in alert(r.text) and 'class="article"' not in r.text
        assert "ngoreg 未收录该文件的文本" in now.get(f"/law/{code}", params={"lang": "zh"}).text


def test_the_list_shows_every_act_with_its_texts(clients: tuple[TestClient, TestClient]) -> None:
    _, now = clients
    index = now.get("/law", params={"lang": "en"}).text
    assert '<a href="/law/charity?on=2016-09-01">text of 2016-03-16, in force from 2016-09-01</a>' in index
    assert '<a href="/law/charity?on=2024-09-05">text of 2023-12-29, in force from 2024-09-05</a>' in index
    assert "adopted 1996-07-25, in force from 1996-07-25; the text is not shipped" in index
    assert 'href="/law/ecosoc_1996_31"' in index and "charity2016" not in index
    assert "1996-07-25通过，自1996-07-25起施行；未收录文本" in now.get("/law", params={"lang": "zh"}).text


def test_the_api_answers_with_the_text_in_force_on_the_day(clients: tuple[TestClient, TestClient]) -> None:
    then, now = clients
    old = then.get("/api/v1/law/charity").json()
    assert old["version"]["in_force"] == "2016-09-01" and max(max(c["articles"]) for c in old["chapters"]) == 112
    new = now.get("/api/v1/law/charity").json()
    assert new["version"] == {"adopted": "2023-12-29", "in_force": "2024-09-05", "amended": True, "label": "2023",
                              "shipped": True, "articles": 125}  # fmt: skip
    art = now.get("/api/v1/law/charity/112", params={"on": "2020-01-01"}).json()
    assert (art["citation"], art["citation_zh"], art["in_force"]) == (
        "Charity Law (2016) art. 112", "《中华人民共和国慈善法》（2016年）第一百一十二条", "2016-09-01")
    assert now.get("/api/v1/law/charity/125", params={"on": "2020-01-01"}).status_code == 404
    assert now.get("/api/v1/law/charity/125").json()["citation"] == "Charity Law (2023) art. 125"
    bad = now.get("/api/v1/law/charity", params={"on": "2020-02-30"})
    assert bad.status_code == 422 and bad.json()["error"]["message"].startswith("on: ")
    assert now.get("/api/v1/law/charity/articles", params={"on": "x"}).status_code == 422
    early = now.get("/api/v1/law/charity", params={"on": "2016-08-31"})
    assert early.status_code == 404 and "not in force on 2016-08-31" in early.json()["error"]["message"]
    assert now.get("/api/v1/law/ecosoc_1996_31").status_code == 404
    acts = {a["code"]: a for a in now.get("/api/v1/law").json()}
    assert [(v["in_force"], v["articles"]) for v in acts["charity"]["versions"]] == [("2016-09-01", 112),
                                                                                     ("2024-09-05", 125)]
    assert acts["ecosoc_1996_31"]["numbering"] == "paragraphs" and not acts["ecosoc_1996_31"]["versions"][0]["shipped"]
    # a cursor is of one text: the 2016 text's is not taken for the 2023 text's articles
    page = now.get("/api/v1/law/charity/articles", params={"on": "2020-01-01", "limit": 100}).json()
    assert [a["number"] for a in page["items"]] == list(range(1, 101))
    rest = now.get("/api/v1/law/charity/articles", params={"on": "2020-01-01", "cursor": page["next"]}).json()
    assert [a["number"] for a in rest["items"]] == list(range(101, 113)) and rest["next"] is None
    assert now.get("/api/v1/law/charity/articles", params={"cursor": page["next"]}).status_code == 422


def test_a_citation_of_one_text_links_to_that_text_and_a_resolution_is_cited_by_paragraph() -> None:
    assert str(link("Charity Law (2016) art. 5(1)")) == \
        '<a class="cite" href="/law/charity?on=2016-09-01#art-5">Charity Law (2016) art. 5(1)</a>'  # fmt: skip
    assert str(link("Charity Law (2023) art. 5", "zh")) == ('<a class="cite" href="/law/charity?on=2024-09-05#art-5">'
                                                           "《中华人民共和国慈善法》（2023年修正）第五条</a>")
    assert str(link("Charity Law art. 5")) == '<a class="cite" href="/law/charity#art-5">Charity Law art. 5</a>'
    assert str(link("Charity Law (1999) art. 5")) == "Charity Law (1999) art. 5"  # no such text: as written
    assert str(link("ECOSOC resolution 1996/31 para. 61(a)")) == "ECOSOC resolution 1996/31 para. 61(a)"  # no text
    assert say("ECOSOC resolution 1996/31 paras. 61(a), 62", "zh") == "经社理事会第1996/31号决议第61(a)段、第62段"
    several = str(link("Charity Law (2016) arts. 8, 10–12"))
    assert several.startswith("Charity Law (2016) arts. ") and several.count("?on=2016-09-01#art-") == 3
