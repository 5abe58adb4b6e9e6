"""A JSON API over the registry and a plain page listing it. The full API and interface come later; both
call the same services as the CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from ngoreg.db.engine import database_url, transaction
from ngoreg.errors import InvalidInput, NgoregError, NotFound, Refused
from ngoreg.figures.service import list_figures
from ngoreg.law.citation import Citation
from ngoreg.law.texts import article
from ngoreg.registry import service
from ngoreg.web import filings_api, reporting_api

TEMPLATES = Jinja2Templates(directory=os.path.join(os.path.dirname(__file__), "templates"))
STATUS = {"invalid_input": 422, "not_found": 404, "conflict": 409, "refused": 409}


def create_app(url: str | None = None) -> FastAPI:
    db_url = database_url(url)
    app = FastAPI(title="ngoreg", version="0.1.0", openapi_url="/api/v1/openapi.json", docs_url="/api/v1/docs")

    def session() -> Iterator[Session]:
        with transaction(db_url, write=False) as s:
            yield s

    @app.exception_handler(NgoregError)
    async def on_error(_request: Request, exc: NgoregError) -> JSONResponse:
        body: dict[str, Any] = {"code": exc.code, "message": str(exc)}
        if isinstance(exc, Refused):
            body["refusals"] = [r.as_dict() for r in exc.refusals]
            body["basis"] = sorted({r.basis for r in exc.refusals if r.basis})
        return JSONResponse({"error": body}, status_code=STATUS.get(exc.code, 400))

    @app.exception_handler(RequestValidationError)
    async def on_bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        body = {"code": "invalid_input", "message": f"{where}: {first.get('msg', 'invalid')}"}
        return JSONResponse({"error": body}, status_code=422)

    def as_of_date(as_of: str | None) -> date | None:
        if not as_of:
            return None
        try:
            return date.fromisoformat(as_of)
        except ValueError:
            raise InvalidInput("as_of", as_of, "not a date; write YYYY-MM-DD") from None

    @app.get("/api/v1/organisations")
    def organisations(
        kind: str | None = None,
        province: str | None = None,
        as_of: str | None = None,
        after: int = 0,
        limit: int = Query(50, ge=1, le=1000),
        s: Session = Depends(session),
    ) -> dict[str, Any]:
        rows = service.list_organisations(s, kind=kind, province=province, as_of=as_of_date(as_of),
                                          after_id=after, limit=limit)  # fmt: skip
        return {"items": rows, "next": rows[-1]["id"] if len(rows) == limit else None}

    @app.get("/api/v1/organisations/search")
    def search(q: str, limit: int = Query(20, ge=1, le=1000), whole_word: bool = False,
               s: Session = Depends(session)) -> dict[str, Any]:  # fmt: skip
        return {"items": service.search_organisations(s, q, limit=limit, whole_word=whole_word)}

    @app.get("/api/v1/organisations/{org_id}")
    def organisation(org_id: int, as_of: str | None = None, s: Session = Depends(session)) -> dict[str, Any]:
        return service.show(s, org_id, as_of=as_of_date(as_of))

    @app.get("/api/v1/statistics/organisations")
    def statistics(by: str = "province", as_of: str | None = None, kind: str | None = None,
                   s: Session = Depends(session)) -> list[dict[str, Any]]:  # fmt: skip
        return [{"key": k, "count": n} for k, n in service.count_by(s, by, as_of=as_of_date(as_of), kind=kind)]

    @app.get("/api/v1/figures")
    def figures(source: str | None = None, s: Session = Depends(session)) -> list[dict[str, Any]]:
        return list_figures(s, source)

    @app.get("/api/v1/law/{act}/{number}")
    def law(act: str, number: int) -> dict[str, Any]:
        try:
            art = article(act, number)
        except InvalidInput as exc:
            raise NotFound(str(exc)) from None
        c = Citation(act, number)
        return {"citation": str(c), "citation_zh": c.zh, "chapter": art.chapter,
                "paragraphs": [{"text": p.text, "items": p.items} for p in art.paragraphs]}  # fmt: skip

    app.include_router(filings_api.router(db_url, session))
    app.include_router(reporting_api.router(session))

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, q: str | None = None, as_of: str | None = None, after: int = 0,
             s: Session = Depends(session)) -> HTMLResponse:  # fmt: skip
        if q:
            rows = service.search_organisations(s, q, limit=50)
        else:
            rows = service.list_organisations(s, as_of=as_of_date(as_of), after_id=after, limit=50)
        page = {"rows": rows, "q": q or "", "as_of": as_of or "", "next": rows[-1]["id"] if len(rows) == 50 else None}
        return TEMPLATES.TemplateResponse(request, "registry.html", page)

    return app
