"""Benchmark the ChinaFile importers and the as-of statistics against the bare engine.

    python bench/fngo.py --offices 100000 --activities 1000000 [--engines sqlite,postgresql] \\
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--out bench/out] [--seed 1]

For each engine: a fresh database and `ngoreg init`; `ngoreg import chinafile-offices` and `ngoreg import
chinafile-activities` timed as subprocesses with their peak RSS; then `ngoreg stats` as of two dates through the
package's Python API (first run and best of three), and once as a command (with its start-up). The bare engine
does the same GROUP BY in the same run: the activities' (start date, province) pairs, exploded from the same CSV
with pyarrow, in a plain two-column table, queried through the driver with no index and again with a covering
index; the package's own SQL is also run through the bare driver on ngoreg's database, to separate what the SQL
costs from what the package adds. Counts are compared. On PostgreSQL the databases `ngoreg_bench_fngo` and
`ngoreg_bench_fngo_bare` are created on the server of --pg-url (dropped first if they exist) and dropped at the
end, as are the SQLite files, unless --keep. Writes OUT/results-fngo-ENGINE.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import bare
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from generate_fngo import generate
from run import log, ngoreg_command, pg_recreate, pg_url_for, run_child, sqlite_remove, timed
from sqlalchemy import text
from sqlalchemy.engine import make_url

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_DATABASE = "ngoreg_bench_fngo"
PG_BARE_DATABASE = "ngoreg_bench_fngo_bare"
AS_OF = (date(2018, 12, 31), date(2023, 6, 30))
TARGET_SECONDS = 1.0  # an as-of statistic, best of three
QUERIES = (("activities", "province"), ("activities", "field"), ("activities", "month"), ("offices", "province"),
           ("offices", "psu"))  # fmt: skip

FACET_SQL = ("SELECT value, count(*) FROM facets WHERE scope = 'fngo_temporary_activity' AND facet = 'province' "
             "AND valid_from <= {p} AND (valid_to IS NULL OR valid_to > {p}) GROUP BY value")  # fmt: skip
BARE_SQL = "SELECT province, count(*) FROM activity_provinces WHERE start_date <= {p} GROUP BY province"


def best_of_three(run: Callable[[], Any]) -> tuple[dict[str, float], Any]:
    first, result = timed(run)
    best = min(timed(run)[0] for _ in range(3))
    return {"first_s": round(first, 4), "best_of_3_s": round(best, 4)}, result


def import_child(cmd: list[str], kind: str, path: Path, url: str, log_path: Path) -> dict[str, Any]:
    code, seconds, rss, tail = run_child([*cmd, "import", f"chinafile-{kind}", str(path), "--db", url, "--json"],
                                         log_path)  # fmt: skip
    out: dict[str, Any] = {"exit_code": code, "seconds": round(seconds, 2), "peak_rss_mib": round(rss, 1)}
    try:
        summary = json.loads(log_path.read_text(encoding="utf-8"))
        out.update({k: summary[k] for k in ("loaded", "skipped_existing", "duplicates", "rejected", "warnings",
                                            "created")})  # fmt: skip
        out["rows_per_s"] = round(summary["loaded"] / seconds, 1)
    except (ValueError, KeyError):
        out["output_tail"] = tail
    log(f"ngoreg import chinafile-{kind}: exit {code}, {seconds:.1f} s, {out.get('rows_per_s', 0):,.0f} rows/s, "
        f"peak RSS {rss:,.0f} MiB; loaded {out.get('loaded')}, rejected {out.get('rejected')}")  # fmt: skip
    return out


def ngoreg_stats(url: str) -> dict[str, Any]:
    from ngoreg.db.engine import transaction
    from ngoreg.reporting.stats import stats

    out: dict[str, Any] = {}
    with transaction(url, write=False) as s:
        out["facets"] = s.execute(text("SELECT count(*) FROM facets")).scalar_one()
        for on in AS_OF:
            for subject, by in QUERIES:
                timing, rows = best_of_three(lambda subject=subject, by=by, on=on: stats(s, subject, by, as_of=on))
                out[f"{subject}.{by}@{on}"] = {**timing, "keys": len(rows), "counted": sum(r["count"] for r in rows)}
            out[f"result.activities.province@{on}"] = {r["key"]: r["count"] for r in stats(s, "activities", "province",
                                                                                           as_of=on)}  # fmt: skip
    return out


def explode_provinces(path: Path) -> pa.Table:
    types = {"Start Date": pa.date32(), "Provinces": pa.string()}
    t = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(include_columns=list(types), column_types=types))
    parts = pc.split_pattern(t.column("Provinces"), ", ")
    starts = pc.take(t.column("Start Date"), pc.list_parent_indices(parts))
    return pa.table({"start_date": starts, "province": pc.utf8_trim_whitespace(pc.list_flatten(parts))})


class Bare:
    """The bare engine: a two-column table of the same (start date, province) pairs, and raw SQL."""

    def __init__(self, engine: str, target: str) -> None:
        self.engine = engine
        self.sqlite = bare.sqlite_connect(Path(target)) if engine == "sqlite" else None
        self.pg = psycopg.connect(bare.psycopg_conninfo(target), autocommit=True) if engine != "sqlite" else None

    def load(self, pairs: pa.Table) -> float:
        rows = list(zip(pairs.column("start_date").to_pylist(), pairs.column("province").to_pylist(), strict=True))

        def run() -> None:
            if self.sqlite is not None:
                self.sqlite.execute("CREATE TABLE activity_provinces (start_date TEXT, province TEXT)")
                self.sqlite.executemany("INSERT INTO activity_provinces VALUES (?, ?)",
                                        ((d.isoformat(), p) for d, p in rows))  # fmt: skip
                self.sqlite.commit()
                self.sqlite.execute("ANALYZE")
            else:
                assert self.pg is not None
                self.pg.execute("CREATE TABLE activity_provinces (start_date date, province text)")
                with self.pg.cursor().copy("COPY activity_provinces FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
                self.pg.execute("VACUUM ANALYZE activity_provinces")

        seconds, _ = timed(run)
        return round(seconds, 2)

    def index(self) -> None:
        sql = "CREATE INDEX ix_activity_provinces ON activity_provinces (province, start_date)"
        if self.sqlite is not None:
            self.sqlite.execute(sql)
            self.sqlite.execute("ANALYZE")
        else:
            assert self.pg is not None
            self.pg.execute(sql)
            self.pg.execute("VACUUM ANALYZE activity_provinces")

    def count(self, sql: str, on: date) -> dict[str, int]:
        if self.sqlite is not None:
            return dict(self.sqlite.execute(sql.format(p=":d"), {"d": on.isoformat()}).fetchall())
        assert self.pg is not None
        return dict(self.pg.execute(sql.format(p="%(d)s"), {"d": on}).fetchall())  # type: ignore[arg-type]

    def close(self) -> None:
        for c in (self.sqlite, self.pg):
            if c is not None:
                c.close()


def run_engine(engine: str, offices: Path, activities: Path, out: Path, pg_base: str) -> dict[str, Any]:
    log(f"\n=== {engine} ===")
    result: dict[str, Any] = {"engine": engine, "offices_csv": str(offices), "activities_csv": str(activities)}
    if engine == "sqlite":
        db_path, bare_path = out / "fngo-sqlite.db", out / "fngo-bare-sqlite.db"
        sqlite_remove(db_path)
        sqlite_remove(bare_path)
        url, bare_target = f"sqlite:///{db_path.resolve()}", str(bare_path)
        raw_target = str(db_path)
        result["sqlite_version"] = sqlite3.sqlite_version
    else:
        pg_recreate(pg_base, PG_DATABASE)
        pg_recreate(pg_base, PG_BARE_DATABASE)
        url, bare_target = pg_url_for(pg_base, PG_DATABASE), pg_url_for(pg_base, PG_BARE_DATABASE)
        raw_target = url
        with psycopg.connect(bare.psycopg_conninfo(bare_target)) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            result["server_version"] = row[0] if row else None
    result["url"] = make_url(url).render_as_string(hide_password=True)
    cmd = ngoreg_command()
    code, seconds, _rss, tail = run_child([*cmd, "init", "--db", url], out / f"fngo-init-{engine}.log")
    if code != 0:
        result["error"] = f"ngoreg init exited {code}: {tail}"
        log(result["error"])
        return result
    result["import_offices"] = import_child(cmd, "offices", offices, url, out / f"fngo-offices-{engine}.log")
    result["import_activities"] = import_child(cmd, "activities", activities, url,
                                               out / f"fngo-activities-{engine}.log")  # fmt: skip
    if engine != "sqlite":
        # What autovacuum does after a large insert: set the visibility map, so that a count can be answered
        # from the covering index without visiting the table.
        result["stats_before_vacuum"] = ngoreg_stats(url)
        with psycopg.connect(bare.psycopg_conninfo(url), autocommit=True) as conn:
            result["vacuum_seconds"] = round(timed(lambda: conn.execute("VACUUM ANALYZE facets, org_versions"))[0], 2)
    result["stats"] = ngoreg_stats(url)
    on = AS_OF[1]
    code, seconds, _rss, _tail = run_child([*cmd, "stats", "activities", "--by", "province", "--as-of",
                                            on.isoformat(), "--json", "--db", url], out / f"fngo-stats-{engine}.log")
    _code, startup, _rss, _tail = run_child([*cmd, "--help"], out / "fngo-startup.log")
    result["stats_cli"] = {"exit_code": code, "seconds": round(seconds, 3), "cli_startup_seconds": round(startup, 3)}

    # The bare engine.
    pairs = explode_provinces(activities)
    b = Bare(engine, bare_target)
    raw = Bare(engine, raw_target)
    try:
        result["bare_load_seconds"] = b.load(pairs)
        result["bare_rows"] = pairs.num_rows
        for d in AS_OF:
            result[f"bare_plain@{d}"], plain = best_of_three(lambda d=d: b.count(BARE_SQL, d))
            result[f"raw_facet_sql@{d}"], _ = best_of_three(lambda d=d: raw.count(FACET_SQL, d))
            ours = result["stats"][f"result.activities.province@{d}"]
            result[f"counts_match@{d}"] = {k: v for k, v in ours.items() if k != "Unknown"} == \
                {k: v for k, v in plain.items() if k != "Unknown"}  # fmt: skip
        b.index()
        for d in AS_OF:
            result[f"bare_indexed@{d}"], _ = best_of_three(lambda d=d: b.count(BARE_SQL, d))
    finally:
        b.close()
        raw.close()
    best = result["stats"][f"activities.province@{on}"]["best_of_3_s"]
    result["target"] = {"activities.province as of, best of 3 (s)": best, "limit": TARGET_SECONDS,
                        "pass": best <= TARGET_SECONDS}  # fmt: skip
    return result


def drop(engine: str, out: Path, pg_base: str) -> None:
    """Removes what the run created: the SQLite files, or the two PostgreSQL databases."""
    if engine == "sqlite":
        for name in ("fngo-sqlite.db", "fngo-bare-sqlite.db"):
            sqlite_remove(out / name)
        return
    with psycopg.connect(bare.psycopg_conninfo(pg_base), autocommit=True) as conn:
        for name in (PG_DATABASE, PG_BARE_DATABASE):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(r: dict[str, Any]) -> None:
    if "stats" not in r:
        return
    log(f"{'as-of statistic (ms)':<44}{'first':>9}{'best':>9}{'keys':>6}{'counted':>10}")
    for key, v in r["stats"].items():
        if isinstance(v, dict) and "best_of_3_s" in v:
            log(f"{key:<44}{v['first_s'] * 1000:>9.1f}{v['best_of_3_s'] * 1000:>9.1f}{v['keys']:>6}{v['counted']:>10,}")
    for d in AS_OF:
        log(f"activities by province as of {d}: bare plain {r[f'bare_plain@{d}']['best_of_3_s'] * 1000:.1f} ms, "
            f"bare indexed {r[f'bare_indexed@{d}']['best_of_3_s'] * 1000:.1f} ms, ngoreg's SQL through the driver "
            f"{r[f'raw_facet_sql@{d}']['best_of_3_s'] * 1000:.1f} ms; same counts: {r[f'counts_match@{d}']}")
    log(f"ngoreg stats as a command: {r['stats_cli']['seconds']:.2f} s "
        f"(start-up alone {r['stats_cli']['cli_startup_seconds']:.2f} s)")
    t = r["target"]
    log(f"{'PASS' if t['pass'] else 'FAIL'} as-of statistic {t['activities.province as of, best of 3 (s)']} s "
        f"(target <= {t['limit']} s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--offices", type=int, default=100_000)
    ap.add_argument("--activities", type=int, default=1_000_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--pg-url", default=DEFAULT_PG_URL)
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the databases (by default they are dropped at the end)")
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    offices = out / f"fngo-offices-{args.offices}-seed{args.seed}.csv"
    activities = out / f"fngo-activities-{args.activities}-seed{args.seed}.csv"
    if args.regenerate or not (offices.exists() and activities.exists()):
        log(f"generating {args.offices:,} offices and {args.activities:,} activities")
        seconds, _ = timed(lambda: generate(args.offices, args.activities, out, args.seed))
        log(f"generated in {seconds:.1f} s")
    failed = False
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        result = run_engine(engine, offices, activities, out, args.pg_url)
        result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                             "platform": platform.platform()}  # fmt: skip
        report(result)
        path = out / f"results-fngo-{engine}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        log(f"wrote {path}")
        if not args.keep:
            drop(engine, out, args.pg_url)
        failed |= "error" in result or any(result.get(k, {}).get("exit_code") for k in ("import_offices",
                                                                                          "import_activities"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
