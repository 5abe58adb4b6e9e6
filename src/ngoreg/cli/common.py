"""What every command shares: the database option, the actor, JSON output and turning errors into one
clear line on stderr with a non-zero exit — never a traceback."""

from __future__ import annotations

import functools
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import typer
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from ngoreg.audit.repository import Actor
from ngoreg.errors import InvalidInput, NgoregError, Refused
from ngoreg.law.periods import day_of
from ngoreg.registry.validation import parse_date

DbOption = typer.Option(None, "--db", help="Database URL or SQLite path (default: $NGOREG_DATABASE_URL or ./ngoreg.db)")
JsonOption = typer.Option(False, "--json", help="Print JSON")
AsOfOption = typer.Option(None, "--as-of", help="Show the registry as it stood on this date (YYYY-MM-DD)")

F = TypeVar("F", bound=Callable[..., Any])


def now() -> datetime:
    return datetime.now(UTC)


def actor(role: str | None = None) -> Actor:
    name = os.environ.get("NGOREG_ACTOR") or getpass.getuser()
    return Actor(role or "cli", name)


def day(value: str | None, field: str, default_today: bool = False) -> date | None:
    d = parse_date(value, field)
    if d is None and default_today:
        return day_of(now())
    return d


def emit(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def handled(fn: F) -> F:
    """Runs a command, turning every foreseeable failure into one line and an exit code:
    1 refused or invalid, 2 conflict, 3 database problem."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        as_json = bool(kwargs.get("as_json"))
        try:
            return fn(*args, **kwargs)
        except Refused as exc:
            if as_json:
                emit({"refused": [r.as_dict() for r in exc.refusals]})
            else:
                for r in exc.refusals:
                    typer.echo(f"refused: {r}", err=True)
            raise typer.Exit(1) from None
        except InvalidInput as exc:
            fail(str(exc))
        except NgoregError as exc:
            fail(str(exc), {"conflict": 2, "busy": 3}.get(exc.code, 1))
        except IntegrityError as exc:
            fail(f"the database refused the change: {str(exc.orig).splitlines()[0]}", 2)
        except (OperationalError, ProgrammingError) as exc:
            text = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            if "no such table" in text or "does not exist" in text:
                fail("the database has no ngoreg schema yet; run `ngoreg init` (or `ngoreg db upgrade`)", 3)
            fail(f"database: {text}", 3)
        except KeyboardInterrupt:
            typer.echo("interrupted; nothing of the unfinished command was committed", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]
