"""The Party-building structure over HTTP, on both engines: the committees and the coverage are public, the
placements read by the committees and the registrar concerned only; lists paged with a cursor, as of a day."""

from __future__ import annotations

from typing import Any

import pytest

from tests.party.seed import SOURCE, seed_beijing
from tests.web.accounts import admin, client_as, token


@pytest.fixture
def beijing(url: str) -> dict[str, Any]:
    return seed_beijing(url)


def test_committees_are_public_as_of_a_day_and_paged(beijing: dict[str, Any]) -> None:
    public = client_as(beijing["url"], None)
    page = public.get("/api/v1/party/committees", params={"as_of": "2020-12-31", "limit": 1})
    assert page.status_code == 200, page.text
    first = page.json()
    assert [c["id"] for c in first["items"]] == [beijing["top"]] and first["next"]
    rest = public.get("/api/v1/party/committees", params={"as_of": "2020-12-31", "cursor": first["next"]}).json()
    # the environment committee was established in 2021
    assert [(c["id"], c["organisations"], c["with_party_organisation"]) for c in rest["items"]] == [
        (beijing["edu"], 5, 2)]
    assert rest["items"][0]["class"] == "field:education" and rest["items"][0]["source"] == SOURCE
    later = public.get("/api/v1/party/committees", params={"as_of": "2021-06-01", "tier": "joint"}).json()["items"]
    assert {c["id"] for c in later} == {beijing["edu"], beijing["env"]}
    one = public.get(f"/api/v1/party/committees/{beijing['top']}", params={"as_of": "2020-12-31"}).json()
    assert one["tier"] == "comprehensive" and [j["id"] for j in one["joint_committees"]] == [beijing["edu"]]
    edu = public.get(f"/api/v1/party/committees/{beijing['edu']}").json()
    assert edu["led_by"]["id"] == beijing["top"] and edu["open"] is True
    coverage = public.get("/api/v1/party/coverage", params={"by": "class", "as_of": "2020-12-31"}).json()
    assert coverage["rows"] == [{"key": "field:education", "organisations": 5, "with_party_organisation": 2,
                                 "share": 0.4}]  # fmt: skip
    assert {f["key"] for f in coverage["seed"]} >= {"beijing_joint_party_committees"}
    assert "field:education" in {c["code"] for c in public.get("/api/v1/party/classes").json()}


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/api/v1/party/committees", {"tier": "branch"}, "tier"),
    ("/api/v1/party/committees", {"class": "field:astrology"}, "class"),
    ("/api/v1/party/committees", {"locality": "Atlantis"}, "locality"),
    ("/api/v1/party/committees", {"as_of": "2020-13-01"}, "as_of"),
    ("/api/v1/party/committees", {"cursor": "forged"}, "cursor"),
    ("/api/v1/party/coverage", {"by": "colour"}, "by"),
])  # fmt: skip
def test_bad_queries_name_the_parameter(beijing: dict[str, Any], path: str, params: dict[str, str],
                                        field: str) -> None:  # fmt: skip
    r = client_as(beijing["url"], None).get(path, params=params)
    assert r.status_code == 422 and field in r.json()["error"]["message"], r.text


def test_placements_are_read_by_the_committees_and_the_registrar_concerned_only(beijing: dict[str, Any]) -> None:
    url, orgs = beijing["url"], beijing["orgs"]
    seated = f"/api/v1/party/committees/{beijing['edu']}/organisations"
    one = f"/api/v1/party/organisations/{orgs[0]}"
    # the public, a researcher: 403 however public the organisation
    for client in (client_as(url, None), client_as(url, token(url, "r", "researcher"))):
        assert client.get(seated).status_code == 403 and client.get(one).status_code == 403
    # the joint committee reads what sits under it, paged
    joint = client_as(url, token(url, "edu.officer", "joint_committee_officer", authority=beijing["edu"]))
    first = joint.get(seated, params={"limit": 3, "as_of": "2020-12-31"}).json()
    rest = joint.get(seated, params={"limit": 3, "as_of": "2020-12-31", "cursor": first["next"]}).json()
    assert [o["id"] for o in first["items"] + rest["items"]] == orgs and rest["next"] is None
    assert [o["party_organisation"] for o in first["items"]] == [True, True, False]
    assert joint.get(one).json()["seats"] == [{"committee": beijing["edu"], "name_zh": "联合党委edu",
                                               "name_en": "Joint committee edu", "class": "field:education",
                                               "from": "2020-01-01", "to": None}]  # fmt: skip
    assert joint.get(one).json()["party_organisation"] == [{"from": "2020-06-01", "to": None}]
    # the environment committee reaches none of them
    env = client_as(url, token(url, "env.officer", "joint_committee_officer", authority=beijing["env"]))
    assert env.get(seated).json()["items"] == [] and env.get(one).status_code == 403
    # the registrar reads those registered with it, not the one registered in Hebei
    registrar = client_as(url, token(url, "bj.registrar", "civil_affairs_officer", authority=beijing["registrar"]))
    assert [o["id"] for o in registrar.get(seated).json()["items"]] == orgs[:4]
    assert registrar.get(f"/api/v1/party/organisations/{orgs[4]}").status_code == 403
    # the comprehensive committee reads its locality, through the joint committees it leads
    top = client_as(url, token(url, "bj.top", "comprehensive_committee_officer", province="110000"))
    assert [o["id"] for o in top.get(f"/api/v1/party/committees/{beijing['top']}/organisations").json()["items"]] \
        == orgs  # fmt: skip
    assert top.get(f"/api/v1/party/organisations/{orgs[4]}").status_code == 200
    # before the placement nothing sat there; an organisation that does not exist is 404
    administrator = admin(url)
    assert administrator.get(seated, params={"as_of": "2019-12-31"}).json()["items"] == []
    assert administrator.get("/api/v1/party/organisations/99999").status_code == 404
