"""`ngoreg import orgs FILE.csv` — the generic organisation format.

Header (UTF-8, comma-separated, RFC 4180 quoting; column order free, unknown columns refused):

    kind,name_zh,name_en,uscc,origin,province,fields,gongo,public_fundraising,registered_on,aliases,former_names

Only `kind` and one of the names are required. `fields`, `aliases` and `former_names` are `;`-separated;
`gongo` is `gongo` or `grassroots`; `public_fundraising` `yes` or `no`; dates YYYY-MM-DD; `origin` an
ISO 3166 code or English country name; `province` a GB/T 2260 code or a Chinese or English name.

What is loaded: every valid row, in one transaction; each rejected row is reported with its line number
and reason. With `strict`, one bad row loads nothing. A row whose organisation is already in the
registry (same credit code, or same kind and names) is skipped, so re-running an import adds nothing.
The file is parsed column-wise with pyarrow, which reads a million rows in a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
from sqlalchemy.orm import Session

from ngoreg.audit import repository as audit
from ngoreg.audit.repository import Actor, Entry
from ngoreg.errors import InvalidInput, NgoregError
from ngoreg.registry import repository as repo
from ngoreg.registry.validation import org_record, state_of

COLUMNS = ("kind", "name_zh", "name_en", "uscc", "origin", "province", "fields", "gongo",
           "public_fundraising", "registered_on", "aliases", "former_names")  # fmt: skip
BATCH = 50_000


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


def read_table(path: Path) -> pa.Table:
    if not path.exists():
        raise InvalidInput("FILE", str(path), "does not exist")
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8", block_size=1 << 24),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in COLUMNS}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        msg = str(exc).splitlines()[0]
        if "utf" in msg.lower() or "decode" in msg.lower():
            msg = "is not UTF-8 text; save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"
        raise InvalidInput("FILE", str(path), msg) from None
    unknown = [c for c in table.column_names if c not in COLUMNS]
    if unknown:
        raise InvalidInput("header", unknown[0], f"unknown column; columns are {', '.join(COLUMNS)}")
    if "kind" not in table.column_names:
        raise InvalidInput("header", ",".join(table.column_names), "has no kind column")
    return table


def import_orgs(session: Session, path: Path, *, actor: Actor, now: datetime, strict: bool = False) -> Report:
    table = read_table(path)
    columns = {c: table.column(c).to_pylist() if c in table.column_names else None for c in COLUMNS}
    codes, names = repo.existing_keys(session)
    report = Report()
    states: list[dict[str, Any]] = []
    valid_from: list[date] = []
    today = now.date()
    for i in range(table.num_rows):
        line = i + 2  # the header is line 1
        row = {c: (v[i] if v is not None else None) for c, v in columns.items()}
        try:
            rec = org_record(kind=row["kind"] or "", name_zh=row["name_zh"], name_en=row["name_en"],
                             uscc_code=row["uscc"], origin=row["origin"], province=row["province"],
                             fields=row["fields"], gongo=row["gongo"], public_fundraising=row["public_fundraising"],
                             registered_on=row["registered_on"], aliases=row["aliases"],
                             former_names=row["former_names"], today=today)  # fmt: skip
        except NgoregError as exc:
            report.rejected.append((line, str(exc)))
            continue
        key = (rec.kind.value, rec.name_zh or "", rec.name_en or "")
        if (rec.uscc and rec.uscc in codes) or (not rec.uscc and key in names):
            report.skipped += 1
            continue
        if rec.uscc:
            codes.add(rec.uscc)
        else:
            names.add(key)
        states.append(state_of(rec))
        valid_from.append(rec.registered_on or today)
    if strict and report.rejected:
        report.strict_abort = True
        return report
    for start in range(0, len(states), BATCH):
        chunk, froms = states[start : start + BATCH], valid_from[start : start + BATCH]
        ids = repo.bulk_insert(session, chunk, froms)
        audit.append(
            session,
            actor,
            [
                Entry("organisation.registered" if s["registered_on"] else "organisation.added", "organisation",
                      org_id, vf, reason=f"imported from {path.name}", after=s)
                for org_id, s, vf in zip(ids, chunk, froms, strict=True)
            ],  # fmt: skip
            now=now,
        )
        report.loaded += len(chunk)
    if report.loaded:
        repo.after_bulk_load(session)
    return report
