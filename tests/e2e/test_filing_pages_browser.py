"""The sign-in and filing pages in a real browser: Playwright drives Debian's Chromium against the app served
by uvicorn in this process, so that the test holds the app's clock (the day of every act is pinned, and the
test moves time on to let a session expire). Each actor signs in through /login in a browser context of its
own. Like `test_browser`, these tests fail, never skip, without Chromium. NGOREG_SCREENSHOTS=DIR saves
screenshots of the sign-in and filing pages there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ngoreg.db.engine import get_engine, transaction
from ngoreg.db.migrate import upgrade
from ngoreg.reference import AuthorityKind
from ngoreg.registry import service as registry
from ngoreg.web.app import create_app
from tests.e2e.conftest import serving
from tests.e2e.test_browser import shot
from tests.web.accounts import AT, user
from tests.web.pages.browsing import PASSWORD, Clock
from tests.web.pages.site import seed_site

pytestmark = pytest.mark.browser
TODAY = AT.date()  # 2026-11-22
BEIJING = "110000"


@dataclass(frozen=True)
class Live:
    base: str
    clock: Clock
    ngo: int  # Teachers Abroad, a foreign NGO without an office yet
    psu: int  # the supervisory unit its office application names
    office: int  # Alpha Trade Council (Beijing), a registered representative office with yearly duties


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-filings') / 'ngoreg.db'}"
    upgrade(url)
    seeded = seed_site(url)
    with transaction(url, write=False) as s:
        psu = registry.authorities(s, AuthorityKind.SUPERVISORY_UNIT.value)[0]["id"]
        office = registry.search_organisations(s, "Alpha Trade Council (Beijing)", limit=1)[0]["id"]
    user(url, "ngo.staff", "foreign_ngo_staff", org=seeded.ngo, password=PASSWORD)
    user(url, "psu.officer", "psu_officer", authority=psu, password=PASSWORD)
    user(url, "registrar.officer", "registrar_officer", province=BEIJING, password=PASSWORD)
    user(url, "partner.staff", "partner_unit_staff", org=seeded.orgs[0], password=PASSWORD)
    user(url, "office.staff", "foreign_ngo_staff", org=office, password=PASSWORD)
    clock = Clock(AT)
    app = create_app(url, clock=clock, secure_cookies=False)
    try:
        with serving(lambda port: uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                 lifespan="off")) as base:  # fmt: skip
            yield Live(base, clock, seeded.ngo, psu, office)
    finally:
        get_engine(url).dispose()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for c in made:
        c.close()


def actor(browser: Browser, contexts: list[BrowserContext], locale: str = "en-GB") -> Page:
    """A browser of its own for one person."""
    context = browser.new_context(locale=locale, viewport={"width": 1200, "height": 900})
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def sign_in(page: Page, username: str) -> None:
    """Fills in the sign-in page the browser is on and sends it."""
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.signin button[type=submit]").click()


def test_a_foreign_ngo_registers_an_office_through_consent_and_decision(
        live: Live, browser: Browser, contexts: list[BrowserContext]) -> None:  # fmt: skip
    ngo = actor(browser, contexts)
    ngo.goto(live.base + f"/filings/new?procedure=fngo_office_registration&org={live.ngo}&lang=en")
    sign_in(ngo, "ngo.staff")  # the page asked for a session, and the sign-in returns to it
    expect(ngo.get_by_role("heading", level=1)).to_contain_text("Registration of a representative office")
    expect(ngo.locator("header.site")).to_contain_text("Signed in as Ngo Staff")
    ngo.locator("#psu_authority_id").select_option(str(live.psu))
    ngo.locator("#registrar_province").select_option(BEIJING)
    for name in ("lawfully_established_abroad", "independent_civil_liability", "articles_favour_public_interest"):
        ngo.locator(f"#{name}").select_option("yes")
    ngo.locator("#active_abroad_since").fill("2015-03-01")
    for box in ngo.locator("input[name=documents]").all():
        box.check()
    for name, value in (("name", "Teachers Abroad Beijing Representative Office"), ("domicile", "Chaoyang, Beijing"),
                        ("business_scope", "Teacher training"), ("area_of_activity", "Beijing"),
                        ("chief_representative", "Jane Smith"), ("psu_name", "Supervisory unit")):  # fmt: skip
        ngo.locator(f"#{name}").fill(value)
    ngo.get_by_role("button", name="Start the filing").click()
    expect(ngo.locator(".notice")).to_have_text("The filing was started.")
    expect(ngo.locator("strong.status")).to_have_text("drafted")
    filing = ngo.url.split("?")[0]
    expect(ngo.get_by_role("button", name="Apply to the registrar")).to_have_count(0)  # the unit consents first

    psu = actor(browser, contexts)  # the unit's officer finds the application in its queue
    psu.goto(live.base + "/work?lang=en")
    sign_in(psu, "psu.officer")
    expect(psu.get_by_role("heading", level=1)).to_have_text("My work")
    number = filing.rsplit("/", 1)[1]
    waiting = psu.locator("section.queue tr").filter(has=psu.get_by_role("link", name=f"Filing {number}"))
    expect(waiting).to_contain_text("Teachers Abroad")
    shot(psu, "work-en")
    waiting.get_by_role("link", name=f"Filing {number}").click()
    expect(psu).to_have_url(filing)
    psu.locator("#consent-consented_on").fill(TODAY.isoformat())
    psu.get_by_role("button", name="Consent to the application").click()
    expect(psu.locator("strong.status")).to_have_text("consented by the supervisory unit")
    expect(psu.locator("section[aria-labelledby=deadlines]")).to_contain_text("Application to the registrar")

    ngo.reload()
    ngo.get_by_role("button", name="Apply to the registrar").click()
    expect(ngo.locator("strong.status")).to_have_text("applied")

    registrar = actor(browser, contexts)
    registrar.goto(filing + "?lang=en")
    sign_in(registrar, "registrar.officer")
    registrar.get_by_role("button", name="Accept the application for examination").click()
    expect(registrar.locator("strong.status")).to_have_text("accepted for examination")
    registrar.locator("#register-certificate_no").fill("京外登字第0001号")
    registrar.locator("#register-announcement").fill(f"Ministry of Public Security platform, {TODAY.isoformat()}")
    registrar.get_by_role("button", name="Register the office and announce it").click()
    expect(registrar.locator("strong.status")).to_have_text("registered")
    expect(registrar.locator("section[aria-labelledby=history] ol")).to_contain_text("office registered")

    ngo.goto(live.base + f"/organisations/{live.ngo}?lang=zh")
    filings = ngo.locator("section[aria-labelledby=filings]")
    expect(filings.locator("ul.filings li").filter(has_text="境外非政府组织代表机构设立登记")).to_contain_text("已登记")


def test_a_partner_unit_sees_why_it_cannot_file_ten_days_ahead(
        live: Live, browser: Browser, contexts: list[BrowserContext]) -> None:  # fmt: skip
    page = actor(browser, contexts, locale="zh-CN")
    page.goto(live.base + "/login?lang=zh")
    shot(page, "login-zh", full_page=False)
    page.goto(live.base + f"/filings/new?procedure=fngo_temporary_activity&org={live.ngo}")
    sign_in(page, "partner.staff")
    page.locator("#activity_name").fill("乡村教师培训")
    page.locator("#partner_name").fill("北京市青少年发展协会")
    page.locator("#partner_kind").select_option("social_organisation")
    page.locator("#region").fill("北京市")
    page.locator("#start_date").fill((TODAY + timedelta(days=10)).isoformat())
    page.locator("#end_date").fill((TODAY + timedelta(days=40)).isoformat())
    for box in page.locator("input[name=documents]").all():
        box.check()
    page.get_by_role("button", name="开始办理").click()
    file = page.get_by_role("button", name="向登记管理机关备案")
    expect(file).to_be_disabled()
    why = page.locator(f"#{file.get_attribute('aria-describedby')}")
    expect(why).to_contain_text("中方合作单位应当在开展临时活动十五日前备案，该活动于2026-12-02开始")
    shot(page, "filing-refused-zh")
    page.goto(page.url.split("?")[0] + "?lang=en")
    expect(page.locator("#why-file")).to_contain_text("at least 15 days before the activity starts on 2026-12-02")
    shot(page, "filing-refused-en")
    link = page.locator("#why-file").get_by_role("link", name="FNGO Law art. 17(1)")
    expect(link).to_have_attribute("href", "/law/fngo#art-17")
    link.click()
    article = page.locator("#art-17")
    expect(article).to_be_in_viewport()
    expect(article).to_contain_text("十五日前")


def test_an_expired_session_returns_to_the_filing_page_after_signing_in(
        live: Live, browser: Browser, contexts: list[BrowserContext]) -> None:  # fmt: skip
    page = actor(browser, contexts)
    page.goto(live.base + f"/filings/new?procedure=fngo_temporary_activity&org={live.ngo}&lang=en")
    sign_in(page, "partner.staff")
    page.locator("#activity_name").fill("Summer school")
    page.get_by_role("button", name="Start the filing").click()
    expect(page.locator(".notice")).to_have_text("The filing was started.")
    filing = page.url.split("?")[0]
    live.clock.advance(timedelta(minutes=31))  # idle past the session's limit
    try:
        page.goto(filing)
        sign_in(page, "partner.staff")
        expect(page).to_have_url(filing)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Temporary activity filing")
        page.context.clear_cookies()  # and a browser that lost its cookie comes back the same way
        page.goto(filing + "?lang=en")
        sign_in(page, "partner.staff")
        expect(page).to_have_url(filing + "?lang=en")
        expect(page.locator("section[aria-labelledby=data]")).to_contain_text("Summer school")
    finally:
        live.clock.advance(-timedelta(minutes=31))


def test_an_office_signs_in_from_its_page_to_its_calendar_in_chinese(
        live: Live, browser: Browser, contexts: list[BrowserContext]) -> None:  # fmt: skip
    """The public is offered to sign in for the calendar and comes back to it; the Chinese calendar names the
    duties and cites their articles in Chinese, and its day is typed YYYY-MM-DD in an English browser."""
    page = actor(browser, contexts)  # an English (en-GB) browser reading the Chinese pages
    page.goto(live.base + f"/organisations/{live.office}?lang=zh")
    page.get_by_role("link", name="合规日历").click()
    sign_in(page, "office.staff")
    expect(page.get_by_role("heading", level=1)).to_contain_text("合规日历")
    day = page.locator("#as_of")
    assert day.evaluate("e => e.type") == "text"  # not the browser's mm/dd/yyyy date input
    expect(day).to_have_attribute("placeholder", "YYYY-MM-DD")
    day.fill("2026-12-01")  # after the list the office came from was imported (NOW): its duties from then on
    page.get_by_role("button", name="显示").click()
    expect(page).to_have_url(re.compile(r"as_of=2026-12-01"))
    expect(day).to_have_value("2026-12-01")
    row = page.locator("tbody tr").filter(has_text="向业务主管单位报送年度活动计划").first
    expect(row.get_by_role("link", name="《中华人民共和国境外非政府组织境内活动管理法》第十九条")).to_have_attribute(
        "href", "/law/fngo#art-19")
    expect(page.locator("main")).not_to_contain_text("FNGO Law")
    shot(page, "calendar-zh")
    page.goto(page.url.replace("lang=zh", "lang=en") if "lang=zh" in page.url else page.url + "&lang=en")
    expect(page.locator("tbody")).to_contain_text("Plan to the professional supervisory unit")
    shot(page, "calendar-en")
