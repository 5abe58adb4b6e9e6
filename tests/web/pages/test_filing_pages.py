"""The filing pages through the TestClient, on both engines: the start form refuses a bad value naming the
field and keeps what was typed; a form without the session's CSRF token writes nothing; a start form or a
step sent twice acts once; a step the law refuses now is a disabled button with its sentence and article;
who may not see a filing gets a 403 (signed in) or the sign-in page (the public)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ngoreg.db.engine import transaction
from ngoreg.filings.models import Filing
from ngoreg.web.app import create_app
from tests.web.accounts import AT, user
from tests.web.pages.browsing import Clock, hidden, sign_in
from tests.web.seed import seed

TODAY = AT.date()  # 2026-11-22: the day every act of these tests is done on
DOCUMENTS = ["proof_of_establishment", "written_agreement", "activity_particulars", "funding_and_account",
             "partner_approval"]  # fmt: skip


@dataclass(frozen=True)
class Site:
    url: str
    ngo: int  # a foreign NGO without an office (Teachers Abroad)
    partner: int  # a Beijing social association, its partner unit


@pytest.fixture
def site(url: str) -> Site:
    seeded = seed(url)
    user(url, "partner.staff", "partner_unit_staff", org=seeded.orgs[0], password="a long enough passphrase 7")
    user(url, "other.partner", "partner_unit_staff", org=seeded.orgs[1], password="a long enough passphrase 7")
    return Site(url, seeded.ngo, seeded.orgs[0])


def signed_in(site: Site, username: str = "partner.staff") -> TestClient:
    client = TestClient(create_app(site.url, clock=Clock(AT), secure_cookies=False))
    sign_in(client, username)
    return client


def activity(start: date, **extra: object) -> dict[str, object]:
    return {"activity_name": "Rural teacher training", "partner_name": "北京市青少年发展协会",
            "partner_kind": "social_organisation", "region": "Beijing", "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=30)).isoformat(), "documents": DOCUMENTS, **extra}  # fmt: skip


def start_form(client: TestClient, site: Site, lang: str = "en") -> str:
    r = client.get("/filings/new", params={"procedure": "fngo_temporary_activity", "org": site.ngo, "lang": lang})
    assert r.status_code == 200, r.text[:300]
    return r.text


def post_start(client: TestClient, site: Site, form: str, values: dict[str, object], **kw: object) -> object:
    data = {"csrf_token": hidden(form, "csrf_token"), "key": hidden(form, "key"),
            "procedure": "fngo_temporary_activity", "org": str(site.ngo), **values}  # fmt: skip
    return client.post("/filings?lang=en", data=data, follow_redirects=False, **kw)  # type: ignore[arg-type]


def count(url: str) -> int:
    with transaction(url, write=False) as s:
        return int(s.scalar(select(func.count()).select_from(Filing)) or 0)


def started(client: TestClient, site: Site, start: date) -> int:
    r = post_start(client, site, start_form(client, site), activity(start))
    assert r.status_code == 303, r.text[:500]  # type: ignore[attr-defined]
    m = re.fullmatch(r"/filings/(\d+)\?started=1", r.headers["location"])  # type: ignore[attr-defined]
    assert m
    return int(m[1])


def test_the_start_form_names_the_field_and_keeps_what_was_typed(site: Site) -> None:
    client = signed_in(site)
    form = start_form(client, site)
    assert '<label for="activity_name">Name of the temporary activity' in form
    assert 'href="/law/fngo#art-17"' in form  # each field with the article that asks for it
    assert 'name="partner_org_id"' not in form  # recorded from the account, never typed
    before = count(site.url)
    bad = post_start(client, site, form, activity(TODAY + timedelta(days=30), start_date="2026-02-30"))
    assert bad.status_code == 422  # type: ignore[attr-defined]
    text = bad.text  # type: ignore[attr-defined]
    assert "First day of the activity (start_date): &#39;2026-02-30&#39;" in text
    assert 'value="Rural teacher training"' in text and 'value="2026-02-30"' in text
    assert 'aria-invalid="true" aria-describedby="start_date-error"' in text
    assert re.search(r'value="written_agreement" checked', text)  # the boxes ticked stay ticked
    assert count(site.url) == before
    zh = start_form(client, site, "zh")
    assert "临时活动名称" in zh and "开始办理" in zh


def test_a_form_without_the_csrf_token_writes_nothing(site: Site) -> None:
    client = signed_in(site)
    form = start_form(client, site)
    before = count(site.url)
    r = post_start(client, site, form.replace(hidden(form, "csrf_token"), "forged"), activity(TODAY))
    r2 = client.post("/filings", data={"key": "k", "procedure": "fngo_temporary_activity", "org": str(site.ngo)})
    assert r.status_code == 403 and r2.status_code == 403  # type: ignore[attr-defined]
    assert count(site.url) == before
    fid = started(client, site, TODAY + timedelta(days=30))
    page = client.get(f"/filings/{fid}").text
    fire = client.post(f"/filings/{fid}/fire", data={"version": hidden(page, "version"), "transition": "file"})
    assert fire.status_code == 403
    assert "activity.filed" not in client.get(f"/filings/{fid}?lang=en").text


def test_a_start_form_sent_twice_starts_one_filing(site: Site) -> None:
    client = signed_in(site)
    form = start_form(client, site)
    before = count(site.url)
    first = post_start(client, site, form, activity(TODAY + timedelta(days=30)))
    again = post_start(client, site, form, activity(TODAY + timedelta(days=30)))
    assert first.status_code == again.status_code == 303  # type: ignore[attr-defined]
    fid = first.headers["location"].split("?")[0]  # type: ignore[attr-defined]
    assert again.headers["location"] == fid + "?already=1"  # type: ignore[attr-defined]
    assert count(site.url) == before + 1
    assert "nothing was started again" in client.get(again.headers["location"]).text  # type: ignore[attr-defined]
    # a form loaded anew starts another
    assert post_start(client, site, start_form(client, site), activity(TODAY)).status_code == 303  # type: ignore
    assert count(site.url) == before + 2


def test_a_step_sent_twice_fires_once(site: Site) -> None:
    client = signed_in(site)
    fid = started(client, site, TODAY + timedelta(days=20))
    page = client.get(f"/filings/{fid}?lang=en").text
    assert '<button type="submit" id="do-file">File with the registrar</button>' in page
    data = {"csrf_token": hidden(page, "csrf_token"), "version": hidden(page, "version"), "transition": "file",
            "role": "partner_unit"}  # fmt: skip
    first = client.post(f"/filings/{fid}/fire", data=data, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == f"/filings/{fid}?done=file"
    second = client.post(f"/filings/{fid}/fire?lang=en", data=data, follow_redirects=False)
    assert second.status_code == 409 and "Nothing was done: this filing changed" in second.text
    shown = client.get(f"/filings/{fid}?lang=en").text
    assert shown.count("activity filed") == 1
    assert "Closing report to the registrar" in shown  # the deadline the step opened, with its last day
    assert re.search(r'<time datetime="2027-02-\d\d">', shown) and "FNGO Law art. 30(2)" in shown


def test_a_refused_step_is_a_disabled_button_with_its_article(site: Site) -> None:
    client = signed_in(site)
    fid = started(client, site, TODAY + timedelta(days=10))
    page = client.get(f"/filings/{fid}?lang=en").text
    button = re.search(r'<button type="button" disabled aria-disabled="true" aria-describedby="why-file">'
                       r'File with the registrar</button>\s*<ul class="refusals" id="why-file">(.*?)</ul>', page,
                       re.S)
    assert button, page[page.find("What you may do"):][:1500]
    why = button[1]
    assert "at least 15 days before the activity starts on 2026-12-02" in why
    assert '<a class="cite" href="/law/fngo#art-17">FNGO Law art. 17(1)</a>' in why
    # forcing it anyway is refused by the law, with the same sentence, and nothing changes
    data = {"csrf_token": hidden(page, "csrf_token"), "version": "1", "transition": "file"}
    forced = client.post(f"/filings/{fid}/fire?lang=en", data=data, follow_redirects=False)
    assert forced.status_code == 409 and "at least 15 days before" in forced.text
    zh = client.get(f"/filings/{fid}?lang=zh").text
    assert "向登记管理机关备案" in zh and "草拟" in zh


def finished(site: Site, fid: int) -> None:
    """The activity filed and over: its closing report is due (art. 30(2))."""
    with transaction(site.url) as s:
        f = s.get(Filing, fid)
        assert f is not None
        f.data = {**f.data, "start_date": "2026-10-01", "end_date": "2026-10-31"}
        f.state = "filed"


def test_a_step_that_needs_data_asks_for_it_and_keeps_it(site: Site) -> None:
    client = signed_in(site)
    fid = started(client, site, TODAY + timedelta(days=20))
    finished(site, fid)
    page = client.get(f"/filings/{fid}?lang=en").text
    assert 'id="report_closing-report"' in page and 'name="report"' in page
    data = {"csrf_token": hidden(page, "csrf_token"), "version": hidden(page, "version"),
            "transition": "report_closing", "report": "   "}  # fmt: skip
    empty = client.post(f"/filings/{fid}/fire?lang=en", data=data, follow_redirects=False)
    assert empty.status_code == 409 and "Closing report on the activity and its funds must be given" in empty.text
    data["report"] = "Forty teachers trained; funds spent as planned."
    done = client.post(f"/filings/{fid}/fire", data=data, follow_redirects=False)
    assert done.status_code == 303
    assert "Forty teachers trained" in client.get(f"/filings/{fid}").text


def test_who_may_not_see_a_filing(site: Site) -> None:
    client = signed_in(site)
    fid = started(client, site, TODAY + timedelta(days=20))
    other = signed_in(site, "other.partner")
    assert other.get(f"/filings/{fid}?lang=en").status_code == 403
    assert other.get("/filings/999999").status_code == 404
    assert other.get("/filings/abc?lang=en").status_code == 422
    public = TestClient(create_app(site.url, clock=Clock(AT), secure_cookies=False))
    for path in (f"/filings/{fid}", "/filings/999999"):  # the same answer whether it exists or not
        r = public.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=" + path
    org = client.get(f"/organisations/{site.ngo}?lang=en").text
    assert f'href="/filings/{fid}"' in org and "Start: Temporary activity filing" in org
    assert f'href="/filings/{fid}"' not in other.get(f"/organisations/{site.ngo}?lang=en").text


def test_a_drafted_office_registration_shows_its_steps_to_the_ngo(url: str) -> None:
    """Out of its source state a step's guards are not asked (the application's 30 days count from a consent
    not yet given): the page of a drafted registration renders, without the application's button."""
    seeded = seed(url)
    user(url, "ngo.staff", "foreign_ngo_staff", org=seeded.ngo, password="a long enough passphrase 7")
    client = TestClient(create_app(url, clock=Clock(AT), secure_cookies=False))
    sign_in(client, "ngo.staff")
    form = client.get("/filings/new", params={"procedure": "fngo_office_registration", "org": seeded.ngo}).text
    r = client.post("/filings", data={"csrf_token": hidden(form, "csrf_token"), "key": hidden(form, "key"),
                                      "procedure": "fngo_office_registration", "org": str(seeded.ngo)})  # fmt: skip
    assert r.status_code == 200
    page = client.get(str(r.url) + "&lang=en").text
    assert "Nothing for you to do on this filing now." in page and "drafted" in page
    assert client.get(f"/api/v1/filings/{r.url.path.split('/')[-1]}/options").status_code == 200


