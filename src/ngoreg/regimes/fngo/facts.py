"""The facts the Foreign NGO Law's guards read beside the filing's own data, as they stood on a day:

* `banned_until`: the last day of the latest five-year ban after a cancelled registration, a revoked
  certificate or a banned activity (art. 48(1), (2)), and `unwelcome`: whether the Ministry has listed the
  NGO as unwelcome (art. 48(3));
* `has_registered_office`: whether the NGO has a representative office registered on the day (arts. 9(1),
  16: temporary activities are for an NGO without one);
* for the representatives procedure only, `barred_persons`: the chief representatives and representatives
  of any office whose registration was cancelled or certificate revoked, by name, with the last day of
  their five-year bar (art. 29(2)(3)).

Art. 48(1) bars "the foreign NGO or its representative office" whose registration was cancelled or
certificate revoked from setting up an office or carrying out temporary activities again: a sanction
recorded on any office of the NGO, or on the NGO itself, bars the NGO and each of its offices. The NGO
behind a filing is its organisation, or for an office the NGO that set it up."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ngoreg.filings import repository as filings
from ngoreg.filings.models import Filing
from ngoreg.regimes.fngo import representatives, sanction
from ngoreg.regimes.fngo.office import OFFICE_KIND
from ngoreg.registry import repository as registry


def read(session: Session, f: Filing, on: date) -> dict[str, Any]:
    org = registry.get_org(session, f.org_id)
    assert org is not None  # a filing's organisation is never deleted
    ngo_id = org.parent_id if org.kind == OFFICE_KIND and org.parent_id else org.id
    banned_until: date | None = None
    unwelcome = False
    actions = sanction.BANNING_EVENTS | {sanction.LISTED_UNWELCOME}
    for action, day, _ in filings.procedure_events(session, procedure=sanction.CODE, actions=actions, on=on,
                                                   org_ids=list(registry.with_offices(session, ngo_id))):  # fmt: skip
        if action == sanction.LISTED_UNWELCOME:
            unwelcome = True
        else:
            until = sanction.ban_last_day(day)
            banned_until = until if banned_until is None else max(banned_until, until)
    facts: dict[str, Any] = {"banned_until": banned_until, "unwelcome": unwelcome,
                             "has_registered_office": registry.has_office_in_force(session, ngo_id, on)}  # fmt: skip
    if f.procedure == representatives.CODE:
        barred: dict[str, date] = {}
        for _, day, data in filings.procedure_events(session, procedure=sanction.CODE,
                                                     actions=sanction.BARRING_EVENTS, on=on):  # fmt: skip
            until = sanction.ban_last_day(day)
            for person in representatives.persons(data):
                barred[person] = max(until, barred.get(person, until))
        facts["barred_persons"] = barred
    return facts
