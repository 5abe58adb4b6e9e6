"""The Party-building structure's pages, on both engines: the tree of committees with their counts for
everyone, the organisations under each only for those who read the placements, a page for each committee,
in Chinese and English; bad input named, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.party.seed import SOURCE, seed_beijing
from tests.web.accounts import client_as, token


@pytest.fixture
def beijing(url: str) -> dict[str, Any]:
    return seed_beijing(url)


def test_the_tree_shows_counts_to_everyone_and_organisations_to_those_who_read_placements(
        beijing: dict[str, Any]) -> None:  # fmt: skip
    url = beijing["url"]
    public = client_as(url, None).get("/party", params={"as_of": "2020-12-31", "lang": "en"})
    assert public.status_code == 200
    html = public.text
    assert "北京市社会组织综合党委" in html and "Joint committee edu" in html
    assert "5 of 10, 2 with a Party organisation" in html
    assert "Joint committee env" not in html  # established in 2021
    assert "北京教育协会0" not in html and "read by the committees and the registrar concerned" in html
    assert html.count("<details") == 2 and f"<details open id=\"committee-{beijing['top']}\">" in html
    assert "Joint Party committees for social organisations in Beijing" in html  # seed 001's figure beside
    # the tree fetches a committee's organisations when its branch is unfolded, for those who read them
    branch = f"/party/committees/{beijing['edu']}/organisations"
    assert f'hx-get="{branch}' not in html
    officer = client_as(url, token(url, "edu.officer", "joint_committee_officer", authority=beijing["edu"]))
    mine = officer.get("/party", params={"as_of": "2020-12-31", "lang": "zh"}).text
    assert "党建组织体系" in mine and "5/10个组织，其中2个已建立党组织" in mine and f'hx-get="{branch}' in mine
    seated = officer.get(branch, params={"as_of": "2020-12-31", "lang": "zh"}).text
    assert all(f"北京教育协会{n}" in seated for n in range(5))
    registrar = client_as(url, token(url, "bj.registrar", "civil_affairs_officer", authority=beijing["registrar"]))
    theirs = registrar.get(branch, params={"as_of": "2021-06-01", "lang": "en"}).text
    assert "北京教育协会3" in theirs and "北京教育协会4" not in theirs  # registered in Hebei
    assert "Joint committee env" in registrar.get("/party", params={"as_of": "2021-06-01", "lang": "en"}).text
    refused = client_as(url, None).get(branch, params={"lang": "en"}).text
    assert "北京教育协会0" not in refused and "read by the committees and the registrar concerned" in refused


def test_a_committee_page_lists_its_organisations_to_those_who_read_them(beijing: dict[str, Any]) -> None:
    url = beijing["url"]
    page = f"/party/committees/{beijing['edu']}"
    public = client_as(url, None).get(page, params={"lang": "en", "as_of": "2020-12-31"}).text
    assert "Joint committee edu" in public and SOURCE in public and "北京市社会组织综合党委" in public
    assert "北京教育协会0" not in public
    officer = client_as(url, token(url, "edu.officer", "joint_committee_officer", authority=beijing["edu"]))
    html = officer.get(page, params={"lang": "en", "as_of": "2020-12-31"}).text
    assert html.count("/organisations/") == 5 and "2020-01-01" in html
    top = client_as(url, None).get(f"/party/committees/{beijing['top']}", params={"lang": "zh"}).text
    assert "所领导的联合党委" in top and "联合党委edu" in top and "联合党委env" in top
    before = client_as(url, None).get(page, params={"lang": "en", "as_of": "2016-06-01"}).text
    assert "It did not exist." in before


@pytest.mark.parametrize(("path", "params", "status", "named"), [
    ("/party", {"as_of": "2020-02-30"}, 422, "as_of"),
    ("/party", {"locality": "Atlantis"}, 422, "locality"),
    ("/party/committees/abc", {}, 422, "committee"),
    ("/party/committees/99999", {}, 404, "99999"),
    ("/party/committees/1", {"after": "-1"}, 422, "after"),
    ("/party/committees/x/organisations", {}, 422, "committee"),
])  # fmt: skip
def test_bad_input_is_named_on_the_page(beijing: dict[str, Any], path: str, params: dict[str, str], status: int,
                                        named: str) -> None:  # fmt: skip
    r = client_as(beijing["url"], None).get(path, params={**params, "lang": "en"})
    assert r.status_code == status and named in r.text, r.text[:500]
