"""`ngoreg check`: records that break a rule of the law, each with the provision it breaks.

Temporary activities are checked with the guards of the procedure itself (procedures/fngo_temporary_activity.py),
so a check and a refusal of the same filing cite the same article and say the same sentence:
* `dates_in_order` — the end date is not before the start (FNGO Law art. 17(1)(3): the filing states the
  activity's period);
* `lasts_at_most_one_year` — FNGO Law art. 17(3), a year counted as law/periods.py counts it (an activity from
  2017-03-02 may end on 2018-03-02);
* `partner_is_of_a_permitted_kind` — FNGO Law art. 16. A partner unit whose kind the source does not give is
  not a finding; it is counted under `not_checked`.
The guards that need facts the public lists do not carry (documents filed, filing 15 days ahead, bans) are not
run. Beyond the procedure:
* `office_without_supervisory_unit` — a registered representative office with no supervisory unit on record
  (art. 11(1): an office is registered only with a supervisory unit's consent).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ngoreg.law import Citation, cite
from ngoreg.procedures import fngo_temporary_activity as activity
from ngoreg.reporting import repository as repo
from ngoreg.workflow.spec import SYSTEM, Context, Guard

_GUARDS = {g.name: g for g in activity.PROCEDURE.transition("file").guards}
OFFICE_PSU = cite("fngo", 11, 1)


@dataclass(frozen=True)
class Finding:
    rule: str
    basis: Citation
    subject_type: str
    subject_id: int
    org_id: int | None
    message: str
    source: tuple[str, int | None] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "basis": str(self.basis), "basis_zh": self.basis.zh,
                "subject": f"{self.subject_type}/{self.subject_id}", "org_id": self.org_id, "message": self.message,
                "source": {"source": self.source[0], "line": self.source[1]} if self.source else None}  # fmt: skip


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)
    not_checked: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {"findings": [f.as_dict() for f in self.findings],
                "counts": dict(sorted(Counter(f.rule for f in self.findings).items())),
                "checked": dict(self.checked), "not_checked": dict(self.not_checked)}  # fmt: skip


class _Fmt(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _guard_finding(g: Guard, filing_id: int, org_id: int, text: dict[str, Any]) -> Finding:
    return Finding(g.name, g.basis, "filing", filing_id, org_id, g.refusal.format_map(_Fmt(text)))


def _date(v: str | None) -> date | None:
    try:
        return date.fromisoformat(v) if v else None
    except ValueError:
        return None


def check(session: Session) -> CheckReport:
    report = CheckReport()
    in_order, one_year, kind_ok = (_GUARDS[n] for n in ("dates_in_order", "lasts_at_most_one_year",
                                                        "partner_is_of_a_permitted_kind"))  # fmt: skip
    for fid, org_id, start_s, end_s, kind, problem, ptype in repo.activity_rows(session, activity.PROCEDURE.code):
        report.checked["temporary_activity"] += 1
        start, end = _date(start_s), _date(end_s)
        text = {"start_date": start_s, "end_date": end_s, "partner_kind": ptype or kind}
        if start and end:
            ctx = Context({"start_date": start, "end_date": end}, start, SYSTEM, activity.State.FILED.value)
            if not in_order.holds(ctx):
                report.findings.append(_guard_finding(in_order, fid, org_id, text))
            elif not one_year.holds(ctx):
                report.findings.append(_guard_finding(one_year, fid, org_id, text))
        else:
            report.not_checked["activity_dates_missing"] += 1
        if kind is None and problem != "not_allowed":
            report.not_checked["partner_kind_unknown"] += 1
        elif not kind_ok.holds(Context({"partner_kind": kind}, start or date.min, SYSTEM, "filed")):
            report.findings.append(_guard_finding(kind_ok, fid, org_id, text))
    for oid, en, zh, registered in repo.offices_without_supervisory_unit(session):
        report.findings.append(Finding(
            "office_without_supervisory_unit", OFFICE_PSU, "organisation", oid, oid,
            f"representative office {en or zh}, registered {registered.isoformat() if registered else '(no date)'}, "
            f"has no professional supervisory unit on record; registration requires one's consent"))  # fmt: skip
    for kind in ("filing", "organisation"):
        ids = [f.subject_id for f in report.findings if f.subject_type == kind]
        lines = repo.source_lines(session, kind, ids)
        report.findings = [
            Finding(f.rule, f.basis, f.subject_type, f.subject_id, f.org_id, f.message, lines.get(f.subject_id))
            if f.subject_type == kind else f
            for f in report.findings
        ]
    report.findings.sort(key=lambda f: (f.rule, f.subject_type, f.subject_id))
    return report
