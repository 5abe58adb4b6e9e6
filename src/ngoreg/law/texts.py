"""Parses the shipped statute texts into chapters, articles, paragraphs (款) and items (项): the text of an act in
force on a day, or its latest text where no day is given."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources

from ngoreg.errors import InvalidInput, NotFound
from ngoreg.law.acts import Version, act
from ngoreg.law.numerals import to_int

_ARTICLE = re.compile(r"^第([零一二三四五六七八九十百千]+)条\s*(.*)$")
_CHAPTER = re.compile(r"^#{2,}\s*(第[零一二三四五六七八九十百千]+[章节])\s*(.*)$")
_ITEM = re.compile(r"^[（(]([零一二三四五六七八九十]+)[）)]")


@dataclass
class Paragraph:
    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class Article:
    number: int
    chapter: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        lines: list[str] = []
        for p in self.paragraphs:
            lines.append(p.text)
            lines.extend(p.items)
        return "\n".join(lines)


@dataclass
class Statute:
    code: str
    title: str
    chapters: list[str]
    articles: dict[int, Article]
    version: Version | None = None  # the text of the act this is


def version(code: str, on: date | None = None) -> Version:
    """The act's text in force on `on` (its latest text without a day); not found where the act was not in force
    then."""
    a = act(code)
    return a.latest if on is None else a.version_on(on)


def statute(code: str, on: date | None = None) -> Statute:
    """The act's text in force on `on`, its latest without a day; not found where that text is not shipped."""
    v = version(code, on)
    if v.file is None:
        raise NotFound(f"the text of the {act(code).short_en} is not shipped with ngoreg")
    return _statute(code, v)


@cache
def _statute(code: str, v: Version) -> Statute:
    assert v.file is not None
    raw = resources.files("ngoreg.law").joinpath("texts", v.file).read_text("utf-8")
    return replace(parse(code, raw), version=v)


def parse(code: str, raw: str) -> Statute:
    title, chapters, articles = "", [], {}
    chapter, current = "", None
    body = raw.split("<!-- INFO END -->", 1)[-1]
    for line in (raw_line.strip() for raw_line in raw.splitlines()):
        if line.startswith("# ") and not title:
            title = line[2:].strip()
    for line in (raw_line.strip() for raw_line in body.splitlines()):
        if not line:
            continue
        if m := _CHAPTER.match(line):
            chapter = (m[1] + " " + re.sub(r"\s+", "", m[2])).strip()
            chapters.append(chapter)
            current = None
        elif m := _ARTICLE.match(line):
            current = Article(to_int(m[1]), chapter, [Paragraph(m[2])])
            articles[current.number] = current
        elif current is not None:
            if _ITEM.match(line):
                current.paragraphs[-1].items.append(line)
            else:
                current.paragraphs.append(Paragraph(line))
    return Statute(code, title, chapters, articles)


def article(code: str, number: int, on: date | None = None) -> Article:
    s = statute(code, on)
    if number not in s.articles:
        a = act(code)
        which = f"the {s.version.label_en} text of the " if s.version and len(a.versions) > 1 else "the "
        raise InvalidInput("article", number, f"{which}{a.short_en} has articles 1–{max(s.articles)}")
    return s.articles[number]
