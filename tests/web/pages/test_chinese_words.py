"""Chinese pages say the law's words in Chinese: an obligation's and a deadline's label, and every citation in
the form Chinese writing cites a statute (《…》第十九条第一款), still linked to the article; dates are typed as
YYYY-MM-DD, never in the browser's mm/dd/yyyy. On both engines."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ngoreg.web.pages import link_citations
from tests.web.accounts import app_at, client_as, token
from tests.web.pages.site import seed_site
from tests.web.seed import Seeded

FNGO_ZH = "《中华人民共和国境外非政府组织境内活动管理法》"


@pytest.fixture
def site(url: str) -> Iterator[tuple[TestClient, Seeded, int]]:
    seeded = seed_site(url)
    with TestClient(app_at(url)) as client:
        hit = client.get("/results", params={"q": "阿尔法", "kind": "representative_office", "province": "110000"})
        office = re.search(r'href="/organisations/(\d+)">阿尔法贸易理事会', hit.text)
        assert office
        yield client, seeded, int(office[1])


def test_the_chinese_calendar_names_the_duties_and_their_basis_in_chinese(
        site: tuple[TestClient, Seeded, int], url: str) -> None:  # fmt: skip
    _, _, office = site
    staff = client_as(url, token(url, "office.staff", "foreign_ngo_staff", org=office))
    path = f"/organisations/{office}/calendar"
    # the office came from a list imported on NOW (2026-11-22): its duties from then on are in its calendar
    zh = staff.get(path, params={"as_of": "2026-12-01", "lang": "zh"})
    assert zh.status_code == 200
    body = zh.text.split('<main id="main"', 1)[1]
    assert "向业务主管单位报送年度活动计划" in body  # the annual plan to the supervisory unit (art. 19)
    assert f'<a class="cite" href="/law/fngo#art-19">{FNGO_ZH}第十九条</a>' in body
    for english in ("Plan to the professional supervisory unit", "FNGO Law", " art. "):
        assert english not in body
    en = staff.get(path, params={"as_of": "2026-12-01", "lang": "en"}).text
    assert "Plan to the professional supervisory unit" in en
    assert '<a class="cite" href="/law/fngo#art-19">FNGO Law art. 19</a>' in en


def test_citations_in_chinese_form_keep_their_links() -> None:
    zh = str(link_citations("FNGO Law art. 17(1); FNGO Law art. 29(2)(3); Civil Code art. 201", "zh"))
    assert f'<a class="cite" href="/law/fngo#art-17">{FNGO_ZH}第十七条第一款</a>' in zh
    assert f'<a class="cite" href="/law/fngo#art-29">{FNGO_ZH}第二十九条第二款第（三）项</a>' in zh
    assert "《中华人民共和国民法典》第二百零一条" in zh and "/law/civil_code" not in zh  # no text shipped: no link
    several = str(link_citations("FNGO Law arts. 13(1), 15, 45–48", "zh"))
    assert several == (f'{FNGO_ZH}<a class="cite" href="/law/fngo#art-13">第十三条第一款</a>、'
                       '<a class="cite" href="/law/fngo#art-15">第十五条</a>、'
                       '<a class="cite" href="/law/fngo#art-45">第四十五条</a>至'
                       '<a class="cite" href="/law/fngo#art-48">第四十八条</a>')  # fmt: skip
    assert str(link_citations("FNGO Law art. 17(1)", "en")) == \
        '<a class="cite" href="/law/fngo#art-17">FNGO Law art. 17(1)</a>'  # fmt: skip
    assert str(link_citations("<b>FNGO Law art. 9</b>", "zh")).startswith("&lt;b&gt;")  # escaped


def test_a_refusal_on_a_chinese_page_cites_in_chinese(site: tuple[TestClient, Seeded, int], url: str) -> None:
    _, seeded, _ = site
    other = client_as(url, token(url, "other.staff", "foreign_ngo_staff", org=seeded.orgs[0]))
    r = other.get(f"/organisations/{seeded.orgs[5]}", params={"lang": "zh"})  # not published, out of reach
    assert r.status_code == 403
    alert = re.search(r'role="alert">(.*?)</div>', r.text, re.S)
    assert alert and f"{FNGO_ZH}第十三条第一款" in alert[1] and "FNGO Law" not in alert[1]


PAGES_WITH_A_DAY = ["/", "/organisations/{org}", "/dashboards", "/dashboards/offices-by-month"]


def test_days_are_typed_as_yyyy_mm_dd_in_both_languages(site: tuple[TestClient, Seeded, int], url: str) -> None:
    public, seeded, _ = site
    staff = client_as(url, token(url, "own.staff", "foreign_ngo_staff", org=seeded.ngo))
    for lang in ("zh", "en"):
        for client, path in [(public, p.format(org=seeded.orgs[0])) for p in PAGES_WITH_A_DAY] + [
                (staff, f"/organisations/{seeded.ngo}/calendar")]:  # fmt: skip
            html = client.get(path, params={"lang": lang, "as_of": "2017-03-05"}).text
            field = re.search(r'<input id="as_of"[^>]*>', html)
            assert field, (path, lang)
            assert 'type="date"' not in field[0] and 'pattern="\\d{4}-\\d{2}-\\d{2}"' in field[0], (path, field[0])
            assert 'value="2017-03-05"' in field[0] and 'placeholder="YYYY-MM-DD"' in field[0]
