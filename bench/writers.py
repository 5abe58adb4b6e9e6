"""Concurrent writers over HTTP: `--writers` clients (default 20), each signed in with its own bearer token,
fire filing transitions and read the filings back against one `ngoreg serve`, on SQLite and PostgreSQL.

    python bench/writers.py [--writers 20] [--filings 60] [--seconds 20] [--workers 2]
                            [--engines sqlite,postgresql] [--pg-url URL] [--out bench/out]

The registry is small and fresh on every run (`ngoreg init`, then, in process: a foreign NGO, one partner
unit and one account with a token per writer, and `--filings` drafted temporary activities per writer): the
benchmark is about lock contention between writers, not about the registry's size. Each writer takes its
own filings one after another: fires `file`, reads the filing, fires `report_closing`, reads it again, each
request waiting for the one before (HTTP/1.1 keep-alive, loopback only). A writer stops when its filings are
done or `--seconds` have passed. Afterwards the database is read directly: every fire answered 200 must be in
the audit log exactly once, and nothing else.

Prints, per engine: requests, errors by status (a 5xx is a failure; a 503 says the database was busy; `xxx` a
connection that failed),
p50 / p99 / max of the fires, of the reads and of all requests; writes bench/out/writers-ENGINE.json.
Exits 1 on any error or a fire not applied exactly once. Target (issue 12): no errors, p99 under 1 s with 20
writers on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api as apibench  # bench/api.py: starting and stopping a server, a free port
import run as orgbench  # bench/run.py: the databases, the helpers

from ngoreg.access import service as access
from ngoreg.audit.models import AuditEvent
from ngoreg.audit.repository import Actor
from ngoreg.db.engine import get_engine, transaction
from ngoreg.filings import service as filings
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record

PG_DATABASE = "ngoreg_bench_writers"
P99_MS_MAX = 1000.0
ACTOR = Actor("bench", "Benchmark")
AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# A temporary activity filed 16 days before it starts (FNGO Law art. 17(1)) and reported after it ends (art. 30).
VALUES = {"activity_name": "Rural teacher training", "partner_name": "Gansu Education Association",
          "partner_kind": "social_organisation", "region": "Gansu", "start_date": "2017-03-17",
          "end_date": "2017-06-30",
          "documents": "proof_of_establishment,written_agreement,activity_particulars,funding_and_account,"
                       "partner_approval"}  # fmt: skip
FILE = {"transition": "file", "on": "2017-03-01", "role": "partner_unit"}
REPORT = {"transition": "report_closing", "on": "2017-07-10", "role": "partner_unit",
          "values": {"report": "Held as planned; funds accounted for."}}  # fmt: skip
EVENTS = {"file": "activity.filed", "report_closing": "activity.reported"}


def log(message: str) -> None:
    print(message, flush=True)


def populate(url: str, writers: int, per_writer: int) -> list[tuple[str, list[int]]]:
    """One partner unit, account and token per writer, and its drafted filings: [(token, filing ids)]."""
    out = []
    with transaction(url) as s:
        ngo = add_organisation(s, org_record(kind="foreign_ngo", name_en="Teachers Abroad", origin="GB"), actor=ACTOR,
                               now=AT)  # fmt: skip
        for i in range(writers):
            partner = add_organisation(s, org_record(kind="public_institution", name_en=f"Beijing College {i + 1}",
                                                     province="110000"), actor=ACTOR, now=AT)  # fmt: skip
            user = f"writer.{i + 1}"
            access.add_user(s, user, display_name=f"Writer {i + 1}", password=None, actor=ACTOR, now=AT)
            access.grant(s, user, "partner_unit_staff", access.ScopeArgs(org_id=partner), actor=ACTOR, now=AT)
            token = access.create_token(s, user, name="bench", expires_in_days=None, actor=ACTOR, now=AT)[1]
            values = {**VALUES, "partner_org_id": str(partner)}
            ids = [filings.start(s, "fngo_temporary_activity", org_id=ngo, values=values, on=date(2017, 2, 20),
                                 actor=ACTOR, now=AT).id for _ in range(per_writer)]  # fmt: skip
            out.append((token, ids))
    get_engine(url).dispose()
    return out


# ---------------------------------------------------------------------------------------- the writers


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str, token: str,
                   body: dict[str, Any] | None = None) -> tuple[int, bytes]:  # fmt: skip
    payload = json.dumps(body).encode() if body is not None else b""
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n")  # fmt: skip
    writer.write(head.encode() + payload)
    answer = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in answer.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return int(answer[9:12]), await reader.readexactly(length)


async def _writer(port: int, token: str, ids: list[int], stop_at: float, out: dict[str, list[float]],
                  errors: list[str], applied: Counter[tuple[int, str]]) -> None:  # fmt: skip
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for fid in ids:
            for kind, method, body in (("fire", "POST", FILE), ("read", "GET", None), ("fire", "POST", REPORT),
                                       ("read", "GET", None)):  # fmt: skip
                if time.perf_counter() >= stop_at:
                    return
                path = f"/api/v1/filings/{fid}" + ("/fire" if body else "")
                started = time.perf_counter()
                try:
                    status, answer = await _request(reader, writer, method, path, token, body)
                except (ConnectionError, asyncio.IncompleteReadError) as exc:  # counted; on to the next filing
                    errors.append(f"xxx {method} {path}: the connection failed ({type(exc).__name__})")
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    break
                out[kind].append(time.perf_counter() - started)
                if status != 200:
                    errors.append(f"{status} {method} {path}: {answer[:200].decode(errors='replace')}")
                    if body is not None:
                        break  # the filing is not where the next step expects it
                elif body is not None:
                    applied[(fid, str(body["transition"]))] += 1
    finally:
        writer.close()


def load(port: int, plan: list[tuple[str, list[int]]], seconds: float) -> dict[str, Any]:
    times: dict[str, list[float]] = {"fire": [], "read": []}
    errors: list[str] = []
    applied: Counter[tuple[int, str]] = Counter()

    async def main() -> None:
        stop_at = time.perf_counter() + seconds
        await asyncio.gather(*(_writer(port, token, ids, stop_at, times, errors, applied) for token, ids in plan))

    started = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {"seconds": round(elapsed, 2), "errors": len(errors),
                              "errors_by_status": dict(Counter(e[:3] for e in errors)),
                              "first_errors": errors[:5]}  # fmt: skip
    times["all"] = times["fire"] + times["read"]
    for kind, values in times.items():
        ms = sorted(x * 1000 for x in values)
        result[kind] = {"requests": len(ms), "per_s": round(len(ms) / elapsed, 1),
                        "p50_ms": round(orgbench.percentile(ms, 50), 1),
                        "p99_ms": round(orgbench.percentile(ms, 99), 1),
                        "max_ms": round(ms[-1], 1) if ms else None}  # fmt: skip
    result["applied"] = applied
    return result


def applied_once(url: str, applied: Counter[tuple[int, str]]) -> dict[str, Any]:
    """Each fire answered 200 is in the audit log once; no fire is there that was not answered 200."""
    with transaction(url, write=False) as s:
        rows = s.execute(select(AuditEvent.subject_id, AuditEvent.action, func.count())
                         .where(AuditEvent.subject_type == "filing", AuditEvent.action.in_(EVENTS.values()))
                         .group_by(AuditEvent.subject_id, AuditEvent.action)).all()  # fmt: skip
    logged = {(int(fid), action): n for fid, action, n in rows}
    answered = {(fid, EVENTS[t]): n for (fid, t), n in applied.items()}
    wrong = sorted(k for k in set(logged) | set(answered) if logged.get(k, 0) != 1 or answered.get(k, 0) != 1)
    get_engine(url).dispose()
    return {"fires_answered": sum(answered.values()), "fires_logged": sum(logged.values()), "mismatched": len(wrong),
            "first_mismatched": [f"filing {fid} {action}: answered {answered.get((fid, action), 0)}, logged "
                                 f"{logged.get((fid, action), 0)}" for fid, action in wrong[:5]]}  # fmt: skip


# ------------------------------------------------------------------------------------------- a run


def database(engine: str, args: argparse.Namespace) -> str:
    if engine == "sqlite":
        path = args.out / "writers-sqlite.db"
        orgbench.sqlite_remove(path)
        url = f"sqlite:///{path}"
    else:
        orgbench.pg_recreate(args.pg_url, PG_DATABASE)
        url = orgbench.pg_url_for(args.pg_url, PG_DATABASE)
    code, _seconds, _rss, tail = orgbench.run_child([*orgbench.ngoreg_command(), "init", "--db", url],
                                                    args.out / f"writers-init-{engine}.log")  # fmt: skip
    if code != 0:
        raise SystemExit(f"ngoreg init exited {code}: {tail}")
    return url


def run_engine(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    log(f"\n=== {engine}: {args.writers} writers, {args.workers} workers ===")
    url = database(engine, args)
    t = time.perf_counter()
    plan = populate(url, args.writers, args.filings)
    log(f"{args.writers} accounts and {args.writers * args.filings:,} drafted filings in "
        f"{time.perf_counter() - t:.1f} s")
    port = apibench.free_port()
    argv = [*orgbench.ngoreg_command(), "serve", "--port", str(port), "--workers", str(args.workers), "--db", url]
    proc = apibench.start(argv, port, args.out / f"writers-serve-{engine}.log", probe="/api/v1/procedures")
    try:
        result = load(port, plan, args.seconds)
    finally:
        apibench.stop(proc)
    result["check"] = applied_once(url, result.pop("applied"))
    result.update({"engine": engine, "writers": args.writers, "workers": args.workers,
                   "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                               "loadavg_after": os.getloadavg()}})  # fmt: skip
    for kind in ("fire", "read", "all"):
        r = result[kind]
        log(f"  {kind:<5} {r['requests']:>6,} requests  {r['per_s']:>7,.1f}/s   p50 {r['p50_ms']:7.1f} ms   "
            f"p99 {r['p99_ms']:7.1f} ms   max {r['max_ms']} ms")
    check = result["check"]
    log(f"  errors {result['errors']} {result['errors_by_status']}; fires answered {check['fires_answered']}, "
        f"in the audit log {check['fires_logged']}, mismatched {check['mismatched']}")
    for e in result["first_errors"] + result["check"]["first_mismatched"]:
        log(f"    {e}")
    result["target"] = {"p99_ms_max": P99_MS_MAX, "p99_met": result["all"]["p99_ms"] <= P99_MS_MAX,
                        "no_errors": result["errors"] == 0 and result["check"]["mismatched"] == 0}  # fmt: skip
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--filings", type=int, default=60, help="drafted filings per writer")
    parser.add_argument("--seconds", type=float, default=20.0, help="a writer stops after this long at the latest")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of the server")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=orgbench.DEFAULT_PG_URL,
                        help=f"a database on the server; {PG_DATABASE} is dropped and created there")  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    return apibench.each_engine(parser, parser.parse_args(argv), "writers", run_engine,
                                lambda r: r["target"]["no_errors"])


if __name__ == "__main__":
    sys.exit(main())