def test_a_refusal_is_said_in_the_language_of_the_page(site: Site) -> None:
    """The law's sentence in Chinese on a Chinese page, with the start date filled in; in English on an
    English page, as the API says it; the same when the step is forced and refused (409)."""
    client = signed_in(site)
    fid = started(client, site, TODAY + timedelta(days=10))
    zh = client.get(f"/filings/{fid}?lang=zh").text
    why = re.search(r'<ul class="refusals" id="why-file">(.*?)</ul>', zh, re.S)
    assert why, zh[zh.find("refusals"):][:1500]
    assert "中方合作单位应当在开展临时活动十五日前备案，该活动于2026-12-02开始" in why[1]
    cited = "《中华人民共和国境外非政府组织境内活动管理法》第十七条第一款"  # the article cited in Chinese
    assert f'<a class="cite" href="/law/fngo#art-17">{cited}</a>' in why[1]
    assert "at least 15 days" not in zh and "FNGO Law" not in zh
    en = client.get(f"/filings/{fid}?lang=en").text
    assert "The partner unit must file at least 15 days before the activity starts on 2026-12-02" in en
    assert "十五日前" not in en
    data = {"csrf_token": hidden(zh, "csrf_token"), "version": "1", "transition": "file", "role": "partner_unit"}
    forced = client.post(f"/filings/{fid}/fire?lang=zh", data=data, follow_redirects=False)
    assert forced.status_code == 409
    assert '<ul class="refusals" aria-label="不予办理的理由">' in forced.text
    assert forced.text.count("该活动于2026-12-02开始") == 2  # the refusal of the post, and the disabled button
    # the API keeps its English sentence and its shape
    api = client.get(f"/api/v1/filings/{fid}/options", params={"as": "partner_unit"}).json()
    said = [r for o in api if o["transition"] == "file" for r in o["refusals"]]
    assert said == [{"rule": "filed_15_days_before_start", "basis": "FNGO Law art. 17(1)",
                     "message": "The partner unit must file at least 15 days before the activity starts on "
                                "2026-12-02, unless it is disaster relief or rescue."}]  # fmt: skip


def test_a_missing_field_and_a_permission_refusal_in_chinese(site: Site) -> None:
    client = signed_in(site)
    fid = started(client, site, TODAY + timedelta(days=20))
    other = signed_in(site, "other.partner")
    # a draft is not published: another partner unit is told, in Chinese, which grant it lacks
    theirs = other.get(f"/filings/{fid}?lang=zh")
    assert theirs.status_code == 403
    assert f"other.partner的角色均无权查看办理事项{fid}，且该事项未向社会公开" in theirs.text
    assert "no role of" not in theirs.text
    assert f"no role of other.partner reaches filing {fid}" in other.get(f"/filings/{fid}?lang=en").text
    finished(site, fid)
    page = client.get(f"/filings/{fid}?lang=zh").text
    data = {"csrf_token": hidden(page, "csrf_token"), "version": hidden(page, "version"),
            "transition": "report_closing", "role": "partner_unit", "report": " "}  # fmt: skip
    empty = client.post(f"/filings/{fid}/fire?lang=zh", data=data, follow_redirects=False)
    assert empty.status_code == 409 and "须填写活动情况及资金使用情况的书面报告（report）" in empty.text
