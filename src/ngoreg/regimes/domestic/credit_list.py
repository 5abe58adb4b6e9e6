"""A social organisation's entry on its registrar's credit lists: the list of organisations with abnormal
activities (活动异常名录) and the list of serious violations (严重违法失信名单).

The lists are the Ministry of Civil Affairs' 社会组织信用信息管理办法 (MCA Order No. 60, issued and in force
2018-01-24). Its text is not shipped: we found no full official text to ship, so no article of it is cited.
The steps rest on the registrar's supervision in the regulations — Social Association Regulations art.
24(1)(3) (supervisory inspection, penalties), Civil Non-Enterprise Unit Regulations art. 19(1)(3), Foundation
Regulations art. 34(1)(2), (3) — which the citations name by the first; every rule that is the measures' own
says so in its sentence (`PRACTICE`), as the public reports of the measures give it:

* The registrar lists an organisation as having abnormal activities for a cause (`CAUSES`): its annual work
  report not sent as required (a duty of Social Association Regulations art. 28(1), Civil Non-Enterprise Unit
  Regulations art. 23(1), Foundation Regulations art. 36(1)), no Party organisation set up as required, a
  correction ordered and not completed in time (arts. 30(1); 25(1); 42(1)), not reachable at its registered
  seat (a registration item, Social Association Regulations art. 12(2)).
* Two years on the list of abnormal activities moves it to the list of serious violations (列入活动异常名录满
  2年). The rule leaves the registrar nothing to weigh, so the move is the sweep's: the two years are a
  deadline from the day of listing whose expiry fires `move_to_serious`. A new cause while listed restarts
  them (重新计算列入时限): listing again meets the running count and opens a new one.
* The registrar lists it directly on the list of serious violations for a serious cause: a change
  registration obtained by fraud and cancelled, a dishonest judgment debtor of the courts (失信被执行人), its
  registration revoked or cancelled (Social Association Regulations arts. 29, 30(1); Civil Non-Enterprise
  Unit Regulations arts. 24, 25(1); Foundation Regulations art. 42(1)).
* Removal: from the list of abnormal activities once the organisation has done what it owed or completed the
  correction, on the registrar's check; from the list of serious violations no sooner than two years after
  it was entered on it (`SERIOUS_AT_LEAST`), with the remedy.

The lists are public: the registrars publish them. While listed the organisation carries the mark
`credit_list` (`abnormal`, `serious`), which removal ends (`workflow.spec.Marks`); the organisation's page and
the statistics read it. One filing follows one entry from listing to removal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.law.citation import Citation
from ngoreg.law.periods import add, years
from ngoreg.regimes.domestic.roles import CIVIL_AFFAIRS
from ngoreg.workflow.spec import SYSTEM, Context, Deadline, Field, Guard, Marks, Procedure, Transition

CODE = "credit_list"
PRACTICE = "MCA credit information measures (2018), text not shipped"
MARK = "credit_list"
ABNORMAL, SERIOUS = "abnormal", "serious"

# The measures' periods (text not shipped; as the public reports of the measures give them).
ABNORMAL_TO_SERIOUS = years(2)  # 列入活动异常名录满2年 → 严重违法失信名单
SERIOUS_AT_LEAST = years(2)  # on the list of serious violations two years before removal

SOCIAL_ORGANISATIONS = frozenset({"social_association", "civil_non_enterprise", "foundation"})


@dataclass(frozen=True)
class Cause:
    """A cause of listing: the list it leads to, and the provisions of the three regulations whose duty it
    breaks where they state one (none where only the measures name it)."""

    list: str
    bases: tuple[Citation, ...] = ()


CAUSES: dict[str, Cause] = {
    "annual_report_not_filed": Cause(ABNORMAL, (cite("sa_regs", 28, 1), cite("cneu_regs", 23, 1),
                                                cite("foundation_regs", 36, 1))),
    "no_party_organisation": Cause(ABNORMAL),
    "correction_not_completed": Cause(ABNORMAL, (cite("sa_regs", 30, 1), cite("cneu_regs", 25, 1),
                                                 cite("foundation_regs", 42, 1))),
    "unreachable_at_registered_seat": Cause(ABNORMAL, (cite("sa_regs", 12, 2),)),
    "fraudulent_change_registration_cancelled": Cause(SERIOUS),
    "dishonest_judgment_debtor": Cause(SERIOUS),
    "registration_revoked_or_cancelled": Cause(SERIOUS, (cite("sa_regs", 29), cite("sa_regs", 30, 1),
                                                         cite("cneu_regs", 24), cite("cneu_regs", 25, 1),
                                                         cite("foundation_regs", 42, 1))),
}  # fmt: skip


class State(StrEnum):
    OPENED = "opened"
    ABNORMAL = "abnormal"
    SERIOUS = "serious"
    REMOVED = "removed"


P_SUPERVISE = cite("sa_regs", 24, 1, 3)


def _cause_for(which: str) -> Guard:
    def holds(c: Context) -> bool:
        cause = CAUSES.get(c.data.get("cause", ""))
        return cause is not None and cause.list == which

    name = {ABNORMAL: "the list of abnormal activities", SERIOUS: "the list of serious violations"}[which]
    return Guard(f"cause_for_the_{which}_list", holds, f"{{cause}} is no cause for {name} ({PRACTICE}).",
                 P_SUPERVISE)


def listed_since(c: Context) -> date | None:
    """The day the organisation's present entry began (fact `credit_list_since`, from its mark)."""
    since = c.facts.get("credit_list_since")
    return since if isinstance(since, date) else None


