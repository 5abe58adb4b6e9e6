"""`ngoreg check`: records that break a rule of the law, each with the provision it breaks. The rules are
the regimes' (`Regime.checks`); here they are run into one report, each finding traced to the line of the
source it was imported from."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ngoreg import regimes
from ngoreg.reporting import repository as repo
from ngoreg.reporting.findings import CheckReport, Finding

__all__ = ["CheckReport", "Finding", "check"]


def check(session: Session) -> CheckReport:
    report = CheckReport()
    for rule in regimes.catalogue().checks:
        rule(session, report)
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
