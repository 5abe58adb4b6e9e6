"""Every word a page can show of a regime is in that regime's own catalogue, in Chinese: a new procedure, step,
field, state, deadline, guard, task or role cannot ship untranslated, nor with its words in the app's catalogue
instead of its regime's. And a refusal is said again from its sentence and values: codes by their labels,
lists joined, a broken or missing translation falling back to English."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from string import Formatter

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from ngoreg import procedures, regimes
from ngoreg.access import policy
from ngoreg.errors import Refusal
from ngoreg.regimes.fngo import office_change as fngo_office_change
from ngoreg.regimes.fngo import sanction as fngo_sanction
from ngoreg.web.pages import filing_labels, i18n
from ngoreg.web.pages.sentences import say
from ngoreg.workflow import engine, words
from ngoreg.workflow.regime import Regime
from ngoreg.workflow.spec import Context


def shipped() -> list[Regime]:
    return [r for r in regimes.catalogue().regimes if r.catalogue is not None]


def said() -> Iterator[tuple[str, str]]:
    """(where, msgid) for every word the pages translate of a procedure: its regime's and the engine's."""
    for regime in regimes.catalogue().regimes:
        for w in words.words(regime):
            if w.context is None:
                yield w.where, w.msgid
    for sentence in (engine.NOT_IN_STATE, engine.NOT_YOUR_ROLE, engine.NOT_GIVEN, *policy.SENTENCES):
        yield "refusal", sentence
    yield "refusal", "the public"


def names(sentence: str) -> list[str]:
    return sorted(n for _, n, _, _ in Formatter().parse(sentence) if n)


def catalogue(folder: Traversable, lang: str) -> dict[tuple[str, str | None], str]:
    with folder.joinpath(lang, "LC_MESSAGES", "messages.po").open("rb") as f:
        return {(str(m.id), m.context): str(m.string) for m in read_po(f) if m.id}


def test_every_procedure_word_has_its_chinese_with_the_same_placeholders() -> None:
    zh = i18n.translations("zh")
    untranslated = [(where, w) for where, w in said() if zh.gettext(w) == w]
    assert untranslated == []
    changed = [(w, zh.gettext(w)) for _, w in said() if names(w) != names(zh.gettext(w))]
    assert changed == []


def test_a_regimes_words_are_in_its_own_catalogue_in_every_language() -> None:
    assert shipped()  # the Foreign NGO Law's at least
    for regime in shipped():
        assert regime.catalogue is not None
        for lang in i18n.LANGS:
            own = catalogue(regime.catalogue, lang)
            missing = [(w.where, w.msgid) for w in words.words(regime) if (w.msgid, w.context) not in own]
            assert missing == [], (regime.code, lang)
            if lang == "zh":
                assert [k for k, v in own.items() if not v] == [], regime.code


def test_the_extractor_marks_every_word_of_a_regimes_declarations() -> None:
    # `pybabel update` keeps only what the extractor finds: what it finds is what the declarations say
    for regime in shipped():
        init = resources.files(f"ngoreg.regimes.{regime.code}").joinpath("__init__.py")
        found = {(m if isinstance(m, str) else m[1], ctx) for _, m, _, ctx in
                 extract_from_file("ngoreg.workflow.words.extract", str(init))}  # fmt: skip
        assert found >= {(w.msgid, w.context) for w in words.words(regime)}


def test_no_word_is_said_two_ways_by_two_catalogues() -> None:
    for lang in i18n.LANGS:
        assert i18n.clashes(lang) == [], lang


def test_the_app_catalogue_marks_its_own_filing_words() -> None:
    # the generic words the filing pages show whatever the regime are the app's, marked for its extractor
    app = catalogue(resources.files("ngoreg.web").joinpath("locale"), "zh")
    regime_words = {w.msgid for r in regimes.catalogue().regimes for w in words.words(r)}
    generic = {w for _, w in said()} - regime_words
    assert generic and generic <= set(filing_labels.WORDS)
    assert [w for w in filing_labels.WORDS if (w, None) not in app] == []


def test_the_catalogues_hold_no_msgid_twice() -> None:
    # Babel keeps the last of two entries with one msgid: a merge that adds a word twice loses one silently.
    folders = [resources.files("ngoreg.web").joinpath("locale")] + [r.catalogue for r in shipped() if r.catalogue]
    for folder in folders:
        for lang in i18n.LANGS:
            text = folder.joinpath(lang, "LC_MESSAGES", "messages.po").read_text(encoding="utf-8")
            # a msgid may run over several quoted lines; one msgid may stand in several contexts (msgctxt)
            ids = [(ctx, "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m)))
                   for ctx, m in re.findall(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)', text, re.M)]  # fmt: skip
            assert [i for i, n in Counter(ids).items() if n > 1] == [], (str(folder), lang)
            assert len(read_po(io.BytesIO(text.encode()))) == len(ids) - 1  # the header's msgid is no message


def refused(p: procedures.Procedure, step: str, data: dict[str, object], role: str) -> list[Refusal]:
    t = p.transition(step)
    ctx = Context(data=data, on=date(2026, 11, 22), role=role, state=next(iter(t.source)).value)
    return engine.refusals(p, t, ctx)


def test_codes_in_a_sentence_are_shown_by_their_labels() -> None:
    p = fngo_sanction.PROCEDURE
    r = refused(p, "warn", {"subject": "representative_office", "ground": "harmful_information",
                            "findings": "…"}, "registrar")  # fmt: skip
    assert [x.rule for x in r] == ["ground_under_article_45"]
    assert r[0].message.endswith("not harmful_information.")  # the API's English, unchanged
    zh = say(r[0], "zh", p)
    assert zh.startswith("第四十五条适用于") and "不适用于：造谣、诽谤或者发表、传播其他有害信息" in zh
    assert say(r[0], "en", p) == r[0].message
    change = fngo_office_change.PROCEDURE
    r = refused(change, "apply", {"items": ["name", "domicile"], "new_name": "x", "consented_on": date(2026, 11, 20)},
                "foreign_ngo")  # fmt: skip
    assert [say(x, "zh", change) for x in r] == ["每项拟变更的登记事项（名称、住所）均须写明变更后的内容。"]


def test_the_engine_sentences_name_the_step_and_the_state_in_chinese() -> None:
    p = procedures.in_force("fngo_temporary_activity", date(2026, 1, 1))
    t = p.transition("order_stop")
    ctx = Context(data={}, on=date(2026, 11, 22), role="partner_unit", state="drafted")
    said = [say(r, "zh", p) for r in engine.refusals(p, t, ctx)]
    assert said == ["办理事项处于“草拟”状态，不能责令停止活动", "只有登记管理机关可以责令停止活动",
                    "须填写责令停止活动的理由（stop_reason）"]


def test_a_sentence_without_a_good_translation_falls_back_to_english() -> None:
    unknown = Refusal.of("x", "A sentence no catalogue has, on {day}.", {"day": date(2026, 1, 2)})
    assert say(unknown, "zh") == "A sentence no catalogue has, on 2026-01-02."
    plain = Refusal("x", "no template", None)
    assert say(plain, "zh") == "no template"


def test_a_state_is_said_in_its_procedures_words() -> None:
    # `refused` ends a registration in one procedure and a change of registration in another (art. 14)
    assert i18n.state_label("zh", "fngo_office_registration", "refused") == "不予登记"
    assert i18n.state_label("zh", "fngo_office_change", "refused") == "不予变更登记"
    assert i18n.state_label("zh", "fngo_office_change", "drafted") == i18n.translations("zh").gettext("drafted")
    assert i18n.state_label("en", "fngo_office_change", "refused") == "refused"
