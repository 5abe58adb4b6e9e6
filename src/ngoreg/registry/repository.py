"""All SQL of the registry. Engine-specific fast paths (COPY, FTS5, pg_trgm) stay behind this module."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from ngoreg.audit.chain import canonical
from ngoreg.registry.models import Authority, Organisation, OrgName, OrgVersion, Relation
from ngoreg.registry.validation import fold, is_chinese

ORG_COLUMNS = (
    "kind", "name_zh", "name_en", "uscc", "origin", "province", "fields", "gongo",
    "public_fundraising", "status", "registered_on", "ended_on", "parent_id",
)  # fmt: skip


def names_of(state: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, lang, role) for every name the state carries."""
    out = []
    for lang in ("zh", "en"):
        if state.get(f"name_{lang}"):
            out.append((state[f"name_{lang}"], lang, "current"))
    for role, key in (("alias", "aliases"), ("former", "former_names")):
        out.extend((n, "zh" if is_chinese(n) else "en", role) for n in state.get(key) or [])
    return out


def _org_values(state: dict[str, Any]) -> dict[str, Any]:
    values = {c: state.get(c) for c in ORG_COLUMNS}
    for c in ("registered_on", "ended_on"):
        v = values[c]
        if isinstance(v, str):
            values[c] = date.fromisoformat(v)
    return values


def insert_org(session: Session, state: dict[str, Any], valid_from: date) -> int:
    org_id = session.execute(
        insert(Organisation).values(version=1, **_org_values(state)).returning(Organisation.id)
    ).scalar_one()
    _insert_names(session, org_id, state)
    session.execute(
        insert(OrgVersion).values(
            org_id=org_id, valid_from=valid_from, valid_to=None, state=state,
            kind=state["kind"], province=state["province"], status=state["status"],
        )  # fmt: skip
    )
    return org_id


def _insert_names(session: Session, org_id: int, state: dict[str, Any]) -> None:
    rows = [
        {"org_id": org_id, "name": n, "folded": fold(n), "lang": lang, "role": role}
        for n, lang, role in names_of(state)
    ]
    if rows:
        session.execute(insert(OrgName), rows)


def update_org(session: Session, org_id: int, version: int, state: dict[str, Any], on: date) -> None:
    """Writes the new current state, closes the open version on `on` and opens the next one. The version
    column is the optimistic lock: a stale `version` changes no row and raises."""
    from ngoreg.errors import Conflict

    result = session.execute(
        update(Organisation)
        .where(Organisation.id == org_id, Organisation.version == version)
        .values(version=version + 1, **_org_values(state))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"organisation {org_id} was changed by someone else; read it again and retry")
    session.execute(delete(OrgName).where(OrgName.org_id == org_id))
    _insert_names(session, org_id, state)
    session.execute(
        update(OrgVersion)
        .where(OrgVersion.org_id == org_id, OrgVersion.valid_to.is_(None))
        .values(valid_to=on)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        insert(OrgVersion).values(
            org_id=org_id, valid_from=on, valid_to=None, state=state,
            kind=state["kind"], province=state["province"], status=state["status"],
        )  # fmt: skip
    )


def get_org(session: Session, org_id: int) -> Organisation | None:
    return session.get(Organisation, org_id)


def current_version(session: Session, org_id: int) -> OrgVersion | None:
    return session.scalars(
        select(OrgVersion).where(OrgVersion.org_id == org_id, OrgVersion.valid_to.is_(None))
    ).first()


def version_as_of(session: Session, org_id: int, on: date) -> OrgVersion | None:
    return session.scalars(
        select(OrgVersion).where(OrgVersion.org_id == org_id, *_valid_on(on)).limit(1)
    ).first()


def versions(session: Session, org_id: int) -> list[OrgVersion]:
    return list(
        session.scalars(select(OrgVersion).where(OrgVersion.org_id == org_id).order_by(OrgVersion.valid_from))
    )


def _valid_on(on: date) -> tuple[Any, ...]:
    return (OrgVersion.valid_from <= on, or_(OrgVersion.valid_to.is_(None), OrgVersion.valid_to > on))


def duplicate_of(session: Session, uscc: str | None, kind: str, name_zh: str | None, name_en: str | None
                 ) -> int | None:  # fmt: skip
    """The organisation a new record would duplicate: same credit code, or (without one) same kind and names."""
    if uscc:
        q = select(Organisation.id).where(Organisation.uscc == uscc)
    else:
        q = select(Organisation.id).where(
            Organisation.uscc.is_(None), Organisation.kind == kind,
            Organisation.name_zh.is_(None) if name_zh is None else Organisation.name_zh == name_zh,
            Organisation.name_en.is_(None) if name_en is None else Organisation.name_en == name_en,
        )  # fmt: skip
    return session.execute(q.limit(1)).scalar()


