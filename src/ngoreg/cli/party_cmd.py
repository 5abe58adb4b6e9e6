"""`ngoreg party …`: the Party-building structure of social organisations (seed 001)."""

from __future__ import annotations

from typing import Any

import typer

from ngoreg.cli.common import AsOfOption, DbOption, JsonOption, actor, day_or_today, emit, handled, now, transaction

party_app = typer.Typer(no_args_is_help=True, help="The Party-building structure: committees, seats, placement, "
                                                   "coverage")  # fmt: skip

OnOption = typer.Option(None, "--on", help="The day it takes effect (YYYY-MM-DD; default today in Beijing)")
LocalityOption = typer.Option(None, "--locality", help="A province (GB/T 2260 code or name)")


@party_app.command("classes")
@handled
def list_classes(as_json: bool = JsonOption) -> None:
    """The classes a joint committee may serve: kind:<kind>, category:<code> and field:<code>."""
    from ngoreg.party.classes import known

    rows = [{"class": k, "en": en, "zh": zh} for k, (en, zh) in known().items()]
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['class']:<32} {r['en']}  {r['zh']}")


@party_app.command("add-committee")
@handled
def add_committee(
    tier: str = typer.Option(..., "--tier", help="comprehensive or joint"),
    name_zh: str = typer.Option(None, "--name-zh"),
    name_en: str = typer.Option(None, "--name-en"),
    locality: str = typer.Option(..., "--locality", help="Its province (GB/T 2260 code or name)"),
    established: str = typer.Option(..., "--established", help="The day it was established (YYYY-MM-DD)"),
    source: str = typer.Option(..., "--source", help="Where it is reported"),
    leader: int = typer.Option(None, "--leader", help="A joint committee's comprehensive committee (id)"),
    class_code: str = typer.Option(None, "--class", help="The class a joint committee serves (`party classes`)"),
    capacity: int = typer.Option(None, "--capacity", help="How many organisations a joint committee is to cover"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Record a comprehensive or a joint Party committee."""
    from ngoreg.cli.common import day
    from ngoreg.party import service

    on = day(established, "--established")
    assert on is not None  # required option
    with transaction(db) as s:
        aid = service.add_committee(s, tier=tier, name_zh=name_zh, name_en=name_en, locality=locality,
                                    established_on=on, source=source, leader=leader, class_code=class_code,
                                    capacity=capacity, actor=actor(), now=now())  # fmt: skip
    emit({"id": aid}) if as_json else typer.echo(f"committee {aid} recorded")


@party_app.command("structure")
@handled
def structure(as_of: str = AsOfOption, locality: str = LocalityOption, db: str = DbOption,
              as_json: bool = JsonOption) -> None:  # fmt: skip
    """The structure on a day: comprehensive committees, the joint committees they lead, their organisations."""
    from ngoreg.party import service

    with transaction(db, write=False) as s:
        tree = service.structure(s, on=day_or_today(as_of, "--as-of"), locality=locality)
    if as_json:
        emit(tree)
        return
    for top in tree:
        typer.echo(f"{top['id']}  {_name(top)}  ({top['locality']}, since {top['established_on']})")
        for j in top["joint_committees"]:
            typer.echo(f"  {j['id']}  {_name(j)}  [{j['class']}]  {len(j['organisations'])}/{j['capacity']}")


def _name(c: dict[str, Any]) -> str:
    return str(c["name_zh"] or c["name_en"])


@party_app.command("seat")
@handled
def seat(org: int, committee: int, on: str = OnOption, db: str = DbOption, as_json: bool = JsonOption) -> None:
    """Place an organisation under a joint committee of its class and locality."""
    from ngoreg.party import service

    with transaction(db) as s:
        rel = service.seat(s, org, committee, on=day_or_today(on, "--on"), actor=actor(), now=now())
    emit({"relation": rel}) if as_json else typer.echo(f"organisation {org} sits under committee {committee}")


@party_app.command("organised")
@handled
def organised(org: int, on: str = OnOption, ended: bool = typer.Option(False, "--ended", help="It no longer has one"),
              db: str = DbOption) -> None:  # fmt: skip
    """Record that an organisation has (or, --ended, no longer has) a Party organisation of its own."""
    from ngoreg.party import service

    with transaction(db) as s:
        service.record_party_organisation(s, org, on=day_or_today(on, "--on"), actor=actor(), now=now(), ended=ended)
    typer.echo(f"organisation {org}: Party organisation {'ended' if ended else 'recorded'}")


@party_app.command("place")
@handled
def place(
    locality: str = LocalityOption,
    on: str = OnOption,
    slack: float = typer.Option(0.1, "--slack", help="Share of a capacity a committee may exceed when all are full"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Propose only; write nothing"),
    verify: bool = typer.Option(False, "--verify", help="Also search the residual network for a cheaper placement, "
                                                        "independently of the solver (slower)"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Place every social organisation under a joint committee of its class and locality, moving as few as
    possible (minimum-cost flow); explain each one that cannot be placed. Without --dry-run the proposal is
    applied as one audited change."""
    from ngoreg.party import service

    with transaction(db, write=not dry_run) as s:
        plan = service.plan(s, on=day_or_today(on, "--on"), locality=locality, slack=slack, verify=verify)
        written = None if dry_run else service.apply(s, plan, actor=actor(), now=now())
    p = plan.proposal
    report = {"on": plan.on.isoformat(), "locality": plan.locality, "organisations": plan.members,
              "committees": len(plan.committees), "kept": p.kept, "placed": p.placed, "moved": p.moved,
              "left": len(p.left), "cost": p.cost, "optimality_gap": p.gap, "over_capacity": p.over,
              "applied": written is not None,
              "moves": [{"org": m.org, "from": m.was, "to": m.to} for m in p.moves],
              "unplaced": [{"org": lf.org, "reason": lf.reason, "classes": list(lf.classes), "locality": lf.locality,
                            "keeps": lf.stays} for lf in p.left]}  # fmt: skip
    if as_json:
        emit(report)
        return
    for lf in p.left:
        why = ("no joint committee serves its classes" if lf.reason == "no_committee"
               else "every committee of its classes is full")  # fmt: skip
        keeps = f"; keeps its seat under committee {lf.stays}" if lf.stays is not None else ""
        typer.echo(f"organisation {lf.org}: not placed: {why} ({', '.join(lf.classes)}) in "
                   f"{lf.locality or 'no recorded province'}{keeps}", err=True)  # fmt: skip
    gap = ("0 (proven optimal" + (", checked" if verify else "") + ")") if p.gap == 0 else "not proven"
    typer.echo(f"{plan.members} organisations, {len(plan.committees)} joint committees: kept {p.kept}, placed "
               f"{p.placed}, moved {p.moved}, not placed {len(p.left)}; over capacity {sum(p.over.values())}; cost "
               f"{p.cost}, optimality gap {gap}" + (" — dry run, nothing written" if dry_run else ""))  # fmt: skip


@party_app.command("coverage")
@handled
def coverage(by: str = typer.Option(..., "--by", help="committee, class or kind"), as_of: str = AsOfOption,
             db: str = DbOption, as_json: bool = JsonOption) -> None:  # fmt: skip
    """Social organisations with a Party organisation of their own, by joint committee, class or kind, with the
    figures seed 001 states beside them."""
    from ngoreg.party import service

    with transaction(db, write=False) as s:
        out = service.coverage(s, on=day_or_today(as_of, "--as-of"), by=by)
    if as_json:
        emit(out)
        return
    for r in out["rows"]:
        share = "—" if r["share"] is None else f"{r['share']:.1%}"
        typer.echo(f"{r['organisations']:>8} {r['with_party_organisation']:>8} {share:>7}  {r['key']}")
    for f in out["seed"]:
        typer.echo(f"seed: {f['key']} = {f['value']} {f['unit']} ({f['refers_to']}; {f['source']} line {f['line']})")
