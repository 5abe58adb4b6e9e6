"""`ngoreg due`: the compliance calendar on a day, as a table, JSON or an iCalendar file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ngoreg.cli.common import DbOption, JsonOption, day, emit, now, transaction
from ngoreg.compliance.status import STATUSES

if TYPE_CHECKING:
    from ngoreg.compliance.calendar import Obligation


def due(
    as_of: str = typer.Option(..., "--as-of", help="The day to look from (YYYY-MM-DD)"),
    org: int = typer.Option(None, "--org", help="Only this organisation (id)"),
    status: list[str] = typer.Option([], "--status", help=f"Only these ({', '.join(STATUSES)}); repeatable"),
    since: str = typer.Option(None, "--since", help="List what was met on this day or later (default: 90 days "
                                                    "before --as-of); what is open is always listed"),  # fmt: skip
    ics: Path = typer.Option(None, "--ics", help="Also write the obligations to this iCalendar (.ics) file"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """What each organisation owes and by when: the deadlines of its filings and an office's yearly plan and
    report, with their status on --as-of (overdue, due within 30 days, upcoming, met, met late).

    Listed: every obligation still open on --as-of, however long overdue, each yearly duty up to the next
    time it falls due, and what was met (or met late) in the 90 days before --as-of (--since reaches
    further back)."""
    from ngoreg.compliance import calendar

    on = day(as_of, "--as-of")
    assert on is not None
    start = day(since, "--since")
    wanted = [s.replace("_", " ").replace("-", " ").strip().lower() for s in status]
    with transaction(db, write=False) as s:
        obligations: Iterable[Obligation] = calendar.due(s, as_of=on, since=start, org_id=org, statuses=wanted)
        if ics is not None:
            obligations = _written(obligations, ics, on)
        if as_json:
            emit([o.as_dict() for o in obligations])
        else:
            _table(obligations, on)
    if ics is not None and not as_json:
        typer.echo(f"wrote {ics}")


def _written(obligations: Iterable[Obligation], path: Path, as_of: date) -> list[Obligation]:
    from ngoreg.compliance.ics import ics

    held = list(obligations)
    path.write_bytes(ics(held, as_of=as_of, stamp=now()))
    return held


def _table(obligations: Iterable[Obligation], as_of: date) -> None:
    counts: Counter[str] = Counter()
    provisional = False
    for o in obligations:
        counts[o.status] += 1
        provisional = provisional or o.provisional
        mark = "*" if o.provisional else " "
        filing = f"filing {o.filing_id}" if o.filing_id is not None else "no filing yet"
        typer.echo(f"{o.due_on}{mark} {o.status:<9} {o.org_id:>7}  {o.org_name}: {o.label} ({filing}; {o.basis})")
    total = sum(counts.values())
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    typer.echo(f"{total} obligation{'' if total == 1 else 's'} as of {as_of}" + (f": {summary}" if summary else ""))
    if provisional:
        typer.echo("* provisional: that year's public holidays are not published yet and may move the day")
