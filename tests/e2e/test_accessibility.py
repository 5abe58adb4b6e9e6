"""The pages against WCAG 2.1 A and AA as axe-core checks them (axe-playwright-python, in Debian's Chromium):
the public pages, the sign-in page and the pages each signed-in role works in, in both languages. A check
that found nothing proves little unless the checker runs, so the test also breaks a page on purpose and
expects axe to say so."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.test_filing_pages_browser import Live, actor, contexts, live, sign_in  # noqa: F401

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()


def violations(page: Page, url: str | None = None) -> list[str]:
    """Each rule broken on the page (at `url`, which must answer 200, if given), with the elements that
    break it."""
    if url is not None:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
    found: list[dict[str, Any]] = AXE.run(page, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in found]


def test_the_pages_meet_wcag_2_1_aa(live: Live, browser: Browser, contexts: list[BrowserContext]) -> None:  # noqa: F811
    public = actor(browser, contexts)
    pages = [f"/?lang={lang}" for lang in ("zh", "en")] + [
        "/?q=北京", f"/organisations/{live.ngo}", "/law", "/law/fngo", "/law/charity?on=2016-09-01&lang=zh",
        "/dashboards",
        "/dashboards?lang=zh&as_of=2017-06-30", "/dashboards/offices-by-province",
        "/dashboards/organisations-by-kind", "/login", "/coordination?lang=zh", "/coordination?lang=en",
        "/coordination/national?lang=zh", "/coordination/gansu?lang=en"]  # fmt: skip
    found = {}
    for path in pages:
        found[path] = violations(public, live.base + path)
    public.goto(live.base + "/law/ecosoc_1996_31?lang=en")  # a page saying the text is not shipped (404)
    found["/law/ecosoc_1996_31"] = violations(public)
    ngo = actor(browser, contexts)
    ngo.goto(live.base + "/login?next=/work")
    sign_in(ngo, "ngo.staff")
    for path in (f"/organisations/{live.ngo}/calendar?lang=zh", "/work?lang=en",
                 f"/filings/new?procedure=fngo_office_registration&org={live.ngo}&lang=zh"):  # fmt: skip
        found[path] = violations(ngo, live.base + path)
    psu = actor(browser, contexts)
    psu.goto(live.base + "/work?lang=zh")
    sign_in(psu, "psu.officer")
    found["/work (supervisory unit)"] = violations(psu)
    assert {path: v for path, v in found.items() if v} == {}

    # the checker is live: an unlabelled field and an image without a text alternative are found
    public.goto(live.base + "/?lang=en")
    public.evaluate("""() => {
        document.querySelector('main').insertAdjacentHTML('beforeend', '<input type="text"><img src="x.png">');
    }""")
    assert {v.split(" ")[0] for v in violations(public)} >= {"label", "image-alt"}
