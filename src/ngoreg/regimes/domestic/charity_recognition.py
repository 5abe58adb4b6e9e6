"""Recognition of a registered social organisation as a charity (慈善组织认定).

Charity Law (2016, as amended 2023-12-29; the amended text in force from 2024-09-05), arts. 8–10, 17.

* Art. 8(2): a charity takes the form of a foundation, a social association or a social service organisation
  (社会服务机构: a civil non-enterprise unit in the regulations' words), among others.
* Art. 10(2): such an organisation, already set up, may apply to the civil affairs department that registered
  it to be recognised as a charity; the department decides within 20 days from accepting (受理) the
  application; it recognises one that meets the conditions of a charity and announces it, or refuses in
  writing with its reasons.
* Art. 9: the conditions: (1) charitable activities are its purpose, (2) not for profit, (3) its own name and
  domicile, (4) articles of association, (5) the necessary property, (6) an organisation and persons in
  charge that meet the conditions, (7) other conditions of laws and administrative regulations (none named:
  no guard). (1)–(6) are declared by the applicant and checked as declared; the registrar's review of the
  articles and accounts is its decision.
* Art. 10(3): in special circumstances the period may be extended, with the State Council's civil affairs
  department's approval, by no more than 60 days. The extension is a step of its own that moves the
  deadline: the registrar records the last day the Ministry approved, which may lie no more than 60 days
  after the 20 days end, and the decision is then due on that day (`extended_decision`) instead.

The Charity Law has no revocation of a recognition as such. What it has is the revocation of a charity's
registration certificate (吊销登记证书) by the civil affairs department, announced, for the grounds of arts.
109, 110(3), 111, 116 and 117; and a charity whose certificate is revoked terminates (art. 17(1)(4)). So the
recognition ends only with the certificate: the last step records that end, with the article the
certificate was revoked under, and ends the organisation's `charity` mark. Ending the registration itself
(`Ends`) belongs to the procedure that revokes the certificate, not to this one.

The decision marks the organisation `charity` = `recognised` from the day of recognition
(`workflow.spec.Marks`): the registry counts charities by it, and the public-fundraising qualification asks
for it (`public_fundraising`)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.law.periods import days, last_day
from ngoreg.reference import SOCIAL_ORGANISATIONS
from ngoreg.regimes.domestic.roles import CIVIL_AFFAIRS, ORGANISATION
from ngoreg.workflow.conditions import is_yes, not_after_the_act, within
from ngoreg.workflow.spec import Context, Deadline, Field, Guard, Marks, Procedure, Transition

CODE = "charity_recognition"
VERSION = date(2024, 9, 5)  # the 2023 text in force (`law.acts`)

MARK, RECOGNISED = "charity", "recognised"
DECIDE_WITHIN = days(20)  # art. 10(2)
EXTENSION = days(60)  # art. 10(3): at most
# The articles under which the civil affairs department revokes a charity's registration certificate.
REVOCATION_GROUNDS = ("art_109", "art_110", "art_111", "art_116", "art_117")
# Art. 9 items (1)–(6), declared by the applicant: field → (item, the refusal when it is not declared).
CONDITIONS = {
    "charitable_purpose": (1, "A charity's purpose is to carry out charitable activities."),
    "not_for_profit": (2, "A charity is not for profit."),
    "name_and_domicile": (3, "A charity has its own name and domicile."),
    "articles_of_association": (4, "A charity has articles of association."),
    "necessary_property": (5, "A charity has the necessary property."),
    "organisation_and_persons_in_charge": (6, "A charity has an organisation and persons in charge that meet the "
                                              "conditions."),
}  # fmt: skip


class State(StrEnum):
    DRAFTED = "drafted"
    APPLIED = "applied"
    ACCEPTED = "accepted"
    EXTENDED = "extended"
    RECOGNISED = "recognised"
    NOT_RECOGNISED = "not_recognised"
    ENDED = "ended"


def is_charity(c: Context) -> bool:
    """The organisation is a recognised charity on the day of the act (its `charity` mark)."""
    return (c.facts.get("marks") or {}).get(MARK) == RECOGNISED


def is_social_organisation(c: Context) -> bool:
    return c.facts.get("org_kind") in SOCIAL_ORGANISATIONS


def is_registered(c: Context) -> bool:
    return c.facts.get("org_status") == "registered"


def extended_by_sixty_days_at_most(c: Context) -> bool:
    # The 60 days run on from the last day of the 20 as the law counts it, not from the day of the extension.
    return c.data["extended_until"] <= last_day(c.data["accepted_on"], DECIDE_WITHIN).day + timedelta(EXTENSION.amount)


P8 = cite("charity", 8, 2)
P10_2 = cite("charity", 10, 2)
P10_3 = cite("charity", 10, 3)
P17 = cite("charity", 17, 1, 4)

APPLICANT_GUARDS = (
    Guard("a_social_organisation", is_social_organisation, "Only a foundation, a social association or a social "
          "service organisation (civil non-enterprise unit) already set up is recognised as a charity.", P10_2),
    Guard("registered", is_registered, "Only an organisation registered with the civil affairs department is "
          "recognised as a charity.", P10_2),
    Guard("not_yet_a_charity", lambda c: not is_charity(c), "The organisation is already recognised as a charity.",
          P10_2),
    *(Guard(name, is_yes(name), refusal, cite("charity", 9, 1, item)) for name, (item, refusal) in CONDITIONS.items()),
)  # fmt: skip

PROCEDURE = Procedure(
    code=CODE,
    version=VERSION,
    title_en="Recognition of a social organisation as a charity",
    title_zh="慈善组织认定",
    basis=(P8, cite("charity", 9), P10_2, P10_3, P17),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("charitable_purpose", "bool", "Charitable activities are its purpose", cite("charity", 9, 1, 1)),
        Field("not_for_profit", "bool", "Not for profit", cite("charity", 9, 1, 2)),
        Field("name_and_domicile", "bool", "Has its own name and domicile", cite("charity", 9, 1, 3)),
        Field("articles_of_association", "bool", "Has articles of association", cite("charity", 9, 1, 4)),
        Field("necessary_property", "bool", "Has the necessary property", cite("charity", 9, 1, 5)),
        Field("organisation_and_persons_in_charge", "bool",
              "Has an organisation and persons in charge that meet the conditions", cite("charity", 9, 1, 6)),
        Field("accepted_on", "date", "Day the registrar accepted the application", P10_2),
        Field("ministry_approved", "bool", "The Ministry of Civil Affairs approved extending the period", P10_3),
        Field("extended_until", "date", "Last day of the extended period", P10_3),
        Field("announcement", "text", "Where and when the recognition was announced", P10_2),
        Field("refusal_reason", "text", "Why recognition is refused", P10_2),
        Field("revocation_ground", "choice", "Article under which the registration certificate was revoked", P17,
              REVOCATION_GROUNDS),
        Field("revocation_announcement", "text", "Where and when the revocation was announced", P17),
    ),
    transitions=(
        Transition("apply", "Apply to be recognised as a charity", frozenset({State.DRAFTED}), State.APPLIED,
                   frozenset({ORGANISATION}), P10_2, "charity.recognition_applied", requires=tuple(CONDITIONS),
                   guards=APPLICANT_GUARDS),
        Transition("accept", "Accept the application", frozenset({State.APPLIED}), State.ACCEPTED,
                   frozenset({CIVIL_AFFAIRS}), P10_2, "charity.recognition_accepted", requires=("accepted_on",),
                   guards=(Guard("acceptance_not_dated_in_the_future", not_after_the_act("accepted_on"),
                                 "The acceptance cannot bear a later day ({accepted_on}) than the day it is recorded.",
                                 P10_2),)),
        Transition("extend", "Extend the period with the Ministry's approval", frozenset({State.ACCEPTED}),
                   State.EXTENDED, frozenset({CIVIL_AFFAIRS}), P10_3, "charity.recognition_extended",
                   requires=("ministry_approved", "extended_until"),
                   guards=(Guard("ministry_approved", is_yes("ministry_approved"), "Only the Ministry of Civil "
                                 "Affairs' approval extends the period.", P10_3),
                           Guard("extended_within_the_period", within(DECIDE_WITHIN, "accepted_on"),
                                 "The 20 days from {accepted_on} have run out: a period that has ended is not "
                                 "extended.", P10_3),
                           Guard("extended_by_sixty_days_at_most", extended_by_sixty_days_at_most,
                                 "An extension to {extended_until} exceeds the 60 days the law allows.", P10_3))),
        Transition("recognise", "Recognise the organisation as a charity and announce it",
                   frozenset({State.ACCEPTED, State.EXTENDED}), State.RECOGNISED, frozenset({CIVIL_AFFAIRS}), P10_2,
                   "charity.recognised", requires=("announcement",),
                   guards=(Guard("still_registered", is_registered, "Only an organisation registered with the civil "
                                 "affairs department is recognised as a charity.", P10_2),),
                   effect=Marks(lambda c: {MARK: RECOGNISED})),
        Transition("refuse", "Refuse recognition, with reasons in writing", frozenset({State.ACCEPTED, State.EXTENDED}),
                   State.NOT_RECOGNISED, frozenset({CIVIL_AFFAIRS}), P10_2, "charity.recognition_refused",
                   requires=("refusal_reason",)),
        Transition("end", "Record that the registration certificate was revoked: the charity ends",
                   frozenset({State.RECOGNISED}), State.ENDED, frozenset({CIVIL_AFFAIRS}), P17,
                   "charity.recognition_ended", requires=("revocation_ground", "revocation_announcement"),
                   effect=Marks(lambda c: {MARK: None})),
    ),
    deadlines=(
        Deadline("decision", "Registrar's decision on the recognition", DECIDE_WITHIN, P10_2, opened_by="accept",
                 counts_from="accepted_on", met_by=frozenset({"recognise", "refuse", "extend"})),
        # Zero days from the approved last day: that day itself, moved off a rest day like any last day.
        Deadline("extended_decision", "Registrar's decision in the extended period", days(0), P10_3,
                 opened_by="extend", counts_from="extended_until", met_by=frozenset({"recognise", "refuse"})),
    ),
)  # fmt: skip
