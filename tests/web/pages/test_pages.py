"""The public pages through the TestClient, on both engines: each renders in both languages, honours
`as_of` and refuses bad input with a page naming the field (never a 500)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ngoreg.web.app import create_app
from ngoreg.web.pages import charts, link_citations
from tests.web.accounts import client_as, token
from tests.web.pages.site import seed_site
from tests.web.seed import Seeded


@pytest.fixture
def site(url: str) -> Iterator[tuple[TestClient, Seeded]]:
    seeded = seed_site(url)
    with TestClient(create_app(url)) as client:
        yield client, seeded


def test_home_lists_the_registry_in_both_languages(site: tuple[TestClient, Seeded]) -> None:
    client, _ = site
    zh = client.get("/?lang=zh")
    assert zh.status_code == 200
    assert '<html lang="zh-Hans">' in zh.text and "公开登记名录" in zh.text and "北京市青少年发展协会" in zh.text
    assert zh.cookies.get("lang") == "zh"
    en = client.get("/?lang=en")
    assert '<html lang="en">' in en.text and "Public registry" in en.text
    assert client.get("/").text.count("Public registry") == 1  # the cookie remembers English
    for landmark in ("<header", "<nav", "<main", "<footer", 'class="skip"', '<label for="q">'):
        assert landmark in en.text
    assert "script-src 'self'" in en.headers["content-security-policy"]


def test_search_by_two_characters_and_its_partial(site: tuple[TestClient, Seeded]) -> None:
    client, seeded = site
    page = client.get("/", params={"q": "北京", "lang": "zh"})
    assert f'href="/organisations/{seeded.orgs[0]}"' in page.text and "上海市慈善基金会" not in page.text
    part = client.get("/results", params={"q": "农村", "kind": "", "lang": "zh"})
    assert "<html" not in part.text and "四川省农村发展促进会" in part.text
    assert part.headers["hx-push-url"] == "/?q=%E5%86%9C%E6%9D%91"  # the shareable page, filters left empty out
    assert 'id="lang-switch"' in part.text and 'hx-swap-oob="true"' in part.text  # switches the page typed for
    assert 'href="/?q=%E5%86%9C%E6%9D%91&amp;lang=en"' in part.text
    former = client.get("/results", params={"q": "四川农村发展研究会"})  # a former name finds it too
    assert "四川省农村发展促进会" in former.text


def test_filters_and_as_of(site: tuple[TestClient, Seeded]) -> None:
    client, _ = site
    found = client.get("/", params={"kind": "foundation", "lang": "en"}).text
    assert "Shanghai Charity Foundation" in found and "Sichuan Rural" not in found
    assert "Teachers Abroad" in client.get("/", params={"origin": "GB", "lang": "en"}).text
    then = client.get("/", params={"as_of": "2015-01-01", "lang": "en"}).text
    assert "Beijing Youth Development Association" in then and "Sichuan Rural" not in then
    assert "Sichuan Rural" in client.get("/", params={"province": "Sichuan", "lang": "en"}).text
    filtered = client.get("/", params={"q": "Association", "province": "510000", "lang": "en"}).text
    assert "Sichuan Rural" in filtered and "Beijing Youth" not in filtered


BAD = [("/?as_of=2019-13-40", "as_of", 422), ("/?kind=castle", "kind", 422), ("/?status=asleep", "status", 422),
     ("/?field=juggling", "field", 422), ("/?psu=x", "psu", 422), ("/?origin=Atlantis", "origin", 422),
     ("/results?as_of=yesterday", "as_of", 422), ("/organisations/abc", "organisation", 422),
     ("/organisations/99999", "99999", 404), ("/organisations/1?as_of=soon", "as_of", 422),
     ("/law/nolaw", "act", 422), ("/dashboards/nochart", "chart", 422),
     ("/dashboards/offices-by-province?as_of=2019-02-30", "as_of", 422)]  # fmt: skip


def test_bad_input_is_a_page_naming_the_field(site: tuple[TestClient, Seeded]) -> None:
    client, _ = site
    for path, field, status in BAD:
        r = client.get(path + ("&" if "?" in path else "?") + "lang=en")
        assert r.status_code == status, (path, r.text[:300])
        assert r.headers["content-type"].startswith("text/html")
        alert = re.search(r'role="alert">(.*?)</(div|p)>', r.text, re.S)
        assert alert and field in alert.group(1), path


def test_organisation_page(site: tuple[TestClient, Seeded]) -> None:
    client, seeded = site
    r = client.get(f"/organisations/{seeded.orgs[3]}", params={"lang": "zh"})
    assert r.status_code == 200
    text = r.text
    assert "四川省农村发展促进会" in text and "登记事项" in text and "四川农村发展研究会" in text  # former name
    assert "时间线" in text and "2019-03-15" in text
    office = client.get(f"/organisations/{seeded.orgs[2]}?as_of=2010-01-01&lang=en")
    assert office.status_code == 404 and "was not in the registry" in office.text
    assert f'href="/login?next=/organisations/{seeded.ngo}/calendar"' in client.get(f"/organisations/{seeded.ngo}").text


def test_an_office_page_names_its_relations_and_what_the_law_publishes(site: tuple[TestClient, Seeded]) -> None:
    client, _ = site
    hit = client.get("/results", params={"q": "Alpha Trade Council (Beijing)", "lang": "en"}).text
    office = re.search(r'href="/organisations/(\d+)">阿尔法贸易理事会', client.get(
        "/results", params={"q": "阿尔法", "kind": "representative_office", "province": "110000", "lang": "zh"}).text)
    assert office and "Alpha Trade Council (Beijing)" in hit
    page = client.get(f"/organisations/{office.group(1)}", params={"lang": "zh"}).text
    assert "业务主管单位" in page and "北京市商务委员会" in page  # the supervisory unit
    assert "登记管理机关" in page and "北京市公安局" in page  # the registrar
    assert 'href="/organisations/' in page and "设立该机构的境外组织" in page  # the NGO that set it up
    assert '<a class="cite" href="/law/fngo#art-13">' in page  # what art. 13 says is announced
    assert "登记事项记录" in page and 'href="/law/fngo#art-11"' in page  # the timeline, its citations linked
    earlier = client.get(f"/organisations/{office.group(1)}", params={"as_of": "2016-12-31", "lang": "en"})
    assert earlier.status_code == 404 and "was not in the registry on 2016-12-31" in earlier.text


def test_field_and_supervisory_unit_filters(site: tuple[TestClient, Seeded]) -> None:
    client, _ = site
    sport = client.get("/", params={"field": "sport", "kind": "representative_office", "lang": "en"}).text
    assert "Delta Sports Association" in sport and "Alpha Trade Council" not in sport
    page = client.get("/", params={"lang": "en"}).text
    psu = re.search(r'<option value="(\d+)">Beijing Commission of Commerce</option>', page)
    assert psu
    sponsored = client.get("/", params={"psu": psu.group(1), "lang": "en"}).text
    assert "Alpha Trade Council (Beijing)" in sponsored and "Alpha Trade Council (Shanghai)" not in sponsored
    searched = client.get("/", params={"q": "贸易", "psu": psu.group(1), "lang": "en"}).text
    assert "Alpha Trade Council (Beijing)" in searched and "Alpha Trade Council (Shanghai)" not in searched
    assert "Alpha Trade Council (Beijing)" not in client.get("/", params={"psu": psu.group(1), "as_of": "2016-06-01",
                                                                            "lang": "en"}).text  # fmt: skip


def test_calendar_page_and_subscription(site: tuple[TestClient, Seeded], url: str) -> None:
    """Obligations are never public: the public is sent to sign in (its calendar file does not exist for it),
    the NGO's own staff see it (and subscribe with their token), staff of another organisation are refused."""
    public, seeded = site
    path = f"/organisations/{seeded.ngo}/calendar"
    assert public.get(path, params={"as_of": "2017-03-05"}, follow_redirects=False).status_code == 303
    assert public.get(path + ".ics", params={"as_of": "2017-03-05"}).status_code == 404
    other = client_as(url, token(url, "other.staff", "foreign_ngo_staff", org=seeded.orgs[0]))
    assert other.get(path, params={"as_of": "2017-03-05"}).status_code == 403
    client = client_as(url, token(url, "own.staff", "foreign_ngo_staff", org=seeded.ngo))
    page = client.get(path, params={"as_of": "2017-03-05", "lang": "en"})
    assert page.status_code == 200 and "Subscribe (iCalendar)" in page.text
    assert f'href="/organisations/{seeded.ngo}/calendar.ics"' in page.text
    ics = client.get(f"/organisations/{seeded.ngo}/calendar.ics", params={"as_of": "2017-03-05"})
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.startswith("BEGIN:VCALENDAR")


