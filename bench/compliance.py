"""Benchmark the compliance calendar (`ngoreg due`) and firing a transition, against the bare engine.

    python bench/compliance.py [--offices 100000] [--activities 1000000] [--engines sqlite,postgresql] \\
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--as-of 2026-06-30] [--fires 1000]

For each engine: a fresh database from the migrations (SQLite: bench/out/compliance-sqlite.db; PostgreSQL:
the database `ngoreg_bench_due`, created and dropped again unless `--keep`), filled directly with bulk SQL through
`ngoreg.db.bulk.write` — representative offices, foreign NGOs, temporary activity filings with their
closing-report deadlines, and the annual plan and report filings of every year — then:

* the whole calendar: `ngoreg.compliance.calendar.due(session, as_of=…)` consumed to the end, output
  discarded; three runs;
* the bare engine (sqlite3 / psycopg, no SQLAlchemy, no ngoreg) running the equivalent SQL by hand: the
  deadline rows with a CASE for the status, and the offices' yearly duties joined with the filings that
  met them; three runs; the row counts of both must agree;
* firing `report_closing` on `--fires` open temporary activities, each through
  `ngoreg.filings.service.fire` in its own transaction: median and p99.

Prints every figure and the ratios, and writes bench/out/compliance-ENGINE.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ngoreg.audit.repository import Actor
from ngoreg.compliance import calendar
from ngoreg.compliance.recurring import Occurrence, occurrences
from ngoreg.compliance.status import WINDOW
from ngoreg.db import bulk
from ngoreg.db.engine import get_engine, transaction
from ngoreg.db.migrate import upgrade
from ngoreg.filings import service
from ngoreg.filings.models import Filing, FilingDeadline
from ngoreg.law.periods import last_day
from ngoreg.regimes.fngo import annual_plan as fngo_annual_plan
from ngoreg.regimes.fngo import annual_report as fngo_annual_report
from ngoreg.regimes.fngo import temporary_activity as fngo_temporary_activity
from ngoreg.registry.models import Organisation

HERE = Path(__file__).resolve().parent
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_DATABASE = "ngoreg_bench_due"
DEFAULT_AS_OF = date(2026, 6, 30)
LAW_IN_FORCE = date(2017, 1, 1)
RUNS = 3

# Targets (bench/README.md), for 100,000 offices and 1,000,000 temporary activities.
DUE_SECONDS_MAX = 2.0
FIRE_MEDIAN_MS_MAX = 5.0

ORIGINS = ("US", "HK", "GB", "DE", "JP", "KR", "FR", "AU", "CA", "SG", "CH", "NL")
PROVINCES = ("110000", "310000", "440000", "510000", "530000", "620000")
ORG_COLUMNS = ("id", "kind", "name_zh", "name_en", "origin", "province", "fields", "status", "registered_on",
               "ended_on", "parent_id", "version")  # fmt: skip
FILING_COLUMNS = ("id", "procedure", "procedure_version", "org_id", "state", "data", "started_on", "version")
DEADLINE_COLUMNS = ("id", "filing_id", "org_id", "procedure", "procedure_version", "duty", "name", "basis",
                    "opened_on", "due_on", "provisional", "status", "closed_on")  # fmt: skip
DOCUMENTS = list(fngo_temporary_activity.DOCUMENTS)


def log(message: str) -> None:
    print(message, flush=True)


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return math.nan
    return sorted_values[max(1, math.ceil(p / 100 * len(sorted_values))) - 1]


def ratio(ours: float, theirs: float) -> float | None:
    return round(ours / theirs, 3) if theirs > 0 else None


# -------------------------------------------------------------------------------------------- data


class Data:
    """Deterministic rows for a seed: `offices` representative offices, as many foreign NGOs carrying the
    temporary activities, `activities` temporary activity filings, and for each office still registered the
    filings of the plan for `as_of`'s year and the report on the year before (nine in ten offices have
    them)."""

    def __init__(self, offices: int, activities: int, as_of: date, seed: int) -> None:
        self.offices, self.activities, self.as_of, self.rng = offices, activities, as_of, Random(seed)
        self.orgs: list[tuple[Any, ...]] = []
        self.filings: list[tuple[Any, ...]] = []
        self.deadlines: list[tuple[Any, ...]] = []
        self._due: dict[date, tuple[date, bool]] = {}
        self._build()

    def _day(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randrange((hi - lo).days + 1))

    def _build(self) -> None:
        rng, as_of = self.rng, self.as_of
        office_span: list[tuple[int, date, date | None]] = []
        for i in range(1, self.offices + 1):
            registered = self._day(LAW_IN_FORCE, as_of - timedelta(days=1))
            ended = None
            if rng.random() < 0.05 and (as_of - registered).days > 400:
                ended = self._day(registered + timedelta(days=365), as_of - timedelta(days=1))
            self.orgs.append((i, "representative_office", f"境外组织{i}代表处", f"Office {i}", rng.choice(ORIGINS),
                              rng.choice(PROVINCES), "[]", "deregistered" if ended else "registered", registered,
                              ended, None, 1))  # fmt: skip
            office_span.append((i, registered, ended))
        first_ngo = self.offices + 1
        for i in range(first_ngo, first_ngo + self.offices):
            self.orgs.append((i, "foreign_ngo", None, f"Foreign NGO {i}", rng.choice(ORIGINS), None, "[]", "active",
                              None, None, None, 1))  # fmt: skip
        self._activities(first_ngo)
        self._annual(office_span)

    def _closing_due(self, end: date) -> tuple[date, bool]:
        if end not in self._due:
            last = last_day(end, fngo_temporary_activity.REPORT_WITHIN)
            self._due[end] = (last.day, last.provisional)
        return self._due[end]

    def _activities(self, first_ngo: int) -> None:
        rng, as_of = self.rng, self.as_of
        basis = str(fngo_temporary_activity.PROCEDURE.deadlines[0].basis)
        activity_code, version = fngo_temporary_activity.PROCEDURE.code, fngo_temporary_activity.PROCEDURE.version
        for n in range(self.activities):
            filing_id = len(self.filings) + 1
            start = self._day(date(2017, 3, 1), as_of + timedelta(days=15))
            end = start + timedelta(days=rng.randrange(60))
            filed = start - timedelta(days=16)
            due, provisional = self._closing_due(end)
            r = rng.random()
            if due < as_of:
                if r < 0.90:
                    status, closed = "met", end + timedelta(days=1 + rng.randrange((due - end).days))
                elif r < 0.95:
                    status, closed = "met_late", min(as_of, due + timedelta(days=1 + rng.randrange(90)))
                else:
                    status, closed = "expired", due
            elif end < as_of and r < 0.5:
                status, closed = "met", end + timedelta(days=1 + rng.randrange((as_of - end).days))
            else:
                status, closed = "open", None
            state = {"met": "reported", "met_late": "reported", "expired": "report_overdue"}.get(status, "filed")
            data = {"activity_name": f"Activity {n}", "partner_name": "某社会组织",
                    "partner_kind": "social_organisation", "region": "Beijing", "start_date": start.isoformat(),
                    "end_date": end.isoformat(), "documents": DOCUMENTS}  # fmt: skip
            org = first_ngo + rng.randrange(self.offices)
            self.filings.append((filing_id, fngo_temporary_activity.PROCEDURE.code, version, org, state,
                                 json.dumps(data, ensure_ascii=False), filed - timedelta(days=14), 1))  # fmt: skip
            self.deadlines.append((len(self.deadlines) + 1, filing_id, org, activity_code, version, None,
                                   "closing_report", basis, filed, due, provisional, status, closed))  # fmt: skip

    def _annual(self, office_span: list[tuple[int, date, date | None]]) -> None:
        """For each year an office owes its plan and its report, nine in ten file them (the filing opens its
        yearly deadlines, most met in time)."""
        rng, as_of = self.rng, self.as_of
        by_year: dict[tuple[str, int], list[Occurrence]] = {}
        for o in occurrences(as_of):
            if o.nominal <= as_of:
                by_year.setdefault((o.procedure, o.year), []).append(o)
        versions = {p.code: p.version for p in (fngo_annual_plan.PROCEDURE, fngo_annual_report.PROCEDURE)}
        for org, registered, ended in office_span:
            for (code, year), duties in by_year.items():
                owed = [o for o in duties if registered <= o.registered_by and (ended is None or ended > o.ended_after)]
                if not owed or rng.random() >= 0.9:
                    continue
                filing_id = len(self.filings) + 1
                started = min(o.nominal for o in owed) - timedelta(days=40)
                self.filings.append((filing_id, code, versions[code], org, "filed", json.dumps({"year": year}),
                                     started, 1))  # fmt: skip
                for o in owed:
                    r = rng.random()
                    if r < 0.85:
                        status, closed = "met", o.last.day - timedelta(days=rng.randrange(20))
                    elif r < 0.95:
                        status, closed = "met_late", min(as_of, o.last.day + timedelta(days=1 + rng.randrange(40)))
                    else:
                        status, closed = ("expired", o.last.day) if o.last.day < as_of else ("open", None)
                    self.deadlines.append((len(self.deadlines) + 1, filing_id, org, code, versions[code], o.ref,
                                           o.deadline.name,
                                           str(o.deadline.basis), started, o.last.day, o.last.provisional, status,
                                           closed))  # fmt: skip


def load(url: str, data: Data) -> dict[str, float]:
    """Writes the rows in one transaction, then updates the planner's statistics."""
    phases: dict[str, float] = {}
    started = time.perf_counter()
    with transaction(url) as s:
        bulk.write(s, Organisation, ORG_COLUMNS, data.orgs, sequence=True)
        phases["organisations"] = time.perf_counter() - started
        bulk.write(s, Filing, FILING_COLUMNS, data.filings, sequence=True)
        phases["filings"] = time.perf_counter() - started - sum(phases.values())
        bulk.write(s, FilingDeadline, DEADLINE_COLUMNS, data.deadlines, sequence=True)
        phases["filing_deadlines"] = time.perf_counter() - started - sum(phases.values())
    with get_engine(url).connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    phases["analyze"] = time.perf_counter() - started - sum(phases.values())
    return {k: round(v, 3) for k, v in phases.items()}


