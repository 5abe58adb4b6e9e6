"""`ngoreg import chinafile-*`, `ngoreg stats …` and `ngoreg check`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from ngoreg.cli.common import BAD_INPUT, AsOfOption, DbOption, JsonOption, actor, day, emit, handled, now, transaction

stats_app = typer.Typer(no_args_is_help=True,
                        help="Statistics of offices, temporary activities and social organisations, as of any date")

StrictOption = typer.Option(False, "--strict", help="Load nothing if any row is rejected")
ByOption = typer.Option(..., "--by", help="province, origin, field, psu or month")
FieldSourceOption = typer.Option("text", "--field-source",
                                 help="With --by field: count the fields the `Field of Work` text names (text) or "
                                      "those ChinaFile's one-hot columns mark (onehot)")  # fmt: skip


def _run_import(kind: str, file: Path, strict: bool, db: str | None, as_json: bool) -> None:
    from ngoreg.importing import chinafile

    run: Callable[..., chinafile.Report] = {
        "psus": chinafile.import_psus, "offices": chinafile.import_offices,
        "activities": chinafile.import_activities,
    }[kind]  # fmt: skip
    with transaction(db) as s:
        report = run(s, file, actor=actor("import"), now=now(), strict=strict)
    if as_json:
        emit(report.as_dict())
    else:
        for line, reason in report.rejected:
            typer.echo(f"line {line}: rejected: {reason}", err=True)
        for line, reason in report.duplicates:
            typer.echo(f"line {line}: not loaded: {reason}", err=True)
        for line, first in report.repeats:
            typer.echo(f"line {line}: loaded as a filing of its own: repeats line {first}", err=True)
        for line, reason in report.warnings:
            typer.echo(f"line {line}: warning: {reason}", err=True)
        for line, text, onehot in report.field_disagreements:
            typer.echo(f"line {line}: note: Field of Work names {', '.join(text) or 'nothing'}; the one-hot "
                       f"columns mark {', '.join(onehot) or 'nothing'}", err=True)
        created = ", ".join(f"{k} {v}" for k, v in sorted(report.created.items()))
        typer.echo(f"loaded {report.loaded}, already present {report.skipped}, duplicates {len(report.duplicates)}, "
                   f"repeats {len(report.repeats)}, rejected {len(report.rejected)}, warnings {len(report.warnings)}"
                   + (" — nothing loaded (--strict)" if report.strict_abort else "")
                   + (f"; created: {created}" if created else ""))  # fmt: skip
    if report.rejected:
        raise typer.Exit(BAD_INPUT)


def register_imports(import_app: typer.Typer) -> None:
    @import_app.command("chinafile-psus")
    @handled
    def psus(file: Path, strict: bool = StrictOption, db: str = DbOption, as_json: bool = JsonOption) -> None:
        """Import ChinaFile's supervisory_units.csv: one authority per professional supervisory unit."""
        _run_import("psus", file, strict, db, as_json)

    @import_app.command("chinafile-offices")
    @handled
    def offices(file: Path, strict: bool = StrictOption, db: str = DbOption, as_json: bool = JsonOption) -> None:
        """Import ChinaFile's offices.csv: representative offices, their NGOs and supervisory units. Exit 2 if
        rows were rejected."""
        _run_import("offices", file, strict, db, as_json)

    @import_app.command("chinafile-activities")
    @handled
    def activities(file: Path, strict: bool = StrictOption, db: str = DbOption, as_json: bool = JsonOption) -> None:
        """Import ChinaFile's temporary_activities.csv as filed temporary activities. Exit 2 if rows were
        rejected."""
        _run_import("activities", file, strict, db, as_json)


def _stats(subject: str, by: str, as_of: str | None, db: str | None, as_json: bool, field_source: str = "text"
           ) -> None:  # fmt: skip
    from ngoreg.reporting.stats import stats

    with transaction(db, write=False) as s:
        rows = stats(s, subject, by, as_of=day(as_of, "--as-of"), field_source=field_source)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['count']:>8}  {r['key']}" + (f"  {r['label_zh']}" if r["label_zh"] else ""))


@stats_app.command("offices")
@handled
def stats_offices(by: str = ByOption, as_of: str = AsOfOption, db: str = DbOption, as_json: bool = JsonOption) -> None:
    """Representative offices registered (and not deregistered) as of a date, by one attribute."""
    _stats("offices", by, as_of, db, as_json)


@stats_app.command("activities")
@handled
def stats_activities(by: str = ByOption, as_of: str = AsOfOption, db: str = DbOption, as_json: bool = JsonOption,
                     field_source: str = FieldSourceOption) -> None:  # fmt: skip
    """Temporary activities started on or before a date, by one attribute (a multi-valued one counts an
    activity once per value)."""
    _stats("activities", by, as_of, db, as_json, field_source)


def check(db: str = DbOption, as_json: bool = JsonOption) -> None:
    """Records that break a rule of the law, each with the article it breaks."""
    from ngoreg.reporting.checks import check as run

    with transaction(db, write=False) as s:
        report = run(s)
    if as_json:
        emit(report.as_dict())
        return
    for f in report.findings:
        where = f" ({f.source[0]} line {f.source[1]})" if f.source else ""
        typer.echo(f"{f.subject_type}/{f.subject_id}{where}: {f.message} [{f.basis}; {f.basis.zh}]")
    counts = report.as_dict()["counts"]
    typer.echo(f"{len(report.findings)} findings" + (f": {', '.join(f'{k} {v}' for k, v in counts.items())}"
                                                     if counts else "")
               + "".join(f"; not checked: {k} {v}" for k, v in report.not_checked.items()))  # fmt: skip
