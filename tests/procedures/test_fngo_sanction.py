"""Scenarios for FNGO Law arts. 45–49 (sanctions) and the five-year ban of art. 48, one table row per rule
worth stating."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.fngo import office_registration as reg
from ngoreg.regimes.fngo import temporary_activity as ta
from ngoreg.regimes.fngo.sanction import PROCEDURE, State, ban_last_day
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

D = date
ON = D(2018, 3, 15)
OFFICE: dict[str, Any] = {"subject": "representative_office", "ground": "funds_accounts_or_bookkeeping",
                          "findings": "Funds received outside the filed account"}  # fmt: skip


# The sanction is recorded on the office the registry holds, its registration in force.
AN_OFFICE: dict[str, Any] = {"org_kind": "representative_office", "org_status": "registered"}


def ctx(role: str = "public_security", state: str = State.OPENED, facts: dict[str, Any] | None = None,
        **changes: Any) -> Context:  # fmt: skip
    return Context({**OFFICE, **changes}, ON, role, state, AN_OFFICE if facts is None else facts)


def refusals(c: Context, transition: str) -> dict[str, str | None]:
    return refused_by(PROCEDURE, transition, c)


@pytest.mark.parametrize(
    ("case", "transition", "c", "expected"),
    [
        # art. 45: warning or order to stop by a public security organ at city level or above
        ("warning for an art. 45(1)(4) ground", "warn", ctx(), {}),
        ("the registrar is such an organ too", "warn", ctx(role="registrar"), {}),
        ("the NGO does not warn itself", "warn", ctx(role="foreign_ngo"), {"role": "FNGO Law art. 45(1)"}),
        ("an art. 47 ground takes no mere warning", "warn", ctx(ground="harmful_information"),
         {"ground_under_article_45": "FNGO Law art. 45(1)"}),
        ("art. 45 does not reach unregistered activity", "warn", ctx(subject="unregistered_activity"),
         {"an_office_or_a_temporary_activity": "FNGO Law art. 45(1)"}),
        ("a warning for false materials (art. 45(2))", "warn",
         ctx(ground="false_materials_or_forged_certificate_or_seal"), {}),
        ("order to stop needs its time limit", "order_stop", ctx(), {"required:stop_by": "FNGO Law art. 45(1)"}),
        ("order to stop after a warning", "order_stop", ctx(state=State.WARNED, stop_by=D(2018, 4, 15)), {}),
        # art. 45: revocation and ban only by the registrar, only where serious
        ("serious case: the registrar revokes the certificate", "revoke_certificate",
         ctx(role="registrar", state=State.ORDERED_TO_STOP, serious=True, announcement="Certificate void"), {}),
        ("not serious: no revocation under art. 45", "revoke_certificate",
         ctx(role="registrar", announcement="Certificate void"), {"circumstances_serious": "FNGO Law art. 45(1)"}),
        ("the city public security organ does not revoke", "revoke_certificate",
         ctx(serious=True, announcement="Certificate void"), {"role": "FNGO Law art. 45(1)"}),
        ("revocation is announced (art. 49)", "revoke_certificate", ctx(role="registrar", serious=True),
         {"required:announcement": "FNGO Law art. 49"}),
        ("a temporary activity has no certificate", "revoke_certificate",
         ctx(role="registrar", serious=True, announcement="void", subject="temporary_activity"),
         {"subject_is_an_office": "FNGO Law art. 45(1)"}),
        ("serious case: the registrar bans the temporary activity", "ban_temporary_activity",
         ctx(role="registrar", serious=True, subject="temporary_activity"), {}),
        ("an office's activity is not banned as a temporary one", "ban_temporary_activity",
         ctx(role="registrar", serious=True), {"subject_is_a_temporary_activity": "FNGO Law art. 45(1)"}),
        # art. 47: revocation or ban whatever the seriousness
        ("art. 47: revocation without a finding of seriousness", "revoke_certificate_for_harm",
         ctx(role="registrar", ground="obtaining_state_secrets", announcement="void"), {}),
        ("art. 47(2): crimes against the state", "ban_temporary_activity_for_harm",
         ctx(role="registrar", ground="crime_against_the_state", subject="temporary_activity"), {}),
        ("art. 47 revocation needs an art. 47 ground", "revoke_certificate_for_harm",
         ctx(role="registrar", announcement="void"), {"ground_under_article_47": "FNGO Law art. 47(1)"}),
        # art. 46: activity without registration or filing
        ("ban on unregistered activity (art. 46(1)(1))", "ban_unregistered_activity",
         ctx(subject="unregistered_activity", ground="activity_without_registration_or_filing"), {}),
        ("order to stop unregistered activity (art. 46(1))", "order_unregistered_activity_stopped",
         ctx(subject="unregistered_activity", ground="commissioning_or_funding_without_registration"), {}),
        ("art. 46 needs an art. 46 ground", "ban_unregistered_activity", ctx(subject="unregistered_activity"),
         {"ground_under_article_46": "FNGO Law art. 46(1)"}),
        ("art. 46 is not for a registered office", "ban_unregistered_activity",
         ctx(ground="activity_without_registration_or_filing"),
         {"activity_without_registration_or_filing": "FNGO Law art. 46(1)"}),
        # art. 48(3): the unwelcome list, by the Ministry only, for art. 47 situations only
        ("the Ministry lists an NGO with an art. 47 situation", "list_unwelcome",
         ctx(role="mps", ground="political_or_illegal_religious_activity"), {}),
        ("after an art. 47 revocation", "list_unwelcome",
         ctx(role="mps", state=State.CERTIFICATE_REVOKED, ground="harmful_information"), {}),
        ("not for an art. 45 ground", "list_unwelcome", ctx(role="mps"),
         {"ground_under_article_47": "FNGO Law art. 48(3)"}),
        ("a provincial registrar does not list", "list_unwelcome",
         ctx(role="registrar", ground="harmful_information"), {"role": "FNGO Law art. 48(3)"}),
        # cancellation of registration (art. 48(1))
        ("cancellation of an office's registration", "cancel_registration",
         ctx(role="registrar", announcement="Registration cancelled; certificate and seal void"), {}),
        # the certificate revoked is the office's: the sanction must be recorded on it, while it is in force
        ("a revocation recorded on the NGO, not its office", "revoke_certificate",
         ctx(role="registrar", serious=True, announcement="void", facts={"org_kind": "foreign_ngo",
                                                                         "org_status": "active"}),
         {"recorded_on_the_office": "FNGO Law art. 45(1)", "registration_in_force": "FNGO Law art. 45(1)"}),
        ("an office already revoked is not revoked again", "revoke_certificate_for_harm",
         ctx(role="registrar", ground="harmful_information", announcement="void",
             facts={**AN_OFFICE, "org_status": "revoked"}), {"registration_in_force": "FNGO Law art. 47(1)"}),
        ("a deregistered office's registration is not cancelled", "cancel_registration",
         ctx(role="registrar", announcement="void", facts={**AN_OFFICE, "org_status": "deregistered"}),
         {"registration_in_force": "FNGO Law art. 48(1)"}),
    ],
)  # fmt: skip
def test_sanctions(case: str, transition: str, c: Context, expected: dict[str, str | None]) -> None:
    assert refusals(c, transition) == expected, case


def test_the_banning_transitions_share_their_audit_events() -> None:
    actions = {t.name: t.action for t in PROCEDURE.transitions}
    assert actions["revoke_certificate"] == actions["revoke_certificate_for_harm"] == "sanction.certificate_revoked"
    assert actions["ban_temporary_activity"] == actions["ban_temporary_activity_for_harm"]


@pytest.mark.parametrize(
    ("sanctioned_on", "last"),
    [
        (D(2018, 3, 15), D(2023, 3, 15)),
        (D(2016, 2, 29), D(2021, 2, 28)),  # no 29 February in 2021: the month's last day (Civil Code art. 202)
        (D(2018, 9, 29), D(2023, 9, 29)),  # a Friday; a rest day would not move it: a ban is no time to act
    ],
)
def test_the_five_year_ban_counts_from_the_day_after_the_sanction(sanctioned_on: date, last: date) -> None:
    assert ban_last_day(sanctioned_on) == last


BAN = {"banned_until": ban_last_day(D(2018, 3, 15))}


@pytest.mark.parametrize(
    ("case", "on", "facts", "blocked"),
    [
        ("during the ban", D(2020, 1, 1), BAN, True),
        ("on the ban's last day", D(2023, 3, 15), BAN, True),
        ("the day after the ban's last day", D(2023, 3, 16), BAN, False),
        ("unwelcome, without end", D(2040, 1, 1), {"unwelcome": True}, True),
        ("no sanction", D(2020, 1, 1), {}, False),
    ],
)  # fmt: skip
def test_article_48_refuses_both_a_temporary_activity_and_an_office(case: str, on: date, facts: dict[str, Any],
                                                                     blocked: bool) -> None:  # fmt: skip
    start = date.fromordinal(on.toordinal() + 30)
    activity = Context({"activity_name": "Training", "partner_name": "Gansu Education Association",
                        "partner_kind": "social_organisation", "region": "Gansu", "start_date": start,
                        "end_date": start, "documents": list(ta.DOCUMENTS)}, on, "partner_unit",
                       ta.State.DRAFTED, facts)  # fmt: skip
    office = Context({"lawfully_established_abroad": True, "independent_civil_liability": True,
                      "articles_favour_public_interest": True, "active_abroad_since": D(2000, 1, 1),
                      "consented_on": on, "documents": list(reg.DOCUMENTS), "name": "Office", "domicile": "Beijing",
                      "business_scope": "Training", "area_of_activity": "Beijing", "chief_representative": "Li Ming",
                      "psu_name": "Ministry of Education"}, on, "foreign_ngo", reg.State.CONSENTED, facts)  # fmt: skip
    for p, c in ((ta.PROCEDURE, activity), (reg.PROCEDURE, office)):
        name = "file" if p is ta.PROCEDURE else "apply"
        refused = list(refused_by(p, name, c).values())
        expected = (["FNGO Law art. 48(3)"] if facts.get("unwelcome") else ["FNGO Law art. 48"]) if blocked else []
        assert refused == expected, (case, p.code)
