"""The domestic regime through a real database, on both engines: an association in preparation registered
on the dual path and entered in the registry with its registrar, its supervisory unit and its marks; a
direct application refused for a category the 2013 reform did not open, with nothing written; Beijing's
pledge where the registrar is Beijing's; the annual inspection owed from the registration date, to the
supervisory unit only where there is one."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from ngoreg.compliance import calendar
from ngoreg.db.engine import transaction
from ngoreg.errors import Refused
from ngoreg.facets import repository as facets
from ngoreg.filings import service
from ngoreg.regimes.domestic import association_change, association_deregistration
from ngoreg.regimes.domestic import association_inspection as inspection
from ngoreg.regimes.domestic import association_registration as sa
from ngoreg.registry import service as registry
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

D = date
ENTERED = datetime(2024, 3, 1, 2, 0, tzinfo=UTC)


def authority(url: str, kind: str, level: str, name: str, province: str | None) -> int:
    with transaction(url) as s:
        return registry.add_authority(s, kind=kind, level=level, name_zh=name, name_en=None, province=province,
                                      actor=ACTOR, now=NOW)  # fmt: skip


def preparing(url: str, name: str) -> int:
    """An association whose founders are about to apply, entered in the registry on 1 March 2024."""
    with transaction(url) as s:
        return registry.add_organisation(s, org_record(kind="social_association", name_zh=name, preparing=True),
                                         actor=ACTOR, now=ENTERED)  # fmt: skip


def start(url: str, org: int, values: dict[str, str], on: date, code: str = sa.CODE) -> int:
    with transaction(url) as s:
        return service.start(s, code, org_id=org, values=values, on=on, actor=ACTOR, now=NOW).id


def fire(url: str, fid: int, transition: str, role: str, on: date, **values: str) -> str:
    with transaction(url) as s:
        return service.fire(s, fid, transition, role=role, on=on, values=values, actor=ACTOR, now=NOW).state


def refused(url: str, fid: int, transition: str, role: str, on: date, **values: str) -> dict[str, str | None]:
    with transaction(url) as s, pytest.raises(Refused) as r:
        service.fire(s, fid, transition, role=role, on=on, values=values, actor=ACTOR, now=NOW)
    return {x.rule: x.basis for x in r.value.refusals}


def application(registrar: int, path: str = "dual", category: str = "industry_association",
                **changes: str) -> dict[str, str]:  # fmt: skip
    documents = [d for d in sa.DOCUMENTS if path == "dual" or d != "supervisory_unit_approval"]
    return {"path": path, "category": category, "registrar_authority_id": str(registrar), "name": "四川省茶叶协会",
            "domicile": "成都市青羊区", "purpose": "行业自律", "business_scope": "培训", "area_of_activity": "四川省",
            "legal_representative": "王芳", "activity_funds": "50000", "individual_members": "60",
            "has_organisation": "yes", "fixed_seat": "yes", "full_time_staff": "yes",
            "independent_civil_liability": "yes", "documents": ",".join(documents), **changes}  # fmt: skip


@pytest.fixture
def sichuan(url: str) -> dict[str, Any]:
    return {"url": url,
            "registrar": authority(url, "registrar_civil_affairs", "provincial", "四川省民政厅", "510000"),
            "unit": authority(url, "supervisory_unit", "provincial", "四川省农业农村厅", "510000")}  # fmt: skip


def test_an_association_registered_on_the_dual_path_enters_the_registry(sichuan: dict[str, Any]) -> None:
    url, registrar, unit = sichuan["url"], sichuan["registrar"], sichuan["unit"]
    org = preparing(url, "四川省茶叶协会")
    fid = start(url, org, {**application(registrar), "supervisory_unit_id": str(unit)}, D(2025, 3, 3))
    assert fire(url, fid, "consent", "supervising_unit", D(2025, 3, 10), consented_on="2025-03-10") == "consented"
    assert fire(url, fid, "apply", "social_org", D(2025, 3, 20)) == "applied"
    assert fire(url, fid, "register", "civil_registrar", D(2025, 4, 15), certificate_no="川社证字第001号",
                announcement="四川省民政厅网站, 2025-04-15", uscc="51510000MJ00000001") in ("registered",)  # fmt: skip
    with transaction(url, write=False) as s:
        now = registry.show(s, org)
        before = registry.show(s, org, as_of=D(2025, 4, 14))
        marks = facets.marks(s, org, as_of=D(2025, 4, 15))
        page = registry.profile(s, org)["marks"]
        deadlines = service.show(s, fid)["deadlines"]
    assert (now["status"], now["registered_on"], now["uscc"]) == ("registered", "2025-04-15", "51510000MJ00000001")
    assert before["status"] == "preparing"
    assert {(r["predicate"], r["object_authority_id"]) for r in now["relations"]} >= {("registered_with", registrar),
                                                                                ("sponsored_by", unit)}
    assert marks == {"management": "dual", "registrar_level": "provincial", "category": "industry_association"}
    assert sorted((m["mark"], m["value"], m["valid_from"], m["valid_to"]) for m in page) == [
        ("Category", "industry_association", "2025-04-15", None),
        ("Level of the registrar", "provincial", "2025-04-15", None), ("Registration path", "dual", "2025-04-15", None)]
    assert [(d["name"], d["due_on"], d["status"]) for d in deadlines] == [("decision", "2025-05-19", "met")]


def test_a_religious_association_may_not_register_directly_and_nothing_is_written(sichuan: dict[str, Any]) -> None:
    url = sichuan["url"]
    org = preparing(url, "四川省某宗教研究会")
    fid = start(url, org, application(sichuan["registrar"], path="direct", category="religious"), D(2025, 3, 3))
    assert refused(url, fid, "apply", "social_org", D(2025, 3, 20)) == {
        "direct_registration_open_to_the_category": "Social Association Regulations art. 9(1)"}
    with transaction(url, write=False) as s:
        assert service.show(s, fid)["state"] == "drafted"
        assert registry.show(s, org)["status"] == "preparing"


def test_beijing_asks_its_pledge_and_sichuan_does_not(sichuan: dict[str, Any]) -> None:
    url = sichuan["url"]
    beijing = authority(url, "registrar_civil_affairs", "provincial", "北京市民政局", "110000")
    org = preparing(url, "北京市茶叶协会")
    fid = start(url, org, application(beijing, path="direct", name="北京市茶叶协会"), D(2025, 3, 3))
    assert refused(url, fid, "apply", "social_org", D(2025, 3, 20)) == {
        "party_building_pledge": "Social Association Regulations art. 11"}
    assert fire(url, fid, "apply", "social_org", D(2025, 3, 20), party_building_pledge="yes") == "applied"
    coffee = preparing(url, "四川省咖啡协会")
    other = start(url, coffee, application(sichuan["registrar"], path="direct"), D(2025, 3, 3))
    assert fire(url, other, "apply", "social_org", D(2025, 3, 20)) == "applied"


def test_the_inspection_is_owed_to_the_unit_only_where_there_is_one(sichuan: dict[str, Any]) -> None:
    url, registrar, unit = sichuan["url"], sichuan["registrar"], sichuan["unit"]
    dual, direct = preparing(url, "四川省茶叶协会"), preparing(url, "四川省咖啡协会")
    fid = start(url, dual, {**application(registrar), "supervisory_unit_id": str(unit)}, D(2024, 3, 3))
    fire(url, fid, "consent", "supervising_unit", D(2024, 3, 10), consented_on="2024-03-10")
    fire(url, fid, "apply", "social_org", D(2024, 3, 20))
    fire(url, fid, "register", "civil_registrar", D(2024, 4, 15), certificate_no="1", announcement="网站")
    fid = start(url, direct, application(registrar, path="direct", name="四川省咖啡协会"), D(2024, 3, 3))
    fire(url, fid, "apply", "social_org", D(2024, 3, 20))
    fire(url, fid, "register", "civil_registrar", D(2024, 4, 15), certificate_no="2", announcement="网站")
    with transaction(url, write=False) as s:
        owed = [(o.org_id, o.obligation, o.due_on) for o in calendar.due(s, as_of=D(2025, 6, 30))
                if o.obligation.startswith("report_to") and o.due_on.year == 2025]  # fmt: skip
    assert owed == [(dual, "report_to_psu", D(2025, 3, 31)), (dual, "report_to_registrar", D(2025, 6, 3)),
                    (direct, "report_to_registrar", D(2025, 6, 3))]  # 31 May 2025 was a Saturday before a holiday
    # A report on a year before the registration is refused; the one on 2024 goes straight to the registrar.
    report = start(url, direct, {"year": "2023"}, D(2025, 3, 1), code=inspection.CODE)
    contents = ",".join(inspection.CONTENTS)
    assert "registered_in_the_year" in refused(url, report, "submit_to_registrar", "social_org", D(2025, 3, 1),
                                               contents=contents)  # fmt: skip
    report = start(url, direct, {"year": "2024"}, D(2025, 3, 1), code=inspection.CODE)
    assert fire(url, report, "submit_to_registrar", "social_org", D(2025, 3, 1), contents=contents) == "submitted"
    assert fire(url, report, "record_result", "civil_registrar", D(2025, 6, 20), result="qualified") == "inspected"


def registered(url: str, registrar: int, unit: int | None, name: str) -> int:
    """An association registered on 15 April 2024, on the dual path when `unit` is given."""
    org = preparing(url, name)
    values = {**application(registrar, path="dual" if unit else "direct", name=name),
              **({"supervisory_unit_id": str(unit)} if unit else {})}  # fmt: skip
    fid = start(url, org, values, D(2024, 3, 3))
    if unit:
        fire(url, fid, "consent", "supervising_unit", D(2024, 3, 10), consented_on="2024-03-10")
    fire(url, fid, "apply", "social_org", D(2024, 3, 20))
    fire(url, fid, "register", "civil_registrar", D(2024, 4, 15), certificate_no="1", announcement="网站")
    return org


def test_a_new_name_after_the_units_consent_and_a_direct_association_without_one(sichuan: dict[str, Any]) -> None:
    url, registrar, unit = sichuan["url"], sichuan["registrar"], sichuan["unit"]
    dual = registered(url, registrar, unit, "四川省茶叶协会")
    fid = start(url, dual, {"what": "registration_items", "new_name": "四川省茶业协会"}, D(2025, 1, 6),
                code=association_change.CODE)  # fmt: skip
    assert refused(url, fid, "apply", "social_org", D(2025, 1, 6)) == {
        "supervisory_unit_consented": "Social Association Regulations art. 18(1)"}
    fire(url, fid, "consent", "supervising_unit", D(2025, 1, 8), consented_on="2025-01-08")
    fire(url, fid, "apply", "social_org", D(2025, 1, 20))
    assert refused(url, fid, "approve", "civil_registrar", D(2025, 2, 10)) == {
        "announced": "Social Association Regulations art. 23"}
    assert fire(url, fid, "approve", "civil_registrar", D(2025, 2, 10), announcement="四川省民政厅网站") == "changed"
    with transaction(url, write=False) as s:
        org = registry.show(s, dual)
        assert (org["name_zh"], org["former_names"]) == ("四川省茶业协会", ["四川省茶叶协会"])
        assert [(d["name"], d["status"]) for d in service.show(s, fid)["deadlines"]] == [("application", "met")]
    direct = registered(url, registrar, None, "四川省咖啡协会")
    fid = start(url, direct, {"what": "registration_items", "new_domicile": "成都市武侯区"}, D(2025, 1, 6),
                code=association_change.CODE)  # fmt: skip
    assert "the_organisation_has_a_supervisory_unit" in refused(url, fid, "consent", "supervising_unit",
                                                                D(2025, 1, 6), consented_on="2025-01-06")
    assert fire(url, fid, "apply", "social_org", D(2025, 1, 6)) == "applied"


def test_deregistered_after_review_and_liquidation_it_leaves_the_registry(sichuan: dict[str, Any]) -> None:
    url, registrar, unit = sichuan["url"], sichuan["registrar"], sichuan["unit"]
    org = registered(url, registrar, unit, "四川省茶叶协会")
    fid = start(url, org, {"ground": "dissolved"}, D(2025, 6, 2), code=association_deregistration.CODE)
    assert refused(url, fid, "begin_liquidation", "social_org", D(2025, 6, 2)) == {
        "reviewed_by_the_supervisory_unit": "Social Association Regulations art. 19"}
    fire(url, fid, "review", "supervising_unit", D(2025, 6, 3))
    fire(url, fid, "begin_liquidation", "social_org", D(2025, 6, 4))
    fire(url, fid, "complete_liquidation", "social_org", D(2025, 8, 1), liquidation_ended_on="2025-07-31")
    documents = association_deregistration.DISSOLUTION.documents
    assert "documents_complete" in refused(url, fid, "apply", "social_org", D(2025, 8, 5), documents=documents[-1])
    fire(url, fid, "apply", "social_org", D(2025, 8, 5), documents=",".join(documents))
    announced = "四川省民政厅网站"
    assert fire(url, fid, "deregister", "civil_registrar", D(2025, 8, 20), announcement=announced) == "deregistered"
    with transaction(url, write=False) as s:
        assert (registry.show(s, org)["status"], registry.show(s, org)["ended_on"]) == ("deregistered", "2025-08-20")
        assert registry.show(s, org, as_of=D(2025, 8, 19))["status"] == "registered"
        assert [(d["name"], d["due_on"], d["status"]) for d in service.show(s, fid)["deadlines"]] == [
            ("application", "2025-08-15", "met")]  # 15 days from 31 July
