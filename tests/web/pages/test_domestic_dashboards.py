"""The social organisations' dashboards: the registry's counts as `ngoreg stats orgs` gives them, the
Ministry's 2012 figures beside the counts by kind, the headline on the overview. On both engines."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ngoreg.db.engine import transaction
from ngoreg.reporting.stats import orgs
from ngoreg.web.app import create_app
from tests.web.pages.site import seed_site


@pytest.fixture
def client(url: str) -> Iterator[TestClient]:
    seed_site(url)
    with TestClient(create_app(url)) as c:
        yield c


def test_the_counts_by_kind_are_the_registrys_with_the_ministrys_figures_beside(client: TestClient, url: str) -> None:
    with transaction(url, write=False) as s:
        counted = {r["key"]: r["count"] for r in orgs(s, "kind")}
    assert counted  # the site has social organisations
    html = client.get("/dashboards/social-organisations-by-kind", params={"lang": "en"}).text
    assert "499000" in html and "556" in html  # seed 003's figures for 2012
    total = int(re.search(r"<dt>Social organisations registered</dt>\s*<dd>(?:<a [^>]*>)?(\d+)<",
                          client.get("/dashboards", params={"lang": "en"}).text)[1])  # type: ignore[index]
    assert total == sum(counted.values())
    zh = client.get("/dashboards/social-organisations-by-province", params={"lang": "zh"})
    assert zh.status_code == 200 and "社会组织" in zh.text
