"""Filing pages: start a filing (`/filings/new`), see one with what may be done with it now
(`/filings/{id}`), and fire a transition from it (`/filings/{id}/fire`).

They call what the JSON API calls (`filings.actions`): the same permission checks, the same recorded
parties, the same service. What differs is the browser:

* A page that needs an account sends a visitor without a live session to `/login?next=<this page>`. To the
  public, a filing it may not read and one that does not exist both lead there, so the redirect tells
  nothing about which filings exist.
* Each write is a form post carrying the session's CSRF token in a hidden field.
* A form sent twice does not act twice: the start form carries a one-time key (`filings.submissions`), a
  fire form the filing's version, its optimistic lock (a second send is a stale version: a conflict,
  nothing written).
* A refused form comes back with what was typed, the field named and why (422), or the law's refusals with
  their articles (409). Success redirects to the filing (post/redirect/get)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ngoreg import procedures, regimes
from ngoreg.access import facts, policy
from ngoreg.access.errors import Forbidden
from ngoreg.access.principal import Principal
from ngoreg.access.roles import Action
from ngoreg.coordination import resolver
from ngoreg.db.engine import transaction
from ngoreg.errors import Conflict, InvalidInput, NgoregError, NotFound, Refusal, Refused
from ngoreg.filings import actions, service, submissions
from ngoreg.law.periods import day_of
from ngoreg.reference import provinces
from ngoreg.registry import service as registry
from ngoreg.web import coordination_api
from ngoreg.web.pages import coordination, links
from ngoreg.web.pages.forms import Form, here, read_signed_form, to_login
from ngoreg.web.principal import Caller, clock, current_caller
from ngoreg.workflow.regime import Party
from ngoreg.workflow.spec import Procedure


@dataclass
class Input:
    """One field of a form, as the template draws it."""

    name: str
    type: str
    label: str
    basis: str | None
    choices: list[tuple[str, str]] = field(default_factory=list)
    value: str = ""
    values: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class ActionView:
    """A transition the account may take now (`allowed`, perhaps once the `inputs` are filled), or one the
    law refuses now, with each refusal."""

    transition: str
    label: str
    role: str
    basis: str
    allowed: bool
    inputs: list[Input]
    refusals: list[Refusal]


def _party(p: Procedure, name: str) -> Party | None:
    return next((x for x in regimes.catalogue().parties if x.field == name and p.code in x.procedures), None)


def _choices(s: Session, lang: str, p: Procedure, name: str, f: Any) -> list[tuple[str, str]]:
    from ngoreg.web.pages.i18n import pick, translations

    _ = translations(lang).gettext
    party = _party(p, name)
    if party is not None and party.anchor == "authority" and party.authority_kind:
        units = registry.authorities(s, party.authority_kind)
        return [(str(a["id"]), pick(lang, a["name_zh"], a["name_en"])) for a in units]
    if party is not None and party.anchor == "territory":
        return [(p.code, pick(lang, p.name_zh, p.name_en)) for p in sorted(provinces().values(), key=lambda p: p.code)]
    if f.type == "bool":
        return [("yes", _("yes")), ("no", _("no"))]
    return [(c, _(c)) for c in f.choices]


def _inputs(s: Session, lang: str, p: Procedure, role: str, names: list[str], typed: dict[str, list[str]],
            errors: dict[str, str]) -> list[Input]:  # fmt: skip
    """The inputs for `names`, but those the parties acting as `role` record from the account."""
    from ngoreg.web.pages.i18n import translations

    _ = translations(lang).gettext
    recorded = actions.recorded_fields(p.code, role)
    out = []
    for name in names:
        f = p.field(name)
        if f is None or name in recorded:
            continue
        choices = _choices(s, lang, p, name, f)
        kind = "select" if choices and f.type not in ("bool", "choice", "list") else f.type
        got = typed.get(name, [])
        out.append(Input(name, kind, _(f.label), str(f.basis) if f.basis else None, choices,
                         got[0] if got else "", got, errors.get(name)))  # fmt: skip
    return out


def _start_fields(p: Procedure) -> list[str]:
    """What the one who drafts a filing types: what its regime names (`Regime.start_fields`), else every field."""
    return list(regimes.catalogue().start_fields.get(p.code) or [f.name for f in p.fields])


def _typed(p: Procedure, form: Form, names: list[str]) -> dict[str, list[str]]:
    """What the form carried for each field, as typed (lists for the checkboxes of a list field)."""
    return {n: [v.strip() for v in form.all(n)] for n in names if p.field(n) is not None}


def _values(p: Procedure, typed: dict[str, list[str]]) -> dict[str, str]:
    """The typed values as the service takes them: a field left empty is not given (the service refuses an
    empty text; a step that needs the field says so), a list field's boxes joined."""
    out: dict[str, str] = {}
    for name, got in typed.items():
        f = p.field(name)
        assert f is not None
        if f.type == "list":
            out[name] = ",".join(v for v in got if v)
            if not out[name]:
                del out[name]
        elif got and got[0]:
            out[name] = got[0]
    return out


