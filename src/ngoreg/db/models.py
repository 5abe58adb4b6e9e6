"""Imports every model so that `Base.metadata` knows the whole schema (migrations compare against it)."""

from ngoreg.access.models import ApiToken, LoginAttempt, RoleGrant, User, WebSession
from ngoreg.audit.models import AuditEvent
from ngoreg.authorities.models import AuthorityName
from ngoreg.db.base import Base
from ngoreg.facets.models import Facet, FacetValue
from ngoreg.figures.models import Figure
from ngoreg.filings.models import Filing, FilingDeadline, StartSubmission
from ngoreg.importing.models import SourceRecord
from ngoreg.party.models import PartyCommittee
from ngoreg.registry.models import Authority, Organisation, OrgName, OrgVersion, Relation
from ngoreg.settings.models import Setting

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Authority",
    "AuthorityName",
    "Base",
    "Facet",
    "FacetValue",
    "Figure",
    "Filing",
    "FilingDeadline",
    "LoginAttempt",
    "OrgName",
    "OrgVersion",
    "Organisation",
    "PartyCommittee",
    "Relation",
    "RoleGrant",
    "Setting",
    "SourceRecord",
    "StartSubmission",
    "User",
    "WebSession",
]
