"""Imports over HTTP: the CSV file is the request body, the answer the report `ngoreg import … --json`
prints (loaded, already present, each rejected row with its line and reason). The body is spooled to a
temporary file and handed to the same importer the command line runs, in one transaction; what the
importer says of the file names it as the caller sent it, the request body (BODY), never the temporary
path."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool

from ngoreg.access import policy
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action
from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput
from ngoreg.importing import chinafile
from ngoreg.importing.foundations import import_foundations
from ngoreg.importing.orgs_csv import import_orgs
from ngoreg.web.authz import declares
from ngoreg.web.http import errors
from ngoreg.web.principal import clock, current_principal
from ngoreg.web.schemas import ChinaFileImportReport, FoundationImportReport, OrgImportReport

CSV_BODY = {"requestBody": {"required": True, "description": "The CSV file, UTF-8",
                            "content": {"text/csv": {"schema": {"type": "string"}}}}}  # fmt: skip
TSV_BODY = {"requestBody": {"required": True, "description": "The catalogue, UTF-8, tab-separated",
                            "content": {"text/tab-separated-values": {"schema": {"type": "string"}}}}}  # fmt: skip
STRICT = Query(False, description="Load nothing if any row is rejected")
IMPORT = declares(Action.RUN_IMPORT)
BODY = "request body"


class ChinaFileList(StrEnum):
    psus = "psus"
    offices = "offices"
    activities = "activities"


IMPORTERS: dict[ChinaFileList, Callable[..., chinafile.Report]] = {
    ChinaFileList.psus: chinafile.import_psus,
    ChinaFileList.offices: chinafile.import_offices,
    ChinaFileList.activities: chinafile.import_activities,
}


async def _spooled(request: Request, name: str) -> Path:
    """The body in a temporary file the importer can read (it streams files, and may hand one to a child
    process). NUL bytes are refused here: no text column of either engine stores them."""
    body = await request.body()
    if not body:
        raise InvalidInput("body", "", "is empty; send the CSV file as the request body")
    if b"\x00" in body:
        raise InvalidInput("body", BODY, "contains NUL bytes; send a UTF-8 CSV file")
    with tempfile.NamedTemporaryFile("wb", suffix=f"-{name}", delete=False) as f:
        f.write(body)
    return Path(f.name)


def router(db_url: str) -> APIRouter:
    api = APIRouter(prefix="/api/v1/imports", tags=["imports"])

    def run(importer: Callable[..., Any], path: Path, strict: bool, p: Principal, now: datetime) -> Any:
        try:
            with transaction(db_url) as s:
                return importer(s, path, actor=p.actor(), now=now, strict=strict, shown_as=BODY).as_dict()
        finally:
            path.unlink(missing_ok=True)

    @api.post("/organisations", response_model=OrgImportReport, openapi_extra={**CSV_BODY, **IMPORT},
              responses=errors(403))
    async def organisations(request: Request, strict: bool = STRICT, p: Principal = Depends(current_principal),
                            now: datetime = Depends(clock)) -> Any:  # fmt: skip
        """`ngoreg import orgs`: the organisation CSV (see the README for its columns). Administrators only."""
        policy.require(policy.can(p, Action.RUN_IMPORT))
        path = await _spooled(request, "orgs.csv")
        return await run_in_threadpool(run, import_orgs, path, strict, p, now)

    @api.post("/chinafile/{file}", response_model=ChinaFileImportReport, openapi_extra={**CSV_BODY, **IMPORT},
              responses=errors(403))
    async def chinafile_list(file: ChinaFileList, request: Request, strict: bool = STRICT,
                             p: Principal = Depends(current_principal),
                             now: datetime = Depends(clock)) -> Any:  # fmt: skip
        """`ngoreg import chinafile-psus|offices|activities`: one of ChinaFile's CSV files as published.
        Administrators only."""
        policy.require(policy.can(p, Action.RUN_IMPORT))
        path = await _spooled(request, f"{file.value}.csv")
        return await run_in_threadpool(run, IMPORTERS[file], path, strict, p, now)

    @api.post("/foundations", response_model=FoundationImportReport, openapi_extra={**TSV_BODY, **IMPORT},
              responses=errors(403))
    async def foundations(request: Request, strict: bool = STRICT, p: Principal = Depends(current_principal),
                          now: datetime = Depends(clock)) -> Any:  # fmt: skip
        """`ngoreg import foundations`: a catalogue of foundations, tab-separated (see the README for its
        columns). Administrators only."""
        policy.require(policy.can(p, Action.RUN_IMPORT))
        path = await _spooled(request, "foundations.tsv")
        return await run_in_threadpool(run, import_foundations, path, strict, p, now)

    return api
