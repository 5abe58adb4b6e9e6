"""UN ECOSOC consultative status (ECOSOC resolution 1996/31): the Committee on Non-Governmental
Organizations recommends, the Council decides, the UN NGO Branch keeps the list. Its procedures are yet to
come; the role of those who will take their steps is declared already, reading what is public."""

from __future__ import annotations

from importlib import resources

from ngoreg.access.reach import PUBLIC
from ngoreg.access.roles import PUBLIC_ACTIONS, RoleDef, Scope
from ngoreg.workflow.regime import Regime

REGIME = Regime(
    code="ecosoc",
    title_en="UN ECOSOC consultative status",
    title_zh="联合国经社理事会咨商地位",
    procedures=(),
    roles=(RoleDef("ecosoc_officer", "Officer of the Committee on NGOs or the UN NGO Branch",
                   frozenset({Scope.AUTHORITY}), PUBLIC, PUBLIC_ACTIONS, basis="ECOSOC resolution 1996/31"),),
    catalogue=resources.files(__name__).joinpath("locale"),
)
