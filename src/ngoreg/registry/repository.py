"""All SQL of the registry. Engine-specific fast paths (COPY, FTS5, pg_trgm) stay behind this module."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, cast, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from ngoreg.audit.chain import canonical
from ngoreg.audit.models import AuditEvent
from ngoreg.db import bulk
from ngoreg.reference import OrgKind
from ngoreg.registry.models import Authority, Organisation, OrgKindDay, OrgName, OrgVersion, Relation
from ngoreg.registry.validation import fold, is_chinese, short_grams

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


def insert_org(session: Session, state: dict[str, Any]) -> int:
    org_id = session.execute(
        insert(Organisation).values(version=1, **_org_values(state)).returning(Organisation.id)
    ).scalar_one()
    _insert_names(session, org_id, state)
    return org_id


def _insert_names(session: Session, org_id: int, state: dict[str, Any]) -> None:
    rows = [
        {"org_id": org_id, "name": n, "folded": f, "lang": lang, "role": role,
         "grams": short_grams(f) if lang == "zh" else None}
        for n, lang, role in names_of(state)
        for f in (fold(n),)
    ]  # fmt: skip
    if rows:
        session.execute(insert(OrgName), rows)


def update_org(session: Session, org_id: int, version: int, state: dict[str, Any]) -> None:
    """Writes the new current state. The version column is the optimistic lock: a stale `version` changes
    no row and raises."""
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


def open_version(session: Session, org_id: int, on: date, state: dict[str, Any], event_id: int) -> None:
    """Closes the organisation's open version on `on` and opens the one that audit event `event_id` began. An
    open version that began on `on` itself is that day's state until now: the event takes it over (a version
    of no days would never be read), and the database's counts by kind follow the update."""
    same_day = session.execute(
        update(OrgVersion)
        .where(OrgVersion.org_id == org_id, OrgVersion.valid_to.is_(None), OrgVersion.valid_from == on)
        .values(event_id=event_id, kind=state["kind"], province=state["province"], status=state["status"])
        .execution_options(synchronize_session=False)
    )
    if same_day.rowcount:  # type: ignore[attr-defined]
        return
    session.execute(
        update(OrgVersion)
        .where(OrgVersion.org_id == org_id, OrgVersion.valid_to.is_(None))
        .values(valid_to=on)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        insert(OrgVersion).values(
            org_id=org_id, valid_from=on, valid_to=None, event_id=event_id,
            kind=state["kind"], province=state["province"], status=state["status"],
        )  # fmt: skip
    )


def get_org(session: Session, org_id: int) -> Organisation | None:
    return session.get(Organisation, org_id)


def get_orgs(session: Session, ids: Sequence[int]) -> dict[int, Organisation]:
    """Several organisations in one statement (a page of search hits), by id."""
    if not ids:
        return {}
    return {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(list(ids))))}


def with_offices(session: Session, org_id: int) -> dict[int, tuple[str | None, str | None]]:
    """An organisation and the representative offices it set up, by id: (name_zh, name_en)."""
    o = Organisation
    # The offices' ids from the parent index alone, then every row by its key. SQLite's statistics see the
    # parent index as almost all NULL: asked for the names through it (or `id = ? OR parent_id = ?`), it
    # reads every organisation instead (0.1 s at 1,000,000).
    offices = select(o.id).where(o.parent_id == org_id)
    q = select(o.id, o.name_zh, o.name_en).where(or_(o.id == org_id, o.id.in_(offices)))
    return {i: (zh, en) for i, zh, en in sorted(session.execute(q), key=lambda r: r[0])}


def has_office_in_force(session: Session, ngo_id: int, on: date) -> bool:
    """Whether the NGO has a representative office registered on `on` and not ended by then."""
    o = Organisation
    q = select(o.id).where(o.parent_id == ngo_id, o.kind == OrgKind.REPRESENTATIVE_OFFICE.value,
                           o.registered_on <= on, or_(o.ended_on.is_(None), o.ended_on > on)).limit(1)  # fmt: skip
    return session.execute(q).first() is not None


def _with_state(q: Any) -> Any:
    """Versions joined to the audit events that began them, whose `after` is their state."""
    return q.select_from(OrgVersion).join(AuditEvent, AuditEvent.id == OrgVersion.event_id)


def current_state(session: Session, org_id: int) -> tuple[date, dict[str, Any]] | None:
    """(first day, state) of the organisation's open version."""
    row = session.execute(
        _with_state(select(OrgVersion.valid_from, AuditEvent.after)).where(
            OrgVersion.org_id == org_id, OrgVersion.valid_to.is_(None)
        )
    ).first()
    return (row[0], json.loads(row[1])) if row else None


