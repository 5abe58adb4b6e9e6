"""ChinaFile's spellings read into codes: no database."""

from datetime import date

import pytest

from ngoreg.errors import InvalidInput
from ngoreg.importing import chinafile_clean as cf
from ngoreg.reference import OrgKind


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("  Bamboo   Health Foundation ", "bamboo health foundation"),
        ("The Asia Foundation", "Asia Foundation"),
        ("Children’s Investment Fund", "Children's Investment Fund"),
        ("竹子健康 基金会\t", "竹子健康基金会"),
        ("世界宣明会－中国基金有限公司", "世界宣明会-中国基金有限公司"),  # full-width hyphen
    ],
)
def test_spellings_of_one_name_share_a_match_key(a: str, b: str) -> None:
    assert cf.match_key(a) == cf.match_key(b)


def test_a_renamed_supervisory_unit_has_its_former_name() -> None:
    p = cf.psu_name("Chongqing Department of Ecology and Environment (formerly Chongqing Department of "
                    "Environmental Protection )", " 重庆市环境保护局 ")  # fmt: skip
    assert p == cf.PsuName("Chongqing Department of Ecology and Environment",
                           "Chongqing Department of Environmental Protection", "重庆市环境保护局")  # fmt: skip
    assert cf.psu_name("State Administration of Foreign Experts Affairs (under the Ministry of Science and "
                       "Technology)", "").former_en is None  # type: ignore[union-attr]  # fmt: skip
    assert cf.psu_name("", " ") is None


@pytest.mark.parametrize(
    ("name", "province"),
    [("Hunan Department of Commerce", "430000"), ("Inner Mongolia Forestry Administration", "150000"),
     ("Hubei Province Department of Civil Affairs", "420000"), ("Ministry of Education", None),
     ("China Disabled Person’s Federation", None)],
)  # fmt: skip
def test_the_province_of_a_supervisory_unit_is_read_from_its_name(name: str, province: str | None) -> None:
    assert cf.psu_province(name) == province


@pytest.mark.parametrize(
    ("office", "several", "ngo"),
    [
        ("Oxfam (Beijing)", True, "Oxfam"),
        ("German Academic Exchange Service (DAAD) (Beijing)", True, "German Academic Exchange Service (DAAD)"),
        ("Netherlands Trade Promotion Council (Qingdao, Shandong)", True, "Netherlands Trade Promotion Council"),
        ("Association Generale Chine-Afrique (Yunnan)", False, "Association Generale Chine-Afrique"),
        ("Natural Resources Defense Council (NRDC)", False, "Natural Resources Defense Council (NRDC)"),
        ("Habitat for Humanity (Hong Kong)", False, "Habitat for Humanity (Hong Kong)"),
        ("Victorian Chamber of Commerce", True, "Victorian Chamber of Commerce"),
    ],
)
def test_an_office_name_gives_its_ngo_name(office: str, several: bool, ngo: str) -> None:
    assert cf.ngo_name_en(office, several) == ngo


def test_multi_valued_cells() -> None:
    assert cf.origin_list("Macau, Hong Kong", "origin") == (("MO", "Macau"), ("HK", "Hong Kong"))
    assert cf.origin_list("Unknown", "origin") == ((cf.UNKNOWN, "Unknown"),)
    assert cf.origin_list("The Netherlands", "origin") == (("NL", "The Netherlands"),)
    assert cf.origin_list("North Korea", "origin") == (("KP", "North Korea"),)
    assert cf.province_list("Beijing, Xinjiang Bingtuan, Beijing", "p") == (("110000", "Beijing"),
                                                                           ("660000", "Xinjiang Bingtuan"))  # fmt: skip
    assert cf.province_list("All of China", "p") == ((cf.ALL, "All of China"),)
    assert cf.field_list("Civil Society Capacity-Building, Rural Issues/Development", "f") == (
        ("civil_society", "Civil Society Capacity-Building"), ("rural_development", "Rural Issues/Development"))
    with pytest.raises(InvalidInput, match="Field of Work: 'Astrology': unknown field of work"):
        cf.field_list("Health, Astrology", "Field of Work")
    with pytest.raises(InvalidInput, match="origin: 'China': a foreign NGO comes from outside the mainland"):
        cf.origin_list("China", "origin")


def test_chinese_labels() -> None:
    labels = [cf.origin_label_zh(c) for c in ("US", "KR", "NL", "MO", cf.UNKNOWN)]
    assert labels == ["美国", "韩国", "荷兰", "澳门", "不详"]
    assert cf.province_label_zh("150000") == "内蒙古自治区" and cf.province_label_zh(cf.ALL) == "全国"
    assert cf.field_label_zh("civil_society") == "社会组织能力建设"


def test_dates_of_change() -> None:
    assert cf.change_date("2018-04-02") == date(2018, 4, 2)
    assert cf.change_date("4/8/2018") == date(2018, 4, 8)  # US order, as its neighbours in the column show
    assert cf.change_date("北京市,天津市,河北省") == "北京市,天津市,河北省"
    assert cf.looks_like_province_list("北京市,天津市,河北省") and not cf.looks_like_province_list("4/8/2018")
    with pytest.raises(InvalidInput, match="Start Date: 'Beijing, Tianjin': not a date"):
        cf.iso_date("Beijing, Tianjin", "Start Date")


@pytest.mark.parametrize(
    ("cpu_type", "name", "kind", "org_kind"),
    [
        ("Non-profit or Foundation", "浙江大学教育基金会", "social_organisation", OrgKind.FOUNDATION),
        ("Non-Profit or Foundation", "滑县慈善总会", "social_organisation", OrgKind.SOCIAL_ASSOCIATION),
        ("Non-profit or Foundation", "西宁市曙光公益援助中心", "social_organisation", OrgKind.CIVIL_NON_ENTERPRISE),
        ("Industry Association", "中国纺织信息中心", "social_organisation", OrgKind.CIVIL_NON_ENTERPRISE),
        ("Party or Government Entity", "成都市人民政府", "state_organ", OrgKind.STATE_ORGAN),
        ("Hospital or Medical Center", "江门市第三人民医院", "public_institution", OrgKind.PUBLIC_INSTITUTION),
        ("Think Tank or Research Institution", "上海国际问题研究院", "public_institution", OrgKind.PUBLIC_INSTITUTION),
        ("School, College, University, or Training Institution", "西北大学", "public_institution",
         OrgKind.PUBLIC_INSTITUTION),
    ],
)  # fmt: skip
def test_partner_types_map_onto_article_16(cpu_type: str, name: str, kind: str, org_kind: OrgKind) -> None:
    t = cf.partner_type(cpu_type, "CPU Type")
    assert (t.kind, t.allowed) == (kind, True)
    assert cf.partner_org_kind(kind, name) is org_kind


def test_partner_types_article_16_does_not_allow_or_the_source_does_not_give() -> None:
    assert cf.partner_type("LLC", "t").allowed is False
    assert cf.partner_type("Foreign Chamber of Commerce", "t").allowed is False
    assert cf.partner_type("Unknown", "t").allowed is None and cf.partner_type("", "t").allowed is None
    with pytest.raises(InvalidInput, match="CPU Type: 'Cooperative': unknown partner type"):
        cf.partner_type("Cooperative", "CPU Type")
