"""Temporary activity of a foreign NGO without a representative office (临时活动备案).

Foreign NGO Law (2016, as amended 2017-11-04), arts. 16, 17 and 30; in force 2017-01-01 (art. 54).

* Arts. 9(1), 16: a foreign NGO that has not set up a representative office may carry out a temporary
  activity, only together with a Chinese partner unit: a state organ, people's organisation, public
  institution or social organisation. An NGO with a registered office may not file one.
* Art. 17(1): the partner unit files with the registrar where it is located at least 15 days before the
  activity starts, with the documents of items (1)–(6); 17(2): in disaster relief, rescue and other
  emergencies that lead time does not apply; 17(3): the activity lasts at most one year, a longer one
  must be filed again; 17(4): the registrar orders a non-conforming activity stopped (art. 5).
* Art. 30(2): within 30 days after the activity ends, the NGO and the partner unit report in writing
  on the activity and the use of its funds.
* Art. 48: an NGO banned for five years (paras. 1, 2) or listed as unwelcome (para. 3) may not carry out
  temporary activities; the facts come from its sanction filings (`fngo_sanction`).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ngoreg.law import cite
from ngoreg.law.periods import add, days, subtract, years
from ngoreg.regimes.fngo import sanction as fngo_sanction
from ngoreg.workflow.conditions import includes_all
from ngoreg.workflow.spec import SYSTEM, Context, Deadline, Field, Guard, Procedure, Transition

PARTNER_KINDS = ("state_organ", "peoples_organisation", "public_institution", "social_organisation")

# Art. 17(1) items (1)–(5); item (6) ("other documents laws and regulations require") names none.
DOCUMENTS = {
    "proof_of_establishment": 1,
    "written_agreement": 2,
    "activity_particulars": 3,
    "funding_and_account": 4,
    "partner_approval": 5,
}

CODE = "fngo_temporary_activity"
LEAD_TIME = days(15)
LONGEST = years(1)
REPORT_WITHIN = days(30)


class State(StrEnum):
    DRAFTED = "drafted"
    FILED = "filed"
    STOPPED = "stopped"
    REPORT_OVERDUE = "report_overdue"
    REPORTED = "reported"


def _partner_kind_allowed(c: Context) -> bool:
    return c.data.get("partner_kind") in PARTNER_KINDS


def _without_an_office(c: Context) -> bool:
    # Arts. 9(1), 16: temporary activities are the way in for an NGO that has not set up a representative
    # office; one with an office in force carries out its activities through the office. Read on the day
    # of filing (fact `has_registered_office`, about the NGO behind the filing).
    return not c.facts.get("has_registered_office")


def _dates_in_order(c: Context) -> bool:
    return c.data["end_date"] >= c.data["start_date"]


def _at_most_one_year(c: Context) -> bool:
    # Counted like any period from the start (Civil Code art. 201): an activity from 2017-03-02 may run to
    # 2018-03-02. The last day is not moved off a rest day (art. 203): it bounds how long the activity
    # may last, it is not a day by which something must be done.
    return c.data["end_date"] <= add(c.data["start_date"], LONGEST)


def _filed_in_time(c: Context) -> bool:
    return bool(c.data.get("emergency")) or c.on <= subtract(c.data["start_date"], LEAD_TIME)


def _has_ended(c: Context) -> bool:
    return c.state == State.STOPPED or c.on > c.data["end_date"]


P16 = cite("fngo", 16)
P17_1 = cite("fngo", 17, 1)
P17_2 = cite("fngo", 17, 2)
P17_3 = cite("fngo", 17, 3)
P17_4 = cite("fngo", 17, 4)
P30_2 = cite("fngo", 30, 2)

PROCEDURE = Procedure(
    code=CODE,
    version=date(2017, 1, 1),
    title_en="Temporary activity filing (foreign NGO without a representative office)",
    title_zh="境外非政府组织临时活动备案",
    basis=(P16, P17_1, P30_2),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("activity_name", "text", "Name of the temporary activity", cite("fngo", 17, 1, 3)),
        Field("partner_name", "text", "Chinese partner unit", P16),
        Field("partner_kind", "choice", "Kind of Chinese partner unit", P16, PARTNER_KINDS),
        # The partner unit files (art. 17(1)): the registry records which organisation it is, so that its
        # staff and the registrar of its province reach the filing.
        Field("partner_org_id", "int", "The partner unit in the registry (organisation id)", P17_1),
        Field("region", "text", "Region where the activity takes place", cite("fngo", 17, 1, 3)),
        Field("start_date", "date", "First day of the activity", cite("fngo", 17, 1, 3)),
        Field("end_date", "date", "Last day of the activity", cite("fngo", 17, 1, 3)),
        Field("emergency", "bool", "Disaster relief, rescue or other emergency", P17_2),
        Field("documents", "list", "Documents filed", P17_1, tuple(DOCUMENTS)),
        Field("report", "text", "Closing report on the activity and its funds", P30_2),
        Field("stop_reason", "text", "Why the activity is ordered stopped", P17_4),
    ),
    transitions=(
        Transition(
            "file", "File with the registrar", frozenset({State.DRAFTED}), State.FILED,
            frozenset({"partner_unit"}), P17_1, "activity.filed",
            requires=("activity_name", "partner_name", "partner_kind", "region", "start_date", "end_date"),
            guards=(
                Guard("partner_is_of_a_permitted_kind", _partner_kind_allowed,
                      "The Chinese partner unit must be a state organ, people's organisation, public "
                      "institution or social organisation, not {partner_kind}.", P16),
                Guard("ngo_without_a_representative_office", _without_an_office,
                      "Temporary activities are for a foreign NGO that has not set up a representative office "
                      "in China; this NGO has a registered office, through which it carries out its "
                      "activities.", P16),
                Guard("dates_in_order", _dates_in_order,
                      "The activity cannot end ({end_date}) before it starts ({start_date}).",
                      cite("fngo", 17, 1, 3)),
                Guard("lasts_at_most_one_year", _at_most_one_year,
                      "A temporary activity lasts at most one year; one from {start_date} to {end_date} is "
                      "longer and must be filed again for the rest of its time.", P17_3),
                Guard("filed_15_days_before_start", _filed_in_time,
                      "The partner unit must file at least 15 days before the activity starts on "
                      "{start_date}, unless it is disaster relief or rescue.", P17_1),
                Guard("documents_complete", includes_all("documents", DOCUMENTS),
                      "The filing lacks documents that article 17(1) items (1)–(5) require.", P17_1),
                Guard("not_banned_from_activities", fngo_sanction.clear_of_ban,
                      "The foreign NGO may not carry out activities in China while a ban or revocation "
                      "runs (five years).", cite("fngo", 48)),
                Guard("not_listed_unwelcome", fngo_sanction.not_unwelcome,
                      "The foreign NGO is on the list of the unwelcome and may not carry out temporary "
                      "activities in China.", cite("fngo", 48, 3)),
            ),
        ),  # fmt: skip
        Transition(
            "order_stop", "Order the activity stopped", frozenset({State.FILED}), State.STOPPED,
            frozenset({"registrar"}), P17_4, "activity.stop_ordered", requires=("stop_reason",),
        ),  # fmt: skip
        Transition(
            "report_closing", "Report on the finished activity",
            frozenset({State.FILED, State.STOPPED, State.REPORT_OVERDUE}), State.REPORTED,
            frozenset({"partner_unit", "foreign_ngo"}), P30_2, "activity.reported", requires=("report",),
            guards=(
                Guard("activity_has_ended", _has_ended,
                      "The closing report follows the end of the activity on {end_date}.", P30_2),
            ),
        ),  # fmt: skip
        Transition(
            "mark_report_overdue", "Mark the closing report overdue", frozenset({State.FILED, State.STOPPED}),
            State.REPORT_OVERDUE, frozenset({SYSTEM}), P30_2, "activity.report_overdue",
        ),  # fmt: skip
    ),
    deadlines=(
        # Counted from the planned last day also after a stop order: art. 30 speaks of the activity's end,
        # and the stop order (art. 17(4)) fixes no other day; we keep the later, filed date.
        Deadline("closing_report", "Closing report to the registrar", REPORT_WITHIN, P30_2,
                 opened_by="file", counts_from="end_date", met_by=frozenset({"report_closing"}),
                 on_expiry="mark_report_overdue"),
    ),  # fmt: skip
)
