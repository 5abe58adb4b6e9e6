"""A small registry in two provinces, with an object of each kind that someone owns and someone does not:
the ground on which each role's decisions and list filters are checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from ngoreg.db.engine import transaction
from ngoreg.filings import service as filings
from ngoreg.filings.models import Filing
from ngoreg.registry import service as registry
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

BEIJING, SHANGHAI = "110000", "310000"
ACTIVITY = {"activity_name": "Teacher training", "partner_name": "某大学", "partner_kind": "public_institution",
            "region": "Beijing", "start_date": "2017-04-01", "end_date": "2017-04-10"}  # fmt: skip


@dataclass(frozen=True)
class World:
    url: str
    psu1: int
    psu2: int
    ngo_a: int  # foreign NGO with a registered office in Beijing
    office_a: int
    ngo_b: int  # foreign NGO with a registered office in Shanghai
    office_b: int
    ngo_c: int  # foreign NGO known only from a drafted temporary activity: not public
    partner_p: int  # Beijing public institution, partner of ngo_c
    partner_q: int  # Shanghai state organ, partner of ngo_b
    social_x: int  # Shanghai social association
    reg_draft: int  # office registration application of ngo_a, drafted
    report_a: int  # annual report of office_a, submitted (not published)
    report_pub: int  # annual report of office_b, published (art. 31(3))
    act_filed: int  # temporary activity of ngo_b with partner_q, filed
    act_draft: int  # temporary activity of ngo_c with partner_p, drafted

    @property
    def orgs(self) -> list[int]:
        return [self.ngo_a, self.office_a, self.ngo_b, self.office_b, self.ngo_c, self.partner_p, self.partner_q,
                self.social_x]  # fmt: skip

    @property
    def filings(self) -> list[int]:
        return [self.reg_draft, self.report_a, self.report_pub, self.act_filed, self.act_draft]


@pytest.fixture
def world(url: str) -> World:
    with transaction(url) as s:
        def org(kind: str, name: str, **kw: object) -> int:
            return registry.add_organisation(s, org_record(kind=kind, name_en=name, **kw), actor=ACTOR, now=NOW)  # type: ignore[arg-type]

        def psu(name: str, province: str) -> int:
            return registry.add_authority(s, kind="supervisory_unit", level="provincial", name_zh=None, name_en=name,
                                          province=province, actor=ACTOR, now=NOW)  # fmt: skip

        def relate(predicate: str, subject: tuple[str, int], obj: tuple[str, int]) -> None:
            registry.relate(s, predicate, subject=subject, obj=obj, valid_from=date(2017, 3, 1), actor=ACTOR, now=NOW)

        def filing(code: str, org_id: int, values: dict[str, str], state: str, partner: int | None = None) -> int:
            f = filings.start(s, code, org_id=org_id, values=values, on=date(2017, 3, 1), actor=ACTOR, now=NOW)
            f.state = state
            if partner is not None:  # as the ChinaFile importer records the partner unit
                f.data = {**f.data, "partner_org_id": partner}
            s.flush()
            return f.id

        psu1, psu2 = psu("Beijing Education Commission", BEIJING), psu("Shanghai Health Commission", SHANGHAI)
        ngo_a, ngo_b, ngo_c = (org("foreign_ngo", n, origin="GB") for n in ("Alpha Trust", "Beta Fund", "Gamma Aid"))
        office_a = org("representative_office", "Alpha Trust Beijing Office", province=BEIJING, parent_id=ngo_a,
                       registered_on="2017-06-01")  # fmt: skip
        office_b = org("representative_office", "Beta Fund Shanghai Office", province=SHANGHAI, parent_id=ngo_b,
                       registered_on="2017-07-01")  # fmt: skip
        partner_p = org("public_institution", "Beijing Normal College", province=BEIJING)
        partner_q = org("state_organ", "Shanghai Youth Bureau", province=SHANGHAI)
        social_x = org("social_association", "Shanghai Teachers Association", province=SHANGHAI)
        relate("sponsored_by", ("org", office_a), ("authority", psu1))
        relate("sponsored_by", ("org", office_b), ("authority", psu2))
        relate("partner_of", ("org", partner_p), ("org", ngo_c))
        relate("partner_of", ("org", partner_q), ("org", ngo_b))
        reg_draft = filing("fngo_office_registration", ngo_a, {}, "drafted")
        report_a = filing("fngo_annual_report", office_a, {"year": "2017", "psu_opinion": "internal"}, "submitted")
        report_pub = filing("fngo_annual_report", office_b, {"year": "2017", "psu_opinion": "internal"}, "published")
        act_filed = filing("fngo_temporary_activity", ngo_b, ACTIVITY, "filed", partner_q)
        act_draft = filing("fngo_temporary_activity", ngo_c, ACTIVITY, "drafted", partner_p)
    return World(url, psu1, psu2, ngo_a, office_a, ngo_b, office_b, ngo_c, partner_p, partner_q, social_x,
                 reg_draft, report_a, report_pub, act_filed, act_draft)  # fmt: skip


def filing_row(url: str, filing_id: int) -> Filing:
    with transaction(url, write=False) as s:
        f = s.get(Filing, filing_id)
        assert f is not None
        return f
