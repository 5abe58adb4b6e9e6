"""Procedures and filings over HTTP behave as on the command line: the same refusals with their
citations, the optimistic lock through ETag / If-Match, one error shape."""

from fastapi.testclient import TestClient

from ngoreg.db.engine import transaction
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from ngoreg.web.app import create_app
from tests.conftest import ACTOR, NOW
from tests.filings.test_filings import VALUES


def client_with_ngo(url: str) -> tuple[TestClient, int]:
    with transaction(url) as s:
        org = add_organisation(s, org_record(kind="foreign_ngo", name_en="Teachers Abroad", origin="GB"),
                               actor=ACTOR, now=NOW)  # fmt: skip
    return TestClient(create_app(url)), org


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
    stale = client.post(f"/api/v1/filings/{fid}/fire", headers={"If-Match": etag},
                        json={"transition": "order_stop", "on": "2017-04-01", "role": "registrar",
                              "values": {"stop_reason": "outside the filed region"}})
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
