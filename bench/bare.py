"""The bare engine doing the work of `ngoreg import orgs`, and the bare queries: bench/run.py's baselines.

Each import runs on a fresh database and, in one transaction, stores the CSV's organisations, one name row per
name (Chinese, English, aliases, former names) with a trigram index over them, and one audit row per
organisation whose hash is the SHA-256 of its JSON; it ends with ANALYZE, so the queries that follow have
planner statistics. Nothing here depends on the ngoreg package.

    python bench/bare.py sqlite bench/out/orgs-20000.csv --db bench/out/bare.db
    python bench/bare.py postgresql bench/out/orgs-20000.csv --db postgresql://postgres@127.0.0.1:5432/DBNAME
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv

COLUMNS = (
    "kind",
    "name_zh",
    "name_en",
    "uscc",
    "origin",
    "province",
    "fields",
    "gongo",
    "public_fundraising",
    "registered_on",
    "aliases",
    "former_names",
)
LIST_COLUMNS = ("fields", "aliases", "former_names")
BATCH_BYTES = 8 << 20  # pyarrow block size: about 45,000 rows a batch

OrgRow = tuple[Any, ...]
NameRow = tuple[int, int, str, str, str, str | None]
AuditRow = tuple[int, int, str, str, str]


@dataclass
class ImportResult:
    engine: str
    rows: int
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "rows_per_s": round(self.rows_per_s, 1),
            "phases": {k: round(v, 3) for k, v in self.phases.items()},
        }


class _Phases:
    """Adds up wall time per phase; phases recur once per batch."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self._last
        self._last = now


def read_batches(path: Path) -> Iterator[dict[str, list[str]]]:
    """The CSV in batches of columns, every value a string ('' for empty)."""
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=BATCH_BYTES),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in COLUMNS},
            strings_can_be_null=False,
            include_columns=list(COLUMNS),
        ),
    )
    for batch in reader:
        yield {c: batch.column(c).to_pylist() for c in COLUMNS}


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CANDIDATES = 200  # what ngoreg's ranked search reads per query (ngoreg.registry.search.CANDIDATES)
PROBE = 20_000  # Chinese names a PostgreSQL short query scans first (ngoreg.registry.search.PROBE)


def fold(name: str) -> str:
    """The same folding as ngoreg's: NFKC, casefolded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


_CJK_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def short_grams(folded: str) -> str | None:
    """As ngoreg's: the distinct one- and two-character runs of Chinese characters, space-separated."""
    runs = _CJK_RUNS.findall(folded)
    grams = [c for run in runs for c in run] + [run[i : i + 2] for run in runs for i in range(len(run) - 1)]
    return " ".join(dict.fromkeys(grams)) or None


def lang_of(name: str) -> str:
    return "zh" if _CJK.search(name) else "en"


def _split(value: str) -> list[str]:
    return [part for part in value.split(";") if part] if value else []


