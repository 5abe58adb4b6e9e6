"""Every endpoint of /api/v1 answers with its documented shape, pages with a stable cursor, filters in the
query, and refuses bad input with the one error shape — on both engines."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from ngoreg.web.http import MAX_BODY
from tests.web.accounts import admin, client_as, token
from tests.web.seed import Seeded, seed


@pytest.fixture
def api(url: str) -> tuple[TestClient, Seeded]:
    """The seeded registry, read by an administrator (who reaches everything)."""
    seeded = seed(url)
    return admin(url), seeded


def walk(client: TestClient, path: str, **params: object) -> list[dict[str, object]]:
    """Every item of a paged list, a page at a time."""
    items: list[dict[str, object]] = []
    query = dict(params)
    while True:
        r = client.get(path, params=query)
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        if r.json()["next"] is None:
            return items
        query["cursor"] = r.json()["next"]


def error(r: object, status: int) -> dict[str, object]:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    body = r.json()["error"]  # type: ignore[attr-defined]
    assert set(body) == {"code", "message", "refusals", "basis"}
    return body  # type: ignore[no-any-return]


def test_organisations_page_with_a_stable_cursor_and_filter_in_the_query(api: tuple[TestClient, Seeded]) -> None:
    client, seeded = api
    everyone = walk(client, "/api/v1/organisations", limit=2)
    assert [o["id"] for o in everyone] == seeded.orgs
    first = client.get("/api/v1/organisations", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next"]
    assert client.get("/api/v1/organisations", params={"limit": 2, "cursor": first["next"]}).json()["items"][0][
        "id"] == seeded.orgs[2]  # fmt: skip
    assert [o["name_en"] for o in walk(client, "/api/v1/organisations", origin="DE")] == ["Hilfe für Kinder"]
    assert [o["name_en"] for o in walk(client, "/api/v1/organisations", origin="Germany")] == ["Hilfe für Kinder"]
    assert {o["kind"] for o in walk(client, "/api/v1/organisations", kind="social_association")} == {
        "social_association"}
    assert [o["province"] for o in walk(client, "/api/v1/organisations", province="上海")] == ["310000"]
    assert len(walk(client, "/api/v1/organisations", status="active")) == 2  # the two foreign NGOs
    assert walk(client, "/api/v1/organisations", status="revoked") == []
    # as of a date: Sichuan's association (registered 2019) is not there yet; the origin filter works there too
    before = walk(client, "/api/v1/organisations", as_of="2018-01-01", limit=1)
    assert "四川省农村发展促进会" not in [o["name_zh"] for o in before] and len(before) == 3
    assert walk(client, "/api/v1/organisations", as_of="2030-01-01", origin="GB")[0]["name_en"] == "Teachers Abroad"


def test_one_organisation_now_and_as_of_a_date(api: tuple[TestClient, Seeded]) -> None:
    client, seeded = api
    org = client.get(f"/api/v1/organisations/{seeded.orgs[3]}").json()
    assert org["former_names"] == ["四川农村发展研究会"] and org["province_label"]["en"] == "Sichuan"
    assert org["history"] == [{"valid_from": "2019-03-15", "valid_to": None}] and org["version"] == 1
    assert org["as_of"] is None and org["relations"] == []
    assert client.get(f"/api/v1/organisations/{seeded.orgs[3]}", params={"as_of": "2020-01-01"}).json()["as_of"] == (
        "2020-01-01")
    assert error(client.get(f"/api/v1/organisations/{seeded.orgs[3]}", params={"as_of": "2018-01-01"}), 404)[
        "message"] == f"organisation {seeded.orgs[3]} was not in the registry on 2018-01-01"  # fmt: skip
    assert error(client.get("/api/v1/organisations/999"), 404)["code"] == "not_found"
    assert error(client.get("/api/v1/organisations/0"), 422)["message"].startswith("org_id:")
    assert error(client.get("/api/v1/organisations/abc"), 422)["message"].startswith("org_id:")


@pytest.mark.parametrize("query", ["'", '"', "%", "_", "' OR 1=1 --", '"中', "*", "NEAR(", "协会*", "a AND b",
                                   "abc\\", "x'); DROP TABLE organisations; --", "协会 OR 基金", "^", "{}", ":"])
def test_search_treats_any_text_as_text(api: tuple[TestClient, Seeded], query: str) -> None:
    client, _ = api
    r = client.get("/api/v1/organisations/search", params={"q": query})
    assert r.status_code == 200, r.text
    # nothing matches these strings literally, except the Chinese one that names real organisations
    names = [h["matched"] for h in r.json()["items"]]
    assert all(query.casefold() in n.casefold() for n in names)
    assert len(walk(client, "/api/v1/organisations")) == 6  # and nothing was dropped


def test_search_finds_by_any_name_and_refuses_empty(api: tuple[TestClient, Seeded]) -> None:
    client, seeded = api
    hits = client.get("/api/v1/organisations/search", params={"q": "农村发展研究"}).json()["items"]
    assert [h["id"] for h in hits] == [seeded.orgs[3]] and hits[0]["matched"] == "四川农村发展研究会"
    assert client.get("/api/v1/organisations/search", params={"q": "协会"}).json()["items"][0]["rank"] in (1, 2, 3)
    assert error(client.get("/api/v1/organisations/search", params={"q": " "}), 422)["message"].startswith("query:")
    assert error(client.get("/api/v1/organisations/search"), 422)["message"].startswith("q:")


def test_authorities_statistics_figures_and_law(api: tuple[TestClient, Seeded]) -> None:
    client, _ = api
    authorities = walk(client, "/api/v1/authorities", limit=7)
    assert len(authorities) > 30 and [a["id"] for a in authorities] == sorted(a["id"] for a in authorities)
    psb = walk(client, "/api/v1/authorities", kind="registrar_public_security", province="Beijing")
    assert psb and {a["province"] for a in psb} == {"110000"}
    one = client.get(f"/api/v1/authorities/{psb[0]['id']}").json()
    assert one == psb[0]
    assert error(client.get("/api/v1/authorities/99999"), 404)["code"] == "not_found"
    assert error(client.get("/api/v1/authorities", params={"kind": "police"}), 422)["message"].startswith("kind:")

    counts = client.get("/api/v1/statistics/organisations", params={"by": "kind"}).json()
    assert {"key": "foundation", "count": 1} in counts
    assert error(client.get("/api/v1/statistics/organisations", params={"by": "colour"}), 422)["message"].startswith(
        "by:")
    assert client.get("/api/v1/statistics/offices", params={"by": "province"}).json() == []
    assert error(client.get("/api/v1/statistics/cats", params={"by": "province"}), 422)["message"].startswith(
        "subject:")

    figures = walk(client, "/api/v1/figures", limit=10)
    assert len(figures) == len(client.get("/api/v1/figures", params={"limit": 1000}).json()["items"]) > 10
    assert len({f["key"] for f in figures}) == len(figures)

    acts = client.get("/api/v1/law").json()
    assert {"fngo", "civil_code"} <= {a["code"] for a in acts}
    fngo = client.get("/api/v1/law/fngo").json()
    assert fngo["articles"] == sum(len(c["articles"]) for c in fngo["chapters"]) > 50
    articles = walk(client, "/api/v1/law/fngo/articles", limit=20)
    assert [a["number"] for a in articles] == list(range(1, fngo["articles"] + 1))
    assert client.get("/api/v1/law/fngo/17").json()["citation"] == "FNGO Law art. 17"
    assert error(client.get("/api/v1/law/fngo/999"), 404)["message"].startswith("article:")
    assert error(client.get("/api/v1/law/nope"), 404)["code"] == "not_found"
    assert error(client.get("/api/v1/law/civil_code/1"), 404)["code"] == "not_found"  # cited, text not shipped


def test_filings_list_show_options_fire_and_the_optimistic_lock(api: tuple[TestClient, Seeded], url: str) -> None:
    reader, seeded = api
    client = client_as(url, token(url, "wang.fang", "registrar_officer", national=True))
    assert reader.get(f"/api/v1/filings/{seeded.filing}/options").status_code == 403  # fires nothing
    listed = walk(client, "/api/v1/filings", procedure="fngo_temporary_activity", org=seeded.ngo, state="filed")
    assert [f["id"] for f in listed] == [seeded.filing]
    assert walk(client, "/api/v1/filings", state="draft") == []
    assert error(client.get("/api/v1/filings", params={"procedure": "nope"}), 422)["message"].startswith("procedure:")
    shown = client.get(f"/api/v1/filings/{seeded.filing}")
    etag = shown.headers["ETag"]
    assert etag == f'"{shown.json()["version"]}"' and shown.json()["state"] == "filed"
    options = client.get(f"/api/v1/filings/{seeded.filing}/options", params={"as": "registrar", "on": "2017-04-01"})
    order_stop = next(o for o in options.json() if o["transition"] == "order_stop")
    assert order_stop["role"] == "registrar"
    assert order_stop["basis"] == "FNGO Law art. 17(4)" or order_stop["basis"].startswith("FNGO Law")

    body = {"transition": "order_stop", "on": "2017-04-01", "role": "registrar", "values": {"stop_reason": "x"}}
    for bad in ("3", "abc", '"x"', 'W/"', '""'):
        assert error(client.post(f"/api/v1/filings/{seeded.filing}/fire", json=body, headers={"If-Match": bad}),
                     422)["message"].startswith("If-Match:")  # fmt: skip
    assert client.get(f"/api/v1/filings/{seeded.filing}").json()["state"] == "filed"  # nothing written
    stale = client.post(f"/api/v1/filings/{seeded.filing}/fire", json=body, headers={"If-Match": '"1"'})
    assert error(stale, 409)["code"] == "conflict"
    fired = client.post(f"/api/v1/filings/{seeded.filing}/fire", json=body, headers={"If-Match": f"W/{etag}"})
    assert fired.status_code == 200 and fired.json()["state"] == "stopped" and fired.headers["ETag"] != etag
    events = walk(client, "/api/v1/audit/events", subject_type="filing", subject_id=seeded.filing)
    assert [e["action"] for e in events][-1] == fired.json()["history"][-1]["action"]
    assert (events[-1]["actor"], events[-1]["actor_name"]) == ("user:wang.fang", "Wang Fang")  # the account


def test_due_audit_log_and_chain(api: tuple[TestClient, Seeded]) -> None:
    client, seeded = api
    due = client.get("/api/v1/due", params={"as_of": "2017-07-01"}).json()["items"]
    assert [(d["filing_id"], d["obligation"]) for d in due if d["filing_id"]] == [(seeded.filing, "closing_report")]
    # The social organisations registered before owe their annual reports on 2012–2016, never filed.
    yearly = [d for d in due if d["filing_id"] is None]
    assert yearly and {d["obligation"] for d in yearly} <= {"report_to_psu", "report_to_registrar"}
    assert error(client.get("/api/v1/due"), 422)["message"].startswith("as_of:")

    events = walk(client, "/api/v1/audit/events", limit=13)
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["recorded_at"] in ("2026-11-22T09:00:00Z", "2026-11-22T09:00:00+00:00")
    registered = walk(client, "/api/v1/audit/events", action="organisation.registered")
    assert len(registered) == 4
    assert len(walk(client, "/api/v1/audit/events", action="organisation.registered", since="2012-01-09",
                    until="2016-08-01")) == 2  # fmt: skip
    assert client.get("/api/v1/audit/verify").json() == {
        "ok": True, "checked": len(events), "broken_at": None, "problem": None,
        "rows": {"organisations": len(seeded.orgs), "filings": 1}, "mismatched": 0, "mismatches": []}  # fmt: skip
    assert error(client.get("/api/v1/audit/events", params={"since": "yesterday"}), 422)["message"].startswith(
        "since:")


def test_imports_over_http_report_loaded_and_rejected_rows(api: tuple[TestClient, Seeded]) -> None:
    client, _ = api
    csv = ("kind,name_zh,province,registered_on\n"
           "foundation,浙江省教育基金会,Zhejiang,2015-01-01\n"
           "club,某某俱乐部,Zhejiang,2015-01-01\n").encode()  # fmt: skip
    r = client.post("/api/v1/imports/organisations", content=csv, headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["loaded"] == 1 and report["rejected"] == 1 and report["rejections"][0]["line"] == 3
    assert client.post("/api/v1/imports/organisations", content=csv).json()["skipped_existing"] == 1
    strict = client.post("/api/v1/imports/organisations", params={"strict": True},
                         content=csv.replace("浙江省教育".encode(), "江苏省教育".encode()))  # fmt: skip
    assert strict.json()["loaded_nothing_because_strict"] is True
    assert client.get("/api/v1/organisations/search", params={"q": "江苏省教育"}).json()["items"] == []
    assert error(client.post("/api/v1/imports/organisations", content=b"colour\nred\n"), 422)["message"].startswith(
        "header:")
    assert error(client.post("/api/v1/imports/organisations", content=b""), 422)["message"].startswith("body:")
    offices = client.post("/api/v1/imports/chinafile/offices", content=b"Name\nx\n")
    assert error(offices, 422)["message"].startswith("header:")
    assert error(client.post("/api/v1/imports/chinafile/cats", content=csv), 422)["message"].startswith("file:")


def test_bad_requests_get_the_error_shape_and_write_nothing(api: tuple[TestClient, Seeded]) -> None:
    client, seeded = api
    start = {"procedure": "fngo_temporary_activity", "org_id": seeded.ngo, "role": "partner_unit"}
    assert error(client.post("/api/v1/filings", content=b'{"procedure": ',
                             headers={"Content-Type": "application/json"}), 422)["message"].startswith("body:")
    assert error(client.post("/api/v1/filings", content=b"\xff\xfe{", headers={"Content-Type": "application/json"}),
                 422)["message"].startswith("body:")  # fmt: skip
    assert error(client.post("/api/v1/filings", json={**start, "colour": "red"}), 422)["message"] == (
        "colour: unknown field")
    assert error(client.post("/api/v1/filings", json={**start, "org_id": "seven"}), 422)["message"].startswith(
        "org_id:")
    assert error(client.post("/api/v1/filings", json={**start, "values": {"region": 5}}), 422)["message"].startswith(
        "values.region:")
    assert error(client.post("/api/v1/filings", json={**start, "role": "a\x00b"}), 422)["message"].startswith("role:")
    assert error(client.get("/api/v1/organisations/search", params={"q": "a\x00b"}), 422)["code"] == "invalid_input"
    huge = json.dumps({**start, "values": {"activity_name": "x" * MAX_BODY}})
    assert error(client.post("/api/v1/filings", content=huge, headers={"Content-Type": "application/json"}),
                 413)["code"] == "too_large"  # fmt: skip

    def chunks() -> object:
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"x" * 65536

    assert error(client.post("/api/v1/filings", content=chunks(), headers={"Content-Type": "application/json"}),
                 413)["code"] == "too_large"  # fmt: skip
    for bad in ("x", "", "NaN"):
        assert error(client.get("/api/v1/organisations", params={"limit": bad}), 422)["message"].startswith("limit:")
    assert error(client.get("/api/v1/organisations", params={"limit": 0}), 422)["message"].startswith("limit:")
    for cursor in ("garbage", "eyJ4IjoxfQ", "", "%%%"):
        if cursor:
            assert error(client.get("/api/v1/organisations", params={"cursor": cursor}), 422)["message"].startswith(
                "cursor:")
    other_list = client.get("/api/v1/authorities", params={"limit": 1}).json()["next"]
    assert error(client.get("/api/v1/organisations", params={"cursor": other_list}), 422)["message"].startswith(
        "cursor:")
    assert error(client.get("/api/v1/nowhere"), 404)["code"] == "not_found"
    not_allowed = client.delete("/api/v1/filings")
    assert error(not_allowed, 405)["code"] == "method_not_allowed"
    assert not_allowed.headers["Allow"] == "GET, POST"
    assert walk(client, "/api/v1/filings") == [walk(client, "/api/v1/filings")[0]]  # still the one filing
    assert client.get("/api/v1/audit/verify").json()["ok"]


def test_every_response_carries_the_security_headers(api: tuple[TestClient, Seeded]) -> None:
    client, _ = api
    for r in (client.get("/api/v1/organisations"), client.get("/api/v1/nowhere"), client.get("/api/v1/openapi.json"),
              client.post("/api/v1/filings", content=b"{")):  # fmt: skip
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Referrer-Policy"] == "no-referrer"
        assert r.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["Cache-Control"] == "no-store"
    page = client.get("/")
    assert page.status_code == 200 and "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def test_the_openapi_document_is_complete(api: tuple[TestClient, Seeded]) -> None:
    client, _ = api
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["components"]["schemas"]["ErrorResponse"]["properties"]["error"]
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            assert op.get("x-action"), f"{method} {path} declares no action"
            if "204" not in op["responses"]:
                ok = next(op["responses"][c] for c in ("200", "201") if c in op["responses"])
                schema = ok["content"]["application/json"]["schema"]
                assert schema != {} and schema.get("additionalProperties") is not True, f"{method} {path}"
            assert op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
                "/ErrorResponse"), f"{method} {path}"
            if "{" in path:
                assert "404" in op["responses"], f"{method} {path}"
    fire = doc["paths"]["/api/v1/filings/{filing_id}/fire"]["post"]
    assert {"409", "403", "413"} <= set(fire["responses"])
    assert doc["components"]["schemas"]["StartFiling"]["additionalProperties"] is False
