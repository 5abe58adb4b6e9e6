"""Who acts in the domestic regime, and the parties its filings record.

The three regulations give the same three actors: the social organisation itself (its founders while it is
prepared: 发起人, 举办者, 申请人), its professional supervisory unit (业务主管单位: Social Association
Regulations art. 6(2), 25; Civil Non-Enterprise Unit Regulations art. 20; Foundation Regulations art. 7, 35)
and its civil affairs registrar (登记管理机关: arts. 6(1), 24; 19; 6, 34).

Their workflow roles are named for this regime (`social_org`, `supervising_unit`, `civil_registrar`), not
after the Foreign NGO Law's (`psu`, `registrar`): a public security organ is the registrar of foreign NGOs'
offices and no registrar of social organisations, so its grants must take no step here. A supervisory unit
that sponsors both an office and a social organisation holds a grant of each regime's role."""

from __future__ import annotations

from ngoreg.access.reach import Itself, Names, OnOrg, Reach, Related
from ngoreg.access.roles import READS, Action, RoleDef, Scope
from ngoreg.reference import Predicate

A = Action
ORGANISATION = "social_org"
SUPERVISORY_UNIT = "supervising_unit"
CIVIL_AFFAIRS = "civil_registrar"

SPONSORED = (Related(Predicate.SPONSORED_BY, "authority", grant_is="object"),)
REGISTERED = (Related(Predicate.REGISTERED_WITH, "authority", grant_is="object"),)


def roles(supervisor: Names, registrar: Names) -> tuple[RoleDef, ...]:
    """The regime's roles; `supervisor` and `registrar` reach the filings that name the grant's authority
    as a party (an application names its supervisory unit and its registrar before either has a relation
    to the organisation)."""
    return (
        RoleDef("social_org_staff", "Staff or founders of a social organisation",
                frozenset({Scope.ORGANISATION}), Reach((Itself(),)),
                READS | {A.START_FILING, A.FIRE, A.READ_DUE, A.READ_AUDIT}, frozenset({ORGANISATION}),
                basis="Social Association Regulations arts. 9, 18, 21, 28; Civil Non-Enterprise Unit Regulations "
                      "arts. 9, 15, 17, 23; Foundation Regulations arts. 9, 15, 18, 36; Charity Law arts. 10, 13, 22",
                owes=True),
        RoleDef("supervisory_unit_officer", "Officer of a social organisation's professional supervisory unit",
                frozenset({Scope.AUTHORITY}), Reach(SPONSORED, (OnOrg(SPONSORED), supervisor)),
                READS | {A.FIRE, A.READ_DUE, A.READ_AUDIT}, frozenset({SUPERVISORY_UNIT}),
                basis="Social Association Regulations art. 25; Civil Non-Enterprise Unit Regulations art. 20; "
                      "Foundation Regulations art. 35"),
        RoleDef("civil_affairs_officer", "Officer of a civil affairs registrar (登记管理机关)",
                frozenset({Scope.AUTHORITY}), Reach(REGISTERED, (OnOrg(REGISTERED), registrar)),
                READS | {A.START_FILING, A.FIRE, A.READ_DUE, A.READ_AUDIT, A.READ_PLACEMENT},
                frozenset({CIVIL_AFFAIRS}),
                basis="Social Association Regulations art. 24; Civil Non-Enterprise Unit Regulations art. 19; "
                      "Foundation Regulations art. 34; Charity Law arts. 10, 22"),
    )  # fmt: skip
