"""Name search over every name an organisation goes by, Chinese or English, ranked.

Ranking: the whole name (0), the start of a name (1), a whole word inside it (2), any substring (3);
then shorter names first. Exact and prefix matches come from a B-tree on the folded name; substrings
from the engine's trigram index (FTS5 `trigram` on SQLite, pg_trgm on PostgreSQL). A trigram index
cannot answer a query shorter than three characters, and one or two Chinese characters are a common
query: those go to the short-query index of every Chinese name's one- and two-character runs (FTS5 on
SQLite, which stops after the first matches however common the run; on PostgreSQL a short scan first,
which finds a common run at once, then GIN, which finds a rare one at once). Other short queries scan
the names of their language with a limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session

from ngoreg import bounds
from ngoreg.errors import InvalidInput
from ngoreg.registry.models import Organisation
from ngoreg.registry.validation import all_chinese, fold, is_chinese

CANDIDATES = 200  # substring matches ranked per query; enough to fill any page of results


@dataclass(frozen=True)
class Hit:
    org_id: int
    name: str
    tier: int  # 0 whole name, 1 start of a name, 2 whole word, 3 substring


def _tier(query: str, folded: str, word: re.Pattern[str] | None) -> int:
    if folded == query:
        return 0
    if folded.startswith(query):
        return 1
    if word is not None and word.search(folded):
        return 2
    return 3


def search(session: Session, query: str, *, limit: int = 20, whole_word: bool = False,
           visible: ColumnElement[bool] | None = None) -> list[Hit]:  # fmt: skip
    """Organisations whose names contain `query`, best first. `whole_word` keeps matches at word
    boundaries only; Chinese is written without spaces, so for a Chinese query it has no effect. `visible`
    (a condition over `organisations`: the reader's access) drops the candidates it excludes before the
    ranking is cut to `limit`, so what a reader may not see takes no place in the answer."""
    q = fold(bounds.text(query, "query", bounds.NAME) or "")  # longer than any name, it could find nothing
    if not q:
        raise InvalidInput("query", query, "is empty")
    if not 1 <= limit <= 1000:
        raise InvalidInput("limit", limit, "must be between 1 and 1000")
    postgres = session.get_bind().dialect.name == "postgresql"
    chinese = is_chinese(q)
    rows: list[tuple[int, str, str]] = []  # (organisation, name, folded name)
    # Exact and prefix: the folded-name B-tree, on both engines, read in its own order so that a common
    # prefix (every "beijing …") stops after CANDIDATES rows instead of sorting all of them; the exact
    # name, if any, sorts first.
    rows += session.execute(
        text("SELECT org_id, name, folded FROM org_names WHERE folded >= :q AND folded < :hi ORDER BY folded LIMIT :k"),
        {"q": q, "hi": q + "\U0010ffff", "k": CANDIDATES},
    ).all()
    if len(q) >= 3:
        if postgres:
            sql = "SELECT org_id, name, folded FROM org_names WHERE name ILIKE :p LIMIT :k"
            params: dict[str, object] = {"p": "%" + _like_escape(q) + "%", "k": CANDIDATES}
        else:
            sql = (
                "SELECT n.org_id, n.name, n.folded FROM org_names_fts f JOIN org_names n ON n.id = f.rowid "
                "WHERE org_names_fts MATCH :m LIMIT :k"
            )
            params = {"m": '"' + q.replace('"', '""') + '"', "k": CANDIDATES}
    elif all_chinese(q):
        rows += _short_chinese(session, q, postgres)
        sql = ""
    else:
        position = "strpos(folded, :q)" if postgres else "instr(folded, :q)"
        if chinese:  # the covering (lang, name, org_id) index serves the scan
            position = position.replace("folded", "name")
        sql = f"SELECT org_id, name, folded FROM org_names WHERE lang = :lang AND {position} > 0 LIMIT :k"
        params = {"q": q, "lang": "zh" if chinese else "en", "k": CANDIDATES}
    if sql:
        rows += session.execute(text(sql), params).all()

    best: dict[int, Hit] = {}
    # Chinese has no spaces between words, so a "whole word" is a whole name there.
    word = None if chinese else re.compile(r"(?<!\w)" + re.escape(q) + r"(?!\w)")
    for org_id, name, folded in rows:
        if q not in folded:
            continue  # trigram candidates are exact for LIKE/MATCH, but NFKC folding may differ
        hit = Hit(org_id, name, _tier(q, folded, word))
        old = best.get(org_id)
        if old is None or (hit.tier, len(hit.name)) < (old.tier, len(old.name)):
            best[org_id] = hit
    if visible is not None and best:
        seen = set(session.scalars(select(Organisation.id).where(Organisation.id.in_(sorted(best)), visible)))
        best = {k: v for k, v in best.items() if k in seen}
    hits = sorted(best.values(), key=lambda h: (h.tier, len(h.name), h.org_id))
    if whole_word and not chinese:
        hits = [h for h in hits if h.tier <= 2]
    return hits[:limit]


PROBE = 20_000  # Chinese names a PostgreSQL short query scans before it asks the GIN index


def _short_chinese(session: Session, q: str, postgres: bool) -> list[tuple[int, str, str]]:
    """Names containing one or two Chinese characters `q`, from the short-query index."""
    if not postgres:
        sql = ("SELECT n.org_id, n.name, n.folded FROM org_names_grams g JOIN org_names n ON n.id = g.rowid "
               "WHERE org_names_grams MATCH :m LIMIT :k")  # fmt: skip
        return [(r[0], r[1], r[2]) for r in session.execute(text(sql), {"m": f'"{q}"', "k": CANDIDATES})]
    # GIN reads a run's whole posting list before it returns a row (half the registry for 会), while a scan
    # with a limit finds a common run in the first few hundred names: scan a little, then ask the index.
    probe = session.execute(
        text("SELECT org_id, name, folded FROM (SELECT org_id, name, folded FROM org_names WHERE lang = 'zh' "
             "LIMIT :probe) s "
             "WHERE strpos(name, :q) > 0 LIMIT :k"),
        {"probe": PROBE, "q": q, "k": CANDIDATES},
    ).all()  # fmt: skip
    if len(probe) == CANDIDATES:
        return [(r[0], r[1], r[2]) for r in probe]
    found = session.execute(
        text("SELECT org_id, name, folded FROM org_names WHERE grams IS NOT NULL "
             "AND string_to_array(grams, ' ') @> ARRAY[CAST(:q AS text)] LIMIT :k"),
        {"q": q, "k": CANDIDATES},
    ).all()  # fmt: skip
    return [(r[0], r[1], r[2]) for r in found]


def _like_escape(q: str) -> str:
    return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
