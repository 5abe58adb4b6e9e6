"""`ngoreg coordination …`: the coordinating groups for foreign NGO management work (FNGO Law art. 7(2)), each
fact with its source, the provinces' dashboard, and which groups coordinate an office or an activity on a day."""

from __future__ import annotations

from typing import Any

import typer

from ngoreg.cli.common import BAD_INPUT, DbOption, JsonOption, day_or_today, emit, fail, handled, transaction

coordination_app = typer.Typer(no_args_is_help=True, help="Coordinating groups for foreign NGO work (FNGO Law art. 7)")
OnOption = typer.Option(None, "--on", metavar="DATE", help="As of this day (YYYY-MM-DD; default: today in Beijing)")

STATUS_WORDS = {"coordinating": "coordinating", "not_yet": "not yet", "not_reported": "not reported",
                "whole_mainland": "whole mainland", "province_unknown": "province unknown"}  # fmt: skip

FROM_WORDS = {"established": "the day it was established by", "reported_by": "the day a source first reports it"}


@coordination_app.command("list")
@handled
def list_groups(on: str = OnOption, as_json: bool = JsonOption, db: str = DbOption) -> None:
    """The groups the sources report: the national group and the provincial groups seed 000 names."""
    from ngoreg.coordination import data, status

    day = day_or_today(on, "--on")
    rows = [status.summary(g, day) for g in data.groups().values()]
    if as_json:
        emit(rows)
        return
    for r in rows:
        where = r["province_en"] or "national"
        typer.echo(f"{r['key']:<16} {where:<16} {STATUS_WORDS[r['status']]:<13} from {r['coordinates_from']}  "
                   f"{r['name_en']}")  # fmt: skip


@coordination_app.command("show")
@handled
def show(group: str = typer.Argument(..., help="A group's key (national, gansu, …) or its province"),
         on: str = OnOption, as_json: bool = JsonOption, db: str = DbOption) -> None:  # fmt: skip
    """One group with every fact and its source."""
    from ngoreg.coordination import data, status

    day = day_or_today(on, "--on")
    g = data.group(group, "GROUP")
    d = status.detail(g, day)
    if as_json:
        emit(d)
        return
    since = FROM_WORDS[d["coordinates_from_basis"]]
    typer.echo(f"{g.name_en} — {STATUS_WORDS[d['status']]} on {day} (from {d['coordinates_from']}, {since}); "
               f"{d['basis']}")  # fmt: skip
    for f in d["facts"]:
        typer.echo(f"  {f['fact']:<17} {_value(f)}")
        if f["source"]:
            typer.echo(f"  {'':<17} ← {_source(f['source'])}")


def _value(f: dict[str, Any]) -> str:
    v = f["value"]
    if not f["reported"]:
        return "not given by the source" if f["source"] else "not reported"
    if isinstance(v, list):
        return "; ".join(v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def _source(s: dict[str, Any]) -> str:
    return s["label"] + (f': "{s["quote"]}"' if s.get("quote") else "")


@coordination_app.command("provinces")
@handled
def provinces_(on: str = OnOption, as_json: bool = JsonOption, db: str = DbOption) -> None:
    """Per province: whether a group is reported and coordinates, the registry's representative offices and
    temporary activities, and the counts ChinaFile's lists give beside them."""
    from sqlalchemy import true

    from ngoreg.coordination import resolver

    day = day_or_today(on, "--on")
    with transaction(db, write=False) as s:  # the operator's own tool: the whole registry
        rows = resolver.dashboard(s, day, visible_orgs=true(), visible_filings=true(),
                                  chinafile=resolver.chinafile_counts(s, day))  # fmt: skip
    if as_json:
        emit(rows)
        return
    typer.echo(f"{'province':<18} {'group':<16} {'status':<13} {'offices':>8} {'ChinaFile':>9} {'activities':>10} "
               f"{'ChinaFile':>9}")  # fmt: skip
    for r in rows:
        typer.echo(f"{r['province_en'] or '-':<18} {r['group'] or '-':<16} {STATUS_WORDS[r['status']]:<13} "
                   f"{r['offices']:>8} {r['chinafile_offices']:>9} {r['activities']:>10} "
                   f"{r['chinafile_activities']:>9}")  # fmt: skip


@coordination_app.command("resolve")
@handled
def resolve(org: str = typer.Argument(None, metavar="ORG", help="An organisation's id (a representative office)"),
            activity: str = typer.Option(None, "--activity", metavar="FILING",
                                         help="A temporary activity's filing id, instead of ORG"),
            on: str = OnOption, as_json: bool = JsonOption, db: str = DbOption) -> None:  # fmt: skip
    """The groups that coordinate a representative office (ORG) or a temporary activity (--activity) on a day:
    the national group and its province's group, or "not reported"."""
    from ngoreg.coordination import resolver

    if (org is None) == (activity is None):
        fail("ORG: give an organisation's id, or --activity FILING (one of the two)", BAD_INPUT)
    name, raw = ("ORG", org) if org is not None else ("--activity", activity)
    assert raw is not None
    if not raw.isdigit() or not 1 <= int(raw) <= 2**62:
        fail(f"{name}: {raw!r}: not an id (a positive whole number)", BAD_INPUT)
    day = day_or_today(on, "--on")
    with transaction(db, write=False) as s:
        r = (resolver.resolve_org(s, int(raw), day) if org is not None else
             resolver.resolve_filing(s, int(raw), day))  # fmt: skip
    if as_json:
        emit(r)
        return
    sub = r["subject"]
    typer.echo(f"{sub['type']} {sub['id']} ({sub['kind']}) {sub['name'] or ''} on {r['as_of']}")
    if not r["coordinated"]:
        typer.echo(f"  not coordinated: {r['reason']}")
        return
    n = r["national"]
    typer.echo(f"  national   {n['group']:<16} {STATUS_WORDS[n['status']]} (from {n['coordinates_from']})")
    for e in r["provinces"]:
        since = f" (from {e['coordinates_from']})" if e.get("coordinates_from") else ""
        typer.echo(f"  {e['province_en'] or '-':<10} {e['group'] or '-':<16} {STATUS_WORDS[e['status']]}{since}")
    typer.echo(f"  ({r['basis']})")
