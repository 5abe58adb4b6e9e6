"""The "My work" page and `GET /api/v1/work`, on both engines, at a pinned day (2026-12-01): each role sees
the steps that are its own and nobody else's, by the day they are due, with the days left (of the 60 of
FNGO Law art. 12(3)) and what is overdue; the public is sent to sign in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ngoreg.db.engine import transaction
from ngoreg.filings import service
from ngoreg.regimes.fngo import annual_report as fngo_annual_report
from ngoreg.registry import service as registry
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW
from tests.filings.test_fngo_office_and_sanctions import APPLICATION, ELIGIBILITY
from tests.web.accounts import app_at, bearer, token

TODAY = date(2026, 12, 1)
AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # after NOW, when the accounts are made
BEIJING, SHANGHAI = "110000", "310000"
D = date


@dataclass(frozen=True)
class Office:
    url: str
    psu1: int
    psu2: int
    ngo_a: int
    ngo_b: int
    office_a: int
    partner_p: int
    partner_q: int
    consent_a: int  # drafted registration naming psu1 and the Beijing registrar
    consent_b: int  # drafted registration naming psu2 and the Shanghai registrar
    accepted_a: int  # accepted in Beijing on 2026-11-05: decision due 2027-01-04
    accepted_b: int  # accepted in Shanghai on 2026-09-01: decision was due 2026-11-02
    report_a: int  # office_a's report on 2025, with psu1 since January: due at the registrar 2026-03-31
    draft_p: int  # activity with partner_p starting 2026-12-20: to be filed by 2026-12-05
    urgent_p: int  # emergency activity with partner_p: no lead time
    filed_p: int  # activity with partner_p that ended 2026-11-10: report due 2026-12-10
    draft_q: int  # activity with partner_q


def _fire(s: Any, fid: int, transition: str, role: str, on: date, **values: str) -> None:
    service.fire(s, fid, transition, role=role, on=on, values=values, actor=ACTOR, now=NOW)


@pytest.fixture
def office(url: str) -> Office:
    with transaction(url) as s:
        def org(kind: str, name: str, **kw: Any) -> int:
            return registry.add_organisation(s, org_record(kind=kind, name_en=name, **kw), actor=ACTOR, now=NOW)

        def start(code: str, org_id: int, on: date, **values: str) -> int:
            return service.start(s, code, org_id=org_id, values=values, on=on, actor=ACTOR, now=NOW).id

        def psu(name: str, province: str) -> int:
            return registry.add_authority(s, kind="supervisory_unit", level="provincial", name_zh=None, name_en=name,
                                          province=province, actor=ACTOR, now=NOW)  # fmt: skip

        psu1, psu2 = psu("Beijing Education Commission", BEIJING), psu("Shanghai Health Commission", SHANGHAI)
        ngo_a, ngo_b, ngo_c = (org("foreign_ngo", n, origin="GB") for n in ("Alpha Trust", "Beta Fund", "Gamma Aid"))
        office_a = org("representative_office", "Alpha Trust Beijing Office", province=BEIJING, parent_id=ngo_a,
                       registered_on="2019-06-01")  # fmt: skip
        registry.relate(s, "sponsored_by", subject=("org", office_a), obj=("authority", psu1),
                        valid_from=D(2019, 6, 1), actor=ACTOR, now=NOW)  # fmt: skip
        partner_p = org("public_institution", "Beijing Normal College", province=BEIJING)
        partner_q = org("state_organ", "Shanghai Youth Bureau", province=SHANGHAI)

        def registration(ngo: int, psu_id: int, province: str) -> int:
            return start("fngo_office_registration", ngo, D(2026, 1, 5), psu_authority_id=str(psu_id),
                         registrar_province=province, **ELIGIBILITY)  # fmt: skip

        consent_a, consent_b = registration(ngo_a, psu1, BEIJING), registration(ngo_b, psu2, SHANGHAI)
        accepted = []
        for ngo, psu_id, province, consented, accept in ((ngo_a, psu1, BEIJING, D(2026, 10, 20), D(2026, 11, 5)),
                                                         (ngo_b, psu2, SHANGHAI, D(2026, 8, 10), D(2026, 9, 1))):
            fid = registration(ngo, psu_id, province)
            _fire(s, fid, "consent", "psu", consented, consented_on=consented.isoformat())
            _fire(s, fid, "apply", "foreign_ngo", consented, **APPLICATION)
            _fire(s, fid, "accept", "registrar", accept)
            accepted.append(fid)
        report_a = start("fngo_annual_report", office_a, D(2026, 1, 10), year="2025")
        _fire(s, report_a, "submit_to_psu", "foreign_ngo", D(2026, 1, 20), auditor="Huaxin CPA", audited_in_china="yes",
              contents=",".join(fngo_annual_report.CONTENTS))  # fmt: skip

        def activity(ngo: int, partner: int, begins: date, ends: date, **extra: str) -> int:
            return start("fngo_temporary_activity", ngo, D(2026, 9, 1), activity_name="Teacher training",
                         partner_name="A partner", partner_kind="public_institution", region="Beijing",
                         partner_org_id=str(partner), start_date=begins.isoformat(), end_date=ends.isoformat(),
                         documents="proof_of_establishment,written_agreement,activity_particulars,"
                                   "funding_and_account,partner_approval", **extra)  # fmt: skip

        draft_p = activity(ngo_c, partner_p, D(2026, 12, 20), D(2026, 12, 30))
        urgent_p = activity(ngo_c, partner_p, D(2026, 12, 3), D(2026, 12, 9), emergency="yes")
        filed_p = activity(ngo_c, partner_p, D(2026, 10, 20), D(2026, 11, 10))
        _fire(s, filed_p, "file", "partner_unit", D(2026, 10, 1))
        draft_q = activity(ngo_b, partner_q, D(2026, 12, 2), D(2026, 12, 5))
    return Office(url, psu1, psu2, ngo_a, ngo_b, office_a, partner_p, partner_q, consent_a, consent_b, *accepted,
                  report_a, draft_p, urgent_p, filed_p, draft_q)  # fmt: skip


def _client(url: str, name: str, role: str, **scope: Any) -> TestClient:
    return TestClient(app_at(url, AT), headers=bearer(token(url, name, role, **scope)))


def _work(c: TestClient) -> list[dict[str, Any]]:
    r = c.get("/api/v1/work")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["on"] == TODAY.isoformat()
    return body["queues"]  # type: ignore[no-any-return]


def _items(c: TestClient) -> list[tuple[str, int | None, str | None, int | None]]:
    [queue] = _work(c)
    return [(i["key"], i["filing_id"], i["due_on"], i["days_left"]) for i in queue["items"]]


def test_a_supervisory_unit_sees_its_own_consents_and_opinions(office: Office) -> None:
    url = office.url
    psu1 = _items(_client(url, "psu.one", "psu_officer", authority=office.psu1))
    # The opinion is dated (the office sends it on by 31 March, art. 31(1)): first, and overdue; the consent
    # has no period in the law (art. 11(1)): last. Unit B's consent is not unit A's work.
    assert psu1 == [("psu.report_opinion", office.report_a, "2026-03-31", -245),
                    ("psu.consent_registration", office.consent_a, None, None)]  # fmt: skip
    psu2 = _items(_client(url, "psu.two", "psu_officer", authority=office.psu2))
    assert psu2 == [("psu.consent_registration", office.consent_b, None, None)]


def test_a_registrar_sees_the_days_left_of_the_sixty_in_its_province(office: Office) -> None:
    url = office.url
    beijing = _work(_client(url, "reg.bj", "registrar_officer", province=BEIJING))
    [item] = beijing[0]["items"]
    assert (item["key"], item["filing_id"], item["due_on"], item["days_left"], item["period_days"]) == (
        "registrar.decide_registration", office.accepted_a, "2027-01-04", 34, 60)
    assert item["basis"] == "FNGO Law art. 12(3)" and not item["overdue"]
    shanghai = _items(_client(url, "reg.sh", "registrar_officer", province=SHANGHAI))
    assert shanghai == [("registrar.decide_registration", office.accepted_b, "2026-11-02", -29)]
    # Nationally both, the overdue one first; then the annual report waiting for the PSU is not the
    # registrar's yet.
    national = _items(_client(url, "reg.cn", "registrar_officer", national=True))
    assert national == [("registrar.decide_registration", office.accepted_b, "2026-11-02", -29),
                        ("registrar.decide_registration", office.accepted_a, "2027-01-04", 34)]  # fmt: skip


def test_a_partner_unit_sees_its_activities_to_file_and_report(office: Office) -> None:
    url = office.url
    p = _items(_client(url, "partner.p", "partner_unit_staff", org=office.partner_p))
    assert p == [("partner.file_activity", office.draft_p, "2026-12-05", 4),  # 15 days before 20 December
                 ("partner.closing_report", office.filed_p, "2026-12-10", 9),  # 30 days after 10 November
                 ("partner.file_activity", office.urgent_p, None, None)]  # emergency: no lead time (art. 17(2))
    q = _items(_client(url, "partner.q", "partner_unit_staff", org=office.partner_q))
    assert q == [("partner.file_activity", office.draft_q, "2026-11-17", -14)]


def test_a_foreign_ngo_sees_its_own_and_its_offices_obligations(office: Office) -> None:
    url = office.url
    [queue] = _work(_client(url, "ngo.a", "foreign_ngo_staff", org=office.ngo_a))
    items = queue["items"]
    dues = [i["due_on"] for i in items]
    assert dues == sorted(dues) and items
    [report] = [i for i in items if i["filing_id"] == office.report_a]
    assert (report["what"], report["org_id"], report["due_on"], report["days_left"]) == (
        "Report with the opinion to the registrar", office.office_a, "2026-03-31", -245)
    assert report["overdue"] and report["basis"] == "FNGO Law art. 31(1)"
    # The office, registered in 2019, owes its yearly reports and plans since (art. 31(1), art. 19).
    assert any(i["filing_id"] is None and i["org_id"] == office.office_a and i["overdue"] for i in items)
    # The registrar's 60 days on its application are the registrar's to keep, not the NGO's.
    assert "decision" not in {i["what"] for i in items} and "Registrar's decision" not in {i["what"] for i in items}
    assert {i["org_id"] for i in items} <= {office.ngo_a, office.office_a}
    [other] = _work(_client(url, "ngo.b", "foreign_ngo_staff", org=office.ngo_b))
    assert {i["org_id"] for i in other["items"]} <= {office.ngo_b}
    assert office.report_a not in {i["filing_id"] for i in other["items"]}


def test_roles_without_steps_have_no_queue_and_the_public_must_sign_in(office: Office) -> None:
    url = office.url
    assert _work(_client(url, "researcher", "researcher")) == []
    assert _work(_client(url, "admin", "administrator")) == []
    public = TestClient(app_at(url, AT))
    r = public.get("/api/v1/work")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
    page = public.get("/work", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/work"
    assert 'href="/work"' not in public.get("/").text  # the menu shows it only to someone signed in
    bad = _client(url, "psu.limit", "psu_officer", authority=office.psu1).get("/api/v1/work", params={"limit": 0})
    assert bad.status_code == 422 and "limit" in bad.json()["error"]["message"]


def test_the_page_in_both_languages(office: Office) -> None:
    url = office.url
    c = _client(url, "reg.page", "registrar_officer", national=True)
    zh = c.get("/work", params={"lang": "zh"})
    assert zh.status_code == 200
    assert "我的待办" in zh.text and "剩余 34 天" in zh.text and "（共 60 天）" in zh.text and "已逾期 29 天" in zh.text
    assert "作出准予或者不予登记的决定" in zh.text and "登记管理机关（公安机关）工作人员" in zh.text
    assert f'href="/filings/{office.accepted_a}"' in zh.text
    assert f'href="/organisations/{office.ngo_a}"' in zh.text
    cited = "《中华人民共和国境外非政府组织境内活动管理法》第十二条第三款"  # the article cited in Chinese
    assert f'<a class="cite" href="/law/fngo#art-12">{cited}</a>' in zh.text
    assert '<a href="/work" aria-current="page">' in zh.text  # the menu's link, here the current page
    assert '<a href="/work">' in c.get("/law").text  # and on every other page for someone signed in
    en = c.get("/work", params={"lang": "en"}).text
    assert "My work" in en and "34 days left" in en and "(of 60)" in en and "Overdue by 29 days" in en
    rows = re.findall(r'href="/filings/(\d+)"', en)
    assert rows == [str(office.accepted_b), str(office.accepted_a)]  # by the day they are due
    assert 'class="overdue"' in en
    one = _client(url, "partner.page", "partner_unit_staff", org=office.partner_p).get("/work", params={"lang": "en"})
    assert "4 days left" in one.text and "No period set by law" in one.text and "(of 30)" in one.text
    nothing = _client(url, "researcher.page", "researcher").get("/work", params={"lang": "en"})
    assert nothing.status_code == 200 and "nothing waits for you" in nothing.text
