"""Importers of the ChinaFile China NGO Project's files: the supervisory units, the representative offices
and the temporary activities of foreign NGOs (the Ministry of Public Security's public lists, translated).

`ngoreg import chinafile-psus|chinafile-offices|chinafile-activities FILE [--strict] [--json]`

What each row becomes
* supervisory_units.csv: an authority of kind `supervisory_unit`; `New (formerly Old)` is one authority
  whose former name is `Old`. Optional: it gives each unit's Chinese name as ChinaFile settled it and ties
  together the few units the offices file spells two ways without a `(formerly …)` (see below).
* offices.csv: a `representative_office` (registered on its registration date, so the registry as of any
  earlier date does not hold it; `imported_on` the day of the import: the list records no yearly plans or
  reports, so those whose last day had passed then are unrecorded, not overdue), the `foreign_ngo` that set
  it up (`office_of`, and its `parent_id`), its supervisory unit (`sponsored_by`, from the registration
  date; FNGO Law arts. 11, 13(1)(6)) and the provincial public security organ it registered with
  (`registered_with`; art. 6(1)); facets for province, origin, fields of work, supervisory unit, month and
  permitted areas (art. 13(1)(4)).
* temporary_activities.csv: a filing of `fngo_temporary_activity` in state `filed` for the foreign NGO,
  recorded by the filings service's bulk path (`filings.service.Recorder`) as the procedure declares the
  step: the `activity.filed` event on art. 17(1), the partner unit as the filing's party (`partner_org_id`),
  the closing-report deadline the step opens (art. 30(2): 30 days after the end date) open if its last day
  is still ahead on the day of the import, else `unrecorded` (the list records no reports);
  the Chinese partner unit as an organisation of the kind art. 16 names (`partner_of` the NGO), facets for
  provinces, origin (`Macau, Hong Kong` is two), fields of work as the text names them and as the one-hot
  columns mark them (`field_onehot`; the report lists the rows where the two disagree), the partner's
  supervisory unit and month.

Each change writes its hash-chained audit event in the same transaction, dated on the day the source gives
(registration date, activity start date; a foreign NGO or partner unit on the first day the source shows
it acting).

Matching (one record per real-world party)
* Supervisory units: by English name, current or former, folded (case, blanks, `The`, quotes). A unit whose
  English name matches no authority already in the registry is matched by its Chinese name, if exactly one
  existing unit has it (`Beijing Bureau of Education / 北京市体育局` is the Beijing Bureau of Sport), else
  it becomes a new authority; new units whose English names are linked by `(formerly …)` become one.
* Foreign NGOs: rows whose English or Chinese names agree (folded) are one NGO; an NGO already in the
  registry (e.g. from the offices file) is matched the same way. Each spelling not chosen as the name
  becomes an alias, so search finds it.
* Partner units: by kind and folded Chinese name.

Dedup keys (stored in `source_records`, so re-running an import adds nothing)
* supervisory unit: its current English name, folded;
* office: its English name (its Chinese one if it has none), folded, and its registration province;
* activity: the NGO's, the activity's and the partner's Chinese names (English where there is no Chinese),
  folded, the start and end dates, the provinces and the activity location; rows that differ only in the
  location (one activity held in several places) are separate filings. A row repeating an earlier row's key
  in the same file is a filing of its own too (the Ministry's list holds both, and ChinaFile counts both),
  noted in the report and in its data (`source.repeats_line`); its key adds how many rows with that key came
  before it, so a re-import matches identical rows one to one (`_Repeats`).

Rejected rows (reported with their line and reason; the rest is loaded in one transaction; `strict` loads
nothing if any row is rejected): no name, a date that is not YYYY-MM-DD, a date before the FNGO Law came
into force (2017-01-01, art. 54), an unknown province, origin, field of work or partner type. Warnings
(row loaded): an office without a supervisory unit (art. 11(1); `ngoreg check` lists it), a partner unit of
no kind art. 16 allows or of no stated kind (kept with the reason; `ngoreg check` lists the former), a
`Date of Change` that is not a date, a one-hot cell neither empty nor `1` (read as marked if its digits are
not 0).

Lines are the CSV record number plus one for the header; they are the file's line numbers as long as no
field spans lines (none in ChinaFile's files does).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Container, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.csv as pacsv
from sqlalchemy.orm import Session

from ngoreg import bounds
from ngoreg.audit.bulk import BulkAppender
from ngoreg.audit.repository import Actor, Entry
from ngoreg.authorities import repository as authorities
from ngoreg.db import bulk
from ngoreg.errors import InvalidInput, NgoregError
from ngoreg.facets import repository as facets
from ngoreg.filings.parties import StandsFor
from ngoreg.filings.service import Recorder
from ngoreg.importing import chinafile_clean as cf
from ngoreg.importing import repository as irepo
from ngoreg.importing.orgs_csv import csv_header
from ngoreg.law import cite
from ngoreg.law.periods import day_of
from ngoreg.reference import AuthorityKind, Level, OrgKind, Predicate, fields_of_work
from ngoreg.regimes.fngo import temporary_activity as activity_procedure
from ngoreg.registry import repository as registry
from ngoreg.registry.validation import OrgRecord, is_chinese, org_record, state_of

SOURCE_PSUS = "chinafile:supervisory_units"
SOURCE_OFFICES = "chinafile:offices"
SOURCE_ACTIVITIES = "chinafile:temporary_activities"
OFFICE_SCOPE = OrgKind.REPRESENTATIVE_OFFICE.value
ACTIVITY_SCOPE = activity_procedure.PROCEDURE.code
LAW_IN_FORCE = date(2017, 1, 1)  # FNGO Law art. 54
ONEHOT_FACET = "field_onehot"  # an activity's fields as ChinaFile's one-hot columns mark them
BATCH = 50_000  # organisations written at a time
ROW_BATCH = 5_000  # rows converted to Python at a time
K = TypeVar("K", bound=Hashable)

BASIS_REGISTRAR = str(cite("fngo", 6, 1))
BASIS_PSU = str(cite("fngo", 11, 1))
BASIS_REGISTERED = str(cite("fngo", 13, 1))
BASIS_PARTNER = str(cite("fngo", 16))

PSU_COLUMNS = {"psu_en": "Professional Supervisory Unit (English)", "psu_zh": "Professional Supervisory Unit (Chinese)"}
OFFICE_COLUMNS = {
    "name_en": "Organization Name (English)", "name_zh": "Organization Name (Chinese)",
    "psu_en": "Professional Supervisory Unit (English)", "psu_zh": "Professional Supervisory Unit (Chinese)",
    "origin": "Organization Origin", "fields": "Field of Work", "province": "Registration Location",
    "registered_on": "Date of Registration", "permitted": "Permitted Area(s) of Operation",
}  # fmt: skip
OFFICE_OPTIONAL = {
    "several": "Multiple offices?", "scope_zh": "Field of Work (Chinese)", "address": "Address",
    "website_en": "Website (English)", "website_zh": "Website (Chinese)", "changed_on": "Date of Change",
    "change_type": "Type of change",
}  # fmt: skip
ACTIVITY_COLUMNS = {
    "activity_en": "Activity Name (English)", "activity_zh": "Activity Name (Chinese)",
    "ngo_en": "Organization Name (English)", "ngo_zh": "Organization Name (Chinese)",
    "origin": "Organization Origin", "partner_en": "Chinese Partner Unit (CPU) (English)",
    "partner_zh": "CPU (Chinese)", "fields": "Field of Work", "provinces": "Provinces",
    "start": "Start Date", "end": "End Date", "partner_type": "CPU Type",
}  # fmt: skip
ACTIVITY_OPTIONAL = {
    "location_en": "Activity Location (English)", "location_zh": "Activity Location (Chinese)",
    "psu_en": "CPU Professional Supervisory Unit (English)", "psu_zh": "CPU Professional Supervisory Unit (Chinese)",
}  # fmt: skip


@dataclass
class Report:
    loaded: int = 0
    skipped: int = 0  # already in the registry from an earlier import
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): repeats of earlier lines
    repeats: list[tuple[int, int]] = field(default_factory=list)  # (line, earlier line): loaded as their own
    field_disagreements: list[tuple[int, list[str], list[str]]] = field(default_factory=list)  # line, text, one-hot
    rejected: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    strict_abort: bool = False

    def is_new(self, key: str, line: int, seen: dict[str, int], done: Container[str], what: str) -> bool:
        """Whether the row with dedup `key` is to be loaded: not a repeat of an earlier line of this file
        (recorded as a duplicate, naming `what` it is) nor already imported (counted as skipped)."""
        if key in seen:
            self.duplicates.append((line, f"{what} as line {seen[key]}"))
            return False
        seen[key] = line
        if key in done:
            self.skipped += 1
            return False
        return True

    def as_dict(self) -> dict[str, Any]:
        return {
            "loaded": self.loaded,
            "skipped_existing": self.skipped,
            "duplicates": len(self.duplicates),
            "repeats": len(self.repeats),
            "rejected": len(self.rejected),
            "warnings": len(self.warnings),
            "loaded_nothing_because_strict": self.strict_abort,
            "created": self.created,
            "rejections": [{"line": ln, "reason": r} for ln, r in self.rejected],
            "duplicate_rows": [{"line": ln, "reason": r} for ln, r in self.duplicates],
            "repeated_rows": [{"line": ln, "repeats_line": first} for ln, first in self.repeats],
            "field_disagreements": [{"line": ln, "text": t, "onehot": o} for ln, t, o in self.field_disagreements],
            "row_warnings": [{"line": ln, "reason": r} for ln, r in self.warnings],
        }


# ---- reading -------------------------------------------------------------------------------------------


def _header(path: Path, shown: str) -> list[str]:
    if not path.exists():
        raise InvalidInput("FILE", shown, "does not exist")
    if not path.is_file():
        raise InvalidInput("FILE", shown, "is not a file")
    try:
        with path.open("rb") as f:
            first = f.readline()
    except OSError as exc:
        raise InvalidInput("FILE", shown, f"cannot be read ({exc.strerror})") from None
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("FILE", shown, _NOT_UTF8) from None
    if not line.strip():
        raise InvalidInput("FILE", shown, "is empty; expected a header row")
    return csv_header(line)


_NOT_UTF8 = "is not UTF-8 text; save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"


@dataclass(frozen=True)
class Source:
    """A CSV file and the columns an importer reads from it (short name -> header as in the file). Rows are
    streamed, a block at a time, as often as the importer asks: the file is never held in memory whole."""

    path: Path
    wanted: dict[str, str]
    shown: str  # what the caller calls the file (the path it gave, or "request body"), for messages

    def batches(self) -> Iterator[tuple[int, list[dict[str, str]]]]:
        """(line of the first row, rows as dicts of short names) per batch; small batches keep the Python
        strings of only a few thousand rows alive at a time."""
        line = 2  # the header is line 1
        try:
            reader = pacsv.open_csv(
                self.path,
                read_options=pacsv.ReadOptions(encoding="utf8", block_size=1 << 22),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    include_columns=list(dict.fromkeys(self.wanted.values())),
                    column_types={h: pa.string() for h in self.wanted.values()},
                    strings_can_be_null=False,
                ),
            )
            for block in reader:
                for start in range(0, block.num_rows, ROW_BATCH):
                    part = block.slice(start, ROW_BATCH)
                    cols = {short: part.column(h).to_pylist() for short, h in self.wanted.items()}
                    yield line, [{k: v[i] for k, v in cols.items()} for i in range(part.num_rows)]
                    line += part.num_rows
        except (pa.ArrowInvalid, UnicodeDecodeError, KeyError) as exc:
            msg = str(exc).splitlines()[0]
            if "utf" in msg.lower() or "decode" in msg.lower():
                raise InvalidInput("FILE", self.shown, f"{_NOT_UTF8} (line {line} or after)") from None
            raise InvalidInput("FILE", self.shown, f"line {line} or after: {msg}") from None


# The columns holding a name (of an NGO, a unit, an activity) and an address; every other cell is a CELL.
_NAMES = frozenset({"name_en", "name_zh", "psu_en", "psu_zh", "ngo_en", "ngo_zh", "partner_en", "partner_zh",
                    "activity_en", "activity_zh"})  # fmt: skip


def _bounded(row: dict[str, str], source: Source) -> None:
    """Refuses a row with a cell longer than its kind needs (`bounds`), naming the column as the file does."""
    for short, value in row.items():
        limit = bounds.NAME if short in _NAMES else bounds.ADDRESS if short == "address" else bounds.CELL
        bounds.text(value, source.wanted[short].strip(), limit)


def open_source(path: Path, required: dict[str, str], optional: dict[str, str], shown_as: str | None = None
                ) -> Source:  # fmt: skip
    """The columns an importer reads, under their short names. Headers are matched with their blanks trimmed
    (` checked` is `checked`); a missing required column is refused by name. Messages name the file
    `shown_as` (by default its path): a file sent over HTTP is spooled to a temporary path nobody sent."""
    shown = str(path) if shown_as is None else shown_as
    header = _header(path, shown)
    actual: dict[str, str] = {}
    for h in header:
        actual.setdefault(h.strip().casefold(), h)
    wanted: dict[str, str] = {}
    for short, name in required.items():
        found = actual.get(name.casefold())
        if found is None:
            raise InvalidInput("header", name, f"missing column (the file has {len(header)} columns: "
                                               f"{', '.join(x.strip() for x in header[:4])}, …)")  # fmt: skip
        wanted[short] = found
    for short, name in optional.items():
        if (found := actual.get(name.casefold())) is not None:
            wanted[short] = found
    return Source(path, wanted, shown)


def _named(path: Path, shown_as: str | None) -> str:
    """The file as the audit log's reasons name it: its name, or what the caller calls it."""
    return path.name if shown_as is None else shown_as


