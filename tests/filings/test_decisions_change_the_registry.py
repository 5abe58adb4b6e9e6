"""A legal decision changes the registry in the transaction that records it, with the same audit action:
registration enters the office (FNGO Law art. 13(1)), a change renames it (art. 14), deregistration and
revocation end it (arts. 15, 45, 47), so that the calendar, the pages and the statistics follow. And the
rules that read the registry: art. 48(1) bars the NGO whichever of it or its offices was sanctioned, and
arts. 9(1), 16 keep temporary activities for NGOs without an office."""

from datetime import date

import pytest

from ngoreg.audit import repository as audit
from ngoreg.audit.service import verify
from ngoreg.compliance import calendar
from ngoreg.db.engine import transaction
from ngoreg.errors import Conflict, Refused
from ngoreg.filings import service
from ngoreg.registry import repository as registry
from ngoreg.registry import service as orgs
from tests.conftest import ACTOR, NOW
from tests.filings.test_fngo_office_and_sanctions import (
    ACTIVITY,
    APPLICATION,
    ELIGIBILITY,
    fire,
    new_org,
    refused,
    shown,
    start,
)

D = date


def psu(url: str) -> int:
    with transaction(url) as s:
        return registry.add_authority(s, kind="supervisory_unit", level="national", name_zh="教育部",
                                      name_en="Ministry of Education", province=None)  # fmt: skip


def register_office(url: str, ngo: int, on: date, name: str = APPLICATION["name"], psu_id: int | None = None) -> int:
    """The registration procedure end to end; the office's id as the registry holds it."""
    extra = {"psu_authority_id": str(psu_id)} if psu_id else {}
    fid = start(url, "fngo_office_registration", ngo,
                {**ELIGIBILITY, **APPLICATION, "name": name, "registrar_province": "110000", **extra}, on)
    fire(url, fid, "consent", "psu", on, consented_on=on.isoformat())
    fire(url, fid, "apply", "foreign_ngo", on)
    fire(url, fid, "accept", "registrar", on)
    assert fire(url, fid, "register", "registrar", on, certificate_no="G-1", announcement="web") == "registered"
    office = shown(url, fid)["data"]["office_org_id"]
    assert isinstance(office, int)
    return office


def org(url: str, org_id: int, as_of: date | None = None) -> dict:  # type: ignore[type-arg]
    with transaction(url, write=False) as s:
        return orgs.show(s, org_id, as_of=as_of)


def org_events(url: str, org_id: int) -> list[tuple[str, str | None, str | None, date]]:
    with transaction(url, write=False) as s:
        return [(e.action, e.basis, e.reason, e.effective_on) for e in audit.events_for(s, "organisation", org_id)]


def duties(url: str, org_id: int, as_of: date) -> list[tuple[str, date]]:
    with transaction(url, write=False) as s:
        return [(o.obligation, o.due_on) for o in calendar.due(s, as_of=as_of, org_id=org_id)]


def test_registration_enters_the_office_in_the_registry_with_its_relations_and_duties(url: str) -> None:
    ngo, unit = new_org(url), psu(url)
    office = register_office(url, ngo, D(2017, 5, 2), psu_id=unit)
    o = org(url, office)
    assert (o["kind"], o["name_en"], o["status"], o["registered_on"], o["parent_id"], o["province"], o["origin"]) == (
        "representative_office", APPLICATION["name"], "registered", "2017-05-02", ngo, "110000", "GB")
    assert sorted((r["predicate"], r["object_org_id"], r["object_authority_id"], r["valid_from"])
                  for r in o["relations"]) == [("office_of", ngo, None, "2017-05-02"),
                                               ("sponsored_by", None, unit, "2017-05-02")]  # fmt: skip
    [(action, basis, reason, on)] = org_events(url, office)
    assert (action, basis, on) == ("office.registered", "FNGO Law art. 13(1)", D(2017, 5, 2))
    assert reason is not None and reason.startswith("filing ")
    # the registry as of the day before does not hold it; its yearly duties run from its registration
    with pytest.raises(Exception, match="was not in the registry on 2017-05-01"):
        org(url, office, D(2017, 5, 1))
    assert ("plan_to_psu", D(2018, 1, 2)) in duties(url, office, D(2017, 12, 1))  # 31 December was a Sunday


def test_a_chinese_name_is_kept_as_the_chinese_name(url: str) -> None:
    office = register_office(url, new_org(url), D(2017, 5, 2), name="英国教师海外北京代表处")
    assert (org(url, office)["name_zh"], org(url, office)["name_en"]) == ("英国教师海外北京代表处", None)


