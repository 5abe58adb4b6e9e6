"""The rules localities lay on the domestic regime's national procedures (`workflow.regime.LocalRule`), one
module per locality, each rule with its source. A province's rules are added here as a module of their own;
the national procedures are not touched."""

from __future__ import annotations

from ngoreg.regimes.domestic.localities import beijing

RULES = (*beijing.RULES,)
