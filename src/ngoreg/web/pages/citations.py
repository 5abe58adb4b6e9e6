"""Citations as the pages show them. The engine writes a citation in English (`FNGO Law art. 17(1)`, or
several articles of one act: `FNGO Law arts. 13(1), 15, 45–48`); a page links each article to the statute
reader and, in Chinese, cites the way Chinese writing cites a statute: the act's title in 《》, then the article,
paragraph and item (`Citation.zh`: 《中华人民共和国境外非政府组织境内活动管理法》第十七条第一款). An act whose
text is not shipped is named without a link."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from ngoreg.law.acts import ACTS
from ngoreg.law.citation import Citation

_REF = r"\d+(?:\(\d+\))*"
_CITATION = re.compile(
    r"(" + "|".join(re.escape(a.short_en) for a in sorted(ACTS.values(), key=lambda a: -len(a.short_en))) + r")"
    rf" (arts?)\. ({_REF}(?:(?:, |–){_REF})*)"
)
_PART = re.compile(r"(\d+)((?:\(\d+\))*)|(, |–)")
_SHORT = {a.short_en: a.code for a in ACTS.values()}
# How Chinese joins several articles of one act: 第十三条、第十五条; a range 第四十五条至第四十八条.
_JOIN_ZH = {", ": "、", "–": "至"}


def _zh(code: str, number: str, parens: str) -> str | None:
    """One article (with its paragraph and item) in Chinese, without the act's title; None where the
    citation goes deeper than an item."""
    levels = [int(n) for n in re.findall(r"\d+", parens)]
    if len(levels) > 2:
        return None
    paragraph, item = [*levels, None, None][:2]
    return Citation(code, int(number), paragraph, item).zh.split("》", 1)[1]


def _one(m: re.Match[str], lang: str, link: bool) -> str:
    code = _SHORT[m[1]]
    linked = link and ACTS[code].file is not None

    def a(text: str, number: str) -> str:
        return f'<a class="cite" href="/law/{code}#art-{number}">{text}</a>' if linked else text

    parts = list(_PART.finditer(m[3]))  # each article (number, paragraph and item) and what joins them
    if lang != "zh":
        if m[2] == "art":
            return a(m[0], parts[0][1])
        return f"{m[1]} arts. " + "".join(p[3] or a(p[0], p[1]) for p in parts)
    said: list[tuple[str, str | None]] = []  # (text, the article it links to; None for a joining word)
    for p in parts:
        text = _JOIN_ZH[p[3]] if p[3] else _zh(code, p[1], p[2])
        if text is None:  # deeper than an item: left as written
            return m[0]
        said.append((text, None if p[3] else p[1]))
    title = f"《{ACTS[code].title_zh}》"
    if m[2] == "art":  # one article: the whole citation is the link
        return a(title + said[0][0], parts[0][1])
    return title + "".join(a(text, number) if number else text for text, number in said)


def link(text: Any, lang: str = "en") -> Markup:
    """Every citation in a text as a link to its article, in the page's language; the rest escaped."""
    escaped = str(escape(text if text is not None else ""))
    return Markup(_CITATION.sub(lambda m: _one(m, lang, True), escaped))


def say(text: str | None, lang: str) -> str:
    """Every citation in a plain text (a refusal's basis in an error line) in the page's language."""
    return _CITATION.sub(lambda m: _one(m, lang, False), text or "")

