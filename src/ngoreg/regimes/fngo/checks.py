"""`ngoreg check` for the Foreign NGO Law: records that break one of its rules, each with its provision.

Temporary activities are checked with the guards of the procedure itself (`temporary_activity`), so a check
and a refusal of the same filing cite the same article and say the same sentence:
* `dates_in_order` — the end date is not before the start (art. 17(1)(3): the filing states the activity's
  period);
* `lasts_at_most_one_year` — art. 17(3), a year counted as law/periods.py counts it (an activity from
  2017-03-02 may end on 2018-03-02);
* `partner_is_of_a_permitted_kind` — art. 16. A partner unit whose kind the source does not give is not a
  finding; it is counted under `not_checked`.
The guards that need facts the public lists do not carry (documents filed, filing 15 days ahead, bans) are not
run. Beyond the procedure:
* `office_without_supervisory_unit` — a registered representative office with no supervisory unit on record
  (art. 11(1): an office is registered only with a supervisory unit's consent).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ngoreg.law import cite
from ngoreg.regimes.fngo import temporary_activity as activity
from ngoreg.regimes.fngo.office import OFFICE_KIND
from ngoreg.reporting import repository as repo
from ngoreg.reporting.findings import CheckReport, Finding, guard_finding
from ngoreg.workflow.spec import SYSTEM, Context

OFFICE_PSU = cite("fngo", 11, 1)


def _date(v: str | None) -> date | None:
    try:
        return date.fromisoformat(v) if v else None
    except ValueError:
        return None


def activities(session: Session, report: CheckReport) -> None:
    guards = {g.name: g for g in activity.PROCEDURE.transition("file").guards}
    in_order, one_year, kind_ok = (guards[n] for n in ("dates_in_order", "lasts_at_most_one_year",
                                                       "partner_is_of_a_permitted_kind"))  # fmt: skip
    for fid, org_id, start_s, end_s, kind, problem, ptype in repo.activity_rows(session, activity.CODE):
        report.checked["temporary_activity"] += 1
        start, end = _date(start_s), _date(end_s)
        text = {"start_date": start_s, "end_date": end_s, "partner_kind": ptype or kind}
        if start and end:
            ctx = Context({"start_date": start, "end_date": end}, start, SYSTEM, activity.State.FILED.value)
            if not in_order.holds(ctx):
                report.findings.append(guard_finding(in_order, fid, org_id, text))
            elif not one_year.holds(ctx):
                report.findings.append(guard_finding(one_year, fid, org_id, text))
        else:
            report.not_checked["activity_dates_missing"] += 1
        if kind is None and problem != "not_allowed":
            report.not_checked["partner_kind_unknown"] += 1
        elif not kind_ok.holds(Context({"partner_kind": kind}, start or date.min, SYSTEM, "filed")):
            report.findings.append(guard_finding(kind_ok, fid, org_id, text))


def offices_without_supervisory_unit(session: Session, report: CheckReport) -> None:
    for oid, en, zh, registered in repo.registered_without_supervisory_unit(session, OFFICE_KIND):
        report.findings.append(Finding(
            "office_without_supervisory_unit", OFFICE_PSU, "organisation", oid, oid,
            f"representative office {en or zh}, registered {registered.isoformat() if registered else '(no date)'}, "
            f"has no professional supervisory unit on record; registration requires one's consent"))  # fmt: skip
