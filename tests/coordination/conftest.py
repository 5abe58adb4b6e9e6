"""A registry with representative offices and temporary activities in provinces with and without a reported
coordinating group: Gansu (reported from 2017-04-23), Chongqing (reported), Beijing and Tibet (not reported)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from ngoreg.db.engine import transaction
from ngoreg.filings import service as filings
from ngoreg.registry import service as registry
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

GANSU, CHONGQING, BEIJING, TIBET = "620000", "500000", "110000", "540000"
ACTIVITY = {"activity_name": "Teacher training", "partner_name": "某大学", "partner_kind": "public_institution",
            "region": "somewhere", "start_date": "2017-05-01", "end_date": "2017-05-10"}  # fmt: skip


@dataclass(frozen=True)
class Ground:
    url: str
    ngo: int  # a foreign NGO with offices in Gansu and Beijing
    office_gansu: int  # registered 2016-01-04
    office_beijing: int  # registered 2017-06-01
    office_tibet: int  # registered 2018-01-02
    partner_cq: int  # a Chongqing public institution
    ngo_x: int  # a foreign NGO without an office
    act_cq: int  # filed, partner in Chongqing, begins 2017-05-01; no provinces listed
    act_multi: int  # filed, takes place in Gansu and Tibet, begins 2017-03-20
    act_all: int  # filed, the whole mainland, begins 2017-05-01
    act_draft: int  # drafted, partner in Chongqing
    association: int  # a Gansu social association: not coordinated


@pytest.fixture
def ground(url: str) -> Ground:
    with transaction(url) as s:
        def org(kind: str, name: str, **kw: object) -> int:
            return registry.add_organisation(s, org_record(kind=kind, name_en=name, **kw), actor=ACTOR, now=NOW)  # type: ignore[arg-type]

        def activity(ngo: int, state: str, start: str, **data: object) -> int:
            f = filings.start(s, "fngo_temporary_activity", org_id=ngo, values={**ACTIVITY, "start_date": start},
                              on=date(2017, 3, 1), actor=ACTOR, now=NOW)  # fmt: skip
            f.state = state
            f.data = {**f.data, **data}
            s.flush()
            return f.id

        ngo = org("foreign_ngo", "Gamma Trust", origin="GB")
        office_gansu = org("representative_office", "Gamma Trust Gansu Office", province=GANSU, parent_id=ngo,
                           registered_on="2016-01-04")  # fmt: skip
        office_beijing = org("representative_office", "Gamma Trust Beijing Office", province=BEIJING, parent_id=ngo,
                             registered_on="2017-06-01")  # fmt: skip
        office_tibet = org("representative_office", "Snow Fund Lhasa Office", province=TIBET,
                           registered_on="2018-01-02")  # fmt: skip
        partner_cq = org("public_institution", "Chongqing Teachers College", province=CHONGQING)
        ngo_x = org("foreign_ngo", "Delta Aid", origin="FR")
        act_cq = activity(ngo_x, "filed", "2017-05-01", partner_org_id=partner_cq)
        act_multi = activity(ngo_x, "filed", "2017-03-20", provinces=[GANSU, TIBET])
        act_all = activity(ngo_x, "filed", "2017-05-01", provinces=["all"])
        act_draft = activity(ngo_x, "drafted", "2017-05-01", partner_org_id=partner_cq)
        association = org("social_association", "Gansu Teachers Association", province=GANSU,
                          registered_on="2015-01-01")  # fmt: skip
    return Ground(url, ngo, office_gansu, office_beijing, office_tibet, partner_cq, ngo_x, act_cq, act_multi, act_all,
                  act_draft, association)  # fmt: skip
