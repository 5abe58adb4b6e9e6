"""A page links only to what its viewer may open (the access policy that decides the target page decides the
link): the public is sent to sign in for what an account may open, a signed-in account sees no link to what
its grants do not reach. On both engines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from ngoreg.db.engine import transaction
from ngoreg.registry import service as registry
from tests.conftest import ACTOR, NOW
from tests.web.accounts import app_at, client_as, token
from tests.web.pages.site import seed_site
from tests.web.seed import Seeded


@pytest.fixture
def site(url: str) -> Iterator[tuple[TestClient, Seeded]]:
    seeded = seed_site(url)
    with TestClient(app_at(url)) as client:
        yield client, seeded


def test_the_public_is_sent_to_sign_in_for_the_compliance_calendar(site: tuple[TestClient, Seeded]) -> None:
    public, seeded = site
    calendar = f"/organisations/{seeded.ngo}/calendar"
    page = public.get(f"/organisations/{seeded.ngo}", params={"lang": "en"}).text
    assert f'href="{calendar}"' not in page  # it would answer "does not exist"
    link = re.search(r'<a href="(/login\?next=[^"]*)">Compliance calendar</a>', page)
    assert link and link[1] == f"/login?next={calendar}"
    r = public.get(calendar, params={"as_of": "2017-03-05"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/login?next={calendar}%3Fas_of%3D2017-03-05"


def test_a_signed_in_account_sees_the_calendar_link_only_where_its_grant_reaches(
        site: tuple[TestClient, Seeded], url: str) -> None:  # fmt: skip
    _, seeded = site
    calendar = f'href="/organisations/{seeded.ngo}/calendar"'
    own = client_as(url, token(url, "own.staff", "foreign_ngo_staff", org=seeded.ngo))
    assert calendar in own.get(f"/organisations/{seeded.ngo}", params={"lang": "zh"}).text
    other = client_as(url, token(url, "other.staff", "foreign_ngo_staff", org=seeded.orgs[0]))
    page = other.get(f"/organisations/{seeded.ngo}", params={"lang": "en"}).text
    assert "Teachers Abroad" in page and calendar not in page and "Compliance calendar" not in page
    assert "/login?next=" not in page  # signed in: nothing to sign in for


def test_a_relation_names_and_links_the_other_organisation_only_for_whom_may_open_it(
        site: tuple[TestClient, Seeded], url: str) -> None:  # fmt: skip
    # That the relation exists is this page's to publish; the other's name is its own page's: one who may not
    # read that page is told neither its name nor its id, in either language.
    public, seeded = site
    hilfe = seeded.orgs[5]  # a foreign NGO with no office and no activity filed: not published
    with transaction(url) as s:
        registry.relate(s, "member_of", subject=("org", seeded.ngo), obj=("org", hilfe),
                        valid_from=date(2016, 1, 1), actor=ACTOR, now=NOW)  # fmt: skip
    assert public.get(f"/organisations/{hilfe}").status_code == 404
    page = public.get(f"/organisations/{seeded.ngo}", params={"lang": "en"}).text
    assert "Hilfe für Kinder" not in page and f"/organisations/{hilfe}" not in page
    assert "an organisation not published" in page
    zh = public.get(f"/organisations/{seeded.ngo}", params={"lang": "zh"}).text
    assert "Hilfe für Kinder" not in zh and "未公开的组织" in zh
    other = client_as(url, token(url, "other.staff", "foreign_ngo_staff", org=seeded.orgs[0]))
    assert other.get(f"/organisations/{hilfe}").status_code == 403
    page = other.get(f"/organisations/{seeded.ngo}", params={"lang": "en"}).text
    assert "Hilfe für Kinder" not in page and f"/organisations/{hilfe}" not in page
    own = client_as(url, token(url, "hilfe.staff", "foreign_ngo_staff", org=hilfe))
    page = own.get(f"/organisations/{seeded.ngo}", params={"lang": "en"}).text
    assert "Hilfe für Kinder" in page and f'href="/organisations/{hilfe}"' in page
