"""A social association's registration through the filing pages, on both engines: its founders start it on
the form (choosing the registrar and the path), a religious association's direct application is a disabled
button with its sentence and article, the registrar registers it from its own page; the pages in Chinese."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from ngoreg.db.engine import transaction
from ngoreg.registry import service as registry
from ngoreg.web.app import create_app
from tests.filings.test_domestic import application, preparing, sichuan  # noqa: F401 - the fixture
from tests.web.accounts import AT, user
from tests.web.pages.browsing import Clock, hidden, sign_in

PASSWORD = "a long enough passphrase 7"


def signed_in(url: str, username: str, role: str, **scope: Any) -> TestClient:
    user(url, username, role, password=PASSWORD, **scope)
    client = TestClient(create_app(url, clock=Clock(AT), secure_cookies=False))
    sign_in(client, username, PASSWORD)
    return client


def start(client: TestClient, org: int, values: dict[str, str]) -> int:
    form = client.get("/filings/new", params={"procedure": "association_registration", "org": org, "lang": "en"})
    assert form.status_code == 200, form.text[:300]
    assert "Registration path" in form.text and "Category of the organisation" in form.text
    data = {"csrf_token": hidden(form.text, "csrf_token"), "key": hidden(form.text, "key"),
            "procedure": "association_registration", "org": str(org),
            **{k: v.split(",") if k == "documents" else v for k, v in values.items()}}  # fmt: skip
    r = client.post("/filings?lang=en", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text[:800]
    m = re.fullmatch(r"/filings/(\d+)\?started=1", r.headers["location"])
    assert m
    return int(m[1])


def fire(client: TestClient, fid: int, transition: str, **values: str) -> int:
    page = client.get(f"/filings/{fid}?lang=en").text
    # a page that offers no step has no form; a step forced anyway names the filing's first version
    version = hidden(page, "version") if 'name="version"' in page else "1"
    data = {"csrf_token": hidden(page, "csrf_token"), "version": version, "transition": transition, **values}
    return client.post(f"/filings/{fid}/fire?lang=en", data=data, follow_redirects=False).status_code


def test_founders_apply_and_the_registrar_registers_on_the_pages(sichuan: dict[str, Any]) -> None:  # noqa: F811
    url, registrar = sichuan["url"], sichuan["registrar"]
    coffee, temple = preparing(url, "四川省咖啡协会"), preparing(url, "四川省某宗教研究会")
    founders = signed_in(url, "coffee.founder", "social_org_staff", org=coffee)
    fid = start(founders, coffee, application(registrar, path="direct", name="四川省咖啡协会"))
    assert fire(founders, fid, "apply") == 303
    officer = signed_in(url, "sc.registrar", "civil_affairs_officer", authority=registrar)
    assert fire(officer, fid, "register", certificate_no="川社证字第002号", announcement="四川省民政厅网站") == 303
    with transaction(url, write=False) as s:
        assert registry.show(s, coffee)["status"] == "registered"
    # a religious association asking to register directly: the button is disabled, with its article
    believers = signed_in(url, "temple.founder", "social_org_staff", org=temple)
    other = start(believers, temple, application(registrar, path="direct", category="religious"))
    page = believers.get(f"/filings/{other}?lang=en").text
    why = re.search(r'aria-describedby="why-apply">Apply to the registrar</button>\s*<ul class="refusals" '
                    r'id="why-apply">(.*?)</ul>', page, re.S)  # fmt: skip
    assert why and "may not register directly" in why[1] and "Social Association Regulations art. 9(1)" in why[1]
    assert fire(believers, other, "apply") == 409
    zh = believers.get(f"/filings/{other}?lang=zh").text
    assert "社会团体成立登记" in zh and "不能直接登记" in zh
    # the founders of one association cannot act on the other's filing
    assert founders.get(f"/filings/{other}").status_code == 403
    assert date.fromisoformat("2026-11-22") == AT.date()  # the day every act above is done on
