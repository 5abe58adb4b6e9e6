"""A social organisation's page: its registrar and supervisory unit, its registration path and registrar's
level, and its annual inspections by year with their results — all of it to the registrar that registered it,
the public only what the law announces. On both engines."""

from __future__ import annotations

from datetime import date
from typing import Any

from ngoreg.regimes.domestic import association_inspection as inspection
from tests.filings.test_domestic import fire, registered, sichuan, start  # noqa: F401 - the fixture
from tests.web.accounts import client_as, token


def test_the_registrar_sees_the_inspections_by_year_and_the_public_does_not(sichuan: dict[str, Any]) -> None:  # noqa: F811
    url, registrar, unit = sichuan["url"], sichuan["registrar"], sichuan["unit"]
    org = registered(url, registrar, unit, "四川省茶叶协会")
    report = start(url, org, {"year": "2024", "contents": ",".join(inspection.CONTENTS)}, date(2025, 3, 1),
                   code=inspection.CODE)  # fmt: skip
    fire(url, report, "submit_to_psu", "social_org", date(2025, 3, 1))
    fire(url, report, "approve", "supervising_unit", date(2025, 3, 20))
    fire(url, report, "submit_to_registrar", "social_org", date(2025, 4, 1))
    fire(url, report, "record_result", "civil_registrar", date(2025, 6, 20), result="basically_qualified")
    officer = client_as(url, token(url, "sc.officer", "civil_affairs_officer", authority=registrar))
    html = officer.get(f"/organisations/{org}", params={"lang": "en"}).text
    assert "Annual inspection of a social association" in html
    assert "Year reported on: 2024" in html and "Result of the annual inspection: basically_qualified" in html
    assert "Registration path: dual" in html and "Level of the registrar: provincial" in html
    assert "四川省民政厅" in html and "四川省农业农村厅" in html  # its registrar and its supervisory unit
    zh = officer.get(f"/organisations/{org}", params={"lang": "zh"}).text
    assert "基本合格" in zh and "双重管理" in zh
    public = client_as(url, None).get(f"/organisations/{org}", params={"lang": "en"}).text
    assert "Registration path: dual" in public  # the registration is announced (art. 23)
    assert "basically_qualified" not in public  # the inspection is not
