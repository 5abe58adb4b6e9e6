"""A change of a social organisation's registration (变更登记) or of its articles (章程核准), which the three
regulations state in nearly the same words:

* Social associations (Social Association Regulations art. 18) and civil non-enterprise units (Civil
  Non-Enterprise Unit Regulations art. 15): a change of a registration item is applied for within 30 days
  from the day the supervisory unit consented to it (para. 1); amended articles are submitted for the
  registrar's approval within 30 days of the unit's consent (para. 2).
* Foundations (Foundation Regulations art. 15): a change of a registration item is applied for, with no
  consent of the unit (para. 1); amended articles need the unit's consent and the registrar's approval
  (para. 2), with no period.

A directly registered organisation has no unit: it applies without a consent. The regulations give the
registrar no period to decide and attach no lapse to the 30 days: a late application is still decided, and
passing the 30 days only marks the deadline expired (not changing the registration as required is itself
sanctioned: Social Association Regulations art. 30(1)(4); Civil Non-Enterprise Unit Regulations art.
25(1)(4)). A new name, seat or legal representative is announced (arts. 23; 18; 19); the registry takes a
new name as the organisation's, its old name kept as a former one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ngoreg.law.citation import Citation
from ngoreg.law.periods import days
from ngoreg.regimes.domestic.roles import CIVIL_AFFAIRS, ORGANISATION, SUPERVISORY_UNIT
from ngoreg.workflow.conditions import not_after_the_act
from ngoreg.workflow.spec import Changes, Context, Deadline, Field, Guard, Transition

APPLY_WITHIN = days(30)
WHAT = ("registration_items", "articles")


class State(StrEnum):
    DRAFTED = "drafted"
    CONSENTED = "consented"
    CONSENT_WITHHELD = "consent_withheld"
    APPLIED = "applied"
    CHANGED = "changed"
    REFUSED = "refused"


def has_unit(c: Context) -> bool:
    return bool(c.facts.get("has_supervisory_unit"))


@dataclass(frozen=True)
class Change:
    """One regulation's change: `items` and `articles` are the paragraphs on each, `announce` the article that
    announces a new name, seat or legal representative, `decide` the registrar's power to decide it;
    `consent_for` the changes that need the unit's consent, `within` whether the 30 days run from it."""

    audit: str
    items: Citation
    articles: Citation
    announce: Citation
    decide: Citation
    consent_for: frozenset[str]
    within: bool

    def needs_consent(self, c: Context) -> bool:
        return has_unit(c) and c.data.get("what") in self.consent_for

    @property
    def fields(self) -> tuple[Field, ...]:
        return (
            Field("what", "choice", "What changes: registration items or the articles", self.items, WHAT),
            Field("new_name", "text", "New name", self.items),
            Field("new_domicile", "text", "New seat", self.items),
            Field("new_legal_representative", "text", "New legal representative", self.items),
            Field("other_changes", "text", "Other changes, as the application states them", self.items),
            Field("consented_on", "date", "Day the professional supervisory unit consented", self.items),
            Field("psu_objection", "text", "Why the professional supervisory unit withholds consent", self.items),
            Field("announcement", "text", "Where and when the change was announced", self.announce),
            Field("refusal_reason", "text", "Why the change is refused", self.decide),
        )

    def transitions(self) -> tuple[Transition, ...]:
        s = State
        unit_guard = Guard("the_organisation_has_a_supervisory_unit", lambda c: self.needs_consent(c),
                           "No consent is asked for: the organisation has no supervisory unit, or this change needs "
                           "none.", self.items)  # fmt: skip
        return (
            Transition("consent", "Consent to the change", frozenset({s.DRAFTED}), s.CONSENTED,
                       frozenset({SUPERVISORY_UNIT}), self.items, f"{self.audit}.psu_consented",
                       requires=("what", "consented_on"),
                       guards=(unit_guard, Guard("consent_not_dated_in_the_future", not_after_the_act("consented_on"),
                                                 "The consent cannot bear a later day ({consented_on}) than the day "
                                                 "it is recorded.", self.items))),
            Transition("withhold_consent", "Withhold consent", frozenset({s.DRAFTED}), s.CONSENT_WITHHELD,
                       frozenset({SUPERVISORY_UNIT}), self.items, f"{self.audit}.psu_consent_withheld",
                       requires=("what", "psu_objection"), guards=(unit_guard,)),
            Transition("apply", "Apply to the registrar", frozenset({s.DRAFTED, s.CONSENTED}), s.APPLIED,
                       frozenset({ORGANISATION}), self.items, f"{self.audit}.applied", requires=("what",),
                       guards=(Guard("supervisory_unit_consented",
                                     lambda c: c.data.get("what") == "articles" or c.state == s.CONSENTED
                                     or not self.needs_consent(c),
                                     "The professional supervisory unit must consent to the change first.",
                                     self.items),
                               Guard("supervisory_unit_consented_to_the_articles",
                                     lambda c: c.data.get("what") != "articles" or c.state == s.CONSENTED
                                     or not self.needs_consent(c),
                                     "The professional supervisory unit must consent to the amended articles first.",
                                     self.articles),
                               Guard("says_what_changes", _says_what_changes, "The application names no change.",
                                     self.items))),
            Transition("approve", "Register the change", frozenset({s.APPLIED}), s.CHANGED, frozenset({CIVIL_AFFAIRS}),
                       self.decide, f"{self.audit}.changed",
                       guards=(Guard("announced", lambda c: not _announced_items(c) or bool(c.data.get("announcement")),
                                     "A new name, seat or legal representative is announced: say where and when.",
                                     self.announce),),
                       effect=Changes(_renamed)),
            Transition("refuse", "Refuse the change", frozenset({s.APPLIED}), s.REFUSED, frozenset({CIVIL_AFFAIRS}),
                       self.decide, f"{self.audit}.refused", requires=("refusal_reason",)),
        )  # fmt: skip

    def deadlines(self) -> tuple[Deadline, ...]:
        if not self.within:
            return ()
        return (Deadline("application", "Application within 30 days of the consent", APPLY_WITHIN, self.items,
                         opened_by="consent", counts_from="consented_on", met_by=frozenset({"apply"})),)


def _says_what_changes(c: Context) -> bool:
    return any(c.data.get(f) for f in ("new_name", "new_domicile", "new_legal_representative", "other_changes"))


def _announced_items(c: Context) -> bool:
    return any(c.data.get(f) for f in ("new_name", "new_domicile", "new_legal_representative"))


def _renamed(c: Context) -> dict[str, Any]:
    return {"name": c.data["new_name"]} if c.data.get("new_name") else {}
