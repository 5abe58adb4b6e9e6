"""Benchmark the domestic regime's yearly duties at national scale: the compliance calendar (`ngoreg due`) and
the deadline sweep (`ngoreg deadlines sweep`), each against the bare engine in the same run.

    python bench/domestic.py [--orgs 1000000] [--engines sqlite,postgresql] \\
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--as-of 2026-11-30] [--keep]

For each engine: a database from the migrations (SQLite: bench/out/domestic-N.db; PostgreSQL: the database
`ngoreg_bench_domestic`, created on the server of --pg-url), filled directly through `ngoreg.db.bulk.write` with
social associations, civil non-enterprise units and foundations of every registrar level, most imported from a
catalogue (`imported_on`), their supervisory units (`sponsored_by`), their charity marks, and the inspection and
charity report filings they made through the registry. With `--keep` the database is kept, and a later run of
the same size and seed reuses it instead of loading it again. Then:

* the whole calendar: `ngoreg.compliance.calendar.due(session, as_of=…)` consumed to the end, three runs,
  against the bare engine's hand-written SQL for the same rows (statuses counted on both sides must agree);
* the sweep: `ngoreg.filings.service.sweep(session, as_of=…)` expiring the inspection and charity report
  deadlines still open after their last day, against the bare engine reading the same deadlines with their
  filings, marking them expired and writing one hashed event per deadline. Each run but the last is rolled
  back so that every run expires the same deadlines; the last one commits.

Prints every figure and writes bench/out/domestic-ENGINE.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sqlite3
import sys
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

import psycopg
from sqlalchemy import text

from compliance import (
    _iso,
    bare_sql,
    log,
    ngoreg_due,
    ngoreg_statuses,
    pg_admin,
    pg_conninfo,
    pg_url_for,
    ratio,
    sqlite_remove,
    timed_runs,
)
from ngoreg.audit.repository import Actor
from ngoreg.compliance import calendar
from ngoreg.compliance.recurring import Occurrence, occurrences
from ngoreg.compliance.status import WINDOW
from ngoreg.db import bulk
from ngoreg.db.engine import get_engine, transaction
from ngoreg.db.migrate import upgrade
from ngoreg.facets.models import Facet
from ngoreg.filings import service
from ngoreg.filings.models import Filing, FilingDeadline
from ngoreg.reference import AuthorityKind, Predicate
from ngoreg.regimes.domestic import charity_recognition
from ngoreg.registry import particulars
from ngoreg.registry.models import Authority, Organisation, Relation

HERE = Path(__file__).resolve().parent
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_DATABASE = "ngoreg_bench_domestic"
# A day most of the year: the last round of inspections is settled, the next is ahead.
DEFAULT_AS_OF = date(2026, 11, 30)
# The catalogue was imported on this day; a twentieth of it by a later import, after the supervisory units'
# day of 2026 but before the registrars'.
CATALOGUE_DAY = date(2025, 10, 15)
LATER_IMPORT_DAY = date(2026, 4, 20)
# Organisations registered since then were registered through the registry half the time, and all those
# registered after the catalogue's import.
REGISTRY_OPENED = date(2023, 1, 1)
# The sweep last ran as of this day: deadlines due before it are expired, those due on it still open.
LAST_SWEPT = date(2026, 6, 1)
FIRST_REGISTERED = date(1990, 1, 1)
DIRECT_REGISTRATION = date(2013, 4, 1)  # the categories registered without a unit (State Council 2013)
RUNS = 3
DUE_SECONDS_MAX = 3.0
SWEEP_SECONDS_MAX = 3.0

KINDS = (("social_association", 0.45), ("civil_non_enterprise", 0.54), ("foundation", 0.01))
LEVELS = (("national", 0.003), ("provincial", 0.15), ("municipal", 0.40), ("county", 0.447))
PROVINCES = ("110000", "310000", "320000", "330000", "370000", "410000", "440000", "510000", "530000", "620000")
ORG_COLUMNS = ("id", "kind", "name_zh", "name_en", "province", "fields", "status", "registered_on", "ended_on",
               "imported_on", "version")  # fmt: skip
AUTHORITY_COLUMNS = ("id", "kind", "level", "name_zh", "name_en", "province")
RELATION_COLUMNS = ("id", "predicate", "subject_org_id", "object_authority_id", "valid_from", "valid_to")
FACET_COLUMNS = ("id", "scope", "subject_type", "subject_id", "facet", "value", "valid_from", "valid_to")
FILING_COLUMNS = ("id", "procedure", "procedure_version", "org_id", "state", "data", "started_on", "version")
DEADLINE_COLUMNS = ("id", "filing_id", "org_id", "procedure", "procedure_version", "duty", "name", "basis",
                    "opened_on", "due_on", "provisional", "status", "closed_on")  # fmt: skip
UNITS = 400  # supervisory units
CHARITY = (charity_recognition.MARK, charity_recognition.RECOGNISED)
# The state a filing is in when all it owes is met, and when some is still to be done.
MET_STATE = {"charity_annual_report": "accepted", "foundation_inspection": "inspected"}


# -------------------------------------------------------------------------------------------- data


Span = tuple[date, date | None]


def _holds(spans: Sequence[Span], day: date) -> bool:
    return any(a <= day and (b is None or day < b) for a, b in spans)


class Data:
    """Deterministic rows for a seed and a count (module docstring); `open_share` of the filings for the last
    round of duties before `as_of` left open after their last day, for the sweep."""

    def __init__(self, orgs: int, as_of: date, seed: int, open_share: float) -> None:
        self.count, self.as_of, self.rng, self.open_share = orgs, as_of, Random(seed), open_share
        self.orgs: list[tuple[Any, ...]] = []
        self.authorities: list[tuple[Any, ...]] = []
        self.relations: list[tuple[Any, ...]] = []
        self.facets: list[tuple[Any, ...]] = []
        self.filings: list[tuple[Any, ...]] = []
        self.deadlines: list[tuple[Any, ...]] = []
        self._build()

    def _day(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randrange(max(1, (hi - lo).days + 1)))

    def _facet(self, scope: str, org: int, facet: str, value: str, start: date, end: date | None) -> None:
        self.facets.append((len(self.facets) + 1, scope, "organisation", org, facet, value, start, end))

    def _build(self) -> None:
        rng, as_of = self.rng, self.as_of
        for i in range(1, UNITS + 1):
            self.authorities.append((i, AuthorityKind.SUPERVISORY_UNIT.value, LEVELS[i % 4][0], f"业务主管单位{i}",
                                     f"Supervisory unit {i}", PROVINCES[i % len(PROVINCES)]))  # fmt: skip
        window = occurrences(as_of)
        # Each kind's occurrences by last day, to find those an organisation owes from its first without
        # looking at all of them.
        owed: dict[str, list[Occurrence]] = {k: [o for o in window if k in o.owed_by] for k, _ in KINDS}
        lasts = {k: [o.last.day for o in v] for k, v in owed.items()}
        kinds = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS], k=self.count)
        span = (as_of - FIRST_REGISTERED).days
        for i in range(1, self.count + 1):
            kind = kinds[i - 1]
            registered = FIRST_REGISTERED + timedelta(days=int(span * rng.random() ** 0.5))
            ended = None
            if rng.random() < 0.03 and (as_of - registered).days > 400:
                ended = self._day(registered + timedelta(days=365), as_of - timedelta(days=1))
            through_registry = registered > CATALOGUE_DAY or (registered >= REGISTRY_OPENED and rng.random() < 0.5)
            imported = None if through_registry else LATER_IMPORT_DAY if rng.random() < 0.05 else CATALOGUE_DAY
            self.orgs.append((i, kind, f"社会组织{i}", f"Social organisation {i}", rng.choice(PROVINCES), "[]",
                              "deregistered" if ended else "registered", registered, ended, imported, 1))  # fmt: skip
            level = "provincial" if kind == "foundation" and rng.random() < 0.9 else \
                rng.choices([v for v, _ in LEVELS], weights=[w for _, w in LEVELS])[0]  # fmt: skip
            self._facet(kind, i, particulars.REGISTRAR_LEVEL, level, registered, ended)
            sponsored = self._unit(kind, i, registered, ended)
            charity = self._charity(kind, i, registered, ended)
            start = bisect_left(lasts[kind], imported or registered)
            self._filings(i, kind, registered, ended, through_registry, owed[kind][start:], sponsored, charity)

    def _unit(self, kind: str, org: int, registered: date, ended: date | None) -> list[Span]:
        """Dual management (a `sponsored_by` relation) or direct registration; a few moved from one to the
        other."""
        rng = self.rng
        direct = registered >= DIRECT_REGISTRATION and kind != "foundation" and rng.random() < 0.5
        if direct:
            self._facet(kind, org, particulars.MANAGEMENT, particulars.DIRECT, registered, ended)
            return []
        until = None
        if registered < date(2016, 1, 1) and rng.random() < 0.03:
            until = self._day(date(2016, 1, 1), self.as_of - timedelta(days=1))
        self.relations.append((len(self.relations) + 1, Predicate.SPONSORED_BY.value, org, rng.randint(1, UNITS),
                               registered, until))  # fmt: skip
        self._facet(kind, org, particulars.MANAGEMENT, particulars.DUAL, registered, until or ended)
        if until is not None and (ended is None or until < ended):
            self._facet(kind, org, particulars.MANAGEMENT, particulars.DIRECT, until, ended)
        return [(registered, until)]

    def _charity(self, kind: str, org: int, registered: date, ended: date | None) -> list[Span]:
        """Recognised as a charity (the mark its recognition gives): 3 % of associations and units, 30 % of
        foundations; a twentieth of them no longer."""
        rng = self.rng
        if rng.random() >= (0.3 if kind == "foundation" else 0.03):
            return []
        start = self._day(max(registered, charity_recognition.VERSION - timedelta(days=3000)),
                          self.as_of - timedelta(days=1))  # fmt: skip
        end = self._day(start + timedelta(days=1), self.as_of) if rng.random() < 0.05 else ended
        if end is not None and end <= start:
            return []
        self._facet(kind, org, *CHARITY, start, end)
        return [(start, end)]

    def _filings(self, org: int, kind: str, registered: date, ended: date | None, through_registry: bool,
                 owed: list[Occurrence], sponsored: list[Span], charity: list[Span]) -> None:  # fmt: skip
        """The filings of each year's duties whose last day has passed by `as_of`: nine in ten organisations
        registered through the registry make them, 85 % of the imported ones since their import; most are met
        in time, some late, a few never (expired by the last sweep, or still open after LAST_SWEPT)."""
        rng, as_of = self.rng, self.as_of
        by_year: dict[tuple[str, int], list[Occurrence]] = {}
        for o in owed:
            if o.last.day >= as_of:
                break
            if not (registered <= o.registered_by and (ended is None or ended > o.ended_after)):
                continue
            if o.sponsored_only and not _holds(sponsored, o.nominal):
                continue
            if o.marked and not _holds(charity, o.nominal):
                continue
            by_year.setdefault((o.procedure, o.year), []).append(o)
        share = 0.9 if through_registry else 0.85
        for (code, year), duties in by_year.items():
            if rng.random() >= share:
                continue
            filing_id = len(self.filings) + 1
            started = max(min(o.nominal for o in duties) - timedelta(days=60), registered)
            version = _version(code, duties[0])
            rows, state = [], MET_STATE.get(code, "inspected")
            for o in duties:
                r = rng.random()
                if o.last.day == LAST_SWEPT and r < self.open_share:
                    status, closed, state = "open", None, "drafted"
                elif r < 0.9:
                    status, closed = "met", max(started, o.last.day - timedelta(days=rng.randrange(60)))
                elif r < 0.97:
                    status, closed = "met_late", min(as_of - timedelta(days=1),
                                                     o.last.day + timedelta(days=1 + rng.randrange(200)))
                elif o.last.day < LAST_SWEPT:
                    status, closed, state = "expired", o.last.day, "drafted"
                else:
                    status, closed = "met", o.last.day
                rows.append((o, status, closed))
            self.filings.append((filing_id, code, version, org, state, json.dumps({"year": year}), started, 1))
            for o, status, closed in rows:
                self.deadlines.append((len(self.deadlines) + 1, filing_id, org, code, version, o.ref, o.deadline.name,
                                       str(o.deadline.basis), started, o.last.day, o.last.provisional, status,
                                       closed))  # fmt: skip


def _version(code: str, o: Occurrence) -> date:
    from ngoreg import procedures

    return procedures.in_force(code, o.nominal).version


def load(url: str, data: Data) -> dict[str, float]:
    """Writes the rows in one transaction, then updates the planner's statistics."""
    phases: dict[str, float] = {}
    started = time.perf_counter()
    tables = ((Authority, AUTHORITY_COLUMNS, data.authorities), (Organisation, ORG_COLUMNS, data.orgs),
              (Relation, RELATION_COLUMNS, data.relations), (Facet, FACET_COLUMNS, data.facets),
              (Filing, FILING_COLUMNS, data.filings), (FilingDeadline, DEADLINE_COLUMNS, data.deadlines))
    with transaction(url) as s:
        bulk.prepare(s)
        for model, columns, rows in tables:
            bulk.write(s, model, columns, rows, sequence=True)
            phases[model.__tablename__] = time.perf_counter() - started - sum(phases.values())
    with get_engine(url).connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    if get_engine(url).dialect.name == "postgresql":  # what autovacuum does after a large load: the visibility map
        with get_engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    phases["analyze"] = time.perf_counter() - started - sum(phases.values())
    return {k: round(v, 3) for k, v in phases.items()}


