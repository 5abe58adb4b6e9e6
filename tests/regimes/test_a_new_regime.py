"""A regime the generic modules have never seen (`tests.regimes.toy`, declared only under tests/) runs
through everything a regime gets: its procedures listed and started, a step fired, its yearly duty on the
compliance calendar of every organisation that owes it, its task in its role's work queue, its own role's
reach (its own organisation's filings, not another's), and its public field on the public filing page — with
no line outside its own files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from ngoreg import regimes
from ngoreg.db.engine import transaction
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW
from tests.regimes import toy
from tests.web.accounts import app_at, client_as, token

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def the_test_regime() -> Iterator[None]:
    with regimes.registered(toy.REGIME):
        yield


def association(url: str, name: str) -> int:
    with transaction(url) as s:
        return add_organisation(s, org_record(kind=toy.KIND, name_en=name, province="Beijing",
                                              registered_on="2010-05-04"), actor=ACTOR, now=NOW)  # fmt: skip


def test_a_regime_declared_only_in_the_tests_runs_end_to_end(url: str) -> None:
    ours, theirs = association(url, "Beijing Elders Association"), association(url, "Beijing Chess Association")
    app = app_at(url, AT)
    member = client_as(url, token(url, "wang.fang", toy.MEMBER.name, org=ours), app)
    other = client_as(url, token(url, "zhou.qi", toy.MEMBER.name, org=theirs), app)
    public = client_as(url, None, app)

    # listed and started, by the role the regime gives its own organisation's staff
    assert toy.REPORT in [p["code"] for p in public.get("/api/v1/procedures").json()]
    started = member.post("/api/v1/filings", json={"procedure": toy.REPORT, "org_id": ours, "on": "2026-12-01",
                                                   "values": {"year": "2026", "report": "Visits, talks, accounts",
                                                              "summary": "Forty visits to the elderly"}})  # fmt: skip
    assert started.status_code == 201, started.text
    fid, etag = started.json()["id"], started.headers["ETag"]
    # another association's staff neither starts for ours nor sees our draft; the public is told nothing
    refused = other.post("/api/v1/filings", json={"procedure": toy.NOTICE, "org_id": ours, "on": "2026-12-01",
                                                  "values": {"new_name": "Elders"}})  # fmt: skip
    assert refused.status_code == 403
    assert other.get(f"/api/v1/filings/{fid}").status_code == 403
    assert public.get(f"/api/v1/filings/{fid}").status_code == 404

    # the yearly duty (art. 28): ours by 31 May 2027 for 2026, with its filing; theirs without one
    due = member.get("/api/v1/due", params={"as_of": "2026-12-01"}).json()["items"]
    mine = [(o["org_id"], o["filing_id"], o["due_on"]) for o in due if o["obligation"] == "report_due"]
    assert (ours, fid, "2027-05-31") in mine and all(o == ours for o, _, _ in mine)
    theirs_due = other.get("/api/v1/due", params={"as_of": "2026-12-01"}).json()["items"]
    assert (theirs, None, "2027-05-31") in [(o["org_id"], o["filing_id"], o["due_on"]) for o in theirs_due
                                            if o["obligation"] == "report_due"]  # fmt: skip
    assert all("Social Association Regulations art. 28" in o["basis"] for o in due if o["obligation"] == "report_due")

    # the work queue: the declared task, due on the deadline it names
    items = [i for q in member.get("/api/v1/work").json()["queues"] for i in q["items"]]
    assert [(i["key"], i["filing_id"], i["due_on"]) for i in items] == [("toy.submit_report", fid, "2027-05-31")]
    assert [i["filing_id"] for q in other.get("/api/v1/work").json()["queues"] for i in q["items"]] == []

    # fired by its role; the other association may not
    assert other.post(f"/api/v1/filings/{fid}/fire", headers={"If-Match": etag},
                      json={"transition": "submit", "on": "2026-12-02"}).status_code == 403  # fmt: skip
    fired = member.post(f"/api/v1/filings/{fid}/fire", headers={"If-Match": etag},
                        json={"transition": "submit", "on": "2026-12-02"})  # fmt: skip
    assert fired.status_code == 200, fired.text
    assert fired.json()["state"] == "submitted"
    assert [i for q in member.get("/api/v1/work").json()["queues"] for i in q["items"]] == []

    # now public, and of it only the field the regime publishes
    seen = public.get(f"/api/v1/filings/{fid}")
    assert seen.status_code == 200 and seen.json()["data"] == {"summary": "Forty visits to the elderly"}
    page = public.get(f"/filings/{fid}", params={"lang": "en"})
    assert page.status_code == 200
    assert "Forty visits to the elderly" in page.text and "Visits, talks, accounts" not in page.text
    assert "Work report of a social association" in page.text

    # its dashboard: the group, the chart and its headline number, drawn by the generic pages
    board = public.get("/dashboards", params={"lang": "en"}).text
    assert "Social associations (a test regime)" in board and 'href="/dashboards/toy-reports-by-state"' in board
    chart = public.get("/dashboards/toy-reports-by-state", params={"lang": "en"})
    assert chart.status_code == 200 and "<svg" in chart.text
    assert re.search(r'<th scope="row">submitted</th><td class="num">1</td>', chart.text)
