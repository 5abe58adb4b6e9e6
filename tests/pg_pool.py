"""PostgreSQL databases for tests, copied from one migrated template and used again once emptied.

Copying a template is quick; dropping a database is not: PostgreSQL checkpoints on every DROP DATABASE,
which on a busy server takes seconds, once per test. So a test's database is emptied after it instead
(every row the template does not have deleted, every sequence restarted) and handed to the next test
of the same process. A database goes back only when its schema, its settings and its statistics are
still the template's and all of its data is gone; otherwise, or when emptying it fails, it is dropped and
the next test gets a fresh copy, as before. Every test gets a URL no earlier test used (its own
application_name), so no engine or pool cached for an earlier test is ever handed to it."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

# Everything a test could change that emptying the tables would not undo. Planner statistics count: a test
# that ran ANALYZE leaves a database whose plans differ from a fresh copy's.
SHAPE = """
SELECT string_agg(line, E'\\n' ORDER BY line) FROM (
  SELECT concat_ws(' ', 'schema', nspname) FROM pg_namespace
  UNION ALL SELECT concat_ws(' ', 'extension', extname, extversion) FROM pg_extension
  UNION ALL SELECT concat_ws(' ', 'relation', c.oid::regclass, c.relkind, c.relpersistence, c.reloptions)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
  UNION ALL SELECT concat_ws(' ', 'column', a.attrelid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
                             a.attnotnull, a.attstattarget, pg_get_expr(d.adbin, d.adrelid))
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT concat_ws(' ', 'constraint', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL SELECT concat_ws(' ', 'index', pg_get_indexdef(i.indexrelid))
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL SELECT concat_ws(' ', 'trigger', pg_get_triggerdef(oid), tgenabled) FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT concat_ws(' ', 'function', p.oid::regprocedure, md5(p.prosrc))
    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
  UNION ALL SELECT concat_ws(' ', 'type', t.oid::regtype) FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace
  UNION ALL SELECT concat_ws(' ', 'setting', setconfig) FROM pg_db_role_setting
    WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL SELECT concat_ws(' ', 'statistics', count(*)) FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid
    WHERE c.relnamespace = 'public'::regnamespace
) AS shape(line)
"""

TABLES = "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
SEQUENCES = "SELECT quote_ident(sequencename) FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename"
OTHERS = ("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          "WHERE datname = current_database() AND pid <> pg_backend_pid()")  # fmt: skip


def _rows(c: Connection, table: str) -> int:
    return int(c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


class PgDatabases:
    """The databases one test process copies from `template`: `take` one, `give_back` it after the test."""

    def __init__(self, server_url: str, template: str) -> None:
        self.server_url = server_url
        self.template = template
        self.admin: Engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
        self.idle: list[str] = []
        self.made: set[str] = set()
        with self._connect(template) as c:
            self.shape = c.execute(text(SHAPE)).scalar_one()
            tables = c.execute(text(TABLES)).scalars().all()
            # The template's own rows (alembic's version) stay; every other table starts empty.
            self.kept = {t: _rows(c, t) for t in tables if _rows(c, t)}
            self.emptied = [t for t in tables if t not in self.kept]
            sequences = c.execute(text(SEQUENCES)).scalars().all()
        self.emptying = "; ".join(["SET session_replication_role = replica",
                                   *(f"DELETE FROM {table}" for table in self.emptied),
                                   "SET session_replication_role = DEFAULT",
                                   *(f"ALTER SEQUENCE {seq} RESTART" for seq in sequences)])  # fmt: skip

    def url(self, name: str, application_name: str | None = None) -> str:
        u = make_url(self.server_url).set(database=name)
        if application_name:
            u = u.update_query_dict({"application_name": application_name})
        return u.render_as_string(hide_password=False)

    def _connect(self, name: str) -> Connection:
        return create_engine(self.url(name), isolation_level="AUTOCOMMIT", poolclass=NullPool).connect()

    def take(self) -> tuple[str, str]:
        """A database as empty as the template, and a URL for it that no earlier test used."""
        if self.idle:
            name = self.idle.pop()
        else:
            name = f"ngoreg_t_{uuid.uuid4().hex[:10]}"
            with self.admin.connect() as c:
                c.execute(text(f"CREATE DATABASE {name} TEMPLATE {self.template}"))
            self.made.add(name)
        return name, self.url(name, f"ngoreg_test_{uuid.uuid4().hex[:10]}")

    def give_back(self, name: str) -> None:
        if self._empty(name):
            self.idle.append(name)
        else:
            self.drop(name)

    def _empty(self, name: str) -> bool:
        try:
            with self._connect(name) as c:
                c.execute(text("SET lock_timeout = '10s'"))
                c.execute(text(OTHERS))  # what DROP DATABASE ... WITH (FORCE) did: the test's connections end
                # As a superuser, without firing triggers: the audit log's own trigger refuses to lose a row, as
                # it must everywhere but here, and foreign keys need no order of deletion. DELETE, not TRUNCATE,
                # which makes new files for every table and takes as long as a copy of the template.
                c.execute(text(self.emptying))
                same_rows = all(_rows(c, t) == n for t, n in self.kept.items())
                return same_rows and c.execute(text(SHAPE)).scalar_one() == self.shape
        except Exception:  # a database that cannot be emptied is dropped, never handed on
            return False

    def drop(self, name: str) -> None:
        with self.admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        self.made.discard(name)

    def close(self) -> None:
        for name in list(self.made):
            self.drop(name)
        self.admin.dispose()
