"""`ngoreg org …` and `ngoreg authority …`."""

from __future__ import annotations

from typing import Any

import typer

from ngoreg.cli.common import AsOfOption, DbOption, JsonOption, actor, day, emit, handled, now, transaction
from ngoreg.errors import InvalidInput

org_app = typer.Typer(no_args_is_help=True, help="Organisations in the registry")
authority_app = typer.Typer(no_args_is_help=True, help="Registrars, supervisory units, Party committees, groups")


def _line(o: dict[str, Any]) -> str:
    names = " / ".join(n for n in (o.get("name_zh"), o.get("name_en")) if n)
    province = (o.get("province_label") or {}).get("en") or "-"
    return f"{o['id']:>8}  {o['kind']:<22} {province:<15} {o['status']:<12} {names}"


@org_app.command("add")
@handled
def add(
    kind: str = typer.Option(..., "--kind", help="foreign_ngo, representative_office, social_association, ..."),
    name_zh: str = typer.Option(None, "--name-zh"),
    name_en: str = typer.Option(None, "--name-en"),
    uscc: str = typer.Option(None, "--uscc", help="Unified social credit code"),
    origin: str = typer.Option(None, "--origin", help="Country or region of origin (ISO code or name)"),
    province: str = typer.Option(None, "--province"),
    field: list[str] = typer.Option([], "--field", help="Field of work (repeatable)"),
    gongo: str = typer.Option(None, "--gongo", help="gongo or grassroots"),
    public_fundraising: str = typer.Option(None, "--public-fundraising", help="yes or no (social organisations)"),
    registered_on: str = typer.Option(None, "--registered-on"),
    alias: list[str] = typer.Option([], "--alias"),
    former_name: list[str] = typer.Option([], "--former-name"),
    parent: int = typer.Option(None, "--parent", help="Id of the foreign NGO of a representative office"),
    preparing: bool = typer.Option(False, "--preparing", help="A social organisation whose founders apply for its "
                                   "registration: in preparation until the registrar registers it"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Add an organisation; prints its id."""
    from ngoreg.registry import service
    from ngoreg.registry.validation import org_record

    t = now()
    rec = org_record(kind=kind, name_zh=name_zh, name_en=name_en, uscc_code=uscc, origin=origin,
                     province=province, fields=field, gongo=gongo, public_fundraising=public_fundraising,
                     registered_on=registered_on, aliases=alias, former_names=former_name, parent_id=parent,
                     preparing=preparing, today=t.date())  # fmt: skip
    with transaction(db) as s:
        org_id = service.add_organisation(s, rec, actor=actor(), now=t)
    emit({"id": org_id}) if as_json else typer.echo(org_id)


@org_app.command("update")
@handled
def update(
    org_id: int,
    on: str = typer.Option(..., "--on", help="Date the change takes effect"),
    name_zh: str = typer.Option(None, "--name-zh"),
    name_en: str = typer.Option(None, "--name-en"),
    province: str = typer.Option(None, "--province"),
    origin: str = typer.Option(None, "--origin"),
    field: list[str] = typer.Option([], "--field"),
    status: str = typer.Option(None, "--status", help="registered, deregistered, revoked, active"),
    reason: str = typer.Option(None, "--reason"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Change an organisation's registry attributes with effect from a date."""
    from ngoreg.registry import service

    changes: dict[str, Any] = {k: v for k, v in (("name_zh", name_zh), ("name_en", name_en), ("province", province),
                                                 ("origin", origin), ("status", status)) if v is not None}  # fmt: skip
    if field:
        changes["fields"] = field
    if status is not None and status not in ("registered", "deregistered", "revoked", "active"):
        raise InvalidInput("status", status, "one of registered, deregistered, revoked, active")
    if status in ("deregistered", "revoked"):
        changes["ended_on"] = on
    effective = day(on, "--on")
    assert effective is not None
    with transaction(db) as s:
        after = service.update_organisation(s, org_id, changes, on=effective, actor=actor(), now=now(), reason=reason)
    emit(after) if as_json else typer.echo(f"organisation {org_id} changed from {effective}")


@org_app.command("show")
@handled
def show(org_id: int, as_of: str = AsOfOption, db: str = DbOption, as_json: bool = JsonOption) -> None:
    """One organisation, now or as of a date, with its relations: → one it has to another party (registered
    with a registrar), ← one another party has to it (an office of this NGO)."""
    from ngoreg.registry import service

    with transaction(db, write=False) as s:
        o = service.show(s, org_id, as_of=day(as_of, "--as-of"))
        service.name_parties(s, org_id, o["relations"])
    if as_json:
        emit(o)
        return
    typer.echo(_line(o))
    for key in ("uscc", "origin_label", "fields", "registered_on", "ended_on", "aliases", "former_names"):
        if o.get(key):
            typer.echo(f"  {key}: {o[key]}")
    for r in o["relations"]:
        typer.echo(_relation(r))


def _relation(r: dict[str, Any]) -> str:
    """`→ registered_with 北京市公安局 / Beijing Public Security Bureau (from 2017-03-01)`: the arrow points
    away from the organisation shown when it is the relation's subject, towards it when the other party is."""
    other = r["other"]
    names = " / ".join(n for n in (other["name_zh"], other["name_en"]) if n)
    if not names:
        names = f"authority {other['authority_id']}" if other["authority_id"] else f"organisation {other['org_id']}"
    valid = f"from {r['valid_from']}" if r["valid_from"] else ""
    if r["valid_to"]:
        valid += f"{' ' if valid else ''}to {r['valid_to']}"
    return f"  {'→' if r['outward'] else '←'} {r['predicate']} {names}" + (f" ({valid})" if valid else "")


@org_app.command("list")
@handled
def list_(
    kind: str = typer.Option(None, "--kind"),
    province: str = typer.Option(None, "--province"),
    as_of: str = AsOfOption,
    after: int = typer.Option(0, "--after", help="Cursor: list ids after this one"),
    limit: int = typer.Option(50, "--limit"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """List organisations in id order, filtered."""
    from ngoreg.registry import service

    with transaction(db, write=False) as s:
        rows = service.list_organisations(s, kind=kind, province=province, as_of=day(as_of, "--as-of"),
                                          after_id=after, limit=limit)  # fmt: skip
    if as_json:
        emit(rows)
    else:
        for o in rows:
            typer.echo(_line(o))


@org_app.command("search")
@handled
def search(
    query: str,
    whole_word: bool = typer.Option(False, "--whole-word", help="English: match whole words only"),
    limit: int = typer.Option(20, "--limit"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Search names (current, former, aliases), Chinese or English, best match first."""
    from ngoreg.registry import service

    with transaction(db, write=False) as s:
        rows = service.search_organisations(s, query, limit=limit, whole_word=whole_word)
    if as_json:
        emit(rows)
    else:
        for o in rows:
            alias = o["matched"] not in (o["name_zh"], o["name_en"])
            typer.echo(_line(o) + (f"  (as {o['matched']})" if alias else ""))


@org_app.command("count")
@handled
def count(
    by: str = typer.Option("province", "--by", help="province, kind or status"),
    kind: str = typer.Option(None, "--kind"),
    as_of: str = AsOfOption,
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Organisations in the registry by province, kind or status, now or as of a date."""
    from ngoreg.registry import service

    with transaction(db, write=False) as s:
        rows = service.count_by(s, by, as_of=day(as_of, "--as-of"), kind=kind)
    if as_json:
        emit([{"key": k, "count": n} for k, n in rows])
    else:
        for k, n in rows:
            typer.echo(f"{k or '-':<24}{n:>10}")


@org_app.command("relate")
@handled
def relate(
    subject: str = typer.Argument(..., help="org:ID or authority:ID"),
    predicate: str = typer.Argument(..., help="sponsored_by, registered_with, partner_of, member_of, ..."),
    obj: str = typer.Argument(..., metavar="OBJECT", help="org:ID or authority:ID"),
    valid_from: str = typer.Option(None, "--from"),
    valid_to: str = typer.Option(None, "--to"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Record a dated relation between two parties."""
    from ngoreg.registry import service

    def party(v: str, field: str) -> tuple[str, int]:
        kind, _, ident = v.partition(":")
        if kind not in ("org", "authority") or not ident.isdigit():
            raise InvalidInput(field, v, "write org:ID or authority:ID")
        return kind, int(ident)

    with transaction(db) as s:
        rid = service.relate(s, predicate, subject=party(subject, "subject"), obj=party(obj, "object"),
                             valid_from=day(valid_from, "--from"), valid_to=day(valid_to, "--to"),
                             actor=actor(), now=now())  # fmt: skip
    emit({"id": rid}) if as_json else typer.echo(rid)


@authority_app.command("list")
@handled
def authority_list(kind: str = typer.Option(None, "--kind"), db: str = DbOption, as_json: bool = JsonOption) -> None:
    """Authorities: registrars, supervisory units, Party committees, coordinating groups, UN bodies."""
    from ngoreg.registry import service

    with transaction(db, write=False) as s:
        rows = service.authorities(s, kind)
    if as_json:
        emit(rows)
    else:
        for a in rows:
            typer.echo(f"{a['id']:>5}  {a['kind']:<26} {a['level']:<13} {a['name_zh'] or ''} {a['name_en'] or ''}")


@authority_app.command("add")
@handled
def authority_add(
    kind: str = typer.Option(..., "--kind"),
    level: str = typer.Option(..., "--level", help="national, provincial, municipal, county, international"),
    name_zh: str = typer.Option(None, "--name-zh"),
    name_en: str = typer.Option(None, "--name-en"),
    province: str = typer.Option(None, "--province"),
    parent: int = typer.Option(None, "--parent"),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Add an authority, e.g. a professional supervisory unit."""
    from ngoreg.registry import service

    with transaction(db) as s:
        aid = service.add_authority(s, kind=kind, level=level, name_zh=name_zh, name_en=name_en,
                                    province=province, parent_id=parent, actor=actor(), now=now())  # fmt: skip
    emit({"id": aid}) if as_json else typer.echo(aid)
