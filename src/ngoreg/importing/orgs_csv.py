"""`ngoreg import orgs FILE.csv` — the generic organisation format.

Header (UTF-8, comma-separated, RFC 4180 quoting; column order free, unknown columns refused):

    kind,name_zh,name_en,uscc,origin,province,fields,gongo,public_fundraising,registered_on,aliases,former_names

Only `kind` and one of the names are required. `fields`, `aliases` and `former_names` are `;`-separated;
`gongo` is `gongo` or `grassroots`; `public_fundraising` `yes` or `no`; dates YYYY-MM-DD; `origin` an
ISO 3166 code or English country name; `province` a GB/T 2260 code or a Chinese or English name.

What is loaded: every valid row, in one transaction; each rejected row is reported with its line number
(counting the header as line 1) and reason. With `strict`, one bad row loads nothing. A row whose
organisation is already in the registry (same credit code, or same kind and names) is skipped, so
re-running an import adds nothing.
The file is parsed column-wise with pyarrow, which reads a million rows in a fraction of a second, and
validated and written a batch at a time.
"""

from __future__ import annotations

import csv
import ctypes
import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.csv as pacsv
from sqlalchemy.orm import Session

from ngoreg.audit import repository as audit
from ngoreg.audit.chain import CanonicalJson, canonical
from ngoreg.audit.repository import Actor, Entry
from ngoreg.errors import InvalidInput, NgoregError
from ngoreg.law.periods import day_of
from ngoreg.registry import repository as repo
from ngoreg.registry.validation import org_record, state_of

COLUMNS = ("kind", "name_zh", "name_en", "uscc", "origin", "province", "fields", "gongo",
           "public_fundraising", "registered_on", "aliases", "former_names")  # fmt: skip
BATCH_BYTES = 8 << 20  # about 45,000 organisations a batch
BYTES_PER_ROW = 200  # a generous size of one organisation's row, to estimate a file's rows from its size
P = TypeVar("P")  # what a preparing process is given
B = TypeVar("B")  # the batches it sends back


@dataclass
class Report:
    loaded: int = 0
    skipped: int = 0  # already in the registry
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    strict_abort: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"loaded": self.loaded, "skipped_existing": self.skipped, "rejected": len(self.rejected),
                "loaded_nothing_because_strict": self.strict_abort,
                "rejections": [{"line": ln, "reason": r} for ln, r in self.rejected]}  # fmt: skip


def read_batches(path: Path, shown: str | None = None) -> Iterator[dict[str, list[str] | None]]:
    """The file's columns in batches of about BATCH_BYTES, every value a string ('' for empty); a column
    the file lacks is None. Reading streams, so a file of any size is held one batch at a time. Messages
    name the file `shown` (by default its path)."""
    try:
        with path.open("rb") as f:
            header = csv_header(f.readline().decode("utf-8-sig"))
        unknown = [c for c in header if c not in COLUMNS]
        if unknown:
            raise InvalidInput("header", unknown[0], f"unknown column; columns are {', '.join(COLUMNS)}")
        if "kind" not in header:
            raise InvalidInput("header", ",".join(header), "has no kind column")
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8", block_size=BATCH_BYTES),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in header}, strings_can_be_null=False
            ),
        )
        for batch in reader:
            yield {c: batch.column(c).to_pylist() if c in header else None for c in COLUMNS}
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        msg = str(exc).splitlines()[0]
        if "utf" in msg.lower() or "decode" in msg.lower():
            msg = "is not UTF-8 text; save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"
        raise InvalidInput("FILE", str(path) if shown is None else shown, msg) from None


def csv_header(first_line: str) -> list[str]:
    """The column names of a CSV file's first line; a line ending in a bare carriage return (an old Mac
    file, or stray bytes) ends the header there. What the csv module cannot read is invalid input."""
    lines = first_line.splitlines()
    try:
        return next(csv.reader(lines[:1]), [])
    except csv.Error as exc:
        raise InvalidInput("header", first_line[:40], f"cannot be read as CSV ({exc})") from None