def state_as_of(session: Session, org_id: int, on: date) -> dict[str, Any] | None:
    after = session.execute(
        _with_state(select(AuditEvent.after)).where(OrgVersion.org_id == org_id, *_valid_on(on)).limit(1)
    ).scalar()
    return json.loads(after) if after else None


@dataclass(frozen=True)
class OrgView:
    """What a read of one organisation shows: its record's version, its state (now or as of a day; None if
    it was not in the registry then), its relations and the spans of its history."""

    version: int
    state: dict[str, Any] | None
    relations: list[dict[str, Any]]
    history: list[tuple[date, date | None]]
    flag: bool | None = None  # the value of the caller's condition (`org_view`'s `flag`), if one was given


RELATION_COLUMNS = ("id", "predicate", "subject_org_id", "subject_authority_id", "object_org_id",
                    "object_authority_id", "valid_from", "valid_to")  # fmt: skip


# The organisations row of `org_view`'s first statement, for a `flag` condition to be written over.
VIEW_ORG = Organisation.__table__.alias("o")
_FLAGS: dict[tuple[str, int], tuple[ColumnElement[bool], str]] = {}


_DIALECTS = {True: postgresql.dialect(), False: sqlite.dialect()}


def _flag_sql(pg: bool, flag: ColumnElement[bool]) -> str:
    """The condition as SQL text, compiled once per engine kind (it is a constant of the caller's)."""
    dialect = _DIALECTS[pg]
    key = (dialect.name, id(flag))
    hit = _FLAGS.get(key)
    if hit is None:
        # Compiled inside a SELECT over `VIEW_ORG`, so that its subqueries correlate with that row; the
        # column's text is then cut out of the statement.
        q = select(flag.label("flag_")).select_from(VIEW_ORG)
        compiled = str(q.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        head, tail = "SELECT ", " AS flag_ \nFROM organisations AS o"
        assert compiled.startswith(head) and compiled.endswith(tail), compiled
        hit = _FLAGS[key] = (flag, compiled[len(head):-len(tail)])  # the condition is kept: its id stays unique
    return hit[1]


def driver_of(session: Session) -> tuple[Any, bool]:
    """The session's connection as the driver's own, and whether it is PostgreSQL's (see `org_view`)."""
    return session.connection().connection.driver_connection, bulk.is_postgresql(session)


def org_view(driver: tuple[Any, bool], org_id: int, as_of: date | None,
             flag: ColumnElement[bool] | None = None) -> OrgView | None:  # fmt: skip
    """One organisation in one statement sent straight to the driver's connection (a session's, see
    `driver_of`, or one of `db.engine.driver_reading`): this is the registry's most frequent read
    (`GET /organisations/{id}`), and building, compiling and loading it through SQLAlchemy cost several times
    the read itself. `flag`, a condition over `VIEW_ORG` (whether the reader may see it, say), is answered by
    the same statement."""
    raw, pg = driver
    sql = _VIEW_SQL["pg" if pg else "sqlite"]
    params: dict[str, Any] = {"id": org_id, "on": as_of if pg or as_of is None else as_of.isoformat()}
    which = "now" if as_of is None else "as_of"
    state_sql = sql[f"one_{which}"]
    if flag is not None:
        at = " FROM organisations o "
        state_sql = state_sql.replace(at, f", ({_flag_sql(pg, flag)}){at}", 1)
    cur = raw.cursor()
    try:
        cur.execute(state_sql, params)
        row = cur.fetchone()
        if row is None:
            return None
        # one statement: the relations and the history come as JSON arrays of its row (text from SQLite)
        rel_rows, hist_rows, flagged = row[2], row[3], row[4:]
        if not pg:
            rel_rows, hist_rows = json.loads(rel_rows), json.loads(hist_rows)
    finally:
        cur.close()
    rels = [dict(zip(RELATION_COLUMNS, r, strict=True)) for r in rel_rows]
    history = [(_day(f), _day(t)) for f, t in hist_rows]
    for r in rels:
        r["valid_from"], r["valid_to"] = _day(r["valid_from"]), _day(r["valid_to"])
    return OrgView(row[0], json.loads(row[1]) if row[1] else None, rels, history,  # type: ignore[arg-type]
                   bool(flagged[0]) if flag is not None else None)


def _day(v: Any) -> date | None:
    """A date as the driver returns it: a date from psycopg, ISO text from sqlite3."""
    return date.fromisoformat(v) if isinstance(v, str) else v


def _view_sql(param: str) -> dict[str, str]:
    on = param.format("on")
    state = ("SELECT o.version, e.after FROM organisations o "
             "LEFT JOIN org_versions v ON v.org_id = o.id AND {valid} "
             "LEFT JOIN audit_events e ON e.id = v.event_id WHERE o.id = "
             + param.format("id") + " LIMIT 1")  # fmt: skip
    # The state, the relations and the history in one statement (on PostgreSQL one round trip, not three).
    rel_valid = {"now": "", "as_of": f"AND (r.valid_from IS NULL OR r.valid_from <= {on}) "
                                     f"AND (r.valid_to IS NULL OR r.valid_to >= {on})"}  # fmt: skip
    rel_cols = ", ".join(f"r.{c}" for c in RELATION_COLUMNS)
    if param.startswith("%"):
        one = {w: state.replace(" FROM organisations o ", (
            f", (SELECT coalesce(json_agg(json_build_array({rel_cols}) ORDER BY r.id), '[]'::json) FROM relations r "
            f"WHERE (r.subject_org_id = o.id OR r.object_org_id = o.id) {rel_valid[w]}), "
            "(SELECT coalesce(json_agg(json_build_array(h.valid_from, h.valid_to) ORDER BY h.valid_from), '[]'::json) "
            "FROM org_versions h WHERE h.org_id = o.id) FROM organisations o "), 1) for w in ("now", "as_of")}
    else:  # SQLite (3.40 orders no aggregate): the rows ordered in a subquery, then gathered
        one = {w: state.replace(" FROM organisations o ", (
            f", (SELECT json_group_array(json_array({rel_cols})) FROM (SELECT * FROM relations r "
            f"WHERE (r.subject_org_id = o.id OR r.object_org_id = o.id) {rel_valid[w]} ORDER BY r.id) r), "
            "(SELECT json_group_array(json_array(h.valid_from, h.valid_to)) FROM (SELECT valid_from, valid_to "
            "FROM org_versions WHERE org_id = o.id ORDER BY valid_from) h) FROM organisations o "), 1)
            for w in ("now", "as_of")}  # fmt: skip
    return {
        "one_now": one["now"].format(valid="v.valid_to IS NULL"),
        "one_as_of": one["as_of"].format(valid=f"v.valid_from <= {on} AND (v.valid_to IS NULL OR v.valid_to > {on})"),
    }


# sqlite3 takes :name parameters (dates as ISO text, as stored), psycopg %(name)s (dates as dates).
_VIEW_SQL = {"sqlite": _view_sql(":{}"), "pg": _view_sql("%({})s")}


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
    status: str | None = None,
    origin: str | None = None,
    field: str | None = None,
    psu: int | None = None,
    visible: ColumnElement[bool] | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """A page of organisations in id order (a stable cursor), as they stood on `as_of` if given. Every
    filter is part of the query, so a page is always full when more organisations match. `field` is a field
    of work's code; `psu` an authority the organisation is sponsored by (on `as_of`, or now); `visible` a
    condition over `organisations` (the reader's access, `access.filters.organisations`)."""
    sponsored = None
    if psu is not None:
        rel = select(Relation.subject_org_id).where(Relation.predicate == "sponsored_by",
                                                    Relation.object_authority_id == psu)  # fmt: skip
        if as_of is not None:
            rel = rel.where(or_(Relation.valid_from.is_(None), Relation.valid_from <= as_of),
                            or_(Relation.valid_to.is_(None), Relation.valid_to >= as_of))  # fmt: skip
        sponsored = rel
    if as_of is None:
        q = select(Organisation).where(Organisation.id > after_id).order_by(Organisation.id).limit(limit)
        if visible is not None:
            q = q.where(visible)
        if kind:
            q = q.where(Organisation.kind == kind)
        if province:
            q = q.where(Organisation.province == province)
        if status:
            q = q.where(Organisation.status == status)
        if origin:
            q = q.where(Organisation.origin == origin)
        if field:
            # the list of codes as JSON text: each code appears quoted, and no code is inside another's quotes
            q = q.where(cast(Organisation.fields, Text).like(f'%"{field}"%'))
        if sponsored is not None:
            q = q.where(Organisation.id.in_(sponsored))
        return [(o.id, org_state(o)) for o in session.scalars(q)]
    vq = (
        _with_state(select(OrgVersion.org_id, AuditEvent.after))
        .where(OrgVersion.org_id > after_id, *_valid_on(as_of))
        .order_by(OrgVersion.org_id)
        .limit(limit)
    )
    if visible is not None:  # joined row by row: `IN (SELECT …)` would first list every visible organisation
        vq = vq.join(Organisation, Organisation.id == OrgVersion.org_id).where(visible)
    if kind:
        vq = vq.where(OrgVersion.kind == kind)
    if province:
        vq = vq.where(OrgVersion.province == province)
    if status:
        vq = vq.where(OrgVersion.status == status)
    if origin:
        # The origin is not a column of the versions; it is read from the state the version's event holds.
        if bulk.is_postgresql(session):
            vq = vq.where(cast(AuditEvent.after, JSONB).op("->>")("origin") == origin)
        else:
            vq = vq.where(func.json_extract(AuditEvent.after, "$.origin") == origin)
    if field:
        vq = vq.where(AuditEvent.after.like(f'%"{field}"%'))
    if sponsored is not None:
        vq = vq.where(OrgVersion.org_id.in_(sponsored))
    return [(r.org_id, json.loads(r.after)) for r in session.execute(vq)]


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


def count_by(session: Session, column: str, *, as_of: date | None, kind: str | None = None,
             visible: ColumnElement[bool] | None = None) -> list[tuple[str | None, int]]:  # fmt: skip
    """Organisations in the registry (registered or active) by one attribute, now or as of a date; only
    those `visible` keeps (a condition over `organisations`), if given."""
    if column == "kind" and kind is None and visible is None:
        return kind_counts(session, as_of=as_of)
    if as_of is None:
        col = getattr(Organisation, column)
        q = select(col, func.count()).where(Organisation.status.in_(("registered", "active")))
        if kind:
            q = q.where(Organisation.kind == kind)
        if visible is not None:
            q = q.where(visible)
    else:
        col = getattr(OrgVersion, column)
        q = select(col, func.count()).where(
            *_valid_on(as_of), OrgVersion.status.in_(("registered", "active"))
        )
        if kind:
            q = q.where(OrgVersion.kind == kind)
        if visible is not None:
            q = q.where(OrgVersion.org_id.in_(select(Organisation.id).where(visible)))
    return [(k, int(n)) for k, n in session.execute(q.group_by(col).order_by(col))]


def kind_counts(session: Session, *, as_of: date | None) -> list[tuple[str | None, int]]:
    """`count_by(kind)` over the whole registry, from the per-day changes the database keeps in step
    (`OrgKindDay`): the sum of the changes up to `as_of` (a version counts from its first day and no
    longer from the day its successor began, as `_valid_on` reads them), or of all of them for now."""
    k = OrgKindDay
    total = func.sum(k.delta)
    q = select(k.kind, total).group_by(k.kind).having(total > 0).order_by(k.kind)
    if as_of is not None:
        q = q.where(k.day <= as_of)
    return [(kind, int(n)) for kind, n in session.execute(q)]


# ---- bulk path -------------------------------------------------------------------------------------


@contextmanager
def bulk_load(session: Session, *, rebuild_indexes: bool = False) -> Iterator[None]:
    """Brackets a large load.

    SQLite: filling the FTS5 index row by row through its trigger costs more than one pass at the end, so
    the trigger is dropped for the load and recreated in the same transaction, and a larger page cache
    keeps the growing B-trees in memory. PostgreSQL: new rows wait in the trigram index's pending list and
    have no planner statistics until autovacuum runs, and searches scan the table meanwhile; the pending
    list is flushed and the tables analysed.

    With `rebuild_indexes` (a load that is large beside what the registry holds), the secondary indexes of
    the registry's tables are dropped first and built again from sorted data at the end, which is several
    times cheaper than keeping them up to date row by row. Both engines do this inside the transaction, so a
    failed load leaves the indexes as they were.
    """
    indexes = _index_definitions(session) if rebuild_indexes else []
    for name, _sql in indexes:
        session.execute(text(f"DROP INDEX {name}"))
    first_version = bulk.next_id(session, "org_versions")
    kind_triggers = _suspend_kind_counts(session)
    if bulk.is_postgresql(session):
        yield
        _count_new_versions(session, first_version, kind_triggers)
        for _name, sql in indexes:
            session.execute(text(sql))
        after_bulk_load(session)
        return
    first_name = bulk.next_id(session, "org_names")
    for trigger in FTS_INSERT_TRIGGERS:
        session.execute(text(f"DROP TRIGGER {trigger}"))
    bulk.prepare(session)
    try:
        yield
        _count_new_versions(session, first_version, kind_triggers)
        session.execute(
            text("INSERT INTO org_names_fts(rowid, name) SELECT id, name FROM org_names WHERE id >= :first"),
            {"first": first_name},
        )
        session.execute(
            text("INSERT INTO org_names_grams(rowid, grams) SELECT id, grams FROM org_names "
                 "WHERE id >= :first AND grams IS NOT NULL"),
            {"first": first_name},
        )  # fmt: skip
        for sql in FTS_INSERT_TRIGGERS.values():
            session.execute(text(sql))
        for _name, sql in indexes:
            session.execute(text(sql))
        after_bulk_load(session)
    finally:
        session.execute(text("PRAGMA cache_size = -2000"))  # SQLite's default, for the pooled connection


def after_bulk_load(session: Session) -> None:
    """Lets the planner see a large load at once. PostgreSQL: new rows wait in the trigram index's pending
    list and have no statistics until autovacuum runs, and searches scan the table meanwhile. SQLite:
    statistics from a sample of each index, as good for the planner as a full ANALYZE and seconds cheaper
    after a million rows."""
    if bulk.is_postgresql(session):
        session.execute(text("SELECT gin_clean_pending_list('ix_org_names_trgm')"))
        session.execute(text("ANALYZE organisations, org_names, org_versions"))
    else:
        session.execute(text("PRAGMA analysis_limit = 1000"))
        session.execute(text("PRAGMA optimize"))


def _suspend_kind_counts(session: Session) -> list[str]:
    """Switches off the triggers that keep `org_kind_days` in step row by row (migration 0010): a load adds
    its versions' counts in one statement at the end instead (`_count_new_versions`), which costs a fraction
    of a million single-row upserts. Inside the load's transaction, like everything here. Returns what
    `_count_new_versions` needs to switch them on again (SQLite's statements, which it drops)."""
    if bulk.is_postgresql(session):
        session.execute(text("ALTER TABLE org_versions DISABLE TRIGGER org_versions_kind_days"))
        return []
    rows = session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
                                "'org_versions' AND name LIKE 'org_versions_kind_days_%'")).all()  # fmt: skip
    for name, _sql in rows:
        session.execute(text(f"DROP TRIGGER {name}"))
    return [sql for _name, sql in rows]


