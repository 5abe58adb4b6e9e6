"""The coordinating groups in a real browser (Chromium): the dashboard per province leads to a group's page, whose
facts each carry their source; both in English and, switching language on the page, in Chinese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_browser import page, server, shot  # noqa: F401 - the fixtures
from tests.web.seed import Seeded

pytestmark = pytest.mark.browser


def test_the_dashboard_leads_to_a_groups_page_in_english_and_chinese(server: tuple[str, Seeded],  # noqa: F811
                                                                      page: Page) -> None:  # noqa: F811
    base, _ = server
    page.goto(base + "/coordination?lang=en&as_of=2018-06-01")
    expect(page.locator("h1")).to_have_text("Coordinating groups for foreign NGO work")
    gansu = page.locator('tr[data-province="620000"]')
    expect(gansu.locator("th")).to_have_text("Gansu")
    expect(gansu.locator("td").first).to_have_text("coordinating")
    expect(page.locator('tr[data-province="110000"] td').first).to_have_text("not reported")
    # the registry's own count of each province's offices stands beside ChinaFile's: after the import, equal
    beijing = page.locator('tr[data-province="110000"] td.num')
    expect(beijing.nth(0)).to_have_text(re.compile(r"^\d+$"))
    assert beijing.nth(0).inner_text() == beijing.nth(1).inner_text()
    shot(page, "coordination-en")

    page.get_by_role("link", name="Gansu Coordinating Small Group for Foreign NGO Management Work").click()
    expect(page).to_have_url(re.compile(r"/coordination/gansu\?as_of=2018-06-01$"))
    expect(page.locator("h1")).to_have_text("Gansu Coordinating Small Group for Foreign NGO Management Work")
    reported = page.locator('tr[data-fact="reported_by"]')
    expect(reported).to_contain_text("2017-04-23")
    expect(reported).to_contain_text("line 4")
    expect(page.locator('tr[data-fact="lead_body"]')).to_contain_text("not reported")
    expect(page.locator('tr[data-fact="basis"] a.cite')).to_have_attribute("href", "/law/fngo#art-7")

    page.locator("#lang-switch").click()  # the same group, in Chinese
    expect(page.locator("h1")).to_have_text("甘肃省境外非政府组织管理工作协调小组")
    expect(page.locator("main")).to_contain_text("译名")
    expect(page.locator('tr[data-fact="reported_by"] th')).to_have_text("最早见报日期")
    shot(page, "coordination-group-zh")

    page.goto(base + "/coordination?lang=zh&as_of=2017-01-01")
    expect(page.locator("h1")).to_have_text("境外非政府组织管理工作协调小组")
    expect(page.locator('tr[data-province="620000"] td').first).to_have_text("尚未协调")
    page.get_by_role("link", name="全国境外非政府组织管理工作协调小组").click()
    expect(page.locator('tr[data-fact="lead_body"]')).to_contain_text("公安部")
    expect(page.locator('tr[data-fact="other_members"]')).to_contain_text("28")
    expect(page.locator("main")).to_contain_text("协调中")
