"""`ngoreg import foundations FILE.tsv [--strict]` — a published catalogue of foundations (基金会).

The file: UTF-8, tab-separated, a header row, one foundation a line, no quoting (a catalogue's cells hold no
tabs or line breaks; a quote is text). Columns, found by their header in any order (others are ignored):

    inst_nm uscc inst_type reg_dept spv_dept est_date init_fund status prov
    [dist address phone_num website wrk_domain repre cert_valid_thru]

What each row becomes
* an organisation of kind `foundation`: name_zh from `inst_nm`, its credit code, province from `prov` (GB/T
  2260; where empty, the code's), `public_fundraising` where `inst_type` says 公募/非公募 (Foundation
  Regulations art. 3), registered on `est_date` (art. 11(1): a foundation exists from its registration);
* its registrar `reg_dept`: an authority of kind `registrar_civil_affairs` found by its folded name (民政部 is
  the seeded 中华人民共和国民政部) or created with the level its name says (`registrar_of`) and its province,
  and a `registered_with` relation from the registration date (art. 6(1); Charity Law art. 10(1));
* each supervisory unit `spv_dept` names (several joined by `,`, `，` or `、`): an authority of kind
  `supervisory_unit` found or created by its folded name, at its registrar's level and province (art. 7:
  the units of the registrar's own government), and a `sponsored_by` relation;
* facets `management`, `registrar_level` and `foundation_type` (`registry.particulars`, which states what
  each may hold), from the registration date;
* the registration particulars the registry has no column for (Foundation Regulations art. 11(2): domicile,
  type, scope of activities, original fund, legal representative; and the catalogue's district, telephone,
  website and certificate's last day) as the `after` of one `foundation.particulars_recorded` event on the
  organisation, as the offices' import records theirs: they are what the registrar announced, not
  registry attributes the as-of history tracks, and no count is taken over them (an amount is no facet).
  The original fund is kept in yuan (`original_fund_yuan`, from yuan, 万元 or 亿元, full-width digits too).
  The same event lists, under `relations`, the foundation's `registered_with` and `sponsored_by` relations,
  each with its id, its values as a `relation.recorded` event's `after` holds them and its basis: what the
  catalogue says of one foundation is one event, not one per relation, which a catalogue of a million
  foundations would make three million more to chain and write. Each relation row is reconstructed from it
  as from its own event.

Statuses: 正常 / 存续 (and the like) → registered; 注销 → deregistered (art. 16); 撤销 → revoked (art. 42). The
catalogue says what a foundation is, not since when: a deregistered or revoked foundation with a
registration date is recorded as registered from that date and changed on the day of the import, with an
`organisation.changed` event saying so. Counts as of an earlier day then include it, as they should for days
before it ended and do for days between its end and the import: the catalogue cannot tell those apart, and
leaving it out of every earlier count would be wrong for all the years it existed.

Dates: `1900-01-01` (the placeholder `bounds` names), `1899-12-30` (day 0 of a spreadsheet's serial days: a
blank cell formatted as a date) and empty ranges (`1900-01-01 至 1900-01-01`, ` 至 `) are no date at all.
Such a foundation is recorded without a registration date, from the day of the import, like one added by
hand without a date (`organisation.added`), and listed in the report (`undated`): a made-up day would enter
every count as of a date, an empty one enters none before the import.

Credit codes (GB 32100-2015, `registry.uscc.decode`): a code whose check digit fails, or that is not a
foundation's (`53`: 民政, 基金会), rejects the row. A code whose region is in another province than `prov`,
or whose registrar level is not the one `reg_dept` names, is loaded and listed as a disagreement with the
line, the column and both values: the catalogue's columns are taken as they are, the code as evidence.

Matching (re-running the file adds nothing): by credit code, then by the folded name of a foundation in the
registry (one recorded without a code, or a row without one). A row naming a foundation an earlier row of the
file named (same code; without a code, same name) is a duplicate, reported with that line.

Rejected rows (line and reason naming the column; the rest is loaded in one transaction; with `strict` the
file is validated whole first and nothing is written if any row is rejected): a row with more or fewer
cells than the header, an empty or non-Chinese name, a bad code, an unknown province or status word, a
date that is not YYYY-MM-DD or lies ahead, an amount that cannot be read, a cell longer than `bounds` allows.

Lines are the file's line numbers (the header is line 1); blank lines are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ngoreg import bounds
from ngoreg.audit import repository as audit
from ngoreg.audit.chain import CanonicalJson, canonical
from ngoreg.audit.repository import Actor, Entry
from ngoreg.authorities import repository as authorities
from ngoreg.db import bulk
from ngoreg.errors import InvalidInput, NgoregError
from ngoreg.facets import repository as facets
from ngoreg.importing import chinafile_clean as cf
from ngoreg.importing import orgs_csv
from ngoreg.importing import repository as irepo
from ngoreg.law import cite
from ngoreg.law.periods import day_of
from ngoreg.reference import AuthorityKind, Level, OrgKind, Predicate, provinces
from ngoreg.reference import province as parse_province
from ngoreg.registry import particulars as p
from ngoreg.registry import repository as registry
from ngoreg.registry import uscc
from ngoreg.registry.validation import OrgRecord, fold, is_chinese, state_of

SOURCE = "catalogue:foundations"
SCOPE = OrgKind.FOUNDATION.value
CHUNK = 5_000  # foundations prepared and written at a time: small, so that preparing and writing overlap
BYTES_PER_ROW = 250  # about a catalogue row's size, to tell a load larger than the registry it goes into

BASIS_REGISTERED = str(cite("foundation_regs", 11, 1))
BASIS_PARTICULARS = str(cite("foundation_regs", 11, 2))
BASIS_REGISTRAR = str(cite("foundation_regs", 6, 1))
BASIS_UNIT = str(cite("foundation_regs", 7))
BASIS_STATUS = {"deregistered": str(cite("foundation_regs", 16)), "revoked": str(cite("foundation_regs", 42))}

REQUIRED = ("inst_nm", "uscc", "inst_type", "reg_dept", "spv_dept", "est_date", "init_fund", "status", "prov")
OPTIONAL = ("dist", "address", "phone_num", "website", "wrk_domain", "repre", "cert_valid_thru")
AUTHORITY_COLUMNS = ("id", "kind", "level", "name_zh", "name_en", "province", "parent_id", "note")
AUTHORITY_NAME_COLUMNS = ("id", "authority_id", "name", "folded", "lang", "role")
_NAMES = frozenset({"inst_nm", "reg_dept", "repre"})  # bounded as names; `spv_dept` item by item, a list

# The catalogue's status words (NFKC, blanks removed) and the registry's status each means.
STATUSES = {
    "正常": "registered", "存续": "registered", "登记": "registered", "成立": "registered", "在册": "registered",
    "注销": "deregistered", "已注销": "deregistered", "注销登记": "deregistered",
    "撤销": "revoked", "已撤销": "revoked", "撤销登记": "revoked", "吊销": "revoked",
}  # fmt: skip
NO_UNIT = frozenset({"直接登记", "无"})  # spv_dept of a foundation registered without a supervisory unit
NO_AMOUNT = frozenset({"", "nan", "none", "null", "暂无", "无", "-", "—"})  # init_fund the catalogue does not know
PLACEHOLDER_DAYS = frozenset({"1900-01-01", "1899-12-30"})
NATIONAL_REGISTRAR = "民政部"
STATE_PREFIX = "中华人民共和国"  # the seeded ministry's name begins so; catalogues write 民政部

_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)(亿|万)?(?:元|人民币|元人民币)?$")
_DAY_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(?::00)?$")  # a day a spreadsheet wrote as a time


@dataclass
class Report:
    loaded: int = 0
    skipped: int = 0  # already in the registry
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    disagreements: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, column, row, code
    undated: list[tuple[int, str]] = field(default_factory=list)  # (line, est_date as written)
    created: dict[str, int] = field(default_factory=dict)
    strict_abort: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "loaded": self.loaded,
            "skipped_existing": self.skipped,
            "duplicates": len(self.duplicates),
            "rejected": len(self.rejected),
            "disagreements": len(self.disagreements),
            "undated": len(self.undated),
            "loaded_nothing_because_strict": self.strict_abort,
            "created": self.created,
            "rejections": [{"line": ln, "reason": r} for ln, r in self.rejected],
            "duplicate_rows": [{"line": ln, "reason": r} for ln, r in self.duplicates],
            "disagreement_rows": [{"line": ln, "field": f, "row": v, "code": c} for ln, f, v, c in self.disagreements],
            "undated_rows": [{"line": ln, "est_date": v} for ln, v in self.undated],
        }


# ---- reading -------------------------------------------------------------------------------------------

_NOT_UTF8 = "is not UTF-8 text; save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"


def _lines(path: Path, shown: str) -> Iterator[tuple[int, str]]:
    """(line number, text without its line end) of every line, the header first, streamed."""
    if not path.exists():
        raise InvalidInput("FILE", shown, "does not exist")
    if not path.is_file():
        raise InvalidInput("FILE", shown, "is not a file")
    size = path.stat().st_size
    if size > bounds.IMPORT_FILE:
        raise InvalidInput("FILE", shown, f"is {size:,} bytes; an import takes at most {bounds.IMPORT_FILE:,}")
    try:
        with path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    raise InvalidInput("FILE", shown, f"{_NOT_UTF8} (line {number})") from None
                yield number, line.rstrip("\r\n")
    except OSError as exc:
        raise InvalidInput("FILE", shown, f"cannot be read ({exc.strerror})") from None


@dataclass(frozen=True)
class _Columns:
    index: dict[str, int]  # column name -> its position
    width: int  # cells a row has


def _columns(header: str) -> _Columns:
    names = [h.strip().casefold() for h in header.split("\t")]
    index: dict[str, int] = {}
    for i, n in enumerate(names):
        index.setdefault(n, i)
    for name in REQUIRED:
        if name not in index:
            raise InvalidInput("header", name, f"missing column (the file has {len(names)} tab-separated columns: "
                                               f"{', '.join(names[:4])}, …)")  # fmt: skip
    return _Columns({n: index[n] for n in (*REQUIRED, *OPTIONAL) if n in index}, len(names))


def _cells(line: str, cols: _Columns) -> dict[str, str]:
    cells = line.split("\t")
    if len(cells) != cols.width:
        raise InvalidInput("row", f"{len(cells)} cells", f"the header has {cols.width} columns (a tab missing or "
                                                          "added)")  # fmt: skip
    row = {n: cells[i] for n, i in cols.index.items()}
    for n, v in row.items():
        if n != "spv_dept":
            bounds.text(v, n, bounds.NAME if n in _NAMES else bounds.ADDRESS if n == "address" else bounds.CELL)
    return row


# ---- cleaning ------------------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return cf.text(value)


def _compact(value: str) -> str:
    """NFKC with every blank removed: how the catalogue's Chinese words compare."""
    return "".join(unicodedata.normalize("NFKC", value).split())


