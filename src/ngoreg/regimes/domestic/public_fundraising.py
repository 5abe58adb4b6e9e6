"""The public-fundraising qualification of a charity (公开募捐资格).

Charity Law (2016, as amended 2023-12-29; the amended text in force from 2024-09-05), arts. 22(1), 76, 111.

* Art. 22(1): a charity raises funds from the public only with the qualification. A charity registered
  according to law for one full year (依法登记满一年; two years in the 2016 text) may apply to the civil
  affairs department that registered it, which decides within 20 days from accepting (受理) the application:
  a charity with a sound internal governance structure that operates in a standard way (内部治理结构健全、
  运作规范) receives the qualification certificate; one that does not is refused in writing with reasons.
  The extension of art. 10(3) is for registration and recognition only: this period is not extended.
* Art. 76(1)(3): the department publishes the list of charities that hold the qualification.
* Art. 111: for the fundraising wrongs of items (1)–(6), in serious cases the department revokes the
  qualification certificate (吊销公开募捐资格证书) and announces it; the charity may not apply again for five
  years.

What the registry checks of the conditions: the year counted from the organisation's registration day (the
year runs out at the end of its last day, Civil Code arts. 201, 202, so a charity registered on 2024-03-01
may apply from 2025-03-02); that it is a recognised charity on the day (its `charity` mark,
`charity_recognition`); and, of its standard operation, what the registry records: it is not on a credit
list on the day (its `credit_list` mark, which the procedure that lists it gives). The Ministry of Civil
Affairs' measures on charities' public fundraising spell "sound governance and standard operation" out in a
longer list, among it that the applicant is not on such a list when it applies; that text is not shipped, so
the guard cites the article it spells out. Sound governance and standard operation themselves are declared by
the applicant and checked as declared; the registrar's review is its decision.

The qualification is the organisation's `public_fundraising` registry attribute, not a mark: the registry
already keeps it (the organisation CSV, the API, the organisation's page), dated in the organisation's
history, and a mark beside it could say otherwise. The decision sets it (`Changes`), the revocation clears it.
"""

from __future__ import annotations

from enum import StrEnum

from ngoreg.law import cite
from ngoreg.law.periods import add, days, years
from ngoreg.regimes.domestic.charity_recognition import VERSION, is_charity
from ngoreg.regimes.domestic.roles import CIVIL_AFFAIRS, ORGANISATION
from ngoreg.workflow.conditions import is_yes, not_after_the_act
from ngoreg.workflow.spec import Changes, Context, Deadline, Field, Guard, Procedure, Transition

CODE = "public_fundraising"
REVOKED = "public_fundraising.revoked"  # the audit action the facts reader looks for (`facts`)

REGISTERED_FOR = years(1)  # art. 22(1)
DECIDE_WITHIN = days(20)  # art. 22(1)
BARRED_FOR = years(5)  # art. 111: no new application after a revocation
CREDIT_LIST = "credit_list"
# Art. 111 items (1)–(6): the fundraising wrongs for which the certificate may be revoked.
REVOCATION_GROUNDS = ("deceiving_donors", "apportioning_donations", "disturbing_public_order",
                      "unlawful_cooperation", "unlawful_online_fundraising", "emergency_funds_not_used")


class State(StrEnum):
    DRAFTED = "drafted"
    APPLIED = "applied"
    ACCEPTED = "accepted"
    QUALIFIED = "qualified"
    REFUSED = "refused"
    REVOKED = "revoked"


def registered_one_year(c: Context) -> bool:
    registered_on = c.facts.get("org_registered_on")
    return registered_on is not None and c.on > add(registered_on, REGISTERED_FOR)


def not_on_a_credit_list(c: Context) -> bool:
    return CREDIT_LIST not in (c.facts.get("marks") or {})


def not_barred_after_revocation(c: Context) -> bool:
    revoked_on = c.facts.get("fundraising_revoked_on")
    return revoked_on is None or c.on > add(revoked_on, BARRED_FOR)


