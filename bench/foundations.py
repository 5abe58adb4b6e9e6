"""Benchmark `ngoreg import foundations` against the bare engine.

    python bench/foundations.py --count 1000000 [--engines sqlite,postgresql] \\
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--out bench/out] [--seed 1] [--keep]

Generates a synthetic foundation catalogue of COUNT rows in the published shape (tab-separated, the columns
`ngoreg import foundations` reads): valid credit codes (`uscc.check_digit`) from registrars of every level —
the Ministry, provincial departments, prefectures' and counties' bureaus — and the catalogues' dirt: placeholder
and empty-range dates, full-width digits, 万元 and 亿, `nan` and `暂无`, several supervisory units joined by
full- and half-width commas, deregistered and revoked foundations. Beside it, the same foundations in the
organisation CSV `bench/bare.py` reads.

For each engine: a fresh database and `ngoreg init`, then `ngoreg import foundations` timed as a subprocess
(with its peak RSS); in the same run, the bare engine's import of the same number of organisations
(`bench/bare.py`: rows, names, audit rows with their SHA-256, the search index), as `bench/run.py` compares
the organisation CSV's import. Target: the import's rows/s at least half the bare engine's. On PostgreSQL the
databases `ngoreg_bench_found` and `ngoreg_bench_found_bare` are created on the server of --pg-url (dropped
first if they exist) and dropped at the end, as are the SQLite files, unless --keep. Writes
OUT/results-foundations-ENGINE.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import sys
from pathlib import Path
from typing import Any

import bare
import psycopg
from run import log, ngoreg_command, pg_recreate, pg_url_for, run_child, sqlite_remove, timed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from ngoreg.reference import provinces
from ngoreg.registry.uscc import check_digit

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_DATABASE = "ngoreg_bench_found"
PG_BARE_DATABASE = "ngoreg_bench_found_bare"
TARGET_RATIO = 0.5
HEADER = ("inst_nm", "uscc", "inst_type", "reg_dept", "spv_dept", "est_date", "init_fund", "status", "prov", "dist",
          "address", "phone_num", "website", "wrk_domain", "repre", "cert_valid_thru")  # fmt: skip
ORG_COLUMNS = ("kind", "name_zh", "name_en", "uscc", "origin", "province", "fields", "gongo", "public_fundraising",
               "registered_on", "aliases", "former_names")  # fmt: skip
TOPICS = ("教育", "扶贫", "助学", "医疗救助", "环境保护", "文化传承", "科技创新", "助残", "养老", "儿童发展", "体育",
          "社区发展")
WORDS = ("春晖", "阳光", "希望", "明德", "仁爱", "博爱", "青禾", "同心", "善源", "瑞丰", "长青", "启明")
TYPES = (("公募基金会", 0.25), ("非公募基金会", 0.65), ("慈善组织", 0.10))
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _base36(n: int) -> str:
    return f"{n:09d}"


def generate(count: int, seed: int, tsv: Path, orgs_csv: Path) -> None:
    """COUNT catalogue rows, and the same foundations as organisation CSV rows (`bench/bare.py`)."""
    rnd = random.Random(seed)
    provs = [p for p in provinces().values() if p.level not in ("sar", "corps") and p.code != "710000"]
    with tsv.open("w", encoding="utf-8") as t, orgs_csv.open("w", encoding="utf-8", newline="") as o:
        t.write("\t".join(HEADER) + "\n")
        w = csv.writer(o)
        w.writerow(ORG_COLUMNS)
        for i in range(count):
            p = rnd.choice(provs)
            prefix = p.code[:2]
            r = rnd.random()
            # registrars of every level: the Ministry, provinces, prefectures, counties
            if r < 0.02:
                region, registrar, place = "100000", "民政部", "中华"
            elif r < 0.62:
                region, registrar = p.code, f"{p.name_zh}民政{'局' if p.level == 'municipality' else '厅'}"
                place = p.short_zh
            elif r < 0.92:
                city = rnd.randrange(1, 20)
                region, place = f"{prefix}{city:02d}00", f"{p.short_zh}第{city}市"
                registrar = f"{place}民政局"
            else:
                city, county = rnd.randrange(1, 20), rnd.randrange(1, 30)
                region = f"{prefix}{city:02d}{county:02d}"
                registrar, place = f"{p.short_zh}第{city}市第{county}区民政局", f"{p.short_zh}第{city}市第{county}区"
            first17 = f"53{region}{_base36(i)}"
            code = first17 + check_digit(first17)
            name = f"{place}{rnd.choice(WORDS)}{rnd.choice(TOPICS)}基金会{i}号"
            kind = rnd.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
            u = rnd.random()
            units = "直接登记" if u < 0.4 else "无" if u < 0.45 else "" if u < 0.5 else \
                f"{place}教育局" if u < 0.85 else f"{place}教育局，{place}民政局、{place}科协" if u < 0.95 else \
                f"{place}卫生健康委员会, {place}团委"  # fmt: skip
            year = rnd.randrange(1990, 2025)
            day = f"{year}-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}"
            d = rnd.random()
            est = "1900-01-01 至 1900-01-01" if d < 0.01 else "1899-12-30" if d < 0.015 else " 至 " if d < 0.02 else day
            amount = rnd.randrange(2, 5000)
            f = rnd.random()
            fund = f"{amount}万元" if f < 0.5 else str(amount * 10_000) if f < 0.7 else \
                f"{amount}万元".translate(FULL_WIDTH) if f < 0.8 else "nan" if f < 0.9 else "暂无" if f < 0.95 else \
                f"{amount / 10_000}亿"  # fmt: skip
            s = rnd.random()
            status = "正常" if s < 0.85 else "存续" if s < 0.93 else "注销" if s < 0.98 else "撤销"
            prov = p.name_zh if rnd.random() < 0.8 else p.short_zh
            phone = f"0{rnd.randrange(10, 999)}-{rnd.randrange(10_000_000, 99_999_999)}"
            address = f"{place}某路{i % 500}号"
            t.write("\t".join((name, code, kind, registrar, units, est, fund, status, prov, "", address, phone, "",
                               rnd.choice(TOPICS), "", "")) + "\n")  # fmt: skip
            registered = day if est == day else ""
            w.writerow(("foundation", name, "", code, "CN", p.code, "", "", "yes" if kind == "公募基金会" else "no",
                        registered, "", ""))  # fmt: skip


def run_engine(engine: str, tsv: Path, orgs_csv: Path, count: int, out: Path, pg_base: str,
               keep: bool) -> dict[str, Any]:  # fmt: skip
    result: dict[str, Any] = {"engine": engine, "count": count, "python": platform.python_version()}
    cmd = ngoreg_command()
    if engine == "sqlite":
        db_path, bare_path = out / "found.db", out / "found-bare.db"
        for path in (db_path, bare_path):
            sqlite_remove(path)
        url, bare_target = f"sqlite:///{db_path}", str(bare_path)
    else:
        pg_recreate(pg_base, PG_DATABASE)
        pg_recreate(pg_base, PG_BARE_DATABASE)
        url, bare_target = pg_url_for(pg_base, PG_DATABASE), pg_url_for(pg_base, PG_BARE_DATABASE)
    try:
        code, seconds, _rss, tail = run_child([*cmd, "init", "--db", url], out / f"found-init-{engine}.log")
        if code != 0:
            raise SystemExit(f"ngoreg init failed: {tail}")
        log_path = out / f"found-import-{engine}.log"
        code, seconds, rss, tail = run_child([*cmd, "import", "foundations", str(tsv), "--db", url, "--json"],
                                             log_path)  # fmt: skip
        imp: dict[str, Any] = {"exit_code": code, "seconds": round(seconds, 2), "peak_rss_mib": round(rss, 1)}
        try:
            summary = json.loads(log_path.read_text(encoding="utf-8"))
            imp.update({k: summary[k] for k in ("loaded", "rejected", "duplicates", "disagreements", "undated",
                                                "created")})  # fmt: skip
            imp["rows_per_s"] = round(summary["loaded"] / seconds, 1)
        except (ValueError, KeyError):
            imp["output_tail"] = tail
        result["import"] = imp
        log(f"{engine}: ngoreg import foundations: exit {code}, {seconds:.1f} s, {imp.get('rows_per_s', 0):,.0f} "
            f"rows/s, peak RSS {rss:,.0f} MiB; loaded {imp.get('loaded')}, rejected {imp.get('rejected')}")  # fmt: skip
        if engine == "sqlite":
            _, res = timed(lambda: bare.sqlite_import(orgs_csv, Path(bare_target)))
        else:
            _, res = timed(lambda: bare.pg_import(orgs_csv, bare_target))
        result["bare_import"] = res.as_dict()
        log(f"{engine}: bare import: {res.seconds:.1f} s, {res.rows_per_s:,.0f} rows/s")
        ours = imp.get("rows_per_s", 0.0)
        result["import_ratio"] = round(ours / res.rows_per_s, 3) if res.rows_per_s else None
        result["target"] = {"import_ratio": TARGET_RATIO, "met": (result["import_ratio"] or 0) >= TARGET_RATIO}
        log(f"{engine}: ratio {result['import_ratio']} (target ≥ {TARGET_RATIO})")
    finally:
        if not keep:
            if engine == "sqlite":
                for path in (out / "found.db", out / "found-bare.db"):
                    sqlite_remove(path)
            else:
                with psycopg.connect(bare.psycopg_conninfo(pg_base), autocommit=True) as conn:
                    for database in (PG_DATABASE, PG_BARE_DATABASE):
                        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--pg-url", default=DEFAULT_PG_URL)
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the databases")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tsv = args.out / f"foundations-{args.count}-seed{args.seed}.tsv"
    orgs_csv = args.out / f"foundations-{args.count}-seed{args.seed}-orgs.csv"
    if not tsv.exists() or not orgs_csv.exists():
        seconds, _ = timed(lambda: generate(args.count, args.seed, tsv, orgs_csv))
        log(f"generated {tsv} and {orgs_csv} in {seconds:.1f} s")
    failed = False
    for engine in args.engines.split(","):
        result = run_engine(engine, tsv, orgs_csv, args.count, args.out, args.pg_url, args.keep)
        (args.out / f"results-foundations-{engine}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
        failed |= result["import"].get("exit_code") not in (0, None) or not result["target"]["met"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
