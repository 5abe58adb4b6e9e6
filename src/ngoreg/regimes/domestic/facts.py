"""The facts the domestic regime's guards read beside the filing's own data, as the registry holds them:

* `registrar_level`, `registrar_province`: the level (national, provincial, municipal, county) and province
  of the civil affairs registrar the filing names (`registrar_authority_id`), or of the one the organisation
  is registered with; None when the filing names no civil affairs registrar;
* `locality`: the province whose local rules apply (`workflow.regime.LocalRule`): the registrar's;
* `supervisory_unit_kind`: the kind of authority the filing names as supervisory unit, if any;
* `has_supervisory_unit`: whether the organisation had a supervisory unit on the day (a `sponsored_by`
  relation): a directly registered one has none;
* `org_registered_on`: the day the organisation was registered (None while it is prepared), from which the
  Charity Law counts a charity's year before it may apply for the public-fundraising qualification (art. 22(1));
* `org_public_fundraising`: whether it holds the public-fundraising qualification (Charity Law art. 78(2));
* `marks`: the organisation's marks on the day (`charity`, `credit_list`, `grade`, …), as the decisions that
  give them left them (`workflow.spec.Marks`), and `credit_list_since`: the day its present credit list entry
  began, if it is on one;
* `fundraising_revoked_on`: the day its public-fundraising certificate was last revoked, if ever: it may not
  apply again for five years (Charity Law art. 111)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ngoreg.facets import repository as facets
from ngoreg.filings import repository as filings
from ngoreg.filings.models import Filing
from ngoreg.reference import AuthorityKind, Predicate
from ngoreg.regimes.domestic import public_fundraising
from ngoreg.registry import repository as registry
from ngoreg.registry.models import Authority, Relation


def read(session: Session, f: Filing, on: date) -> dict[str, Any]:
    registrar_id = f.data.get("registrar_authority_id") or _related(session, f.org_id, Predicate.REGISTERED_WITH, on)
    registrar = session.get(Authority, registrar_id) if isinstance(registrar_id, int) else None
    facts: dict[str, Any] = {"registrar_level": None, "registrar_province": None, "locality": None}
    if registrar is not None and registrar.kind == AuthorityKind.REGISTRAR_CIVIL_AFFAIRS:
        facts |= {"registrar_level": registrar.level, "registrar_province": registrar.province,
                  "locality": registrar.province}  # fmt: skip
    unit_id = f.data.get("supervisory_unit_id")
    unit = session.get(Authority, unit_id) if isinstance(unit_id, int) else None
    facts["supervisory_unit_kind"] = unit.kind if unit is not None else None
    facts["has_supervisory_unit"] = _related(session, f.org_id, Predicate.SPONSORED_BY, on) is not None
    org = registry.get_org(session, f.org_id)
    assert org is not None  # a filing's organisation is never deleted
    facts["org_registered_on"] = org.registered_on
    facts["org_public_fundraising"] = bool(org.public_fundraising)
    facts["marks"] = facets.marks(session, f.org_id, as_of=on)
    facts["credit_list_since"] = _since(session, f.org_id, "credit_list", on)
    revoked = filings.procedure_events(session, procedure=public_fundraising.CODE,
                                       actions=(public_fundraising.REVOKED,), on=on, org_ids=(f.org_id,))  # fmt: skip
    facts["fundraising_revoked_on"] = max((day for _, day, _ in revoked), default=None)
    return facts


def _since(session: Session, org_id: int, mark: str, on: date) -> date | None:
    """The day the value mark `mark` of the organisation holds on `on` began."""
    held = [start for _, _, start, end in facets.history(session, org_id, (mark,))
            if start <= on and (end is None or end > on)]  # fmt: skip
    return held[-1] if held else None


def _related(session: Session, org_id: int, predicate: Predicate, on: date) -> int | None:
    """The authority the organisation was related to by `predicate` on `on` (its registrar, its supervisory
    unit; the latest, if it moved)."""
    r = Relation
    q = (select(r.object_authority_id)
         .where(r.predicate == predicate.value, r.subject_org_id == org_id,
                r.object_authority_id.is_not(None), (r.valid_from.is_(None)) | (r.valid_from <= on),
                (r.valid_to.is_(None)) | (r.valid_to > on))
         .order_by(r.valid_from.desc()).limit(1))  # fmt: skip
    return session.execute(q).scalar()
