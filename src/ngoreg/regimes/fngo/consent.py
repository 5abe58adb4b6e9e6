"""The professional supervisory unit's consent that comes before an application to the registrar, and the
30 days to apply from it: a new office (arts. 11(1), 12(1)) and a change of its registration (art. 14) say
it in the same words — "自业务主管单位同意之日起30日内" — so they share these steps.

The unit consents (with the day it consented) or withholds consent with its reasons; the application is due
within 30 days of the consent, counted from the day after it (Civil Code art. 201) and moved off a rest day
(art. 203(1)); when the 30 days pass unused the sweep lets the consent lapse, and the unit must consent again:
neither article allows an application on an older consent. Where the articles differ — what the application
must hold, and which article lets the unit withhold consent (art. 11(1) for a new office; for a change, the
unit's guidance of art. 40) — the procedure says so when it builds the steps."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ngoreg.law.citation import Citation
from ngoreg.law.periods import days
from ngoreg.workflow.conditions import not_after_the_act, within
from ngoreg.workflow.spec import SYSTEM, Deadline, Field, Guard, Transition

APPLY_WITHIN = days(30)


class ConsentState(StrEnum):
    """The states the consent passes through, which a procedure's own states repeat by value."""

    DRAFTED = "drafted"
    CONSENTED = "consented"
    CONSENT_WITHHELD = "consent_withheld"
    CONSENT_LAPSED = "consent_lapsed"


@dataclass(frozen=True)
class SupervisoryConsent:
    """The consent steps of one procedure, in its own words: `what` is applied for ("application",
    "change"), `audit` the prefix of its audit actions, `basis` the article that asks for the consent,
    `apply_basis` the one that sets the 30 days (the same article, unless given), `withhold_basis` the one
    under which the unit withholds it."""

    states: type[StrEnum]  # the procedure's states: they must hold the values of `ConsentState`
    what: str
    audit: str
    basis: Citation
    withhold_basis: Citation
    apply_basis: Citation | None = None
    consent_requires: tuple[str, ...] = ("consented_on",)

    @property
    def within_basis(self) -> Citation:
        return self.apply_basis or self.basis

    def state(self, s: ConsentState) -> StrEnum:
        return self.states(s.value)

    @property
    def fields(self) -> tuple[Field, Field]:
        return (Field("consented_on", "date", "Day the professional supervisory unit consented", self.basis),
                Field("psu_objection", "text", "Why the professional supervisory unit withholds consent",
                      self.withhold_basis))  # fmt: skip

    @property
    def given_or_withheld(self) -> tuple[Transition, Transition]:
        """Consent (dated no later than the day it is recorded) or withhold it, on a draft or on a consent
        that lapsed."""
        s = ConsentState
        open_to = frozenset({self.state(s.DRAFTED), self.state(s.CONSENT_LAPSED)})
        return (
            Transition("consent", f"Consent to the {self.what}", open_to, self.state(s.CONSENTED),
                       frozenset({"psu"}), self.basis, f"{self.audit}.psu_consented", requires=self.consent_requires,
                       guards=(Guard("consent_not_dated_in_the_future", not_after_the_act("consented_on"),
                                     "The consent cannot bear a later day ({consented_on}) than the day it is "
                                     "recorded.", self.basis),)),
            Transition("withhold_consent", "Withhold consent", open_to, self.state(s.CONSENT_WITHHELD),
                       frozenset({"psu"}), self.withhold_basis, f"{self.audit}.psu_consent_withheld",
                       requires=("psu_objection",)),
        )  # fmt: skip

    @property
    def applied_in_time(self) -> Guard:
        """The guard of the step that applies: within the 30 days of the consent."""
        return Guard("applied_within_30_days_of_consent", within(APPLY_WITHIN, "consented_on"),
                     f"The {self.what} was due within 30 days of the supervisory unit's consent on {{consented_on}}; "
                     "it now needs the unit's consent again.", self.within_basis)  # fmt: skip

    @property
    def lapse(self) -> Transition:
        s = ConsentState
        return Transition("mark_consent_lapsed", "Let the consent lapse", frozenset({self.state(s.CONSENTED)}),
                          self.state(s.CONSENT_LAPSED), frozenset({SYSTEM}), self.within_basis,
                          f"{self.audit}.psu_consent_lapsed")  # fmt: skip

    def deadline(self, label: str, applied_by: str = "apply") -> Deadline:
        """The 30 days to apply, opened by the consent and met by the step `applied_by`; when they pass the
        consent lapses."""
        return Deadline("application", label, APPLY_WITHIN, self.within_basis, opened_by="consent",
                        counts_from="consented_on", met_by=frozenset({applied_by}), on_expiry=self.lapse.name)