def build_rows(
    columns: dict[str, list[str]], first_org_id: int, first_name_id: int
) -> tuple[list[OrgRow], list[NameRow], list[AuditRow]]:
    """Org, name and audit rows for one batch. Audit rows carry the canonical JSON and its SHA-256."""
    orgs: list[OrgRow] = []
    names: list[NameRow] = []
    audits: list[AuditRow] = []
    name_id = first_name_id
    n = len(columns["kind"])
    cols = [columns[c] for c in COLUMNS]
    for i in range(n):
        org_id = first_org_id + i
        values = [col[i] for col in cols]
        record = dict(zip(COLUMNS, values, strict=True))
        fields_list = _split(record["fields"])
        aliases = _split(record["aliases"])
        former = _split(record["former_names"])
        orgs.append((org_id, *(v if v != "" else None for v in values)))
        for name in (record["name_zh"], record["name_en"], *aliases, *former):
            if name:
                lang, folded = lang_of(name), fold(name)
                names.append((name_id, org_id, name, folded, lang, short_grams(folded) if lang == "zh" else None))
                name_id += 1
        after: dict[str, str | list[str] | None] = {k: (v or None) for k, v in record.items()}
        after["fields"] = fields_list
        after["aliases"] = aliases
        after["former_names"] = former
        text = json.dumps(after, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        audits.append((org_id, org_id, "org.imported", text, hashlib.sha256(text.encode()).hexdigest()))
    return orgs, names, audits


# --------------------------------------------------------------------------------------------- SQLite

SQLITE_SCHEMA = """
CREATE TABLE orgs (
    id INTEGER PRIMARY KEY, kind TEXT, name_zh TEXT, name_en TEXT, uscc TEXT, origin TEXT, province TEXT,
    fields TEXT, gongo TEXT, public_fundraising TEXT, registered_on TEXT, aliases TEXT, former_names TEXT
);
CREATE TABLE names (id INTEGER PRIMARY KEY, org_id INTEGER, name TEXT, folded TEXT, lang TEXT, grams TEXT);
CREATE VIRTUAL TABLE fts USING fts5(name, content='names', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE grams_fts USING fts5(grams, content='names', content_rowid='id', detail='none');
CREATE TABLE audit (id INTEGER PRIMARY KEY, subject_id INTEGER, action TEXT, after_json TEXT, hash TEXT);
"""


def sqlite_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def sqlite_import(csv_path: Path, db_path: Path) -> ImportResult:
    """Fresh SQLite file at `db_path` (any old one removed), then the whole import in one transaction."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    conn = sqlite_connect(db_path)
    conn.executescript(SQLITE_SCHEMA)
    placeholders = ",".join("?" * (len(COLUMNS) + 1))
    started = time.perf_counter()
    phases = _Phases()
    conn.execute("BEGIN IMMEDIATE")
    org_id, name_id = 1, 1
    batches = read_batches(csv_path)
    while True:
        columns = next(batches, None)
        phases.lap("parse")
        if columns is None:
            break
        orgs, names, audits = build_rows(columns, org_id, name_id)
        phases.lap("build_and_hash")
        conn.executemany(f"INSERT INTO orgs VALUES ({placeholders})", orgs)
        phases.lap("insert_orgs")
        conn.executemany("INSERT INTO names VALUES (?,?,?,?,?,?)", names)
        phases.lap("insert_names")
        conn.executemany("INSERT INTO audit VALUES (?,?,?,?,?)", audits)
        phases.lap("insert_audit")
        org_id += len(orgs)
        name_id += len(names)
    conn.execute("INSERT INTO fts(fts) VALUES('rebuild')")
    phases.lap("fts_rebuild")
    conn.execute("INSERT INTO grams_fts(rowid, grams) SELECT id, grams FROM names WHERE grams IS NOT NULL")
    phases.lap("short_query_index")
    for statement in NAME_INDEXES:
        conn.execute(statement)
    phases.lap("name_indexes")
    conn.execute("ANALYZE")
    phases.lap("analyze")
    conn.execute("COMMIT")
    phases.lap("commit")
    seconds = time.perf_counter() - started
    conn.close()
    return ImportResult("sqlite", org_id - 1, seconds, phases.seconds)


# The B-trees of ngoreg's search index beside the trigram index: exact and prefix matches on the folded
# name, and the short-query scan of one language's names.
NAME_INDEXES = (
    "CREATE INDEX names_folded ON names (folded, org_id)",
    "CREATE INDEX names_lang_name ON names (lang, name, org_id)",
)


def fts_phrase(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


def sqlite_search(conn: sqlite3.Connection, query: str) -> list[int]:
    """The unranked first 20: trigram FTS for 3+ characters, a scan with instr() below that (trigrams
    need 3 characters)."""
    if len(query) >= 3:
        cur = conn.execute("SELECT rowid FROM fts WHERE fts MATCH ? LIMIT 20", (fts_phrase(query),))
    else:
        cur = conn.execute("SELECT org_id FROM names WHERE instr(name, ?) > 0 LIMIT 20", (query,))
    return [r[0] for r in cur.fetchall()]


def sqlite_search_candidates(conn: sqlite3.Connection, query: str) -> list[tuple[int, str, str]]:
    """What a ranked search must read, as the same two statements ngoreg issues, bare and unranked: the
    exact and prefix matches from the folded-name B-tree, and CANDIDATES substring matches from the
    trigram index (the short-query scan below 3 characters)."""
    q = fold(query)
    rows = conn.execute(
        "SELECT org_id, name, folded FROM names WHERE folded >= ? AND folded < ? ORDER BY folded LIMIT ?",
        (q, q + "\U0010ffff", CANDIDATES),
    ).fetchall()
    if len(q) >= 3:
        rows += conn.execute(
            "SELECT n.org_id, n.name, n.folded FROM fts f JOIN names n ON n.id = f.rowid WHERE fts MATCH ? LIMIT ?",
            (fts_phrase(q), CANDIDATES),
        ).fetchall()
    elif all(_CJK.match(c) for c in q):
        rows += conn.execute(
            "SELECT n.org_id, n.name, n.folded FROM grams_fts g JOIN names n ON n.id = g.rowid "
            "WHERE grams_fts MATCH ? LIMIT ?",
            (f'"{q}"', CANDIDATES),
        ).fetchall()
    else:
        rows += conn.execute(
            "SELECT org_id, name, folded FROM names WHERE lang = ? AND instr(name, ?) > 0 LIMIT ?",
            (lang_of(q), q, CANDIDATES),
        ).fetchall()
    return rows


# ----------------------------------------------------------------------------------------- PostgreSQL

PG_SCHEMA = (
    """CREATE TABLE orgs (
        id integer PRIMARY KEY, kind text, name_zh text, name_en text, uscc text, origin text, province text,
        fields text, gongo text, public_fundraising text, registered_on date, aliases text, former_names text
    )""",
    "CREATE TABLE names (id integer PRIMARY KEY, org_id integer, name text, folded text, lang text, grams text)",
    "CREATE TABLE audit (id integer PRIMARY KEY, subject_id integer, action text, after_json text,"
    " hash text)",
)


def psycopg_conninfo(url: str) -> str:
    """SQLAlchemy-style URLs (postgresql+psycopg://) to what libpq reads."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme.startswith("postgres"):
        raise ValueError(f"not a PostgreSQL URL: {url}")
    return "postgresql://" + rest


def pg_import(csv_path: Path, url: str) -> ImportResult:
    """Into the (fresh, empty) database at `url`: tables, COPY of every row, then the trigram index."""
    with psycopg.connect(psycopg_conninfo(url)) as conn:
        started = time.perf_counter()
        phases = _Phases()
        with conn.cursor() as cur:
            for statement in PG_SCHEMA:
                cur.execute(statement)
            phases.lap("schema")
            org_id, name_id = 1, 1
            batches = read_batches(csv_path)
            org_copy = f"COPY orgs (id, {', '.join(COLUMNS)}) FROM STDIN"
            while True:
                columns = next(batches, None)
                phases.lap("parse")
                if columns is None:
                    break
                orgs, names, audits = build_rows(columns, org_id, name_id)
                phases.lap("build_and_hash")
                _copy(cur, org_copy, orgs)
                phases.lap("copy_orgs")
                _copy(cur, "COPY names (id, org_id, name, folded, lang, grams) FROM STDIN", names)
                phases.lap("copy_names")
                _copy(cur, "COPY audit (id, subject_id, action, after_json, hash) FROM STDIN", audits)
                phases.lap("copy_audit")
                org_id += len(orgs)
                name_id += len(names)
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cur.execute("CREATE INDEX names_name_trgm ON names USING gin (name gin_trgm_ops)")
            phases.lap("trigram_index")
            cur.execute("CREATE INDEX names_grams ON names USING gin (string_to_array(grams, ' ')) "
                        "WHERE grams IS NOT NULL")  # fmt: skip
            phases.lap("short_query_index")
            for statement in NAME_INDEXES:
                cur.execute(statement)
            # the histogram ngoreg gives the planner (its migration 0005), so both read prefixes in index order
            cur.execute("ALTER TABLE names ALTER COLUMN folded SET STATISTICS 1000")
            phases.lap("name_indexes")
            # Planner statistics: without them (or with autovacuum off) the first queries get blind plans.
            cur.execute("ANALYZE orgs, names, audit")
            phases.lap("analyze")
        conn.commit()
        phases.lap("commit")
        seconds = time.perf_counter() - started
    return ImportResult("postgresql", org_id - 1, seconds, phases.seconds)


def _copy(cur: psycopg.Cursor[Any], statement: str, rows: Sequence[tuple[Any, ...]]) -> None:
    with cur.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def pg_search(conn: psycopg.Connection[Any], query: str) -> list[int]:
    rows = conn.execute("SELECT org_id FROM names WHERE name ILIKE %s LIMIT 20", (like_pattern(query),))
    return [r[0] for r in rows.fetchall()]


def pg_search_candidates(conn: psycopg.Connection[Any], query: str) -> list[tuple[int, str, str]]:
    """As `sqlite_search_candidates`, with pg_trgm for the substrings."""
    q = fold(query)
    rows = conn.execute(
        "SELECT org_id, name, folded FROM names WHERE folded >= %s AND folded < %s ORDER BY folded LIMIT %s",
        (q, q + "\U0010ffff", CANDIDATES),
    ).fetchall()
    if len(q) >= 3:
        rows += conn.execute("SELECT org_id, name, folded FROM names WHERE name ILIKE %s LIMIT %s",
                             (like_pattern(q), CANDIDATES)).fetchall()  # fmt: skip
    elif all(_CJK.match(c) for c in q):
        rows += conn.execute(
            "SELECT org_id, name, folded FROM (SELECT org_id, name, folded FROM names WHERE lang = 'zh' LIMIT %s) s "
            "WHERE strpos(name, %s) > 0 LIMIT %s", (PROBE, q, CANDIDATES)).fetchall()  # fmt: skip
        if len(rows) < CANDIDATES:
            rows += conn.execute("SELECT org_id, name, folded FROM names WHERE grams IS NOT NULL "
                                 "AND string_to_array(grams, ' ') @> ARRAY[%s::text] LIMIT %s",
                                 (q, CANDIDATES)).fetchall()  # fmt: skip
    else:
        rows += conn.execute("SELECT org_id, name, folded FROM names WHERE lang = %s AND strpos(name, %s) > 0 LIMIT %s",
                             (lang_of(q), q, CANDIDATES)).fetchall()  # fmt: skip
    return [(r[0], r[1], r[2]) for r in rows]


# ------------------------------------------------------------------------------------- count by province

COUNT_SQL = "SELECT province, count(*) FROM orgs WHERE registered_on <= {} GROUP BY province"


def sqlite_count_by_province(conn: sqlite3.Connection, as_of: date) -> dict[str, int]:
    cur = conn.execute(COUNT_SQL.format("?"), (as_of.isoformat(),))
    return {r[0]: r[1] for r in cur.fetchall()}


def pg_count_by_province(conn: psycopg.Connection[Any], as_of: date) -> dict[str, int]:
    cur = conn.execute(COUNT_SQL.format("%s"), (as_of,))
    return {r[0]: r[1] for r in cur.fetchall()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("engine", choices=["sqlite", "postgresql"])
    parser.add_argument("csv", type=Path)
    parser.add_argument(
        "--db", required=True, help="SQLite file (replaced) or an empty PostgreSQL database URL"
    )
    args = parser.parse_args(argv)
    db: str = args.db
    result = sqlite_import(args.csv, Path(db)) if args.engine == "sqlite" else pg_import(args.csv, db)
    print(json.dumps(result.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
