"""`ngoreg import foundations` and `ngoreg stats orgs`."""

from __future__ import annotations

from pathlib import Path

import typer

from ngoreg.cli.common import BAD_INPUT, AsOfOption, DbOption, JsonOption, actor, day, emit, handled, now, transaction

StrictOption = typer.Option(False, "--strict", help="Load nothing if any row is rejected")
OrgsByOption = typer.Option(..., "--by", help="kind, registrar-level, province, management, grade or status")


def register(import_app: typer.Typer, stats_app: typer.Typer) -> None:
    @import_app.command("foundations")
    @handled
    def foundations(file: Path, strict: bool = StrictOption, db: str = DbOption, as_json: bool = JsonOption) -> None:
        """Import a catalogue of foundations (tab-separated: inst_nm, uscc, reg_dept, spv_dept, est_date, …):
        the foundations, their registrars and supervisory units. Exit 2 if rows were rejected."""
        from ngoreg.importing.foundations import import_foundations

        with transaction(db) as s:
            report = import_foundations(s, file, actor=actor("import"), now=now(), strict=strict)
        if as_json:
            emit(report.as_dict())
        else:
            for line, reason in report.rejected:
                typer.echo(f"line {line}: rejected: {reason}", err=True)
            for line, reason in report.duplicates:
                typer.echo(f"line {line}: not loaded: {reason}", err=True)
            for line, column, value, code in report.disagreements:
                typer.echo(f"line {line}: loaded, disagrees with its credit code: {column} {value}; the code says "
                           f"{code}", err=True)  # fmt: skip
            for line, written in report.undated:
                typer.echo(f"line {line}: loaded without a registration date (est_date {written!r})", err=True)
            created = ", ".join(f"{k} {v}" for k, v in sorted(report.created.items()))
            typer.echo(f"loaded {report.loaded}, already present {report.skipped}, duplicates {len(report.duplicates)}"
                       f", rejected {len(report.rejected)}, disagreements {len(report.disagreements)}, without a "
                       f"registration date {len(report.undated)}"
                       + (" — nothing loaded (--strict)" if report.strict_abort else "")
                       + (f"; created: {created}" if created else ""))  # fmt: skip
        if report.rejected:
            raise typer.Exit(BAD_INPUT)

    @stats_app.command("orgs")
    @handled
    def stats_orgs(by: str = OrgsByOption, as_of: str = AsOfOption, db: str = DbOption,
                   as_json: bool = JsonOption) -> None:  # fmt: skip
        """Domestic social organisations (social associations, civil non-enterprise units, foundations) as of a
        date, by one attribute: kind, province and status from the registry's history, registrar-level,
        management and grade from the particulars recorded of those registered that day."""
        from ngoreg.reporting.stats import orgs

        with transaction(db, write=False) as s:
            rows = orgs(s, by, as_of=day(as_of, "--as-of"))
        if as_json:
            emit(rows)
            return
        for r in rows:
            typer.echo(f"{r['count']:>8}  {r['key']}" + (f"  {r['label_zh']}" if r["label_zh"] else ""))
