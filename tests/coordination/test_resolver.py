"""Which groups coordinate an office or an activity on a day: the national group from 2016-05-31, a reported
province's group from the day it is reported, "not reported" where no source reports one. On both engines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import false, true

from ngoreg.access import facts, filters, policy
from ngoreg.access.principal import PUBLIC
from ngoreg.access.roles import Action
from ngoreg.coordination import resolver
from ngoreg.db.engine import transaction
from ngoreg.errors import NotFound
from tests.coordination.conftest import BEIJING, CHONGQING, GANSU, TIBET, Ground


def org(g: Ground, org_id: int, on: date) -> dict[str, Any]:
    with transaction(g.url, write=False) as s:
        return resolver.resolve_org(s, org_id, on)


def filing(g: Ground, filing_id: int, on: date) -> dict[str, Any]:
    with transaction(g.url, write=False) as s:
        return resolver.resolve_filing(s, filing_id, on)


def provinces(r: dict[str, Any]) -> list[tuple[str | None, str | None, str]]:
    return [(e["province"], e["group"], e["status"]) for e in r["provinces"]]


def test_an_office_in_a_reported_province_is_coordinated_from_the_day_the_group_is_reported(ground: Ground) -> None:
    before = org(ground, ground.office_gansu, date(2017, 4, 22))
    assert before["coordinated"] and before["national"]["status"] == "coordinating"
    assert provinces(before) == [(GANSU, "gansu", "not_yet")]
    assert [g["key"] for g in before["groups"]] == ["national"]
    on = org(ground, ground.office_gansu, date(2017, 4, 23))
    assert provinces(on) == [(GANSU, "gansu", "coordinating")]
    assert [g["key"] for g in on["groups"]] == ["national", "gansu"]
    assert on["basis"] == "FNGO Law art. 7(2)"


def test_the_national_group_coordinates_from_the_end_of_may_2016(ground: Ground) -> None:
    assert org(ground, ground.office_gansu, date(2016, 5, 30))["national"]["status"] == "not_yet"
    assert org(ground, ground.office_gansu, date(2016, 5, 30))["groups"] == []
    assert org(ground, ground.office_gansu, date(2016, 5, 31))["national"]["status"] == "coordinating"


def test_an_office_in_a_province_no_source_reports_a_group_for_is_not_reported(ground: Ground) -> None:
    beijing = org(ground, ground.office_beijing, date(2018, 1, 1))
    assert provinces(beijing) == [(BEIJING, None, "not_reported")]
    assert [g["key"] for g in beijing["groups"]] == ["national"]
    tibet = org(ground, ground.office_tibet, date(2019, 1, 1))
    assert provinces(tibet) == [(TIBET, None, "not_reported")]


def test_an_office_not_registered_on_the_day_and_other_kinds_are_not_coordinated(ground: Ground) -> None:
    early = org(ground, ground.office_beijing, date(2017, 5, 31))  # registered 2017-06-01
    assert not early["coordinated"] and early["groups"] == [] and "not in the registry" in early["reason"]
    ngo = org(ground, ground.ngo, date(2018, 1, 1))
    assert not ngo["coordinated"] and "through its representative offices" in ngo["reason"]
    assoc = org(ground, ground.association, date(2018, 1, 1))
    assert not assoc["coordinated"] and assoc["national"] is None
    with transaction(ground.url, write=False) as s, pytest.raises(NotFound):
        resolver.resolve_org(s, 999_999, date(2018, 1, 1))


def test_an_activity_is_coordinated_where_it_takes_place(ground: Ground) -> None:
    # no provinces listed: the partner unit's province, with whose registrar it is filed (art. 17(1))
    assert provinces(filing(ground, ground.act_cq, date(2017, 5, 1))) == [(CHONGQING, "chongqing", "coordinating")]
    multi = filing(ground, ground.act_multi, date(2017, 3, 20))
    assert provinces(multi) == [(GANSU, "gansu", "not_yet"), (TIBET, None, "not_reported")]
    assert provinces(filing(ground, ground.act_all, date(2018, 1, 1))) == [("all", None, "whole_mainland")]
    draft = filing(ground, ground.act_draft, date(2018, 1, 1))
    assert not draft["coordinated"] and "not filed" in draft["reason"]


def test_the_partner_units_province_is_used_only_where_the_caller_may_read_it(ground: Ground) -> None:
    with transaction(ground.url, write=False) as s:
        hidden = resolver.resolve_filing(s, ground.act_cq, date(2018, 1, 1), lambda _: False)
        listed = resolver.resolve_filing(s, ground.act_multi, date(2018, 1, 1), lambda _: False)
    assert provinces(hidden) == [(None, None, "province_unknown")]
    assert provinces(listed) == [(GANSU, "gansu", "coordinating"), (TIBET, None, "not_reported")]


def rows(g: Ground, on: date, visible_orgs: Any = None, visible_filings: Any = None) -> dict[str, dict[str, Any]]:
    with transaction(g.url, write=False) as s:
        out = resolver.dashboard(s, on, visible_orgs=true() if visible_orgs is None else visible_orgs,
                                 visible_filings=true() if visible_filings is None else visible_filings,
                                 chinafile={"offices": {GANSU: 7}, "activities": {"all": 2}})  # fmt: skip
    return {r["province"] or "unknown": r for r in out}


def test_the_dashboard_counts_offices_and_activities_per_province_as_of_a_day(ground: Ground) -> None:
    early = rows(ground, date(2017, 4, 1))
    assert len([p for p in early if p.isdigit()]) == 31  # the mainland's provinces, every one listed
    assert early[GANSU]["status"] == "not_yet" and early[GANSU]["offices"] == 1 and early[GANSU]["activities"] == 1
    assert early[BEIJING]["offices"] == 0 and early[BEIJING]["status"] == "not_reported"
    assert early[CHONGQING]["activities"] == 0  # begins 2017-05-01
    assert early[GANSU]["chinafile_offices"] == 7 and early["all"]["chinafile_activities"] == 2
    late = rows(ground, date(2018, 6, 1))
    assert late[GANSU]["status"] == "coordinating"
    assert (late[BEIJING]["offices"], late[TIBET]["offices"], late[TIBET]["activities"]) == (1, 1, 1)
    assert late[CHONGQING]["activities"] == 1  # the drafted one is not counted
    assert late["all"]["activities"] == 1 and late["all"]["status"] == "whole_mainland"


def test_the_dashboard_counts_only_what_the_caller_may_see(ground: Ground) -> None:
    seen = rows(ground, date(2018, 6, 1), filters.organisations(PUBLIC), filters.filings(PUBLIC))
    assert seen[BEIJING]["offices"] == 1 and seen[GANSU]["activities"] == 1
    # the public reads a public institution, so the activity filed with its partner unit counts under Chongqing
    with transaction(ground.url, write=False) as s:
        assert policy.can(PUBLIC, Action.READ_ORG, facts.org_facts(s, ground.partner_cq))
    assert seen[CHONGQING]["activities"] == 1 and "unknown" not in seen
    # where the caller may not read the partner unit, the activity is counted under `unknown`, not its province
    hidden = rows(ground, date(2018, 6, 1), visible_orgs=false(), visible_filings=true())
    assert (hidden[CHONGQING]["activities"], hidden["unknown"]["activities"]) == (0, 1)
    assert hidden[BEIJING]["offices"] == 0 and hidden[GANSU]["activities"] == 1
    nothing = rows(ground, date(2018, 6, 1), visible_orgs=false(), visible_filings=false())
    assert sum(r["activities"] + r["offices"] for r in nothing.values()) == 0
    assert nothing[GANSU]["chinafile_offices"] == 7  # ChinaFile's counts are public statistics


def test_the_chinafile_counts_read_the_importers_own_scopes() -> None:
    from ngoreg.importing.chinafile import ACTIVITY_SCOPE, OFFICE_SCOPE

    assert (resolver.OFFICE, resolver.ACTIVITY) == (OFFICE_SCOPE, ACTIVITY_SCOPE)


def test_a_deregistered_office_is_no_longer_coordinated(ground: Ground) -> None:
    from ngoreg.registry import service as registry
    from tests.conftest import ACTOR, NOW

    with transaction(ground.url) as s:
        registry.update_organisation(s, ground.office_tibet, {"status": "deregistered"}, on=date(2019, 1, 1),
                                     actor=ACTOR, now=NOW)  # fmt: skip
    assert org(ground, ground.office_tibet, date(2018, 12, 31))["coordinated"]
    after = org(ground, ground.office_tibet, date(2019, 1, 1))
    assert not after["coordinated"] and after["reason"] == "deregistered on 2019-01-01" and after["groups"] == []
    assert rows(ground, date(2019, 1, 1))[TIBET]["offices"] == 0
    assert rows(ground, date(2018, 12, 31))[TIBET]["offices"] == 1
