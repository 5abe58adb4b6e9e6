"""Filing writes on someone's behalf: the one action layer the API, the pages, the CLI and the importers call.

Who acts, and in which workflow role, is settled here before the filings service (`service`) checks what
the law allows: "may this person act" (`policy`: 403, or to the public 404 for what it may not read) comes
before "does the law allow it now" (the procedure's guards: 409). The parties a filing records beside its
organisation come from whom the actor stands for (`parties`: a signed-in account's grant, or the organisation,
authority or territory an operator names on the command line), never from what is typed.

* `start`, `fire` — a signed-in account (or the public, which may do neither);
* `start_as`, `fire_as` — the operator on the server, acting as a workflow role for whomever it names;
* an importer recording the filings a public list shows as made goes through the bulk path of the same
  service, `service.Recorder`, which records their parties the same way (`StandsFor`, `record_parties`);
* `readable`, `in_reach`, `shown` — what of a filing an account may see;
* `acting_role` — the workflow role an account acts as on a filing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ngoreg import procedures
from ngoreg.access import facts, policy, public
from ngoreg.access.errors import Forbidden
from ngoreg.access.facts import FilingFacts
from ngoreg.access.principal import Grant, Principal
from ngoreg.access.roles import Action, Fire
from ngoreg.audit.repository import Actor
from ngoreg.errors import InvalidInput, NotFound, Refusal
from ngoreg.filings import service
from ngoreg.filings.models import Filing
from ngoreg.filings.parties import StandsFor as StandsFor
from ngoreg.filings.parties import record_parties as record_parties
from ngoreg.filings.parties import recorded_fields as recorded_fields
from ngoreg.workflow.spec import Procedure

# ---- reading ------------------------------------------------------------------------------------------


def readable(session: Session, p: Principal, filing_id: int) -> FilingFacts:
    """The filing's facts, once `p` may read it (404 to the public, 403 to an account otherwise)."""
    f = facts.filing_facts(session, filing_id)
    policy.require_read(p, policy.can(p, Action.READ_FILING, f), f"filing {filing_id}")
    return f


def in_reach(p: Principal, f: FilingFacts) -> bool:
    """Whether a grant reaches the filing itself, not only what the law publishes of it."""
    return any(Action.READ_FILING in g.definition.actions and policy.filing_in_reach(g, f) for g in p.grants)


def shown(session: Session, p: Principal, filing_id: int) -> tuple[dict[str, Any], bool]:
    """The filing as `p` sees it, and whether that is all of it. Of a filing reached only because the law
    publishes it: the announced fields (`public.visible_data`), what happened and on which basis, not who
    acted nor why, and no obligations (never public), nor their expiry."""
    f = readable(session, p, filing_id)
    out = service.show(session, filing_id)
    if in_reach(p, f):
        return out, True
    return {**out, "data": public.visible_data(out["procedure"], out["data"]), "deadlines": [],
            "history": [{**e, "actor": "", "actor_name": "", "reason": None} for e in out["history"]
                        if e["action"] != service.EXPIRED]}, False  # fmt: skip


# ---- acting as an account ------------------------------------------------------------------------------


def acting_role(p: Principal, f: FilingFacts, wanted: str | None, may: frozenset[str], what: str) -> str:
    """The workflow role `p` acts as on the filing: the one named if its grants give it, else the only one
    of its roles that `may` act. 403 when none does; invalid input when several do and none is named."""
    roles = policy.acting_roles(p, f)
    if wanted is not None:
        if wanted not in roles:
            policy.require(policy.can(p, Fire(wanted), f))
        return wanted
    fits = sorted(roles & may)
    if not fits:
        held = ", ".join(sorted(roles)) or "none"
        raise Forbidden([Refusal("permission", f"no role of {p.username} may {what} (it acts on filing {f.id} as: "
                                               f"{held})", None)])  # fmt: skip
    if len(fits) > 1:
        raise InvalidInput("role", None, f"the account acts as {' and '.join(fits)} here; name one")
    return fits[0]