def test_a_registration_that_cannot_enter_the_registry_changes_nothing(url: str) -> None:
    register_office(url, new_org(url), D(2017, 5, 2))
    other = new_org(url, "Another NGO")
    fid = start(url, "fngo_office_registration", other, {**ELIGIBILITY, **APPLICATION}, D(2017, 6, 1))
    fire(url, fid, "consent", "psu", D(2017, 6, 1), consented_on="2017-06-01")
    fire(url, fid, "apply", "foreign_ngo", D(2017, 6, 1))
    fire(url, fid, "accept", "registrar", D(2017, 6, 1))
    before = shown(url, fid)
    with transaction(url) as s, pytest.raises(Conflict, match="already in the registry"):
        service.fire(s, fid, "register", role="registrar", on=D(2017, 6, 2), actor=ACTOR, now=NOW,
                     values={"certificate_no": "G-2", "announcement": "web"})  # fmt: skip
    after = shown(url, fid)
    assert (after["state"], after["version"], len(after["history"])) == ("accepted", before["version"],
                                                                         len(before["history"]))  # fmt: skip


def test_a_registered_change_renames_the_office_and_keeps_the_old_name(url: str) -> None:
    office = register_office(url, new_org(url), D(2017, 5, 2))
    fid = start(url, "fngo_office_change", office, {"items": "name", "new_name": "Teachers Abroad China Office"},
                D(2018, 6, 1))
    fire(url, fid, "consent", "psu", D(2018, 6, 1), consented_on="2018-06-01")
    fire(url, fid, "apply", "foreign_ngo", D(2018, 6, 5))
    assert fire(url, fid, "register_change", "registrar", D(2018, 6, 20)) == "changed"
    o = org(url, office)
    assert (o["name_en"], o["former_names"]) == ("Teachers Abroad China Office", [APPLICATION["name"]])
    assert org(url, office, D(2018, 6, 19))["name_en"] == APPLICATION["name"]
    assert org_events(url, office)[-1][:2] == ("office_change.registered", "FNGO Law art. 14")


def test_deregistration_ends_the_office_and_its_duties(url: str) -> None:
    office = register_office(url, new_org(url), D(2017, 5, 2))
    fid = start(url, "fngo_office_deregistration", office, {"ground": "office_dissolved_by_ngo"}, D(2019, 9, 1))
    assert fire(url, fid, "deregister", "registrar", D(2019, 9, 2), announcement="Website") == "deregistered"
    o = org(url, office)
    assert (o["status"], o["ended_on"]) == ("deregistered", "2019-09-02")
    assert org(url, office, D(2019, 9, 1))["status"] == "registered"
    assert org_events(url, office)[-1][:2] == ("office.deregistered", "FNGO Law art. 15(1)")
    # the plan for 2020 fell due on 31 December 2019, after the office ended: not owed
    assert not [d for d in duties(url, office, D(2020, 1, 10)) if d[1] >= D(2019, 12, 31)]


def test_a_deregistration_recorded_on_the_ngo_is_refused(url: str) -> None:
    ngo = new_org(url)
    register_office(url, ngo, D(2017, 5, 2))
    fid = start(url, "fngo_office_deregistration", ngo, {"ground": "office_dissolved_by_ngo"}, D(2019, 9, 1))
    assert refused(url, fid, "deregister", "registrar", D(2019, 9, 2), announcement="x") == ["FNGO Law art. 15(1)"]


def test_revocation_ends_the_office_and_deregistration_after_it_keeps_the_day(url: str) -> None:
    office = register_office(url, new_org(url), D(2017, 5, 2))
    sanction = start(url, "fngo_sanction", office, {"subject": "representative_office",
                                                    "ground": "harmful_information", "findings": "Harmful"},
                     D(2018, 3, 1))  # fmt: skip
    assert fire(url, sanction, "revoke_certificate_for_harm", "registrar", D(2018, 3, 15),
                announcement="Certificate void") == "certificate_revoked"  # fmt: skip
    assert (org(url, office)["status"], org(url, office)["ended_on"]) == ("revoked", "2018-03-15")
    assert org_events(url, office)[-1][:2] == ("sanction.certificate_revoked", "FNGO Law art. 47(1)")
    # revoking it again is refused: its registration is no longer in force
    again = start(url, "fngo_sanction", office, {"subject": "representative_office", "ground": "harmful_information",
                                                 "findings": "Again"}, D(2018, 4, 1))  # fmt: skip
    assert refused(url, again, "revoke_certificate_for_harm", "registrar", D(2018, 4, 2),
                   announcement="void") == ["FNGO Law art. 47(1)"]  # fmt: skip
    # art. 15(1)(3): the registrar then deregisters it; it ended on the day of the revocation
    fid = start(url, "fngo_office_deregistration", office,
                {"ground": "registration_cancelled_or_certificate_revoked"}, D(2018, 4, 1))
    fire(url, fid, "deregister", "registrar", D(2018, 4, 10), announcement="Website")
    assert (org(url, office)["status"], org(url, office)["ended_on"]) == ("deregistered", "2018-03-15")


