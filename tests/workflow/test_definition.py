from dataclasses import replace
from datetime import date
from enum import StrEnum

import pytest

from ngoreg.errors import InvalidInput
from ngoreg.law import cite
from ngoreg.law.citation import Citation
from ngoreg.law.periods import days
from ngoreg.regimes.fngo import temporary_activity as ta
from ngoreg.workflow import engine
from ngoreg.workflow.spec import CalendarDay, Deadline, DefinitionError, Field, Procedure, Registers, Transition


class S(StrEnum):
    A = "a"
    B = "b"
    LOST = "lost"


def proc(**kw: object) -> Procedure:
    base: dict[str, object] = dict(
        code="t", version=date(2017, 1, 1), title_en="t", title_zh="t", basis=(cite("fngo", 9),), states=S,
        initial=S.A, fields=(),
        transitions=(Transition("go", "Go", frozenset({S.A}), S.B, frozenset({"x"}), cite("fngo", 9), "t.went"),),
    )  # fmt: skip
    base.update(kw)
    return Procedure(**base)  # type: ignore[arg-type]


def test_an_unreachable_state_fails_at_definition() -> None:
    with pytest.raises(DefinitionError, match="state lost cannot be reached"):
        proc()


class S2(StrEnum):
    A = "a"
    B = "b"


def test_a_dangling_deadline_fails_at_definition() -> None:
    dl = Deadline("d", "D", days(3), cite("fngo", 9), opened_by="nowhere", met_by=frozenset({"go"}))
    with pytest.raises(DefinitionError, match="deadline d: no transition nowhere"):
        proc(states=S2, deadlines=(dl,))


def test_a_citation_of_missing_text_fails_at_definition() -> None:
    t = Transition("go", "Go", frozenset({S2.A}), S2.B, frozenset({"x"}), Citation("fngo", 17, 9), "t.went")
    with pytest.raises(DefinitionError, match=r"art\. 17"):
        proc(states=S2, transitions=(t,))


def test_an_expiry_transition_must_belong_to_the_system() -> None:
    bad = replace(ta.PROCEDURE.transitions[3], roles=frozenset({"registrar"}))
    with pytest.raises(DefinitionError, match="must be a system transition"):
        replace(ta.PROCEDURE, transitions=(*ta.PROCEDURE.transitions[:3], bad))


def test_the_shipped_procedure_is_well_formed() -> None:
    assert ta.PROCEDURE.transition("file").basis == cite("fngo", 17, 1)


def test_a_calendar_day_needs_an_int_field_for_its_year() -> None:
    dl = Deadline("d", "D", CalendarDay(1, 31, "year", offset=1), cite("fngo", 31, 1), opened_by=None,
                  met_by=frozenset({"go"}))  # fmt: skip
    with pytest.raises(DefinitionError, match="not an int field"):
        proc(states=S2, deadlines=(dl,), fields=(Field("year", "text", "Year"),))
    ok = proc(states=S2, deadlines=(dl,), fields=(Field("year", "int", "Year"),))
    assert str(ok.deadlines[0].period) == "31 January of the year after `year`"


def test_a_yearly_last_day_is_moved_off_a_rest_day_and_opens_when_the_filing_starts() -> None:
    dl = Deadline("d", "D", CalendarDay(3, 31, "year", offset=1), cite("fngo", 31, 1), opened_by=None,
                  met_by=frozenset({"go"}))  # fmt: skip
    p = proc(states=S2, deadlines=(dl,), fields=(Field("year", "int", "Year"),))
    [opened] = engine.opened_at_start(p, {"year": 2017}, date(2018, 1, 5))
    # 31 March 2018 is a Saturday: the last day is Monday 2 April (Civil Code art. 203(1))
    assert (opened.opened_on, opened.last.nominal, opened.last.day) == (date(2018, 1, 5), date(2018, 3, 31),
                                                                         date(2018, 4, 2))  # fmt: skip
    with pytest.raises(InvalidInput, match="year"):
        engine.opened_at_start(p, {}, date(2018, 1, 5))


def test_a_calendar_day_cannot_be_29_february() -> None:
    with pytest.raises(ValueError, match="29 February"):
        CalendarDay(2, 29, "year")


def test_a_new_organisation_needs_an_int_field_to_keep_its_id() -> None:
    registers = Registers(lambda c: {"kind": "representative_office", "name": "x"}, keeps_id_in="name")
    t = Transition("go", "Go", frozenset({S2.A}), S2.B, frozenset({"x"}), cite("fngo", 13, 1), "t.went",
                   effect=registers)  # fmt: skip
    with pytest.raises(DefinitionError, match="keeps the new organisation's id in name, not an int field"):
        proc(states=S2, transitions=(t,), fields=(Field("name", "text", "Name"),))


def test_what_a_decision_does_to_the_registry_is_described() -> None:
    from ngoreg.regimes.fngo import office_deregistration as fngo_office_deregistration
    from ngoreg.regimes.fngo import office_registration as fngo_office_registration
    from ngoreg.workflow.describe import describe

    said = {t["name"]: t["registry"] for t in describe(fngo_office_registration.PROCEDURE)["transitions"]}
    assert said["register"] is not None and "office_org_id" in said["register"]
    assert said["apply"] is None
    steps = describe(fngo_office_deregistration.PROCEDURE)["transitions"]
    assert "`deregistered`" in next(t["registry"] for t in steps if t["name"] == "deregister")


def charity_proc(version: date, basis: Citation) -> Procedure:
    go = Transition("go", "Go", frozenset({S2.A}), S2.B, frozenset({"x"}), basis, "t.went")
    return proc(version=version, states=S2, basis=(basis,), transitions=(go,))


def test_a_procedure_version_cites_the_text_in_force_on_its_day() -> None:
    # Art. 125 is in the Charity Law's amended text only, in force from 2024-09-05.
    assert charity_proc(date(2024, 9, 5), Citation("charity", 125)).version == date(2024, 9, 5)
    with pytest.raises(DefinitionError, match=r"citation Charity Law art\. 125: article: 125: the 2016 text of the "
                                              r"Charity Law has articles 1–112"):  # fmt: skip
        charity_proc(date(2024, 9, 4), Citation("charity", 125))
    with pytest.raises(DefinitionError, match="the Charity Law was not in force on 2016-08-31"):
        charity_proc(date(2016, 8, 31), Citation("charity", 1))


def test_a_procedure_version_may_not_cite_a_text_not_in_force_on_its_day() -> None:
    old = Citation("charity", 112).as_of(date(2016, 9, 1))
    assert charity_proc(date(2020, 1, 1), old).basis == (old,)
    with pytest.raises(DefinitionError, match=r"Charity Law \(2016\) art\. 112 is of the 2016 text; on 2025-01-01"):
        charity_proc(date(2025, 1, 1), old)
