"""The coordination pages in Chinese and English: the dashboard per province with the groups and its CSV file
(cells escaped against formula injection), a group's page with every fact and its source, and an office's and an
activity's page naming the groups that coordinate them. Bad input is a page naming the field, never a 500."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from ngoreg.coordination import data
from tests.coordination.conftest import GANSU, Ground, ground  # noqa: F401 - the fixture
from tests.web.accounts import app_at

FNGO_7_2_ZH = "《中华人民共和国境外非政府组织境内活动管理法》第七条第二款"


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", main(html)).split())


def test_the_dashboard_in_english_and_chinese(ground: Ground) -> None:  # noqa: F811
    client = TestClient(app_at(ground.url))
    en = client.get("/coordination", params={"lang": "en", "as_of": "2018-06-01"})
    assert en.status_code == 200
    assert '<a href="/coordination/gansu?as_of=2018-06-01">Gansu Coordinating Small Group for Foreign NGO ' \
           'Management Work</a>' in en.text  # fmt: skip
    row = re.search(r'<tr data-province="620000">(.*?)</tr>', en.text, re.S)
    assert row and re.findall(r'<td class="num">(\d+)</td>', row[1]) == ["1", "0", "1", "0"]
    assert "coordinating" in row[1]
    beijing = re.search(r'<tr data-province="110000">(.*?)</tr>', en.text, re.S)
    assert beijing and "not reported" in beijing[1] and "/coordination/" not in beijing[1]
    assert "6 of 31 provinces have a reported group." in text(en.text)
    assert '<a class="cite" href="/law/fngo#art-7">FNGO Law art. 7(2)</a>' in en.text
    zh = client.get("/coordination", params={"lang": "zh", "as_of": "2017-01-01"})
    body = text(zh.text)
    assert zh.status_code == 200 and "甘肃省境外非政府组织管理工作协调小组" in body
    assert "尚未协调" in body and "未见报道" in body and FNGO_7_2_ZH in body
    assert "not reported" not in body and "Coordinating Small Group" not in body


def test_a_bad_day_is_a_page_naming_the_field(url: str) -> None:
    client = TestClient(app_at(url))
    r = client.get("/coordination", params={"as_of": "2017-02-30", "lang": "en"})
    assert r.status_code == 422 and "as_of: &#39;2017-02-30&#39;" in r.text
    assert client.get("/coordination.csv", params={"as_of": "soon"}).status_code == 422
    assert client.get("/coordination/national", params={"as_of": "soon"}).status_code == 422


def test_a_groups_page_shows_every_fact_with_its_source(url: str) -> None:
    client = TestClient(app_at(url))
    en = client.get("/coordination/national", params={"lang": "en", "as_of": "2017-06-01"})
    assert en.status_code == 200
    facts = dict(re.findall(r'<tr data-fact="(\w+)">(.*?)</tr>', en.text, re.S))
    assert set(facts) == {*data.FACTS, "basis"}
    assert "28" in facts["other_members"] and "line 21" in facts["other_members"]
    assert "28 other government entities are also represented in the group." in facts["other_members"]
    assert "not given by the source" in facts["known_members"]
    assert "was established in May 2016" in facts["established"]
    assert '<a class="cite" href="/law/fngo#art-7">FNGO Law art. 7(2)</a>' in facts["basis"]
    zh = client.get("/coordination/gansu", params={"lang": "zh", "as_of": "2017-04-22"})
    body = text(zh.text)
    assert "甘肃省境外非政府组织管理工作协调小组" in body and "尚未协调" in body and "译名" in body
    assert "未见报道" in body  # its lead body: the seed does not report it
    assert client.get("/coordination/Tibet", params={"lang": "en"}).status_code == 404
    assert client.get("/coordination/" + "x" * 400).status_code == 404


def test_the_csv_file_has_the_dashboards_rows(ground: Ground) -> None:  # noqa: F811
    r = TestClient(app_at(ground.url)).get("/coordination.csv", params={"as_of": "2018-06-01"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="coordination-2018-06-01.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    gansu = next(row for row in rows if row["province"] == GANSU)
    assert (gansu["group"], gansu["status"], gansu["offices"], gansu["activities"]) == ("gansu", "coordinating", "1",
                                                                                        "1")  # fmt: skip
    assert len([row for row in rows if row["province"].isdigit()]) == 31


def test_a_formula_in_a_cell_is_written_as_text(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = data.groups()
    formula = "=HYPERLINK(\"http://x\")"
    evil = {k: g for k, g in shipped.items()}
    gansu = evil["gansu"]
    name = data.Fact("name_en", formula, gansu.facts["name_en"].source)
    evil["gansu"] = data.Group(gansu.key, gansu.level, gansu.province, {**gansu.facts, "name_en": name}, gansu.basis)
    monkeypatch.setattr(data, "groups", lambda: evil)
    r = TestClient(app_at(url)).get("/coordination.csv", params={"as_of": "2018-06-01"})
    cells = [c for row in csv.reader(io.StringIO(r.text)) for c in row]
    assert "'" + formula in cells and formula not in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def test_an_office_and_an_activity_name_the_groups_coordinating_them(ground: Ground) -> None:  # noqa: F811
    client = TestClient(app_at(ground.url))
    office = client.get(f"/organisations/{ground.office_gansu}", params={"lang": "en", "as_of": "2018-01-01"})
    section = office.text.split('<section aria-labelledby="coordination">', 1)[1].split("</section>", 1)[0]
    assert '<a href="/coordination/national">National Coordinating Small Group' in section
    assert '<a href="/coordination/gansu">Gansu Coordinating Small Group' in section
    zh = client.get(f"/organisations/{ground.office_beijing}", params={"lang": "zh", "as_of": "2018-01-01"})
    section = zh.text.split('<section aria-labelledby="coordination">', 1)[1].split("</section>", 1)[0]
    assert "北京市" in section and "未见报道" in section and "全国境外非政府组织管理工作协调小组" in section
    # before the national group was established (May 2016) and Gansu's reported, neither coordinates it yet
    early = client.get(f"/organisations/{ground.office_gansu}", params={"lang": "en", "as_of": "2016-05-01"})
    section = early.text.split('<section aria-labelledby="coordination">', 1)[1].split("</section>", 1)[0]
    assert "National: not yet coordinating" in " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert '<a href="/coordination/gansu">not yet coordinating</a>' in section
    # the page of an organisation that is no office says nothing of coordination
    assert 'aria-labelledby="coordination"' not in client.get(f"/organisations/{ground.ngo}").text
    activity = client.get(f"/filings/{ground.act_multi}", params={"lang": "en"})
    section = activity.text.split('<section aria-labelledby="coordination">', 1)[1].split("</section>", 1)[0]
    assert '<a href="/coordination/gansu">Gansu Coordinating Small Group' in section
    assert "Tibet" in section and "not reported" in section


def test_a_deregistered_offices_page_says_it_is_not_coordinated(ground: Ground) -> None:  # noqa: F811
    from datetime import date

    from ngoreg.db.engine import transaction
    from ngoreg.registry import service as registry
    from tests.conftest import ACTOR, NOW

    with transaction(ground.url) as s:
        registry.update_organisation(s, ground.office_tibet, {"status": "deregistered"}, on=date(2019, 1, 1),
                                     actor=ACTOR, now=NOW)  # fmt: skip
    client = TestClient(app_at(ground.url))
    en = client.get(f"/organisations/{ground.office_tibet}", params={"lang": "en", "as_of": "2019-02-01"})
    assert "Not coordinated on this day" in en.text and '<a href="/coordination/' not in main(en.text)
    zh = client.get(f"/organisations/{ground.office_tibet}", params={"lang": "zh", "as_of": "2019-02-01"})
    assert "当日不在协调范围内" in zh.text