def test_a_sanction_on_the_office_bars_the_ngo_for_five_years(url: str) -> None:
    """Art. 48(1): "境外非政府组织、境外非政府组织代表机构 … 被撤销登记、吊销登记证书 … 自 … 之日起五年内，不得在中国
    境内再设立代表机构或者开展临时活动" — the office's revocation bars the NGO that set it up."""
    ngo = new_org(url)
    office = register_office(url, ngo, D(2017, 5, 2))
    sanction = start(url, "fngo_sanction", office, {"subject": "representative_office",
                                                    "ground": "harmful_information", "findings": "Harmful"},
                     D(2018, 3, 1))  # fmt: skip
    fire(url, sanction, "revoke_certificate_for_harm", "registrar", D(2018, 3, 15), announcement="void")
    new = start(url, "fngo_office_registration", ngo, {**ELIGIBILITY, **APPLICATION, "name": "Second Office"},
                D(2020, 5, 1))
    fire(url, new, "consent", "psu", D(2020, 5, 6), consented_on="2020-05-06")
    assert refused(url, new, "apply", "foreign_ngo", D(2020, 5, 7)) == ["FNGO Law art. 48"]
    activity = start(url, "fngo_temporary_activity", ngo,
                     {**ACTIVITY, "start_date": "2021-06-01", "end_date": "2021-06-02"}, D(2021, 5, 1))
    assert refused(url, activity, "file", "partner_unit", D(2021, 5, 1)) == ["FNGO Law art. 48"]
    late = start(url, "fngo_temporary_activity", ngo,
                 {**ACTIVITY, "start_date": "2023-04-20", "end_date": "2023-04-21"}, D(2023, 3, 16))
    assert fire(url, late, "file", "partner_unit", D(2023, 3, 16)) == "filed"  # the ban ran through 2023-03-15


def test_an_ngo_with_a_registered_office_files_no_temporary_activity(url: str) -> None:
    ngo = new_org(url)
    office = register_office(url, ngo, D(2017, 5, 2))
    before = start(url, "fngo_temporary_activity", ngo,
                   {**ACTIVITY, "start_date": "2017-06-01", "end_date": "2017-06-02"}, D(2017, 4, 1))
    assert fire(url, before, "file", "partner_unit", D(2017, 5, 1)) == "filed"  # no office yet on that day
    during = start(url, "fngo_temporary_activity", ngo,
                   {**ACTIVITY, "start_date": "2018-06-01", "end_date": "2018-06-02"}, D(2018, 4, 1))
    with transaction(url, write=False) as s:
        opts = service.options(s, during, role="partner_unit", on=D(2018, 5, 1))
    [file] = [o for o in opts if o.transition == "file"]
    assert [r.rule for r in file.refusals] == ["ngo_without_a_representative_office"]
    assert file.refusals[0].basis == "FNGO Law art. 16"
    fid = start(url, "fngo_office_deregistration", office, {"ground": "office_dissolved_by_ngo"}, D(2019, 1, 2))
    fire(url, fid, "deregister", "registrar", D(2019, 1, 3), announcement="Website")
    after = start(url, "fngo_temporary_activity", ngo,
                  {**ACTIVITY, "start_date": "2019-06-01", "end_date": "2019-06-02"}, D(2019, 4, 1))
    assert fire(url, after, "file", "partner_unit", D(2019, 5, 1)) == "filed"


def test_every_decision_and_its_registry_change_stand_in_one_verified_chain(url: str) -> None:
    office = register_office(url, new_org(url), D(2017, 5, 2))
    fid = start(url, "fngo_office_deregistration", office, {"ground": "ngo_ended"}, D(2019, 9, 1))
    fire(url, fid, "deregister", "registrar", D(2019, 9, 2), announcement="Website")
    with transaction(url, write=False) as s:
        assert verify(s).ok
    with transaction(url, write=False) as s, pytest.raises(Refused):
        service.fire(s, fid, "deregister", role="registrar", on=D(2019, 9, 3), actor=ACTOR, now=NOW)


def test_a_revocation_and_a_deregistration_on_the_same_day_both_reach_the_registry(url: str) -> None:
    """Art. 15(1)(3): the registrar may deregister an office the day it revoked its certificate; the day's
    later decision stands, and both are in the office's history."""
    office = register_office(url, new_org(url), D(2017, 5, 2))
    sanction = start(url, "fngo_sanction", office, {"subject": "representative_office",
                                                    "ground": "harmful_information", "findings": "Harmful"},
                     D(2018, 3, 1))  # fmt: skip
    fire(url, sanction, "revoke_certificate_for_harm", "registrar", D(2018, 3, 15), announcement="void")
    fid = start(url, "fngo_office_deregistration", office,
                {"ground": "registration_cancelled_or_certificate_revoked"}, D(2018, 3, 15))
    assert fire(url, fid, "deregister", "registrar", D(2018, 3, 15), announcement="Website") == "deregistered"
    assert (org(url, office)["status"], org(url, office)["ended_on"]) == ("deregistered", "2018-03-15")
    assert org(url, office, D(2018, 3, 15))["status"] == "deregistered"
    assert org(url, office, D(2018, 3, 14))["status"] == "registered"
    assert [a for a, *_ in org_events(url, office)] == ["office.registered", "sanction.certificate_revoked",
                                                        "office.deregistered"]  # fmt: skip
    with transaction(url, write=False) as s:
        assert verify(s).ok
        counts = dict(registry.kind_counts(s, as_of=D(2018, 3, 15)))
    assert counts.get("representative_office", 0) == 0  # ended: no longer counted, and not counted twice
