"""The acts whose texts ship with ngoreg, with short English titles and their short codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Act:
    code: str
    title_zh: str
    title_en: str
    short_en: str
    text_as_of: date  # date of the version whose text we ship
    file: str | None  # file under law/texts/, None where the text is not shipped


ACTS: dict[str, Act] = {
    a.code: a
    for a in (
        Act(
            "fngo",
            "中华人民共和国境外非政府组织境内活动管理法",
            "Law on the Administration of Activities of Overseas NGOs within the Mainland of China",
            "FNGO Law",
            date(2017, 11, 4),
            "境外非政府组织境内活动管理法(2017-11-04).md",
        ),
        Act(
            "charity",
            "中华人民共和国慈善法",
            "Charity Law (as amended 2023)",
            "Charity Law",
            date(2023, 12, 29),
            "慈善法(2023-12-29).md",
        ),
        Act(
            "charity2016",
            "中华人民共和国慈善法（2016）",
            "Charity Law (2016 text)",
            "Charity Law 2016",
            date(2016, 3, 16),
            "慈善法(2016-03-16).md",
        ),
        Act(
            "sa_regs",
            "社会团体登记管理条例",
            "Regulations on the Registration and Administration of Social Associations",
            "Social Association Regulations",
            date(2016, 2, 6),
            "社会团体登记管理条例(2016-02-06).md",
        ),
        Act(
            "cneu_regs",
            "民办非企业单位登记管理暂行条例",
            "Interim Regulations on the Registration and Administration of Civil Non-Enterprise Units",
            "Civil Non-Enterprise Unit Regulations",
            date(1998, 10, 25),
            "民办非企业单位登记管理暂行条例(1998-10-25).md",
        ),
        Act(
            "foundation_regs",
            "基金会管理条例",
            "Regulations on the Administration of Foundations",
            "Foundation Regulations",
            date(2004, 3, 8),
            "基金会管理条例(2004-03-08).md",
        ),
        Act(
            "volunteer_regs",
            "志愿服务条例",
            "Regulations on Volunteer Service",
            "Volunteer Service Regulations",
            date(2017, 8, 22),
            "志愿服务条例(2017-08-22).md",
        ),
        Act(
            "donations",
            "中华人民共和国公益事业捐赠法",
            "Law on Donations for Public Welfare",
            "Public Welfare Donations Law",
            date(1999, 6, 28),
            "公益事业捐赠法(1999-06-28).md",
        ),
        # Cited for period arithmetic; its text is not among the shipped statutes.
        Act("civil_code", "中华人民共和国民法典", "Civil Code", "Civil Code", date(2020, 5, 28), None),
    )
}


def act(code: str) -> Act:
    from ngoreg.errors import InvalidInput

    try:
        return ACTS[code]
    except KeyError:
        raise InvalidInput("act", code, f"unknown act; known: {', '.join(ACTS)}") from None
