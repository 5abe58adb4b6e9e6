"""The coordinating groups as `groups.csv` records them: each fact with its source, checked when loaded.

A fact is a value and where it is stated. Its source is a line of a seed document with the words that state it
(`seed:FILE:LINE "words"`) or an article of a statute (`law:ACT:ARTICLE[:PARAGRAPH]`, checked against the
statute's text). A value without a source is refused; a source without a value records that the source states
the fact is not known (the national group's members: "not been obviously reported"). A bad file is refused
whole, naming the line and the column."""

from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from ngoreg.errors import InvalidInput, NotFound
from ngoreg.law.citation import Citation, cite
from ngoreg.reference import provinces

FILE = "groups.csv"
LEVELS = ("national", "provincial")
# The facts a row records, each beside its `<fact>_source` column.
FACTS = ("name_en", "lead_body", "other_members", "known_members", "established", "reported_by", "leading_in_title")
COLUMNS = ("key", "level", "province", *(c for f in FACTS for c in (f, f"{f}_source")), "basis")
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_SEED = re.compile(r'seed:(\d{3}_[0-9a-f]{16}\.txt):(\d{1,5}) "(.+)"', re.DOTALL)
_LAW = re.compile(r"law:([a-z0-9_]+):(\d{1,3})(?::(\d{1,2}))?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Source:
    """Where a fact is stated: a seed's line and the words there, or a statute's article."""

    ref: str  # as the file gives it
    file: str | None = None
    line: int | None = None
    quote: str | None = None
    citation: Citation | None = None

    @property
    def label(self) -> str:
        """`seed 000_….txt line 21` or `FNGO Law art. 7(2)` (which the pages link to the statute reader)."""
        if self.citation is not None:
            return str(self.citation)
        return f"seed {self.file} line {self.line}"

    def as_dict(self) -> dict[str, Any]:
        if self.citation is not None:
            return {"kind": "law", "label": self.label, "citation": str(self.citation),
                    "citation_zh": self.citation.zh}  # fmt: skip
        return {"kind": "seed", "label": self.label, "file": self.file, "line": self.line, "quote": self.quote}


@dataclass(frozen=True)
class Fact:
    """One fact of a group: its value (None where not reported) and its source (None where nothing states it)."""

    name: str
    value: Any
    source: Source | None

    @property
    def reported(self) -> bool:
        return self.value is not None and self.value != []

    def as_dict(self) -> dict[str, Any]:
        value = self.value.isoformat() if isinstance(self.value, date) else self.value
        if isinstance(self.value, Established):
            value = self.value.text
        return {"fact": self.name, "value": value, "reported": self.reported,
                "source": self.source.as_dict() if self.source else None}  # fmt: skip


@dataclass(frozen=True)
class Established:
    """A day or a month (`2016-05`), as precisely as the source gives it."""

    text: str
    first: date  # the first day it may have happened on
    last: date  # the last: the first day the source guarantees it had happened


@dataclass(frozen=True)
class Group:
    key: str
    level: str
    province: str | None
    facts: dict[str, Fact]
    basis: Source

    def value(self, fact: str) -> Any:
        return self.facts[fact].value

    @property
    def name_en(self) -> str:
        return str(self.value("name_en"))

    @property
    def coordinates_from(self) -> date:
        """The first day the group is taken to coordinate: the last day its establishment may have fallen on
        where the source dates it (`May 2016` → 2016-05-31), else the day a source first reports it."""
        est = self.value("established")
        if isinstance(est, Established):
            return est.last
        reported = self.value("reported_by")
        assert isinstance(reported, date)  # a row with neither is refused when loaded
        return reported

    @property
    def coordinates_from_basis(self) -> str:
        return "established" if isinstance(self.value("established"), Established) else "reported_by"

    def coordinates_on(self, on: date) -> bool:
        return on >= self.coordinates_from


class GroupsFileError(InvalidInput):
    """A bad line of the groups file: names the line and the column."""


def _bad(line: int, column: str, value: Any, problem: str) -> GroupsFileError:
    return GroupsFileError(f"{FILE} line {line}, {column}", value, problem)


def _source(raw: str, line: int, column: str) -> Source | None:
    raw = raw.strip()
    if not raw:
        return None
    if m := _SEED.fullmatch(raw):
        if not m[3].strip():
            raise _bad(line, column, raw, "quotes no words")
        return Source(raw, file=m[1], line=int(m[2]), quote=m[3])
    if m := _LAW.fullmatch(raw):
        try:  # `cite` checks the citation against the statute's text
            c = cite(m[1], int(m[2]), int(m[3]) if m[3] else None)
        except (InvalidInput, ValueError) as exc:
            raise _bad(line, column, raw, f"cites what the statute does not have ({exc})") from None
        return Source(raw, citation=c)
    raise _bad(line, column, raw, 'not a source: write seed:FILE:LINE "quoted words" or law:ACT:ARTICLE[:PARAGRAPH]')


def _day(raw: str, line: int, column: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _bad(line, column, raw, "not a day (YYYY-MM-DD)") from None


def _established(raw: str, line: int) -> Established:
    if m := _MONTH.fullmatch(raw):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise _bad(line, "established", raw, "no such month")
        return Established(raw, date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    d = _day(raw, line, "established")
    return Established(raw, d, d)


def _value(fact: str, raw: str, line: int) -> Any:
    if fact == "other_members":
        if not raw.isdigit() or len(raw) > 4:
            raise _bad(line, fact, raw, "not a count (a whole number, 0 to 9999)")
        return int(raw)
    if fact == "known_members":
        members = [m.strip() for m in raw.split(";")]
        if any(not m for m in members):
            raise _bad(line, fact, raw, "an empty name in the list (names are ;-separated)")
        return members
    if fact == "established":
        return _established(raw, line)
    if fact == "reported_by":
        return _day(raw, line, fact)
    if fact == "leading_in_title":
        if raw not in ("yes", "no"):
            raise _bad(line, fact, raw, "yes or no")
        return raw == "yes"
    return raw


def _row(r: dict[str, str | None], line: int) -> Group:
    if None in r or None in r.values():
        raise _bad(line, "row", "", "not as many cells as the header has columns")
    cells = {k: (v or "").strip() for k, v in r.items()}
    key = cells["key"]
    if not _KEY.fullmatch(key):
        raise _bad(line, "key", key, "not a key (lower-case letters, digits and _, starting with a letter)")
    level = cells["level"]
    if level not in LEVELS:
        raise _bad(line, "level", level, f"one of {', '.join(LEVELS)}")
    province = cells["province"] or None
    if level == "national" and province:
        raise _bad(line, "province", province, "a national group has no province")
    if level == "provincial":
        if not province:
            raise _bad(line, "province", "", "a provincial group needs its province (GB/T 2260 code)")
        if province not in provinces():
            raise _bad(line, "province", province, "not a GB/T 2260 province code")
    facts: dict[str, Fact] = {}
    for fact in FACTS:
        raw, source = cells[fact], _source(cells[f"{fact}_source"], line, f"{fact}_source")
        if raw and source is None:
            raise _bad(line, f"{fact}_source", "", f"{fact} is given without its source")
        facts[fact] = Fact(fact, _value(fact, raw, line) if raw else ([] if fact == "known_members" else None),
                           source)  # fmt: skip
    if not facts["name_en"].reported:
        raise _bad(line, "name_en", "", "every group needs its name")
    if not facts["established"].reported and not facts["reported_by"].reported:
        raise _bad(line, "reported_by", "", "a group needs the day it was established or first reported, so "
                                            "that it is known from when it coordinates")  # fmt: skip
    basis = _source(cells["basis"], line, "basis")
    if basis is None or basis.citation is None:
        raise _bad(line, "basis", cells["basis"], "every group needs the article that establishes it (law:ACT:…)")
    return Group(key, level, province, facts, basis)


def parse(text: str) -> dict[str, Group]:
    """The groups a file's text records, checked; a bad line is refused naming the line and the column."""
    # Comment lines (#) are left out; `numbers` maps the lines read back to the file's own line numbers.
    lines = text.splitlines()
    numbers = [n for n, ln in enumerate(lines, 1) if not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines[n - 1] for n in numbers)))

    def line_no() -> int:
        return numbers[min(reader.line_num, len(numbers)) - 1] if numbers else 1

    header = tuple(reader.fieldnames or ())
    if header != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        raise _bad(line_no(), missing[0] if missing else "header", ",".join(header)[:200],
                   "the header must be " + ",".join(COLUMNS))  # fmt: skip
    groups: dict[str, Group] = {}
    national = 0
    for r in reader:
        line = line_no()
        g = _row(r, line)
        if g.key in groups:
            raise _bad(line, "key", g.key, "a second row with this key")
        if g.province and any(o.province == g.province for o in groups.values()):
            raise _bad(line, "province", g.province, "a second group for this province")
        national += g.level == "national"
        groups[g.key] = g
    if national != 1:
        raise _bad(line_no(), "level", national, "the file must record the one national group")
    return groups


@cache
def groups() -> dict[str, Group]:
    """The groups of the shipped `groups.csv`, by key."""
    return parse(resources.files("ngoreg.coordination").joinpath(FILE).read_text(encoding="utf-8"))


def national() -> Group:
    return next(g for g in groups().values() if g.level == "national")


def by_province() -> dict[str, Group]:
    return {g.province: g for g in groups().values() if g.province}


def group(value: str, field: str = "group") -> Group:
    """A group by its key (`national`, `gansu`) or its province (code, Chinese or English name); a province
    with no reported group, or anything else, is not found."""
    v = value.strip()
    found = groups().get(v.casefold())
    if found is not None:
        return found
    from ngoreg.reference import province

    try:
        code = province(v, field)
    except InvalidInput:
        raise NotFound(f"{field}: {value!r}: no such group; one of {', '.join(groups())}, or a province") from None
    g = by_province().get(code)
    if g is None:
        named = ", ".join(provinces()[p].name_en for p in by_province())
        raise NotFound(f"{field}: {value!r}: no group of {provinces()[code].name_en} is reported (seed 000 names "
                       f"{named})")  # fmt: skip
    return g
