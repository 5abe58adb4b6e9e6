"""Registration of a representative office end to end, and the art. 48 ban that sanction filings put on
later filings of the same organisation, through a real database."""

from datetime import date

import pytest

from ngoreg.db.engine import transaction
from ngoreg.errors import Refused
from ngoreg.filings import service
from ngoreg.regimes.fngo import office_registration as reg
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

D = date
ELIGIBILITY = {"lawfully_established_abroad": "yes", "independent_civil_liability": "yes",
               "articles_favour_public_interest": "yes", "active_abroad_since": "2010-05-01"}  # fmt: skip
APPLICATION = {"documents": ",".join(reg.DOCUMENTS), "name": "Teachers Abroad Beijing Representative Office",
               "domicile": "Chaoyang District, Beijing", "business_scope": "Teacher training",
               "area_of_activity": "Beijing, Gansu", "chief_representative": "Li Ming",
               "psu_name": "Ministry of Education"}  # fmt: skip


def new_org(url: str, name: str = "Teachers Abroad") -> int:
    with transaction(url) as s:
        return add_organisation(s, org_record(kind="foreign_ngo", name_en=name, origin="GB"), actor=ACTOR, now=NOW)


def new_office(url: str, ngo: int, name: str = "Teachers Abroad Beijing Office") -> int:
    """An office of `ngo` registered on 2017-06-01, as an import enters it (its registration is not at issue
    here)."""
    with transaction(url) as s:
        return add_organisation(s, org_record(kind="representative_office", name_en=name, parent_id=ngo,
                                              registered_on="2017-06-01"), actor=ACTOR, now=NOW)  # fmt: skip


def start(url: str, code: str, org: int, values: dict[str, str], on: date) -> int:
    with transaction(url) as s:
        return service.start(s, code, org_id=org, values=values, on=on, actor=ACTOR, now=NOW).id


def fire(url: str, fid: int, transition: str, role: str, on: date, **values: str) -> str:
    with transaction(url) as s:
        return service.fire(s, fid, transition, role=role, on=on, values=values, actor=ACTOR, now=NOW).state


def refused(url: str, fid: int, transition: str, role: str, on: date, **values: str) -> list[str | None]:
    with transaction(url) as s, pytest.raises(Refused) as r:
        service.fire(s, fid, transition, role=role, on=on, values=values, actor=ACTOR, now=NOW)
    return [x.basis for x in r.value.refusals]


def shown(url: str, fid: int) -> dict:  # type: ignore[type-arg]
    with transaction(url, write=False) as s:
        return service.show(s, fid)


def test_registration_end_to_end(url: str) -> None:
    org = new_org(url)
    fid = start(url, "fngo_office_registration", org, ELIGIBILITY, D(2017, 2, 20))
    assert fire(url, fid, "consent", "psu", D(2017, 3, 1), consented_on="2017-03-01") == "consented"
    assert fire(url, fid, "apply", "foreign_ngo", D(2017, 3, 20), **APPLICATION) == "applied"
    assert fire(url, fid, "accept", "registrar", D(2017, 3, 31)) == "accepted"
    assert fire(url, fid, "register", "registrar", D(2017, 5, 2), certificate_no="G-110000-2017-001",
                announcement="ngo.mps.gov.cn, 2017-05-02") == "registered"  # fmt: skip
    assert fire(url, fid, "file_records", "foreign_ngo", D(2017, 5, 20), records=",".join(reg.RECORDS),
                tax_registration_no="91110000X", bank_account="Bank of China 1234") == "records_filed"  # fmt: skip
    f = shown(url, fid)
    assert [(d["name"], d["due_on"], d["status"]) for d in f["deadlines"]] == [
        ("application", "2017-03-31", "met"),
        ("decision", "2017-05-31", "met"),  # 30 May 2017 fell in the Dragon Boat holiday
    ]
    assert [(h["action"], h["basis"]) for h in f["history"]] == [
        ("filing.started", "FNGO Law art. 12(1)"),
        ("office.psu_consented", "FNGO Law art. 11(1)"),
        ("office.applied", "FNGO Law art. 12(1)"),
        ("office.application_accepted", "FNGO Law art. 12(3)"),
        ("office.registered", "FNGO Law art. 13(1)"),
        ("office.records_filed", "FNGO Law art. 13(2)"),
    ]
    assert f["data"]["chief_representative"] == "Li Ming"


