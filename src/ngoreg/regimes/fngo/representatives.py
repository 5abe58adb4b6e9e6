"""The chief representative and the representatives of a representative office (首席代表、代表).

Foreign NGO Law (2016, as amended 2017-11-04), art. 29; in force 2017-01-01 (art. 54).

* Art. 29(1): an office has one chief representative and may, as its work requires, have one to three
  representatives.
* Art. 29(2): nobody may serve as chief representative or representative who (1) has no or limited civil
  capacity, (2) has a criminal record, (3) was chief representative or representative of an office whose
  registration was cancelled or whose certificate was revoked, for five years from that day, (4) is barred
  by other laws or administrative regulations (none named: no guard).

"可以根据业务需要设一至三名代表" is permissive: an office may have no representative besides its chief,
and if it has any, one to three. We refuse more than three and accept none.

Item (3) is known to the registry: the persons come from the sanction filings that cancelled a
registration or revoked a certificate (`fngo_sanction`, fields `chief_representative` and
`representatives`), as fact `barred_persons` (name → last day of the bar). Persons are matched by name,
ignoring case and surrounding spaces; the registry keeps no identity numbers. Items (1) and (2) are what
the filer declares: the persons named in the filing who lack full civil capacity or have a criminal
record (art. 12(1)(3) asks for the chief representative's record or a declaration).

Who holds the chief representative's post is also a registration item (art. 13(1)(5)); changing it is
registered under art. 14 (`fngo_office_change`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from ngoreg.law import cite
from ngoreg.workflow.spec import Context, Field, Guard, Procedure, Transition

CODE = "fngo_representatives"

MOST_REPRESENTATIVES = 3


class State(StrEnum):
    DRAFTED = "drafted"
    APPOINTED = "appointed"


def person_key(name: str) -> str:
    """How a person's name is matched against the names in sanction filings."""
    return " ".join(name.split()).casefold()


def persons(data: Mapping[str, Any]) -> set[str]:
    """Everyone the filing appoints: the chief representative and the representatives."""
    names: Iterable[str] = [data.get("chief_representative") or "", *(data.get("representatives") or [])]
    return {person_key(n) for n in names if n.strip()}


def _representatives(c: Context) -> set[str]:
    return {person_key(n) for n in c.data.get("representatives") or [] if n.strip()}


def _at_most_three(c: Context) -> bool:
    return len(_representatives(c)) <= MOST_REPRESENTATIVES


def _none_declared(field: str) -> Callable[[Context], bool]:
    def holds(c: Context) -> bool:
        return not persons(c.data) & {person_key(n) for n in c.data.get(field) or []}

    return holds


def _none_barred(c: Context) -> bool:
    barred: Mapping[str, date] = c.facts.get("barred_persons") or {}
    return all(c.on > barred[p] for p in persons(c.data) if p in barred)


P29_1 = cite("fngo", 29, 1)

PROCEDURE = Procedure(
    code=CODE,
    version=date(2017, 1, 1),
    title_en="Chief representative and representatives of a representative office",
    title_zh="境外非政府组织代表机构首席代表和代表",
    basis=(P29_1, cite("fngo", 29, 2)),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("chief_representative", "text", "Chief representative", P29_1),
        Field("representatives", "list", "Representatives (one to three, or none)", P29_1),
        Field("lacking_full_capacity", "list", "Persons named who have no or limited civil capacity",
              cite("fngo", 29, 2, 1)),
        Field("with_criminal_record", "list", "Persons named who have a criminal record", cite("fngo", 29, 2, 2)),
    ),
    transitions=(
        Transition(
            "appoint", "Appoint the chief representative and representatives",
            frozenset({State.DRAFTED, State.APPOINTED}), State.APPOINTED, frozenset({"foreign_ngo"}), P29_1,
            "office.representatives_appointed", requires=("chief_representative",),
            guards=(
                Guard("at_most_three_representatives", _at_most_three,
                      "An office may have one to three representatives besides its chief representative, not "
                      "more.", P29_1),
                Guard("none_lacks_full_civil_capacity", _none_declared("lacking_full_capacity"),
                      "A person without full civil capacity may not serve as chief representative or "
                      "representative.", cite("fngo", 29, 2, 1)),
                Guard("none_has_a_criminal_record", _none_declared("with_criminal_record"),
                      "A person with a criminal record may not serve as chief representative or "
                      "representative.", cite("fngo", 29, 2, 2)),
                Guard("none_barred_after_a_revocation", _none_barred,
                      "A chief representative or representative of an office whose registration was cancelled "
                      "or whose certificate was revoked may not serve again for five years from that day.",
                      cite("fngo", 29, 2, 3)),
            ),
        ),
    ),
)  # fmt: skip
