"""The compliance calendar through a real database, on both engines, as of a pinned day: filings' deadlines
met, met late, overdue, due and upcoming; the yearly duties of offices registered long ago, mid-year and
deregistered; what changes with `--org`, `--status` and `since`."""

from dataclasses import dataclass
from datetime import date

import pytest

from ngoreg.compliance import calendar
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.filings import service
from ngoreg.registry.service import add_organisation, update_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

D = date
AS_OF = D(2026, 12, 10)
DOCUMENTS = "proof_of_establishment,written_agreement,activity_particulars,funding_and_account,partner_approval"
REPORT_CONTENTS = "audited_financial_report,activities,staff_and_structure_changes"


@dataclass
class World:
    url: str
    alpha: int  # an office registered in 2020
    beta: int  # an office registered in June 2026
    gamma: int  # an office deregistered on 2026-02-15
    delta: int  # a foreign NGO with temporary activities
    files: dict[str, int]


def activity(s, org: int, start: date, end: date, filed: date) -> int:  # type: ignore[no-untyped-def]
    values = {"activity_name": f"Activity from {start}", "partner_name": "甘肃省教育学会",
              "partner_kind": "social_organisation", "region": "Gansu", "start_date": start.isoformat(),
              "end_date": end.isoformat(), "documents": DOCUMENTS}  # fmt: skip
    f = service.start(s, "fngo_temporary_activity", org_id=org, values=values, on=filed, actor=ACTOR, now=NOW)
    service.fire(s, f.id, "file", role="partner_unit", on=filed, actor=ACTOR, now=NOW)
    return f.id


def report(s, fid: int, on: date) -> None:  # type: ignore[no-untyped-def]
    service.fire(s, fid, "report_closing", role="partner_unit", on=on, actor=ACTOR, now=NOW,
                 values={"report": "Done; funds as budgeted."})  # fmt: skip


@pytest.fixture
def world(url: str) -> World:
    files: dict[str, int] = {}
    with transaction(url) as s:

        def office(name: str, registered: str) -> int:
            return add_organisation(s, org_record(kind="representative_office", name_en=name, origin="GB",
                                                  registered_on=registered), actor=ACTOR, now=NOW)  # fmt: skip

        alpha, beta, gamma = office("Alpha Office", "2020-05-01"), office("Beta Office", "2026-06-15"), \
            office("Gamma Office", "2018-03-01")  # fmt: skip
        update_organisation(s, gamma, {"status": "deregistered", "ended_on": "2026-02-15"}, on=D(2026, 2, 15),
                            actor=ACTOR, now=NOW)  # fmt: skip
        delta = add_organisation(s, org_record(kind="foreign_ngo", name_en="Delta Foundation", origin="US"),
                                 actor=ACTOR, now=NOW)  # fmt: skip

        # Alpha's report on 2025: to the supervisory unit in time, to the registrar late.
        r = service.start(s, "fngo_annual_report", org_id=alpha, on=D(2026, 1, 5), actor=ACTOR, now=NOW,
                          values={"year": "2025", "contents": REPORT_CONTENTS, "auditor": "Beijing Zhonghe CPA",
                                  "audited_in_china": "yes"})  # fmt: skip
        files["report_2025"] = r.id
        service.fire(s, r.id, "submit_to_psu", role="foreign_ngo", on=D(2026, 1, 20), actor=ACTOR, now=NOW)
        service.fire(s, r.id, "give_opinion", role="psu", on=D(2026, 3, 1), values={"psu_opinion": "Agreed"},
                     actor=ACTOR, now=NOW)  # fmt: skip
        service.fire(s, r.id, "submit_to_registrar", role="foreign_ngo", on=D(2026, 4, 10), actor=ACTOR, now=NOW)
        # Alpha's plan for 2027: sent in time, consented on 1 December; to be filed within 10 days.
        p = service.start(s, "fngo_annual_plan", org_id=alpha, on=D(2026, 11, 1), actor=ACTOR, now=NOW,
                          values={"year": "2027", "plan": "Teacher training",
                                  "contents": "project_implementation,use_of_funds"})  # fmt: skip
        files["plan_2027"] = p.id
        service.fire(s, p.id, "submit_to_psu", role="foreign_ngo", on=D(2026, 11, 25), actor=ACTOR, now=NOW)
        service.fire(s, p.id, "consent", role="psu", on=D(2026, 12, 1), actor=ACTOR, now=NOW)

        files["met"] = activity(s, delta, D(2026, 9, 20), D(2026, 10, 1), D(2026, 9, 1))  # due 2026-11-02
        report(s, files["met"], D(2026, 10, 20))
        files["met_late"] = activity(s, delta, D(2026, 8, 20), D(2026, 9, 1), D(2026, 8, 1))  # due 2026-10-08
        report(s, files["met_late"], D(2026, 10, 15))
        files["overdue"] = activity(s, delta, D(2026, 10, 1), D(2026, 10, 20), D(2026, 9, 10))  # due 2026-11-19
        files["met_after"] = activity(s, delta, D(2026, 10, 25), D(2026, 10, 30), D(2026, 10, 1))  # due 11-30
        report(s, files["met_after"], D(2026, 12, 15))  # after AS_OF: still open on it
        files["due"] = activity(s, delta, D(2026, 11, 10), D(2026, 11, 20), D(2026, 10, 20))  # due 2026-12-21
        files["upcoming"] = activity(s, delta, D(2026, 12, 28), D(2027, 1, 4), D(2026, 12, 1))  # due 2027-02-03
        files["filed_later"] = activity(s, delta, D(2027, 1, 10), D(2027, 1, 20), D(2026, 12, 12))
        files["old"] = activity(s, delta, D(2025, 5, 10), D(2025, 6, 1), D(2025, 4, 1))  # due 2025-07-01
        report(s, files["old"], D(2025, 6, 20))
    return World(url, alpha, beta, gamma, delta, files)


