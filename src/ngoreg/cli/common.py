"""What every command shares: the database option, the actor, JSON output and turning errors into one
clear line on stderr with a non-zero exit — never a traceback.

Start-up time: `ngoreg` builds every command's options before it runs one, so the modules of the command
line import only typer and what their options' help texts name. A command imports the rest (the database
layer, the services) when it runs: `ngoreg law list` never loads SQLAlchemy."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from ngoreg.errors import Busy, Conflict, InvalidInput, NgoregError, NotFound, Refused

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ngoreg.audit.repository import Actor

DbOption = typer.Option(None, "--db", help="Database URL or SQLite path (default: $NGOREG_DATABASE_URL or ./ngoreg.db)")
JsonOption = typer.Option(False, "--json", help="Print JSON")
AsOfOption = typer.Option(None, "--as-of", help="Show the registry as it stood on this date (YYYY-MM-DD)")

# Exit codes, one meaning each (the README lists them). 2 is also what typer itself answers to a missing
# or malformed option, which is bad input too.
REFUSED = 1  # the law (or a check) says no: a legal refusal with its article, an invalid credit code
BAD_INPUT = 2  # a value the command cannot take — malformed, unknown, naming nothing; nothing was done
DATABASE = 3  # the database cannot be reached, has no schema, or stayed busy with other writers
CONFLICT = 4  # someone changed the object meanwhile, or a value that must be unique is taken

F = TypeVar("F", bound=Callable[..., Any])


def now() -> datetime:
    return datetime.now(UTC)


def actor(role: str | None = None) -> Actor:
    import getpass
    import os

    from ngoreg.audit.repository import Actor

    name = os.environ.get("NGOREG_ACTOR") or getpass.getuser()
    return Actor(role or "cli", name)


def day(value: str | None, field: str, default_today: bool = False) -> date | None:
    """A `YYYY-MM-DD` option as a date; with `default_today`, none given is today in Beijing."""
    from ngoreg.registry.validation import parse_date

    d = parse_date(value, field)
    if d is None and default_today:
        from ngoreg.law.periods import day_of

        return day_of(now())
    return d


def day_or_today(value: str | None, field: str) -> date:
    """A `YYYY-MM-DD` option as a date, today in Beijing when it is not given."""
    d = day(value, field, default_today=True)
    assert d is not None
    return d


@contextmanager
def transaction(db: str | None, *, write: bool = True) -> Iterator[Session]:
    """The command's one transaction on the database `--db` names (see `ngoreg.db.engine.transaction`)."""
    from ngoreg.db import engine

    with engine.transaction(engine.database_url(db), write=write) as s:
        yield s


def emit(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def fail(message: str, code: int = BAD_INPUT) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def handled(fn: F) -> F:
    """Runs a command, turning every foreseeable failure into one line and an exit code: 1 refused, 2 bad
    input, 3 database problem, 4 conflict."""

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
            raise typer.Exit(REFUSED) from None
        except (InvalidInput, NotFound) as exc:
            fail(str(exc), BAD_INPUT)
        except Conflict as exc:
            fail(str(exc), CONFLICT)
        except Busy as exc:  # other writers held the database past the bounded wait: nothing was changed
            fail(str(exc), DATABASE)
        except NgoregError as exc:
            fail(str(exc), REFUSED)
        except KeyboardInterrupt:
            typer.echo("interrupted; nothing of the unfinished command was committed", err=True)
            sys.exit(130)
        except Exception as exc:
            problem = _database_problem(exc)
            if problem is None:
                raise
            fail(*problem)

    return wrapper  # type: ignore[return-value]


def _database_problem(exc: Exception) -> tuple[str, int] | None:
    """The line and exit code for an error the database raised, or None for any other error. SQLAlchemy
    is looked up, not imported: an error of its kind means a command has loaded it already."""
    errors = sys.modules.get("sqlalchemy.exc")
    if errors is None:
        return None
    if isinstance(exc, errors.IntegrityError):
        return f"the database refused the change: {str(exc.orig).splitlines()[0]}", CONFLICT
    if isinstance(exc, (errors.OperationalError, errors.ProgrammingError)):
        text = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        if "no such table" in text or "does not exist" in text:
            return "the database has no ngoreg schema yet; run `ngoreg init` (or `ngoreg db upgrade`)", DATABASE
        return f"database: {text}", DATABASE
    return None
