"""End to end in a real browser: Playwright drives Debian's Chromium against `ngoreg serve` started on a free
loopback port over a seeded SQLite registry. Chromium must be installed (`.ci/run` installs it); these tests
fail, never skip, when it is not. Set NGOREG_SCREENSHOTS=DIR to save screenshots of the main pages there
(docs/screenshots/ holds the ones the README shows)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from ngoreg.db.engine import get_engine
from ngoreg.db.migrate import upgrade
from tests.e2e.conftest import free_port
from tests.web.pages.site import seed_site
from tests.web.seed import Seeded

SHOTS = os.environ.get("NGOREG_SCREENSHOTS")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seeded]]:
    db = tmp_path_factory.mktemp("e2e") / "ngoreg.db"
    url = f"sqlite:///{db}"
    upgrade(url)
    seeded = seed_site(url)
    get_engine(url).dispose()
    port = free_port()
    serve = [sys.executable, "-c", "from ngoreg.cli.app import main; main()", "serve", "--db", url,
             "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    proc = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/law", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"ngoreg serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.1)
        else:
            raise RuntimeError("ngoreg serve did not answer within 10 s")
        yield base, seeded
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


def test_search_as_you_type_finds_an_office_by_two_characters(server: tuple[str, Seeded], page: Page) -> None:
    base, _ = server
    page.goto(base + "/?lang=zh")
    shot(page, "home-zh", full_page=False)
    results = page.locator("#results")
    expect(results).to_contain_text("上海市慈善基金会")  # the whole registry before typing
    page.get_by_label("名称（中文或英文）").press_sequentially("贸易", delay=50)
    expect(results).to_contain_text("Alpha Trade Council (Beijing)")
    expect(results).not_to_contain_text("上海市慈善基金会")  # swapped in by htmx, no page load
    expect(page).to_have_url(re.compile(r"/\?q=%E8%B4%B8%E6%98%93$"))  # the address bar: the shareable page
    shot(page, "search-zh")
    page.reload()  # which, loaded afresh, shows the same results
    expect(results).to_contain_text("Alpha Trade Council (Beijing)")
    expect(results).not_to_contain_text("上海市慈善基金会")
    page.get_by_label("名称（中文或英文）").fill("")
    page.get_by_label("名称（中文或英文）").press_sequentially("慈善", delay=50)
    expect(results).to_contain_text("上海市慈善基金会")
    page.get_by_role("link", name="English").click()  # the language link follows the search typed
    expect(page.get_by_role("heading", level=1)).to_have_text("Public registry")
    expect(results).to_contain_text("Shanghai Charity Foundation")
    expect(results).not_to_contain_text("Alpha Trade Council")
    page.goto(base + "/?q=%E8%B4%B8%E6%98%93&lang=zh")
    results.get_by_role("row").filter(has_text="Alpha Trade Council (Beijing)").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("阿尔法贸易理事会")
    expect(page.locator("ul.relations")).to_contain_text("北京市商务委员会")
    shot(page, "organisation-zh")


def test_switching_language_is_remembered(server: tuple[str, Seeded], page: Page) -> None:
    base, _ = server
    page.goto(base + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Public registry")
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "home-en")
    page.get_by_role("link", name="中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("公开登记名录")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="统计图表").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("统计图表")  # still Chinese on the next page
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboards")


def test_the_dashboards_overview_leads_to_each_full_chart(server: tuple[str, Seeded], page: Page) -> None:
    """The headline numbers as of the day typed (YYYY-MM-DD, in an English browser reading Chinese), a small
    chart per group, and each small chart a link to its full chart as of the same day."""
    base, _ = server
    page.goto(base + "/dashboards?lang=zh")
    numbers = page.locator("dl.headline")
    expect(numbers).to_contain_text("名录中的组织")
    expect(page.locator("a.small-chart svg")).to_have_count(2)
    shot(page, "dashboards-zh")
    day = page.locator("#as_of")
    assert day.evaluate("e => e.type") == "text"  # not the browser's mm/dd/yyyy
    day.fill("2015-01-01")
    page.get_by_role("button", name="显示").click()
    expect(page).to_have_url(re.compile(r"/dashboards\?as_of=2015-01-01$"))
    organisations = numbers.locator(".number").filter(has_text="名录中的组织").locator("dd a")
    expect(organisations).to_have_text("2")  # two registered by 2015
    page.locator("a.small-chart").filter(has_text="代表机构").click()
    expect(page).to_have_url(re.compile(r"/dashboards/offices-by-province\?as_of=2015-01-01$"))
    expect(page.locator("figure.chart svg")).to_be_visible()
    page.goto(base + "/dashboards?lang=en")
    expect(page.locator("a.small-chart svg")).to_have_count(2)
    shot(page, "dashboards-en")


def test_dashboard_renders_its_svg_and_table(server: tuple[str, Seeded], page: Page) -> None:
    base, _ = server
    page.goto(base + "/dashboards?lang=en")
    page.locator("ul.charts").get_by_role("link", name="Organisations in the registry by kind").click()
    expect(page.locator("figure.chart svg")).to_be_visible()
    table = page.locator("table.numbers")
    expect(table).to_contain_text("social association")
    csv = page.get_by_role("link", name="Download CSV")
    expect(csv).to_have_attribute("href", "/dashboards/organisations-by-kind.csv")
    shot(page, "dashboard-en")
    page.goto(base + "/dashboards/offices-by-province?lang=zh")
    expect(page.locator("figure.chart svg")).to_be_visible()
    expect(page.locator("table.numbers")).to_contain_text("北京市")
    shot(page, "dashboard-map-zh")


def test_statute_reader_opens_the_cited_article(server: tuple[str, Seeded], page: Page) -> None:
    base, _ = server
    page.goto(base + "/?q=Alpha%20Trade%20Council%20(Beijing)&lang=en")
    page.locator("#results").get_by_role("link", name="Alpha Trade Council (Beijing)").click()
    shot(page, "organisation-en")
    link = page.locator("section[aria-labelledby=published] a.cite").first
    expect(link).to_have_attribute("href", "/law/fngo#art-13")
    link.click()
    article = page.locator("#art-13")
    expect(article).to_be_in_viewport()
    expect(article).to_contain_text("登记")
    assert page.evaluate("location.hash") == "#art-13"
    shot(page, "statute-en", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(base + "/?lang=zh")
    shot(page, "home-phone-zh", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
