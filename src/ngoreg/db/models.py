"""Imports every model so that `Base.metadata` knows the whole schema (migrations compare against it)."""

from ngoreg.audit.models import AuditEvent
from ngoreg.db.base import Base
from ngoreg.figures.models import Figure
from ngoreg.filings.models import Filing, FilingDeadline
from ngoreg.registry.models import Authority, Organisation, OrgName, OrgVersion, Relation

__all__ = [
    "AuditEvent",
    "Authority",
    "Base",
    "Figure",
    "Filing",
    "FilingDeadline",
    "OrgName",
    "OrgVersion",
    "Organisation",
    "Relation",
]
