"""Yearly duties through a real database: deadlines that run from the day the filing starts and end on a
day fixed in the calendar (FNGO Law art. 31(1))."""

from datetime import date

import pytest

from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.filings import service
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

D = date
REPORT = {"year": "2017", "contents": "audited_financial_report,activities,staff_and_structure_changes",
          "auditor": "Beijing Zhonghe CPA", "audited_in_china": "yes"}  # fmt: skip


@pytest.fixture
def org(url: str) -> tuple[str, int]:
    with transaction(url) as s:
        return url, add_organisation(s, org_record(kind="foreign_ngo", name_en="Teachers Abroad", origin="GB"),
                                     actor=ACTOR, now=NOW)  # fmt: skip


def test_the_annual_report_opens_both_deadlines_at_start_and_the_sweep_only_flags_a_late_one(
    org: tuple[str, int],
) -> None:
    url, org_id = org
    with transaction(url) as s:
        fid = service.start(s, "fngo_annual_report", org_id=org_id, values=REPORT, on=D(2018, 1, 3), actor=ACTOR,
                            now=NOW).id  # fmt: skip
    with transaction(url) as s:
        service.fire(s, fid, "submit_to_psu", role="foreign_ngo", on=D(2018, 1, 31), actor=ACTOR, now=NOW)
        service.fire(s, fid, "give_opinion", role="psu", on=D(2018, 3, 20), values={"psu_opinion": "Agreed"},
                     actor=ACTOR, now=NOW)  # fmt: skip
    with transaction(url) as s:  # Monday 2 April is still in time; Tuesday 3 April is not
        assert service.sweep(s, as_of=D(2018, 4, 2), actor=ACTOR, now=NOW) == {"expired": 0, "fired": 0}
        assert service.sweep(s, as_of=D(2018, 4, 3), actor=ACTOR, now=NOW) == {"expired": 1, "fired": 0}
    with transaction(url) as s:
        service.fire(s, fid, "submit_to_registrar", role="foreign_ngo", on=D(2018, 4, 9), actor=ACTOR, now=NOW)
    with transaction(url, write=False) as s:
        shown = service.show(s, fid)
    assert shown["state"] == "submitted" and shown["data"]["year"] == 2017
    assert [(d["name"], d["opened_on"], d["due_on"], d["status"]) for d in shown["deadlines"]] == [
        ("report_to_psu", "2018-01-03", "2018-01-31", "met"),
        ("report_to_registrar", "2018-01-03", "2018-04-02", "met_late"),
    ]


@pytest.mark.parametrize(("values", "field"), [({"year": "twenty"}, "year"), ({}, "year")])
def test_a_yearly_filing_needs_its_year(org: tuple[str, int], values: dict[str, str], field: str) -> None:
    url, org_id = org
    with transaction(url) as s, pytest.raises(InvalidInput) as e:
        service.start(s, "fngo_annual_plan", org_id=org_id, values=values, on=D(2017, 11, 1), actor=ACTOR, now=NOW)
    assert e.value.field == field
