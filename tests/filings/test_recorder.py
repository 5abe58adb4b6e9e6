"""The filings service's bulk path (`service.Recorder`): filings a public list shows as having reached a state,
recorded as the procedure declares the step into it — the same state, deadlines, parties and audit payload as
the live path gives a filing started and moved there on the same day — one chained event each, all in the
caller's transaction. On SQLite and PostgreSQL."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.audit.bulk import BulkAppender
from ngoreg.audit.chain import canonical
from ngoreg.audit.models import AuditEvent
from ngoreg.audit.service import verify
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.filings import actions, service
from ngoreg.filings.models import Filing, FilingDeadline
from ngoreg.filings.parties import StandsFor
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

ACTIVITY = "fngo_temporary_activity"
REPORT = "fngo_annual_report"
READ_ON = date(2019, 1, 1)  # the day the list is read
DOCUMENTS = "proof_of_establishment,written_agreement,activity_particulars,funding_and_account,partner_approval"


def activity(start: str, end: str, name: str = "Rural teacher training") -> dict[str, Any]:
    """A temporary activity as a list shows it, as a filing keeps it (dates as ISO text), with what the list
    adds beside the procedure's fields."""
    return {"activity_name": name, "activity_name_en": "Rural teacher training", "partner_name": "甘肃省教育学会",
            "partner_kind": "social_organisation", "region": "甘肃", "start_date": start, "end_date": end,
            "provinces": ["620000"], "source": {"file": "list.csv", "line": 2}}  # fmt: skip


@pytest.fixture
def parties(url: str) -> tuple[str, int, int]:
    """(url, a foreign NGO, a Chinese partner unit)."""
    with transaction(url) as s:
        ngo = add_organisation(s, org_record(kind="foreign_ngo", name_en="Teachers Abroad", origin="GB"),
                               actor=ACTOR, now=NOW)  # fmt: skip
        partner = add_organisation(s, org_record(kind="social_association", name_zh="甘肃省教育学会"),
                                   actor=ACTOR, now=NOW)  # fmt: skip
    return url, ngo, partner


def recorder(s: Session, code: str, state: str, read_on: date = READ_ON) -> service.Recorder:
    return service.Recorder(s, code, state, audit=BulkAppender(s, ACTOR, now=NOW), read_on=read_on)


def finish(r: service.Recorder) -> int:
    n = r.close()
    r.audit.close()
    return n


def rows(s: Session, filing_id: int) -> tuple[Filing, list[FilingDeadline], list[AuditEvent]]:
    f = s.get(Filing, filing_id)
    assert f is not None
    deadlines = list(s.scalars(select(FilingDeadline).where(FilingDeadline.filing_id == filing_id)
                               .order_by(FilingDeadline.id)))  # fmt: skip
    events = list(s.scalars(select(AuditEvent).where(AuditEvent.subject_type == "filing",
                                                     AuditEvent.subject_id == filing_id)))  # fmt: skip
    return f, deadlines, events


def shown(d: FilingDeadline) -> tuple[Any, ...]:
    return d.name, d.duty, d.basis, d.opened_on, d.due_on, d.provisional, d.status, d.closed_on


def counts(url: str) -> tuple[int, int, int]:
    with transaction(url, write=False) as s:
        return tuple(s.execute(select(func.count()).select_from(m)).scalar_one()  # type: ignore[return-value]
                     for m in (Filing, FilingDeadline, AuditEvent))  # fmt: skip


