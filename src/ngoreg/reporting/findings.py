"""What a rule check finds: each finding with the provision it breaks, and the counts of what was checked and
what could not be. The regimes' checks (`Regime.checks`) fill one report; `reporting.checks` runs them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ngoreg.law import Citation
from ngoreg.workflow.spec import Guard


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


def guard_finding(g: Guard, filing_id: int, org_id: int, text: dict[str, Any]) -> Finding:
    """A filing that a procedure's guard would refuse, in the guard's own words and article."""
    return Finding(g.name, g.basis, "filing", filing_id, org_id, g.refusal.format_map(_Fmt(text)))
