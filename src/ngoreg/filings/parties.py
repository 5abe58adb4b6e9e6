"""The parties a filing records beside its organisation (`Regime.parties`: the partner unit that files a
temporary activity, the supervisory unit that consents to an application, the registrar's province), from
whom the one acting stands for — a signed-in account's grant, the organisation, authority or territory an
operator names on the command line, or the party a public list names — never from what is typed. The live
path (`actions`) and the bulk path (`service.Recorder`) record them alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ngoreg import regimes
from ngoreg.access.facts import party_value
from ngoreg.access.principal import Grant
from ngoreg.access.roles import Scope


@dataclass(frozen=True)
class StandsFor:
    """Whom an actor stands for, as a party records it: an organisation, an authority, a territory (a
    division code). A grant stands for what its scope names; the operator says it with `--for-…`."""

    org_id: int | None = None
    authority_id: int | None = None
    province: str | None = None


def _anchor(who: StandsFor | Grant, anchor: str) -> Any:
    if anchor == "territory":
        national = isinstance(who, Grant) and who.scope == Scope.NATIONAL
        return None if national else who.province  # a national registrar is no one province's
    return who.org_id if anchor == "org" else who.authority_id


def record_parties(procedure: str, role: str, who: StandsFor | Grant | None, data: dict[str, Any],
                   values: dict[str, str]) -> dict[str, str]:  # fmt: skip
    """`values` with the parties acting as `role` on a filing of `procedure` records (`Regime.parties`): the
    one `who` stands for, in the party's field, in place of anything typed there. A party the filing already
    records stays."""
    out = dict(values)
    for party in regimes.catalogue().parties:
        if party.role != role or procedure not in party.procedures or who is None:
            continue
        if party_value(data, party.field, party.anchor) is not None:
            out.pop(party.field, None)
            continue
        value = _anchor(who, party.anchor)
        if value is not None:
            out[party.field] = str(value)
    return out


def recorded_fields(procedure: str, role: str) -> frozenset[str]:
    """The fields of `procedure` that one acting as `role` does not type: its parties record them from whom
    it stands for."""
    return frozenset(p.field for p in regimes.catalogue().parties if procedure in p.procedures and p.role == role)