def test_a_recorded_filing_is_what_the_live_step_makes_of_it(parties: tuple[str, int, int]) -> None:
    """The state, the closing-report deadline and the partner unit are those the live path gives a filing
    drafted and filed on the same day; the event is the step's, on its article, with procedure, state and data."""
    url, ngo, partner = parties
    on = date(2018, 8, 1)
    with transaction(url) as s:  # live: drafted, then filed by the partner unit it stands for
        values = {k: v for k, v in activity("2018-08-20", "2018-09-05").items() if k in
                  {f.name for f in procedures.in_force(ACTIVITY, on).fields}}  # fmt: skip
        live = actions.start_as(s, ACTIVITY, role="partner_unit", org_id=ngo, actor=ACTOR, now=NOW, on=on,
                                values={**{k: str(v) for k, v in values.items()}, "documents": DOCUMENTS},
                                stands_for=StandsFor(org_id=partner))  # fmt: skip
        actions.fire_as(s, live.id, "file", role="partner_unit", on=on, actor=ACTOR, now=NOW,
                        stands_for=StandsFor(org_id=partner))  # fmt: skip
    with transaction(url) as s:
        r = recorder(s, ACTIVITY, "filed", read_on=date(2018, 9, 1))
        fid = r.record(ngo, activity("2018-08-20", "2018-09-05"), on=on, stands_for=StandsFor(org_id=partner),
                       reason="imported from list.csv line 2")  # fmt: skip
        assert finish(r) == 1
    with transaction(url, write=False) as s:
        f, deadlines, events = rows(s, fid)
        lf, live_deadlines, live_events = rows(s, live.id)
        assert (f.procedure, f.procedure_version, f.org_id, f.state, f.started_on, f.version) == \
            (lf.procedure, lf.procedure_version, ngo, "filed", on, 1)  # fmt: skip
        assert f.data["partner_org_id"] == lf.data["partner_org_id"] == partner
        assert f.data["provinces"] == ["620000"] and f.data["source"] == {"file": "list.csv", "line": 2}
        # Art. 30(2): 30 days after 2018-09-05, moved off the National Day holiday; still ahead when read.
        assert [shown(d) for d in deadlines] == [shown(d) for d in live_deadlines] == [
            ("closing_report", None, "FNGO Law art. 30(2)", on, date(2018, 10, 8), False, "open", None)]
        [event] = events
        assert (event.action, event.effective_on, event.basis, event.reason, event.actor) == \
            ("activity.filed", on, "FNGO Law art. 17(1)", "imported from list.csv line 2", ACTOR.id)  # fmt: skip
        assert (event.action, event.basis) == (live_events[-1].action, live_events[-1].basis)
        assert event.after == canonical({"procedure": ACTIVITY, "state": "filed", "data": f.data})
        assert verify(s).ok


def test_a_deadline_past_when_the_list_was_read_is_unrecorded_and_one_ahead_open(
        parties: tuple[str, int, int]) -> None:  # fmt: skip
    """The list records the step, not what came after: a report due before the day it was read is
    unrecorded (neither overdue nor met), one due on that day or later is open, and the sweep leaves the
    first alone."""
    url, ngo, _ = parties
    with transaction(url) as s:
        r = recorder(s, ACTIVITY, "filed", read_on=date(2018, 10, 8))
        past = r.record(ngo, activity("2018-07-01", "2018-08-15"), on=date(2018, 6, 1), stands_for=None)
        last_day = r.record(ngo, activity("2018-08-20", "2018-09-05"), on=date(2018, 8, 1), stands_for=None)
        finish(r)
    with transaction(url) as s:
        assert [(d.due_on, d.status) for d in rows(s, past)[1]] == [(date(2018, 9, 14), "unrecorded")]
        assert [(d.due_on, d.status) for d in rows(s, last_day)[1]] == [(date(2018, 10, 8), "open")]
        assert service.sweep(s, as_of=date(2018, 10, 9), actor=ACTOR, now=NOW) == {"expired": 1, "fired": 1}
        assert rows(s, past)[0].state == "filed" and rows(s, last_day)[0].state == "report_overdue"


def test_a_party_the_list_names_no_one_for_is_recorded_empty(parties: tuple[str, int, int]) -> None:
    url, ngo, _ = parties
    with transaction(url) as s:
        r = recorder(s, ACTIVITY, "filed")
        nobody = r.record(ngo, activity("2018-07-01", "2018-08-31"), on=date(2018, 6, 1),
                          stands_for=StandsFor(org_id=None))  # fmt: skip
        finish(r)
    with transaction(url, write=False) as s:
        f = rows(s, nobody)[0]
    assert "partner_org_id" in f.data and f.data["partner_org_id"] is None