def _count_new_versions(session: Session, first_version: int, sqlite_triggers: list[str]) -> None:
    """The counts by kind of the versions a load wrote (ids from `first_version`: a load only adds), as the
    triggers would have kept them, and the triggers back on."""
    steps = ("SELECT kind, valid_from AS day, 1 AS delta FROM org_versions WHERE id >= :first AND status IN "
             "('registered', 'active') UNION ALL SELECT kind, valid_to, -1 FROM org_versions WHERE id >= :first "
             "AND status IN ('registered', 'active') AND valid_to IS NOT NULL")  # fmt: skip
    session.execute(text(f"INSERT INTO org_kind_days (kind, day, delta) SELECT kind, day, SUM(delta) FROM ({steps}) "
                         "AS steps WHERE true GROUP BY kind, day ON CONFLICT (kind, day) DO UPDATE SET delta = "
                         "org_kind_days.delta + excluded.delta"), {"first": first_version})  # fmt: skip
    if bulk.is_postgresql(session):
        session.execute(text("ALTER TABLE org_versions ENABLE TRIGGER org_versions_kind_days"))
    for sql in sqlite_triggers:
        session.execute(text(sql))


# Rebuilt around a large load; the credit code's unique index stays, so duplicates still cannot get in.
REBUILT_INDEXES = (
    "ix_organisations_kind_province", "ix_organisations_parent_id", "ix_org_names_org_id", "ix_org_names_folded",
    "ix_org_names_lang_name", "ix_org_names_trgm", "ix_org_names_grams", "ix_org_versions_org_id",
    "ix_org_versions_asof",
)  # fmt: skip


