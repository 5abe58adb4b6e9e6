"""Benchmark the HTTP read of one organisation: `GET /api/v1/organisations/{id}` served by `ngoreg serve`
against a bare FastAPI app doing the same primary-key read with the engine's driver (bench/api_bare.py),
both on the same database, both served by uvicorn with the same workers on loopback, in the same run.

    python bench/api.py [--count 1000000] [--engines sqlite,postgresql] [--workers 2] [--concurrency 32]
                        [--seconds 15] [--warmup 3] [--pg-url URL] [--out bench/out]

The registry is the one bench/run.py builds: the generated CSV (bench/generate.py), `ngoreg init` and
`ngoreg import orgs` (kept between runs of the same size; `--rebuild` to build again). The load generator
is below: asyncio, HTTP/1.1 keep-alive, `--concurrency` connections each asking for random ids one after
another; a warm-up first, then `--seconds` of measurement. Prints requests/s, p50 and p99 of each server and
the ratio ngoreg/bare; writes bench/out/api-ENGINE.json. Targets (bench/README.md): ngoreg ≥ 50 % of the
bare requests/s, ngoreg p99 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import run as orgbench  # bench/run.py: the CSV, the databases, the helpers

HERE = Path(__file__).resolve().parent
PG_DATABASE = "ngoreg_bench_api"
RATIO_MIN = 0.5
P99_MS_MAX = 50.0


def log(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------------------------------- load generator


async def _client(host: str, port: int, count: int, stop_at: float, record_from: float, seed: int,
                  out: list[float], errors: list[str]) -> None:  # fmt: skip
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            started = time.perf_counter()
            if started >= stop_at:
                return
            org_id = rng.randint(1, count)
            writer.write(f"GET /api/v1/organisations/{org_id} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            ended = time.perf_counter()
            if started >= record_from:
                if status == 200:
                    out.append(ended - started)
                else:
                    errors.append(f"{status} for id {org_id}")
    finally:
        writer.close()


def load(port: int, count: int, *, concurrency: int, seconds: float, warmup: float, seed: int) -> dict[str, Any]:
    """Requests/s and latency percentiles over `seconds`, after `warmup` seconds of the same load."""
    latencies: list[float] = []
    errors: list[str] = []

    async def main() -> None:
        now = time.perf_counter()
        record_from, stop_at = now + warmup, now + warmup + seconds
        await asyncio.gather(*(_client("127.0.0.1", port, count, stop_at, record_from, seed + i, latencies, errors)
                               for i in range(concurrency)))  # fmt: skip

    asyncio.run(main())
    latencies.sort()
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:5],
        "requests_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(orgbench.percentile(ms, 50), 2),
        "p90_ms": round(orgbench.percentile(ms, 90), 2),
        "p99_ms": round(orgbench.percentile(ms, 99), 2),
        "max_ms": round(ms[-1], 2) if ms else None,
    }


# ---------------------------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(argv: list[str], port: int, log_path: Path, env: dict[str, str] | None = None,
          probe: str = "/api/v1/organisations/1") -> subprocess.Popen[bytes]:  # fmt: skip
    """Starts a server and waits until `probe` answers 200."""
    out = log_path.open("wb")
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})}, cwd=HERE, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{argv[0]} exited {proc.returncode}; see {log_path}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(f"GET {probe} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                if s.recv(12).startswith(b"HTTP/1.1 200"):
                    return proc
        except OSError:
            pass
        time.sleep(0.2)
    stop(proc)
    raise SystemExit(f"{argv[0]} did not answer within 60 s; see {log_path}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stops the server and its workers (its own process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def measure(name: str, argv: list[str], env: dict[str, str] | None, args: argparse.Namespace, port: int,
            log_path: Path) -> dict[str, Any]:  # fmt: skip
    proc = start(argv, port, log_path, env)
    try:
        result = load(port, args.count, concurrency=args.concurrency, seconds=args.seconds, warmup=args.warmup,
                      seed=args.seed)  # fmt: skip
    finally:
        stop(proc)
    log(f"  {name:<7} {result['requests_per_s']:>9,.0f} req/s   p50 {result['p50_ms']:6.2f} ms   "
        f"p99 {result['p99_ms']:6.2f} ms   errors {result['errors']}")
    return result


# ------------------------------------------------------------------------------------------- the registry


def registry(engine: str, args: argparse.Namespace) -> str:
    """The database URL of an N-organisation registry, built with `ngoreg init` and `ngoreg import orgs`
    unless one of this size is already there (then migrated to the current schema)."""
    out: Path = args.out
    marker = out / f"api-{engine}.built"
    if engine == "sqlite":
        path = out / "api-sqlite.db"
        url = f"sqlite:///{path.resolve()}"
    else:
        url = orgbench.pg_url_for(args.pg_url, PG_DATABASE)
    if not args.rebuild and marker.exists() and marker.read_text().strip() == str(args.count):
        code, seconds, _rss, tail = orgbench.run_child([*orgbench.ngoreg_command(), "db", "upgrade", "--db", url],
                                                       out / f"api-upgrade-{engine}.log")  # fmt: skip
        if code != 0:
            raise SystemExit(f"ngoreg db upgrade exited {code}: {tail}")
        log(f"reusing the {args.count:,}-organisation registry ({engine}), brought to the current schema")
        return url
    csv_path = orgbench.ensure_csv(args.count, args.seed, out, False)
    if engine == "sqlite":
        orgbench.sqlite_remove(out / "api-sqlite.db")
    else:
        orgbench.pg_recreate(args.pg_url, PG_DATABASE)
    cmd = orgbench.ngoreg_command()
    for step in (["init"], ["import", "orgs", str(csv_path)]):
        code, seconds, _rss, tail = orgbench.run_child([*cmd, *step, "--db", url], out / f"api-{step[0]}-{engine}.log")
        if code != 0:
            raise SystemExit(f"ngoreg {step[0]} exited {code}: {tail}")
        log(f"ngoreg {' '.join(step[:2])} ({engine}): {seconds:.1f} s")
    marker.write_text(str(args.count))
    return url


def run_engine(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    log(f"\n=== {engine} ===")
    url = registry(engine, args)
    workers = str(args.workers)
    result: dict[str, Any] = {"engine": engine, "count": args.count, "workers": args.workers,
                              "concurrency": args.concurrency, "seconds": args.seconds,
                              "warmup": args.warmup}  # fmt: skip
    if engine == "postgresql":
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            result["server_version"] = row[0] if row else None
    port = free_port()
    ngoreg = [*orgbench.ngoreg_command(), "serve", "--port", str(port), "--workers", workers, "--db", url]
    # The bare app is served exactly as `ngoreg serve` serves ngoreg (uvicorn, same workers, same socket).
    bare = [sys.executable, "-c", "import sys; from ngoreg.web.serve import serve; "
            "serve('api_bare:create_app', host='127.0.0.1', port=int(sys.argv[1]), workers=int(sys.argv[2]))",
            str(port), workers]  # fmt: skip
    # Alternating rounds, so a change in the machine's load falls on both; each server's best round counts.
    rounds: dict[str, list[dict[str, Any]]] = {"ngoreg": [], "bare": []}
    for _ in range(args.rounds):
        rounds["ngoreg"].append(measure("ngoreg", ngoreg, None, args, port, args.out / f"api-serve-{engine}.log"))
        rounds["bare"].append(measure("bare", bare, {"BENCH_DB": url}, args, port, args.out / f"api-bare-{engine}.log"))
    for name, runs in rounds.items():
        result[name] = max(runs, key=lambda r: r["requests_per_s"])
        result[f"{name}_rounds"] = runs
    ours, theirs = result["ngoreg"], result["bare"]
    result["ratio"] = orgbench.ratio(ours["requests_per_s"], theirs["requests_per_s"])
    result["targets"] = {
        "ratio_min": RATIO_MIN, "ratio_met": (result["ratio"] or 0) >= RATIO_MIN,
        "p99_ms_max": P99_MS_MAX, "p99_met": ours["p99_ms"] <= P99_MS_MAX,
        "no_errors": ours["errors"] == 0 and theirs["errors"] == 0,
    }  # fmt: skip
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                         "loadavg_after": os.getloadavg()}  # fmt: skip
    log(f"{engine}: ngoreg/bare requests/s {result['ratio']} (target ≥ {RATIO_MIN}); ngoreg p99 {ours['p99_ms']} ms "
        f"(target ≤ {P99_MS_MAX}); bare p99 {theirs['p99_ms']} ms")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=orgbench.DEFAULT_PG_URL,
                        help=f"a database on the server; {PG_DATABASE} is dropped and created there")  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of each server")
    parser.add_argument("--concurrency", type=int, default=16, help="connections of the load generator")
    parser.add_argument("--seconds", type=float, default=15.0, help="measured seconds per server and round")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load before measuring")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of the two servers")
    parser.add_argument("--rebuild", action="store_true", help="build the registry again even if it exists")
    return each_engine(parser, parser.parse_args(argv), "api", run_engine, lambda r: r["targets"]["no_errors"])


def each_engine(parser: argparse.ArgumentParser, args: argparse.Namespace, name: str,
                run: Callable[[str, argparse.Namespace], dict[str, Any]],
                passed: Callable[[dict[str, Any]], bool]) -> int:  # fmt: skip
    """Runs `run` on each engine of `--engines`, writes each result to `--out`/NAME-ENGINE.json; exit 1 if
    any result did not pass."""
    args.out.mkdir(parents=True, exist_ok=True)
    args.out = args.out.resolve()
    failed = False
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        if engine not in ("sqlite", "postgresql"):
            parser.error(f"unknown engine {engine}")
        result = run(engine, args)
        path = args.out / f"{name}-{engine}.json"
        path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        log(f"wrote {path}")
        failed |= not passed(result)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