def test_an_unused_consent_lapses_and_must_be_given_again(url: str) -> None:
    org = new_org(url)
    fid = start(url, "fngo_office_registration", org, {**ELIGIBILITY, **APPLICATION}, D(2017, 2, 20))
    fire(url, fid, "consent", "psu", D(2017, 3, 1), consented_on="2017-03-01")
    assert refused(url, fid, "apply", "foreign_ngo", D(2017, 4, 1)) == ["FNGO Law art. 12(1)"]
    with transaction(url) as s:
        assert service.sweep(s, as_of=D(2017, 4, 1), actor=ACTOR, now=NOW) == {"expired": 1, "fired": 1}
    assert shown(url, fid)["state"] == "consent_lapsed"
    assert fire(url, fid, "consent", "psu", D(2017, 4, 10), consented_on="2017-04-10") == "consented"
    assert fire(url, fid, "apply", "foreign_ngo", D(2017, 4, 12)) == "applied"
    assert [(d["due_on"], d["status"]) for d in shown(url, fid)["deadlines"]] == [
        ("2017-03-31", "expired"), ("2017-05-10", "met"),
    ]  # fmt: skip


ACTIVITY = {"activity_name": "Rural teacher training", "partner_name": "Gansu Education Association",
            "partner_kind": "social_organisation", "region": "Gansu",
            "documents": "proof_of_establishment,written_agreement,activity_particulars,funding_and_account,"
                         "partner_approval"}  # fmt: skip


def activity(url: str, org: int, start_on: date) -> int:
    return start(url, "fngo_temporary_activity", org,
                 {**ACTIVITY, "start_date": start_on.isoformat(), "end_date": start_on.isoformat()}, D(2017, 1, 2))


def test_a_revocation_bans_temporary_activities_and_a_new_office_for_five_years(url: str) -> None:
    org, other = new_org(url), new_org(url, "Another NGO")
    sanction = start(url, "fngo_sanction", new_office(url, org), {"subject": "representative_office",
                                                                  "ground": "harmful_information",
                                                                  "findings": "Published harmful information"},
                     D(2018, 3, 1))  # fmt: skip
    assert fire(url, sanction, "revoke_certificate_for_harm", "registrar", D(2018, 3, 15),
                announcement="Certificate and seal void") == "certificate_revoked"  # fmt: skip

    # banned through 2023-03-15 (2018-03-15 + five years, Civil Code arts. 201, 202)
    during = activity(url, org, D(2020, 6, 1))
    assert refused(url, during, "file", "partner_unit", D(2020, 5, 1)) == ["FNGO Law art. 48"]
    on_last_day = activity(url, org, D(2023, 4, 14))
    assert refused(url, on_last_day, "file", "partner_unit", D(2023, 3, 15)) == ["FNGO Law art. 48"]
    assert fire(url, on_last_day, "file", "partner_unit", D(2023, 3, 16)) == "filed"

    office = start(url, "fngo_office_registration", org, {**ELIGIBILITY, **APPLICATION}, D(2020, 5, 1))
    fire(url, office, "consent", "psu", D(2020, 5, 6), consented_on="2020-05-06")
    assert refused(url, office, "apply", "foreign_ngo", D(2020, 5, 7)) == ["FNGO Law art. 48"]
    with transaction(url, write=False) as s:
        opts = service.options(s, office, role="foreign_ngo", on=D(2020, 5, 7))
    [apply] = [o for o in opts if o.transition == "apply"]
    assert not apply.allowed and "five-year ban" in apply.refusals[0].message

    # before the revocation nothing is banned (the NGO then still had its office: arts. 9(1), 16 refuse the
    # activity, not art. 48); nor is another organisation
    earlier = activity(url, org, D(2018, 4, 1))
    assert refused(url, earlier, "file", "partner_unit", D(2018, 3, 14)) == ["FNGO Law art. 16"]
    assert fire(url, activity(url, other, D(2020, 6, 1)), "file", "partner_unit", D(2020, 5, 1)) == "filed"