def _index_definitions(session: Session) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the rebuilt indexes, as the database itself defines them."""
    if bulk.is_postgresql(session):
        sql = "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(:names)"
        return [(n, d) for n, d in session.execute(text(sql), {"names": list(REBUILT_INDEXES)}).all()]
    rows = session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
    return [(n, d) for n, d in rows.all() if n in REBUILT_INDEXES]


def organisation_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Organisation)).scalar_one()


# The SQLite triggers that keep the two name indexes (trigram, short runs) in step row by row.
FTS_INSERT_TRIGGERS = {
    "org_names_fts_ai": "CREATE TRIGGER org_names_fts_ai AFTER INSERT ON org_names BEGIN "
    "INSERT INTO org_names_fts(rowid, name) VALUES (new.id, new.name); END",
    "org_names_grams_ai": "CREATE TRIGGER org_names_grams_ai AFTER INSERT ON org_names BEGIN "
    "INSERT INTO org_names_grams(rowid, grams) VALUES (new.id, new.grams); END",
}


@dataclass(frozen=True)
class NextIds:
    """The ids a bulk load assigns itself, under the write lock."""

    org: int
    name: int
    version: int
    event: int  # the audit event of each new organisation, written in the same order


def next_ids(session: Session, first_event: int) -> NextIds:
    """The first ids an import may assign itself; the caller holds the write lock."""
    return NextIds(bulk.next_id(session, "organisations"), bulk.next_id(session, "org_names"),
                   bulk.next_id(session, "org_versions"), first_event)  # fmt: skip


@dataclass
class Rows:
    """One batch of organisations as rows of the three registry tables."""

    orgs: list[tuple[Any, ...]] = field(default_factory=list)
    names: list[tuple[Any, ...]] = field(default_factory=list)
    versions: list[tuple[Any, ...]] = field(default_factory=list)


ORG_ROW = ("id", *ORG_COLUMNS, "version", "imported_on")
NAME_ROW = ("id", "org_id", "name", "folded", "lang", "role", "grams")
VERSION_ROW = ("id", "org_id", "valid_from", "valid_to", "event_id", "kind", "province", "status")


def rows_for(ids: NextIds, states: Sequence[dict[str, Any]], valid_froms: Sequence[str],
             imported_on: str | None = None) -> tuple[Rows, NextIds]:  # fmt: skip
    """The rows of new organisations numbered from `ids`, and the ids after them; each version points at
    the organisation's audit event, which the caller writes with id `ids.event` onwards in the same order.
    Dates stay ISO strings, as both engines take them; `imported_on`, the day an import of a public list
    records them (`Organisation.imported_on`). Pure: an import builds rows away from the database
    connection."""
    out = Rows()
    org_id, name_id, version_id, event_id = ids.org, ids.name, ids.version, ids.event
    for state, valid_from in zip(states, valid_froms, strict=True):
        out.orgs.append((org_id, *(canonical(state[c]) if c == "fields" else state.get(c) for c in ORG_COLUMNS), 1,
                         imported_on))  # fmt: skip
        for n, lang, role in names_of(state):
            f = fold(n)
            out.names.append((name_id, org_id, n, f, lang, role, short_grams(f) if lang == "zh" else None))
            name_id += 1
        out.versions.append(
            (version_id, org_id, valid_from, None, event_id, state["kind"], state["province"], state["status"])
        )
        org_id, version_id, event_id = org_id + 1, version_id + 1, event_id + 1
    return out, NextIds(org_id, name_id, version_id, event_id)


def write_rows(session: Session, rows: Rows) -> None:
    """Writes a batch made by `rows_for`, inside `bulk_load`."""
    bulk.write(session, Organisation, ORG_ROW, rows.orgs, sequence=True)
    bulk.write(session, OrgName, NAME_ROW, rows.names, sequence=True)
    bulk.write(session, OrgVersion, VERSION_ROW, rows.versions, sequence=True)


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


def list_authorities(session: Session, kind: str | None = None, *, province: str | None = None,
                     after_id: int = 0, limit: int | None = None) -> list[Authority]:  # fmt: skip
    """Authorities in id order, from after `after_id` (a stable cursor)."""
    q = select(Authority).where(Authority.id > after_id).order_by(Authority.id)
    if kind:
        q = q.where(Authority.kind == kind)
    if province:
        q = q.where(Authority.province == province)
    if limit is not None:
        q = q.limit(limit)
    return list(session.scalars(q))


def get_authority(session: Session, authority_id: int) -> Authority | None:
    return session.get(Authority, authority_id)


def add_relation(session: Session, **values: Any) -> int:
    return session.execute(insert(Relation).values(**values).returning(Relation.id)).scalar_one()


def relation_exists(session: Session, **values: Any) -> bool:
    conds = [getattr(Relation, k).is_(None) if v is None else getattr(Relation, k) == v for k, v in values.items()]
    return session.execute(select(Relation.id).where(and_(*conds)).limit(1)).first() is not None