# ---- writing ---------------------------------------------------------------------------------------------


class Writer:
    """Everything one import writes, in its transaction: the audit log's lock is taken first, so that ids the
    import assigns itself cannot be taken by another writer meanwhile."""

    def __init__(self, session: Session, actor: Actor, now: datetime, scope: str, source: str, file: str) -> None:
        self.session, self.scope, self.source, self.file = session, scope, source, file
        self.today = day_of(now)  # the day the list is imported: what it does not record is unrecorded from here
        self.audit = BulkAppender(session, actor, now=now)
        bulk.prepare(session)
        self.relations = irepo.relations(session)
        self.sources = irepo.source_records(session)
        self.facets = facets.FacetWriter(session)
        self.known = facets.known_values(session, scope)
        self.labels: facets.Labels = {}
        self.created: dict[str, int] = defaultdict(int)

    def reason(self, line: int | None) -> str:
        return f"imported from {self.file}" + (f" line {line}" if line else "")

    def organisations(self, items: Iterable[tuple[K, dict[str, Any], date, int | None]], basis: str | None = None
                      ) -> dict[K, int]:  # fmt: skip
        """Creates organisations from (key, state, valid from, source line), BATCH at a time, so that only one
        batch of states is held at once; returns each key's new id."""
        ids: dict[K, int] = {}
        chunk: list[tuple[K, dict[str, Any], date, int | None]] = []

        def flush() -> None:
            # the organisations' events are the next ones the appender numbers, in the same order
            first = registry.next_ids(self.session, self.audit.next)
            rows, _ = registry.rows_for(first, [c[1] for c in chunk], [c[2].isoformat() for c in chunk],
                                        imported_on=self.today.isoformat())  # fmt: skip
            registry.write_rows(self.session, rows)
            new = [r[0] for r in rows.orgs]
            for org_id, (key, state, vf, line) in zip(new, chunk, strict=True):
                action = "organisation.registered" if state["registered_on"] else "organisation.added"
                self.audit.add(Entry(action, "organisation", org_id, vf, reason=self.reason(line), after=state,
                                     basis=basis if state["registered_on"] else None))  # fmt: skip
                self.created[state["kind"]] += 1
                ids[key] = org_id
            chunk.clear()

        for item in items:
            chunk.append(item)
            if len(chunk) >= BATCH:
                flush()
        if chunk:
            flush()
        return ids

    def relate(self, predicate: Predicate, subject: tuple[str, int], obj: tuple[str, int], valid_from: date,
               valid_to: date | None = None, basis: str | None = None) -> int:  # fmt: skip
        values: dict[str, Any] = {"predicate": predicate.value, "valid_from": valid_from.isoformat(),
                                  "valid_to": valid_to.isoformat() if valid_to else None}  # fmt: skip
        for role, (kind, ident) in (("subject", subject), ("object", obj)):
            values[f"{role}_org_id"] = ident if kind == "org" else None
            values[f"{role}_authority_id"] = ident if kind == "authority" else None
        rel_id = self.relations.add(predicate.value, values["subject_org_id"], values["subject_authority_id"],
                                    values["object_org_id"], values["object_authority_id"], valid_from, valid_to)
        self.audit.add(Entry("relation.recorded", "relation", rel_id, valid_from, basis=basis, after=values))
        self.created["relations"] += 1
        return rel_id

    def facet(self, subject_type: str, subject_id: int, name: str, value: str, valid_from: date,
              label_en: str, label_zh: str | None) -> None:  # fmt: skip
        self.facets.add(self.scope, subject_type, subject_id, name, value, valid_from)
        if (name, value) not in self.known:
            self.labels.setdefault((self.scope, name, value), (label_en, label_zh))

    def close(self) -> None:
        self.relations.close()
        self.sources.close()
        self.facets.close()
        facets.add_values(self.session, {k: v for k, v in self.labels.items() if (k[1], k[2]) not in self.known})
        self.created["audit_events"] = self.audit.close()
        bulk.analyze(self.session, ["relations", "facets", "facet_values", "source_records", "audit_events"])