@lru_cache(maxsize=1 << 16)  # a catalogue repeats its round amounts
def fund_yuan(value: str) -> int | None:
    """`init_fund` in yuan: `2000000`, `2,000,000元`, `200万元`, `２００万`, `0.5亿`; None where the catalogue
    does not know it (`nan`, `暂无`, empty). Fractions of a yuan are rounded half up."""
    v = _compact(value).replace(",", "")
    if v.casefold() in NO_AMOUNT:
        return None
    m = _AMOUNT.match(v)
    if m is None:
        raise InvalidInput("init_fund", value, "not an amount (yuan, 万元 or 亿元; nan or 暂无 where unknown)")
    try:
        amount = Decimal(m[1]) * {"亿": 100_000_000, "万": 10_000}.get(m[2] or "", 1)
    except InvalidOperation:
        raise InvalidInput("init_fund", value, "not an amount") from None
    yuan = int(amount.to_integral_value(ROUND_HALF_UP))
    if yuan > bounds.AMOUNT:
        raise InvalidInput("init_fund", value, f"is more than {bounds.AMOUNT:,} yuan")
    return yuan


@lru_cache(maxsize=1 << 16)  # a catalogue has a few thousand distinct days
def registration_day(value: str, today: date) -> date | None:
    """`est_date` as a day, or None for a placeholder or an empty range (module docstring)."""
    v = _text(value)
    if "至" in v:
        ends = [e.strip() for e in v.split("至")]
        if all(not e or e in PLACEHOLDER_DAYS for e in ends):
            return None
        raise InvalidInput("est_date", value, "is a range of days, not the day of registration")
    if not v or v in PLACEHOLDER_DAYS:
        return None
    if m := _DAY_TIME.match(v):
        v = m[1]
    day = bounds.day(v, "est_date")
    if day is not None and day > today:
        raise InvalidInput("est_date", v, "lies in the future")
    return day


