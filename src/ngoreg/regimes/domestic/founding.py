"""The registration of a social organisation (成立登记), which the three regulations state in nearly the same
words, so the three procedures share these steps and each says where its regulation differs.

* The professional supervisory unit consents first (Social Association Regulations arts. 3(1), 9(1); Civil
  Non-Enterprise Unit Regulations art. 8(1)(1); Foundation Regulations art. 9(5)) — on the **dual** path.
  The **direct** path skips it for the categories the 2013 reform opened (`categories`); for any other
  category a direct application is refused.
* The founders apply to the registrar with the documents their regulation lists; the supervisory unit's
  approval document is not asked for on the direct path, there being no unit.
* The registrar decides within 60 days from receiving all the valid documents (arts. 12(1); 11(1); 11(1)).
  The registry takes the day of the application as that day: an application lacking a document is refused
  before it is made, so the one that is made holds them all. A late decision is still a decision: passing
  the 60 days marks the deadline expired and nothing else.
* Registered, the organisation is announced (arts. 23; 18; 19). The registration enters it in the registry
  from the day of the decision (`workflow.spec.Enters`), with its registrar and its supervisory unit as
  dated relations, and its registration path and its registrar's level as marks the statistics count.

Approval of preparation (批准筹备): the 1998 text of the Social Association Regulations made the founders
apply for it first and register within six months of it; the text as amended on 2016-02-06, which the
registry applies, has one registration step (art. 9(1)) and keeps only the rule that a society in
preparation acts for nothing but its preparation (art. 9(2)). The other two regulations never had the step.
So no procedure here approves preparation; the organisation is `preparing` in the registry until the
decision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ngoreg.law.citation import Citation
from ngoreg.law.periods import days
from ngoreg.reference import Predicate
from ngoreg.regimes.domestic.categories import categories, direct
from ngoreg.regimes.domestic.roles import CIVIL_AFFAIRS, ORGANISATION, SUPERVISORY_UNIT
from ngoreg.registry import particulars
from ngoreg.workflow.conditions import not_after_the_act
from ngoreg.workflow.spec import Context, Deadline, Enters, Field, Guard, Transition

DECIDE_WITHIN = days(60)
DUAL, DIRECT = particulars.DUAL, particulars.DIRECT
PATHS = (DUAL, DIRECT)
LEVELS = tuple(particulars.VALUES[particulars.REGISTRAR_LEVEL])

# What `facts.read` tells the guards about the registrar and the supervisory unit the filing names.
REGISTRAR_LEVEL = "registrar_level"


class State(StrEnum):
    DRAFTED = "drafted"
    CONSENTED = "consented"
    CONSENT_WITHHELD = "consent_withheld"
    APPLIED = "applied"
    REGISTERED = "registered"
    REFUSED = "refused"


@dataclass(frozen=True)
class Founding:
    """The registration steps of one kind of social organisation, in its regulation's articles: `consent`
    makes the supervisory unit's consent a condition, `documents` (document → item of `apply`) are what the
    founders hand in, `consent_document` the one that is the unit's approval, `decide` gives the 60 days,
    `refuse` the grounds of a refusal, `items` the registration items, `announce` the announcement."""

    kind: str  # the organisation kind it registers
    audit: str  # the prefix of its audit actions
    consent: Citation
    apply: Citation
    documents: Mapping[str, int]
    consent_document: str
    decide: Citation
    refuse: Citation
    items: Citation
    announce: Citation

    @property
    def fields(self) -> tuple[Field, ...]:
        return (
            Field("path", "choice", "Registration path: with a supervisory unit's consent (dual) or direct",
                  self.consent, PATHS),
            Field("category", "choice", "Category of the organisation", self.consent, tuple(categories())),
            Field("supervisory_unit_id", "int", "The professional supervisory unit in the registry (authority id)",
                  self.consent),
            Field("registrar_authority_id", "int", "The civil affairs registrar applied to (authority id)",
                  self.apply),
            Field("consented_on", "date", "Day the professional supervisory unit consented", self.consent),
            Field("psu_objection", "text", "Why the professional supervisory unit withholds consent", self.consent),
            Field("documents", "list", "Documents submitted", self.apply, tuple(self.documents)),
            Field("certificate_no", "text", "Number of the registration certificate", self.decide),
            Field("uscc", "text", "Unified social credit code on the certificate", self.decide),
            Field("announcement", "text", "Where and when the registration was announced", self.announce),
            Field("refusal_reason", "text", "Why registration is refused", self.refuse),
        )  # fmt: skip

    def transitions(self, conditions: tuple[Guard, ...], requires: tuple[str, ...]) -> tuple[Transition, ...]:
        """The steps, with the kind's own `conditions` on the application and the fields it `requires`. The
        registration items stay in the filing, where the organisation's page reads them; the registry takes
        the name as registered and the credit code."""
        s = State
        open_to = frozenset({s.DRAFTED})
        return (
            Transition("consent", "Consent to the registration", open_to, s.CONSENTED, frozenset({SUPERVISORY_UNIT}),
                       self.consent, f"{self.audit}.psu_consented", requires=("consented_on",),
                       guards=(on_the_dual_path(self.consent),
                               Guard("consent_not_dated_in_the_future", not_after_the_act("consented_on"),
                                     "The consent cannot bear a later day ({consented_on}) than the day it is "
                                     "recorded.", self.consent))),
            Transition("withhold_consent", "Withhold consent", open_to, s.CONSENT_WITHHELD,
                       frozenset({SUPERVISORY_UNIT}), self.consent, f"{self.audit}.psu_consent_withheld",
                       requires=("psu_objection",), guards=(on_the_dual_path(self.consent),)),
            Transition("apply", "Apply to the registrar", frozenset({s.DRAFTED, s.CONSENTED}), s.APPLIED,
                       frozenset({ORGANISATION}), self.apply, f"{self.audit}.applied",
                       requires=("path", "category", "registrar_authority_id", *requires),
                       guards=(*self.path_guards, self.documents_complete, registrar_is_civil_affairs(self.apply),
                               *conditions)),
            Transition("register", "Register the organisation and announce it", frozenset({s.APPLIED}),
                       s.REGISTERED, frozenset({CIVIL_AFFAIRS}), self.decide, f"{self.audit}.registered",
                       requires=("certificate_no", "announcement"),
                       guards=(Guard("in_preparation", lambda c: c.facts.get("org_status") == "preparing",
                                     "Only an organisation in preparation is registered: this one is already "
                                     "in the registry as {org_status}.", self.decide),),
                       effect=Enters(_items, _relations, _marks)),
            Transition("refuse", "Refuse registration", frozenset({s.APPLIED}), s.REFUSED, frozenset({CIVIL_AFFAIRS}),
                       self.refuse, f"{self.audit}.registration_refused", requires=("refusal_reason",)),
        )  # fmt: skip

    @property
    def path_guards(self) -> tuple[Guard, ...]:
        opened = ", ".join(categories()[c].name_en for c in direct())
        return (
            Guard("direct_registration_open_to_the_category",
                  lambda c: c.data.get("path") != DIRECT or c.data.get("category") in direct(),
                  "A {category} organisation may not register directly: its professional supervisory unit must "
                  f"consent first. Direct registration is open to {opened} (State Council institutional reform "
                  "plan, 2013).", self.consent),
            Guard("supervisory_unit_consented",
                  lambda c: c.data.get("path") != DUAL or c.state == State.CONSENTED,
                  "The professional supervisory unit must consent before the registrar is applied to.", self.consent),
        )  # fmt: skip

    @property
    def documents_complete(self) -> Guard:
        def holds(c: Context) -> bool:
            needed = set(self.documents) - ({self.consent_document} if c.data.get("path") == DIRECT else set())
            return needed <= set(c.data.get("documents") or [])

        return Guard("documents_complete", holds, "The application lacks documents the article lists (on the direct "
                     "path, all but the supervisory unit's approval).", self.apply)  # fmt: skip

    def deadline(self) -> Deadline:
        return Deadline("decision", "Registrar's decision", DECIDE_WITHIN, self.decide, opened_by="apply",
                        met_by=frozenset({"register", "refuse"}))


def on_the_dual_path(basis: Citation) -> Guard:
    return Guard("on_the_dual_path", lambda c: c.data.get("path") != DIRECT,
                 "A directly registered organisation has no supervisory unit to consent.", basis)


def registrar_is_civil_affairs(basis: Citation) -> Guard:
    return Guard("registrar_is_civil_affairs", lambda c: c.facts.get(REGISTRAR_LEVEL) is not None,
                 "Authority {registrar_authority_id} is no civil affairs registrar in the registry.", basis)


def registrar_level(c: Context) -> str | None:
    return c.facts.get(REGISTRAR_LEVEL)


def _items(c: Context) -> dict[str, Any]:
    return {k: c.data[k] for k in ("name", "uscc") if c.data.get(k)}


def _relations(c: Context) -> list[tuple[str, tuple[str, int]]]:
    out = [(Predicate.REGISTERED_WITH.value, ("authority", c.data["registrar_authority_id"]))]
    if c.data.get("path") == DUAL and c.data.get("supervisory_unit_id"):
        out.append((Predicate.SPONSORED_BY.value, ("authority", c.data["supervisory_unit_id"])))
    return out


def _marks(c: Context) -> dict[str, str | None]:
    return {particulars.MANAGEMENT: c.data["path"], particulars.REGISTRAR_LEVEL: c.facts.get(REGISTRAR_LEVEL),
            particulars.CATEGORY: c.data.get("category")}
