"""Statute texts, citations and the Civil Code's rules for counting periods."""

from ngoreg.law.acts import ACTS, Act, Version, act
from ngoreg.law.citation import Citation, cite, para

__all__ = ["ACTS", "Act", "Citation", "Version", "act", "cite", "para"]
