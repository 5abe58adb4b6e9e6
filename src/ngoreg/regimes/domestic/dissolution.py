"""The end of a social organisation: deregistration after liquidation (注销登记), which the three regulations
state in nearly the same words.

* The grounds: Social Association Regulations art. 19 (its purpose achieved, dissolved of itself, split or
  merged, ended for another reason); Civil Non-Enterprise Unit Regulations art. 16(1) (dissolved of itself,
  split or merged, another reason); Foundation Regulations art. 16 (ended under its articles, unable to go on
  with its public-interest purpose, another reason).
* An association applies after its supervisory unit has reviewed and agreed (art. 19); a unit's application
  carries the supervisory unit's review document (art. 17(1)); a foundation's regulations ask for no review.
  A directly registered organisation has no unit to review it.
* Before deregistering, it sets up a liquidation organisation and completes the liquidation, doing nothing
  else meanwhile (arts. 20; 16(2); 18(1)).
* It applies within 15 days from the end of the liquidation (arts. 21(1); 17(1); 18(2)), with the documents
  the article lists; the registrar deregisters it, issues the certificate of deregistration and takes in its
  certificate, seal and financial vouchers (arts. 21(2); 17(2)), and announces it (arts. 23; 18; 19).

The regulations give the registrar no period. Deregistered, the organisation leaves the registry from that
day (`workflow.spec.Ends`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ngoreg.law.citation import Citation
from ngoreg.law.periods import days
from ngoreg.regimes.domestic.roles import CIVIL_AFFAIRS, ORGANISATION, SUPERVISORY_UNIT
from ngoreg.workflow.conditions import includes_all, not_after_the_act
from ngoreg.workflow.spec import Deadline, Ends, Field, Guard, Transition

APPLY_WITHIN = days(15)


class State(StrEnum):
    DRAFTED = "drafted"
    REVIEWED = "reviewed"
    LIQUIDATING = "liquidating"
    LIQUIDATED = "liquidated"
    APPLIED = "applied"
    DEREGISTERED = "deregistered"
    REFUSED = "refused"


@dataclass(frozen=True)
class Dissolution:
    """One regulation's deregistration: `grounds` (ground → item of `ground_basis`), `review` the article that
    has the supervisory unit review it first (None where none does), `liquidation` the liquidation's,
    `apply` the 15 days and the documents (document names), `deregister` the registrar's act, `announce` the
    announcement."""

    audit: str
    grounds: Mapping[str, int]
    ground_basis: Citation
    review: Citation | None
    liquidation: Citation
    apply: Citation
    documents: tuple[str, ...]
    deregister: Citation
    announce: Citation
    states: type[StrEnum] = State  # the procedure's own, without `reviewed` where there is no review

    @property
    def fields(self) -> tuple[Field, ...]:
        return (
            Field("ground", "choice", "Ground of the deregistration", self.ground_basis, tuple(self.grounds)),
            Field("liquidation_ended_on", "date", "Day the liquidation ended", self.liquidation),
            Field("documents", "list", "Documents submitted", self.apply, self.documents),
            Field("announcement", "text", "Where and when the deregistration was announced", self.announce),
            Field("refusal_reason", "text", "Why deregistration is refused", self.deregister),
        )

    def transitions(self) -> tuple[Transition, ...]:
        s: Any = self.states
        reviewed: tuple[Transition, ...] = ()
        starts_from = frozenset({s.DRAFTED})
        guards: tuple[Guard, ...] = ()
        if self.review is not None:
            review = self.review
            reviewed = (Transition("review", "Agree to the deregistration after review", frozenset({s.DRAFTED}),
                                   s.REVIEWED, frozenset({SUPERVISORY_UNIT}), review, f"{self.audit}.psu_reviewed",
                                   requires=("ground",),
                                   guards=(Guard("the_organisation_has_a_supervisory_unit",
                                                 lambda c: bool(c.facts.get("has_supervisory_unit")),
                                                 "The organisation has no supervisory unit to review it.", review),)),)
            starts_from = frozenset({s.DRAFTED, s.REVIEWED})
            guards = (Guard("reviewed_by_the_supervisory_unit",
                            lambda c: c.state == State.REVIEWED or not c.facts.get("has_supervisory_unit"),
                            "The professional supervisory unit reviews and agrees first.", review),)
        return (
            *reviewed,
            Transition("begin_liquidation", "Set up the liquidation organisation", starts_from, s.LIQUIDATING,
                       frozenset({ORGANISATION}), self.liquidation, f"{self.audit}.liquidation_begun",
                       requires=("ground",), guards=guards),
            Transition("complete_liquidation", "Complete the liquidation", frozenset({s.LIQUIDATING}), s.LIQUIDATED,
                       frozenset({ORGANISATION}), self.liquidation, f"{self.audit}.liquidated",
                       requires=("liquidation_ended_on",),
                       guards=(Guard("liquidation_not_dated_in_the_future", not_after_the_act("liquidation_ended_on"),
                                     "The liquidation cannot end later ({liquidation_ended_on}) than the day it is "
                                     "recorded.", self.liquidation),)),
            # A foundation's article names no documents: its application is complete without them.
            Transition("apply", "Apply for deregistration", frozenset({s.LIQUIDATED}), s.APPLIED,
                       frozenset({ORGANISATION}), self.apply, f"{self.audit}.applied",
                       requires=("documents",) if self.documents else (),
                       guards=(Guard("documents_complete", includes_all("documents", self.documents),
                                     "The application lacks documents the article lists.", self.apply),)),
            Transition("deregister", "Deregister the organisation and announce it", frozenset({s.APPLIED}),
                       s.DEREGISTERED, frozenset({CIVIL_AFFAIRS}), self.deregister, f"{self.audit}.deregistered",
                       requires=("announcement",), effect=Ends("deregistered")),
            Transition("refuse", "Refuse deregistration", frozenset({s.APPLIED}), s.REFUSED, frozenset({CIVIL_AFFAIRS}),
                       self.deregister, f"{self.audit}.refused", requires=("refusal_reason",)),
        )  # fmt: skip

    def deadlines(self) -> tuple[Deadline, ...]:
        # A late application is still decided: the 15 days carry no lapse, only the deadline expires.
        return (Deadline("application", "Application within 15 days of the liquidation's end", APPLY_WITHIN,
                         self.apply, opened_by="complete_liquidation", counts_from="liquidation_ended_on",
                         met_by=frozenset({"apply"})),)  # fmt: skip