# ---- supervisory units -------------------------------------------------------------------------------


class _Psus:
    """Supervisory units: matched against those in the registry, new ones created (module docstring)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_en: dict[str, set[int]] = defaultdict(set)
        self.by_zh: dict[str, set[int]] = defaultdict(set)
        for aid, name, _role in authorities.names_of_kind(session, AuthorityKind.SUPERVISORY_UNIT.value):
            (self.by_zh if is_chinese(name) else self.by_en)[cf.match_key(name)].add(aid)
        self.resolved: dict[cf.PsuName, int] = {}

    def existing(self, p: cf.PsuName) -> int | None:
        for name in (p.current_en, p.former_en):
            if name and len(ids := self.by_en.get(cf.match_key(name), set())) == 1:
                return next(iter(ids))
        english_known = any(n and cf.match_key(n) in self.by_en for n in (p.current_en, p.former_en))
        if not english_known and p.zh and len(ids := self.by_zh.get(cf.match_key(p.zh), set())) == 1:
            return next(iter(ids))
        return None

    def resolve(self, mentions: list[cf.PsuName], w: Writer, first_seen: dict[cf.PsuName, date]) -> None:
        """Finds or creates the authority of every mention; `resolved` maps each to its id."""
        new: list[cf.PsuName] = []
        for p in dict.fromkeys(mentions):
            if p in self.resolved:
                continue
            found = self.existing(p)
            if found is not None:
                self.resolved[p] = found
            else:
                new.append(p)
        # New units linked by an English name (current or former) are one unit.
        parent: dict[str, str] = {}

        def root(k: str) -> str:
            while parent.setdefault(k, k) != k:
                k = parent[k]
            return k

        def keys(p: cf.PsuName) -> list[str]:
            return [cf.match_key(n) for n in (p.current_en, p.former_en) if n] or ["zh:" + cf.match_key(p.zh)]

        for p in new:
            ks = keys(p)
            for k in ks[1:]:
                parent[root(k)] = root(ks[0])
        groups: dict[str, list[cf.PsuName]] = defaultdict(list)
        for p in new:
            groups[root(keys(p)[0])].append(p)
        for members in groups.values():
            renamed = [p.current_en for p in members if p.former_en]
            current_en = cf.most_common(renamed or [p.current_en for p in members if p.current_en]) or None
            former = dict.fromkeys(n for p in members for n in (p.former_en, p.current_en) if n and n != current_en)
            zh_names = [p.zh for p in members if p.zh]
            current_zh = cf.most_common(zh_names) or None
            province = cf.psu_province(current_en) if current_en else None
            values = {"kind": AuthorityKind.SUPERVISORY_UNIT.value,
                      "level": (Level.PROVINCIAL if province else Level.NATIONAL).value,
                      "name_zh": current_zh, "name_en": current_en, "province": province, "parent_id": None,
                      "note": "Professional supervisory unit (业务主管单位) of foreign NGO representative offices "
                              "(FNGO Law art. 11)"}  # fmt: skip
            names = [(n, "current") for n in (current_zh, current_en) if n]
            names += [(n, "former") for n in former]
            names += [(n, "alias") for n in dict.fromkeys(zh_names) if n != current_zh]
            aid = authorities.add(self.session, values, names)
            on = min(first_seen[p] for p in members)
            w.audit.add(Entry("authority.added", "authority", aid, on, basis=BASIS_PSU, reason=w.reason(None),
                              after={**values, "names": [{"name": n, "role": r} for n, r in names]}))  # fmt: skip
            w.created["supervisory_unit"] += 1
            for p in members:
                self.resolved[p] = aid
            for n, _ in names:
                (self.by_zh if is_chinese(n) else self.by_en)[cf.match_key(n)].add(aid)


def import_psus(session: Session, path: Path, *, actor: Actor, now: datetime, strict: bool = False,
                shown_as: str | None = None) -> Report:  # fmt: skip
    """supervisory_units.csv: one authority per unit (its other columns are counts ChinaFile derived from
    the offices, which `ngoreg stats` computes itself)."""
    source = open_source(path, PSU_COLUMNS, {}, shown_as)
    report = Report()
    done = irepo.source_keys(session, SOURCE_PSUS)
    seen: dict[str, int] = {}
    rows: list[tuple[int, str, cf.PsuName]] = []
    for first, batch in source.batches():
        for i, row in enumerate(batch):
            line = first + i
            try:
                _bounded(row, source)
            except InvalidInput as exc:
                report.rejected.append((line, str(exc)))
                continue
            p = cf.psu_name(row["psu_en"], row["psu_zh"])
            if p is None:
                report.rejected.append((line, "Professional Supervisory Unit: both names are empty"))
                continue
            key = cf.digest_key("psu", cf.match_key(p.current_en or p.zh))
            if not report.is_new(key, line, seen, done, "names the same unit"):
                continue
            rows.append((line, key, p))
    if strict and report.rejected:
        report.strict_abort = True
        return report
    if not rows:
        return report
    w = Writer(session, actor, now, "supervisory_unit", SOURCE_PSUS, _named(path, shown_as))
    psus = _Psus(session)
    today = day_of(now)
    psus.resolve([p for _, _, p in rows], w, {p: today for _, _, p in rows})
    for line, key, p in rows:
        w.sources.add(SOURCE_PSUS, key, "authority", psus.resolved[p], line)
        report.loaded += 1
    w.close()
    report.created = dict(w.created)
    return report


# ---- foreign NGOs ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Party:
    """Everything the rows say about one foreign NGO or partner unit."""

    en: dict[str, int] = field(default_factory=dict)  # spelling -> rows using it, in order of first use
    zh: dict[str, int] = field(default_factory=dict)
    origin: str | None = None
    fields: frozenset[str] = frozenset()  # shared empty set: a partner unit has none
    first: date = date.max
    last: date = date.min
    line: int = 0


class _Ngos:
    """Foreign NGOs: rows whose English or Chinese names agree are one NGO (connected through either), and
    one already in the registry with an agreeing name is that NGO."""

    def __init__(self, session: Session) -> None:
        self.index: dict[str, set[int]] = defaultdict(set)
        for org_id, _kind, name, _role in irepo.org_names(session, [OrgKind.FOREIGN_NGO.value]):
            self.index[self.key(name)].add(org_id)
        self.parent: dict[str, str] = {}
        self.parties: dict[str, _Party] = {}
        self.ids: dict[str, int] = {}  # root key -> organisation id

    @staticmethod
    def key(name: str) -> str:
        return ("zh:" if is_chinese(name) else "en:") + cf.match_key(name)

    def _root(self, k: str) -> str:
        while self.parent.setdefault(k, k) != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def note(self, en: str, zh: str, origin: str | None, fields: set[str], on: date, line: int) -> None:
        keys = [self.key(n) for n in (en, zh) if n]
        for k in keys[1:]:
            a, b = self._root(keys[0]), self._root(k)
            if a != b:
                self.parent[b] = a
        for k, n in zip(keys, [n for n in (en, zh) if n], strict=True):
            p = self.parties.setdefault(k, _Party(line=line))
            cf.tally(p.zh if k.startswith("zh:") else p.en, n)
            if p.origin is None and origin not in (None, cf.UNKNOWN):
                p.origin = origin
            if fields - p.fields:
                p.fields = p.fields | fields
            p.first = min(p.first, on)

    def id_of(self, en: str, zh: str) -> int:
        return self.ids[self._root(self.key(en or zh))]

    def create(self, w: Writer) -> None:
        """Matches each NGO to one in the registry or creates it."""
        groups: dict[str, list[str]] = defaultdict(list)
        for k in self.parties:
            groups[self._root(k)].append(k)
        self.ids.update(w.organisations(self._new(groups)))

    def _new(self, groups: dict[str, list[str]]) -> Iterator[tuple[str, dict[str, Any], date, int | None]]:
        for root, ks in groups.items():
            hits: dict[int, int] = defaultdict(int)
            for k in ks:
                for org_id in self.index.get(k, ()):
                    hits[org_id] += 1
            if hits:
                self.ids[root] = min(hits, key=lambda i: (-hits[i], i))
                continue
            parties = [self.parties[k] for k in ks]
            en: dict[str, int] = {}
            zh: dict[str, int] = {}
            for p in parties:
                for n, c in p.en.items():
                    en[n] = en.get(n, 0) + c
                for n, c in p.zh.items():
                    zh[n] = zh.get(n, 0) + c
            name_en, name_zh = cf.most_common(en) or None, cf.most_common(zh) or None
            rec = org_record(kind=OrgKind.FOREIGN_NGO.value, name_en=name_en, name_zh=name_zh,
                             origin=next((p.origin for p in parties if p.origin), None),
                             fields=sorted({f for p in parties for f in p.fields}),
                             aliases=[n for n in (*en, *zh) if n not in (name_en, name_zh)])  # fmt: skip
            yield root, state_of(rec), min(p.first for p in parties), min(p.line for p in parties)


# ---- offices -------------------------------------------------------------------------------------------


@dataclass
class _Office:
    line: int
    key: str
    rec: OrgRecord
    ngo_en: str
    ngo_zh: str
    origins: tuple[tuple[str, str], ...]
    province: tuple[str, str]
    fields: tuple[tuple[str, str], ...]
    permitted: tuple[tuple[str, str], ...]
    psu: cf.PsuName | None
    particulars: dict[str, Any]


_YES = frozenset({"1", "yes", "y", "x", "true"})


def _office(row: dict[str, str], line: int, today: date, warn: Callable[[str], None]) -> _Office:
    name_en, name_zh = cf.text(row["name_en"]), cf.text(row["name_zh"])
    if not name_en and not name_zh:
        raise InvalidInput("Organization Name", "", "both the English and the Chinese name are empty")
    registered_on = cf.iso_date(row["registered_on"], "Date of Registration")
    if registered_on < LAW_IN_FORCE:
        raise InvalidInput("Date of Registration", registered_on.isoformat(),
                           "is before the FNGO Law came into force on 2017-01-01 (art. 54)")  # fmt: skip
    province_name = cf.text(row["province"])
    province = cf.province_code(province_name, "Registration Location") if province_name else ""
    if province in ("", cf.ALL, cf.UNKNOWN):
        raise InvalidInput("Registration Location", province_name, "an office registers in one province")
    origins = cf.origin_list(row["origin"], "Organization Origin")
    fields = cf.field_list(row["fields"], "Field of Work")
    permitted = cf.province_list(row["permitted"], "Permitted Area(s) of Operation")
    origin = next((c for c, _ in origins if c != cf.UNKNOWN), None)
    rec = org_record(kind=OrgKind.REPRESENTATIVE_OFFICE.value, name_en=name_en or None, name_zh=name_zh or None,
                     origin=origin, province=province, fields=[c for c, _ in fields if c != cf.UNKNOWN],
                     registered_on=registered_on, today=today)  # fmt: skip
    psu = cf.psu_name(row["psu_en"], row["psu_zh"])
    if psu is None:
        warn("no Professional Supervisory Unit; an office is registered with one's consent (FNGO Law art. 11(1))")
    particulars: dict[str, Any] = {"permitted_areas": [n for _, n in permitted]}
    for short, key in (("scope_zh", "business_scope_zh"), ("address", "address"), ("website_en", "website_en"),
                       ("website_zh", "website_zh")):  # fmt: skip
        if v := cf.text(row.get(short)):
            particulars[key] = v
    changed = cf.change_date(row.get("changed_on"))
    if isinstance(changed, date):
        particulars["changed_on"] = changed.isoformat()
        if t := cf.text(row.get("change_type")):
            particulars["change_type"] = t
    elif isinstance(changed, str):
        what = "a list of provinces" if cf.looks_like_province_list(changed) else repr(changed[:40])
        warn(f"Date of Change holds {what}, not a date; ignored")
    several = cf.text(row.get("several")).casefold() in _YES
    ngo_en = cf.ngo_name_en(name_en, several) if name_en else ""
    key = cf.digest_key("office", cf.match_key(name_en or name_zh), province)
    return _Office(line, key, rec, ngo_en, name_zh, origins, (province, province_name), fields, permitted, psu,
                   particulars)


def import_offices(session: Session, path: Path, *, actor: Actor, now: datetime, strict: bool = False,
                   shown_as: str | None = None) -> Report:  # fmt: skip
    source = open_source(path, OFFICE_COLUMNS, OFFICE_OPTIONAL, shown_as)
    report = Report()
    done = irepo.source_keys(session, SOURCE_OFFICES)
    seen: dict[str, int] = {}
    offices: list[_Office] = []
    today = day_of(now)
    for first, batch in source.batches():
        for i, row in enumerate(batch):
            line = first + i
            warnings: list[str] = []
            try:
                _bounded(row, source)
                o = _office(row, line, today, warnings.append)
            except NgoregError as exc:
                report.rejected.append((line, str(exc)))
                continue
            if not report.is_new(o.key, line, seen, done, "the same office"):
                continue
            report.warnings.extend((line, m) for m in warnings)
            offices.append(o)
    if strict and report.rejected:
        report.strict_abort = True
        return report
    if not offices:
        return report
    w = Writer(session, actor, now, OFFICE_SCOPE, SOURCE_OFFICES, _named(path, shown_as))
    registrars = authorities.by_province(session, AuthorityKind.REGISTRAR_PUBLIC_SECURITY.value,
                                         Level.PROVINCIAL.value)  # fmt: skip
    if not registrars:
        raise InvalidInput("database", "", "has no provincial public security organs; run `ngoreg init` first")
    psus = _Psus(session)
    first_seen: dict[cf.PsuName, date] = {}
    for o in offices:
        if o.psu:
            first_seen[o.psu] = min(first_seen.get(o.psu, date.max), o.rec.registered_on or today)
    psus.resolve(list(first_seen), w, first_seen)
    ngos = _Ngos(session)
    for o in offices:
        ngos.note(o.ngo_en, o.ngo_zh, o.rec.origin, set(o.rec.fields), o.rec.registered_on or today, o.line)
    ngos.create(w)
    for o in offices:
        o.rec.parent_id = ngos.id_of(o.ngo_en, o.ngo_zh)
    ids = w.organisations(((i, state_of(o.rec), o.rec.registered_on or today, o.line) for i, o in enumerate(offices)),
                          basis=BASIS_REGISTERED)  # fmt: skip
    for i, o in enumerate(offices):
        org_id = ids[i]
        on = o.rec.registered_on or today
        w.audit.add(Entry("office.particulars_recorded", "organisation", org_id, on, basis=BASIS_REGISTERED,
                          reason=w.reason(o.line), after=o.particulars))  # fmt: skip
        w.relate(Predicate.OFFICE_OF, ("org", org_id), ("org", o.rec.parent_id or 0), on)
        if o.psu:
            w.relate(Predicate.SPONSORED_BY, ("org", org_id), ("authority", psus.resolved[o.psu]), on,
                     basis=BASIS_PSU)  # fmt: skip
        registrar = registrars.get(o.province[0])
        if registrar is None:
            report.warnings.append((o.line, f"no public security organ of province {o.province[1]} in the registry"))
        else:
            w.relate(Predicate.REGISTERED_WITH, ("org", org_id), ("authority", registrar), on, basis=BASIS_REGISTRAR)
        _office_facets(w, org_id, o, psus.resolved.get(o.psu) if o.psu else None, on)
        w.sources.add(SOURCE_OFFICES, o.key, "organisation", org_id, o.line)
        report.loaded += 1
    registry.after_bulk_load(session)
    w.close()
    report.created = dict(w.created)
    return report


def _month(on: date) -> tuple[str, str]:
    return f"{on.year:04d}-{on.month:02d}", f"{on.year}年{on.month}月"


def _office_facets(w: Writer, org_id: int, o: _Office, psu_id: int | None, on: date) -> None:
    code, name = o.province
    w.facet("organisation", org_id, "province", code, on, name, cf.province_label_zh(code))
    for c, n in o.origins:
        w.facet("organisation", org_id, "origin", c, on, n, cf.origin_label_zh(c))
    for c, n in o.fields:
        w.facet("organisation", org_id, "field", c, on, n, cf.field_label_zh(c))
    for c, n in o.permitted:
        w.facet("organisation", org_id, "permitted_area", c, on, n, cf.province_label_zh(c))
    if psu_id is not None:
        w.facet("organisation", org_id, "psu", str(psu_id), on, str(psu_id), None)
    month, month_zh = _month(on)
    w.facet("organisation", org_id, "month", month, on, month, month_zh)


# ---- temporary activities ------------------------------------------------------------------------------


@dataclass
class _Activity:
    line: int
    key: str
    ngo_en: str
    ngo_zh: str
    origins: tuple[tuple[str, str], ...]
    partner_en: str
    partner_zh: str
    partner: cf.PartnerType
    partner_org_kind: OrgKind | None
    start: date
    end: date
    provinces: tuple[tuple[str, str], ...]
    fields: tuple[tuple[str, str], ...]
    psu: tuple[str, str, str | None]  # value, English label, Chinese label
    row: dict[str, str]
    onehot: tuple[str, ...] | None = None  # the fields the one-hot columns mark; None: none marked (`_onehot`)
    odd_marks: tuple[tuple[str, str], ...] = ()  # (field, cell) of one-hot cells neither empty nor `1`
    repeats: int | None = None  # the earlier line this row repeats field for field (`_Repeats`)


@cache
def _psu_facet(en: str, zh: str) -> tuple[str, str, str | None]:
    p = cf.psu_name(en, zh)
    if p is None:
        return cf.UNKNOWN, "Unknown", cf.UNKNOWN_ZH
    label = p.current_en or p.zh
    none_zh = cf.PSU_NONE.get(label.casefold())
    return cf.match_key(label), label, none_zh or (p.zh if is_chinese(p.zh) else None)


def _activity(row: dict[str, str], line: int) -> _Activity:
    ngo_en, ngo_zh = cf.text(row["ngo_en"]), cf.text(row["ngo_zh"])
    if not ngo_en and not ngo_zh:
        raise InvalidInput("Organization Name", "", "both the English and the Chinese name are empty")
    partner_en, partner_zh = cf.text(row["partner_en"]), cf.text(row["partner_zh"])
    if not partner_en and not partner_zh:
        raise InvalidInput("Chinese Partner Unit", "", "both the English and the Chinese name are empty")
    if not cf.text(row["activity_en"]) and not cf.text(row["activity_zh"]):
        raise InvalidInput("Activity Name", "", "both the English and the Chinese name are empty")
    start = cf.iso_date(row["start"], "Start Date")
    end = cf.iso_date(row["end"], "End Date")
    if start < LAW_IN_FORCE:
        raise InvalidInput("Start Date", start.isoformat(), "is before the FNGO Law came into force on 2017-01-01 "
                                                            "(art. 54)")  # fmt: skip
    provinces = cf.province_list(row["provinces"], "Provinces") or ((cf.UNKNOWN, "Unknown"),)
    origins = cf.origin_list(row["origin"], "Organization Origin")
    fields = cf.field_list(row["fields"], "Field of Work")
    partner = cf.partner_type(row["partner_type"], "CPU Type")
    kind = cf.partner_org_kind(partner.kind, partner_zh or partner_en) if partner.kind else None
    psu = _psu_facet(row.get("psu_en") or "", row.get("psu_zh") or "")
    activity = cf.text(row["activity_zh"]) or cf.text(row["activity_en"])
    location = cf.text(row.get("location_zh")) or cf.text(row.get("location_en"))
    key = cf.digest_key("activity", cf.match_key(ngo_zh or ngo_en), cf.match_key(activity),
                        cf.match_key(partner_zh or partner_en), start, end, ",".join(c for c, _ in provinces),
                        cf.match_key(location))  # fmt: skip
    onehot, odd = _onehot(row)
    return _Activity(line, key, ngo_en, ngo_zh, origins, partner_en, partner_zh, partner, kind, start, end,
                     provinces, fields, psu, row, onehot, odd)


ONEHOT = "onehot:"  # the short names of the one-hot field columns: ONEHOT + the field's code


def _onehot(row: dict[str, str]) -> tuple[tuple[str, ...] | None, tuple[tuple[str, str], ...]]:
    """The fields the row's one-hot columns mark, and its cells that are neither empty nor `1`. None where
    none is marked, or the file has no such columns: ChinaFile marks at least one (`Field Unknown`) on every
    row it coded, and a file written in its format may leave these derived columns empty."""
    marked: list[str] = []
    odd: list[tuple[str, str]] = []
    for short, cell in row.items():
        if short.startswith(ONEHOT) and cell:
            is_marked, clean = cf.onehot_mark(cell)
            if is_marked:
                marked.append(short[len(ONEHOT):])
            if not clean:
                odd.append((short[len(ONEHOT):], cf.text(cell)))
    return (tuple(marked) or None), tuple(odd)


def _field_name(code: str) -> str:
    return "Field Unknown" if code == cf.UNKNOWN else fields_of_work()[code][0]


def _note_fields(report: Report, line: int, a: _Activity) -> None:
    """Reports one-hot cells read despite their dirt, and where the `Field of Work` text and the one-hot
    columns of a row they code disagree."""
    for code, cell in a.odd_marks:
        how = "marked" if a.onehot and code in a.onehot else "not marked"
        report.warnings.append((line, f"one-hot column {_field_name(code)} holds {cell!r}; read as {how}"))
    if a.onehot is not None and {c for c, _ in a.fields} != set(a.onehot):
        report.field_disagreements.append((line, [n for _, n in a.fields],
                                           [_field_name(c) for c in a.onehot]))  # fmt: skip


def _activities(source: Source, report: Report | None) -> Iterator[tuple[int, _Activity | None]]:
    """Every row cleaned, in order: (line, activity) or (line, None) where the row is rejected (and, given a
    report, recorded in it)."""
    for first, batch in source.batches():
        for i, row in enumerate(batch):
            line = first + i
            try:
                _bounded(row, source)
                yield line, _activity(row, line)
            except NgoregError as exc:
                if report is not None:
                    report.rejected.append((line, str(exc)))
                yield line, None


class _Repeats:
    """Rows that repeat an earlier row's dedup key field for field. The Ministry's list holds both and ChinaFile
    counts both, so each is a filing of its own, noted as repeating the first. The n-th row with a key (n > 1)
    is told apart by n, not by its line: a re-import of the file maps identical rows one to one, and rows
    inserted elsewhere in the file do not make them new."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[int, int]] = {}  # key -> (its first line, rows with it so far)

    def key(self, key: str, line: int) -> tuple[str, int | None]:
        """The row's own key and the line it repeats (None for the first row with `key`)."""
        first, n = self.seen.get(key, (line, 0))
        self.seen[key] = (first, n + 1)
        if n == 0:
            return key, None  # the key of every row of a file without repeats is as before
        return cf.digest_key(key, "occurrence", n + 1), first