def rows(w: World, **kw: object) -> list[tuple[object, ...]]:
    with transaction(w.url, write=False) as s:
        return [(o.org_name, o.obligation, o.due_on, o.status, o.filing_id, o.provisional)
                for o in calendar.due(s, as_of=AS_OF, **kw)]  # type: ignore[arg-type]  # fmt: skip


def test_the_whole_calendar(world: World) -> None:
    f = world.files
    assert rows(world) == [
        # the yearly duties that fell due in the last year; Beta registered too late to owe them
        ("Alpha Office", "plan_to_psu", D(2025, 12, 31), "overdue", None, False),  # nobody filed the plan for 2026
        ("Gamma Office", "plan_to_psu", D(2025, 12, 31), "overdue", None, False),
        ("Alpha Office", "report_to_psu", D(2026, 2, 2), "met", f["report_2025"], False),  # 31 January a Saturday
        ("Gamma Office", "report_to_psu", D(2026, 2, 2), "overdue", None, False),  # still registered then
        ("Alpha Office", "report_to_registrar", D(2026, 3, 31), "met late", f["report_2025"], False),
        # Gamma was deregistered on 15 February: no report to the registrar, nothing after
        ("Delta Foundation", "closing_report", D(2026, 10, 8), "met late", f["met_late"], False),
        ("Delta Foundation", "closing_report", D(2026, 11, 2), "met", f["met"], False),
        ("Delta Foundation", "closing_report", D(2026, 11, 19), "overdue", f["overdue"], False),
        ("Delta Foundation", "closing_report", D(2026, 11, 30), "overdue", f["met_after"], False),
        ("Alpha Office", "plan_to_registrar", D(2026, 12, 11), "due", f["plan_2027"], False),
        ("Delta Foundation", "closing_report", D(2026, 12, 21), "due", f["due"], False),
        ("Alpha Office", "plan_to_psu", D(2026, 12, 31), "met", f["plan_2027"], False),
        ("Beta Office", "plan_to_psu", D(2026, 12, 31), "due", None, False),  # registered in June: owes it
        ("Alpha Office", "report_to_psu", D(2027, 2, 1), "upcoming", None, True),  # 2027 holidays unpublished
        ("Beta Office", "report_to_psu", D(2027, 2, 1), "upcoming", None, True),
        ("Delta Foundation", "closing_report", D(2027, 2, 3), "upcoming", f["upcoming"], True),
        ("Alpha Office", "report_to_registrar", D(2027, 3, 31), "upcoming", None, True),
        ("Beta Office", "report_to_registrar", D(2027, 3, 31), "upcoming", None, True),
    ]


