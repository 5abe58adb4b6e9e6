"""The compliance calendar through a real database, on both engines, as of a pinned day: filings' deadlines
met, met late, overdue, due and upcoming; the yearly duties of offices registered long ago, mid-year and
deregistered; what changes with `--org`, `--status` and `since`."""

from datetime import date

import pytest

from ngoreg.compliance import calendar
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.filings import service
from tests.compliance.conftest import AS_OF, World
from tests.conftest import ACTOR, NOW

D = date


def rows(w: World, **kw: object) -> list[tuple[object, ...]]:
    with transaction(w.url, write=False) as s:
        return [(o.org_name, o.obligation, o.due_on, o.status, o.filing_id, o.provisional)
                for o in calendar.due(s, as_of=AS_OF, **kw)]  # type: ignore[arg-type]  # fmt: skip


def test_the_whole_calendar(world: World) -> None:
    f = world.files
    got = rows(world)
    # Every yearly duty nobody met, however old: Gamma's since its registration in March 2018 (plans for
    # 2019–2026, reports on 2018–2025 to the supervisory unit and on 2018–2024 to the registrar: it was
    # deregistered on 15 February 2026), Alpha's since May 2020 but for its report on 2025, met in the
    # first months of 2026 (more than 90 days before: not listed). Beta registered too late to owe them.
    old = got[:39]
    assert {(r[0], r[3], r[4]) for r in old} == {("Alpha Office", "overdue", None), ("Gamma Office", "overdue", None)}
    assert (sum(r[0] == "Gamma Office" for r in old), sum(r[0] == "Alpha Office" for r in old)) == (23, 16)
    assert old[0] == ("Gamma Office", "plan_to_psu", D(2019, 1, 2), "overdue", None, False)
    assert old[6] == ("Alpha Office", "plan_to_psu", D(2020, 12, 31), "overdue", None, False)  # the plan for 2021
    assert got[36:] == [
        ("Alpha Office", "plan_to_psu", D(2025, 12, 31), "overdue", None, False),  # nobody filed the plan for 2026
        ("Gamma Office", "plan_to_psu", D(2025, 12, 31), "overdue", None, False),
        ("Gamma Office", "report_to_psu", D(2026, 2, 2), "overdue", None, False),  # still registered then
        # met in the last 90 days; what was met earlier is not listed
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
    assert [(r[0], r[2], r[3]) for r in rows(world, statuses=["overdue", "met late"])][36:] == [
        ("Alpha Office", D(2025, 12, 31), "overdue"),
        ("Gamma Office", D(2025, 12, 31), "overdue"),
        ("Gamma Office", D(2026, 2, 2), "overdue"),
        ("Delta Foundation", D(2026, 10, 8), "met late"),
        ("Delta Foundation", D(2026, 11, 19), "overdue"),
        ("Delta Foundation", D(2026, 11, 30), "overdue"),
    ]
    assert rows(world, org_id=world.gamma, statuses=["upcoming"]) == []


def test_since_reaches_further_back(world: World) -> None:
    assert world.files["old"] not in [r[4] for r in rows(world, org_id=world.delta)]  # met on 2025-07-01
    assert [r[1:5] for r in rows(world, org_id=world.alpha, since=D(2026, 1, 1)) if r[2].year == 2026][:2] == [
        ("report_to_psu", D(2026, 2, 2), "met", world.files["report_2025"]),
        ("report_to_registrar", D(2026, 3, 31), "met late", world.files["report_2025"])]  # fmt: skip
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


def test_yearly_filings_that_are_no_office_duty_are_listed_as_they_are(world: World) -> None:
    """A foreign NGO without an office has no yearly duties; a report it files still has its deadlines. Two
    filings of one office for one year: the duty is met by the one that met it, and names the latest."""
    with transaction(world.url) as s:
        r = service.start(s, "fngo_annual_report", org_id=world.delta, on=D(2026, 1, 5), actor=ACTOR, now=NOW,
                          values={"year": "2025"})  # fmt: skip
        first = service.start(s, "fngo_annual_plan", org_id=world.beta, on=D(2026, 11, 1), actor=ACTOR, now=NOW,
                              values={"year": "2027"}).id  # fmt: skip
        second = service.start(s, "fngo_annual_plan", org_id=world.beta, on=D(2026, 11, 2), actor=ACTOR, now=NOW,
                               values={"year": "2027", "plan": "Clinics",
                                       "contents": "project_implementation,use_of_funds"}).id  # fmt: skip
        service.fire(s, second, "submit_to_psu", role="foreign_ngo", on=D(2026, 12, 5), actor=ACTOR, now=NOW)
    delta = [(r_[1], r_[2], r_[3], r_[4]) for r_ in rows(world, org_id=world.delta) if r_[1] != "closing_report"]
    assert delta == [("report_to_psu", D(2026, 2, 2), "overdue", r.id),
                     ("report_to_registrar", D(2026, 3, 31), "overdue", r.id)]  # fmt: skip
    beta = rows(world, org_id=world.beta)
    assert beta[0][1:5] == ("plan_to_psu", D(2026, 12, 31), "met", second)
    assert first < second and len(beta) == 3


def test_a_plan_takes_up_the_duty_of_the_year_it_names(world: World) -> None:
    """A plan started for the wrong year takes up that year's duty; corrected on sending, it takes up the
    duty of the year it now names — the duty follows the filing's year."""
    def beta_plans() -> list[tuple[object, ...]]:
        return [r[1:5] for r in rows(world, org_id=world.beta) if r[1] == "plan_to_psu"]

    with transaction(world.url) as s:
        plan = service.start(s, "fngo_annual_plan", org_id=world.beta, on=D(2026, 11, 1), actor=ACTOR, now=NOW,
                             values={"year": "2026"}).id  # fmt: skip
    # the plan for 2026 was due before Beta was registered: no duty of Beta's, so its deadline is listed as
    # it is, beside the duty for 2027 that nobody has taken up
    assert beta_plans() == [("plan_to_psu", D(2025, 12, 31), "overdue", plan),
                            ("plan_to_psu", D(2026, 12, 31), "due", None)]  # fmt: skip
    with transaction(world.url) as s:
        service.fire(s, plan, "submit_to_psu", role="foreign_ngo", on=D(2026, 12, 5), actor=ACTOR, now=NOW,
                     values={"year": "2027", "plan": "Clinics", "contents": "project_implementation,use_of_funds"})
    assert beta_plans() == [("plan_to_psu", D(2026, 12, 31), "met", plan)]


def test_a_reader_may_stop_early(world: World) -> None:
    """Leaving the calendar half read must leave the transaction free to end, and the connection to serve."""
    with transaction(world.url, write=False) as s:
        first = next(calendar.due(s, as_of=AS_OF))
    assert first.obligation == "plan_to_psu"
    assert len(rows(world)) == 52