# ------------------------------------------------------------------------------------ measurements


def timed_runs(fn: Callable[[], int], runs: int = RUNS) -> dict[str, Any]:
    seconds, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = fn()
        seconds.append(time.perf_counter() - started)
    return {"rows": rows, "first_s": round(seconds[0], 3), "best_s": round(min(seconds), 3),
            "median_s": round(statistics.median(seconds), 3)}  # fmt: skip


def ngoreg_due(url: str, as_of: date, since: date | None = None) -> int:
    """The whole calendar through the service, consumed and discarded."""
    n = 0
    with transaction(url, write=False) as s:
        for _ in calendar.due(s, as_of=as_of, since=since):
            n += 1
    return n


def ngoreg_statuses(url: str, as_of: date) -> dict[str, int]:
    with transaction(url, write=False) as s:
        return dict(Counter(o.status for o in calendar.due(s, as_of=as_of)))


def bare_sql(as_of: date, since: date, postgres: bool) -> list[tuple[str, list[Any]]]:
    """The equivalent SQL written by hand over the same tables and indexes, with its parameters: the
    deadline rows that are no yearly duty with a CASE for the status, then the yearly duties of the offices,
    joined in SQL with the deadline rows that took them up (by organisation and `duty`)."""
    p = "%s" if postgres else "?"
    met = f"CASE WHEN d.status IN ('met', 'met_late') AND d.closed_on <= {p} THEN d.closed_on END"
    status = ("CASE WHEN {m} IS NOT NULL AND {m} <= {due} THEN 'met' WHEN {m} IS NOT NULL THEN 'met late' "
              "WHEN {due} < {p} THEN 'overdue' WHEN {due} <= {p} THEN 'due' ELSE 'upcoming' END")  # fmt: skip
    horizon = as_of + WINDOW
    occ = occurrences(as_of)
    # listed: still open on as_of, or met on `since` or later
    listed = f"(d.status IN ('open', 'expired') OR (d.status IN ('met', 'met_late') AND d.closed_on >= {p}))"
    deadlines = (
        f"SELECT d.org_id, coalesce(o.name_en, o.name_zh), d.filing_id, f.procedure, d.name, d.due_on, "
        f"{status.format(m=met, due='d.due_on', p=p)}, d.basis, d.provisional "
        f"FROM filing_deadlines d JOIN filings f ON f.id = d.filing_id JOIN organisations o ON o.id = d.org_id "
        f"WHERE d.opened_on <= {p} AND {listed} AND d.duty IS NULL ORDER BY d.due_on, d.org_id, d.filing_id, d.id"
    )
    deadline_params = [as_of, as_of, as_of, as_of, horizon, as_of, since]
    rows = ", ".join(f"({p}, {p}, {p}, {p}, {p})" for _ in occ)
    occ_params: list[Any] = []
    for i, o in enumerate(occ):
        occ_params += [i, o.ref, o.last.day, o.registered_by, o.ended_after]
    cast = "::date" if postgres else ""
    yearly = (
        f"WITH occ(i, duty, due_on, registered_by, ended_after) AS (VALUES {rows}), "
        f"m AS (SELECT d.org_id, d.duty, min({met}) AS met_on, max(d.filing_id) AS filing_id "
        f"FROM filing_deadlines d WHERE d.duty IS NOT NULL AND d.opened_on <= {p} GROUP BY d.org_id, d.duty) "
        f"SELECT o.id, coalesce(o.name_en, o.name_zh), m.filing_id, occ.i, "
        f"{status.format(m='m.met_on', due=f'occ.due_on{cast}', p=p)} "
        f"FROM occ JOIN organisations o ON o.registered_on <= occ.registered_by{cast} "
        f"AND (o.ended_on IS NULL OR o.ended_on > occ.ended_after{cast}) "
        f"LEFT JOIN m ON m.org_id = o.id AND m.duty = occ.duty "
        f"WHERE o.kind = 'representative_office' AND o.registered_on <= {p} "
        f"AND (m.met_on IS NULL OR m.met_on >= {p}) ORDER BY occ.i, o.id"
    )
    yearly_params = [*occ_params, as_of, as_of, as_of, horizon, as_of, since]
    return [(deadlines, deadline_params), (yearly, yearly_params)]


