"""Benchmark `ngoreg import orgs`, name search and the as-of count against the bare engine.

    python bench/run.py --count 1000000 [--engines sqlite,postgresql] \\
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test] --out bench/out

For each engine: a fresh database, `ngoreg init`, then `ngoreg import orgs` timed as a subprocess with its
peak RSS; the same work done by the bare engine (bench/bare.py); then search latency (p50/p99 over 1,000
queries of each class) and the as-of count by province, through the package's Python API and as bare SQL.
Prints every figure and each ratio (ngoreg/bare) and writes bench/out/results-ENGINE.json. See
bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from random import Random
from typing import Any

import bare
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
from sqlalchemy import text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_DATABASE = "ngoreg_bench"
PG_BARE_DATABASE = "ngoreg_bench_bare"
AS_OF = date(2015, 6, 30)
QUERY_CLASSES = ("zh_1_2", "zh_3_4", "en_word")
WARMUP = 20

# Targets (bench/README.md). Absolute ones are meant for the 1,000,000-row run.
IMPORT_RATIO_MIN = 0.5
SEARCH_P99_RATIO_MAX = 3.0
SEARCH_ZH_SHORT_P99_MS_MAX = 30.0
COUNT_SECONDS_MAX = 1.0
PEAK_RSS_MIB_MAX = 1024.0


# ------------------------------------------------------------------------------------------ helpers


def log(message: str) -> None:
    print(message, flush=True)


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def ratio(ours: float, theirs: float) -> float | None:
    return round(ours / theirs, 3) if theirs > 0 and not math.isnan(ours) else None


def ngoreg_command() -> list[str]:
    beside = Path(sys.executable).with_name("ngoreg")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("ngoreg")
    if found is None:
        raise SystemExit("the ngoreg command is not installed (pip install -e .)")
    return [found]


def run_child(argv: list[str], log_path: Path) -> tuple[int, float, float, str]:
    """Runs a command, output to `log_path`; returns (exit code, wall seconds, peak RSS in MiB, output tail).
    The peak RSS is that child's own (os.wait4), not the maximum over every child this process has had."""
    with log_path.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # already reaped: keep Popen from waiting again
    tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
    return code, seconds, usage.ru_maxrss / 1024, tail  # ru_maxrss is in KiB on Linux


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


# -------------------------------------------------------------------------------------------- data


def ensure_csv(count: int, seed: int, out: Path, regenerate: bool) -> Path:
    path = out / f"orgs-{count}-seed{seed}.csv"
    if path.exists() and not regenerate:
        log(f"reusing {path}")
        return path
    log(f"generating {count:,} organisations -> {path}")
    argv = [sys.executable, str(HERE / "generate.py"), "--count", str(count), "--out", str(path)]
    subprocess.run([*argv, "--seed", str(seed)], check=True)
    return path


_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")


def sample_queries(csv_path: Path, per_class: int, seed: int) -> dict[str, list[str]]:
    """`per_class` queries of each class, cut from the generated names; deterministic for a seed."""
    table = pacsv.read_csv(
        csv_path,
        convert_options=pacsv.ConvertOptions(
            include_columns=["name_zh", "name_en"],
            column_types={"name_zh": pa.string(), "name_en": pa.string()},
            strings_can_be_null=False,
        ),
    )
    zh: list[str] = table.column("name_zh").to_pylist()
    en: list[str] = table.column("name_en").to_pylist()
    rng = Random(seed * 7919 + 17)
    out: dict[str, list[str]] = {c: [] for c in QUERY_CLASSES}
    while len(out["zh_1_2"]) < per_class:
        name = zh[rng.randrange(len(zh))]
        k = rng.choice((1, 2))
        if len(name) >= k:
            start = rng.randrange(len(name) - k + 1)
            out["zh_1_2"].append(name[start : start + k])
    while len(out["zh_3_4"]) < per_class:
        name = zh[rng.randrange(len(zh))]
        k = rng.choice((3, 4))
        if len(name) >= k:
            start = rng.randrange(len(name) - k + 1)
            out["zh_3_4"].append(name[start : start + k])
    while len(out["en_word"]) < per_class:
        words = _EN_WORD.findall(en[rng.randrange(len(en))])
        if words:
            out["en_word"].append(rng.choice(words))
    return out


# ------------------------------------------------------------------------------------------ databases


def pg_url_for(base_url: str, database: str) -> str:
    """The SQLAlchemy URL of `database` on the server of `base_url` (postgresql+psycopg://)."""
    url = make_url(base_url).set(drivername="postgresql+psycopg", database=database)
    return url.render_as_string(hide_password=False)


