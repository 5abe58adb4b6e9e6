"""Who reads the Party-building structure's placements, beside the registrars (`civil_affairs_officer`): the
committees themselves (seed 001). A joint committee reaches the organisations that sit, or sat, under it;
a comprehensive committee those of its locality, whose joint committees it leads. Neither reads an
organisation's filings or obligations: the structure is no organ of the registration regulations. The
committees and the coverage figures are public; which organisation sits under which committee is not."""

from __future__ import annotations

from ngoreg.access.reach import InTerritory, Reach, Related
from ngoreg.access.roles import Action, RoleDef, Scope
from ngoreg.reference import Predicate

BASIS = "seed 001 (Beijing's three-level Party-building structure of social organisations)"
READS = frozenset({Action.READ_PLACEMENT, Action.READ_STATISTICS})

ROLES: tuple[RoleDef, ...] = (
    RoleDef("joint_committee_officer", "Officer of a joint Party committee (联合党委)",
            frozenset({Scope.AUTHORITY}), Reach((Related(Predicate.SITS_UNDER, "authority", grant_is="object"),), (),
                                                ()), READS, basis=BASIS),
    RoleDef("comprehensive_committee_officer", "Officer of a comprehensive Party committee (综合党委)",
            frozenset({Scope.PROVINCE}), Reach((InTerritory(),), (), ()), READS, basis=BASIS),
)  # fmt: skip