def serious_long_enough(c: Context) -> bool:
    since = listed_since(c)
    return since is not None and c.on > add(since, SERIOUS_AT_LEAST)  # 满2年: from the day after the last day

A_SOCIAL_ORGANISATION = Guard(
    "a_social_organisation", lambda c: c.facts.get("org_kind") in SOCIAL_ORGANISATIONS,
    "Only a social association, a civil non-enterprise unit or a foundation is on a registrar's credit lists.",
    P_SUPERVISE)  # fmt: skip
REGISTERED = Guard(
    "registered", lambda c: c.facts.get("org_status") == "registered",
    "Only a registered organisation has activities to list as abnormal; this one is {org_status} in the "
    "registry.", P_SUPERVISE)  # fmt: skip
NOT_IN_PREPARATION = Guard(
    "not_in_preparation", lambda c: c.facts.get("org_status") != "preparing",
    "An organisation in preparation is not yet registered and on no credit list.", P_SUPERVISE)


def _mark(value: str | None) -> Marks:
    return Marks(lambda c: {MARK: value})


LISTING = ("cause", "facts_found")

PROCEDURE = Procedure(
    code=CODE,
    version=date(2018, 1, 24),
    title_en="Credit lists of social organisations: abnormal activities and serious violations",
    title_zh="社会组织活动异常名录和严重违法失信名单",
    basis=(P_SUPERVISE, cite("cneu_regs", 19, 1, 3), cite("foundation_regs", 34, 1, 2),
           cite("foundation_regs", 34, 1, 3)),
    states=State,
    initial=State.OPENED,
    fields=(
        Field("cause", "choice", "Cause of the listing", P_SUPERVISE, tuple(CAUSES)),
        Field("facts_found", "text", "Facts found", P_SUPERVISE),
        Field("remedy", "text", "What the organisation did to remedy the cause", P_SUPERVISE),
    ),
    transitions=(
        # A new cause while listed restarts the two years: the transition meets the running count and opens
        # another (see the deadline).
        Transition(
            "list_abnormal", "List as having abnormal activities", frozenset({State.OPENED, State.ABNORMAL}),
            State.ABNORMAL, frozenset({CIVIL_AFFAIRS}), P_SUPERVISE, "credit_list.listed_abnormal",
            requires=LISTING, guards=(A_SOCIAL_ORGANISATION, REGISTERED, _cause_for(ABNORMAL)),
            effect=_mark(ABNORMAL),
        ),
        Transition(
            "remove_from_abnormal", "Remove from the list of abnormal activities on remedy",
            frozenset({State.ABNORMAL}), State.REMOVED, frozenset({CIVIL_AFFAIRS}), P_SUPERVISE,
            "credit_list.removed_from_abnormal", requires=("remedy",), effect=_mark(None),
        ),
        Transition(
            "move_to_serious", "Move to the list of serious violations after two years",
            frozenset({State.ABNORMAL}), State.SERIOUS, frozenset({SYSTEM}), P_SUPERVISE,
            "credit_list.moved_to_serious", effect=_mark(SERIOUS),
        ),
        Transition(
            "list_serious", "List for serious violations", frozenset({State.OPENED, State.ABNORMAL}),
            State.SERIOUS, frozenset({CIVIL_AFFAIRS}), P_SUPERVISE, "credit_list.listed_serious",
            requires=LISTING, guards=(A_SOCIAL_ORGANISATION, NOT_IN_PREPARATION, _cause_for(SERIOUS)),
            effect=_mark(SERIOUS),
        ),
        Transition(
            "remove_from_serious", "Remove from the list of serious violations on remedy",
            frozenset({State.SERIOUS}), State.REMOVED, frozenset({CIVIL_AFFAIRS}), P_SUPERVISE,
            "credit_list.removed_from_serious", requires=("remedy",),
            guards=(Guard("serious_listed_two_years", serious_long_enough,
                          f"An organisation leaves the list of serious violations no sooner than two years after "
                          f"it was entered on it ({PRACTICE}).", P_SUPERVISE),),
            effect=_mark(None),
        ),
    ),
    deadlines=(
        # The last day is moved off a rest day like any other (Civil Code art. 203(1)): the move comes at the
        # earliest the day after two full years.
        Deadline("abnormal_two_years", "Two years on the list of abnormal activities", ABNORMAL_TO_SERIOUS,
                 P_SUPERVISE, opened_by="list_abnormal",
                 met_by=frozenset({"list_abnormal", "remove_from_abnormal", "list_serious"}),
                 on_expiry="move_to_serious"),
    ),
    summary=("cause",),
)  # fmt: skip