def _shown(p: Procedure, data: dict[str, Any]) -> dict[str, list[str]]:
    """A filing's stored data as form values, to fill in a field a step asks for again."""
    out: dict[str, list[str]] = {}
    for k, v in data.items():
        if isinstance(v, bool):
            out[k] = ["yes" if v else "no"]
        elif isinstance(v, list):
            out[k] = [str(x) for x in v]
        elif v is not None:
            out[k] = [str(v)]
    return out


def _actions(s: Session, lang: str, p: Principal, filing_id: int, on: date, proc: Procedure,
             data: dict[str, Any], typed: dict[str, dict[str, list[str]]],
             errors: dict[str, str]) -> list[ActionView]:  # fmt: skip
    """`options()` for every workflow role the account acts as here, as buttons: the steps of other roles
    and those the filing's state does not offer now are left out; a step that lacks only data the form can
    give is allowed with inputs for that data; any other refusal disables it and says why."""
    f = facts.filing_facts(s, filing_id)
    out = []
    for role in sorted(policy.acting_roles(p, f)):
        for o in service.options(s, filing_id, role=role, on=on):
            if any(r.rule in ("state", "role") for r in o.refusals):
                continue
            needed = [r.rule.removeprefix("required:") for r in o.refusals if r.rule.startswith("required:")]
            other = [r for r in o.refusals if not r.rule.startswith("required:")]
            entered = typed.get(o.transition) or {n: v for n, v in _shown(proc, data).items() if n in needed}
            out.append(ActionView(o.transition, o.label, role, o.basis, not other,
                                  _inputs(s, lang, proc, role, needed, entered, errors), other))  # fmt: skip
    return out


def _history_basis(entry: dict[str, Any]) -> str:
    return str(entry.get("basis") or "")