def counts(url: str) -> dict[str, int]:
    with transaction(url, write=False) as s:
        return {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("organisations", "relations", "facets", "filings", "filing_deadlines")}  # fmt: skip


# ------------------------------------------------------------------------------------ the bare engine


def bare_calendar_sql(as_of: date, since: date, postgres: bool) -> list[tuple[str, list[Any]]]:
    """The calendar's rows by hand: the deadline rows that are no yearly duty (`compliance.bare_sql`), then
    every yearly duty owed (kind, registration, the catalogue's import, the supervisory unit or the mark on the
    nominal day) joined with the filings that met it, keeping those not met before `since`."""
    p = "%s" if postgres else "?"
    cast = "::date" if postgres else ""
    met = f"CASE WHEN d.status IN ('met', 'met_late') AND d.closed_on <= {p} THEN d.closed_on END"
    status = ("CASE WHEN {m} IS NOT NULL AND {m} <= {due} THEN 'met' WHEN {m} IS NOT NULL THEN 'met late' "
              "WHEN {due} < {p} THEN 'overdue' WHEN {due} <= {p} THEN 'due' ELSE 'upcoming' END")  # fmt: skip
    horizon = as_of + WINDOW
    occ = occurrences(as_of)
    rows = ", ".join(f"({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})" for _ in occ)
    occ_params: list[Any] = []
    for i, o in enumerate(occ):
        occ_params += [i, o.ref, o.last.day, o.nominal, o.registered_by, o.ended_after, ",".join(sorted(o.owed_by)),
                       int(o.sponsored_only), int(o.marked is not None)]  # fmt: skip
    kinds = ", ".join(f"'{k}'" for k, _ in KINDS)
    yearly = (
        f"WITH occ(i, duty, due_on, nominal, registered_by, ended_after, kinds, sponsored, marked) AS (VALUES {rows}), "
        f"m AS (SELECT d.org_id, d.duty, min({met}) AS met_on, max(d.filing_id) AS filing_id "
        f"FROM filing_deadlines d WHERE d.duty IS NOT NULL AND d.opened_on <= {p} GROUP BY d.org_id, d.duty) "
        f"SELECT o.id, coalesce(o.name_en, o.name_zh), m.filing_id, occ.i, "
        f"{status.format(m='m.met_on', due=f'occ.due_on{cast}', p=p)} "
        f"FROM organisations o JOIN occ ON o.registered_on <= occ.registered_by{cast} "
        f"AND (o.ended_on IS NULL OR o.ended_on > occ.ended_after{cast}) "
        f"AND (o.imported_on IS NULL OR o.imported_on <= occ.due_on{cast}) "
        f"AND strpos(',' || occ.kinds || ',', ',' || o.kind || ',') > 0 "
        f"LEFT JOIN m ON m.org_id = o.id AND m.duty = occ.duty "
        f"WHERE o.kind IN ({kinds}) AND o.registered_on <= {p} AND (m.met_on IS NULL OR m.met_on >= {p}) "
        f"AND (occ.sponsored = 0 OR EXISTS (SELECT 1 FROM relations r WHERE r.subject_org_id = o.id "
        f"AND r.predicate = 'sponsored_by' AND r.object_authority_id IS NOT NULL "
        f"AND (r.valid_from IS NULL OR r.valid_from <= occ.nominal{cast}) "
        f"AND (r.valid_to IS NULL OR r.valid_to > occ.nominal{cast}))) "
        f"AND (occ.marked = 0 OR EXISTS (SELECT 1 FROM facets f WHERE f.subject_type = 'organisation' "
        f"AND f.subject_id = o.id AND f.facet = '{CHARITY[0]}' AND f.value = '{CHARITY[1]}' "
        f"AND f.valid_from <= occ.nominal{cast} AND (f.valid_to IS NULL OR f.valid_to > occ.nominal{cast}))) "
        f"ORDER BY occ.i, o.id"
    )
    if not postgres:
        yearly = yearly.replace("strpos(", "instr(")
    yearly_params = [*occ_params, as_of, as_of, as_of, horizon, as_of, since]
    return [bare_sql(as_of, since, postgres)[0], (yearly, yearly_params)]


