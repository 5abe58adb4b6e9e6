"""Refusals said in the page's language.

A refusal's `message` is English, as the API and the CLI give it. A page says it again from what it was
made of: its sentence (`Refusal.template`), translated by the catalogue, filled with its values, each shown
as the page shows it elsewhere — a choice or state by its label, a yes/no in words, a date in ISO form, the
rest (names, numbers typed in) as given. A sentence the catalogue does not translate, or a page in English,
keeps the English message, so a page never says less than the API."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ngoreg import procedures
from ngoreg.errors import Refusal
from ngoreg.web.pages import citations
from ngoreg.web.pages.i18n import pick, state_label, translations
from ngoreg.workflow.spec import Procedure

# How the pages list several values (several roles may act; several items are to change).
_OR = {"zh": "或", "en": " or "}
_AND = {"zh": "、", "en": ", "}
_SEPARATOR = {"zh": "；", "en": "; "}


class _Fill(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def say(r: Refusal, lang: str, proc: Procedure | None = None) -> str:
    """The sentence of `r` in `lang`; `proc` is the procedure whose fields the values may be."""
    if not r.template:
        return r.message
    _ = translations(lang).gettext
    sentence = _(r.template)
    if sentence == r.template:
        return r.message
    values = _Fill({k: _shown(k, v, r, lang, proc) for k, v in r.values.items()})
    try:
        return sentence.format_map(values)
    except (ValueError, IndexError, AttributeError):  # a translation with broken braces: the API's words
        return r.message


def say_all(refusals: Iterable[Refusal], lang: str, proc: Procedure | None = None) -> str:
    """Several refusals in one line, each with its basis (as `str(Refused)` gives them in English; cited in the
    page's language)."""
    return _SEPARATOR.get(lang, "; ").join(
        f"{say(r, lang, proc)} ({citations.say(r.basis, lang)})" if r.basis else say(r, lang, proc)
        for r in refusals)


def _shown(key: str, value: Any, r: Refusal, lang: str, proc: Procedure | None) -> str:
    _ = translations(lang).gettext
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        joiner = _OR if key == "roles" else _AND
        return joiner.get(lang, ", ").join(_shown(key, v, r, lang, proc) for v in value)
    if key == "state" and proc is not None and isinstance(value, str):
        return state_label(lang, proc.code, value)
    if key in r.words and isinstance(value, str):
        return _(value)
    if key == "procedure" and value in procedures.registry():
        latest = procedures.registry()[value][max(procedures.registry()[value])]
        return pick(lang, latest.title_zh, latest.title_en)
    f = proc.field(key) if proc is not None else None
    if f is not None and value in f.choices:
        return _(value)
    return str(value)