def bare_due(engine: str, target: str, as_of: date, since: date,
             statuses: Counter[str] | None = None) -> Callable[[], int]:  # fmt: skip
    """The bare queries, each row read and discarded (or its status counted into `statuses`)."""
    queries = bare_sql(as_of, since, engine == "postgresql")
    column = (6, 4)  # where each query has the status

    def consume(results: Sequence[Any]) -> int:
        n = 0
        for which, rows in enumerate(results):
            for row in rows:
                n += 1
                if statuses is not None:
                    statuses[row[column[which]]] += 1
        return n

    if engine == "sqlite":
        queries = [(sql, [_iso(v) for v in params]) for sql, params in queries]

        def run_sqlite() -> int:
            conn = sqlite3.connect(target)
            try:
                return consume([conn.execute(sql, params) for sql, params in queries])
            finally:
                conn.close()

        return run_sqlite

    def run_pg() -> int:
        with psycopg.connect(target) as conn:
            return consume([conn.cursor().stream(sql, params, size=10_000) for sql, params in queries])

    return run_pg


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def fire_latencies(url: str, as_of: date, fires: int) -> dict[str, Any]:
    """`report_closing` on open temporary activities that have ended, each in its own transaction."""
    with transaction(url, write=False) as s:
        ids = list(s.execute(text(
            "SELECT f.id FROM filings f JOIN filing_deadlines d ON d.filing_id = f.id "
            "WHERE f.procedure = 'fngo_temporary_activity' AND f.state = 'filed' AND d.status = 'open' "
            "AND d.due_on >= :as_of ORDER BY f.id"), {"as_of": as_of}).scalars())  # fmt: skip
    ended = []
    with transaction(url, write=False) as s:
        for fid in ids:
            data = s.execute(text("SELECT data FROM filings WHERE id = :id"), {"id": fid}).scalar_one()
            data = json.loads(data) if isinstance(data, str) else data
            if date.fromisoformat(data["end_date"]) < as_of:
                ended.append(fid)
            if len(ended) == fires:
                break
    actor, now = Actor("bench", "Benchmark"), datetime.now(UTC)
    ms = []
    for fid in ended:
        started = time.perf_counter()
        with transaction(url) as s:
            service.fire(s, fid, "report_closing", role="partner_unit", on=as_of, actor=actor, now=now,
                         values={"report": "Closing report on the activity and its funds"})  # fmt: skip
        ms.append((time.perf_counter() - started) * 1000)
    ms.sort()
    return {"fires": len(ms), "median_ms": round(statistics.median(ms), 3) if ms else None,
            "p99_ms": round(percentile(ms, 99), 3), "max_ms": round(ms[-1], 3) if ms else None}  # fmt: skip


