"""Reading and adding the registry's settings. A setting is written once and never changed in place: a
secret that workers already use must not move under them."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from ngoreg.settings.models import Setting

# Signs the cursors of paged lists (`ngoreg.web.cursor`): made at random when the schema is created
# (migration 0011), or by `ngoreg init` on a database that lost it.
CURSOR_KEY = "cursor_key"


def new_secret() -> str:
    """256 random bits, in text a URL or a shell can hold."""
    return secrets.token_urlsafe(32)


def get(session: Session, name: str) -> str | None:
    row = session.get(Setting, name)
    return row.value if row is not None else None


def ensure_secret(session: Session, name: str) -> bool:
    """Adds a random secret under `name` unless there is one; whether it added one."""
    if get(session, name) is not None:
        return False
    session.add(Setting(name=name, value=new_secret()))
    session.flush()
    return True