def existing_keys(session: Session) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Credit codes and (kind, Chinese name, English name) already in the registry: an import skips them."""
    codes = {c for c in session.scalars(select(Organisation.uscc).where(Organisation.uscc.is_not(None))) if c}
    names = {
        (k, zh or "", en or "")
        for k, zh, en in session.execute(
            select(Organisation.kind, Organisation.name_zh, Organisation.name_en).where(
                Organisation.uscc.is_(None)
            )
        )
    }
    return codes, names


def list_orgs(
    session: Session,
    *,
    kind: str | None,
    province: str | None,
    as_of: date | None,
    after_id: int,
    limit: int,
) -> list[tuple[int, dict[str, Any]]]:
    """A page of organisations in id order (a stable cursor), as they stood on `as_of` if given."""
    if as_of is None:
        q = select(Organisation).where(Organisation.id > after_id).order_by(Organisation.id).limit(limit)
        if kind:
            q = q.where(Organisation.kind == kind)
        if province:
            q = q.where(Organisation.province == province)
        return [(o.id, org_state(o)) for o in session.scalars(q)]
    vq = (
        select(OrgVersion.org_id, OrgVersion.state)
        .where(OrgVersion.org_id > after_id, *_valid_on(as_of))
        .order_by(OrgVersion.org_id)
        .limit(limit)
    )
    if kind:
        vq = vq.where(OrgVersion.kind == kind)
    if province:
        vq = vq.where(OrgVersion.province == province)
    return [(r.org_id, r.state) for r in session.execute(vq)]


def org_state(o: Organisation) -> dict[str, Any]:
    state = {c: getattr(o, c) for c in ORG_COLUMNS}
    for c in ("registered_on", "ended_on"):
        state[c] = state[c].isoformat() if state[c] else None
    return state


def aliases_of(session: Session, org_id: int) -> tuple[list[str], list[str]]:
    rows = session.execute(
        select(OrgName.name, OrgName.role).where(OrgName.org_id == org_id, OrgName.role != "current")
    ).all()
    return [n for n, r in rows if r == "alias"], [n for n, r in rows if r == "former"]


def count_by(session: Session, column: str, *, as_of: date | None, kind: str | None = None
             ) -> list[tuple[str | None, int]]:  # fmt: skip
    """Organisations in the registry (registered or active) by one attribute, now or as of a date."""
    if as_of is None:
        col = getattr(Organisation, column)
        q = select(col, func.count()).where(Organisation.status.in_(("registered", "active")))
        if kind:
            q = q.where(Organisation.kind == kind)
    else:
        col = getattr(OrgVersion, column)
        q = select(col, func.count()).where(
            *_valid_on(as_of), OrgVersion.status.in_(("registered", "active"))
        )
        if kind:
            q = q.where(OrgVersion.kind == kind)
    return [(k, int(n)) for k, n in session.execute(q.group_by(col).order_by(col)).tuples()]


# ---- bulk path -------------------------------------------------------------------------------------


def next_ids(session: Session, table: Any, n: int) -> int:
    """The first of `n` ids an import may assign itself; the caller holds the write lock."""
    return (session.execute(select(func.max(table.id))).scalar() or 0) + 1


def bulk_insert(session: Session, states: Sequence[dict[str, Any]], valid_froms: Sequence[date]) -> list[int]:
    """Inserts many organisations with their names and first versions. SQLite: executemany on the raw
    connection, with the FTS5 index filled once at the end; PostgreSQL: binary COPY."""
    if not states:
        return []
    first = next_ids(session, Organisation, len(states))
    ids = list(range(first, first + len(states)))
    name_first = next_ids(session, OrgName, 0)
    version_first = next_ids(session, OrgVersion, 0)
    org_rows, name_rows, version_rows = [], [], []
    nid = name_first
    for i, (org_id, state, valid_from) in enumerate(zip(ids, states, valid_froms, strict=True)):
        v = _org_values(state)
        org_rows.append((org_id, *(v[c] for c in ORG_COLUMNS), 1))
        for n, lang, role in names_of(state):
            name_rows.append((nid, org_id, n, fold(n), lang, role))
            nid += 1
        version_rows.append(
            (version_first + i, org_id, valid_from, None, state, state["kind"], state["province"], state["status"])
        )
    org_cols = ("id", *ORG_COLUMNS, "version")
    name_cols = ("id", "org_id", "name", "folded", "lang", "role")
    version_cols = ("id", "org_id", "valid_from", "valid_to", "state", "kind", "province", "status")
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, "organisations", org_cols, org_rows, json_cols=frozenset({"fields"}))
        _copy(session, "org_names", name_cols, name_rows)
        _copy(session, "org_versions", version_cols, version_rows, json_cols=frozenset({"state"}))
        for table in ("organisations", "org_names", "org_versions"):
            session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
    else:
        _sqlite_bulk(session, org_cols, org_rows, name_cols, name_rows, name_first, version_cols, version_rows)
    return ids


def _sqlite_bulk(
    session: Session,
    org_cols: tuple[str, ...],
    org_rows: list[tuple[Any, ...]],
    name_cols: tuple[str, ...],
    name_rows: list[tuple[Any, ...]],
    name_first: int,
    version_cols: tuple[str, ...],
    version_rows: list[tuple[Any, ...]],
) -> None:
    cur = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    fi = org_cols.index("fields")

    def org(r: tuple[Any, ...]) -> tuple[Any, ...]:
        return (*r[:fi], canonical(r[fi]), *r[fi + 1 :])

    def ins(table: str, cols: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)

    ins("organisations", org_cols, (org(r) for r in org_rows))
    # Filling the FTS5 index row by row through its trigger costs more than one pass at the end: the
    # trigger is dropped for the load and recreated in the same transaction.
    cur.execute("DROP TRIGGER org_names_fts_ai")
    ins("org_names", name_cols, name_rows)
    cur.execute("INSERT INTO org_names_fts(rowid, name) SELECT id, name FROM org_names WHERE id >= ?", (name_first,))
    cur.execute(
        "CREATE TRIGGER org_names_fts_ai AFTER INSERT ON org_names BEGIN "
        "INSERT INTO org_names_fts(rowid, name) VALUES (new.id, new.name); END"
    )
    si = version_cols.index("state")
    ins("org_versions", version_cols, ((*r[:si], canonical(r[si]), *r[si + 1 :]) for r in version_rows))


def _copy(
    session: Session,
    table: str,
    cols: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    json_cols: frozenset[str] = frozenset(),
) -> None:
    from psycopg.types.json import Jsonb

    cur = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    json_at = [i for i, c in enumerate(cols) if c in json_cols]
    with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
        for r in rows:
            if json_at:
                r = tuple(Jsonb(v) if i in json_at else v for i, v in enumerate(r))
            copy.write_row(r)


def after_bulk_load(session: Session) -> None:
    """Lets the planner see a large load at once: on PostgreSQL new rows wait in the trigram index's
    pending list and have no statistics until autovacuum runs, and searches scan the table meanwhile."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT gin_clean_pending_list('ix_org_names_trgm')"))
        session.execute(text("ANALYZE organisations, org_names, org_versions"))
    else:
        session.execute(text("PRAGMA optimize"))


