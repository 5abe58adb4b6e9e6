"""The `ngoreg` command. Thin: it parses, opens the transaction, calls a service, prints."""

from __future__ import annotations

from pathlib import Path

import typer

from ngoreg.cli import (
    chinafile_cmd,
    coordination_cmd,
    foundations_cmd,
    law_cmd,
    org_cmd,
    party_cmd,
    procedure_cmd,
    user_cmd,
)
from ngoreg.cli.common import BAD_INPUT, REFUSED, DbOption, JsonOption, actor, emit, fail, handled, now, transaction
from ngoreg.cli.due_cmd import due

# Plain help and usage errors: rich, which would draw them in boxes, costs a tenth of a second to load.
app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                  help="Registry and rules engine for NGO governance.")  # fmt: skip
db_app = typer.Typer(no_args_is_help=True, help="Database schema")
audit_app = typer.Typer(no_args_is_help=True, help="The append-only audit log")
import_app = typer.Typer(no_args_is_help=True, help="Importers")
figures_app = typer.Typer(no_args_is_help=True, help="Published figures with their sources")
deadlines_app = typer.Typer(no_args_is_help=True, help="Deadlines of filings")
uscc_app = typer.Typer(no_args_is_help=True, help="Unified social credit codes (GB 32100-2015)")
app.add_typer(db_app, name="db")
app.add_typer(org_cmd.org_app, name="org")
app.add_typer(org_cmd.authority_app, name="authority")
app.add_typer(law_cmd.law_app, name="law")
app.add_typer(audit_app, name="audit")
app.add_typer(import_app, name="import")
app.add_typer(figures_app, name="figures")
app.add_typer(procedure_cmd.procedure_app, name="procedure")
app.add_typer(procedure_cmd.filing_app, name="filing")
app.add_typer(deadlines_app, name="deadlines")
app.add_typer(uscc_app, name="uscc")
app.add_typer(chinafile_cmd.stats_app, name="stats")
app.add_typer(user_cmd.user_app, name="user")
app.add_typer(user_cmd.token_app, name="token")
app.add_typer(party_cmd.party_app, name="party")
app.add_typer(coordination_cmd.coordination_app, name="coordination")
chinafile_cmd.register_imports(import_app)
foundations_cmd.register(import_app, chinafile_cmd.stats_app)
app.command("check")(handled(chinafile_cmd.check))


@db_app.command("upgrade")
@handled
def db_upgrade(db: str = DbOption) -> None:
    """Create or migrate the schema to the newest revision."""
    from ngoreg.db.engine import database_url
    from ngoreg.db.migrate import upgrade

    url = database_url(db)
    upgrade(url)
    typer.echo(f"schema up to date ({url.split('@')[-1]})")


@app.command()
@handled
def init(db: str = DbOption) -> None:
    """Migrate the database and load the reference data (authorities, published figures). Safe to repeat."""
    from ngoreg.db.engine import database_url
    from ngoreg.db.migrate import upgrade
    from ngoreg.figures.service import load_seed_figures
    from ngoreg.registry.reference_data import load_authorities
    from ngoreg.settings import repository as settings

    url = database_url(db)
    upgrade(url)
    with transaction(url) as s:
        settings.ensure_secret(s, settings.CURSOR_KEY)  # made by the migration; again if it was lost since
        who, t = actor("system"), now()
        authorities = load_authorities(s, actor=who, now=t)
        figures = load_seed_figures(s, actor=who, now=t)
    typer.echo(f"ready: {authorities} authorities and {figures} figures added")


@app.command()
@handled
def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    workers: int = typer.Option(1, "--workers"),
    db: str = DbOption,
) -> None:
    """Serve the JSON API and the registry page."""
    import os

    from ngoreg.db.engine import database_url
    from ngoreg.web.proxies import trusted_proxies
    from ngoreg.web.serve import serve as run

    trusted_proxies()  # a bad NGOREG_TRUSTED_PROXIES is one line here, not a failure in each worker
    os.environ["NGOREG_DATABASE_URL"] = database_url(db)
    run("ngoreg.web.app:create_app", host=host, port=port, workers=workers)


CheckpointsOption = typer.Option(None, "--checkpoints", envvar="NGOREG_AUDIT_CHECKPOINTS",
                                  help="The checkpoint file, JSON lines (default: $NGOREG_AUDIT_CHECKPOINTS)")