def pg_recreate(base_url: str, database: str) -> None:
    """DROP (forcing off any session) and CREATE `database`, from the database of `base_url`."""
    with psycopg.connect(bare.psycopg_conninfo(base_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')


def sqlite_remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


class BareQueries:
    """The bare queries on the bare database of one engine."""

    def __init__(self, engine: str, target: str) -> None:
        self.engine = engine
        self.sqlite: sqlite3.Connection | None = None
        self.pg: psycopg.Connection[Any] | None = None
        if engine == "sqlite":
            self.sqlite = bare.sqlite_connect(Path(target))
        else:
            # custom plans for each pattern, as ngoreg sets them (ngoreg.db.engine)
            self.pg = psycopg.connect(bare.psycopg_conninfo(target), autocommit=True,
                                      options="-c plan_cache_mode=force_custom_plan")

    def search(self, query: str) -> list[int]:
        if self.sqlite is not None:
            return bare.sqlite_search(self.sqlite, query)
        assert self.pg is not None
        return bare.pg_search(self.pg, query)

    def search_candidates(self, query: str) -> list[tuple[int, str, str]]:
        if self.sqlite is not None:
            return bare.sqlite_search_candidates(self.sqlite, query)
        assert self.pg is not None
        return bare.pg_search_candidates(self.pg, query)

    def select_1(self) -> list[Any]:
        if self.sqlite is not None:
            return self.sqlite.execute("SELECT 1").fetchall()
        assert self.pg is not None
        return self.pg.execute("SELECT 1").fetchall()

    def count(self) -> dict[str, int]:
        if self.sqlite is not None:
            return bare.sqlite_count_by_province(self.sqlite, AS_OF)
        assert self.pg is not None
        return bare.pg_count_by_province(self.pg, AS_OF)

    def close(self) -> None:
        if self.sqlite is not None:
            self.sqlite.close()
        if self.pg is not None:
            self.pg.close()


# -------------------------------------------------------------------------------------- measurements


def latencies(run: Callable[[str], Any], queries: Sequence[str]) -> dict[str, float]:
    for q in queries[:WARMUP]:
        run(q)
    times: list[float] = []
    hits = 0
    for q in queries:
        started = time.perf_counter()
        result = run(q)
        times.append((time.perf_counter() - started) * 1000)
        hits += len(result)
    times.sort()
    return {
        "p50_ms": round(percentile(times, 50), 3),
        "p99_ms": round(percentile(times, 99), 3),
        "max_ms": round(times[-1], 3),
        "mean_hits": round(hits / len(queries), 2),
    }


def count_timings(run: Callable[[], Any]) -> tuple[dict[str, float], Any]:
    first, result = timed(run)
    best = min(timed(run)[0] for _ in range(3))
    return {"first_s": round(first, 4), "best_of_3_s": round(best, 4)}, result


def measure_ngoreg(url: str, queries: dict[str, list[str]]) -> dict[str, Any]:
    """Search and the as-of count through the package's Python API, in one read transaction."""
    from ngoreg.db.engine import transaction
    from ngoreg.registry.search import search
    from ngoreg.registry.service import count_by

    out: dict[str, Any] = {"search": {}}
    with transaction(url, write=False) as session:
        orgs = session.execute(text("SELECT count(*) FROM organisations")).scalar_one()
        out["organisations"] = orgs
        out["floor_select_1"] = latencies(lambda _q: session.execute(text("SELECT 1")).all(), ["1"] * 200)
        for cls in QUERY_CLASSES:
            out["search"][cls] = latencies(lambda q: search(session, q, limit=20), queries[cls])
        timing, counts = count_timings(lambda: count_by(session, "province", as_of=AS_OF))
        out["count_by_province"] = timing
        out["count_result"] = {str(k): n for k, n in counts}
    return out


def measure_bare(engine: str, target: str, queries: dict[str, list[str]]) -> dict[str, Any]:
    db = BareQueries(engine, target)
    try:
        out: dict[str, Any] = {"search": {}, "search_first_20": {}}
        out["floor_select_1"] = latencies(lambda _q: db.select_1(), ["1"] * 200)
        for cls in QUERY_CLASSES:
            out["search"][cls] = latencies(db.search_candidates, queries[cls])
            out["search_first_20"][cls] = latencies(db.search, queries[cls])
        timing, counts = count_timings(db.count)
        out["count_by_province"] = timing
        out["count_result"] = counts
    finally:
        db.close()
    return out


def run_engine(engine: str, csv_path: Path, count: int, out: Path, pg_base: str,
               queries: dict[str, list[str]]) -> dict[str, Any]:  # fmt: skip
    log(f"\n=== {engine} ===")
    result: dict[str, Any] = {
        "engine": engine, "count": count, "csv": str(csv_path), "as_of": AS_OF.isoformat()
    }
    if engine == "sqlite":
        db_path = out / "ngoreg-sqlite.db"
        bare_path = out / "bare-sqlite.db"
        sqlite_remove(db_path)
        url = f"sqlite:///{db_path.resolve()}"
        bare_target = str(bare_path)
        result["sqlite_version"] = sqlite3.sqlite_version
    else:
        pg_recreate(pg_base, PG_DATABASE)
        pg_recreate(pg_base, PG_BARE_DATABASE)
        url = pg_url_for(pg_base, PG_DATABASE)
        bare_target = pg_url_for(pg_base, PG_BARE_DATABASE)
        with psycopg.connect(bare.psycopg_conninfo(bare_target)) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            result["server_version"] = row[0] if row else None
    result["url"] = make_url(url).render_as_string(hide_password=True)

    # ngoreg init + import, as a user would run them.
    cmd = ngoreg_command()
    code, seconds, _rss, tail = run_child([*cmd, "init", "--db", url], out / f"init-{engine}.log")
    result["init_seconds"] = round(seconds, 3)
    if code != 0:
        result["error"] = f"ngoreg init exited {code}: {tail}"
        log(result["error"])
        return result
    log(f"ngoreg init: {seconds:.2f} s")
    code, seconds, rss, tail = run_child(
        [*cmd, "import", "orgs", str(csv_path), "--db", url, "--json"], out / f"import-{engine}.log"
    )
    imported: dict[str, Any] = {
        "exit_code": code,
        "seconds": round(seconds, 3),
        "rows_per_s": round(count / seconds, 1),
        "peak_rss_mib": round(rss, 1),
    }
    result["import"] = imported
    log(f"ngoreg import orgs: exit {code}, {seconds:.2f} s, {count / seconds:,.0f} rows/s, "
        f"peak RSS {rss:,.0f} MiB")
    try:
        summary = json.loads((out / f"import-{engine}.log").read_text(encoding="utf-8"))
        imported["loaded"] = summary.get("loaded")
        imported["rejected"] = summary.get("rejected")
        if summary.get("rejections"):
            imported["first_rejections"] = summary["rejections"][:5]
    except (ValueError, AttributeError):
        pass  # not JSON: the tail below says why
    if code != 0:
        imported["output_tail"] = tail
        log(f"ngoreg import orgs failed (exit {code}); output tail:\n{tail}")
    elif imported.get("rejected"):
        log(f"WARNING: {imported['rejected']} rows rejected, e.g. {imported.get('first_rejections')}")
    _code, startup, _rss, _tail = run_child([*cmd, "--help"], out / "startup.log")
    imported["cli_startup_seconds"] = round(startup, 3)  # included in the import's wall time

    # The bare engine doing the same work.
    if engine == "sqlite":
        bare_import = bare.sqlite_import(csv_path, bare_path)
    else:
        bare_import = bare.pg_import(csv_path, bare_target)
    result["bare_import"] = bare_import.as_dict()
    log(f"bare import: {bare_import.seconds:.2f} s, {bare_import.rows_per_s:,.0f} rows/s; phases "
        + ", ".join(f"{k} {v:.2f}s" for k, v in bare_import.phases.items()))  # fmt: skip
    result["import_ratio"] = ratio(imported["rows_per_s"], bare_import.rows_per_s)

    # Queries.
    try:
        ours = measure_ngoreg(url, queries)
    except Exception as exc:  # report the package's failure and keep the bare figures
        ours = {"error": f"{type(exc).__name__}: {exc}"}
        log(f"ngoreg queries failed: {ours['error']}")
    theirs = measure_bare(engine, bare_target, queries)
    result["ngoreg"] = ours
    result["bare"] = theirs
    if "organisations" in ours and ours["organisations"] != count:
        log(f"WARNING: ngoreg holds {ours['organisations']:,} organisations, the CSV has {count:,}")
    if "count_result" in ours:
        result["count_results_match"] = ours["count_result"] == theirs["count_result"]

    ratios: dict[str, Any] = {"import_rows_per_s": result["import_ratio"]}
    for cls in QUERY_CLASSES:
        if "search" in ours:
            a, b = ours["search"][cls], theirs["search"][cls]
            for p in ("p50", "p99"):
                ratios[f"search_{cls}_{p}"] = ratio(a[f"{p}_ms"], b[f"{p}_ms"])
                ratios[f"search_{cls}_{p}_vs_first_20"] = ratio(a[f"{p}_ms"], theirs["search_first_20"][cls][f"{p}_ms"])
    if "count_by_province" in ours:
        for key in ("first_s", "best_of_3_s"):
            ratios[f"count_{key}"] = ratio(ours["count_by_province"][key], theirs["count_by_province"][key])
    result["ratios"] = ratios
    result["targets"] = check_targets(result)
    return result


def check_targets(result: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    ratios = result["ratios"]

    def put(name: str, value: float | None, limit: float, at_least: bool) -> None:
        ok = None if value is None else (value >= limit if at_least else value <= limit)
        out[name] = {"value": value, "target": f"{'>=' if at_least else '<='} {limit}", "pass": ok}

    put("import rows/s vs bare", ratios.get("import_rows_per_s"), IMPORT_RATIO_MIN, True)
    for cls in QUERY_CLASSES:
        put(f"search {cls} p99 vs bare", ratios.get(f"search_{cls}_p99"), SEARCH_P99_RATIO_MAX, False)
    ours = result.get("ngoreg", {})
    short = ours.get("search", {}).get("zh_1_2", {}).get("p99_ms")
    put("search zh_1_2 p99 ms", short, SEARCH_ZH_SHORT_P99_MS_MAX, False)
    put("count by province as of, best s", ours.get("count_by_province", {}).get("best_of_3_s"),
        COUNT_SECONDS_MAX, False)  # fmt: skip
    put("import peak RSS MiB", result.get("import", {}).get("peak_rss_mib"), PEAK_RSS_MIB_MAX, False)
    return out


def report(result: dict[str, Any]) -> None:
    ours = result.get("ngoreg", {})
    theirs = result.get("bare", {})
    if "search" in ours:
        log(f"{'search (ms)':<14}{'ngoreg p50':>12}{'p99':>10}{'hits':>7}{'bare p50':>12}{'p99':>10}"
            f"{'hits':>7}{'p50 x':>8}{'p99 x':>8}")  # fmt: skip
        for cls in QUERY_CLASSES:
            a, b = ours["search"][cls], theirs["search"][cls]
            log(f"{cls:<14}{a['p50_ms']:>12.2f}{a['p99_ms']:>10.2f}{a['mean_hits']:>7.1f}{b['p50_ms']:>12.2f}"
                f"{b['p99_ms']:>10.2f}{b['mean_hits']:>7.1f}"
                f"{_fmt(result['ratios'].get(f'search_{cls}_p50')):>8}"
                f"{_fmt(result['ratios'].get(f'search_{cls}_p99')):>8}")  # fmt: skip
        first_20 = theirs["search_first_20"]
        log("bare first 20 unranked (ms): " + ", ".join(
            f"{cls} p50 {first_20[cls]['p50_ms']:.2f} p99 {first_20[cls]['p99_ms']:.2f}" for cls in QUERY_CLASSES))
    if "floor_select_1" in ours:
        log(f"floor (SELECT 1 round trip) p50: ngoreg session {ours['floor_select_1']['p50_ms']:.3f} ms, "
            f"bare {theirs['floor_select_1']['p50_ms']:.3f} ms")  # fmt: skip
    if "count_by_province" in ours:
        a, b = ours["count_by_province"], theirs["count_by_province"]
        same = result.get("count_results_match")
        log(f"count by province as of {result['as_of']}: ngoreg first {a['first_s'] * 1000:.1f} ms, best "
            f"{a['best_of_3_s'] * 1000:.1f} ms; bare first {b['first_s'] * 1000:.1f} ms, best "
            f"{b['best_of_3_s'] * 1000:.1f} ms; ratio (best) "
            f"{_fmt(result['ratios'].get('count_best_of_3_s'))}; same counts: {same}")  # fmt: skip
    log(f"import ratio (ngoreg/bare rows/s): {_fmt(result.get('import_ratio'))}")
    log("targets:")
    for name, t in result.get("targets", {}).items():
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[t["pass"]]
        log(f"  {verdict:<5}{name}: {t['value']} (target {t['target']})")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL,
                        help=f"a database on the server to connect to; {PG_DATABASE} and {PG_BARE_DATABASE} "
                             "are dropped and created there")  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=1000, help="queries per class")
    parser.add_argument("--regenerate", action="store_true", help="rewrite the CSV even if it exists")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    csv_path = ensure_csv(args.count, args.seed, out, args.regenerate)
    queries = sample_queries(csv_path, args.queries, args.seed)
    failed = False
    for engine in engines:
        result = run_engine(engine, csv_path, args.count, out, args.pg_url, queries)
        result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                             "platform": platform.platform()}  # fmt: skip
        report(result)
        path = out / f"results-{engine}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"wrote {path}")
        import_failed = result.get("import", {}).get("exit_code") != 0
        failed |= "error" in result or import_failed or "error" in result.get("ngoreg", {})
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