# ---- authorities and relations ---------------------------------------------------------------------


def add_authority(session: Session, **values: Any) -> int:
    return session.execute(insert(Authority).values(**values).returning(Authority.id)).scalar_one()


def find_authority(session: Session, *, kind: str, name_en: str | None, province: str | None) -> Authority | None:
    return session.scalars(
        select(Authority).where(
            Authority.kind == kind,
            Authority.name_en.is_(None) if name_en is None else Authority.name_en == name_en,
            Authority.province.is_(None) if province is None else Authority.province == province,
        )
    ).first()


def list_authorities(session: Session, kind: str | None = None) -> list[Authority]:
    q = select(Authority).order_by(Authority.id)
    if kind:
        q = q.where(Authority.kind == kind)
    return list(session.scalars(q))


def add_relation(session: Session, **values: Any) -> int:
    return session.execute(insert(Relation).values(**values).returning(Relation.id)).scalar_one()


def relations_of_org(session: Session, org_id: int, on: date | None) -> list[Relation]:
    q = select(Relation).where(or_(Relation.subject_org_id == org_id, Relation.object_org_id == org_id))
    if on:
        q = q.where(
            or_(Relation.valid_from.is_(None), Relation.valid_from <= on),
            or_(Relation.valid_to.is_(None), Relation.valid_to >= on),
        )
    return list(session.scalars(q.order_by(Relation.id)))


def relation_exists(session: Session, **values: Any) -> bool:
    conds = [getattr(Relation, k).is_(None) if v is None else getattr(Relation, k) == v for k, v in values.items()]
    return session.execute(select(Relation.id).where(and_(*conds)).limit(1)).first() is not None
