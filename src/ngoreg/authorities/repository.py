"""All SQL of authority names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ngoreg.authorities.models import AuthorityName
from ngoreg.registry.models import Authority
from ngoreg.registry.validation import fold, is_chinese


def add(session: Session, values: dict[str, Any], names: Sequence[tuple[str, str]]) -> int:
    """Adds an authority with every name it goes by: (name, role), role current, former or alias."""
    authority_id = session.execute(insert(Authority).values(**values).returning(Authority.id)).scalar_one()
    rows = [{"authority_id": authority_id, "name": n, "folded": fold(n), "lang": "zh" if is_chinese(n) else "en",
             "role": role} for n, role in names]  # fmt: skip
    if rows:
        session.execute(insert(AuthorityName), rows)
    return authority_id


def names_of_kind(session: Session, kind: str) -> list[tuple[int, str, str]]:
    """(authority id, name, role) for every name of every authority of a kind: the current names in
    `authorities` as well as those in `authority_names` (authorities added by hand have only the former)."""
    out: list[tuple[int, str, str]] = []
    for aid, zh, en in session.execute(
        select(Authority.id, Authority.name_zh, Authority.name_en).where(Authority.kind == kind)
    ):
        out.extend((aid, n, "current") for n in (zh, en) if n)
    out.extend(
        session.execute(
            select(AuthorityName.authority_id, AuthorityName.name, AuthorityName.role)
            .join(Authority, Authority.id == AuthorityName.authority_id)
            .where(Authority.kind == kind)
            .order_by(AuthorityName.id)
        )
    )
    return out


def by_province(session: Session, kind: str, level: str) -> dict[str, int]:
    """The authority of a kind and level in each province, e.g. each provincial public security organ."""
    return {
        p: aid
        for aid, p in session.execute(
            select(Authority.id, Authority.province).where(Authority.kind == kind, Authority.level == level)
            .order_by(Authority.id.desc())
        )
        if p
    }


def names(session: Session, ids: Sequence[int]) -> dict[int, tuple[str | None, str | None]]:
    """(English, Chinese) current names of authorities."""
    if not ids:
        return {}
    return {
        aid: (en, zh)
        for aid, en, zh in session.execute(
            select(Authority.id, Authority.name_en, Authority.name_zh).where(Authority.id.in_(list(ids)))
        )
    }
