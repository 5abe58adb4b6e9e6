"""Statute texts, citations and the Civil Code's rules for counting periods."""

from ngoreg.law.acts import ACTS, Act, act
from ngoreg.law.citation import Citation, cite

__all__ = ["ACTS", "Act", "Citation", "act", "cite"]
