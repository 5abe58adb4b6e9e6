"""Procedures and filings over HTTP behave as on the command line: the same refusals with their
citations, the optimistic lock through ETag / If-Match, one error shape."""

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from ngoreg.db.engine import transaction
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW
from tests.filings.test_filings import VALUES
from tests.web.accounts import app_at, client_as, token


def client_with_ngo(url: str) -> tuple[TestClient, int]:
    """The staff of a Chinese partner unit (a Beijing university) and the foreign NGO it works with."""
    with transaction(url) as s:
        org = add_organisation(s, org_record(kind="foreign_ngo", name_en="Teachers Abroad", origin="GB"),
                               actor=ACTOR, now=NOW)  # fmt: skip
        partner = add_organisation(s, org_record(kind="public_institution", name_en="Beijing Normal College",
                                                 province="110000"), actor=ACTOR, now=NOW)  # fmt: skip
    return client_as(url, token(url, "zhao.lei", "partner_unit_staff", org=partner)), org


def test_a_temporary_activity_through_the_api(url: str) -> None:
    client, org = client_with_ngo(url)
    assert "fngo_temporary_activity" in [p["code"] for p in client.get("/api/v1/procedures").json()]
    shown = client.get("/api/v1/procedures/fngo_temporary_activity").json()
    assert "FNGO Law art. 17(1)" in [g["basis"] for t in shown["transitions"] for g in t["guards"]]

    started = client.post("/api/v1/filings", json={"procedure": "fngo_temporary_activity", "org_id": org,
                                                   "values": VALUES, "on": "2017-02-20", "role": "partner_unit"})
    assert started.status_code == 201, started.text
    fid, etag = started.json()["id"], started.headers["ETag"]
    assert started.headers["Location"] == f"/api/v1/filings/{fid}"
    partner = org + 1
    assert started.json()["data"]["partner_org_id"] == partner  # the partner unit, recorded from the account
    assert started.json()["history"][0]["actor"] == "user:zhao.lei"

    # filed 7 days before the start on 2017-03-17: art. 17(1) refuses, nothing changes
    options = client.get(f"/api/v1/filings/{fid}/options", params={"as": "partner_unit", "on": "2017-03-10"}).json()
    file_option = next(o for o in options if o["transition"] == "file")
    assert not file_option["allowed"]
    assert [r["basis"] for r in file_option["refusals"]] == ["FNGO Law art. 17(1)"]
    refused = client.post(f"/api/v1/filings/{fid}/fire", headers={"If-Match": etag},
                          json={"transition": "file", "on": "2017-03-10", "role": "partner_unit"})
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "refused" and error["basis"] == ["FNGO Law art. 17(1)"]
    assert "15 days" in error["refusals"][0]["message"]

    filed = client.post(f"/api/v1/filings/{fid}/fire", headers={"If-Match": etag},
                        json={"transition": "file", "on": "2017-03-01", "role": "partner_unit"})
    assert filed.status_code == 200 and filed.json()["state"] == "filed"
    assert filed.headers["ETag"] != etag
    # a write based on the old version is a conflict, not a silent overwrite
    # the partner unit may not order its own activity stopped: a permission refusal, before the law's
    refused_role = client.post(f"/api/v1/filings/{fid}/fire", headers={"If-Match": etag},
                               json={"transition": "order_stop", "on": "2017-04-01", "role": "registrar",
                                     "values": {"stop_reason": "outside the filed region"}})  # fmt: skip
    assert refused_role.status_code == 403 and refused_role.json()["error"]["code"] == "forbidden"
    # the registrar of the partner unit's province reaches the filing (art. 17(1)); a write based on the old
    # version is a conflict, not a silent overwrite
    registrar = client_as(url, token(url, "li.ming", "registrar_officer", province="110000"))
    stale = registrar.post(f"/api/v1/filings/{fid}/fire", headers={"If-Match": etag},
                           json={"transition": "order_stop", "on": "2017-04-01",
                                 "values": {"stop_reason": "outside the filed region"}})  # fmt: skip
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert client.get(f"/api/v1/filings/{fid}").json()["state"] == "filed"


def test_bad_requests_get_one_error_shape(url: str) -> None:
    client, org = client_with_ngo(url)
    unknown_field = client.post("/api/v1/filings", json={"procedure": "fngo_temporary_activity", "org_id": org,
                                                         "role": "partner_unit", "colour": "red"})
    assert unknown_field.status_code == 422
    assert unknown_field.json()["error"]["message"].startswith("colour:")
    bad_date = client.post("/api/v1/filings", json={"procedure": "fngo_temporary_activity", "org_id": org,
                                                    "role": "partner_unit", "on": "someday"})
    assert bad_date.status_code == 422 and bad_date.json()["error"]["message"].startswith("on: 'someday'")
    assert client.get("/api/v1/filings/999").status_code == 404
    assert client.get("/api/v1/procedures/no_such_thing").status_code == 422


def test_a_filing_without_a_day_is_dated_on_the_day_in_china(url: str) -> None:
    """After 16:00 UTC it is the next day in Beijing Time, the day the law's periods count (periods.day_of)."""
    client, org = client_with_ngo(url)
    for at, day in ((datetime(2026, 11, 22, 15, 59, tzinfo=UTC), "2026-11-22"),
                    (datetime(2026, 11, 22, 16, 0, tzinfo=UTC), "2026-11-23")):  # fmt: skip
        late = TestClient(app_at(url, at), headers=dict(client.headers))
        started = late.post("/api/v1/filings", json={"procedure": "fngo_temporary_activity", "org_id": org,
                                                     "values": VALUES, "role": "partner_unit"})  # fmt: skip
        assert started.status_code == 201, started.text
        assert started.json()["history"][0]["on"] == day
