"""Every word a filing page can show of a procedure is in the catalogue, in Chinese: a new procedure, step,
field, state, deadline or guard cannot ship untranslated. And a refusal is said again from its sentence and
values: codes by their labels, lists joined, a broken or missing translation falling back to English."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from string import Formatter

from babel.messages.pofile import read_po

from ngoreg import procedures
from ngoreg.access import policy
from ngoreg.errors import Refusal
from ngoreg.regimes.fngo import office_change as fngo_office_change
from ngoreg.regimes.fngo import sanction as fngo_sanction
from ngoreg.web.pages import filing_labels, i18n
from ngoreg.web.pages.sentences import say
from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context


def words() -> Iterator[tuple[str, str]]:
    """(where, msgid) for every word the filing pages translate, from the procedures' definitions."""
    for versions in procedures.registry().values():
        for p in versions.values():
            for s in p.states:
                yield f"{p.code} state", s.value
            for f in p.fields:
                yield f"{p.code}.{f.name} label", f.label
                for c in f.choices:
                    yield f"{p.code}.{f.name} choice", c
            for t in p.transitions:
                yield f"{p.code}.{t.name} label", t.label
                yield f"{p.code}.{t.name} event", t.action
                for r in t.roles:
                    yield f"{p.code}.{t.name} role", r
                for g in t.guards:
                    yield f"{p.code}.{t.name}.{g.name} refusal", g.refusal
            for d in p.deadlines:
                yield f"{p.code}.{d.name} deadline", d.label
    for sentence in (engine.NOT_IN_STATE, engine.NOT_YOUR_ROLE, engine.NOT_GIVEN, *policy.SENTENCES):
        yield "refusal", sentence
    yield "refusal", "the public"


def names(sentence: str) -> list[str]:
    return sorted(n for _, n, _, _ in Formatter().parse(sentence) if n)


def test_every_procedure_word_has_its_chinese_with_the_same_placeholders() -> None:
    zh = i18n.translations("zh")
    untranslated = [(where, w) for where, w in words() if zh.gettext(w) == w]
    assert untranslated == []
    changed = [(w, zh.gettext(w)) for _, w in words() if names(w) != names(zh.gettext(w))]
    assert changed == []


def test_every_procedure_word_is_marked_for_the_extractor() -> None:
    # `pybabel update` drops what the extractor no longer finds; these are outside `ngoreg.web`
    marked = set(filing_labels.WORDS) | set(filing_labels.PROCEDURE_WORDS)
    from ngoreg.web import pages

    marked |= set(pages.LABELS)
    assert sorted({w for _, w in words()} - marked) == []


def test_the_catalogues_hold_no_msgid_twice() -> None:
    # Babel keeps the last of two entries with one msgid: a merge that adds a word twice loses one silently.
    for lang in i18n.LANGS:
        path = f"src/ngoreg/web/locale/{lang}/LC_MESSAGES/messages.po"
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # a msgid may run over several quoted lines; one msgid may stand in several contexts (msgctxt)
        ids = [(ctx, "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m)))
               for ctx, m in re.findall(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)', text, re.M)]  # fmt: skip
        assert [i for i, n in Counter(ids).items() if n > 1] == [], lang
        with open(path, "rb") as b:
            assert len(read_po(b)) == len(ids) - 1  # the header's empty msgid is not a message


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
