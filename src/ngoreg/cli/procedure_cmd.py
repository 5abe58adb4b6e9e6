"""`ngoreg procedure …` and `ngoreg filing …`: scripting the legal procedures."""

from __future__ import annotations

import typer

from ngoreg import procedures
from ngoreg.cli.common import DbOption, JsonOption, actor, day, emit, handled, now
from ngoreg.db.engine import database_url, transaction
from ngoreg.errors import InvalidInput
from ngoreg.filings import service
from ngoreg.workflow.describe import describe, markdown

procedure_app = typer.Typer(no_args_is_help=True, help="Legal procedures and their rules")
filing_app = typer.Typer(no_args_is_help=True, help="Filings: runs of a procedure for an organisation")

SetOption = typer.Option([], "--set", help="field=value (repeatable)")
RoleOption = typer.Option(..., "--as", help="Role acting: partner_unit, foreign_ngo, registrar, ...")


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
    rows = [describe(max(v.items())[1]) for _, v in sorted(procedures.REGISTRY.items())]
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
    p = procedures.in_force(code, day(on, "--on", default_today=True))  # type: ignore[arg-type]
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
    on: str = typer.Option(None, "--on"),
    role: str = typer.Option(None, "--as"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Start a filing; prints its id."""
    with transaction(database_url(db)) as s:
        f = service.start(s, code, org_id=org, values=_pairs(set_), on=day(on, "--on", default_today=True),  # type: ignore[arg-type]
                          actor=actor(role), now=now())  # fmt: skip
        fid = f.id
    emit({"id": fid}) if as_json else typer.echo(fid)


@filing_app.command("options")
@handled
def options(
    filing_id: int,
    on: str = typer.Option(None, "--on"),
    role: str = RoleOption,
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Every action on the filing, allowed or not, with the refusals and their citations."""
    with transaction(database_url(db), write=False) as s:
        opts = service.options(s, filing_id, role=role, on=day(on, "--on", default_today=True))  # type: ignore[arg-type]
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
    on: str = typer.Option(..., "--on"),
    role: str = RoleOption,
    reason: str = typer.Option(None, "--reason"),
    expect_version: int = typer.Option(None, "--expect-version", help="Refuse if the filing changed since"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Fire a transition. A refusal exits 1 with each reason and its citation."""
    with transaction(database_url(db)) as s:
        f = service.fire(s, filing_id, transition, role=role, on=day(on, "--on"), values=_pairs(set_),  # type: ignore[arg-type]
                         actor=actor(role), now=now(), reason=reason, expected_version=expect_version)  # fmt: skip
        result = {"id": f.id, "state": f.state, "version": f.version}
    emit(result) if as_json else typer.echo(f"filing {result['id']} is now {result['state']}")


@filing_app.command("show")
@handled
def show_filing(filing_id: int, db: str = DbOption, as_json: bool = JsonOption) -> None:
    """State, data, deadlines and history of a filing."""
    with transaction(database_url(db), write=False) as s:
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