def test_each_obligation_names_its_label_and_basis(world: World) -> None:
    with transaction(world.url, write=False) as s:
        got = {(o.obligation, o.label, o.basis) for o in calendar.due(s, as_of=AS_OF)}
    assert got == {
        ("plan_to_psu", "Plan to the professional supervisory unit", "FNGO Law art. 19"),
        ("plan_to_registrar", "Plan filed with the registrar", "FNGO Law art. 19"),
        ("report_to_psu", "Report to the professional supervisory unit", "FNGO Law art. 31(1)"),
        ("report_to_registrar", "Report with the opinion to the registrar", "FNGO Law art. 31(1)"),
        ("closing_report", "Closing report to the registrar", "FNGO Law art. 30(2)"),
    }


def test_one_organisation_and_some_statuses(world: World) -> None:
    assert [r[1:4] for r in rows(world, org_id=world.beta)] == [
        ("plan_to_psu", D(2026, 12, 31), "due"),
        ("report_to_psu", D(2027, 2, 1), "upcoming"),
        ("report_to_registrar", D(2027, 3, 31), "upcoming"),
    ]
    assert [(r[0], r[2], r[3]) for r in rows(world, statuses=["overdue", "met late"])] == [
        ("Alpha Office", D(2025, 12, 31), "overdue"),
        ("Gamma Office", D(2025, 12, 31), "overdue"),
        ("Gamma Office", D(2026, 2, 2), "overdue"),
        ("Alpha Office", D(2026, 3, 31), "met late"),
        ("Delta Foundation", D(2026, 10, 8), "met late"),
        ("Delta Foundation", D(2026, 11, 19), "overdue"),
        ("Delta Foundation", D(2026, 11, 30), "overdue"),
    ]
    assert rows(world, org_id=world.gamma, statuses=["upcoming"]) == []


def test_since_reaches_further_back(world: World) -> None:
    back = rows(world, org_id=world.delta, since=D(2017, 1, 1))
    assert (D(2025, 7, 1), "met", world.files["old"]) in [(r[2], r[3], r[4]) for r in back]
    gamma = [(r[1], r[2], r[3]) for r in rows(world, org_id=world.gamma, since=D(2017, 1, 1))]
    assert gamma[0] == ("plan_to_psu", D(2019, 1, 2), "overdue")  # registered March 2018: first plan for 2019
    assert gamma[1] == ("report_to_psu", D(2019, 1, 31), "overdue")  # and the report on 2018
    assert gamma[-1] == ("report_to_psu", D(2026, 2, 2), "overdue")
    assert len(gamma) == 3 * 7 + 2  # plans for 2019–2026, reports on 2018–2024 twice, on 2025 once


def test_a_deadline_met_later_is_open_on_an_earlier_day(world: World) -> None:
    with transaction(world.url, write=False) as s:
        before = {o.filing_id: o.status for o in calendar.due(s, as_of=D(2026, 10, 10), org_id=world.delta)}
    assert before[world.files["met"]] == "due"  # due 2026-11-02, within 30 days; reported on 2026-10-20
    assert before[world.files["met_late"]] == "overdue"  # due 2026-10-08, reported on 2026-10-15
    assert world.files["upcoming"] not in before  # filed on 2026-12-01


@pytest.mark.parametrize(
    ("kw", "field"),
    [({"org_id": 999}, "org"), ({"statuses": ["late"]}, "status"), ({"since": D(2027, 1, 1)}, "since")],
)
def test_bad_arguments_name_their_field(world: World, kw: dict[str, object], field: str) -> None:
    with transaction(world.url, write=False) as s, pytest.raises(InvalidInput) as e:
        calendar.due(s, as_of=AS_OF, **kw)  # type: ignore[arg-type]
    assert e.value.field == field