def router() -> APIRouter:
    from ngoreg.web.pages import Page, _id  # the page machinery lives in the package; imported late (a cycle)

    pages = APIRouter(include_in_schema=False)

    def csrf_of(caller: Caller) -> str:
        return caller.csrf_token or ""

    # ---- starting a filing --------------------------------------------------------------------------

    def start_target(s: Session, p: Principal, code: str, org: str, on: date) -> tuple[Procedure, int, str]:
        """The procedure and organisation a start form is for, once the account may start it there, and the
        workflow role it drafts as (as `POST /api/v1/filings` decides it)."""
        if not code:
            raise InvalidInput("procedure", code, "choose a procedure")
        org_id = _id(org, "org")
        try:
            proc, role = actions.may_start(s, p, code, org_id, on)
        except InvalidInput as exc:
            if exc.field == "org_id":
                raise InvalidInput("org", org, "no such organisation") from None
            raise
        return proc, org_id, role

    def start_form(page: Page, s: Session, caller: Caller, proc: Procedure, org_id: int, role: str, *,
                   status: int = 200, typed: dict[str, list[str]] | None = None, errors: dict[str, str] | None = None,
                   key: str | None = None, error: str | None = None) -> HTMLResponse:  # fmt: skip
        org = registry.show(s, org_id)
        response = page.render("filing_new.html", status=status, proc=proc, org=org, error=error,
                               inputs=_inputs(s, page.lang, proc, role, _start_fields(proc), typed or {}, errors or {}),
                               key=key or secrets.token_urlsafe(24), csrf_token=csrf_of(caller),
                               org_href=links.organisations(s, caller.principal, [org_id])[org_id])  # fmt: skip
        response.headers["Cache-Control"] = "no-store"
        return response

    @pages.get("/filings/new", response_class=HTMLResponse)
    async def new_filing(request: Request) -> Response:
        caller = await current_caller(request)
        if caller.principal.is_public:
            return to_login(here(request))
        return await _in_thread(new_filing_sync, request, caller)

    def new_filing_sync(request: Request, caller: Caller) -> Response:
        page = Page(request)
        q = request.query_params
        on = day_of(clock(request))
        with transaction(request.app.state.db_url, write=False) as s:
            try:
                proc, org_id, role = start_target(s, caller.principal, q.get("procedure", ""), q.get("org", ""), on)
            except NgoregError as exc:
                return page.failed("filing_new.html", exc, proc=None, org=None, inputs=[])
            return start_form(page, s, caller, proc, org_id, role)

    @pages.post("/filings", response_class=HTMLResponse)
    async def start(request: Request) -> Response:
        page = Page(request)
        try:
            posted, caller = await read_signed_form(request)
        except NgoregError as exc:
            return page.failed("message.html", exc, heading=page._("Not started"))
        back = "/filings/new?" + urlencode({"procedure": posted.get("procedure"), "org": posted.get("org")})
        if caller.principal.is_public:
            return to_login(back)
        return await _in_thread(start_sync, request, page, posted, caller)

    def start_sync(request: Request, page: Page, posted: Form, caller: Caller) -> Response:
        p = caller.principal
        assert p.user_id is not None
        db_url = request.app.state.db_url
        now = clock(request)
        key = posted.get("key")
        try:
            with transaction(db_url) as s:
                proc, org_id, role = start_target(s, p, posted.get("procedure"), posted.get("org"), day_of(now))
                typed = _typed(proc, posted, _start_fields(proc))
                if not key:
                    raise InvalidInput("key", key, "the form lacks its one-time key; reload the form")
                done = submissions.filing_of(s, p.user_id, key)
                if done is not None:  # sent before: show what the first sending started
                    return RedirectResponse(f"/filings/{done}?already=1", status_code=303)
                try:
                    f = actions.start(s, p, proc.code, org_id=org_id, values=_values(proc, typed), on=day_of(now),
                                      now=now, role=role)  # fmt: skip
                except InvalidInput as exc:
                    with transaction(db_url, write=False) as r:
                        return start_form(page, r, caller, proc, org_id, role, status=422, typed=typed, key=key,
                                          errors={exc.field: _field_error(page, proc, exc)},
                                          error=_field_error(page, proc, exc))  # fmt: skip
                submissions.record(s, p.user_id, key, f.id, now)
                filing_id = f.id
        except IntegrityError:  # the same form sent at the same moment: the other sending started it
            with transaction(db_url, write=False) as s:
                done = submissions.filing_of(s, p.user_id, key)
            if done is None:
                raise
            return RedirectResponse(f"/filings/{done}?already=1", status_code=303)
        except NgoregError as exc:
            return page.failed("filing_new.html", exc, proc=None, org=None, inputs=[])
        return RedirectResponse(f"/filings/{filing_id}?started=1", status_code=303)

    # ---- one filing ---------------------------------------------------------------------------------

    def filing_page(page: Page, s: Session, caller: Caller, filing_id: int, on: date, *, status: int = 200,
                    error: str | None = None, refusals: list[Refusal] | None = None,
                    typed: dict[str, dict[str, list[str]]] | None = None,
                    errors: dict[str, str] | None = None, notice: str | None = None) -> HTMLResponse:  # fmt: skip
        p = caller.principal
        out, full = actions.shown(s, p, filing_id)
        proc = procedures.version(out["procedure"], date.fromisoformat(out["procedure_version"]))
        org = registry.show(s, out["org_id"])
        steps = _actions(s, page.lang, p, filing_id, on, proc, out["data"], typed or {}, errors or {}) \
            if full else []  # fmt: skip
        labels = {d.name: d.label for d in proc.deadlines}
        coordinated = None
        if out["procedure"] == resolver.ACTIVITY:  # the groups coordinating it on the page's day (FNGO Law art. 7(2))
            result = resolver.resolve_filing(s, filing_id, on, None if full else coordination_api.may_read_org(s, p))
            coordinated = coordination.coordinated_by(result, page.lang, page._)
        response = page.render(
            "filing.html", status=status, filing=out, proc=proc, org=org, actions=steps, on=on.isoformat(),
            error=error, refusals=refusals or [], notice=notice, csrf_token=csrf_of(caller), full=full,
            deadline_labels=labels, data=[(proc.field(k), k, v) for k, v in out["data"].items()],
            history_basis=_history_basis, org_href=links.organisations(s, p, [org["id"]])[org["id"]],
            coordination=coordinated, status_words=coordination.STATUS)  # fmt: skip
        response.headers["Cache-Control"] = "no-store"
        return response

    def failed_read(page: Page, caller: Caller, request: Request, exc: NgoregError) -> Response:
        # The public is asked to sign in for a filing it may not read, and for one that does not exist: the
        # same answer to both (see the module's docstring).
        if caller.principal.is_public and isinstance(exc, NotFound):
            return to_login(here(request))
        return page.failed("filing.html", exc, filing=None, actions=[])

    @pages.get("/filings/{filing_id}", response_class=HTMLResponse)
    async def show(filing_id: str, request: Request) -> Response:
        caller = await current_caller(request)
        return await _in_thread(show_sync, request, caller, filing_id)

    def show_sync(request: Request, caller: Caller, filing_id: str) -> Response:
        page = Page(request)
        q = request.query_params
        notice = page._("The filing was started.") if q.get("started") else \
            page._("This form had already been sent; nothing was started again.") if q.get("already") else \
            page._("Done.") if q.get("done") else None  # fmt: skip
        try:
            fid = _id(filing_id, "filing")
            with transaction(request.app.state.db_url, write=False) as s:
                return filing_page(page, s, caller, fid, day_of(clock(request)), notice=notice)
        except NgoregError as exc:
            return failed_read(page, caller, request, exc)

    @pages.post("/filings/{filing_id}/fire", response_class=HTMLResponse)
    async def fire(filing_id: str, request: Request) -> Response:
        page = Page(request)
        try:
            posted, caller = await read_signed_form(request)
        except NgoregError as exc:
            return page.failed("message.html", exc, heading=page._("Nothing was done"))
        if caller.principal.is_public:
            return to_login(f"/filings/{filing_id}" if filing_id.isdigit() else "/")
        return await _in_thread(fire_sync, request, page, posted, caller, filing_id)

    def fire_sync(request: Request, page: Page, posted: Form, caller: Caller, filing_id: str) -> Response:
        p = caller.principal
        db_url = request.app.state.db_url
        now = clock(request)
        name = posted.get("transition")
        typed: dict[str, dict[str, list[str]]] = {}
        proc: Procedure | None = None
        try:
            fid = _id(filing_id, "filing")
            version = _version(posted.get("version"))
            with transaction(db_url) as s:
                actions.readable(s, p, fid)
                row = service.load(s, fid)
                proc = procedures.version(row.procedure, row.procedure_version)
                typed = {name: _typed(proc, posted, [n for n in posted.names() if proc.field(n) is not None])}
                actions.fire(s, p, fid, name, on=day_of(now), now=now, values=_values(proc, typed[name]),
                             role=posted.get("role") or None, expected_version=version)  # fmt: skip
        except Conflict:
            return _again(page, request, caller, filing_id, status=409, error=page._(
                "Nothing was done: this filing changed after the page was loaded (someone acted on it, or the "
                "form was sent twice). Here it is as it stands now."))  # fmt: skip
        except Forbidden as exc:
            return _again(page, request, caller, filing_id, status=403, error=page.error(exc))
        except Refused as exc:
            return _again(page, request, caller, filing_id, status=409, typed=typed, refusals=exc.refusals,
                          error=page._("The law does not allow this now:"))  # fmt: skip
        except InvalidInput as exc:
            said = _field_error(page, proc, exc)
            return _again(page, request, caller, filing_id, status=422, typed=typed, errors={exc.field: said},
                          error=said)  # fmt: skip
        except NgoregError as exc:
            return failed_read(page, caller, request, exc)
        return RedirectResponse(f"/filings/{fid}?done={name}", status_code=303)

    def _again(page: Page, request: Request, caller: Caller, filing_id: str, *, status: int, **ctx: Any) -> Response:
        """The filing page again after a refused fire, with the refusal and what was typed."""
        try:
            with transaction(request.app.state.db_url, write=False) as s:
                return filing_page(page, s, caller, _id(filing_id, "filing"), day_of(clock(request)), status=status,
                                   **ctx)  # fmt: skip
        except NgoregError as exc:
            return failed_read(page, caller, request, exc)

    return pages