def test_a_banned_unregistered_activity_bans_for_five_years_and_the_unwelcome_list_for_good(url: str) -> None:
    org = new_org(url)
    s1 = start(url, "fngo_sanction", org, {"subject": "unregistered_activity",
                                           "ground": "activity_without_registration_or_filing",
                                           "findings": "Workshops without a filing"}, D(2019, 6, 1))  # fmt: skip
    fire(url, s1, "ban_unregistered_activity", "public_security", D(2019, 6, 10))
    assert refused(url, activity(url, org, D(2024, 7, 20)), "file", "partner_unit", D(2024, 6, 10)) == [
        "FNGO Law art. 48"
    ]
    assert fire(url, activity(url, org, D(2024, 7, 20)), "file", "partner_unit", D(2024, 6, 11)) == "filed"

    s2 = start(url, "fngo_sanction", org, {"subject": "unregistered_activity", "ground": "obtaining_state_secrets",
                                           "findings": "Illegally obtained state secrets"}, D(2024, 7, 1))
    assert fire(url, s2, "list_unwelcome", "mps", D(2024, 7, 2)) == "listed_unwelcome"
    assert refused(url, activity(url, org, D(2040, 3, 1)), "file", "partner_unit", D(2040, 1, 4)) == [
        "FNGO Law art. 48(3)"
    ]
    office = start(url, "fngo_office_registration", org, {**ELIGIBILITY, **APPLICATION}, D(2040, 1, 2))
    fire(url, office, "consent", "psu", D(2040, 1, 4), consented_on="2040-01-04")
    assert refused(url, office, "apply", "foreign_ngo", D(2040, 1, 5)) == ["FNGO Law art. 48(3)"]


def test_a_warning_bans_nothing(url: str) -> None:
    org = new_org(url)
    s1 = start(url, "fngo_sanction", org, {"subject": "representative_office",
                                           "ground": "annual_plan_or_report_not_filed_or_published",
                                           "findings": "No 2018 plan"}, D(2019, 2, 1))  # fmt: skip
    assert fire(url, s1, "warn", "public_security", D(2019, 2, 11)) == "warned"
    assert fire(url, activity(url, org, D(2019, 4, 1)), "file", "partner_unit", D(2019, 3, 1)) == "filed"


def test_the_representatives_of_a_revoked_office_are_barred_for_five_years_elsewhere(url: str) -> None:
    revoked, other = new_org(url), new_org(url, "Another NGO")
    sanction = start(url, "fngo_sanction", new_office(url, revoked), {"subject": "representative_office",
                                                     "ground": "profit_fundraising_or_members",
                                                     "findings": "Fundraising in China", "serious": "yes",
                                                     "chief_representative": "Zhao Lei",
                                                     "representatives": "Qian Hui"}, D(2018, 3, 1))  # fmt: skip
    fire(url, sanction, "revoke_certificate", "registrar", D(2018, 3, 15), announcement="Certificate void")
    team = start(url, "fngo_representatives", other, {"chief_representative": "Li Ming",
                                                       "representatives": "qian hui"}, D(2020, 1, 2))
    assert refused(url, team, "appoint", "foreign_ngo", D(2020, 1, 2)) == ["FNGO Law art. 29(2)(3)"]
    assert refused(url, team, "appoint", "foreign_ngo", D(2023, 3, 15)) == ["FNGO Law art. 29(2)(3)"]
    assert fire(url, team, "appoint", "foreign_ngo", D(2023, 3, 16)) == "appointed"
    # a warning bars nobody
    warned = start(url, "fngo_sanction", other, {"subject": "representative_office",
                                                 "ground": "refused_supervision", "findings": "Refused inspection",
                                                 "chief_representative": "Li Ming"}, D(2023, 4, 1))  # fmt: skip
    fire(url, warned, "warn", "public_security", D(2023, 4, 3))
    assert fire(url, team, "appoint", "foreign_ngo", D(2023, 4, 4), representatives="Chen Jie") == "appointed"
