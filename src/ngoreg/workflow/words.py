"""The words a regime's declarations put on a page — its procedures' states, fields, choices, steps, audit
actions, guards' refusals and deadlines, its tasks, roles and chart groups — and the extractor that marks them
for the regime's own catalogue (`Regime.catalogue`), so that a new word cannot ship unmarked:

    pybabel extract -F babel-regimes.cfg -o src/ngoreg/regimes/fngo/locale/messages.pot src/ngoreg/regimes/fngo
    pybabel update -i src/ngoreg/regimes/fngo/locale/messages.pot -d src/ngoreg/regimes/fngo/locale

Message ids are the English of the declarations; a state whose words differ in one procedure
(`Regime.state_words`) is marked in that procedure's context (its code), as `pages.i18n.state_label` reads it."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from babel.messages.extract import extract_python

from ngoreg.workflow.regime import Regime


@dataclass(frozen=True)
class Word:
    msgid: str
    where: str  # what says it, for a message that names a missing word
    context: str | None = None


def words(regime: Regime) -> Iterator[Word]:
    """Every word of `regime`'s declarations a page may show."""
    for p in regime.procedures:
        for s in p.states:
            yield Word(s.value, f"{p.code} state")
        for f in p.fields:
            yield Word(f.label, f"{p.code}.{f.name} label")
            for c in f.choices:
                yield Word(c, f"{p.code}.{f.name} choice")
        for t in p.transitions:
            yield Word(t.label, f"{p.code}.{t.name} label")
            yield Word(t.action, f"{p.code}.{t.name} event")
            for r in sorted(t.roles):
                yield Word(r, f"{p.code}.{t.name} role")
            for g in t.guards:
                yield Word(g.refusal, f"{p.code}.{t.name}.{g.name} refusal")
        for d in p.deadlines:
            yield Word(d.label, f"{p.code}.{d.name} deadline")
    for rule in regime.local_rules:
        for f in rule.fields:
            yield Word(f.label, f"local rule {rule.key}: {f.name} label")
        yield Word(rule.guard.refusal, f"local rule {rule.key} refusal")
    for mark in regime.marks:
        yield Word(mark.label, f"mark {mark.key}")
        for v in mark.values:
            yield Word(v, f"mark {mark.key} value")
    for code, state in regime.state_words:
        yield Word(state, f"{code} state", context=code)
    for task in regime.tasks:
        yield Word(task.what, f"task {task.key}")
    for role in regime.roles:
        yield Word(role.title, f"role {role.name}")
    for group in regime.chart_groups:
        yield Word(group.title, f"chart group {group.key}")
    for chart in regime.charts:
        for title in chart.title:
            yield Word(title, f"chart {chart.key} title")
        yield Word(chart.measure, f"chart {chart.key} measure")
        yield Word(chart.dimension, f"chart {chart.key} dimension")
    for h in regime.headlines:
        yield Word(h.label, f"headline of {h.chart}")


_REGIME_FILE = re.compile(r"ngoreg[/\\]regimes[/\\](\w+)[/\\]__init__\.py$")


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[Any, ...]]:
    """A Babel extraction method: a regime's `__init__.py` gives the words of its declarations (line 0, as
    they come from the regime built, not from one line) besides what its source marks with `N_` or `_`."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    m = _REGIME_FILE.search(getattr(fileobj, "name", ""))
    if m is None:
        return
    regime = importlib.import_module(f"ngoreg.regimes.{m.group(1)}").REGIME
    for w in words(regime):
        if w.context is None:
            yield 0, "gettext", w.msgid, [w.where]
        else:
            yield 0, "pgettext", (w.context, w.msgid), [w.where]
