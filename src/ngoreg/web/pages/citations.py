"""Citations as the pages show them. The engine writes a citation in English (`FNGO Law art. 17(1)`, or
several articles of one act: `FNGO Law arts. 13(1), 15, 45–48`); a page links each article to the statute
reader and, in Chinese, cites the way Chinese writing cites a statute: the act's title in 《》, then the article,
paragraph and item (`Citation.zh`: 《中华人民共和国境外非政府组织境内活动管理法》第十七条第一款). An act whose
text is not shipped is named without a link. A citation of one text of an act that has several names it
(`Charity Law (2016) art. 5`, 《中华人民共和国慈善法》（2016年）第五条) and links to that text
(`/law/charity?on=2016-09-01`); an instrument numbered in paragraphs is cited by paragraph
(`ECOSOC resolution 1996/31 para. 61(a)`, 经社理事会第1996/31号决议第61(a)段)."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from ngoreg.law.acts import ACTS, Version
from ngoreg.law.citation import Citation

_ART = r"\d+(?:\(\d+\))*"
_PARA = r"\d+(?:\([a-z]{1,6}\))*"
_NAMES = "|".join(re.escape(a.short_en) for a in sorted(ACTS.values(), key=lambda a: -len(a.short_en)))
_CITATION = re.compile(
    rf"({_NAMES})(?: \((\d{{4}})\))? "
    rf"(?:(arts?)\. ({_ART}(?:(?:, |–){_ART})*)|(paras?)\. ({_PARA}(?:(?:, |–){_PARA})*))"
)
_PART = re.compile(r"(\d+)((?:\((?:\d+|[a-z]+)\))*)|(, |–)")
_SHORT = {a.short_en: a.code for a in ACTS.values()}
# How Chinese joins several articles of one act: 第十三条、第十五条; a range 第四十五条至第四十八条.
_JOIN_ZH = {", ": "、", "–": "至"}


def _zh(code: str, number: str, parens: str) -> str | None:
    """One article (with its paragraph and item), or one paragraph (with its sub-paragraph), in Chinese,
    without the act's title; None where the citation goes deeper than that."""
    levels = re.findall(r"\((\w+)\)", parens)
    if ACTS[code].numbering == "paragraphs":
        return None if len(levels) > 1 else Citation(code, int(number), sub=(levels or [None])[0]).ref_zh
    if len(levels) > 2:
        return None
    paragraph, item = [*map(int, levels), None, None][:2]
    return Citation(code, int(number), paragraph, item).ref_zh


def _one(m: re.Match[str], lang: str, link: bool) -> str:
    code = _SHORT[m[1]]
    act = ACTS[code]
    version: Version | None = None
    if m[2]:
        version = act.version_labelled(m[2]) if len(act.versions) > 1 else None
        if version is None:  # not a text of this act: left as written
            return m[0]
    kind, refs = (m[3], m[4]) if m[3] else (m[5], m[6])
    linked = link and (version or act.latest).file is not None
    href = f"/law/{code}" + (f"?on={version.in_force.isoformat()}" if version else "")
    anchor = "para" if act.numbering == "paragraphs" else "art"

    def a(text: str, number: str) -> str:
        return f'<a class="cite" href="{href}#{anchor}-{number}">{text}</a>' if linked else text

    parts = list(_PART.finditer(refs))  # each article (number, paragraph and item) and what joins them
    if lang != "zh":
        if kind in ("art", "para"):
            return a(m[0], parts[0][1])
        named = m[0][: m.start(3 if m[3] else 5) - m.start(0)]  # the act, and the text where the citation names one
        return f"{named}{kind}. " + "".join(p[3] or a(p[0], p[1]) for p in parts)
    said: list[tuple[str, str | None]] = []  # (text, the article it links to; None for a joining word)
    for p in parts:
        text = _JOIN_ZH[p[3]] if p[3] else _zh(code, p[1], p[2])
        if text is None:  # deeper than an item: left as written
            return m[0]
        said.append((text, None if p[3] else p[1]))
    title = act.name_zh + (f"（{version.label_zh}）" if version else "")
    if kind in ("art", "para"):  # one article: the whole citation is the link
        return a(title + said[0][0], parts[0][1])
    return title + "".join(a(text, number) if number else text for text, number in said)


def link(text: Any, lang: str = "en") -> Markup:
    """Every citation in a text as a link to its article, in the page's language; the rest escaped."""
    escaped = str(escape(text if text is not None else ""))
    return Markup(_CITATION.sub(lambda m: _one(m, lang, True), escaped))


def say(text: str | None, lang: str) -> str:
    """Every citation in a plain text (a refusal's basis in an error line) in the page's language."""
    return _CITATION.sub(lambda m: _one(m, lang, False), text or "")
