"""A registry for the calendar's tests, as of a pinned day: three representative offices (registered long
ago, mid-year, and deregistered) and a foreign NGO with temporary activities in every state."""

from dataclasses import dataclass
from datetime import date

import pytest

from ngoreg.db.engine import transaction
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
