"""A citation is an object — act, article, paragraph (款), item (项) — not a string.

An act numbered in paragraphs (a UN resolution) is cited by paragraph and lettered sub-paragraph instead:
`ECOSOC resolution 1996/31 para. 61(a)`, made with `para`. A citation may be of one dated text of its act
(`Citation.as_of`): of an act with several texts it then names which (`Charity Law (2016) art. 5`) and is
checked against that text; without a day it is of the act's latest text."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ngoreg.law.acts import Act, Version, act
from ngoreg.law.numerals import from_int

_SUB = re.compile(r"[a-z]{1,6}")  # a lettered sub-paragraph: (a), (b), … or a roman one: (iv)


@dataclass(frozen=True)
class Citation:
    act: str
    article: int  # the article; of an act numbered in paragraphs, the paragraph
    paragraph: int | None = None  # 款
    item: int | None = None  # 项
    sub: str | None = None  # the sub-paragraph of a paragraph-numbered act: the `a` of para. 61(a)
    on: date | None = None  # the day the cited text came into force; None: the act's latest text

    @property
    def key(self) -> tuple[Any, ...]:
        """The order citations sort in, total over every act and numbering: by act, then text (the latest,
        undated, first), then article or paragraph, 款, 项 and sub-paragraph (the whole before its parts)."""
        return (self.act, self.on or date.min, self.article, self.paragraph or 0, self.item or 0, self.sub or "")

    def __lt__(self, other: Citation) -> bool:
        return self.key < other.key

    def __le__(self, other: Citation) -> bool:
        return self.key <= other.key

    def __gt__(self, other: Citation) -> bool:
        return self.key > other.key

    def __ge__(self, other: Citation) -> bool:
        return self.key >= other.key

    @property
    def version(self) -> Version:
        """The text this citation is of: the one in force from `on`, or the act's latest."""
        a = act(self.act)
        return a.latest if self.on is None else a.version_on(self.on)

    def _labelled(self, a: Act) -> Version | None:
        """The text a citation names, where its act has several and the citation is of one."""
        return self.version if self.on is not None and len(a.versions) > 1 else None

    def __str__(self) -> str:
        a = act(self.act)
        v = self._labelled(a)
        name = a.short_en + (f" ({v.label_en})" if v else "")
        if a.numbering == "paragraphs":
            return f"{name} para. {self.article}" + (f"({self.sub})" if self.sub else "")
        s = f"{name} art. {self.article}"
        if self.paragraph:
            s += f"({self.paragraph})"
        if self.item:
            s += f"({self.item})"
        return s

    @property
    def zh(self) -> str:
        """In Chinese: 《中华人民共和国境外非政府组织境内活动管理法》第十七条第一款;
        经社理事会第1996/31号决议第61(a)段."""
        a = act(self.act)
        v = self._labelled(a)
        return a.name_zh + (f"（{v.label_zh}）" if v else "") + self.ref_zh

    @property
    def ref_zh(self) -> str:
        """The Chinese citation without the act's name: 第十七条第一款第（三）项, 第61(a)段."""
        if act(self.act).numbering == "paragraphs":
            return f"第{self.article}" + (f"({self.sub})" if self.sub else "") + "段"
        s = f"第{from_int(self.article)}条"
        if self.paragraph:
            s += f"第{from_int(self.paragraph)}款"
        if self.item:
            s += f"第（{from_int(self.item)}）项"
        return s

    def as_of(self, on: date) -> Citation:
        """The citation of the act's text in force on `on`; refused where the act was not in force then."""
        return replace(self, on=act(self.act).version_on(on).in_force)

    def check_form(self) -> None:
        """Refuses a citation its act's numbering cannot have, whether or not the text is shipped."""
        a = act(self.act)
        if self.article < 1:
            raise ValueError(f"{self.act}: no article or paragraph {self.article}")
        if a.numbering == "paragraphs":
            if self.paragraph is not None or self.item is not None:
                raise ValueError(f"{self.act} is numbered in paragraphs: cite para. {self.article}(a), not 款 or 项")
            if self.sub is not None and not _SUB.fullmatch(self.sub):
                raise ValueError(f"{self.act} para. {self.article}: sub-paragraph {self.sub!r} is not a letter")
            return
        if self.sub is not None:
            raise ValueError(f"{self.act} is numbered in articles: it has no sub-paragraph {self.sub!r}")
        if self.paragraph is not None and self.paragraph < 1:
            raise ValueError(f"{self.act} art. {self.article}: no paragraph {self.paragraph}")
        if self.item is not None and (self.paragraph is None or self.item < 1):
            raise ValueError(f"{self.act} art. {self.article}: an item is cited within a paragraph, from 1")

    def check(self, on: date | None = None) -> None:
        """Refuses a citation to an article, paragraph or item the text does not have: the text in force on
        `on`, or the one the citation is of, or the latest. A citation of one text checked at a day another
        text is in force is refused too. An act whose text is not shipped is checked for form only."""
        self.check_form()
        from ngoreg.law.texts import article

        a = act(self.act)
        cited = self.version
        v = cited if on is None else a.version_on(on)
        if v != cited and self.on is not None:
            raise ValueError(f"{self} is of the {cited.label_en} text; on {on} the {v.label_en} text is in force")
        if v.file is None:
            return
        art = article(self.act, self.article, v.in_force)
        if self.paragraph and self.paragraph > len(art.paragraphs):
            raise ValueError(f"{self}: article {self.article} has {len(art.paragraphs)} paragraphs")
        if self.item and self.paragraph and self.item > len(art.paragraphs[self.paragraph - 1].items):
            raise ValueError(f"{self}: no item {self.item}")


def cite(act_code: str, article: int, paragraph: int | None = None, item: int | None = None, *,
         on: date | None = None) -> Citation:  # fmt: skip
    """A checked citation of an article (款, 项), of the text in force on `on` or the latest."""
    c = Citation(act_code, article, paragraph, item)
    c = c.as_of(on) if on is not None else c
    c.check()
    return c


def para(act_code: str, number: int, sub: str | None = None, *, on: date | None = None) -> Citation:
    """A checked citation of a paragraph (and lettered sub-paragraph) of an act numbered in paragraphs:
    `para("ecosoc_1996_31", 61, "a")` is ECOSOC resolution 1996/31 para. 61(a)."""
    if act(act_code).numbering != "paragraphs":
        raise ValueError(f"{act_code} is numbered in articles: cite it with cite()")
    c = Citation(act_code, number, sub=sub)
    c = c.as_of(on) if on is not None else c
    c.check()
    return c
