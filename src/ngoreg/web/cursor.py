"""Opaque, stable cursors for paged lists.

A cursor is the sort key of the last row of a page, with the name of the list it belongs to, signed with a
short HMAC and encoded URL-safe. The next page starts after that key, so rows added or removed meanwhile
never shift a page (unlike an offset). A cursor that was garbled, forged, or given out by another list is
refused as invalid input naming `cursor`. The key comes from NGOREG_CURSOR_KEY (the same for every worker);
the cursor only says where a page starts, every filter is applied to every page anyway."""

from __future__ import annotations

import base64
import hashlib
import heapq
import hmac
import json
import os
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, TypeVar

from ngoreg.errors import InvalidInput

_MAC_BYTES = 8
T = TypeVar("T")


@cache
def _key() -> bytes:
    return os.environ.get("NGOREG_CURSOR_KEY", "ngoreg cursor v1").encode()


def _mac(payload: bytes) -> bytes:
    return hmac.new(_key(), payload, hashlib.sha256).digest()[:_MAC_BYTES]


def encode(scope: str, key: Sequence[Any]) -> str:
    payload = json.dumps([scope, list(key)], separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(payload + _mac(payload)).rstrip(b"=").decode("ascii")


def decode(scope: str, token: str, shape: Sequence[type]) -> list[Any]:
    """The key a cursor of list `scope` holds, each part of the type `shape` gives."""
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii") + b"=" * (-len(token) % 4))
        payload, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
        if len(raw) <= _MAC_BYTES or not hmac.compare_digest(mac, _mac(payload)):
            raise ValueError("signature")
        got_scope, key = json.loads(payload)
        if got_scope != scope or not isinstance(key, list) or len(key) != len(shape):
            raise ValueError("scope")
        for part, kind in zip(key, shape, strict=True):
            if not isinstance(part, kind) or (kind is int and isinstance(part, bool)):
                raise ValueError("type")
        return key
    except (ValueError, TypeError, UnicodeError):
        shown = token if len(token) <= 40 else token[:40] + "…"
        raise InvalidInput("cursor", shown, "not a cursor this list gave out; start again without it") from None


def after_id(scope: str, token: str | None) -> int:
    """The id a cursor of a list in id order ends at, 0 without one."""
    return decode(scope, token, (int,))[0] if token else 0


def next_by_id(scope: str, rows: Sequence[dict[str, Any]], limit: int) -> str | None:
    """The cursor of the page after `rows` (a full page of a list in id order), None after the last page."""
    return encode(scope, [rows[-1]["id"]]) if len(rows) == limit else None


def page(scope: str, rows: Iterable[T], sort_key: Callable[[T], list[Any]], shape: Sequence[type],
         token: str | None, limit: int) -> tuple[list[T], str | None]:  # fmt: skip
    """A page of a list computed in full (a calendar, the figures, a statute): the rows after the cursor's
    key in `sort_key` order, and the cursor of the next page. The rows may come as a stream: only the page
    is kept (a heap of `limit` + 1), not the whole list sorted."""
    start = decode(scope, token, shape) if token else None
    after = rows if start is None else (r for r in rows if sort_key(r) > start)
    out = heapq.nsmallest(limit + 1, after, key=sort_key)
    return out[:limit], (encode(scope, sort_key(out[limit - 1])) if len(out) > limit else None)
