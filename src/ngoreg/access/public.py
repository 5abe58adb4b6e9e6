"""What anyone may see without an account: what the law has announced or published. The rules are data
the regimes declare (`Regime.published`, `announced_kinds`, `public_through`), read by a Python predicate
and by SQL alike; the organisation rule is SQL only (`orgs_sql`), which `facts.org_facts` also runs, so a
single object and a list never disagree.

Organisations (by kind):
* the kinds a regime announces once registered — and after their deregistration or revocation — are public
  (a representative office: FNGO Law arts. 13(1), 15, 49); an applicant is not;
* an organisation becomes public through what it set up or filed where a regime says so (a foreign NGO
  through a public office or a filed temporary activity);
* social associations, civil non-enterprise units and foundations once registered: their registrars
  announce establishment, change and deregistration (社会团体登记管理条例 art. 23, 民办非企业单位登记管理暂行
  条例 art. 18, 基金会管理条例 art. 19);
* state organs, people's organisations and public institutions are public bodies; they appear here as the
  partner units the regimes name.

Filings: only in the states that follow an announcement or a publication, never drafts, applications or
opinions along the way; and of those, only the fields that were announced (see `visible_data`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, and_, exists, false, or_, select
from sqlalchemy.sql import ColumnElement

from ngoreg import regimes
from ngoreg.filings.models import Filing
from ngoreg.reference import SOCIAL_ORGANISATIONS, OrgKind
from ngoreg.registry.models import Organisation
from ngoreg.workflow.regime import Published

ORG_SUBJECT = "organisation"  # how the audit log names the subjects it records
FILING_SUBJECT = "filing"

# An organisation's registry status after an announced registration.
ANNOUNCED_STATUSES = ("registered", "deregistered", "revoked")
DOMESTIC_KINDS = frozenset(k.value for k in SOCIAL_ORGANISATIONS)
DOMESTIC_BASIS = "Social Association Regulations art. 23; Foundation Regulations art. 19"
PUBLIC_BODIES = frozenset({OrgKind.STATE_ORGAN, OrgKind.PEOPLES_ORGANISATION, OrgKind.PUBLIC_INSTITUTION})


def _published() -> Mapping[str, Published]:
    return regimes.catalogue().published


def bases(*, orgs: bool = False) -> str:
    """The provisions that publish what is public — of organisations or of filings — cited when someone
    reaches for what they do not publish: `FNGO Law arts. 13(1), 15, 17(1), 31(3), 49`."""
    cat = regimes.catalogue()
    said = [*(r.announced_basis for r in cat.regimes if r.announced_basis), DOMESTIC_BASIS] if orgs else \
        [p.basis for p in cat.published.values()]  # fmt: skip
    return merged(said)


def merged(citations: list[str]) -> str:
    """`X art. 13(1)`, `X arts. 15, 49` and `Y art. 2` as `X arts. 13(1), 15, 49; Y art. 2`."""
    by_act: dict[str, list[str]] = {}
    for c in citations:
        for part in c.split(";"):
            act, _, said = part.strip().partition(" art")
            for a in said.removeprefix("s").removeprefix(".").split(","):
                if a.strip() and a.strip() not in by_act.setdefault(act, []):
                    by_act[act].append(a.strip())
    out = []
    for act, arts in by_act.items():
        arts.sort(key=lambda a: (int("".join(x for x in a.split("(")[0] if x.isdigit()) or 0), a))
        out.append(f"{act} art{'s' if len(arts) > 1 else ''}. {', '.join(arts)}")
    return "; ".join(out)


def filing_is_public(procedure: str, state: str) -> Published | None:
    p = _published().get(procedure)
    return p if p is not None and state in p.states else None


def visible_data(procedure: str, data: dict[str, Any]) -> dict[str, Any]:
    """The part of a public filing's data the public sees."""
    p = _published().get(procedure)
    return {k: v for k, v in data.items() if p is not None and k in p.shown}


def filings_sql(f: Any = Filing) -> ColumnElement[bool]:
    """`filing_is_public` as SQL over `Filing` (or the `.c` of an alias of its table)."""
    return or_(false(), *(and_(f.procedure == code, f.state.in_(sorted(p.states)))
                          for code, p in _published().items()))  # fmt: skip


def orgs_sql(o: Table | Any = None) -> ColumnElement[bool]:
    """Whether an organisation is public (the rules above) as SQL over `organisations` or an alias of it."""
    o = Organisation.__table__ if o is None else o
    cat = regimes.catalogue()
    announced = sorted(DOMESTIC_KINDS | {k for r in cat.regimes for k in r.announced_kinds})
    # The kind and status read from each row, not looked up through the (kind, province) index: a page of
    # the public registry then reads organisations in id order and stops at its end, where the planner would
    # gather every public organisation through the index and sort them all (1.8 s at 1,000,000).
    kind, status = o.c.kind + "", o.c.status + ""
    through: dict[str, list[ColumnElement[bool]]] = {}
    for t in cat.public_through:
        if t.child_kind is not None:
            child = Organisation.__table__.alias()
            cond = exists(select(child.c.id).where(child.c.parent_id == o.c.id, child.c.kind == t.child_kind,
                                                   child.c.status.in_(ANNOUNCED_STATUSES)))  # fmt: skip
        else:
            filing = Filing.__table__.alias()
            states = sorted(cat.published[t.procedure or ""].states)
            cond = exists(select(filing.c.id).where(filing.c.org_id == o.c.id, filing.c.procedure == t.procedure,
                                                    filing.c.state.in_(states)))  # fmt: skip
        through.setdefault(t.kind, []).append(cond)
    return or_(
        and_(kind.in_(announced), status.in_(ANNOUNCED_STATUSES)),
        kind.in_(sorted(k.value for k in PUBLIC_BODIES)),
        *(and_(kind == k, or_(*conds)) for k, conds in through.items()),
    )