def _grant_for(p: Principal, role: str, f: FilingFacts | None) -> Grant | None:
    if f is None:
        return next((g for g in p.grants if role in g.workflow_roles()), None)
    return next((g for g in p.grants if role in g.workflow_roles() and policy.filing_in_reach(g, f)), None)


def may_start(session: Session, p: Principal, code: str, org_id: int, on: date,
              role: str | None = None) -> tuple[Procedure, str]:  # fmt: skip
    """The procedure in force and the workflow role `p` drafts it as, once `p` may start a filing of `code`
    for the organisation. A starter may file for an organisation it cannot yet see (a partner unit for a
    foreign NGO it has no tie to): the right to start is asked first, and only when it is refused does
    visibility choose the answer."""
    if code not in procedures.registry():
        raise InvalidInput("procedure", code, f"unknown procedure; one of {', '.join(procedures.codes())}")
    try:
        start = facts.start_facts(session, code, org_id, on)
    except NotFound:
        raise InvalidInput("org_id", org_id, "no such organisation") from None
    allowed = policy.can(p, Action.START_FILING, start)
    if not allowed:
        policy.require_read(p, policy.can(p, Action.READ_ORG, start.org), f"organisation {org_id}")
        policy.require(allowed)
    starters = sorted({r for g in p.grants for r in g.workflow_roles()} & start.starter_roles)
    if role is not None and role not in starters:
        raise Forbidden([Refusal("permission", f"{p.username} may not start {code} as {role}")])
    return procedures.in_force(code, on), role or (starters[0] if starters else "")


def start(session: Session, p: Principal, code: str, *, org_id: int, values: dict[str, str], on: date,
          now: datetime, role: str | None = None) -> Filing:  # fmt: skip
    proc, role = may_start(session, p, code, org_id, on, role)
    values = record_parties(proc.code, role, _grant_for(p, role, None), {}, values)
    return service.start(session, proc.code, org_id=org_id, values=values, on=on, actor=p.actor(), now=now)


def fire(session: Session, p: Principal, filing_id: int, transition: str, *, on: date, now: datetime,
         values: dict[str, str] | None = None, role: str | None = None, reason: str | None = None,
         expected_version: int | None = None) -> Filing:  # fmt: skip
    """Fires `transition` as `p`: its right to act in a role, then state, role and guards, all or nothing."""
    f = readable(session, p, filing_id)
    row = service.load(session, filing_id)
    t = procedures.version(row.procedure, row.procedure_version).transition(transition)
    role = acting_role(p, f, role, t.roles, f"fire {transition}")
    policy.require(policy.can(p, Fire(role), f))
    values = record_parties(f.procedure, role, _grant_for(p, role, f), row.data, values or {})
    return service.fire(session, filing_id, transition, role=role, on=on, values=values, actor=p.actor(), now=now,
                        reason=reason, expected_version=expected_version)  # fmt: skip


# ---- acting as the operator ----------------------------------------------------------------------------


def start_as(session: Session, code: str, *, role: str | None, org_id: int, values: dict[str, str], on: date,
             actor: Actor, now: datetime, stands_for: StandsFor | None = None) -> Filing:  # fmt: skip
    """The operator starts a filing, as `role` (recording the parties that role stands for) or as nobody."""
    values = record_parties(code, role, stands_for, {}, values) if role else values
    return service.start(session, code, org_id=org_id, values=values, on=on, actor=actor, now=now)


def fire_as(session: Session, filing_id: int, transition: str, *, role: str, on: date, actor: Actor, now: datetime,
            values: dict[str, str] | None = None, reason: str | None = None, expected_version: int | None = None,
            stands_for: StandsFor | None = None) -> Filing:  # fmt: skip
    """The operator fires a transition as `role`; the law's checks are the same as for anyone."""
    row = service.load(session, filing_id)
    values = record_parties(row.procedure, role, stands_for, row.data, values or {})
    return service.fire(session, filing_id, transition, role=role, on=on, values=values, actor=actor, now=now,
                        reason=reason, expected_version=expected_version)  # fmt: skip