def import_activities(session: Session, path: Path, *, actor: Actor, now: datetime, strict: bool = False,
                      shown_as: str | None = None) -> Report:  # fmt: skip
    """Two passes over the rows: the first validates them and gathers who the parties are (so that every
    NGO and partner unit is created once, with all its spellings), the second writes the filings. Between
    them only the parties, each row's dedup key and one byte per row are kept, not the rows; the file is
    streamed in both."""
    header = _header(path, str(path) if shown_as is None else shown_as)
    onehot = {ONEHOT + code: h.strip() for code, h in cf.onehot_columns(header).items()}
    source = open_source(path, ACTIVITY_COLUMNS, ACTIVITY_OPTIONAL | onehot, shown_as)
    report = Report()
    done = irepo.source_keys(session, SOURCE_ACTIVITIES)
    seen: dict[str, int] = {}
    load = bytearray()  # one byte per row: 1 if the second pass loads it
    ngos = _Ngos(session)
    partners: dict[tuple[OrgKind, str], _Party] = {}
    repeats = _Repeats()
    for line, a in _activities(source, report):
        load.append(0)
        if a is None:
            continue
        a.key, a.repeats = repeats.key(a.key, line)
        if a.repeats is not None:
            report.repeats.append((line, a.repeats))
        _note_fields(report, line, a)
        if not report.is_new(a.key, line, seen, done, "the same activity"):
            continue
        load[line - 2] = 1
        origin = next((c for c, _ in a.origins if c != cf.UNKNOWN), None)
        ngos.note(a.ngo_en, a.ngo_zh, origin, set(), a.start, line)
        if a.partner_org_kind is not None:
            p = partners.setdefault((a.partner_org_kind, cf.match_key(a.partner_zh or a.partner_en)), _Party(line=line))
            if a.partner_en:
                cf.tally(p.en, a.partner_en)
            if a.partner_zh:
                cf.tally(p.zh, a.partner_zh)
            p.first, p.last = min(p.first, a.start), max(p.last, a.end)
        if a.partner.allowed is False:
            report.warnings.append((line, f"partner unit {a.partner_zh or a.partner_en} is a {a.row['partner_type']}: "
                                          f"{a.partner.note} (FNGO Law art. 16); loaded, see `ngoreg check`"))
        elif a.partner.allowed is None:
            report.warnings.append((line, f"partner unit {a.partner_zh or a.partner_en}: {a.partner.note}; loaded"))
    del seen, repeats
    if strict and report.rejected:
        report.strict_abort = True
        return report
    if not any(load):
        return report
    w = Writer(session, actor, now, ACTIVITY_SCOPE, SOURCE_ACTIVITIES, _named(path, shown_as))
    ngos.create(w)
    partner_ids = _create_partners(session, w, partners)
    pairs = irepo.relation_pairs(session, Predicate.PARTNER_OF.value)
    new_pairs: dict[tuple[int, int], list[date]] = {}
    # Each row is a filing the list shows as filed: its deadlines, parties and audit event are the filings
    # service's to record, as the procedure declares them.
    filings = Recorder(session, activity_procedure.CODE, activity_procedure.State.FILED.value, audit=w.audit,
                       read_on=w.today)  # fmt: skip
    repeats = _Repeats()
    for line, a in _activities(source, None):
        if a is None:
            continue
        a.key, a.repeats = repeats.key(a.key, line)
        if not load[line - 2]:
            continue
        ngo_id = ngos.id_of(a.ngo_en, a.ngo_zh)
        partner_id = partner_ids.get((a.partner_org_kind, cf.match_key(a.partner_zh or a.partner_en))) \
            if a.partner_org_kind else None  # fmt: skip
        filing_id = filings.record(ngo_id, _filing_data(a, path.name), on=a.start,
                                   stands_for=StandsFor(org_id=partner_id), reason=w.reason(line))  # fmt: skip
        _activity_facets(w, filing_id, a)
        w.sources.add(SOURCE_ACTIVITIES, a.key, "filing", filing_id, line)
        if partner_id is not None and (partner_id, ngo_id) not in pairs:
            span = new_pairs.setdefault((partner_id, ngo_id), [a.start, a.end])
            span[0], span[1] = min(span[0], a.start), max(span[1], a.end)
        report.loaded += 1
    w.created["filings"] = filings.close()
    for (partner_id, ngo_id), (first, last) in new_pairs.items():
        w.relate(Predicate.PARTNER_OF, ("org", partner_id), ("org", ngo_id), first, max(first, last),
                 basis=BASIS_PARTNER)  # fmt: skip
    registry.after_bulk_load(session)
    w.close()
    report.created = dict(w.created)
    return report