@lru_cache(maxsize=4096)
def _province_prefix(name: str) -> tuple[str | None, str]:
    """(GB/T 2260 code, the rest) of a name that begins with a province's full or short name."""
    for code, pr in sorted(provinces().items(), key=lambda kv: -len(kv[1].name_zh)):
        if name.startswith(pr.name_zh):
            return code, name[len(pr.name_zh):]
    for code, pr in provinces().items():
        # 吉林市 is a city of 吉林省: a short name followed by 市 is no province's
        if pr.short_zh and name.startswith(pr.short_zh) and not name[len(pr.short_zh):].startswith("市"):
            return code, name[len(pr.short_zh):]
    return None, name


_DIVISION = re.compile(r"^(.*?(?:地区|自治州|自治县|自治旗|林区|新区|[省市州盟区县旗]))")


@lru_cache(maxsize=65_536)
def registrar_of(name: str) -> tuple[Level | None, str | None]:
    """The level and province (GB/T 2260) of a civil affairs department, from its name: 民政部 the national one;
    a province's, autonomous region's or municipality's department (四川省民政厅, 北京市民政局) provincial; one
    naming a division below (成都市民政局, 四川省成都市民政局) municipal, or county-level where that division is a
    county, district or banner (武侯区, 某某县, 某某旗). None for a level the name does not say (a county-level city
    such as 义乌市 reads as municipal; its code tells, and the report lists the disagreement)."""
    n = _compact(name)
    if n.startswith(STATE_PREFIX):
        n = n[len(STATE_PREFIX):]
    if n == NATIONAL_REGISTRAR:
        return Level.NATIONAL, None
    province, rest = _province_prefix(n)
    at = rest.find("民政")
    below = rest[:at] if at >= 0 else (m[1] if (m := _DIVISION.match(rest)) else "")
    if not below:
        return (Level.PROVINCIAL, province) if province else (None, None)
    if below.endswith(("地区", "自治州", "州", "盟", "市")):
        return Level.MUNICIPAL, province
    if below.endswith(("区", "县", "旗")):
        return Level.COUNTY, province
    return None, province


