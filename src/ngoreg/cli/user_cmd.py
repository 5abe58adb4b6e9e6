"""`ngoreg user …` and `ngoreg token …`: accounts, their role grants and API tokens. Whoever runs the
command on the server is the actor the audit log records (as for every other command)."""

from __future__ import annotations

import sys

import typer

from ngoreg.cli.common import DbOption, JsonOption, actor, emit, handled, now, transaction
from ngoreg.errors import InvalidInput

user_app = typer.Typer(no_args_is_help=True, help="Accounts and the roles granted to them")
token_app = typer.Typer(no_args_is_help=True, help="API tokens for scripts")

# The roles are the regimes' (`ngoreg user roles` lists them with the scopes each takes); the help names
# none of them, so that it stays right whatever regimes there are.
ROLE_HELP = "A role; `ngoreg user roles` lists them"
OrgScope = typer.Option(None, "--org", help="Organisation id (a role scoped to an organisation)")
AuthorityScope = typer.Option(None, "--authority", help="Authority id (a role scoped to an authority)")
ProvinceScope = typer.Option(None, "--province", help="GB/T 2260 division code (a role scoped to a territory)")
NationalScope = typer.Option(False, "--national", help="The whole country (a role scoped to a territory)")


def _read_password() -> str:
    # One line from standard input, so that the password is neither on the command line (visible in the
    # process list and the shell history) nor typed at a prompt a script cannot answer.
    line = sys.stdin.readline()
    if not line:
        raise InvalidInput("password", "(not shown)", "--password-stdin given but standard input is empty")
    return line.rstrip("\r\n")


@user_app.command("add")
@handled
def add(
    username: str,
    name: str = typer.Option(None, "--name", help="Display name"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Add an account; prints its id. Without --password-stdin it can use API tokens only."""
    from ngoreg.access import service

    password = _read_password() if password_stdin else None
    with transaction(db) as s:
        uid = service.add_user(s, username, display_name=name, password=password, actor=actor(), now=now())
    emit({"id": uid}) if as_json else typer.echo(uid)


@user_app.command("grant")
@handled
def grant(
    username: str,
    role: str = typer.Argument(..., help=ROLE_HELP),
    org: int = OrgScope,
    authority: int = AuthorityScope,
    province: str = ProvinceScope,
    national: bool = NationalScope,
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Grant a role with its scope; prints the grant's id."""
    from ngoreg.access import service

    scope = service.ScopeArgs(org, authority, province, national)
    with transaction(db) as s:
        gid = service.grant(s, username, role, scope, actor=actor(), now=now())
    emit({"id": gid}) if as_json else typer.echo(gid)


@user_app.command("revoke")
@handled
def revoke(
    username: str,
    role: str = typer.Argument(..., help=ROLE_HELP),
    org: int = OrgScope,
    authority: int = AuthorityScope,
    province: str = ProvinceScope,
    national: bool = NationalScope,
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Revoke a role the user holds with that scope."""
    from ngoreg.access import service

    scope = service.ScopeArgs(org, authority, province, national)
    with transaction(db) as s:
        n = service.revoke(s, username, role, scope, actor=actor(), now=now())
    emit({"revoked": n}) if as_json else typer.echo(f"revoked {n} grant{'s' if n != 1 else ''} of {role}")


@user_app.command("roles")
@handled
def roles(as_json: bool = JsonOption) -> None:
    """The roles an account may be granted: the scopes each takes, and the workflow roles it acts as."""
    from ngoreg.access.roles import all_roles

    rows = [{"role": r.name, "title": r.title, "scopes": sorted(r.scopes),
             "acts_as": sorted(r.workflow_roles), "acts_as_when_national": sorted(r.national_workflow_roles)}
            for r in all_roles().values()]  # fmt: skip
    if as_json:
        emit(rows)
    else:
        for r in rows:
            typer.echo(f"{r['role']:<28} {'/'.join(r['scopes']):<22} {r['title']}")


@user_app.command("list")
@handled
def list_(db: str = DbOption, as_json: bool = JsonOption) -> None:
    """Accounts and the grants in force."""
    from ngoreg.access import service

    with transaction(db, write=False) as s:
        rows = service.list_users(s, now())
    if as_json:
        emit(rows)
        return
    for u in rows:
        grants = ", ".join(_grant(g) for g in u["grants"]) or "no roles"
        state = "" if u["active"] else " (disabled)"
        typer.echo(f"{u['id']:>5}  {u['username']:<20} {u['display_name'] or '':<24} {grants}{state}")


def _grant(g: dict[str, object]) -> str:
    target = {"organisation": f"org:{g['org_id']}", "authority": f"authority:{g['authority_id']}",
              "province": f"province:{g['province']}", "national": "national", "none": ""}[str(g["scope"])]  # fmt: skip
    return f"{g['role']}@{target}" if target else str(g["role"])


@token_app.command("create")
@handled
def token_create(
    username: str,
    name: str = typer.Option(..., "--name", help="What the token is for"),
    expires_in_days: int = typer.Option(None, "--expires-in-days", help="Days until it expires (default: never)"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Create an API token and print it. It is shown this once; only its digest is kept."""
    from ngoreg.access import service

    with transaction(db) as s:
        tid, token = service.create_token(s, username, name=name, expires_in_days=expires_in_days, actor=actor(),
                                          now=now())  # fmt: skip
    if as_json:
        emit({"id": tid, "token": token})
    else:
        typer.echo(token)
        typer.echo(f"token {tid} for {username}: copy it now, it cannot be shown again", err=True)


@token_app.command("revoke")
@handled
def token_revoke(token_id: int, db: str = DbOption, as_json: bool = JsonOption) -> None:
    """Revoke an API token by its id."""
    from ngoreg.access import service

    with transaction(db) as s:
        service.revoke_token(s, token_id, actor=actor(), now=now())
    emit({"revoked": token_id}) if as_json else typer.echo(f"token {token_id} revoked")
