"""/dashboards is an overview: the registry's headline numbers as of the chosen day, as the registry counts
them, and a small chart per group, each leading to its full chart. On both engines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from ngoreg.db.engine import transaction
from ngoreg.reference import KIND_LABELS, OrgKind
from ngoreg.registry import service as registry
from ngoreg.reporting.stats import stats
from ngoreg.web.app import create_app
from ngoreg.web.pages import charts
from tests.web.pages.site import seed_site


@pytest.fixture
def client(url: str) -> Iterator[TestClient]:
    seed_site(url)
    with TestClient(create_app(url)) as c:
        yield c


def headline(html: str, name: str) -> int:
    m = re.search(rf'<dt>{re.escape(name)}</dt>\s*<dd>(?:<a href="/dashboards/[a-z-]+[^"]*">)?(\d+)<', html)
    assert m, f"no headline {name}"
    return int(m[1])


def test_the_headline_numbers_are_the_registrys(client: TestClient, url: str) -> None:
    for as_of in (None, date(2015, 1, 1), date(2017, 6, 30)):
        params = {"lang": "en", **({"as_of": as_of.isoformat()} if as_of else {})}
        r = client.get("/dashboards", params=params)
        assert r.status_code == 200
        with transaction(url, write=False) as s:
            kinds = dict(registry.count_by(s, "kind", as_of=as_of))
            offices = sum(row["count"] for row in stats(s, "offices", "month", as_of=as_of))
            activities = sum(row["count"] for row in stats(s, "activities", "month", as_of=as_of))
        assert headline(r.text, "Organisations in the registry") == sum(kinds.values())
        assert headline(r.text, "Representative offices registered") == offices
        assert headline(r.text, "Temporary activities filed") == activities
        for kind in OrgKind:
            if kinds.get(kind.value):
                assert headline(r.text, KIND_LABELS[kind][1]) == kinds[kind.value]
    then = client.get("/dashboards", params={"lang": "en", "as_of": "2015-01-01"}).text
    assert headline(then, "Organisations in the registry") == 2  # two registered by 2015
    assert headline(then, "Representative offices registered") == 0
    assert headline(client.get("/dashboards", params={"lang": "en"}).text, "Representative offices registered") > 0


def test_a_small_chart_per_group_leads_to_its_full_chart(client: TestClient) -> None:
    for lang, as_of in (("en", ""), ("zh", "2017-06-30")):
        html = client.get("/dashboards", params={"lang": lang, "as_of": as_of}).text
        suffix = f"?as_of={as_of}" if as_of else ""
        for key in charts.all_charts():  # every chart is still a link away
            assert f'href="/dashboards/{key}{suffix}"' in html, key
        small = re.findall(r'<a class="small-chart" href="/dashboards/([a-z-]+)[^"]*">.*?<svg', html, re.S)
        assert len(small) == len(charts.groups()) and len(set(small)) == len(small)
        assert {charts.all_charts()[k].group for k in small} == set(charts.groups())
    zh = client.get("/dashboards", params={"lang": "zh"}).text
    assert "名录中的组织" in zh and "Organisations in the registry" not in zh


def test_a_bad_day_is_refused_naming_the_field(client: TestClient) -> None:
    for bad in ("2019-02-30", "yesterday", "9" * 40):
        r = client.get("/dashboards", params={"lang": "en", "as_of": bad})
        assert r.status_code == 422, bad
        alert = re.search(r'role="alert">(.*?)</div>', r.text, re.S)
        assert alert and "as_of" in alert[1]