def _create_partners(session: Session, w: Writer, partners: dict[tuple[OrgKind, str], _Party]
                     ) -> dict[tuple[OrgKind, str], int]:  # fmt: skip
    index: dict[tuple[str, str], set[int]] = defaultdict(set)
    kinds = sorted({k.value for k, _ in partners})
    for org_id, kind, name, _role in irepo.org_names(session, kinds):
        index[(kind, cf.match_key(name))].add(org_id)
    out: dict[tuple[OrgKind, str], int] = {}

    def new() -> Iterator[tuple[tuple[OrgKind, str], dict[str, Any], date, int | None]]:
        for (kind, key), p in partners.items():
            found = index.get((kind.value, key))
            if found:
                out[(kind, key)] = min(found)
                continue
            name_zh = cf.most_common(p.zh) or None
            name_en = cf.most_common(p.en) or None
            if name_zh and not is_chinese(name_zh):
                name_en, name_zh = name_en or name_zh, None
            rec = org_record(kind=kind.value, name_zh=name_zh, name_en=name_en,
                             aliases=[n for n in (*p.zh, *p.en) if n not in (name_zh, name_en)])  # fmt: skip
            yield (kind, key), state_of(rec), p.first, p.line

    out.update(w.organisations(new()))
    return out


def _filing_data(a: _Activity, file: str) -> dict[str, Any]:
    """What the list says of the activity, as the filing keeps it; the partner unit in the registry is the
    party the filings service records (`partner_org_id`)."""
    r = a.row
    activity_zh, activity_en = cf.text(r["activity_zh"]), cf.text(r["activity_en"])
    location_zh, location_en = cf.text(r.get("location_zh")), cf.text(r.get("location_en"))
    data: dict[str, Any] = {
        "activity_name": activity_zh or activity_en,
        "activity_name_en": activity_en or None,
        "partner_name": a.partner_zh or a.partner_en,
        "partner_name_en": a.partner_en or None,
        "partner_kind": a.partner.kind,
        "partner_type": cf.text(r["partner_type"]) or None,
        "partner_psu": {"en": cf.text(r.get("psu_en")) or None, "zh": cf.text(r.get("psu_zh")) or None},
        "region": location_zh or location_en or ", ".join(n for _, n in a.provinces),
        "region_en": location_en or None,
        "provinces": [c for c, _ in a.provinces],
        "fields": [c for c, _ in a.fields if c != cf.UNKNOWN],
        "origins": [c for c, _ in a.origins if c != cf.UNKNOWN],
        "start_date": a.start.isoformat(),
        "end_date": a.end.isoformat(),
        "source": {"file": file, "line": a.line},
    }
    if a.repeats is not None:
        data["source"]["repeats_line"] = a.repeats
    if a.partner.kind is None:
        data["partner_kind_problem"] = "not_allowed" if a.partner.allowed is False else "unknown"
        data["partner_kind_note"] = a.partner.note
    return data


def _activity_facets(w: Writer, filing_id: int, a: _Activity) -> None:
    on = a.start
    for c, n in a.provinces:
        w.facet("filing", filing_id, "province", c, on, n, cf.province_label_zh(c))
    for c, n in a.origins:
        w.facet("filing", filing_id, "origin", c, on, n, cf.origin_label_zh(c))
    for c, n in a.fields:
        w.facet("filing", filing_id, "field", c, on, n, cf.field_label_zh(c))
    for c in a.onehot or ():  # counted by `ngoreg stats … --field-source onehot`
        w.facet("filing", filing_id, ONEHOT_FACET, c, on, _field_name(c), cf.field_label_zh(c))
    value, label_en, label_zh = a.psu
    w.facet("filing", filing_id, "psu", value, on, label_en, label_zh)
    month, month_zh = _month(on)
    w.facet("filing", filing_id, "month", month, on, month, month_zh)
