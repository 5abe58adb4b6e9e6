"""Sanctions against a foreign NGO, its representative office or its temporary activity (行政处罚).

Foreign NGO Law (2016, as amended 2017-11-04), arts. 45–49 and 29(2)(3); in force 2017-01-01 (art. 54).

* Art. 45(1): for an office, a foreign NGO carrying out a temporary activity, or a Chinese partner unit,
  on grounds (1)–(6), a public security organ at or above the level of a city divided into districts
  (设区的市级以上人民政府公安机关) gives a warning or orders activities stopped within a time limit; where
  the circumstances are serious (情节严重), the registrar revokes the registration certificate or bans the
  temporary activity. 45(2): false materials to obtain a certificate or a filing, forging, altering,
  trading, renting or lending a certificate or seal are punished the same way.
* Art. 46(1): activity without registration or filing, after revocation or deregistration, after a
  temporary activity ran out or was banned, or commissioning or funding others without registration: the
  public security organ bans the activity (取缔) or orders the unlawful conduct stopped.
* Art. 47(1): incitement to resist the law, obtaining state secrets illegally, harmful information,
  political or illegal religious activity, other harm to national security or the public interest: the
  registrar revokes the certificate or bans the temporary activity; 47(2) the same for crimes against the
  unity or the power of the state.
* Art. 48(1): an NGO or office whose registration was cancelled (撤销登记), whose certificate was revoked
  (吊销) or whose temporary activity was banned (取缔) may not set up an office or carry out temporary
  activities again for five years from that day; 48(2): the same for an NGO whose activity without
  registration or filing was banned, from the day of the ban; 48(3): for an NGO with an art. 47
  situation, the public security department of the State Council (国务院公安部门) may put it on the list of
  the unwelcome, and it may not set up an office or carry out temporary activities again (no term).
* Art. 49: the registrar seals certificate, seal and financial vouchers of an office ordered to stop
  activities (an act of execution, not a state here); on cancellation or revocation it collects
  certificate and seal and announces them void (the `announcement` these transitions require).
* Art. 29(2)(3): the chief representative and representatives of an office whose registration was
  cancelled or whose certificate was revoked may not serve as such for five years from that day.

Not modelled: confiscation of unlawful property and gains, and the detention of directly responsible
persons (arts. 45–47), which fall on persons rather than on the organisation; sanctions against the
Chinese partner unit (art. 45), which is not the filing's organisation. The foreign NGO sanctioned is the
filing's organisation.

Who does what, as the text says: warnings and orders to stop (arts. 45, 46) come from a public security
organ at city level or above — role `public_security`; the registrar (a provincial public security organ
or the Ministry, art. 6(1)) is such an organ too and may also give them. Revocation of the certificate and
bans on temporary activities (arts. 45, 47) belong to the `registrar` only; the unwelcome list (art. 48(3))
to the Ministry of Public Security only — role `mps`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.law.citation import Citation
from ngoreg.law.periods import add, years
from ngoreg.regimes.fngo.office import recorded_on_the_office, registration_in_force
from ngoreg.workflow.spec import Context, Ends, Field, Guard, Procedure, Transition

CODE = "fngo_sanction"

# Grounds of arts. 45–47, each with the provision that states it.
GROUNDS: dict[str, Citation] = {
    "unfiled_change_or_record": cite("fngo", 45, 1, 1),
    "outside_registered_name_scope_or_area": cite("fngo", 45, 1, 2),
    "profit_fundraising_or_members": cite("fngo", 45, 1, 3),
    "funds_accounts_or_bookkeeping": cite("fngo", 45, 1, 4),
    "annual_plan_or_report_not_filed_or_published": cite("fngo", 45, 1, 5),
    "refused_supervision": cite("fngo", 45, 1, 6),
    "false_materials_or_forged_certificate_or_seal": cite("fngo", 45, 2),
    "activity_without_registration_or_filing": cite("fngo", 46, 1, 1),
    "activity_after_revocation_or_deregistration": cite("fngo", 46, 1, 2),
    "activity_after_temporary_activity_ended_or_banned": cite("fngo", 46, 1, 3),
    "commissioning_or_funding_without_registration": cite("fngo", 46, 1, 4),
    "inciting_resistance_to_law": cite("fngo", 47, 1, 1),
    "obtaining_state_secrets": cite("fngo", 47, 1, 2),
    "harmful_information": cite("fngo", 47, 1, 3),
    "political_or_illegal_religious_activity": cite("fngo", 47, 1, 4),
    "other_harm_to_security_or_public_interest": cite("fngo", 47, 1, 5),
    "crime_against_the_state": cite("fngo", 47, 2),
}

SUBJECTS = ("representative_office", "temporary_activity", "unregistered_activity")

BAN = years(5)  # art. 48(1), (2); art. 29(2)(3)

# The audit events whose day starts a five-year ban (art. 48(1), (2)), the one that lists an NGO as
# unwelcome (art. 48(3)), and those that bar the office's representatives (art. 29(2)(3)).
CERTIFICATE_REVOKED = "sanction.certificate_revoked"
REGISTRATION_CANCELLED = "sanction.registration_cancelled"
TEMPORARY_ACTIVITY_BANNED = "sanction.temporary_activity_banned"
UNREGISTERED_ACTIVITY_BANNED = "sanction.unregistered_activity_banned"
LISTED_UNWELCOME = "sanction.listed_unwelcome"
BANNING_EVENTS = frozenset({CERTIFICATE_REVOKED, REGISTRATION_CANCELLED, TEMPORARY_ACTIVITY_BANNED,
                            UNREGISTERED_ACTIVITY_BANNED})  # fmt: skip
BARRING_EVENTS = frozenset({CERTIFICATE_REVOKED, REGISTRATION_CANCELLED})


def ban_last_day(sanctioned_on: date) -> date:
    """The last day of a five-year ban that starts with a revocation, cancellation or ban on
    `sanctioned_on` (art. 48(1), (2)), or of the bar on an office's representatives (art. 29(2)(3)).

    "自被撤销、吊销、取缔之日起五年内": counted like any period in years (Civil Code arts. 201, 202) from the
    day after the sanction, so a revocation on 2018-03-15 bans through 2023-03-15 and the NGO may act
    again from 2023-03-16. The last day is not moved off a rest day (art. 203): it bounds a prohibition,
    it is not a day by which something must be done."""
    return add(sanctioned_on, BAN)


def clear_of_ban(c: Context) -> bool:
    """No five-year ban of art. 48(1) or (2) runs on the day of the act (fact `banned_until`)."""
    until = c.facts.get("banned_until")
    return until is None or c.on > until


def not_unwelcome(c: Context) -> bool:
    """Not on the list of the unwelcome of art. 48(3) (fact `unwelcome`)."""
    return not c.facts.get("unwelcome")


class State(StrEnum):
    OPENED = "opened"
    WARNED = "warned"
    ORDERED_TO_STOP = "ordered_to_stop"
    CERTIFICATE_REVOKED = "certificate_revoked"
    REGISTRATION_CANCELLED = "registration_cancelled"
    TEMPORARY_ACTIVITY_BANNED = "temporary_activity_banned"
    UNREGISTERED_ACTIVITY_BANNED = "unregistered_activity_banned"
    UNREGISTERED_ACTIVITY_STOPPED = "unregistered_activity_stopped"
    LISTED_UNWELCOME = "listed_unwelcome"


def _ground_under(article: int) -> Callable[[Context], bool]:
    def holds(c: Context) -> bool:
        ground = GROUNDS.get(c.data.get("ground", ""))
        return ground is not None and ground.article == article

    return holds


def _subject_is(subject: str) -> Callable[[Context], bool]:
    return lambda c: c.data.get("subject") == subject


def _subject_is_office_or_activity(c: Context) -> bool:
    return c.data.get("subject") in ("representative_office", "temporary_activity")


def _serious(c: Context) -> bool:
    return bool(c.data.get("serious"))


P45 = cite("fngo", 45, 1)
P46 = cite("fngo", 46, 1)
P47 = cite("fngo", 47, 1)
P48_1 = cite("fngo", 48, 1)
P48_3 = cite("fngo", 48, 3)
P49 = cite("fngo", 49)

G45 = Guard("ground_under_article_45", _ground_under(45),
            "Article 45 covers the grounds of its paragraph 1 items (1)–(6) and paragraph 2, not {ground}.", P45)
G46 = Guard("ground_under_article_46", _ground_under(46),
            "Article 46 covers activity without registration or filing (its items (1)–(4)), not {ground}.", P46)
G47 = Guard("ground_under_article_47", _ground_under(47),
            "Article 47 covers the grounds of its paragraph 1 items (1)–(5) and paragraph 2, not {ground}.", P47)
G_SERIOUS = Guard("circumstances_serious", _serious,
                  "Under article 45 the registrar revokes a certificate or bans a temporary activity only where the "
                  "circumstances are serious; a lesser case takes a warning or an order to stop.", P45)
G_ART45_SUBJECT = Guard("an_office_or_a_temporary_activity", _subject_is_office_or_activity,
                        "Article 45 reaches a representative office or a foreign NGO carrying out a temporary "
                        "activity, not {subject}.", P45)
G_UNREGISTERED = Guard("activity_without_registration_or_filing", _subject_is("unregistered_activity"),
                       "Article 46 reaches activity carried out without registration or filing, not a "
                       "{subject}.", P46)


def _office(basis: Citation) -> Guard:
    return Guard("subject_is_an_office", _subject_is("representative_office"),
                 "Only a representative office holds a registration certificate; the subject is {subject}.", basis)


def _the_office(basis: Citation) -> tuple[Guard, ...]:
    """A certificate revoked or a registration cancelled is that of the office the sanction is recorded on,
    which leaves the registry as `revoked` on that day (the registry has one status for both)."""
    return recorded_on_the_office(basis), registration_in_force(basis)


def _activity(basis: Citation) -> Guard:
    return Guard("subject_is_a_temporary_activity", _subject_is("temporary_activity"),
                 "Only a filed temporary activity can be banned as such; the subject is {subject}.", basis)


BEFORE_FINAL = frozenset({State.OPENED, State.WARNED, State.ORDERED_TO_STOP})
PRE = ("subject", "ground", "findings")

PROCEDURE = Procedure(
    code=CODE,
    version=date(2017, 1, 1),
    title_en="Sanctions against a foreign NGO, its office or its temporary activity",
    title_zh="境外非政府组织行政处罚",
    basis=(P45, P46, P47, cite("fngo", 48)),
    states=State,
    initial=State.OPENED,
    fields=(
        Field("subject", "choice", "What is sanctioned", P45, SUBJECTS),
        Field("ground", "choice", "Ground (article, paragraph and item)", cite("fngo", 45), tuple(GROUNDS)),
        Field("findings", "text", "Facts found", cite("fngo", 41, 1)),
        Field("serious", "bool", "The circumstances are serious (情节严重)", P45),
        Field("stop_by", "date", "Day by which activities must stop", P45),
        Field("announcement", "text", "Announcement that certificate and seal are void", P49),
        Field("chief_representative", "text", "Chief representative of the office at the time",
              cite("fngo", 29, 2, 3)),
        Field("representatives", "list", "Representatives of the office at the time", cite("fngo", 29, 2, 3)),
    ),
    transitions=(
        Transition(
            "warn", "Give a warning", frozenset({State.OPENED}), State.WARNED,
            frozenset({"public_security", "registrar"}), P45, "sanction.warned", requires=PRE,
            guards=(G45, G_ART45_SUBJECT),
        ),
        Transition(
            "order_stop", "Order activities stopped within a time limit", frozenset({State.OPENED, State.WARNED}),
            State.ORDERED_TO_STOP, frozenset({"public_security", "registrar"}), P45, "sanction.stop_ordered",
            requires=(*PRE, "stop_by"), guards=(G45, G_ART45_SUBJECT),
        ),
        Transition(
            "revoke_certificate", "Revoke the registration certificate (serious case)", BEFORE_FINAL,
            State.CERTIFICATE_REVOKED, frozenset({"registrar"}), P45, CERTIFICATE_REVOKED,
            requires=(*PRE, "announcement"), guards=(G45, _office(P45), G_SERIOUS, *_the_office(P45)),
            effect=Ends("revoked"),
        ),
        Transition(
            "revoke_certificate_for_harm", "Revoke the registration certificate (article 47)", BEFORE_FINAL,
            State.CERTIFICATE_REVOKED, frozenset({"registrar"}), P47, CERTIFICATE_REVOKED,
            requires=(*PRE, "announcement"), guards=(G47, _office(P47), *_the_office(P47)),
            effect=Ends("revoked"),
        ),
        # The FNGO Law names cancellation of registration (撤销登记: arts. 15(1)(3), 29(2)(3), 46(1)(2),
        # 48(1), 49) without saying who orders it or on what ground; the ground lies in the law on
        # administrative licences (a registration obtained by fraud), whose text we do not ship. We give it
        # to the registrar, the body that registered, cite art. 48(1) where it takes effect here, and ask
        # for the facts found rather than an article 45–47 ground.
        Transition(
            "cancel_registration", "Cancel the office's registration", BEFORE_FINAL, State.REGISTRATION_CANCELLED,
            frozenset({"registrar"}), P48_1, REGISTRATION_CANCELLED, requires=("subject", "findings", "announcement"),
            guards=(_office(P48_1), *_the_office(P48_1)), effect=Ends("revoked"),
        ),
        Transition(
            "ban_temporary_activity", "Ban the temporary activity (serious case)", BEFORE_FINAL,
            State.TEMPORARY_ACTIVITY_BANNED, frozenset({"registrar"}), P45, TEMPORARY_ACTIVITY_BANNED,
            requires=PRE, guards=(G45, _activity(P45), G_SERIOUS),
        ),
        Transition(
            "ban_temporary_activity_for_harm", "Ban the temporary activity (article 47)", BEFORE_FINAL,
            State.TEMPORARY_ACTIVITY_BANNED, frozenset({"registrar"}), P47, TEMPORARY_ACTIVITY_BANNED,
            requires=PRE, guards=(G47, _activity(P47)),
        ),
        # Art. 48(2) bans an NGO "whose activity without registration or filing was banned"; we apply it
        # to a ban on any ground of art. 46(1), all of which are activity without a valid registration or
        # filing (item (4), commissioning or funding others, is activity "in disguised form", art. 9(2)).
        Transition(
            "ban_unregistered_activity", "Ban the activity carried out without registration or filing",
            frozenset({State.OPENED}), State.UNREGISTERED_ACTIVITY_BANNED,
            frozenset({"public_security", "registrar"}), P46, UNREGISTERED_ACTIVITY_BANNED, requires=PRE,
            guards=(G46, G_UNREGISTERED),
        ),
        Transition(
            "order_unregistered_activity_stopped", "Order the unlawful conduct stopped",
            frozenset({State.OPENED}), State.UNREGISTERED_ACTIVITY_STOPPED,
            frozenset({"public_security", "registrar"}), P46, "sanction.unlawful_conduct_stop_ordered",
            requires=PRE, guards=(G46, G_UNREGISTERED),
        ),
        Transition(
            "list_unwelcome", "Put the NGO on the list of the unwelcome",
            frozenset({State.OPENED, State.CERTIFICATE_REVOKED, State.TEMPORARY_ACTIVITY_BANNED}),
            State.LISTED_UNWELCOME, frozenset({"mps"}), P48_3, LISTED_UNWELCOME, requires=PRE,
            guards=(Guard("ground_under_article_47", _ground_under(47),
                          "Only an NGO with a situation of article 47 may be listed as unwelcome, not one with "
                          "{ground}.", P48_3),),
        ),
    ),
)  # fmt: skip