@dataclass(frozen=True)
class Plan:
    """Everything the preparation of rows needs, so that it can run in another process."""

    path: Path
    shown: str  # what the caller calls the file: the path it gave, or "request body"
    today: date
    codes: set[str]  # credit codes already in the registry
    names: set[tuple[str, str, str]]  # (kind, name_zh, name_en) of those without a code
    ids: repo.NextIds


@dataclass
class Batch:
    """One batch of the file, validated and numbered: rows ready to write, and for each new organisation
    (id, ISO registration date or None, canonical JSON of its state) for its audit event."""

    rows: repo.Rows
    added: list[tuple[int, str | None, str]]
    rejected: list[tuple[int, str]]
    skipped: int


def prepare(plan: Plan) -> Iterator[Batch]:
    """Validates each batch, skips what the registry (or an earlier row) already holds, and builds the
    rows of the registry tables numbered from `plan`. Touches no database, so it can run beside the
    writer."""
    codes, names, ids = plan.codes, plan.names, plan.ids
    today = plan.today.isoformat()
    line = 2  # the header is line 1
    for columns in read_batches(plan.path, plan.shown):
        states: list[dict[str, Any]] = []
        encoded: list[str] = []
        valid_from: list[str] = []
        rejected: list[tuple[int, str]] = []
        skipped = 0
        n = len(columns["kind"] or [])
        for i in range(n):
            row = {c: (v[i] if v is not None else None) for c, v in columns.items()}
            try:
                rec = org_record(kind=row["kind"] or "", name_zh=row["name_zh"], name_en=row["name_en"],
                                 uscc_code=row["uscc"], origin=row["origin"], province=row["province"],
                                 fields=row["fields"], gongo=row["gongo"], public_fundraising=row["public_fundraising"],
                                 registered_on=row["registered_on"], aliases=row["aliases"],
                                 former_names=row["former_names"], today=plan.today)  # fmt: skip
            except NgoregError as exc:
                rejected.append((line + i, str(exc)))
                continue
            key = (rec.kind.value, rec.name_zh or "", rec.name_en or "")
            if (rec.uscc and rec.uscc in codes) or (not rec.uscc and key in names):
                skipped += 1
                continue
            if rec.uscc:
                codes.add(rec.uscc)
            else:
                names.add(key)
            state = state_of(rec)
            states.append(state)
            encoded.append(canonical(state))  # type: ignore[arg-type]  # a state is never None
            valid_from.append(state["registered_on"] or today)
        line += n
        rows, next_ids = repo.rows_for(ids, states, valid_from)
        org_ids = range(ids.org, next_ids.org)
        added = [(i, st["registered_on"], after) for i, st, after in zip(org_ids, states, encoded, strict=True)]
        ids = next_ids
        yield Batch(rows, added, rejected, skipped)