def bare_due(engine: str, target: str, as_of: date, since: date,
             statuses: Counter[str] | None = None) -> Callable[[], int]:  # fmt: skip
    """The bare queries, each row read and discarded (or its status counted into `statuses`)."""
    queries = bare_calendar_sql(as_of, since, engine == "postgresql")
    column = (6, 4)

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


def bare_sweep(engine: str, target: str, as_of: date) -> Callable[[], int]:
    """The sweep by hand, rolled back: the open deadlines past their last day with their filings' state and
    data, in the sweep's order; each marked expired, and one event per deadline (its canonical JSON and
    SHA-256, chained on the one before) written to a table of its own."""
    postgres = engine == "postgresql"
    p = "%s" if postgres else "?"
    select = ("SELECT d.id, d.filing_id, d.name, d.due_on, d.basis, f.state, f.data FROM filing_deadlines d "
              f"JOIN filings f ON f.id = d.filing_id WHERE d.status = 'open' AND d.due_on < {p} "
              "ORDER BY d.due_on, d.id")  # fmt: skip
    update = f"UPDATE filing_deadlines SET status = 'expired', closed_on = due_on WHERE id = {p}"
    create = "CREATE TEMPORARY TABLE bare_events (id integer, subject_id integer, body text, hash text)"
    insert = f"INSERT INTO bare_events VALUES ({p}, {p}, {p}, {p})"

    def events(rows: list[Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        out, prev = [], ""
        for n, (did, fid, name, due, basis, state, data) in enumerate(rows):
            body = json.dumps({"subject": fid, "deadline": {"id": did, "name": name, "due_on": str(due)},
                               "state": state, "data": data, "basis": basis, "prev": prev},
                              sort_keys=True, ensure_ascii=False, separators=(",", ":"))  # fmt: skip
            prev = hashlib.sha256(body.encode()).hexdigest()
            out.append((n, fid, body, prev))
        return [(r[0],) for r in rows], out

    if engine == "sqlite":

        def run_sqlite() -> int:
            conn = sqlite3.connect(target)
            try:
                conn.execute("BEGIN IMMEDIATE")
                rows = conn.execute(select, [as_of.isoformat()]).fetchall()
                ids, evs = events(rows)
                conn.executemany(update, ids)
                conn.execute(create)
                conn.executemany(insert, evs)
                conn.rollback()
                return len(rows)
            finally:
                conn.close()

        return run_sqlite

    def run_pg() -> int:
        with psycopg.connect(target) as conn:
            rows = conn.execute(select, [as_of]).fetchall()
            ids, evs = events(rows)
            with conn.cursor() as cur:
                cur.executemany(update, ids)
                cur.execute(create)
                cur.executemany(insert, evs)
            conn.rollback()
            return len(rows)

    return run_pg


# ------------------------------------------------------------------------------------ measurements


class _Undo(Exception):
    """Rolls a measured sweep back, so that the next run finds the same deadlines."""


def ngoreg_sweep(url: str, as_of: date, keep: bool = False) -> Callable[[], int]:
    actor, now = Actor("system", "Deadline sweep"), datetime.now(UTC)

    def run() -> int:
        expired = 0
        try:
            with transaction(url) as s:
                expired = service.sweep(s, as_of=as_of, actor=actor, now=now)["expired"]
                s.flush()
                if not keep:
                    raise _Undo
        except _Undo:
            pass
        return expired

    return run


def run_engine(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    log(f"\n=== {engine} ===")
    result: dict[str, Any] = {"engine": engine, "as_of": args.as_of.isoformat(), "orgs": args.orgs,
                              "seed": args.seed, "open_share": args.open_share}  # fmt: skip
    stamp = args.out / f"domestic-{engine}-{args.orgs}-{args.seed}-{args.as_of}-{args.open_share}.loaded"
    if engine == "sqlite":
        path = args.out / f"domestic-{args.orgs}.db"
        url, bare_target = f"sqlite:///{path.resolve()}", str(path)
        reuse = args.keep and stamp.exists() and path.exists()
        if not reuse:
            sqlite_remove(path)
        result["sqlite_version"] = sqlite3.sqlite_version
    else:
        url = pg_url_for(args.pg_url, PG_DATABASE)
        bare_target = pg_conninfo(url)
        reuse = args.keep and stamp.exists()
        if reuse:
            try:
                psycopg.connect(bare_target).close()
            except psycopg.OperationalError:
                reuse = False
        if not reuse:
            pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
            pg_admin(args.pg_url, f'CREATE DATABASE "{PG_DATABASE}"')
        with psycopg.connect(bare_target) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            result["server_version"] = row[0] if row else None
    try:
        if reuse:
            log("reusing the registry loaded before (--keep)")
        else:
            stamp.unlink(missing_ok=True)
            started = time.perf_counter()
            data = Data(args.orgs, args.as_of, args.seed, args.open_share)
            result["generate_s"] = round(time.perf_counter() - started, 1)
            log(f"generated rows in {result['generate_s']} s")
            upgrade(url)
            result["load"] = load(url, data)
            del data
            if args.keep:
                stamp.touch()
        result["rows"] = counts(url)
        log(f"registry: {result['rows']}; load {result.get('load', 'reused')}")
        result["load_average_before"] = os.getloadavg()
        result["ngoreg_due"] = timed_runs(lambda: ngoreg_due(url, args.as_of))
        log(f"ngoreg due: {result['ngoreg_due']}")
        since = calendar.default_since(args.as_of)
        if not args.no_bare_due:
            result["bare_due"] = timed_runs(bare_due(engine, bare_target, args.as_of, since), runs=args.bare_runs)
            log(f"bare due:   {result['bare_due']}")
            theirs: Counter[str] = Counter()
            bare_due(engine, bare_target, args.as_of, since, theirs)()
            result["statuses"] = ngoreg_statuses(url, args.as_of)
            result["statuses_match"] = result["statuses"] == dict(theirs)
            agree = "agree" if result["statuses_match"] else f"differ: {dict(theirs)}"
            log(f"statuses: {result['statuses']}; the bare queries' {agree}")
            result["due_ratios"] = {k: ratio(result["ngoreg_due"][k], result["bare_due"][k])
                                    for k in ("first_s", "best_s", "median_s")}  # fmt: skip
        result["load_average_sweep"] = os.getloadavg()
        result["ngoreg_sweep"] = timed_runs(ngoreg_sweep(url, args.as_of))
        log(f"ngoreg sweep (rolled back): {result['ngoreg_sweep']}")
        result["bare_sweep"] = timed_runs(bare_sweep(engine, bare_target, args.as_of))
        log(f"bare sweep (rolled back):   {result['bare_sweep']}")
        result["sweep_ratios"] = {k: ratio(result["ngoreg_sweep"][k], result["bare_sweep"][k])
                                  for k in ("first_s", "best_s", "median_s")}  # fmt: skip
        if not args.keep:  # the committed sweep changes the registry a later run would reuse
            result["ngoreg_sweep_committed"] = timed_runs(ngoreg_sweep(url, args.as_of, keep=True), runs=1)
            log(f"ngoreg sweep, committed: {result['ngoreg_sweep_committed']}")
        result["targets"] = {
            "due_best_s_le_3": _verdict(result["ngoreg_due"]["best_s"], DUE_SECONDS_MAX),
            "sweep_best_s_le_3": _verdict(result["ngoreg_sweep"]["best_s"], SWEEP_SECONDS_MAX),
        }
    finally:
        get_engine(url).dispose()
        if not args.keep:
            if engine == "postgresql":
                pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
            else:
                sqlite_remove(path)
    return result


def _verdict(value: float | None, limit: float) -> str:
    return "n/a" if value is None else ("PASS" if value <= limit else "FAIL")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orgs", type=int, default=1_000_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--pg-url", default=DEFAULT_PG_URL)
    ap.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF)
    ap.add_argument("--open-share", type=float, default=0.005,
                    help="share of the last round's filings left open after their last day (default 0.005)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--keep", action="store_true", help="keep the databases, and reuse them on the next run")
    ap.add_argument("--no-bare-due", action="store_true", help="skip the bare calendar (slow at full size)")
    ap.add_argument("--bare-runs", type=int, default=RUNS, help="timed runs of the bare calendar (default 3)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    ok = True
    for engine in args.engines.split(","):
        result = run_engine(engine, args)
        result["machine"] = {"python": platform.python_version(), "platform": platform.platform(),
                             "cpus": os.cpu_count(), "load_average": os.getloadavg()}  # fmt: skip
        log(json.dumps({k: result.get(k) for k in ("ngoreg_due", "bare_due", "ngoreg_sweep", "bare_sweep",
                                                   "targets")}, default=str))  # fmt: skip
        (args.out / f"domestic-{engine}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
        ok = ok and result.get("statuses_match", True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
