"""Change of a representative office's registration items (代表机构变更登记).

Foreign NGO Law (2016, as amended 2017-11-04), arts. 13(1), 14 and 40; in force 2017-01-01 (art. 54).

* Art. 14: an office that needs to change a registration item applies to the registrar for the change
  within 30 days from the day its professional supervisory unit (PSU) consents.
* Art. 13(1): the registration items are (1) name, (2) domicile, (3) business scope, (4) area of activity,
  (5) chief representative, (6) PSU.
* Art. 40: the PSU gives its opinion on changes of registration items.

The text sets no period for the registrar's decision on a change (art. 12(3)'s 60 days are for
establishing an office), so none is modelled; nor does it require a public announcement of a change.
Whether a new chief representative may serve (art. 29(2)) is checked by `fngo_representatives`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from ngoreg.law import cite
from ngoreg.regimes.fngo.consent import SupervisoryConsent
from ngoreg.regimes.fngo.office import recorded_on_the_office, registration_in_force
from ngoreg.regimes.fngo.office_registration import REGISTRATION_ITEMS
from ngoreg.workflow.spec import Changes, Context, Field, Guard, Procedure, Transition

CODE = "fngo_office_change"


class State(StrEnum):
    DRAFTED = "drafted"
    CONSENTED = "consented"
    CONSENT_WITHHELD = "consent_withheld"
    CONSENT_LAPSED = "consent_lapsed"
    APPLIED = "applied"
    CHANGED = "changed"
    REFUSED = "refused"


def _new_value_for_each_item(c: Context) -> bool:
    return all(c.data.get(f"new_{item}") not in (None, "") for item in c.data["items"])


def _new_name(c: Context) -> dict[str, Any]:
    """Of the registration items (art. 13(1)) the registry holds the name; the old one stays a former name."""
    return {"name": c.data["new_name"]} if "name" in c.data["items"] else {}


P14 = cite("fngo", 14)
P13_1 = cite("fngo", 13, 1)

# Art. 14's 30 days from the consent are art. 12(1)'s for a new office; art. 40's guidance lets the unit
# withhold it.
CONSENT = SupervisoryConsent(State, "change", "office_change", P14, cite("fngo", 40),
                             consent_requires=("items", "consented_on"))

PROCEDURE = Procedure(
    code=CODE,
    version=date(2017, 1, 1),
    title_en="Change of a representative office's registration",
    title_zh="境外非政府组织代表机构变更登记",
    basis=(P14, P13_1, cite("fngo", 40)),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("items", "list", "Registration items to change", P13_1, REGISTRATION_ITEMS),
        Field("new_name", "text", "New name", cite("fngo", 13, 1, 1)),
        Field("new_domicile", "text", "New domicile", cite("fngo", 13, 1, 2)),
        Field("new_business_scope", "text", "New business scope", cite("fngo", 13, 1, 3)),
        Field("new_area_of_activity", "text", "New area of activity", cite("fngo", 13, 1, 4)),
        Field("new_chief_representative", "text", "New chief representative", cite("fngo", 13, 1, 5)),
        Field("new_psu_name", "text", "New professional supervisory unit", cite("fngo", 13, 1, 6)),
        *CONSENT.fields,
        Field("refusal_reason", "text", "Why the change is refused", P14),
    ),
    transitions=(
        *CONSENT.given_or_withheld,
        Transition(
            "apply", "Apply to the registrar for the change", frozenset({State.CONSENTED}), State.APPLIED,
            frozenset({"foreign_ngo"}), P14, "office_change.applied", requires=("items",),
            guards=(
                CONSENT.applied_in_time,
                Guard("new_value_for_each_item", _new_value_for_each_item,
                      "Each registration item to change ({items}) needs its new value.", P13_1),
            ),
        ),
        CONSENT.lapse,
        Transition(
            "register_change", "Register the change", frozenset({State.APPLIED}), State.CHANGED,
            frozenset({"registrar"}), P14, "office_change.registered",
            guards=(recorded_on_the_office(P14), registration_in_force(P14)), effect=Changes(_new_name),
        ),
        Transition(
            "refuse", "Refuse the change", frozenset({State.APPLIED}), State.REFUSED, frozenset({"registrar"}), P14,
            "office_change.refused", requires=("refusal_reason",),
        ),
    ),
    deadlines=(
        CONSENT.deadline("Application for the change"),
    ),
)  # fmt: skip
