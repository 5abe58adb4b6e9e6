"""The Party-building structure in a real browser: the tree of committees folds and unfolds, shows the
organisations under a joint committee only to someone who reads the placements (a registrar, signed in
through /login), and reads in Chinese and English; a committee's page is one click away. Fails, never skips,
without Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, expect

from ngoreg.db.engine import get_engine
from ngoreg.db.migrate import upgrade
from ngoreg.web.app import create_app
from tests.e2e.conftest import serving
from tests.e2e.test_accessibility import violations
from tests.e2e.test_browser import shot
from tests.e2e.test_filing_pages_browser import actor, contexts, sign_in  # noqa: F401 - the fixture
from tests.party.seed import seed_beijing
from tests.web.accounts import AT, user
from tests.web.pages.browsing import PASSWORD, Clock

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Live:
    base: str
    ids: dict[str, Any]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-party') / 'ngoreg.db'}"
    upgrade(url)
    ids = seed_beijing(url)
    user(url, "bj.registrar", "civil_affairs_officer", authority=ids["registrar"], password=PASSWORD)
    app = create_app(url, clock=Clock(AT), secure_cookies=False)
    try:
        with serving(lambda port: uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                 lifespan="off")) as base:  # fmt: skip
            yield Live(base, ids)
    finally:
        get_engine(url).dispose()


def test_the_tree_folds_and_unfolds_and_shows_the_registrar_its_organisations(
        live: Live, browser: Browser, contexts: list[BrowserContext]) -> None:  # noqa: F811
    page = actor(browser, contexts)
    page.goto(live.base + "/party?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Party-building structure")
    edu = page.locator(f"#committee-{live.ids['edu']}")
    expect(edu.locator("summary")).to_contain_text("Joint committee edu")
    expect(edu).not_to_have_attribute("open", "")
    expect(edu.locator("summary")).to_contain_text("5 of 10, 2 with a Party organisation")
    expect(page.locator("main")).not_to_contain_text("北京教育协会0")  # the public reads no placement

    page.goto(live.base + "/login?next=/party%3Flang%3Den")
    sign_in(page, "bj.registrar")
    first = edu.get_by_role("link", name="北京教育协会0")
    expect(first).to_be_hidden()  # folded
    edu.locator("summary").click()
    expect(first).to_be_visible()
    expect(edu).to_have_attribute("open", "")
    expect(edu.get_by_role("link", name="北京教育协会3")).to_be_visible()
    expect(edu.get_by_role("link", name="北京教育协会4")).to_have_count(0)  # registered in Hebei, not with it
    shot(page, "party-en")
    edu.locator("summary").click()
    expect(first).to_be_hidden()
    page.locator(f"#committee-{live.ids['top']} > summary").click()  # the comprehensive committee folds its branch
    expect(edu.locator("summary")).to_be_hidden()

    page.goto(live.base + "/party?lang=zh")
    expect(page.get_by_role("heading", level=1)).to_have_text("党建组织体系")
    page.locator(f"#committee-{live.ids['edu']} > summary").click()
    page.locator(f"#committee-{live.ids['edu']}").get_by_role("link", name="党委页面").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("联合党委edu")
    expect(page.locator("main")).to_contain_text("上级党委")
    expect(page.locator("tbody tr")).to_have_count(4)
    shot(page, "party-committee-zh")


def test_the_party_pages_meet_wcag_2_1_aa(live: Live, browser: Browser, contexts: list[BrowserContext]) -> None:  # noqa: F811
    page = actor(browser, contexts)
    page.goto(live.base + "/login?next=/party")
    sign_in(page, "bj.registrar")
    found = {path: violations(page, live.base + path)
             for path in ("/party?lang=en&as_of=2021-06-01", "/party?lang=zh",
                          f"/party/committees/{live.ids['edu']}?lang=zh",
                          f"/party/committees/{live.ids['top']}?lang=en")}  # fmt: skip
    page.goto(live.base + "/party?lang=en")
    page.locator(f"#committee-{live.ids['edu']} > summary").click()  # unfolded, its organisations shown
    found["/party (unfolded)"] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}