def import_orgs(session: Session, path: Path, *, actor: Actor, now: datetime, strict: bool = False,
                in_child: bool | None = None, shown_as: str | None = None) -> Report:  # fmt: skip
    """Prepares the rows batch by batch and writes them with their audit events, so memory stays flat
    whatever the file's size. With `in_child` (by default, for a file of more than one batch) the preparing
    runs in a second process while this one writes the batch before. With `strict`, the writes happen
    inside a savepoint that is rolled back once a row is refused. Messages name the file `shown_as` (by
    default its path): a file sent over HTTP is spooled to a temporary path nobody sent."""
    shown = str(path) if shown_as is None else shown_as
    if not path.is_file():
        raise InvalidInput("FILE", shown, "does not exist")
    size = path.stat().st_size
    codes, names = repo.existing_keys(session)
    head = audit.lock_head(session)
    plan = Plan(path, shown, day_of(now), codes, names, repo.next_ids(session, head.next_id))
    reason = f"imported from {path.name if shown_as is None else shown_as}"
    report = Report()
    savepoint = session.begin_nested() if strict else None
    # A load larger than the registry it goes into rebuilds the indexes once instead of growing them.
    large = size // BYTES_PER_ROW > repo.organisation_count(session)
    with repo.bulk_load(session, rebuild_indexes=large):
        if in_child is None:
            in_child = size > BATCH_BYTES
        for batch in prepared_elsewhere(plan, prepare) if in_child else prepare(plan):
            report.rejected += batch.rejected
            report.skipped += batch.skipped
            if strict and report.rejected:
                continue  # keep reading, to report every bad row; nothing more is written
            # Chained here, while the child validates the next batch: the two take about as long. The
            # events go first, with the ids the versions written after them point at.
            entries = (
                Entry("organisation.registered" if on else "organisation.added", "organisation", org_id,
                      date.fromisoformat(on) if on else plan.today, reason=reason, after=CanonicalJson(after))
                for org_id, on, after in batch.added
            )  # fmt: skip
            events, head = audit.chained(head, actor, entries, now=now)
            audit.write(session, events)
            repo.write_rows(session, batch.rows)
            report.loaded += len(batch.rows.orgs)
    if savepoint is not None:
        if report.rejected:
            savepoint.rollback()
            report.loaded, report.skipped, report.strict_abort = 0, 0, True
        else:
            savepoint.commit()
    return report


def prepared_elsewhere(plan: P, preparer: Callable[[P], Iterator[B]]) -> Iterator[B]:
    """`preparer(plan)` (`prepare` for this import) run in a child process, one batch ahead of the caller:
    validating, encoding and hashing cost as much as writing, and the two then share the machine's cores.
    The child is a fresh interpreter (spawn) rather than a fork, so that it holds none of this process's
    database connections; `preparer` is therefore a module-level function and `plan` picklable.

    The batches come through a one-way pipe, not a queue: a queue's feeder thread in the child would wait
    forever to flush into a pipe whose reading end the child itself holds, so a child whose parent was
    killed never ended (nor the resource tracker it keeps open). With a pipe, the child waits in `send`
    until this process has taken the batch before (so it stays one batch ahead), and a dead reader is a
    broken pipe. The child also ends with its parent (`_die_with_parent`)."""
    ctx = mp.get_context("spawn")
    receiving, sending = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_prepare_into, args=(preparer, plan, sending, os.getpid()), daemon=True)
    child.start()
    sending.close()  # the child's end: once the child has ended, `recv` reads the end of the pipe
    try:
        while True:
            try:
                item = receiving.recv()
            except EOFError:
                raise NgoregError("the import's preparing process ended unexpectedly") from None
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        receiving.close()  # a child still sending gets a broken pipe
        if child.is_alive():
            child.terminate()
        child.join()


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """Asks Linux to SIGKILL this process when its parent ends, even by SIGKILL, which leaves the parent no
    chance to stop it; then checks that the parent has not ended already, before the request was made.
    (The signal follows the parent thread that started this process: the importer's thread, which waits
    for the child until it has ended.) Elsewhere a dead parent shows as a broken pipe at the next batch."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _prepare_into(preparer: Callable[[P], Iterator[B]], plan: P, sending: Connection, parent: int) -> None:
    _die_with_parent(parent)
    last: NgoregError | None = None
    try:
        for batch in preparer(plan):
            _send(sending, batch)
    except NgoregError as exc:
        last = exc
    except Exception as exc:  # the parent turns it into its own failure, with the reason
        last = NgoregError(f"preparing the import failed: {type(exc).__name__}: {exc}")
    _send(sending, last)  # None: done


def _send(sending: Connection, item: object) -> None:
    try:
        sending.send(item)
    except OSError:  # a broken pipe: the parent is gone, nobody is left to tell
        os._exit(1)