P22 = cite("charity", 22, 1)
P111 = cite("charity", 111)
A_CHARITY = Guard("a_charity", is_charity, "Only a charity applies for the public-fundraising qualification: the "
                  "organisation is not recognised as one.", P22)  # fmt: skip

PROCEDURE = Procedure(
    code=CODE,
    version=VERSION,
    title_en="Public-fundraising qualification of a charity",
    title_zh="慈善组织公开募捐资格",
    basis=(P22, cite("charity", 76, 1, 3), P111),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("sound_governance", "bool", "Its internal governance structure is sound", P22),
        Field("standard_operation", "bool", "It operates in a standard way", P22),
        Field("accepted_on", "date", "Day the registrar accepted the application", P22),
        Field("certificate_no", "text", "Number of the public-fundraising qualification certificate", P22),
        Field("refusal_reason", "text", "Why the qualification is refused", P22),
        Field("revocation_ground", "choice", "Fundraising wrong the certificate is revoked for", P111,
              REVOCATION_GROUNDS),
        Field("revocation_announcement", "text", "Where and when the revocation was announced", P111),
    ),
    transitions=(
        Transition("apply", "Apply for the public-fundraising qualification", frozenset({State.DRAFTED}),
                   State.APPLIED, frozenset({ORGANISATION}), P22, "public_fundraising.applied",
                   requires=("sound_governance", "standard_operation"),
                   guards=(A_CHARITY,
                           Guard("registered_one_year", registered_one_year, "A charity applies once it has been "
                                 "registered for one full year.", P22),
                           Guard("sound_governance", is_yes("sound_governance"), "A charity with the qualification "
                                 "has a sound internal governance structure.", P22),
                           Guard("standard_operation", is_yes("standard_operation"), "A charity with the "
                                 "qualification operates in a standard way.", P22),
                           Guard("not_on_a_credit_list", not_on_a_credit_list, "A charity on a credit list does not "
                                 "operate in a standard way.", P22),
                           Guard("not_barred_after_revocation", not_barred_after_revocation, "The charity's "
                                 "public-fundraising certificate was revoked less than five years ago.", P111))),
        Transition("accept", "Accept the application", frozenset({State.APPLIED}), State.ACCEPTED,
                   frozenset({CIVIL_AFFAIRS}), P22, "public_fundraising.accepted", requires=("accepted_on",),
                   guards=(Guard("acceptance_not_dated_in_the_future", not_after_the_act("accepted_on"),
                                 "The acceptance cannot bear a later day ({accepted_on}) than the day it is recorded.",
                                 P22),)),
        # Still a charity on the day of the decision: a recognition that ended meanwhile leaves nothing to qualify.
        Transition("qualify", "Issue the public-fundraising qualification certificate", frozenset({State.ACCEPTED}),
                   State.QUALIFIED, frozenset({CIVIL_AFFAIRS}), P22, "public_fundraising.qualified",
                   requires=("certificate_no",), guards=(A_CHARITY,),
                   effect=Changes(lambda c: {"public_fundraising": True})),
        Transition("refuse", "Refuse the qualification, with reasons in writing", frozenset({State.ACCEPTED}),
                   State.REFUSED, frozenset({CIVIL_AFFAIRS}), P22, "public_fundraising.refused",
                   requires=("refusal_reason",)),
        Transition("revoke", "Revoke the public-fundraising certificate and announce it", frozenset({State.QUALIFIED}),
                   State.REVOKED, frozenset({CIVIL_AFFAIRS}), P111, REVOKED,
                   requires=("revocation_ground", "revocation_announcement"),
                   effect=Changes(lambda c: {"public_fundraising": False})),
    ),
    deadlines=(
        Deadline("decision", "Registrar's decision on the qualification", DECIDE_WITHIN, P22, opened_by="accept",
                 counts_from="accepted_on", met_by=frozenset({"qualify", "refuse"})),
    ),
)  # fmt: skip
