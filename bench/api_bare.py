"""The bare baseline of bench/api.py: a FastAPI app reading one organisation by primary key with the
engine's own driver (sqlite3 or psycopg), no ngoreg. Served by uvicorn like ngoreg:

    BENCH_DB=sqlite:///path.db uvicorn api_bare:create_app --factory --workers 2   (from bench/)

One connection per worker process; the endpoint is `async def` and reads on the event loop, as ngoreg's
does."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

import psycopg
from fastapi import FastAPI, HTTPException

COLUMNS = ("id", "kind", "name_zh", "name_en", "uscc", "origin", "province", "fields", "gongo",
           "public_fundraising", "status", "registered_on", "ended_on", "parent_id", "version")  # fmt: skip
SQL = f"SELECT {', '.join(COLUMNS)} FROM organisations WHERE id = "


def create_app() -> FastAPI:
    url = os.environ["BENCH_DB"]
    app = FastAPI()
    if url.startswith("sqlite:///"):
        conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"), check_same_thread=False)
        sql = SQL + "?"
    else:
        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
        sql = SQL + "%s"

    @app.get("/api/v1/organisations/{org_id}")
    async def organisation(org_id: int) -> dict[str, Any]:
        row = conn.execute(sql, (org_id,)).fetchone()
        if row is None:
            raise HTTPException(404)
        return dict(zip(COLUMNS, row, strict=True))

    return app
