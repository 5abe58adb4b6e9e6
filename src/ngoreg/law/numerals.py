"""Chinese numerals as statutes write them (第一百零一条) and back."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def to_int(text: str) -> int:
    """`一百零一` → 101, `十五` → 15. Raises ValueError for anything else."""
    if not text:
        raise ValueError("empty numeral")
    total, digit = 0, None
    for ch in text:
        if ch in _VALUE:
            digit = _VALUE[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def from_int(n: int) -> str:
    """101 → `一百零一`, 15 → `十五` (the leading 一 of 十 is dropped, as in statute numbering)."""
    if n <= 0 or n >= 10000:
        raise ValueError(f"out of range: {n}")
    out, zero_pending = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero_pending:
                out += "零"
            out += ("" if (d == 1 and unit == 10 and not out) else DIGITS[d]) + name
            zero_pending = False
        elif out:
            zero_pending = True
    return out
