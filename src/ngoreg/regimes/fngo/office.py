"""What the decisions on a representative office's registration share: they are recorded on the office
itself, the organisation the registry holds for it from its registration (art. 13(1)), so that a change
(art. 14), a deregistration (art. 15) or a revocation (arts. 45, 47, 48) changes that office.

Foreign NGO Law (2016, as amended 2017-11-04); in force 2017-01-01 (art. 54). The guards read the facts
the filings service gives about the filing's organisation (`org_kind`, `org_status`).
"""

from __future__ import annotations

from ngoreg.law.citation import Citation
from ngoreg.workflow.spec import Context, Guard

OFFICE_KIND = "representative_office"


def _on_an_office(c: Context) -> bool:
    return c.facts.get("org_kind") == OFFICE_KIND


def _registered(c: Context) -> bool:
    return c.facts.get("org_status") == "registered"


def recorded_on_the_office(basis: Citation) -> Guard:
    return Guard("recorded_on_the_office", _on_an_office,
                 "The decision concerns a representative office's registration, so it is recorded on the office "
                 "the registry holds, not on the foreign NGO.", basis)  # fmt: skip


def registration_in_force(basis: Citation) -> Guard:
    return Guard("registration_in_force", _registered,
                 "The office's registration is no longer in force: it was deregistered or its certificate "
                 "revoked.", basis)  # fmt: skip