# ---------------------------------------------------------------------------------------- databases


def pg_conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def pg_admin(base_url: str, sql: str) -> None:
    with psycopg.connect(pg_conninfo(base_url), autocommit=True) as conn:
        conn.execute(sql)


def pg_url_for(base_url: str, database: str) -> str:
    return make_url(base_url).set(drivername="postgresql+psycopg", database=database).render_as_string(
        hide_password=False
    )


def sqlite_remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def run_engine(engine: str, data: Data, args: argparse.Namespace) -> dict[str, Any]:
    log(f"\n=== {engine} ===")
    result: dict[str, Any] = {"engine": engine, "as_of": args.as_of.isoformat(), "offices": args.offices,
                              "activities": args.activities}  # fmt: skip
    if engine == "sqlite":
        path = args.out / "compliance-sqlite.db"
        sqlite_remove(path)
        url, bare_target = f"sqlite:///{path.resolve()}", str(path)
        result["sqlite_version"] = sqlite3.sqlite_version
    else:
        pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        pg_admin(args.pg_url, f'CREATE DATABASE "{PG_DATABASE}"')
        url = pg_url_for(args.pg_url, PG_DATABASE)
        bare_target = pg_conninfo(url)
        with psycopg.connect(bare_target) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            result["server_version"] = row[0] if row else None
    try:
        upgrade(url)
        result["load"] = load(url, data)
        log(f"loaded {len(data.orgs):,} organisations, {len(data.filings):,} filings, "
            f"{len(data.deadlines):,} deadlines: {result['load']}")  # fmt: skip
        result["load_average_before"] = os.getloadavg()
        result["ngoreg_due"] = timed_runs(lambda: ngoreg_due(url, args.as_of))
        log(f"ngoreg due: {result['ngoreg_due']}")
        since = calendar.default_since(args.as_of)
        result["bare_due"] = timed_runs(bare_due(engine, bare_target, args.as_of, since))
        log(f"bare due:   {result['bare_due']}")
        theirs: Counter[str] = Counter()
        bare_due(engine, bare_target, args.as_of, since, theirs)()
        result["statuses"] = ngoreg_statuses(url, args.as_of)
        result["statuses_match"] = result["statuses"] == dict(theirs)
        agree = "agree" if result["statuses_match"] else f"differ: {dict(theirs)}"
        log(f"statuses: {result['statuses']}; the bare queries' {agree}")
        result["fire"] = fire_latencies(url, args.as_of, args.fires)
        log(f"fire report_closing: {result['fire']}")
        result["ratios"] = {k: ratio(result["ngoreg_due"][k], result["bare_due"][k])
                            for k in ("first_s", "best_s", "median_s")}  # fmt: skip
        result["targets"] = {
            "due_best_s_le_2": _verdict(result["ngoreg_due"]["best_s"], DUE_SECONDS_MAX),
            "fire_median_ms_le_5": _verdict(result["fire"]["median_ms"], FIRE_MEDIAN_MS_MAX),
        }
    finally:
        get_engine(url).dispose()
        if engine == "postgresql" and not args.keep:
            pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
    return result


