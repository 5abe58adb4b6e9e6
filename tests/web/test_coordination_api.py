"""`/api/v1/coordination/…` on both engines: the groups (public, paged, filtered in the query, as of a day), a group
with its sources, the provinces' dashboard (counts of what the caller may see), an office's and an activity's
groups (read as the registry's own rules allow), and bad input as a 4xx naming the parameter."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.coordination.conftest import BEIJING, CHONGQING, GANSU, Ground, ground  # noqa: F401 - the fixture
from tests.web.accounts import app_at, client_as, token

API = "/api/v1/coordination"


def test_groups_are_paged_by_cursor_national_first(url: str) -> None:
    client = TestClient(app_at(url))
    first = client.get(f"{API}/groups", params={"limit": 3, "as_of": "2017-01-01"}).json()
    assert [g["key"] for g in first["items"]] == ["national", "inner_mongolia", "anhui"]  # then by province code
    assert first["items"][0]["status"] == "coordinating" and first["items"][1]["status"] == "not_yet"
    rest = client.get(f"{API}/groups", params={"limit": 3, "as_of": "2017-01-01", "cursor": first["next"]}).json()
    last = client.get(f"{API}/groups", params={"limit": 3, "as_of": "2017-01-01", "cursor": rest["next"]}).json()
    keys = [g["key"] for page in (first, rest, last) for g in page["items"]]
    assert len(keys) == len(set(keys)) == 7 and last["next"] is None


def test_groups_are_filtered_in_the_query(url: str) -> None:
    client = TestClient(app_at(url))
    got = client.get(f"{API}/groups", params={"level": "provincial", "province": "甘肃省"}).json()["items"]
    assert [g["key"] for g in got] == ["gansu"]
    national = client.get(f"{API}/groups", params={"level": "national"}).json()["items"]
    assert [g["key"] for g in national] == ["national"]
    before = client.get(f"{API}/groups", params={"status": "coordinating", "as_of": "2017-04-22"}).json()["items"]
    assert [g["key"] for g in before] == ["national"]
    after = client.get(f"{API}/groups", params={"status": "coordinating", "as_of": "2017-04-23"}).json()["items"]
    assert len(after) == 7
    assert client.get(f"{API}/groups", params={"province": "Tibet"}).json()["items"] == []


def test_a_group_with_every_fact_and_its_source(url: str) -> None:
    client = TestClient(app_at(url))
    d = client.get(f"{API}/groups/national", params={"as_of": "2016-05-30"}).json()
    assert d["status"] == "not_yet" and d["coordinates_from"] == "2016-05-31"
    facts = {f["fact"]: f for f in d["facts"]}
    assert facts["other_members"]["value"] == 28 and facts["other_members"]["source"]["line"] == 21
    assert facts["lead_body"]["value"] == "Ministry of Public Security"
    assert facts["leading_in_title"]["value"] is False
    assert d["basis_source"] == {"kind": "law", "label": "FNGO Law art. 7(2)", "citation": "FNGO Law art. 7(2)",
                                 "citation_zh": "《中华人民共和国境外非政府组织境内活动管理法》第七条第二款",
                                 "file": None, "line": None, "quote": None}  # fmt: skip
    assert client.get(f"{API}/groups/620000").json()["key"] == "gansu"


def test_bad_input_is_a_4xx_naming_the_parameter(url: str) -> None:
    client = TestClient(app_at(url))
    cases = [
        (f"{API}/groups", {"as_of": "2017-02-30"}, 422, "as_of"),
        (f"{API}/groups", {"province": "Atlantis"}, 422, "province"),
        (f"{API}/groups", {"level": "county"}, 422, "level"),
        (f"{API}/groups", {"status": "asleep"}, 422, "status"),
        (f"{API}/groups", {"limit": 0}, 422, "limit"),
        (f"{API}/groups", {"cursor": "garbled"}, 422, "cursor"),
        (f"{API}/provinces", {"as_of": "yesterday"}, 422, "as_of"),
        (f"{API}/provinces", {"status": "sleeping"}, 422, "status"),
        (f"{API}/groups/Tibet", {}, 404, "group"),
        (f"{API}/groups/{'x' * 300}", {}, 404, "group"),
        (f"{API}/organisations/0", {}, 422, "org_id"),
        (f"{API}/filings/abc", {}, 422, "filing_id"),
    ]
    for path, params, status, name in cases:
        r = client.get(path, params=params)
        assert r.status_code == status, (path, params, r.text)
        assert r.json()["error"]["message"].startswith(name), (path, params, r.text)
    # a cursor of another list is not taken for this one
    other = client.get("/api/v1/law/fngo/articles", params={"limit": 1}).json()["next"]
    assert other
    assert client.get(f"{API}/groups", params={"cursor": other}).status_code == 422


def test_an_office_and_an_activity_resolve_for_whoever_may_read_them(ground: Ground) -> None:  # noqa: F811
    public = TestClient(app_at(ground.url))
    office = public.get(f"{API}/organisations/{ground.office_gansu}", params={"as_of": "2017-04-23"}).json()
    assert [g["key"] for g in office["groups"]] == ["national", "gansu"]
    assert office["subject"] == {"type": "organisation", "id": ground.office_gansu, "kind": "representative_office",
                                 "name": "Gamma Trust Gansu Office"}  # fmt: skip
    activity = public.get(f"{API}/filings/{ground.act_cq}", params={"as_of": "2018-01-01"}).json()
    assert [(e["province"], e["status"]) for e in activity["provinces"]] == [(CHONGQING, "coordinating")]
    # a drafted activity is nobody's business but its parties': 404 to the public, 403 to another account
    assert public.get(f"{API}/filings/{ground.act_draft}").status_code == 404
    other = client_as(ground.url, token(ground.url, "beijing.registrar", "registrar_officer", province=BEIJING))
    assert other.get(f"{API}/filings/{ground.act_draft}").status_code == 403
    gansu = client_as(ground.url, token(ground.url, "gansu.group", "coordinating_group_member", province=GANSU))
    assert gansu.get(f"{API}/filings/{ground.act_multi}").status_code == 200
    assert public.get(f"{API}/organisations/999999").status_code == 404


def test_the_dashboard_counts_what_the_caller_may_see(ground: Ground) -> None:  # noqa: F811
    public = TestClient(app_at(ground.url))
    got = public.get(f"{API}/provinces", params={"as_of": "2018-06-01", "limit": 100}).json()["items"]
    rows = {r["province"]: r for r in got}
    assert rows[GANSU]["offices"] == 1 and rows[GANSU]["group"] == "gansu" and rows[BEIJING]["offices"] == 1
    assert rows[CHONGQING]["activities"] == 1  # the drafted activity is never counted
    page = public.get(f"{API}/provinces", params={"as_of": "2018-06-01", "limit": 10})
    assert len(page.json()["items"]) == 10 and page.json()["next"]
    reported = public.get(f"{API}/provinces", params={"status": "coordinating", "as_of": "2018-06-01"}).json()
    assert sorted(r["group"] for r in reported["items"]) == ["anhui", "chongqing", "gansu", "guizhou",
                                                              "inner_mongolia", "ningxia"]  # fmt: skip
