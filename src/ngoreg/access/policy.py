"""`can(principal, action, obj)`: may this person take this action on this object? Every answer carries
its reason. The reach of each grant is stated here over facts and in `filters` as SQL; the tests hold the
two to the same answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ngoreg.access import public
from ngoreg.access.errors import Forbidden
from ngoreg.access.facts import AuditFacts, FilingFacts, OrgFacts, StartFacts
from ngoreg.access.principal import Grant, Principal
from ngoreg.access.roles import Action, Fire
from ngoreg.errors import NotFound, Refusal


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    basis: str | None = None
    # A refusal's sentence as its template and values, for a page to say it in its language (see `Refusal`).
    template: str | None = field(default=None, compare=False)
    values: Mapping[str, Any] = field(default_factory=dict, compare=False)
    words: frozenset[str] = field(default=frozenset(), compare=False)

    def __bool__(self) -> bool:
        return self.allowed

    def refusal(self) -> Refusal:
        return Refusal("permission", self.reason, self.basis, self.template, self.values, self.words)


def require(decision: Decision) -> None:
    """Raises `Forbidden` (HTTP 403) unless the decision allows."""
    if not decision.allowed:
        raise Forbidden([decision.refusal()])


def require_read(p: Principal, decision: Decision, what: str) -> None:
    """Unless the decision allows reading `what`: to the public, `NotFound`, exactly as if it did not exist
    (so that nobody learns which drafts, applications or unpublished organisations there are); to an
    account, `Forbidden` with the reason (it is known, and told which grant it lacks)."""
    if not decision.allowed:
        raise NotFound(f"{what} does not exist") if p.is_public else Forbidden([decision.refusal()])


Obj = OrgFacts | FilingFacts | StartFacts | AuditFacts | None


def org_in_reach(g: Grant, o: OrgFacts) -> bool:
    return g.definition.reach.org(g, o)


def filing_in_reach(g: Grant, f: FilingFacts) -> bool:
    return g.definition.reach.filing(g, f)


def due_in_reach(g: Grant, o: OrgFacts) -> bool:
    return g.definition.reach.due(g, o)


def _grants(p: Principal, action: Action) -> list[Grant]:
    return [g for g in p.grants if action in g.definition.actions]


def _allow(g: Grant, what: str) -> Decision:
    return Decision(True, f"{g.describe()} reaches {what}", g.definition.basis or None)


# The sentences of a refusal, message ids of the pages' catalogue (a page says them in its language).
NO_ROLE_FOR_ACTION = "no role of {who} reaches {action}"
NO_ROLE_FOR_ORG = "no role of {who} reaches organisation {org}, and it is not published"
NO_ROLE_FOR_FILING = "no role of {who} reaches filing {filing}, and it is not published"
NO_ROLE_FOR_FILING_DUES = "no role of {who} reaches the obligations of filing {filing}"
NO_ROLE_FOR_ORG_DUES = "no role of {who} reaches the obligations of organisation {org}"
NO_ROLE_TO_START = "no role of {who} reaches organisation {org} as {roles}, who start {procedure}"
NO_ROLE_TO_FIRE = "no role of {who} reaches filing {filing} as {role}"
NO_ROLE_FOR_AUDIT = "no role of {who} reaches audit event {event}"
NO_ROLE_FOR_PLACEMENT = "no role of {who} reaches the Party committee placement of organisation {org}"
SENTENCES = (NO_ROLE_FOR_ACTION, NO_ROLE_FOR_ORG, NO_ROLE_FOR_FILING, NO_ROLE_FOR_FILING_DUES, NO_ROLE_FOR_ORG_DUES,
             NO_ROLE_TO_START, NO_ROLE_TO_FIRE, NO_ROLE_FOR_AUDIT, NO_ROLE_FOR_PLACEMENT)  # fmt: skip


def _deny(p: Principal, template: str, values: Mapping[str, Any], basis: str | None = None, *,
          words: frozenset[str] = frozenset()) -> Decision:  # fmt: skip
    """No grant reaches what `template` names; the values that are codes a page translates are in `words`."""
    if p.is_public:
        values, words = {**values, "who": "the public"}, words | {"who"}
    else:
        values = {**values, "who": p.username}
    # Several roles read "psu or registrar" in English; a page joins them in its own language.
    said = {k: " or ".join(v) if isinstance(v, tuple) else v for k, v in values.items()}
    return Decision(False, template.format_map(said), basis, template, values, words)




def can(principal: Principal, action: Action | Fire, obj: Obj = None) -> Decision:
    if isinstance(action, Fire):
        assert isinstance(obj, FilingFacts), "firing needs the filing's facts"
        return _fire(principal, action.role, obj)
    match action:
        case Action.READ_STATISTICS:
            # Counted over registered offices and filed activities: what arts. 13 and 17 publish.
            return Decision(True, "statistics count what the law publishes", public.bases())
        case Action.MANAGE_USERS | Action.RUN_IMPORT:
            g = next(iter(_grants(principal, action)), None)
            return _allow(g, action.value) if g else _deny(principal, NO_ROLE_FOR_ACTION, {"action": action.value})
        case Action.READ_ORG:
            assert isinstance(obj, OrgFacts)
            return _read_org(principal, obj)
        case Action.READ_FILING:
            assert isinstance(obj, FilingFacts)
            return _read_filing(principal, obj)
        case Action.READ_DUE:
            assert isinstance(obj, OrgFacts | FilingFacts)
            return _read_due(principal, obj)
        case Action.START_FILING:
            assert isinstance(obj, StartFacts)
            return _start(principal, obj)
        case Action.READ_AUDIT:
            assert isinstance(obj, AuditFacts)
            return _read_audit(principal, obj)
        case Action.READ_PLACEMENT:
            assert isinstance(obj, OrgFacts)
            return _read_placement(principal, obj)
    raise ValueError(f"no rule for {action}")  # pragma: no cover - Action is closed


def _read_org(p: Principal, o: OrgFacts) -> Decision:
    if o.published:
        return Decision(True, f"organisation {o.id} is public", public.bases(orgs=True))
    for g in _grants(p, Action.READ_ORG):
        if org_in_reach(g, o):
            return _allow(g, f"organisation {o.id}")
    return _deny(p, NO_ROLE_FOR_ORG, {"org": o.id}, public.bases(orgs=True))


def _read_placement(p: Principal, o: OrgFacts) -> Decision:
    """Which committee an organisation sits under is no published fact (`party.roles`): the committees and
    the registrar concerned read it, whether or not the organisation is public."""
    for g in _grants(p, Action.READ_PLACEMENT):
        if org_in_reach(g, o):
            return _allow(g, f"the placement of organisation {o.id}")
    return _deny(p, NO_ROLE_FOR_PLACEMENT, {"org": o.id})


def _read_filing(p: Principal, f: FilingFacts) -> Decision:
    published = public.filing_is_public(f.procedure, f.state)
    if published:
        return Decision(True, f"filing {f.id} is public", published.basis)
    for g in _grants(p, Action.READ_FILING):
        if filing_in_reach(g, f):
            return _allow(g, f"filing {f.id}")
    return _deny(p, NO_ROLE_FOR_FILING, {"filing": f.id}, public.bases())


def _read_due(p: Principal, obj: OrgFacts | FilingFacts) -> Decision:
    for g in _grants(p, Action.READ_DUE):
        if (filing_in_reach(g, obj) if isinstance(obj, FilingFacts) else due_in_reach(g, obj)):
            return _allow(g, f"the obligations of {_name(obj)}")
    if isinstance(obj, FilingFacts):
        return _deny(p, NO_ROLE_FOR_FILING_DUES, {"filing": obj.id})
    return _deny(p, NO_ROLE_FOR_ORG_DUES, {"org": obj.id})


def _name(obj: OrgFacts | FilingFacts) -> str:
    return f"filing {obj.id}" if isinstance(obj, FilingFacts) else f"organisation {obj.id}"


def _start(p: Principal, s: StartFacts) -> Decision:
    for g in _grants(p, Action.START_FILING):
        for role in sorted(g.workflow_roles() & s.starter_roles):
            # A starter declared for some kinds of organisation starts for any of them, reached or not.
            ok = s.org.kind in s.for_kinds if s.for_kinds else org_in_reach(g, s.org)
            if ok:
                return Decision(True, f"{g.describe()} may start {s.procedure} as {role} for organisation "
                                      f"{s.org.id}", g.definition.basis or None)  # fmt: skip
    roles = tuple(sorted(s.starter_roles)) or ("nobody",)
    return _deny(p, NO_ROLE_TO_START,
                 {"org": s.org.id, "roles": roles, "procedure": s.procedure}, words=frozenset({"roles"}))


def _fire(p: Principal, role: str, f: FilingFacts) -> Decision:
    for g in _grants(p, Action.FIRE):
        if role in g.workflow_roles() and filing_in_reach(g, f):
            return _allow(g, f"filing {f.id} as {role}")
    return _deny(p, NO_ROLE_TO_FIRE, {"filing": f.id, "role": role}, words=frozenset({"role"}))


def acting_roles(p: Principal, f: FilingFacts) -> frozenset[str]:
    """The workflow roles this person may act as on this filing (for `options` and `fire`)."""
    return frozenset(r for g in _grants(p, Action.FIRE) if filing_in_reach(g, f) for r in g.workflow_roles())


def _read_audit(p: Principal, a: AuditFacts) -> Decision:
    what = f"audit event {a.event_id}"
    for g in _grants(p, Action.READ_AUDIT):
        if g.definition.reach.everything:
            return _allow(g, what)
        if isinstance(a.subject, OrgFacts) and org_in_reach(g, a.subject):
            return _allow(g, what)
        if isinstance(a.subject, FilingFacts) and filing_in_reach(g, a.subject):
            return _allow(g, what)
    # Everyone may read the history of a public organisation (its announced changes); a filing's history
    # holds its drafts and opinions, so only those it reaches read it.
    if isinstance(a.subject, OrgFacts) and a.subject.published:
        return Decision(True, f"{what} is about a public organisation", public.bases(orgs=True))
    return _deny(p, NO_ROLE_FOR_AUDIT, {"event": a.event_id})
