"""`ngoreg procedure …` and `ngoreg filing …`: scripting the legal procedures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ngoreg.cli.common import DbOption, JsonOption, actor, day_or_today, emit, handled, now, transaction
from ngoreg.errors import InvalidInput

if TYPE_CHECKING:
    from ngoreg.filings.actions import StandsFor

procedure_app = typer.Typer(no_args_is_help=True, help="Legal procedures and their rules")
filing_app = typer.Typer(no_args_is_help=True, help="Filings: runs of a procedure for an organisation")

SET_HELP = "field=value (repeatable): a list comma-separated (documents=a,b), a date YYYY-MM-DD, yes or no"
SetOption = typer.Option([], "--set", metavar="FIELD=VALUE", help=SET_HELP)
OnOption = typer.Option(None, "--on", metavar="DATE",
                        help="The day of the act, YYYY-MM-DD (default: today in Beijing); deadlines count from it")
RoleOption = typer.Option(..., "--as", metavar="ROLE",
                          help="The workflow role acting (`ngoreg procedure show CODE` names each step's)")
# Whom the acting role stands for: the filing records it as the party that role is (the partner unit, the
# supervisory unit, the registrar's province), as it does for a signed-in account's grant.
ForOrg = typer.Option(None, "--for-org", metavar="ID", help="The organisation the acting role stands for")
ForAuthority = typer.Option(None, "--for-authority", metavar="ID", help="The authority the acting role stands for")
ForTerritory = typer.Option(None, "--for-territory", metavar="CODE",
                            help="The GB/T 2260 division the acting role stands for (a registrar's province)")


def _stands_for(org: int | None, authority: int | None, territory: str | None) -> StandsFor:
    from ngoreg.filings.actions import StandsFor

    return StandsFor(org, authority, territory)


def _pairs(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput("--set", item, "write field=value")
        out[key.strip()] = value.strip()
    return out


@procedure_app.command("list")
@handled
def list_(as_json: bool = JsonOption, db: str = DbOption) -> None:
    """The procedures ngoreg knows."""
    from ngoreg import procedures
    from ngoreg.workflow.describe import describe

    rows = [describe(max(v.items())[1]) for _, v in sorted(procedures.registry().items())]
    if as_json:
        emit([{k: r[k] for k in ("code", "version", "title", "basis")} for r in rows])
    else:
        for r in rows:
            typer.echo(f"{r['code']:<28} {r['version']}  {r['title']['en']}  ({', '.join(r['basis'])})")


@procedure_app.command("show")
@handled
def show(code: str, on: str = typer.Option(None, "--on", help="The version in force on this date"),
         as_json: bool = JsonOption, db: str = DbOption) -> None:  # fmt: skip
    """States, transitions, who may fire them, guards and deadlines, each with its citation."""
    from ngoreg import procedures
    from ngoreg.workflow.describe import describe, markdown

    p = procedures.in_force(code, day_or_today(on, "--on"))
    d = describe(p)
    if as_json:
        emit(d)
    else:
        typer.echo(markdown(d), nl=False)


@filing_app.command("start")
@handled
def start(
    code: str,
    org: int = typer.Option(..., "--org"),
    set_: list[str] = SetOption,
    on: str = OnOption,
    role: str = typer.Option(None, "--as", metavar="ROLE",
                             help="The workflow role acting: who starts it, as the audit log says (default: cli)"),
    for_org: int = ForOrg,
    for_authority: int = ForAuthority,
    for_territory: str = ForTerritory,
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Start a filing; prints its id. Give with --set what the law needs from the start (`ngoreg procedure
    show CODE` lists it under `start`: the year of a yearly plan or report)."""
    from ngoreg.filings import actions

    with transaction(db) as s:
        f = actions.start_as(s, code, role=role, org_id=org, values=_pairs(set_), on=day_or_today(on, "--on"),
                             actor=actor(role), now=now(),
                             stands_for=_stands_for(for_org, for_authority, for_territory))
        fid = f.id
    emit({"id": fid}) if as_json else typer.echo(fid)


@filing_app.command("options")
@handled
def options(
    filing_id: int,
    set_: list[str] = typer.Option([], "--set", metavar="FIELD=VALUE",
                                   help=SET_HELP + "; the options as they would be with that data, nothing saved"),
    on: str = OnOption,
    role: str = RoleOption,
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Every action on the filing, allowed or not, with the refusals and their citations."""
    from ngoreg.filings import service

    with transaction(db, write=False) as s:
        opts = service.options(s, filing_id, role=role, on=day_or_today(on, "--on"), values=_pairs(set_))
    if as_json:
        emit([o.as_dict() for o in opts])
        return
    for o in opts:
        typer.echo(f"{'✓' if o.allowed else '✗'} {o.transition:<22} {o.label}  ({o.basis})")
        for r in o.refusals:
            typer.echo(f"    {r}")


@filing_app.command("fire")
@handled
def fire(
    filing_id: int,
    transition: str,
    set_: list[str] = SetOption,
    on: str = OnOption,
    role: str = RoleOption,
    reason: str = typer.Option(None, "--reason", help="Why, for the audit log"),
    expect_version: int = typer.Option(None, "--expect-version", help="Refuse if the filing changed since"),
    for_org: int = ForOrg,
    for_authority: int = ForAuthority,
    for_territory: str = ForTerritory,
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Fire a transition. A refusal exits 1 with each reason and its citation; bad input exits 2."""
    from ngoreg.filings import actions

    with transaction(db) as s:
        f = actions.fire_as(s, filing_id, transition, role=role, on=day_or_today(on, "--on"), values=_pairs(set_),
                            actor=actor(role), now=now(), reason=reason, expected_version=expect_version,
                            stands_for=_stands_for(for_org, for_authority, for_territory))
        result = {"id": f.id, "state": f.state, "version": f.version}
    emit(result) if as_json else typer.echo(f"filing {result['id']} is now {result['state']}")


@filing_app.command("show")
@handled
def show_filing(filing_id: int, db: str = DbOption, as_json: bool = JsonOption) -> None:
    """State, data, deadlines and history of a filing."""
    from ngoreg.filings import service

    with transaction(db, write=False) as s:
        d = service.show(s, filing_id)
    if as_json:
        emit(d)
        return
    typer.echo(f"filing {d['id']} ({d['procedure']}) — {d['state']}, version {d['version']}")
    for k, v in d["data"].items():
        typer.echo(f"  {k}: {v}")
    for dl in d["deadlines"]:
        typer.echo(f"  deadline {dl['name']}: due {dl['due_on']} [{dl['status']}] ({dl['basis']})")
    for h in d["history"]:
        basis = f" [{h['basis']}]" if h["basis"] else ""
        typer.echo(f"  {h['on']} {h['action']} by {h['actor']} ({h['actor_name']}){basis}")
