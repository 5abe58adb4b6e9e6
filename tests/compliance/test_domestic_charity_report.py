"""A charity's yearly reports (Charity Law art. 13) in the compliance calendar of a registered charity, on both
engines: owed for the year before, due on 31 May (moved off the rest days), met by the filing that sends them."""

from datetime import date

from ngoreg.compliance import calendar
from ngoreg.db.engine import transaction
from ngoreg.facets import repository as facets
from ngoreg.filings import service
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

D = date
REPORT = {"year": "2024", "documents": "work_report,financial_accounting_report",
          "contents": "fundraising_and_donations,charitable_property,charitable_projects,fundraising_costs,"
                      "staff_pay_and_benefits,cooperation_abroad"}  # fmt: skip


def reports(url: str, org_id: int, as_of: date) -> list[tuple[str, date, str, str, int | None]]:
    with transaction(url, write=False) as s:
        return [(o.obligation, o.due_on, o.status, o.basis, o.filing_id)
                for o in calendar.due(s, as_of=as_of, org_id=org_id)
                if str(o.ref).startswith("charity_annual_report/")]  # fmt: skip


def test_a_registered_charity_owes_its_reports_on_the_last_year(url: str) -> None:
    with transaction(url) as s:
        org_id = add_organisation(s, org_record(kind="social_association", name_zh="上海市慈善服务协会",
                                                province="310000", registered_on="2023-06-01"), actor=ACTOR, now=NOW)
        # recognised as `charity_recognition` marks it (tests/filings/test_domestic_charity.py)
        facets.mark(s, "social_association", org_id, "charity", "recognised", D(2024, 10, 8))
    # The 2023 text is in force from 2024-09-05: the first report is on 2024, due 31 May 2025 (a Saturday, and
    # the Dragon Boat Festival holiday runs to Monday 2 June)
    assert reports(url, org_id, D(2025, 5, 20)) == [("report", D(2025, 6, 3), "due", "Charity Law art. 13", None)]
    with transaction(url) as s:
        fid = service.start(s, "charity_annual_report", org_id=org_id, values=REPORT, on=D(2025, 5, 26),
                            actor=ACTOR, now=NOW).id  # fmt: skip
        service.fire(s, fid, "submit", role="social_org", on=D(2025, 5, 26), actor=ACTOR, now=NOW)
    assert reports(url, org_id, D(2025, 5, 27)) == [("report", D(2025, 6, 3), "met", "Charity Law art. 13", fid)]


def test_a_social_organisation_that_is_no_charity_owes_no_charity_reports(url: str) -> None:
    with transaction(url) as s:
        org_id = add_organisation(s, org_record(kind="social_association", name_zh="上海市集邮协会",
                                                province="310000", registered_on="2023-06-01"), actor=ACTOR, now=NOW)
        # recognised only after the report on 2024 fell due: that one is not owed, the one on 2025 is
        facets.mark(s, "social_association", org_id, "charity", "recognised", D(2025, 7, 1))
    assert reports(url, org_id, D(2025, 5, 20)) == []
    assert [r[:3] for r in reports(url, org_id, D(2026, 5, 20))] == [("report", D(2026, 6, 1), "due")]