@audit_app.command("verify")
@handled
def audit_verify(
    checkpoints_file: Path = CheckpointsOption,
    public_key: Path = typer.Option(None, "--public-key", envvar="NGOREG_AUDIT_PUBLIC_KEY",
                                    help="The public key the checkpoints are signed with (from `audit keygen`)"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Check the hash chain, that every organisation and filing is as its latest audit event left it, and,
    given a checkpoint file and its public key, that the log still holds every signed head. Exit 1 naming
    each thing found."""
    from ngoreg.audit import checkpoints
    from ngoreg.audit.service import Anchors, verify

    anchors = None
    if checkpoints_file is not None or public_key is not None:
        if checkpoints_file is None or public_key is None:
            missing = "--public-key" if public_key is None else "--checkpoints"
            fail(f"{missing}: needed to check checkpoints (give both --checkpoints and --public-key)")
        assert checkpoints_file is not None and public_key is not None
        key = checkpoints.load_public_key(public_key)
        anchors = Anchors(list(checkpoints.read(checkpoints_file)), key, str(checkpoints_file))
    with transaction(db, write=False) as s:
        v = verify(s, anchors=anchors)
    if as_json:
        emit(v.as_dict())
    elif v.ok:
        rows = ", ".join(f"{n} {table}" for table, n in v.rows.items())
        pinned = f"; {v.checkpoints} checkpoints hold, the newest at event {v.anchored_to}" if anchors else ""
        typer.echo(f"ok: {v.checked} events, chain intact; {rows} as the log left them{pinned}")
    if not v.ok:
        for finding in v.findings():
            typer.echo(f"found: {finding}", err=True)
        raise typer.Exit(REFUSED)


@audit_app.command("keygen")
@handled
def audit_keygen(out: Path = typer.Option(..., "--out", help="Where to write the private key (mode 0600)")) -> None:
    """Write a new Ed25519 key for signing checkpoints: the private key to --out, readable by its owner only,
    and the public key to --out.pub. Keep the private key off the database's machine and out of its
    backups."""
    from ngoreg.audit.checkpoints import generate_key

    public, fp = generate_key(out)
    typer.echo(f"key {fp}: private key {out} (mode 0600), public key {public}")


@audit_app.command("checkpoint")
@handled
def audit_checkpoint(
    key: Path = typer.Option(..., "--key", help="The private key from `audit keygen`"),
    checkpoints_file: Path = CheckpointsOption,
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Sign the head of the chain (its event id and hash, the number of events, the time) and append it
    to the checkpoint file. The chain since the previous checkpoint is checked first: a broken one is not
    signed."""
    from dataclasses import asdict

    from ngoreg.audit import checkpoints
    from ngoreg.audit.service import checkpoint

    if checkpoints_file is None:
        fail("--checkpoints: give the checkpoint file (or set NGOREG_AUDIT_CHECKPOINTS)")
    assert checkpoints_file is not None
    private = checkpoints.load_private_key(key)
    with transaction(db, write=False) as s:
        cp = checkpoint(s, private, previous=checkpoints.newest(checkpoints_file), now=now())
    checkpoints.append(checkpoints_file, cp)
    if as_json:
        emit(asdict(cp))
    else:
        typer.echo(f"checkpoint: event {cp.event_id} ({cp.events} events), hash {cp.hash}, signed by key {cp.key} "
                   f"-> {checkpoints_file}")


@audit_app.command("log")
@handled
def audit_log(
    limit: int = typer.Option(20, "--limit"),
    subject: str = typer.Option(None, "--subject", help="organisation, filing, authority, relation, figure"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """The most recent audit events."""
    from ngoreg.audit import repository
    from ngoreg.audit.service import as_dict

    with transaction(db, write=False) as s:
        events = [as_dict(e) for e in repository.recent(s, limit, subject)]
    if as_json:
        emit(events)
        return
    for e in events:
        basis = f" [{e['basis']}]" if e["basis"] else ""
        typer.echo(f"{e['id']:>6} {e['effective_on']} {e['action']:<28} {e['subject']:<20} {e['actor_name']}{basis}")


@import_app.command("orgs")
@handled
def import_orgs(
    file: Path,
    strict: bool = typer.Option(False, "--strict", help="Load nothing if any row is rejected"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Import organisations from a CSV file (see the README for the format). Exit 2 if rows were rejected."""
    from ngoreg.importing.orgs_csv import import_orgs as run

    with transaction(db) as s:
        report = run(s, file, actor=actor("import"), now=now(), strict=strict)
    if as_json:
        emit(report.as_dict())
    else:
        for line, reason in report.rejected:
            typer.echo(f"line {line}: {reason}", err=True)
        typer.echo(f"loaded {report.loaded}, already present {report.skipped}, rejected {len(report.rejected)}"
                   + (" — nothing loaded (--strict)" if report.strict_abort else ""))  # fmt: skip
    if report.rejected:
        raise typer.Exit(BAD_INPUT)


@figures_app.command("list")
@handled
def figures_list(
    source: str = typer.Option(None, "--source", help="Only figures from this source (file name prefix)"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Figures stated by the sources, with where they say so."""
    from ngoreg.figures.service import list_figures

    with transaction(db, write=False) as s:
        rows = list_figures(s, source)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['value']:>12} {r['unit']:<14} {r['refers_to']:<10} {r['description_en']}  "
                   f"({r['source']}:{r['line']})")  # fmt: skip


@deadlines_app.command("sweep")
@handled
def deadlines_sweep(
    as_of: str = typer.Option(..., "--as-of", help="Expire deadlines whose last day is before this date (today "
                                                    "at the latest)"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Expire passed deadlines and fire their consequences. Idempotent; safe to run from cron."""
    from ngoreg.cli.common import day
    from ngoreg.filings.service import sweep, sweep_day

    t = now()
    on = day(as_of, "--as-of")
    assert on is not None
    sweep_day(on, t, "--as-of")  # named as the option is, before the database is opened
    with transaction(db) as s:
        counts = sweep(s, as_of=on, actor=actor("system"), now=t)
    emit(counts) if as_json else typer.echo(f"expired {counts['expired']}, transitions fired {counts['fired']}")


@uscc_app.command("check")
@handled
def uscc_check(codes: list[str], as_json: bool = JsonOption, db: str = DbOption) -> None:
    """Check credit codes; one line each. Exit 1 if any is invalid."""
    from ngoreg.registry.uscc import check

    results = [check(c) for c in codes]
    if as_json:
        emit([r.__dict__ for r in results])
    else:
        for r in results:
            typer.echo(r.line())
    if not all(r.valid for r in results):
        raise typer.Exit(REFUSED)


app.command("due")(handled(due))


def main() -> None:
    app(prog_name="ngoreg")


if __name__ == "__main__":  # python -m ngoreg.cli.app
    main()