def test_statute_reader_has_an_anchor_per_article(site: tuple[TestClient, Seeded]) -> None:
    client, _ = site
    r = client.get("/law/fngo", params={"lang": "en"})
    assert r.status_code == 200
    assert 'id="art-17"' in r.text and 'id="art-54"' in r.text and "第一章" in r.text
    assert 'href="/law/fngo"' in client.get("/law").text
    linked = str(link_citations("FNGO Law art. 17(1); Civil Code art. 201"))
    assert '<a class="cite" href="/law/fngo#art-17">FNGO Law art. 17(1)</a>' in linked
    assert "Civil Code art. 201" in linked and "/law/civil_code" not in linked  # no text shipped: no link


def test_every_registered_chart_renders_with_its_table_and_csv(site: tuple[TestClient, Seeded]) -> None:
    client, _ = site
    index = client.get("/dashboards", params={"lang": "en"}).text
    for key in charts.all_charts():
        assert f'href="/dashboards/{key}"' in index
    page = client.get("/dashboards/organisations-by-kind", params={"lang": "en", "as_of": "2015-01-01"})
    assert page.status_code == 200 and "<svg" in page.text and '<table class="numbers">' in page.text
    assert "social association" in page.text and "Total: 2" in page.text  # two registered by 2015
    assert "mca_2012" not in page.text and "499000" in page.text  # the published figure beside the counts
    csv = client.get("/dashboards/organisations-by-kind.csv", params={"as_of": "2015-01-01"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.splitlines()[0] == "key,label_zh,count"
    tiles = client.get("/dashboards/offices-by-province", params={"lang": "zh"})
    assert tiles.status_code == 200 and "<svg" in tiles.text and "北京" in tiles.text
    assert re.search(r'<th scope="row">北京市</th><td class="num">3</td>', tiles.text)
    then = client.get("/dashboards/offices-by-province", params={"lang": "en", "as_of": "2017-06-30"}).text
    assert re.search(r'<th scope="row">Beijing</th><td class="num">1</td>', then)  # one office by mid-2017
    for key in charts.all_charts():
        for lang in ("zh", "en"):
            r = client.get(f"/dashboards/{key}", params={"lang": lang})
            assert r.status_code == 200 and "<svg" in r.text, (key, lang)


def test_charts_are_data() -> None:
    with pytest.raises(ValueError, match="twice"):
        charts.register(charts.all_charts()["offices-by-month"])
    assert {c.draw for c in charts.all_charts().values()} == {"bars", "months", "tiles"}
    assert all(code in charts.TILES for code in ("110000", "650000", "540000", "810000", "820000", "710000"))


def test_the_chinese_catalogue_is_complete() -> None:
    from babel.messages.pofile import read_po

    from ngoreg.web.pages.i18n import translations

    path = Path(__file__).resolve().parents[3] / "src/ngoreg/web/locale/zh/LC_MESSAGES/messages.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    assert [m.id for m in catalog if m.id and (not m.string or m.fuzzy)] == []
    assert translations("zh").gettext("Public registry") == "公开登记名录"


def test_static_htmx_is_served(site: tuple[TestClient, Seeded]) -> None:
    client, _ = site
    r = client.get("/static/htmx.min.js")
    assert r.status_code == 200 and "htmx" in r.text[:2000]
