"""The acts ngoreg ships or cites, with short English titles, their short codes and their dated versions.

An act is one instrument over time: each `Version` is a text of it (the file we ship, or None where the text
is not shipped), the day that text was adopted or last amended, and the day it came into force. The text in
force on a day is the latest version in force by then (`Act.version_on`). An act is numbered in articles
(第X条, with 款 and 项: the Chinese statutes) or in paragraphs (a UN resolution: para. 61(a))."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Numbering = Literal["articles", "paragraphs"]


@dataclass(frozen=True)
class Version:
    adopted: date  # the day this text was adopted, or amended into this wording
    in_force: date  # the day this text came into force
    file: str | None  # file under law/texts/, None where the text is not shipped
    amended: bool = False  # this text is an amended one (修正), not the act as first adopted

    @property
    def label_en(self) -> str:
        """How a citation names this text of an act that has several: `Charity Law (2016) art. 5`."""
        return str(self.adopted.year)

    @property
    def label_zh(self) -> str:
        return f"{self.adopted.year}年" + ("修正" if self.amended else "")


@dataclass(frozen=True)
class Act:
    code: str
    title_zh: str
    title_en: str
    short_en: str
    versions: tuple[Version, ...]  # the oldest first
    numbering: Numbering = "articles"
    cited_zh: str = ""  # how a Chinese citation names it, where that is not the title in 《》

    def __post_init__(self) -> None:
        days = [v.in_force for v in self.versions]
        if not days or days != sorted(set(days)):
            raise ValueError(f"act {self.code}: versions must come into force one after another, the oldest first")
        labels = [v.label_en for v in self.versions]
        if len(set(labels)) != len(labels):
            raise ValueError(f"act {self.code}: two texts of one year cannot be told apart in a citation")

    @property
    def latest(self) -> Version:
        return self.versions[-1]

    @property
    def file(self) -> str | None:
        """The latest text's file."""
        return self.latest.file

    @property
    def text_as_of(self) -> date:
        """The day the latest text was adopted or amended."""
        return self.latest.adopted

    @property
    def in_force(self) -> date:
        """The day the act first came into force."""
        return self.versions[0].in_force

    @property
    def name_zh(self) -> str:
        return self.cited_zh or f"《{self.title_zh}》"

    def version_on(self, on: date) -> Version:
        """The text in force on `on`; an act not yet in force then is not found."""
        from ngoreg.errors import NotFound

        in_force = [v for v in self.versions if v.in_force <= on]
        if not in_force:
            raise NotFound(f"the {self.short_en} was not in force on {on.isoformat()}: "
                           f"it came into force on {self.in_force.isoformat()}")  # fmt: skip
        return in_force[-1]

    def version_labelled(self, label: str) -> Version | None:
        return next((v for v in self.versions if v.label_en == label), None)


ACTS: dict[str, Act] = {
    a.code: a
    for a in (
        # We ship the text as amended on 2017-11-04 (the decision amending the Accounting Law and ten other
        # laws), and only that one: it stands for the law from its in-force day, 2017-01-01 (art. 54). The
        # amendment's own day of effect is not in the shipped text; the 2016 text is not shipped, so a
        # citation of a day before the amendment is checked against the amended text.
        Act(
            "fngo",
            "中华人民共和国境外非政府组织境内活动管理法",
            "Law on the Administration of Activities of Overseas NGOs within the Mainland of China",
            "FNGO Law",
            (Version(date(2017, 11, 4), date(2017, 1, 1), "境外非政府组织境内活动管理法(2017-11-04).md",
                     amended=True),),
        ),
        Act(
            "charity",
            "中华人民共和国慈善法",
            "Charity Law",
            "Charity Law",
            (
                # Adopted 2016-03-16, in force 2016-09-01 (art. 112 of the 2016 text).
                Version(date(2016, 3, 16), date(2016, 9, 1), "慈善法(2016-03-16).md"),
                # Amended 2023-12-29. The amended text still says 本法自2016年9月1日起施行 (art. 125): the day the
                # amended text came into force, 2024-09-05, is not in it but in the NPC Standing Committee's
                # amending decision of 2023-12-29 (关于修改《中华人民共和国慈善法》的决定).
                Version(date(2023, 12, 29), date(2024, 9, 5), "慈善法(2023-12-29).md", amended=True),
            ),
        ),
        # We ship the text as amended on 2016-02-06; the regulations were issued on 1998-10-25 and came into
        # force that day (art. 37: 自发布之日起施行). The shipped text's header names only the 1998 issue, and
        # the 1998 text is not shipped, so the amended text stands for the regulations from 1998-10-25.
        Act(
            "sa_regs",
            "社会团体登记管理条例",
            "Regulations on the Registration and Administration of Social Associations",
            "Social Association Regulations",
            (Version(date(2016, 2, 6), date(1998, 10, 25), "社会团体登记管理条例(2016-02-06).md", amended=True),),
        ),
        Act(
            "cneu_regs",
            "民办非企业单位登记管理暂行条例",
            "Interim Regulations on the Registration and Administration of Civil Non-Enterprise Units",
            "Civil Non-Enterprise Unit Regulations",
            # Issued 1998-10-25, in force that day (art. 32: 自发布之日起施行).
            (Version(date(1998, 10, 25), date(1998, 10, 25), "民办非企业单位登记管理暂行条例(1998-10-25).md"),),
        ),
        Act(
            "foundation_regs",
            "基金会管理条例",
            "Regulations on the Administration of Foundations",
            "Foundation Regulations",
            # Issued 2004-03-08, in force 2004-06-01 (art. 48).
            (Version(date(2004, 3, 8), date(2004, 6, 1), "基金会管理条例(2004-03-08).md"),),
        ),
        Act(
            "volunteer_regs",
            "志愿服务条例",
            "Regulations on Volunteer Service",
            "Volunteer Service Regulations",
            # Issued 2017-08-22, in force 2017-12-01 (art. 44).
            (Version(date(2017, 8, 22), date(2017, 12, 1), "志愿服务条例(2017-08-22).md"),),
        ),
        Act(
            "donations",
            "中华人民共和国公益事业捐赠法",
            "Law on Donations for Public Welfare",
            "Public Welfare Donations Law",
            # Adopted 1999-06-28, in force 1999-09-01 (art. 32).
            (Version(date(1999, 6, 28), date(1999, 9, 1), "公益事业捐赠法(1999-06-28).md"),),
        ),
        # Cited for period arithmetic; its text is not shipped. Adopted 2020-05-28, in force 2021-01-01
        # (its art. 1260).
        Act("civil_code", "中华人民共和国民法典", "Civil Code", "Civil Code",
            (Version(date(2020, 5, 28), date(2021, 1, 1), None),)),
        # The Council's resolution on consultative status, adopted 1996-07-25; its text is not shipped. We take
        # it to apply from the day it was adopted.
        Act(
            "ecosoc_1996_31",
            "经济及社会理事会第1996/31号决议：联合国与非政府组织之间的咨商关系",
            "ECOSOC resolution 1996/31: Consultative relationship between the United Nations and "
            "non-governmental organizations",
            "ECOSOC resolution 1996/31",
            (Version(date(1996, 7, 25), date(1996, 7, 25), None),),
            numbering="paragraphs",
            cited_zh="经社理事会第1996/31号决议",
        ),
    )
}


def act(code: str) -> Act:
    from ngoreg.errors import InvalidInput

    try:
        return ACTS[code]
    except KeyError:
        raise InvalidInput("act", code, f"unknown act; known: {', '.join(ACTS)}") from None
