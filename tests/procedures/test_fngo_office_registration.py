"""Scenarios for FNGO Law arts. 10–13, 22, 26 and 48 (registration of a representative office), one table
row per rule worth stating."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.fngo.office_registration import DOCUMENTS, PROCEDURE, RECORDS, State
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

D = date
AN_NGO: dict[str, Any] = {"org_kind": "foreign_ngo", "org_id": 1}
GOOD: dict[str, Any] = {
    "lawfully_established_abroad": True,
    "independent_civil_liability": True,
    "articles_favour_public_interest": True,
    "active_abroad_since": D(2010, 5, 1),
    "consented_on": D(2017, 3, 1),
    "documents": list(DOCUMENTS),
    "name": "Teachers Abroad Beijing Representative Office",
    "domicile": "Chaoyang District, Beijing",
    "business_scope": "Teacher training",
    "area_of_activity": "Beijing, Gansu",
    "chief_representative": "Li Ming",
    "psu_name": "Ministry of Education",
}


def ctx(on: date, role: str = "foreign_ngo", state: str = State.CONSENTED, facts: dict[str, Any] | None = None,
        **changes: Any) -> Context:  # fmt: skip
    return Context({**GOOD, **changes}, on, role, state, AN_NGO if facts is None else facts)


def refusals(c: Context, transition: str = "apply") -> dict[str, str | None]:
    return refused_by(PROCEDURE, transition, c)


@pytest.mark.parametrize(
    ("case", "c", "expected"),
    [
        ("eligible, complete, on the 30th day after consent (art. 12(1))", ctx(D(2017, 3, 31)), {}),
        ("31 days after consent: too late (art. 12(1))", ctx(D(2017, 4, 1)),
         {"applied_within_30_days_of_consent": "FNGO Law art. 12(1)"}),
        ("not lawfully established abroad (art. 10(1))", ctx(D(2017, 3, 10), lawfully_established_abroad=False),
         {"lawfully_established_abroad": "FNGO Law art. 10(1)(1)"}),
        ("cannot bear civil liability independently (art. 10(2))",
         ctx(D(2017, 3, 10), independent_civil_liability=False),
         {"bears_civil_liability_independently": "FNGO Law art. 10(1)(2)"}),
        ("purposes not in the public interest (art. 10(3))",
         ctx(D(2017, 3, 10), articles_favour_public_interest=False),
         {"purposes_favour_public_interest": "FNGO Law art. 10(1)(3)"}),
        ("active abroad exactly two years on the day: not yet (art. 10(4))",
         ctx(D(2017, 3, 10), active_abroad_since=D(2015, 3, 10)),
         {"active_abroad_two_years": "FNGO Law art. 10(1)(4)"}),
        ("two years have run out the day before (art. 10(4))",
         ctx(D(2017, 3, 10), active_abroad_since=D(2015, 3, 9)), {}),
        ("a year and a half abroad (art. 10(4))", ctx(D(2017, 3, 10), active_abroad_since=D(2015, 9, 1)),
         {"active_abroad_two_years": "FNGO Law art. 10(1)(4)"}),
        ("no proof of the source of funds (art. 12(1)(5))",
         ctx(D(2017, 3, 10), documents=[d for d in DOCUMENTS if d != "proof_of_source_of_funds"]),
         {"documents_complete": "FNGO Law art. 12(1)"}),
        ("no documents at all (art. 12(1))", ctx(D(2017, 3, 10), documents=[]),
         {"documents_complete": "FNGO Law art. 12(1)"}),
        ("eligibility not stated (art. 10)", ctx(D(2017, 3, 10), lawfully_established_abroad=None),
         {"required:lawfully_established_abroad": "FNGO Law art. 10(1)(1)"}),
        ("no chief representative proposed (art. 13(1)(5))", ctx(D(2017, 3, 10), chief_representative=""),
         {"required:chief_representative": "FNGO Law art. 13(1)(5)"}),
        ("the PSU does not apply for the NGO (art. 12(1))", ctx(D(2017, 3, 10), role="psu"),
         {"role": "FNGO Law art. 12(1)"}),
        ("no application before the PSU consents (art. 11(1))", ctx(D(2017, 3, 10), state=State.DRAFTED),
         {"state": None}),
        ("under a five-year ban (art. 48)", ctx(D(2017, 3, 10), facts={"banned_until": D(2021, 6, 1)}),
         {"not_banned_from_setting_up_an_office": "FNGO Law art. 48"}),
        ("the day after the ban's last day (art. 48)", ctx(D(2017, 3, 10), facts={"banned_until": D(2017, 3, 9)}),
         {}),
        ("listed as unwelcome (art. 48(3))", ctx(D(2017, 3, 10), facts={"unwelcome": True}),
         {"not_listed_unwelcome": "FNGO Law art. 48(3)"}),
    ],
)  # fmt: skip
def test_application(case: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refusals(c) == expected, case


@pytest.mark.parametrize(
    ("consented_on", "nominal", "last"),
    [
        (D(2017, 3, 1), D(2017, 3, 31), D(2017, 3, 31)),  # a Friday
        # 1 October 2017 is in the National Day holiday (1–8 October): the last day is Monday 9 October
        (D(2017, 9, 1), D(2017, 10, 1), D(2017, 10, 9)),
        # Saturday 30 September 2017 was a working day in exchange for the holiday: it is not moved
        (D(2017, 8, 31), D(2017, 9, 30), D(2017, 9, 30)),
    ],
)
def test_consent_opens_30_days_to_apply_counted_from_the_day_after(consented_on: date, nominal: date,
                                                                   last: date) -> None:  # fmt: skip
    c = ctx(consented_on, role="psu", state=State.DRAFTED, consented_on=consented_on)
    [opened] = engine.decide(PROCEDURE, "consent", c).opens
    assert (opened.deadline.name, opened.last.nominal, opened.last.day) == ("application", nominal, last)
    assert str(opened.deadline.basis) == "FNGO Law art. 12(1)"
    # the guard refuses exactly from the day after the moved last day
    assert refusals(ctx(last, consented_on=consented_on)) == {}
    assert "applied_within_30_days_of_consent" in refusals(ctx(date.fromordinal(last.toordinal() + 1),
                                                               consented_on=consented_on))  # fmt: skip


def test_a_consent_cannot_be_dated_after_the_day_it_is_recorded() -> None:
    c = ctx(D(2017, 3, 1), role="psu", state=State.DRAFTED, consented_on=D(2017, 3, 2))
    assert refusals(c, "consent") == {"consent_not_dated_in_the_future": "FNGO Law art. 11(1)"}


def test_a_lapsed_consent_may_be_given_again_and_only_the_psu_consents() -> None:
    again = ctx(D(2017, 5, 2), role="psu", state=State.CONSENT_LAPSED, consented_on=D(2017, 5, 2))
    assert engine.decide(PROCEDURE, "consent", again).target == State.CONSENTED
    assert refusals(ctx(D(2017, 5, 2), role="foreign_ngo", state=State.DRAFTED), "consent") == {
        "role": "FNGO Law art. 11(1)"
    }
    assert PROCEDURE.transition("mark_consent_lapsed").roles == {"system"}


def test_acceptance_opens_60_days_for_the_decision() -> None:
    c = ctx(D(2017, 3, 31), role="registrar", state=State.APPLIED)
    [opened] = engine.decide(PROCEDURE, "accept", c).opens
    # 60 days from 31 March 2017 is 30 May, in the Dragon Boat holiday (28–30 May): the last day is 31 May
    assert (opened.deadline.name, opened.last.nominal, opened.last.day) == ("decision", D(2017, 5, 30),
                                                                            D(2017, 5, 31))  # fmt: skip
    assert str(opened.deadline.basis) == "FNGO Law art. 12(3)"
    assert opened.deadline.on_expiry is None  # a late decision is still a decision


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        ("registered with all items, certificate and announcement (art. 13(1))", "register",
         ctx(D(2017, 5, 2), role="registrar", state=State.ACCEPTED, certificate_no="G-110000-2017-001",
             announcement="ngo.mps.gov.cn, 2017-05-02"), {}),
        ("an office is set up by a foreign NGO, not by another office (art. 10)", "register",
         ctx(D(2017, 5, 2), role="registrar", state=State.ACCEPTED, certificate_no="G-1", announcement="web",
             facts={"org_kind": "representative_office"}), {"set_up_by_a_foreign_ngo": "FNGO Law art. 10"}),
        ("no announcement (art. 13(1))", "register",
         ctx(D(2017, 5, 2), role="registrar", state=State.ACCEPTED, certificate_no="G-1"),
         {"required:announcement": "FNGO Law art. 13(1)"}),
        ("no domicile among the registration items (art. 13(1)(2))", "register",
         ctx(D(2017, 5, 2), role="registrar", state=State.ACCEPTED, certificate_no="G-1", announcement="web",
             domicile=""), {"required:domicile": "FNGO Law art. 13(1)(2)"}),
        ("a ban that started while the application was pending (art. 48)", "register",
         ctx(D(2017, 5, 2), role="registrar", state=State.ACCEPTED, certificate_no="G-1", announcement="web",
             facts={**AN_NGO, "banned_until": D(2022, 4, 20)}),
         {"not_banned_from_setting_up_an_office": "FNGO Law art. 48"}),
        ("the PSU does not register (art. 13(1))", "register",
         ctx(D(2017, 5, 2), role="psu", state=State.ACCEPTED, certificate_no="G-1", announcement="web"),
         {"role": "FNGO Law art. 13(1)"}),
        ("refusal with a reason (art. 12(3))", "refuse",
         ctx(D(2017, 5, 2), role="registrar", state=State.ACCEPTED, refusal_reason="Domicile proof is forged"), {}),
        ("refusal without a reason (art. 12(3))", "refuse", ctx(D(2017, 5, 2), role="registrar", state=State.ACCEPTED),
         {"required:refusal_reason": "FNGO Law art. 12(3)"}),
        ("experts assess (art. 12(2))", "order_expert_review",
         ctx(D(2017, 4, 10), role="registrar", state=State.ACCEPTED, expert_review="Panel of three"), {}),
        ("tax registration, seal specimen and bank account filed (art. 13(2))", "file_records",
         ctx(D(2017, 5, 20), state=State.REGISTERED, records=list(RECORDS), tax_registration_no="91110000X",
             bank_account="Bank of China 1234"), {}),
        ("the seal specimen is missing (art. 13(2))", "file_records",
         ctx(D(2017, 5, 20), state=State.REGISTERED, records=["tax_registration_copy", "bank_account"],
             tax_registration_no="91110000X", bank_account="Bank of China 1234"),
         {"records_complete": "FNGO Law art. 13(2)"}),
        ("no bank account (art. 22(1))", "file_records",
         ctx(D(2017, 5, 20), state=State.REGISTERED, records=list(RECORDS), tax_registration_no="91110000X"),
         {"required:bank_account": "FNGO Law art. 22(1)"}),
        ("no tax registration (art. 26)", "file_records",
         ctx(D(2017, 5, 20), state=State.REGISTERED, records=list(RECORDS), bank_account="Bank of China 1234"),
         {"required:tax_registration_no": "FNGO Law art. 26"}),
        ("the PSU withholds consent with a reason (art. 11(1))", "withhold_consent",
         ctx(D(2017, 3, 1), role="psu", state=State.DRAFTED, psu_objection="Outside our field"), {}),
    ],
)  # fmt: skip
def test_decision_and_after(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refusals(c, transition) == expected, case


def test_registration_and_refusal_meet_the_decision_deadline() -> None:
    for name in ("register", "refuse"):
        assert engine.decide(PROCEDURE, name, ctx(D(2017, 5, 2), role="registrar", state=State.ACCEPTED,
                                                   certificate_no="G-1", announcement="web",
                                                   refusal_reason="r")).meets == ["decision"]  # fmt: skip


def test_the_records_after_registration_have_no_period() -> None:
    # Art. 13(2) names the filings but no period; only arts. 12(1) and 12(3) set one.
    assert {(d.name, str(d.basis)) for d in PROCEDURE.deadlines} == {("application", "FNGO Law art. 12(1)"),
                                                                      ("decision", "FNGO Law art. 12(3)")}  # fmt: skip
