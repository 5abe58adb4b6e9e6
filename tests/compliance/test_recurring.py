"""The yearly duties of a representative office and of a social organisation, derived from the procedures'
yearly deadlines."""

from datetime import date

from ngoreg import regimes
from ngoreg.compliance.recurring import Occurrence, occurrences, owing_kinds, yearly
from ngoreg.regimes.fngo import annual_plan as fngo_annual_plan
from ngoreg.regimes.fngo import annual_report as fngo_annual_report
from ngoreg.workflow.spec import CalendarDay

D = date


def fngo(as_of: date) -> list[Occurrence]:
    """The Foreign NGO Law's occurrences: the domestic regime's deadlines bear the same names."""
    return [o for o in occurrences(as_of) if o.procedure.startswith("fngo_")]


def test_the_duties_are_the_procedures_yearly_deadlines() -> None:
    assert sorted(regimes.catalogue().duties) == ["association_inspection", "charity_annual_report", "fngo_annual_plan",
                                                  "fngo_annual_report", "foundation_inspection", "unit_inspection"]
    # a charity's yearly reports (Charity Law art. 13) are owed by the kinds a charity can be (art. 8(2))
    assert owing_kinds() == ["civil_non_enterprise", "foundation", "representative_office", "social_association"]
    assert [(d.name, d.period) for d in yearly(fngo_annual_plan.PROCEDURE)] == [
        ("plan_to_psu", CalendarDay(12, 31, "year", offset=-1))
    ]
    assert [(d.name, str(d.basis)) for d in yearly(fngo_annual_report.PROCEDURE)] == [
        ("report_to_psu", "FNGO Law art. 31(1)"), ("report_to_registrar", "FNGO Law art. 31(1)")
    ]  # fmt: skip


def test_from_the_law_up_to_the_next_time_each_falls_due() -> None:
    got = [(o.deadline.name, o.year, o.last.day) for o in fngo(D(2018, 2, 10))]
    assert got == [
        # no plan for 2017 (due 31 December 2016) nor report on 2016: the law is in force from 2017-01-01
        ("plan_to_psu", 2018, D(2018, 1, 2)),  # 31 December 2017 a Sunday, 1 January a holiday
        ("report_to_psu", 2017, D(2018, 1, 31)),
        ("report_to_registrar", 2017, D(2018, 4, 2)),  # 31 March 2018 a Saturday
        ("plan_to_psu", 2019, D(2019, 1, 2)),
        ("report_to_psu", 2018, D(2019, 1, 31)),
    ]


def test_a_last_day_in_a_year_without_published_holidays_is_provisional() -> None:
    last = {(o.deadline.name, o.year): o.last for o in fngo(D(2026, 12, 10))}
    assert last[("plan_to_psu", 2027)].provisional is False  # 31 December 2026
    assert last[("report_to_psu", 2026)].provisional is True  # 31 January 2027
    assert last[("report_to_psu", 2026)].day == D(2027, 2, 1)


def test_which_registrations_owe_a_year() -> None:
    by = {(o.deadline.name, o.year): (o.registered_by, o.ended_after) for o in fngo(D(2026, 12, 10))}
    # the plan for 2027: registered by its day, and still registered on 1 January 2027
    assert by[("plan_to_psu", 2027)] == (D(2026, 12, 31), D(2027, 1, 1))
    # the report on 2025: registered at some time in 2025, and not ended by its day
    assert by[("report_to_psu", 2025)] == (D(2025, 12, 31), D(2026, 1, 31))
    assert by[("report_to_registrar", 2025)] == (D(2025, 12, 31), D(2026, 3, 31))


def test_a_social_organisations_report_is_owed_to_its_unit_only_where_it_has_one() -> None:
    got = [(o.procedure, o.deadline.name, o.year, o.last.day, o.sponsored_only) for o in occurrences(D(1999, 1, 10))
           if not o.procedure.startswith("fngo_")]  # fmt: skip
    # In force from 25 October 1998: the report on 1998 is the first (Social Association Regulations art. 28(1),
    # Civil Non-Enterprise Unit Regulations art. 23(1)); no foundation before the 2004 regulations.
    assert got == [
        ("association_inspection", "report_to_psu", 1998, D(1999, 3, 31), True),
        ("unit_inspection", "report_to_psu", 1998, D(1999, 3, 31), True),
        ("association_inspection", "report_to_registrar", 1998, D(1999, 5, 31), False),
        ("unit_inspection", "report_to_registrar", 1998, D(1999, 5, 31), False),
    ]
    foundations = [(o.deadline.name, o.year, o.last.day) for o in occurrences(D(2005, 1, 10))
                   if o.procedure == "foundation_inspection"]  # fmt: skip
    assert foundations == [("report_to_registrar", 2004, D(2005, 3, 31))]  # Foundation Regulations art. 36(1)
