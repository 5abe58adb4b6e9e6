"""Registration of the three kinds of social organisation, rule by rule, as pure decisions: the two paths
(the 2013 categories as data), each regulation's conditions and the registrar's level they depend on."""

from datetime import date
from typing import Any

import pytest

from ngoreg.regimes.domestic import association_registration as sa
from ngoreg.regimes.domestic import categories
from ngoreg.regimes.domestic import foundation_registration as fd
from ngoreg.regimes.domestic import unit_registration as cu
from ngoreg.regimes.domestic.founding import State
from ngoreg.regimes.domestic.localities import beijing
from ngoreg.workflow.spec import Context
from tests.procedures import refused_by

ON = date(2025, 3, 3)
COMMON = {"path": "dual", "category": "industry_association", "registrar_authority_id": 7, "name": "四川省茶叶协会",
          "domicile": "成都市青羊区", "purpose": "行业自律", "legal_representative": "王芳"}  # fmt: skip
ASSOCIATION: dict[str, Any] = {
    **COMMON, "business_scope": "培训、交流", "area_of_activity": "四川省", "activity_funds": 30_000,
    "individual_members": 50, "unit_members": 0, "has_organisation": True, "fixed_seat": True,
    "full_time_staff": True, "independent_civil_liability": True, "documents": list(sa.DOCUMENTS),
}  # fmt: skip
FOUNDATION: dict[str, Any] = {
    **COMMON, "name": "四川省助学基金会", "foundation_type": "non_public", "business_scope": "资助", "original_fund":
    2_000_000, "fund_paid_in": True, "public_interest_purpose": True, "has_organisation": True, "fixed_seat": True,
    "independent_civil_liability": True, "documents": list(fd.DOCUMENTS),
}  # fmt: skip
UNIT: dict[str, Any] = {**COMMON, "name": "成都市青羊区阳光社工服务中心", "start_up_funds": 30_000,
                        "form": "legal_person", "has_organisation": True, "staff": True, "lawful_property": True,
                        "premises": True,
                        "documents": list(cu.DOCUMENTS)}  # fmt: skip


def ctx(data: dict[str, Any], level: str = "provincial", state: str = State.CONSENTED, role: str = "social_org",
        **changes: Any) -> Context:  # fmt: skip
    return Context({**data, **changes}, ON, role, state, {"registrar_level": level, "org_status": "preparing"})


@pytest.mark.parametrize(
    ("case", "module", "c", "expected"),
    [
        ("an association that meets every condition", sa, ctx(ASSOCIATION), {}),
        ("49 individual members", sa, ctx(ASSOCIATION, individual_members=49), {"enough_members": "sa_regs 10(1)(1)"}),
        ("30 unit members suffice", sa, ctx(ASSOCIATION, individual_members=0, unit_members=30), {}),
        ("a mixed membership of 45 does not", sa, ctx(ASSOCIATION, individual_members=20, unit_members=25),
         {"enough_members": "sa_regs 10(1)(1)"}),
        ("a national association needs 100,000 yuan", sa, ctx(ASSOCIATION, level="national"),
         {"enough_activity_funds": "sa_regs 10(1)(5)"}),
        ("a local one may not be named 中国…", sa, ctx(ASSOCIATION, name="中国茶叶协会"),
         {"name_fits_its_level": "sa_regs 10(2)"}),
        ("a national one may", sa, ctx(ASSOCIATION, name="中国茶叶协会", level="national", activity_funds=100_000), {}),
        ("no fixed seat", sa, ctx(ASSOCIATION, fixed_seat=False), {"fixed_seat": "sa_regs 10(1)(3)"}),
        ("a document missing", sa, ctx(ASSOCIATION, documents=["application"]), {"documents_complete": "sa_regs 11"}),
        ("not before the unit consents", sa, ctx(ASSOCIATION, state=State.DRAFTED),
         {"supervisory_unit_consented": "sa_regs 9(1)"}),
        ("directly, as an industry association, without the unit's approval", sa,
         ctx(ASSOCIATION, path="direct", state=State.DRAFTED,
             documents=[d for d in sa.DOCUMENTS if d != "supervisory_unit_approval"]), {}),
        ("a religious association may not register directly", sa,
         ctx(ASSOCIATION, path="direct", category="religious", state=State.DRAFTED),
         {"direct_registration_open_to_the_category": "sa_regs 9(1)"}),
        ("a registrar that is none", sa, ctx(ASSOCIATION, level=None), {"registrar_is_civil_affairs": "sa_regs 11"}),
        ("a unit that meets every condition", cu, ctx(UNIT), {}),
        ("a unit's name never begins with 全国", cu, ctx(UNIT, name="全国阳光社工服务中心", level="national"),
         {"name_without_national_prefix": "cneu_regs 8(2)"}),
        ("a unit without premises", cu, ctx(UNIT, premises=False), {"premises": "cneu_regs 8(1)(5)"}),
        ("a foundation that meets every condition", fd, ctx(FOUNDATION), {}),
        ("a non-public foundation below 2 million", fd, ctx(FOUNDATION, original_fund=1_999_999),
         {"enough_original_fund": "foundation_regs 8(1)(2)"}),
        ("a local public-fundraising one below 4 million", fd,
         ctx(FOUNDATION, foundation_type="local_public", original_fund=3_000_000),
         {"enough_original_fund": "foundation_regs 8(1)(2)"}),
        ("a national public-fundraising one only with the Ministry", fd,
         ctx(FOUNDATION, foundation_type="national_public", original_fund=8_000_000),
         {"registrar_of_its_level": "foundation_regs 6"}),
        ("… where it may", fd, ctx(FOUNDATION, foundation_type="national_public", original_fund=8_000_000,
                                   level="national"), {}),
        ("no foundation with a county registrar", fd, ctx(FOUNDATION, level="county"),
         {"registrar_of_its_level": "foundation_regs 6"}),
        ("the fund not paid in as money", fd, ctx(FOUNDATION, fund_paid_in=False),
         {"fund_paid_in": "foundation_regs 8(1)(2)"}),
    ],
)  # fmt: skip
def test_apply(case: str, module: Any, c: Context, expected: dict[str, str]) -> None:
    assert {k: _short(v) for k, v in refused_by(module.PROCEDURE, "apply", c).items()} == expected


