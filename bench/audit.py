"""Time `ngoreg audit verify` on a generated registry: the chain, the replay of every organisation and
filing against the log, and a checkpoint.

    python bench/audit.py --count 100000 [--offices 2000 --activities 50000] [--engines sqlite,postgresql] \\
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--out bench/out]

For each engine: a fresh database (PostgreSQL: the database `ngoreg_bench_audit` is dropped and created),
`ngoreg init`, `ngoreg import orgs` of `--count` generated organisations (bench/generate.py) and the FNGO
offices and temporary activities of bench/generate_fngo.py (filings, and events that carry no state); then,
in this process, the chain walk and the replay timed apart (best of `--repeat`), `ngoreg audit checkpoint` and
`ngoreg audit verify --checkpoints` as subprocesses with their wall time and peak RSS. Prints the figures and
writes bench/out/audit-ENGINE.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_DATABASE = "ngoreg_bench_audit"


def log(message: str) -> None:
    print(message, flush=True)


# The child writes its own peak RSS (VmHWM, the new process image's) at exit: the peak the kernel reports
# for a child carries over across exec, so a child forked from this process would report this one's.
CHILD = """import atexit, os, re
def _peak():
    with open("/proc/self/status") as f, open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(re.search(r"VmHWM:\\s+(\\d+)", f.read()).group(1))
atexit.register(_peak)
from ngoreg.cli.app import main
main()
"""


def ngoreg(*args: str, ok: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Runs the CLI; (wall seconds, peak RSS MiB of the child, output). Stops the benchmark on an exit code
    not in `ok` (`verify`'s 1 included: the registry built here must verify)."""
    with tempfile.TemporaryDirectory() as tmp:
        peak = Path(tmp) / "peak"
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, env={**os.environ, "BENCH_PEAK_FILE": str(peak)})  # fmt: skip
        wall = time.perf_counter() - t
        rss = int(peak.read_text()) / 1024 if peak.exists() else float("nan")
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(args[:3])} failed ({proc.returncode}): {proc.stderr.strip()[:2000]}")
    return wall, rss, proc.stdout


def generated(args: argparse.Namespace) -> tuple[Path, Path, Path]:
    args.out.mkdir(parents=True, exist_ok=True)
    orgs = args.out / f"orgs-{args.count}-seed{args.seed}.csv"
    if not orgs.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--count", str(args.count), "--out", str(orgs),
                        "--seed", str(args.seed)], check=True)  # fmt: skip
    offices = args.out / f"fngo-offices-{args.offices}-seed{args.seed}.csv"
    activities = args.out / f"fngo-activities-{args.activities}-seed{args.seed}.csv"
    if not (offices.exists() and activities.exists()):
        subprocess.run([sys.executable, str(HERE / "generate_fngo.py"), "--offices", str(args.offices),
                        "--activities", str(args.activities), "--out", str(args.out), "--seed", str(args.seed)],
                       check=True)  # fmt: skip
    return orgs, offices, activities


def fresh(engine: str, args: argparse.Namespace) -> str:
    if engine == "sqlite":
        path = args.out / "audit.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"))
        c.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
    admin.dispose()
    return make_url(args.pg_url).set(database=PG_DATABASE).render_as_string(hide_password=False)


def best(fn: Any, repeat: int) -> tuple[float, float, Any]:
    """Best wall and CPU seconds of this process (on a shared machine the CPU time says more; on PostgreSQL
    it leaves out the server's share)."""
    times, result = [], None
    for _ in range(repeat):
        t, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - t, time.process_time() - cpu))
    return min(w for w, _ in times), min(c for _, c in times), result


def load(engine: str, files: tuple[Path, Path, Path], args: argparse.Namespace) -> str:
    orgs, offices, activities = files
    url = fresh(engine, args)
    log(f"[{engine}] init and imports …")
    ngoreg("init", "--db", url)
    # an import exits 1 when it rejected rows (the generators write a few bad ones on purpose)
    ngoreg("import", "orgs", str(orgs), "--db", url, ok=(0, 1))
    ngoreg("import", "chinafile-offices", str(offices), "--db", url, ok=(0, 1))
    ngoreg("import", "chinafile-activities", str(activities), "--db", url, ok=(0, 1))
    return url


def run_engine(engine: str, files: tuple[Path, Path, Path], args: argparse.Namespace) -> dict[str, Any]:
    from ngoreg.audit.replay import replay
    from ngoreg.audit.service import walk
    from ngoreg.db.engine import transaction

    if args.reuse:
        url = f"sqlite:///{args.out / 'audit.db'}" if engine == "sqlite" else \
            make_url(args.pg_url).set(database=PG_DATABASE).render_as_string(hide_password=False)  # fmt: skip
    else:
        url = load(engine, files, args)

    def chain() -> Any:
        with transaction(url, write=False) as s:
            return walk(s)

    def rows() -> Any:
        with transaction(url, write=False) as s:
            return replay(s)

    chain_s, chain_cpu, c = best(chain, args.repeat)
    replay_s, replay_cpu, r = best(rows, args.repeat)
    assert c.broken_at is None and r.mismatched == 0, "the generated registry must verify"
    with tempfile.TemporaryDirectory() as tmp:
        key, file = Path(tmp) / "audit.key", Path(tmp) / "checkpoints.jsonl"
        ngoreg("audit", "keygen", "--out", str(key))
        checkpoint_s, checkpoint_rss, _ = ngoreg("audit", "checkpoint", "--key", str(key), "--checkpoints",
                                                 str(file), "--db", url)  # fmt: skip
        again_s, _, _ = ngoreg("audit", "checkpoint", "--key", str(key), "--checkpoints", str(file), "--db", url)
        verify_s, verify_rss, out = ngoreg("audit", "verify", "--checkpoints", str(file), "--public-key",
                                           f"{key}.pub", "--db", url)  # fmt: skip
    result = {"engine": engine, "events": c.checked, "rows": r.rows, "chain_s": round(chain_s, 3),
              "chain_cpu_s": round(chain_cpu, 3), "replay_s": round(replay_s, 3), "replay_cpu_s": round(replay_cpu, 3),
              "verify_cli_s": round(verify_s, 3),
              "verify_cli_peak_rss_mib": round(verify_rss, 1), "first_checkpoint_cli_s": round(checkpoint_s, 3),
              "next_checkpoint_cli_s": round(again_s, 3), "checkpoint_peak_rss_mib": round(checkpoint_rss, 1),
              "verify_output": out.strip()}  # fmt: skip
    (args.out / f"audit-{engine}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"[{engine}] {c.checked:,} events, {r.rows}: chain {chain_s:.2f} s (CPU {chain_cpu:.2f}), "
        f"replay {replay_s:.2f} s (CPU {replay_cpu:.2f}); "
        f"CLI verify with checkpoints {verify_s:.2f} s (peak RSS {verify_rss:.0f} MiB); "
        f"checkpoint {checkpoint_s:.2f} s first, {again_s:.2f} s next")  # fmt: skip
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=100_000, help="organisations (bench/generate.py)")
    ap.add_argument("--offices", type=int, default=2_000)
    ap.add_argument("--activities", type=int, default=50_000, help="temporary activity filings")
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--pg-url", default=DEFAULT_PG_URL)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reuse", action="store_true", help="time the databases a previous run loaded")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args()
    os.environ.pop("NGOREG_AUDIT_CHECKPOINTS", None)
    files = generated(args) if not args.reuse else (Path(), Path(), Path())
    for engine in args.engines.split(","):
        run_engine(engine, files, args)


if __name__ == "__main__":
    main()
