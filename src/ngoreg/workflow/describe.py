"""A procedure as data a reader can take in: a JSON description (`ngoreg procedure show --json`, the API)
and the Markdown page under docs/procedures/."""

from __future__ import annotations

from typing import Any

from ngoreg.workflow.spec import CalendarDay, Deadline, Procedure


def describe(p: Procedure) -> dict[str, Any]:
    return {
        "code": p.code,
        "version": p.version.isoformat(),
        "title": {"en": p.title_en, "zh": p.title_zh},
        "basis": [str(c) for c in p.basis],
        "states": [s.value for s in p.states],
        "initial": p.initial.value,
        "start": {"requires": needed_at_start(p)},
        "fields": [{"name": f.name, "type": f.type, "label": f.label, "basis": str(f.basis) if f.basis else None,
                    "choices": list(f.choices)} for f in p.fields],
        "transitions": [
            {"name": t.name, "label": t.label, "from": sorted(s.value for s in t.source), "to": t.target.value,
             "roles": sorted(t.roles), "basis": str(t.basis), "event": t.action, "requires": list(t.requires),
             "guards": [{"name": g.name, "refusal": g.refusal, "basis": str(g.basis)} for g in t.guards],
             "registry": str(t.effect) if t.effect else None}
            for t in p.transitions
        ],
        "deadlines": [
            {"name": d.name, "label": d.label, "period": str(d.period), "basis": str(d.basis),
             "opened_by": d.opened_by, "counts_from": _counts_from(d), "met_by": sorted(d.met_by),
             "on_expiry": d.on_expiry}
            for d in p.deadlines
        ],
    }  # fmt: skip


def needed_at_start(p: Procedure) -> list[str]:
    """The fields a filing must be given when it starts: those its deadlines running from the start read
    (the year of a yearly plan, whose last day falls in it). Derived from the deadlines, so that a new one
    cannot be forgotten here."""
    out: list[str] = []
    for d in p.deadlines:
        if d.opened_by is not None:
            continue
        name = d.period.year_field if isinstance(d.period, CalendarDay) else d.counts_from
        if name and name not in out:
            out.append(name)
    return out


def _counts_from(d: Deadline) -> str | None:
    if isinstance(d.period, CalendarDay):
        return None  # a day fixed in the calendar: "by 31 January of the year after `year`"
    if d.counts_from:
        return d.counts_from
    return f"the day {d.opened_by} fires" if d.opened_by else "the day the filing starts"


def markdown(d: dict[str, Any]) -> str:
    """The procedure as a Markdown page (docs/procedures/CODE.md is this text)."""
    out = [f"# {d['title']['en']} — {d['title']['zh']}", "",
           f"Procedure `{d['code']}`, version in force from {d['version']}. Basis: {', '.join(d['basis'])}.", "",
           f"States: {', '.join(f'`{s}`' for s in d['states'])} (starts `{d['initial']}`).", "",
           "## Transitions", ""]  # fmt: skip
    if d["start"]["requires"]:
        out += ["### `start` — Start the filing", f"Requires: {', '.join(d['start']['requires'])}.", ""]
    for t in d["transitions"]:
        out.append(f"### `{t['name']}` — {t['label']}")
        out.append(f"{', '.join(t['from'])} → {t['to']}; by {', '.join(t['roles'])}; event `{t['event']}`; "
                   f"basis {t['basis']}.")  # fmt: skip
        if t["requires"]:
            out.append(f"Requires: {', '.join(t['requires'])}.")
        if t["registry"]:
            out.append(f"In the registry: {t['registry']}.")
        for g in t["guards"]:
            out.append(f"- **{g['name']}** ({g['basis']}): {g['refusal']}")
        out.append("")
    out += ["## Deadlines", ""]
    if not d["deadlines"]:
        out.append("None.")
    for dl in d["deadlines"]:
        when = f"{dl['period']} from {dl['counts_from']}" if dl["counts_from"] else f"by {dl['period']}"
        out.append(f"- **{dl['name']}** — {dl['label']}: {when} ({dl['basis']}); "
                   f"met by {', '.join(dl['met_by'])}; on expiry: {dl['on_expiry'] or 'flagged overdue'}.")  # fmt: skip
    out += ["", "## Fields", ""]
    for f in d["fields"]:
        choices = f" — one of {', '.join(f['choices'])}" if f["choices"] else ""
        out.append(f"- `{f['name']}` ({f['type']}): {f['label']}{choices}" + (f" [{f['basis']}]" if f["basis"] else ""))
    return "\n".join(out) + "\n"