def name_key(name: str) -> str:
    """How names of authorities and foundations are matched: folded (`registry.validation.fold`), without
    blanks or the state's prefix."""
    k = fold(name).replace(" ", "")
    return k[len(STATE_PREFIX):] if k.startswith(STATE_PREFIX) else k


@dataclass(slots=True)
class _Row:
    line: int
    key: str  # the credit code, or `name:` and the folded name
    rec: OrgRecord
    status: str
    registrar: str
    registrar_level: Level
    registrar_province: str | None
    units: tuple[str, ...]
    management: str | None
    foundation_type: str | None
    particulars: dict[str, Any]
    est_date: str  # as written, for the report of an undated row
    disagreements: list[tuple[str, str, str]]  # (column, row's value, code's value)


def _foundation(row: dict[str, str], line: int, today: date) -> _Row:
    name = _text(row["inst_nm"])
    if not name:
        raise InvalidInput("inst_nm", row["inst_nm"], "is empty; a foundation needs its name")
    if not is_chinese(name):
        raise InvalidInput("inst_nm", name, "has no Chinese characters; a catalogue names foundations in Chinese")
    code_raw = _compact(row["uscc"])
    decoded: uscc.Decoded | None = None
    if code_raw and code_raw.casefold() not in NO_AMOUNT:
        try:
            decoded = uscc.decode(code_raw, OrgKind.FOUNDATION)
        except ValueError as exc:
            raise InvalidInput("uscc", code_raw, str(exc)) from None
    status_word = _compact(row["status"])
    status = STATUSES.get(status_word)
    if status is None:
        raise InvalidInput("status", row["status"], f"unknown status; one of {', '.join(STATUSES)}")
    prov_text = _text(row["prov"])
    province = parse_province(prov_text, "prov") if prov_text else decoded.province if decoded else None
    registered_on = registration_day(row["est_date"], today)
    registrar = _text(row["reg_dept"])
    if not registrar:
        raise InvalidInput("reg_dept", row["reg_dept"], "is empty; a foundation is registered with a civil affairs "
                                                        "department (Foundation Regulations art. 6(1))")  # fmt: skip
    level, registrar_province = registrar_of(registrar)
    if level is None:
        if decoded is None:
            raise InvalidInput("reg_dept", registrar, "does not say its level (national, provincial, municipal or "
                                                      "county), and the row has no credit code that does")  # fmt: skip
        level = decoded.level
    if level is not Level.NATIONAL and registrar_province is None:
        registrar_province = province or (decoded.province if decoded else None)
    units_text = _text(row["spv_dept"])
    units: tuple[str, ...] = ()
    management: str | None = None
    if units_text in NO_UNIT:
        management = p.DIRECT
    elif units_text:
        units = tuple(dict.fromkeys(u for u in cf.split_list(units_text) if u not in NO_UNIT))
        bounds.items(list(units), "spv_dept")
        management = p.DUAL if units else p.DIRECT
    type_text = _text(row["inst_type"]) or None
    fund = fund_yuan(row["init_fund"])
    disagreements: list[tuple[str, str, str]] = []
    if decoded is not None:
        if province and decoded.province and province != decoded.province:
            disagreements.append(("prov", f"{prov_text} ({province})",
                                  f"{decoded.province} ({provinces()[decoded.province].name_zh})"))  # fmt: skip
        if level is not decoded.level:
            disagreements.append(("reg_dept", f"{registrar} ({level.value})",
                                  f"{decoded.level.value} (region {decoded.region})"))  # fmt: skip
    rec = OrgRecord(kind=OrgKind.FOUNDATION, name_zh=name, name_en=None, uscc=decoded.code if decoded else None,
                    origin="CN", province=province, registered_on=registered_on,
                    public_fundraising=p.PUBLIC_FUNDRAISING.get(_compact(type_text or "")))  # fmt: skip
    particulars: dict[str, Any] = {}
    if fund is not None:
        particulars["original_fund_yuan"] = fund
    for column, key in (("inst_type", "type"), ("wrk_domain", "business_scope"), ("address", "domicile"),
                        ("repre", "legal_representative"), ("dist", "district"), ("phone_num", "telephone"),
                        ("website", "website"), ("cert_valid_thru", "certificate_valid_until")):  # fmt: skip
        v = _text(row.get(column))
        if v and v.casefold() not in NO_AMOUNT and v not in PLACEHOLDER_DAYS:
            particulars[key] = v
    key = decoded.code if decoded else "name:" + name_key(name)
    return _Row(line, key, rec, status, registrar, level, registrar_province, units, management,
                _compact(type_text) if type_text else None, particulars, _text(row["est_date"]), disagreements)