def _short(basis: str | None) -> str | None:
    """`Social Association Regulations art. 10(1)(1)` as `sa_regs 10(1)(1)`, to keep the table short."""
    if basis is None:
        return None
    names = {"Social Association Regulations": "sa_regs", "Civil Non-Enterprise Unit Regulations": "cneu_regs",
             "Foundation Regulations": "foundation_regs"}  # fmt: skip
    for name, code in names.items():
        if basis.startswith(name):
            return f"{code} {basis.removeprefix(name + ' art. ')}"
    return basis


def test_the_unit_consents_only_on_the_dual_path() -> None:
    assert refused_by(sa.PROCEDURE, "consent", ctx(ASSOCIATION, path="direct", state=State.DRAFTED,
                                                   role="supervising_unit", consented_on=ON)) == \
        {"on_the_dual_path": "Social Association Regulations art. 9(1)"}  # fmt: skip
    assert refused_by(sa.PROCEDURE, "consent", ctx(ASSOCIATION, state=State.DRAFTED, role="supervising_unit",
                                                   consented_on=date(2025, 3, 4))) == \
        {"consent_not_dated_in_the_future": "Social Association Regulations art. 9(1)"}  # fmt: skip


def test_only_an_organisation_in_preparation_is_registered() -> None:
    c = Context({**ASSOCIATION, "certificate_no": "51510000X", "announcement": "四川省民政厅网站"}, ON,
                "civil_registrar", State.APPLIED, {"registrar_level": "provincial", "org_status": "registered"})
    assert refused_by(sa.PROCEDURE, "register", c) == {"in_preparation": "Social Association Regulations art. 12(1)"}


def test_the_directly_registrable_categories_are_data_with_their_source() -> None:
    assert categories.direct() == ("industry_association", "science_technology", "public_interest_charity",
                                   "community_service")  # fmt: skip
    assert all(c.source for c in categories.categories().values())
    assert not categories.category("religious").direct and not categories.category("foreign_related").direct


def test_beijing_adds_its_pledge_where_the_registrar_is_beijings() -> None:
    [rule] = [r for r in beijing.RULES if r.procedure == sa.CODE]
    c = ctx(ASSOCIATION)
    beijing_ctx = Context(c.data, c.on, c.role, c.state, c.facts, {"apply": (rule.guard,)})
    assert refused_by(sa.PROCEDURE, "apply", beijing_ctx) == {"party_building_pledge": "Social Association "
                                                                                          "Regulations art. 11"}
    pledged = Context({**c.data, "party_building_pledge": True}, c.on, c.role, c.state, c.facts, beijing_ctx.local)
    assert refused_by(sa.PROCEDURE, "apply", pledged) == {}
    assert rule.source.startswith("Beijing") and "seed 001" in rule.source
