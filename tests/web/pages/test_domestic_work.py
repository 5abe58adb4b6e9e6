"""My work for the domestic regime's roles, on both engines: a civil affairs registrar sees the applications
made to it with the days left of the 60, and not another registrar's; a supervisory unit the consents asked of
it; an association in preparation its own filings to act on; a public security registrar none of these."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests.filings.test_domestic import application, authority, fire, preparing, sichuan, start  # noqa: F401
from tests.web.accounts import app_at, bearer, token

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # after the accounts are made (tests.conftest.NOW)
D = date


def items(url: str, name: str, role: str, **scope: Any) -> list[tuple[str, int | None, str | None, int | None]]:
    r = TestClient(app_at(url, AT), headers=bearer(token(url, name, role, **scope))).get("/api/v1/work")
    assert r.status_code == 200, r.text
    return [(i["key"], i["filing_id"], i["due_on"], i["days_left"]) for q in r.json()["queues"] for i in q["items"]]


def test_each_domestic_role_sees_its_own_steps(sichuan: dict[str, Any]) -> None:  # noqa: F811
    url, registrar, unit = sichuan["url"], sichuan["registrar"], sichuan["unit"]
    other = authority(url, "registrar_civil_affairs", "provincial", "云南省民政厅", "530000")
    tea = preparing(url, "四川省茶叶协会")
    applied = start(url, tea, {**application(registrar), "supervisory_unit_id": str(unit)}, D(2026, 11, 2))
    fire(url, applied, "consent", "supervising_unit", D(2026, 11, 3), consented_on="2026-11-03")
    fire(url, applied, "apply", "social_org", D(2026, 11, 5))
    coffee = preparing(url, "四川省咖啡协会")
    drafted = start(url, coffee, {**application(registrar, name="四川省咖啡协会"), "supervisory_unit_id": str(unit)},
                    D(2026, 11, 25))  # fmt: skip
    # 60 days from 5 November 2026: 4 January 2027, 34 days after 1 December
    assert items(url, "sc.reg", "civil_affairs_officer", authority=registrar) == [
        ("association_registration.decide", applied, "2027-01-04", 34)]
    assert items(url, "yn.reg", "civil_affairs_officer", authority=other) == []
    assert items(url, "sc.unit", "supervisory_unit_officer", authority=unit) == [
        ("association_registration.consent", drafted, None, None)]
    assert items(url, "sc.psb", "registrar_officer", province="510000") == []