def test_a_step_that_meets_a_duty_running_from_the_start_meets_it_as_the_live_path_does(url: str) -> None:
    """An annual report sent to the supervisory unit: its yearly duties open at the start, the step meets
    the first on its day, the second stays due — as `start` and `fire` on the same day leave them."""
    on = date(2019, 1, 20)
    data = {"year": 2018, "contents": ["audited_financial_report", "activities", "staff_and_structure_changes"],
            "auditor": "Beijing Zhonghe CPA", "audited_in_china": True}  # fmt: skip
    with transaction(url) as s:
        office = add_organisation(s, org_record(kind="representative_office", name_en="Alpha Council (Beijing)",
                                                registered_on="2017-05-01"), actor=ACTOR, now=NOW)  # fmt: skip
        live = service.start(s, REPORT, org_id=office, on=on, actor=ACTOR, now=NOW,
                             values={"year": "2018", "contents": ",".join(data["contents"]),
                                     "auditor": data["auditor"], "audited_in_china": "yes"})  # fmt: skip
        service.fire(s, live.id, "submit_to_psu", role="foreign_ngo", on=on, actor=ACTOR, now=NOW)
        r = recorder(s, REPORT, "submitted_to_psu", read_on=on)
        fid = r.record(office, data, on=on, stands_for=None)
        finish(r)
    with transaction(url, write=False) as s:
        f, deadlines, [event] = rows(s, fid)
        lf, live_deadlines, live_events = rows(s, live.id)
    assert (f.state, f.data) == (lf.state, lf.data)
    assert [shown(d) for d in deadlines] == [shown(d) for d in live_deadlines] == [
        ("report_to_psu", f"{REPORT}/report_to_psu/2018", "FNGO Law art. 31(1)", on, date(2019, 1, 31), False,
         "met", on),
        ("report_to_registrar", f"{REPORT}/report_to_registrar/2018", "FNGO Law art. 31(1)", on, date(2019, 4, 1),
         False, "open", None)]  # fmt: skip
    assert event.action == live_events[-1].action == "annual_report.submitted_to_psu"


def test_each_filing_is_one_chained_event_in_the_callers_transaction(parties: tuple[str, int, int]) -> None:
    url, ngo, partner = parties
    before = counts(url)
    with transaction(url) as s:
        r = recorder(s, ACTIVITY, "filed")
        r.CHUNK = 2  # written to the database as it goes
        ids = [r.record(ngo, activity(f"2018-0{m}-01", f"2018-0{m}-20", f"Training {m}"), on=date(2018, m - 1, 1),
                        stands_for=StandsFor(org_id=partner)) for m in range(2, 7)]  # fmt: skip
        assert finish(r) == 5
    assert counts(url) == (before[0] + 5, before[1] + 5, before[2] + 5)
    with transaction(url, write=False) as s:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        assert [e.subject_id for e in events[-5:]] == ids
        assert verify(s).ok


def test_a_failure_midway_leaves_nothing(parties: tuple[str, int, int]) -> None:
    """Filings already written to the database when a later one fails go with the transaction."""
    url, ngo, partner = parties
    before = counts(url)
    with pytest.raises(InvalidInput) as bad, transaction(url) as s:
        r = recorder(s, ACTIVITY, "filed")
        r.CHUNK = 2
        for m in range(2, 6):
            r.record(ngo, activity(f"2018-0{m}-01", f"2018-0{m}-20", f"Training {m}"), on=date(2018, m - 1, 1),
                     stands_for=StandsFor(org_id=partner))  # fmt: skip
        assert r.filings.written == 4  # flushed: in the database, not yet committed
        r.record(ngo, {**activity("2018-07-01", "2018-07-20"), "end_date": None}, on=date(2018, 6, 1),
                 stands_for=StandsFor(org_id=partner))  # fmt: skip
    assert bad.value.field == "end_date"  # the closing report counts from it
    assert counts(url) == before


def test_a_state_no_single_step_leads_into_from_the_start_is_refused(url: str) -> None:
    with transaction(url) as s:
        appender = BulkAppender(s, ACTOR, now=NOW)
        for code, state, message in ((ACTIVITY, "reported", "no step leads into it from the start of"),
                                     (ACTIVITY, "drafted", "no step leads into it from the start of"),
                                     ("no_such_procedure", "filed", "unknown; one of")):  # fmt: skip
            with pytest.raises(InvalidInput) as bad:
                service.Recorder(s, code, state, audit=appender, read_on=READ_ON)
            assert message in str(bad.value)
        with pytest.raises(InvalidInput) as bad:
            service.Recorder(s, ACTIVITY, "filed", audit=appender, read_on=READ_ON, role="registrar")
        assert str(bad.value) == "role: 'registrar': does not take file; partner_unit does"
