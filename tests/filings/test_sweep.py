"""The deadline sweep runs as of today at the latest, and every deadline it marks expired is in the audit log
(`deadline.expired` on the filing, on the deadline's basis), beside the expiry transition's own event; a
second run writes nothing and the chain still verifies."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from ngoreg.audit.models import AuditEvent
from ngoreg.audit.service import verify
from ngoreg.cli.app import app
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.filings import service
from ngoreg.law.periods import day_of
from tests.conftest import ACTOR, NOW
from tests.filings.test_filings import events, filing  # noqa: F401  (the fixture)

TODAY = day_of(NOW)  # 2026-11-22 in Beijing


def log(url: str, after: int = 0) -> list[AuditEvent]:
    with transaction(url, write=False) as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id)))


def test_a_sweep_ahead_of_today_is_refused_and_writes_nothing(filing: tuple[str, int]) -> None:  # noqa: F811
    url, fid = filing
    with transaction(url) as s:
        service.fire(s, fid, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW)
    n = events(url)
    for ahead in (TODAY + timedelta(days=1), date(2099, 12, 31)):
        with transaction(url) as s, pytest.raises(InvalidInput) as e:
            service.sweep(s, as_of=ahead, actor=ACTOR, now=NOW)
        assert str(e.value) == (f"as_of: '{ahead.isoformat()}': is after today (2026-11-22); a sweep expires only "
                                "deadlines whose last day has passed")  # fmt: skip
    assert events(url) == n
    with transaction(url, write=False) as s:
        assert [d["status"] for d in service.show(s, fid)["deadlines"]] == ["open"]
    # today is in Beijing: at 16:30 UTC on the 22nd it is already the 23rd there
    late = datetime(2026, 11, 22, 16, 30, tzinfo=NOW.tzinfo)
    with transaction(url) as s:
        assert service.sweep(s, as_of=date(2026, 11, 23), actor=ACTOR, now=late) == {"expired": 1, "fired": 1}


def test_every_expired_deadline_is_in_the_audit_log_once(filing: tuple[str, int]) -> None:  # noqa: F811
    url, fid = filing
    with transaction(url) as s:
        service.fire(s, fid, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW)
    last = log(url)[-1].id
    with transaction(url) as s:
        assert service.sweep(s, as_of=date(2017, 8, 1), actor=ACTOR, now=NOW) == {"expired": 1, "fired": 1}
    written = log(url, last)
    assert [(e.action, e.subject_type, e.subject_id) for e in written] == [
        ("deadline.expired", "filing", fid), ("activity.report_overdue", "filing", fid)]
    expired = written[0]
    with transaction(url, write=False) as s:
        shown = service.show(s, fid)
    deadline = shown["deadlines"][0]
    assert (deadline["status"], deadline["closed_on"]) == ("expired", "2017-07-31")
    assert expired.basis == deadline["basis"] == "FNGO Law art. 30(2)"
    assert (expired.effective_on, expired.actor, expired.reason) == (
        date(2017, 8, 1), ACTOR.id, "Closing report to the registrar: last day 2017-07-31 passed")
    before, after = json.loads(expired.before), json.loads(expired.after)
    assert (before["deadline"]["status"], after["deadline"]["status"]) == ("open", "expired")
    assert after["deadline"]["name"] == "closing_report" and after["deadline"]["due_on"] == "2017-07-31"
    assert after["state"] == "filed"  # as it stood until the expiry transition's own event
    assert "deadline.expired" in [h["action"] for h in shown["history"]]
    with transaction(url) as s:  # idempotent: nothing left, nothing written
        assert service.sweep(s, as_of=date(2017, 8, 1), actor=ACTOR, now=NOW) == {"expired": 0, "fired": 0}
        assert service.sweep(s, as_of=TODAY, actor=ACTOR, now=NOW) == {"expired": 0, "fired": 0}
    assert log(url)[-1].id == written[-1].id
    with transaction(url, write=False) as s:
        assert verify(s).ok


def ngoreg(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_the_command_refuses_a_sweep_ahead_of_today_in_one_line(url: str) -> None:
    assert ngoreg("init", "--db", url)[0] == 0
    invalid = ngoreg("deadlines", "sweep", "--as-of", "1 August", "--db", url)[0]
    assert invalid != 0
    code, out, err = ngoreg("deadlines", "sweep", "--as-of", "9999-12-31", "--db", url)
    assert (code, out) == (invalid, "")
    assert err == ("error: --as-of: '9999-12-31': is outside the days the registry takes (1900-01-01 to "
                   "2099-12-31)\n")  # fmt: skip
    code, out, err = ngoreg("deadlines", "sweep", "--as-of", "2099-12-31", "--db", url)
    today = day_of(datetime.now(NOW.tzinfo))
    assert (code, out) == (invalid, "")
    assert err == (f"error: --as-of: '2099-12-31': is after today ({today.isoformat()}); a sweep expires only "
                   "deadlines whose last day has passed\n")  # fmt: skip


def test_the_public_does_not_see_an_expiry(filing: tuple[str, int]) -> None:  # noqa: F811
    """Obligations are never public (`filings_api._redacted`), and neither is their expiry; the filing's own
    readers see it."""
    from fastapi.testclient import TestClient

    from tests.web.accounts import admin, app_at

    url, fid = filing
    with transaction(url) as s:
        service.fire(s, fid, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW)
        service.sweep(s, as_of=date(2017, 8, 1), actor=ACTOR, now=NOW)
    public = TestClient(app_at(url)).get(f"/api/v1/filings/{fid}")
    assert public.status_code == 200
    assert [e["action"] for e in public.json()["history"]] == ["filing.started", "activity.filed",
                                                              "activity.report_overdue"]  # fmt: skip
    full = admin(url).get(f"/api/v1/filings/{fid}").json()
    assert "deadline.expired" in [e["action"] for e in full["history"]]


def test_a_sweep_in_batches_writes_each_expiry_before_its_transition_and_in_the_order_of_last_days(
    filing: tuple[str, int],  # noqa: F811
) -> None:
    """Thousands of deadlines expire the day after a yearly one: the sweep closes a batch's deadlines and
    appends their events together, but as if one by one — by last day, each expiry's event before its
    transition's, stating the filing as it stood — whatever the batch."""
    from ngoreg.registry.service import add_organisation
    from ngoreg.registry.validation import org_record
    from tests.filings.test_filings import VALUES

    url, first = filing
    with transaction(url) as s:
        org = add_organisation(s, org_record(kind="foreign_ngo", name_en="Rivers Abroad", origin="FR"),
                               actor=ACTOR, now=NOW)  # fmt: skip
        ends = ("2017-06-30", "2017-06-10", "2017-06-20")  # closing reports due 30 days later, by Civil Code moves
        ids = [first] + [service.start(s, "fngo_temporary_activity", org_id=org, values=VALUES, on=date(2017, 2, 20),
                                       actor=ACTOR, now=NOW).id for _ in ends[1:]]  # fmt: skip
        for fid, end in zip(ids, ends, strict=True):
            service.fire(s, fid, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW,
                         values={"end_date": end})  # fmt: skip
    with transaction(url, write=False) as s:
        due = {fid: service.show(s, fid)["deadlines"][0]["due_on"] for fid in ids}
    last = log(url)[-1].id
    with transaction(url) as s:
        assert service.sweep(s, as_of=date(2017, 8, 1), actor=ACTOR, now=NOW, batch=2) == {"expired": 3, "fired": 3}
    written = log(url, last)
    in_order = sorted(ids, key=lambda fid: (due[fid], fid))
    assert [(e.action, e.subject_id) for e in written] == [
        (a, fid) for fid in in_order for a in ("deadline.expired", "activity.report_overdue")]
    for e in written[::2]:
        assert json.loads(e.after)["state"] == "filed"
        assert json.loads(e.after)["deadline"]["due_on"] == due[e.subject_id]
    with transaction(url, write=False) as s:
        assert all(d["status"] == "expired" and d["closed_on"] == d["due_on"]
                   for fid in ids for d in service.show(s, fid)["deadlines"])  # fmt: skip
        assert verify(s).ok
    with transaction(url) as s:
        assert service.sweep(s, as_of=date(2017, 8, 1), actor=ACTOR, now=NOW, batch=2) == {"expired": 0, "fired": 0}
