"""Opaque, stable cursors for paged lists.

A cursor is the sort key of the last row of a page, with the name of the list it belongs to, signed with a
short HMAC and encoded URL-safe. The next page starts after that key, so rows added or removed meanwhile
never shift a page (unlike an offset). A cursor that was garbled, forged, or given out by another list is
refused as invalid input naming `cursor`.

The key is the registry's own, made at random when its schema was created (`settings.CURSOR_KEY`, migration
0011) and read from the database, so every worker signs alike; NGOREG_CURSOR_KEY overrides it. A key can
leak, so what a cursor holds is checked even when its signature holds: the type of each part, integers a
column can store, text no longer than a list gives out. The cursor only says where a page starts, every
filter is applied to every page anyway."""

from __future__ import annotations

import base64
import hashlib
import heapq
import hmac
import json
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.settings import repository as settings
from ngoreg.web.schemas import MAX_ID

_MAC_BYTES = 8
# Bounds on what a cursor may hold, far above what any list gives out: a cursor of a list sorted by text
# holds a day, a source's file name or a duty's name.
MAX_TOKEN = 4096  # characters of the cursor itself
MAX_TEXT = 500  # characters of one text part of a sort key
INT64 = range(-(2**63), 2**63)  # what an integer column can be compared with on both engines
T = TypeVar("T")


def database_key(db_url: str) -> Callable[[], bytes]:
    """How a registry's key is read: NGOREG_CURSOR_KEY if set (read now, at startup), else the database's own
    setting (read when first needed, so an app can be made before its database is)."""
    chosen = (os.environ.get("NGOREG_CURSOR_KEY") or "").strip()
    if chosen:
        return chosen.encode

    def stored() -> bytes:
        with transaction(db_url, write=False) as s:
            key = settings.get(s, settings.CURSOR_KEY)
        if not key:
            raise RuntimeError("the database holds no key for signing cursors; run `ngoreg init`")
        return key.encode()

    return stored


class Cursors:
    """The cursors of one registry. `load` gives its signing key; it is called once, when the first cursor is
    made or read, and the key is kept for the life of the app."""

    def __init__(self, load: Callable[[], bytes]) -> None:
        self._load = load
        self._key: bytes | None = None

    def _mac(self, payload: bytes) -> bytes:
        if self._key is None:
            self._key = self._load()
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:_MAC_BYTES]

    def encode(self, scope: str, key: Sequence[Any]) -> str:
        payload = json.dumps([scope, list(key)], separators=(",", ":"), ensure_ascii=False).encode()
        return base64.urlsafe_b64encode(payload + self._mac(payload)).rstrip(b"=").decode("ascii")

    def decode(self, scope: str, token: str, shape: Sequence[type]) -> list[Any]:
        """The key a cursor of list `scope` holds, each part of the type `shape` gives."""
        try:
            if len(token) > MAX_TOKEN:
                raise ValueError("length")
            raw = base64.urlsafe_b64decode(token.encode("ascii") + b"=" * (-len(token) % 4))
            payload, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
            if len(raw) <= _MAC_BYTES or not hmac.compare_digest(mac, self._mac(payload)):
                raise ValueError("signature")
            got_scope, key = json.loads(payload)
            if got_scope != scope or not isinstance(key, list) or len(key) != len(shape):
                raise ValueError("scope")
            for part, kind in zip(key, shape, strict=True):
                if not _holds(part, kind):
                    raise ValueError("part")
            return key
        except (ValueError, TypeError, UnicodeError, RecursionError):
            raise _not_given_out(token) from None

    def after_id(self, scope: str, token: str | None) -> int:
        """The id a cursor of a list in id order ends at, 0 without one."""
        if not token:
            return 0
        last: int = self.decode(scope, token, (int,))[0]
        if not 0 <= last <= MAX_ID:  # no row has such an id, so no page of the list ended there
            raise _not_given_out(token)
        return last

    def next_by_id(self, scope: str, rows: Sequence[dict[str, Any]], limit: int) -> str | None:
        """The cursor of the page after `rows` (a full page of a list in id order), None after the last page."""
        return self.encode(scope, [rows[-1]["id"]]) if len(rows) == limit else None

    def page(self, scope: str, rows: Iterable[T], sort_key: Callable[[T], list[Any]], shape: Sequence[type],
             token: str | None, limit: int) -> tuple[list[T], str | None]:  # fmt: skip
        """A page of a list computed in full (a calendar, the figures, a statute): the rows after the cursor's
        key in `sort_key` order, and the cursor of the next page. The rows may come as a stream: only the page
        is kept (a heap of `limit` + 1), not the whole list sorted."""
        start = self.decode(scope, token, shape) if token else None
        after = rows if start is None else (r for r in rows if sort_key(r) > start)
        out = heapq.nsmallest(limit + 1, after, key=sort_key)
        return out[:limit], (self.encode(scope, sort_key(out[limit - 1])) if len(out) > limit else None)


def _not_given_out(token: str) -> InvalidInput:
    shown = token if len(token) <= 40 else token[:40] + "…"
    return InvalidInput("cursor", shown, "not a cursor this list gave out; start again without it")


def _holds(part: Any, kind: type) -> bool:
    """Whether a decoded part is a sane value of `kind` (JSON's true is no integer, its 1.0 no text)."""
    if kind is int:
        return isinstance(part, int) and not isinstance(part, bool) and part in INT64
    if kind is str:
        return isinstance(part, str) and len(part) <= MAX_TEXT
    return isinstance(part, kind)
