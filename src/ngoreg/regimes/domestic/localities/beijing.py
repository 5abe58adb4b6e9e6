"""Beijing (110000). Seed 001 describes the Beijing civil affairs registrars' practice since the comprehensive
Party committee for social organisations was set up in December 2016: an organisation must pledge its
commitment to Party building in order to be registered. No shipped text states it; the source is that
practice, named in each rule. It applies where the registrar is Beijing's (the filing's locality), to every
kind and on both registration paths."""

from __future__ import annotations

from ngoreg.regimes.domestic import association_registration, foundation_registration, unit_registration
from ngoreg.workflow.conditions import is_yes
from ngoreg.workflow.regime import LocalRule
from ngoreg.workflow.spec import Field, Guard

BEIJING = "110000"
SOURCE = "Beijing civil affairs registrars' practice: registration pledge to Party building (seed 001)"
PLEDGE = "party_building_pledge"

RULES = tuple(
    LocalRule(f"beijing.{m.CODE}.pledge", BEIJING, m.CODE, "apply",
              Guard("party_building_pledge", is_yes(PLEDGE), "A registrar in Beijing registers an organisation that "
                    "has pledged its commitment to Party building.", m.FOUNDING.apply),
              SOURCE, (Field(PLEDGE, "bool", "Pledge of commitment to Party building (Beijing)", m.FOUNDING.apply),))
    for m in (association_registration, unit_registration, foundation_registration))  # fmt: skip