def _verdict(value: float | None, limit: float) -> str:
    return "n/a" if value is None else ("PASS" if value <= limit else "FAIL")


def report(result: dict[str, Any]) -> None:
    log(f"\n{result['engine']}: {result['ngoreg_due']['rows']:,} obligations as of {result['as_of']}")
    for k in ("first_s", "best_s", "median_s"):
        log(f"  due {k:<9} ngoreg {result['ngoreg_due'][k]:>7.3f}  bare {result['bare_due'][k]:>7.3f}  "
            f"ratio {result['ratios'][k]}")  # fmt: skip
    log(f"  statuses match the bare queries: {result['statuses_match']}")
    f = result["fire"]
    log(f"  fire: {f['fires']} fires, median {f['median_ms']} ms, p99 {f['p99_ms']} ms")
    log(f"  targets: {result['targets']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--offices", type=int, default=100_000)
    ap.add_argument("--activities", type=int, default=1_000_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--pg-url", default=DEFAULT_PG_URL)
    ap.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF)
    ap.add_argument("--fires", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database for a look afterwards")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data = Data(args.offices, args.activities, args.as_of, args.seed)
    log(f"generated rows in {time.perf_counter() - started:.1f} s")
    ok = True
    for engine in args.engines.split(","):
        result = run_engine(engine, data, args)
        result["machine"] = {"python": platform.python_version(), "platform": platform.platform(),
                             "cpus": os.cpu_count(), "load_average": os.getloadavg()}  # fmt: skip
        report(result)
        (args.out / f"compliance-{engine}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
        ok = ok and result["statuses_match"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