def _version(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 2**31:
        raise InvalidInput("version", value, "the form lacks the filing's version; reload the page")
    return int(value)


def _field_error(page: Any, proc: Procedure | None, exc: InvalidInput) -> str:
    """A refused value, naming the field by its label in the page's language and saying why (in its words
    where the catalogue has the problem: most are fixed sentences; those naming the allowed values stay
    English)."""
    f = proc.field(exc.field) if proc is not None else None
    label = page._(f.label) if f is not None else exc.field
    return f"{label} ({exc.field}): {exc.value!r}: {page._(exc.problem)}"


async def _in_thread(fn: Any, *args: Any) -> Response:
    """Runs a handler's database work off the event loop, as FastAPI runs a plain `def` handler."""
    from fastapi.concurrency import run_in_threadpool

    response: Response = await run_in_threadpool(fn, *args)
    return response




def _summary(s: Session, p: Principal, proc: Procedure, filing_id: int) -> list[tuple[str, Any]]:
    """The procedure's summary fields of a filing (`Procedure.summary`) as (label, value), of what `p` may see
    of it: all its data where a grant reaches it, else what the law publishes."""
    if not proc.summary:
        return []
    data = actions.shown(s, p, filing_id)[0]["data"]
    return [(f.label, data[f.name]) for name in proc.summary if (f := proc.field(name)) and data.get(name) is not None]


def org_filings(s: Session, p: Principal, org_id: int, lang: str, on: date) -> dict[str, Any]:
    """For the organisation page: its filings that `p` may see (the filter in the query, as the API's list),
    newest last, and the procedures `p` may start for it (none for the public)."""
    from ngoreg.access import filters
    from ngoreg.web.pages.i18n import pick

    rows = service.list_filings(s, org_id=org_id, visible=filters.filings(p), limit=200)
    shown = []
    for r in rows:
        proc = procedures.version(r["procedure"], date.fromisoformat(r["procedure_version"]))
        shown.append({**r, "title": pick(lang, proc.title_zh, proc.title_en), "summary": _summary(s, p, proc, r["id"])})
    startable: list[tuple[str, str]] = []
    if not p.is_public:
        for code in sorted(procedures.registry()):
            try:
                proc = procedures.in_force(code, on)
                if policy.can(p, Action.START_FILING, facts.start_facts(s, code, org_id, on)):
                    startable.append((code, pick(lang, proc.title_zh, proc.title_en)))
            except NgoregError:  # not in force on that day
                continue
    return {"org_filings": shown, "startable": startable}
