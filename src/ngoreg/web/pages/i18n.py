"""The pages' two languages. Message ids are English; `locale/zh/LC_MESSAGES/messages.po` holds the Chinese
(and `locale/en/…` English words for the few message ids that are codes) of the app's own words, and each
regime's catalogue (`Regime.catalogue`) those of its procedures, tasks and roles (`workflow.words` says how
to refresh one).

The `.po` source is compiled in memory when the app starts (Babel's own reader and writer), so a fresh
`pip install -e .` needs no build step and a stale `.mo` can never be served. To refresh the catalogue after
changing a template or a `_()` string:

    pybabel extract -F babel.cfg -o src/ngoreg/web/locale/messages.pot src/ngoreg/web
    pybabel update -i src/ngoreg/web/locale/messages.pot -d src/ngoreg/web/locale   # both languages
    (translate the new entries in the .po, then)
    pybabel compile -d src/ngoreg/web/locale --statistics   # optional: checks the catalogue; the app compiles itself

Which language a request gets: `?lang=` (which the response also stores in the `lang` cookie), else the
cookie, else the browser's Accept-Language, else Chinese."""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi import Request

from ngoreg import regimes

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
COOKIE = "lang"


def _catalog(po: Traversable, lang: str) -> Catalog:
    with po.open("rb") as f:
        return read_po(f, locale=lang)


def _po(folder: Traversable, lang: str) -> Traversable:
    return folder.joinpath(lang, "LC_MESSAGES", "messages.po")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The pages' words in `lang`: the app's own catalogue, then each regime's (`Regime.catalogue`) for the
    words of its declarations. A word two catalogues say differently is the first one's here, and listed by
    `clashes` (a test keeps that list empty)."""
    # English is the source language; its catalogue only names the codes the pages show (a relation's
    # predicate, an audit action) in words.
    catalog = _catalog(_po(resources.files("ngoreg.web").joinpath("locale"), lang), lang)
    for regime in regimes.catalogue().regimes:
        if regime.catalogue is not None and _po(regime.catalogue, lang).is_file():
            for m in _catalog(_po(regime.catalogue, lang), lang):
                if m.id and catalog.get(m.id, context=m.context) is None:
                    catalog[m.id] = m
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


regimes.on_change(translations.cache_clear)


def clashes(lang: str) -> list[str]:
    """Words that two catalogues (the app's, the regimes') say differently in `lang`."""
    said: dict[tuple[str, str | None], tuple[str, str]] = {}
    out = []
    folders = [("the app", resources.files("ngoreg.web").joinpath("locale"))]
    folders += [(f"regime {r.code}", r.catalogue) for r in regimes.catalogue().regimes if r.catalogue is not None]
    for who, folder in folders:
        if not _po(folder, lang).is_file():
            continue
        for m in _catalog(_po(folder, lang), lang):
            key = (str(m.id), m.context)
            if not m.id or not m.string:
                continue
            if key in said and said[key][1] != m.string:
                out.append(f"{key[0]!r}: {said[key][0]} says {said[key][1]!r}, {who} {m.string!r}")
            said.setdefault(key, (who, str(m.string)))
    return out


def requested(request: Request) -> tuple[str, bool]:
    """The language of this request, and whether it was asked for in the query (then it is remembered)."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked, True
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGS:
        return cookie, False
    accept = request.headers.get("accept-language", "").lower()
    first = accept.split(",")[0].strip()
    return ("en" if first.startswith("en") else "zh"), False


@cache
def _countries_zh() -> gettext.NullTranslations:
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:
        return gettext.NullTranslations()


def country(code: str, lang: str) -> str:
    """A country of origin by its ISO 3166 code, in Chinese from the ISO list's own translations."""
    from ngoreg.reference import origin_name

    if lang == "zh":
        import pycountry

        c = pycountry.countries.get(alpha_2=code)
        if c is not None:
            return _countries_zh().gettext(c.name)
    return origin_name(code)


def pick(lang: str, zh: str | None, en: str | None) -> str:
    """A name or label in the page's language, falling back to the other."""
    if lang == "zh":
        return zh or en or ""
    return en or zh or ""


def state_label(lang: str, procedure: str, state: str) -> str:
    """A filing's state in words. Procedures share state names that mean different things (`refused` is a
    refused registration in one, a refused change in another), so a procedure's own wording comes first
    (the catalogue's entry with the procedure's code as its context), then the state's common one."""
    t = translations(lang)
    own = t.pgettext(procedure, state)
    return own if own != state else t.gettext(state)
