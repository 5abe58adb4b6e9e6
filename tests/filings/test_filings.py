import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from ngoreg.audit.models import AuditEvent
from ngoreg.db.engine import transaction
from ngoreg.errors import Conflict, InvalidInput, Refused
from ngoreg.filings import service
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

VALUES = {"activity_name": "Rural teacher training", "partner_name": "Gansu Education Association",
          "partner_kind": "social_organisation", "region": "Gansu", "start_date": "2017-03-17",
          "end_date": "2017-06-30",
          "documents": "proof_of_establishment,written_agreement,activity_particulars,funding_and_account,"
                       "partner_approval"}  # fmt: skip


@pytest.fixture
def filing(url: str) -> tuple[str, int]:
    with transaction(url) as s:
        org = add_organisation(s, org_record(kind="foreign_ngo", name_en="Teachers Abroad", origin="GB"),
                               actor=ACTOR, now=NOW)  # fmt: skip
        f = service.start(s, "fngo_temporary_activity", org_id=org, values=VALUES, on=date(2017, 2, 20),
                          actor=ACTOR, now=NOW)  # fmt: skip
        return url, f.id


def events(url: str) -> int:
    with transaction(url, write=False) as s:
        return s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


def test_file_then_report_in_time(filing: tuple[str, int]) -> None:
    url, fid = filing
    with transaction(url) as s:
        service.fire(s, fid, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW)
    with transaction(url) as s:
        service.fire(s, fid, "report_closing", role="foreign_ngo", on=date(2017, 7, 20), actor=ACTOR, now=NOW,
                     values={"report": "Trained 120 teachers; funds as budgeted."})  # fmt: skip
    with transaction(url, write=False) as s:
        shown = service.show(s, fid)
    assert shown["state"] == "reported"
    assert [(d["name"], d["due_on"], d["status"]) for d in shown["deadlines"]] == [
        ("closing_report", "2017-07-31", "met")
    ]
    assert [h["action"] for h in shown["history"]] == ["filing.started", "activity.filed", "activity.reported"]
    assert shown["history"][1]["basis"] == "FNGO Law art. 17(1)"


def test_a_refused_action_writes_nothing(filing: tuple[str, int]) -> None:
    url, fid = filing
    before = events(url)
    with transaction(url) as s, pytest.raises(Refused) as r:
        service.fire(s, fid, "file", role="partner_unit", on=date(2017, 3, 10), actor=ACTOR, now=NOW)
    assert [x.basis for x in r.value.refusals] == ["FNGO Law art. 17(1)"]
    assert events(url) == before
    with transaction(url, write=False) as s:
        assert service.show(s, fid)["state"] == "drafted"


def test_nothing_is_done_or_previewed_before_the_filing_started(filing: tuple[str, int]) -> None:
    url, fid = filing  # started on 2017-02-20
    before = events(url)
    with transaction(url) as s, pytest.raises(InvalidInput) as bad:
        service.fire(s, fid, "file", role="partner_unit", on=date(2017, 2, 19), actor=ACTOR, now=NOW)
    assert str(bad.value) == "on: '2017-02-19': before the filing started on 2017-02-20"
    with transaction(url, write=False) as s, pytest.raises(InvalidInput) as bad:
        service.options(s, fid, role="partner_unit", on=date(2017, 2, 19))
    assert bad.value.field == "on"
    assert events(url) == before
    with transaction(url, write=False) as s:  # the day it started is a day of the filing
        assert service.options(s, fid, role="partner_unit", on=date(2017, 2, 20))


def test_options_preview_the_data_a_fire_would_set_and_save_nothing(filing: tuple[str, int]) -> None:
    url, fid = filing  # the activity starts on 2017-03-17: too soon to file on 2017-03-07
    with transaction(url, write=False) as s:
        now_ = {o.transition: o for o in service.options(s, fid, role="partner_unit", on=date(2017, 3, 7))}
        later = {o.transition: o for o in service.options(s, fid, role="partner_unit", on=date(2017, 3, 7),
                                                          values={"start_date": "2017-03-25"})}  # fmt: skip
        fewer = {o.transition: o for o in service.options(s, fid, role="partner_unit", on=date(2017, 3, 1),
                                                          values={"documents": "written_agreement"})}  # fmt: skip
    assert [r.rule for r in now_["file"].refusals] == ["filed_15_days_before_start"]
    assert later["file"].allowed
    assert [r.rule for r in fewer["file"].refusals] == ["documents_complete"]
    with transaction(url, write=False) as s:
        assert service.show(s, fid)["data"]["start_date"] == "2017-03-17"
    with transaction(url, write=False) as s, pytest.raises(InvalidInput, match="colour"):
        service.options(s, fid, role="partner_unit", on=date(2017, 3, 7), values={"colour": "red"})


def test_the_sweep_marks_the_report_overdue_once_and_a_late_report_is_met_late(filing: tuple[str, int]) -> None:
    url, fid = filing
    with transaction(url) as s:
        service.fire(s, fid, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW)
    with transaction(url) as s:  # the last day itself is still in time
        assert service.sweep(s, as_of=date(2017, 7, 31), actor=ACTOR, now=NOW) == {"expired": 0, "fired": 0}
    with transaction(url) as s:
        assert service.sweep(s, as_of=date(2017, 8, 1), actor=ACTOR, now=NOW) == {"expired": 1, "fired": 1}
    n = events(url)
    with transaction(url) as s:
        assert service.sweep(s, as_of=date(2017, 8, 1), actor=ACTOR, now=NOW) == {"expired": 0, "fired": 0}
    assert events(url) == n
    with transaction(url) as s:
        service.fire(s, fid, "report_closing", role="partner_unit", on=date(2017, 8, 15), actor=ACTOR, now=NOW,
                     values={"report": "late"})  # fmt: skip
    with transaction(url, write=False) as s:
        shown = service.show(s, fid)
    assert shown["state"] == "reported"
    assert shown["deadlines"][0]["status"] == "met_late"
    assert "activity.report_overdue" in [h["action"] for h in shown["history"]]


def test_a_stale_version_is_refused(filing: tuple[str, int]) -> None:
    url, fid = filing
    with transaction(url) as s:
        service.fire(s, fid, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW,
                     expected_version=1)  # fmt: skip
    with transaction(url) as s, pytest.raises(Conflict, match="version 2, not 1"):
        service.fire(s, fid, "order_stop", role="registrar", on=date(2017, 4, 1), actor=ACTOR, now=NOW,
                     values={"stop_reason": "art. 5"}, expected_version=1)  # fmt: skip


def test_two_officers_deciding_at_once_one_wins(filing: tuple[str, int]) -> None:
    """Both read version 1 and act; exactly one change and one audit event survive."""
    url, fid = filing
    with transaction(url) as s:
        service.fire(s, fid, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW)
    with transaction(url, write=False) as s:
        seen = service.load(s, fid).version
    before = events(url)
    barrier, outcomes = threading.Barrier(2), []

    def officer(transition: str, values: dict[str, str], role: str) -> None:
        barrier.wait()
        try:
            with transaction(url) as s:
                service.fire(s, fid, transition, role=role, on=date(2017, 7, 5), actor=ACTOR, now=NOW,
                             values=values, expected_version=seen)  # fmt: skip
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")

    threads = [
        threading.Thread(target=officer, args=("order_stop", {"stop_reason": "art. 5"}, "registrar")),
        threading.Thread(target=officer, args=("report_closing", {"report": "done"}, "partner_unit")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "won"]
    assert events(url) == before + 1