def _rows(path: Path, shown: str, today: date, report: Report) -> Iterator[_Row]:
    """Every row cleaned, in order; rejected rows are recorded in the report."""
    lines = _lines(path, shown)
    header = next(lines, None)
    if header is None or not header[1].strip():
        raise InvalidInput("FILE", shown, "is empty; expected a header row")
    cols = _columns(header[1])
    for line, text in lines:
        if not text.strip():
            continue
        try:
            yield _foundation(_cells(text, cols), line, today)
        except NgoregError as exc:
            report.rejected.append((line, str(exc)))


# ---- preparing -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Everything the preparation of the rows needs, so that it can run in another process: what the registry
    holds to match rows against, and the first id of every table the import writes (the caller holds the
    audit log's lock, so nobody else takes them meanwhile)."""

    path: Path
    shown: str  # what the caller calls the file, for messages
    file: str  # how the audit log's reasons name it
    today: date
    codes: set[str]  # every credit code in the registry
    names: dict[str, str | None]  # folded name of each foundation -> its code (None: recorded without)
    authorities: dict[tuple[str, str], int]  # (kind, folded name) -> id of each registrar and supervisory unit
    provincial: dict[str, int]  # province -> its civil affairs department, the parent of those below it
    labelled: frozenset[tuple[str, str]]  # (facet, value) of the values `facet_values` labels already
    ids: registry.NextIds  # organisations, names, versions, and the first audit event
    authority: int
    authority_name: int
    relation: int
    facet: int


# An audit event as a batch carries it: action, subject type and id, effective day, basis, reason, and `before` and
# `after` in canonical JSON. Plain tuples: a batch of them crosses between processes several times faster than
# `Entry` objects.
_Event = tuple[str, str, int, date, str | None, str | None, str | None, str | None]


@dataclass
class Batch:
    """CHUNK foundations as rows of every table, numbered from the plan's ids, and their audit events in chain
    order (the `after` of each already canonical JSON), from event `first_event` on; and what the report
    says of the rows they came from."""

    first_event: int
    entries: list[_Event]
    rows: registry.Rows
    authorities: list[tuple[Any, ...]]
    authority_names: list[tuple[Any, ...]]
    relations: list[tuple[Any, ...]]
    facet_rows: list[tuple[Any, ...]]
    labels: facets.Labels
    report: Report


def prepare(plan: Plan) -> Iterator[Batch]:
    """Cleans the rows, leaves out duplicates and what the registry holds, and builds everything the import
    writes, a batch of CHUNK foundations at a time. Touches no database, so that it can run beside the
    writer (`orgs_csv.prepared_elsewhere`). Between batches only the keys of the rows seen are kept, for
    the duplicates; the last batch carries the rejections after the last foundation, and may be empty."""
    p = _Prepare(plan)
    report = Report()
    seen: dict[str, int] = {}
    chunk: list[_Row] = []
    for r in _rows(plan.path, plan.shown, plan.today, report):
        if r.key in seen:
            report.duplicates.append((r.line, f"the same foundation as line {seen[r.key]}"))
            continue
        seen[r.key] = r.line
        if p.holds(r):
            report.skipped += 1
            continue
        if r.rec.registered_on is None:
            report.undated.append((r.line, r.est_date))
        report.disagreements.extend((r.line, f, v, c) for f, v, c in r.disagreements)
        chunk.append(r)
        if len(chunk) >= CHUNK:
            yield p.batch(chunk, _taken(report))
            chunk = []
    yield p.batch(chunk, _taken(report))


def _taken(report: Report) -> Report:
    """What the report holds so far, which it then forgets (`_rows` keeps adding to the same object)."""
    part = Report(report.loaded, report.skipped, report.duplicates, report.rejected, report.disagreements,
                  report.undated)  # fmt: skip
    report.skipped, report.duplicates, report.rejected, report.disagreements, report.undated = 0, [], [], [], []
    return part


class _Prepare:
    """Numbers the rows of each batch from where the batch before ended."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.ids = plan.ids
        self.authority, self.authority_name = plan.authority, plan.authority_name
        self.relation, self.facet = plan.relation, plan.facet
        self.authorities = dict(plan.authorities)
        self.spelled: dict[tuple[AuthorityKind, str], int] = {}
        self.days: dict[date, date] = {}  # (kind, name as the rows spell it) -> id
        self.provincial = dict(plan.provincial)
        self.labelled: dict[tuple[str, str], tuple[str, str | None] | None] = dict.fromkeys(plan.labelled)
        self.today = plan.today.isoformat()
        self.reason = f"imported from {plan.file} line "

    def holds(self, r: _Row) -> bool:
        """Whether the registry holds the row's foundation already (module docstring, Matching)."""
        names = self.plan.names
        name = name_key(r.rec.name_zh or "")
        if r.rec.uscc is None:
            return name in names
        # a foundation of that name recorded without a code is this one; one with another code is not
        return r.rec.uscc in self.plan.codes or (name in names and names[name] is None)

    def batch(self, chunk: list[_Row], report: Report) -> Batch:
        today, first_event = self.plan.today, self.ids.event
        b = Batch(first_event, [], registry.Rows(), [], [], [], [], {}, report)
        states = [state_of(r.rec, status=r.status) for r in chunk]
        # one object per day: a batch crossing between processes then carries each day once
        days = [self.days.setdefault(d, d) for d in (r.rec.registered_on or today for r in chunk)]
        rows, after = registry.rows_for(self.ids, states, [d.isoformat() for d in days], imported_on=self.today)
        b.rows = rows
        org_ids = [o[0] for o in rows.orgs]
        entries = b.entries
        changed: list[int] = []  # positions in the chunk of foundations registered then, ended since
        # the organisations' events first: their ids are the ones `rows_for` gave their versions
        for i, (org_id, r, state, on) in enumerate(zip(org_ids, chunk, states, days, strict=True)):
            if r.rec.registered_on and r.status != "registered" and on < today:
                state = {**state, "status": "registered"}
                changed.append(i)
            entries.append(("organisation.registered" if r.rec.registered_on else "organisation.added",
                            "organisation", org_id, on, BASIS_REGISTERED if r.rec.registered_on else None,
                            self.reason + str(r.line), None, canonical(state)))  # fmt: skip
        version_id = after.version
        for i in changed:
            r, org_id, final = chunk[i], org_ids[i], states[i]
            event = first_event + len(entries)
            entries.append(("organisation.changed", "organisation", org_id, today, BASIS_STATUS[r.status],
                            f"{self.reason}{r.line}: the catalogue lists it as {r.status}, not since when; recorded "
                            "on the day of the import", canonical({**final, "status": "registered"}),
                            canonical(final)))  # fmt: skip
            v = rows.versions[i]
            rows.versions[i] = (*v[:3], self.today, v[4], v[5], v[6], "registered")
            rows.versions.append((version_id, org_id, self.today, None, event, v[5], v[6], r.status))
            version_id += 1
        for org_id, r, on in zip(org_ids, chunk, days, strict=True):
            self._around(b, org_id, r, on)
        self.ids = registry.NextIds(after.org, after.name, version_id, first_event + len(entries))
        b.report.loaded = len(chunk)
        if b.relations:
            b.report.created["relations"] = len(b.relations)
        return b

    def _around(self, b: Batch, org_id: int, r: _Row, on: date) -> None:
        """The foundation's registrar and units (found or created), its relations to them and its facets, and
        the one event that records its particulars and those relations."""
        day = on.isoformat()
        registrar = self._authority(b, AuthorityKind.REGISTRAR_CIVIL_AFFAIRS, r.registrar, r, on)
        relations = [self._relate(b, Predicate.REGISTERED_WITH, org_id, registrar, day, BASIS_REGISTRAR)]
        for u in r.units:
            unit = self._authority(b, AuthorityKind.SUPERVISORY_UNIT, u, r, on)
            relations.append(self._relate(b, Predicate.SPONSORED_BY, org_id, unit, day, BASIS_UNIT))
        # One event for what a relation.recorded event each would otherwise say: the relations are the
        # catalogue's as much as the particulars are, and each keeps its id and values here.
        after = {**r.particulars, "relations": relations}
        b.entries.append(("foundation.particulars_recorded", "organisation", org_id, on, BASIS_PARTICULARS,
                          self.reason + str(r.line), None, canonical(after)))  # fmt: skip
        self._facet(b, org_id, p.REGISTRAR_LEVEL, r.registrar_level.value, day)
        if r.management is not None:
            self._facet(b, org_id, p.MANAGEMENT, r.management, day)
        if r.foundation_type is not None:
            self._facet(b, org_id, p.FOUNDATION_TYPE, r.foundation_type, day)

    def _relate(self, b: Batch, predicate: Predicate, org_id: int, authority: int, day: str,
                basis: str) -> dict[str, Any]:  # fmt: skip
        """A relation's row, and its values as a `relation.recorded` event's `after` holds them, with its id
        and basis."""
        rel_id = self.relation
        self.relation += 1
        b.relations.append((rel_id, predicate.value, org_id, None, None, authority, day, None))
        return {"id": rel_id, "predicate": predicate.value, "subject_org_id": org_id, "subject_authority_id": None,
                "object_org_id": None, "object_authority_id": authority, "valid_from": day, "valid_to": None,
                "basis": basis}  # fmt: skip

    def _authority(self, b: Batch, kind: AuthorityKind, name: str, r: _Row, on: date) -> int:
        """A registrar or supervisory unit found by its folded name, or created at the level and in the province
        of the row's registrar (module docstring): its rows and its `authority.added` event."""
        found = self.spelled.get((kind, name))
        if found is not None:
            return found
        key = (kind.value, name_key(name))
        found = self.authorities.get(key)
        if found is not None:
            self.spelled[(kind, name)] = found
            return found
        level, province = r.registrar_level, r.registrar_province
        if kind is AuthorityKind.REGISTRAR_CIVIL_AFFAIRS:
            parent = self.provincial.get(province or "") if level in (Level.MUNICIPAL, Level.COUNTY) else None
            note, basis = ("Registrar of foundations (登记管理机关; Foundation Regulations art. 6(1), Charity Law "
                           "art. 10(1))", BASIS_REGISTRAR)  # fmt: skip
        else:
            parent = None
            note, basis = ("Supervisory unit (业务主管单位) of foundations (Foundation Regulations art. 7)",
                           BASIS_UNIT)  # fmt: skip
        chinese = is_chinese(name)
        values = {"kind": kind.value, "level": level.value, "name_zh": name if chinese else None,
                  "name_en": None if chinese else name, "province": province, "parent_id": parent,
                  "note": note}  # fmt: skip
        aid = self.authority
        self.authority += 1
        b.authorities.append((aid, *(values[c] for c in AUTHORITY_COLUMNS[1:])))
        b.authority_names.append((self.authority_name, aid, name, fold(name), "zh" if chinese else "en", "current"))
        self.authority_name += 1
        b.entries.append(("authority.added", "authority", aid, on, basis, self.reason + str(r.line), None,
                          canonical({**values, "names": [{"name": name, "role": "current"}]})))  # fmt: skip
        b.report.created[kind.value] = b.report.created.get(kind.value, 0) + 1
        self.authorities[key] = aid
        if kind is AuthorityKind.REGISTRAR_CIVIL_AFFAIRS and level is Level.PROVINCIAL and province:
            self.provincial.setdefault(province, aid)
        return aid

    def _facet(self, b: Batch, org_id: int, name: str, value: str, day: str) -> None:
        if (name, value) not in self.labelled:
            labels = self.labelled[(name, value)] = p.label(name, p.check(name, value))
            b.labels[(SCOPE, name, value)] = labels
        b.facet_rows.append((self.facet, SCOPE, "organisation", org_id, name, value, day, None))
        self.facet += 1


# ---- writing ---------------------------------------------------------------------------------------------


def _plan(session: Session, path: Path, shown: str, file: str, today: date, first_event: int) -> Plan:
    codes, _ = registry.existing_keys(session)
    names: dict[str, str | None] = {}
    for zh, en, code in irepo.names_and_codes(session, SCOPE):
        for n in (zh, en):
            if n:
                names.setdefault(name_key(n), code)
    known: dict[tuple[str, str], int] = {}
    for kind in (AuthorityKind.REGISTRAR_CIVIL_AFFAIRS, AuthorityKind.SUPERVISORY_UNIT):
        for aid, name, _role in authorities.names_of_kind(session, kind.value):
            known.setdefault((kind.value, name_key(name)), aid)
    provincial = authorities.by_province(session, AuthorityKind.REGISTRAR_CIVIL_AFFAIRS.value, Level.PROVINCIAL.value)
    return Plan(path, shown, file, today, codes, names, known, provincial,
                frozenset(facets.known_values(session, SCOPE)), registry.next_ids(session, first_event),
                bulk.next_id(session, "authorities"), bulk.next_id(session, "authority_names"),
                bulk.next_id(session, "relations"), bulk.next_id(session, "facets"))  # fmt: skip


def import_foundations(session: Session, path: Path, *, actor: Actor, now: datetime, strict: bool = False,
                       shown_as: str | None = None, in_child: bool | None = None) -> Report:  # fmt: skip
    """One pass over the file (with `strict`, a validating pass first): the rows are prepared a batch at a
    time (`prepare`) and written with the driver's bulk path, the audit events chained here. With `in_child`
    (by default, for a file of more than one batch) the preparing runs in a second process while this one
    writes the batch before: cleaning, matching and encoding cost about as much as chaining and writing."""
    shown = str(path) if shown_as is None else shown_as
    today = day_of(now)
    report = Report()
    if strict:
        for _ in _rows(path, shown, today, report):
            pass
        if report.rejected:
            report.strict_abort = True
            return report
        report = Report()
    size = path.stat().st_size
    head = audit.lock_head(session)  # before any id is read: the ids that follow are this import's
    plan = _plan(session, path, shown, path.name if shown_as is None else shown_as, today, head.next_id)
    if in_child is None:
        in_child = size > CHUNK * BYTES_PER_ROW
    labels: facets.Labels = {}
    events = 0
    large = size // BYTES_PER_ROW > registry.organisation_count(session)
    with registry.bulk_load(session, rebuild_indexes=large):
        for b in orgs_csv.prepared_elsewhere(plan, prepare) if in_child else prepare(plan):
            assert b.first_event == head.next_id, "the batches' events follow each other in the chain"
            entries = (Entry(a, t, i, on, basis, reason, None if before is None else CanonicalJson(before),
                             None if after is None else CanonicalJson(after))
                       for a, t, i, on, basis, reason, before, after in b.entries)  # fmt: skip
            chained, head = audit.chained(head, actor, entries, now=now)
            audit.write(session, chained)
            events += len(chained)
            # each table after those its rows point at
            bulk.insert_rows(session, "authorities", AUTHORITY_COLUMNS, b.authorities)
            bulk.insert_rows(session, "authority_names", AUTHORITY_NAME_COLUMNS, b.authority_names)
            registry.write_rows(session, b.rows)
            bulk.insert_rows(session, "relations", irepo.RELATION_COLUMNS, b.relations)
            bulk.insert_rows(session, "facets", facets.COLUMNS, b.facet_rows)
            labels.update(b.labels)
            _add(report, b.report)
        for table in ("authorities", "authority_names", "relations", "facets"):
            bulk.sync_sequence(session, table)
        facets.add_values(session, labels)
        report.created["audit_events"] = events
        bulk.analyze(session, ["authorities", "authority_names", "relations", "facets", "facet_values",
                               "audit_events"])  # fmt: skip
    return report


def _add(report: Report, part: Report) -> None:
    report.loaded += part.loaded
    report.skipped += part.skipped
    report.duplicates += part.duplicates
    report.rejected += part.rejected
    report.disagreements += part.disagreements
    report.undated += part.undated
    for k, n in part.created.items():
        report.created[k] = report.created.get(k, 0) + n
