"""A small registry for the API tests: the reference data, a few organisations of several kinds (one with a
former name, one registered later than the others), a foreign NGO with a temporary activity filed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ngoreg.db.engine import transaction
from ngoreg.figures.service import load_seed_figures
from ngoreg.filings import service as filings
from ngoreg.registry.reference_data import load_authorities
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW
from tests.filings.test_filings import VALUES

ORGS = [
    dict(kind="social_association", name_zh="北京市青少年发展协会", name_en="Beijing Youth Development Association",
         province="Beijing", registered_on="2010-05-04"),
    dict(kind="foundation", name_zh="上海市慈善基金会", name_en="Shanghai Charity Foundation", province="Shanghai",
         registered_on="2012-01-09", public_fundraising="yes"),
    dict(kind="civil_non_enterprise", name_zh="广州市阳光助残服务中心", province="Guangdong",
         registered_on="2016-08-01"),
    dict(kind="social_association", name_zh="四川省农村发展促进会", name_en="Sichuan Rural Development Association",
         province="Sichuan", registered_on="2019-03-15", former_names="四川农村发展研究会"),
    dict(kind="foreign_ngo", name_en="Teachers Abroad", origin="GB"),
    dict(kind="foreign_ngo", name_en="Hilfe für Kinder", origin="DE"),
]  # fmt: skip


@dataclass(frozen=True)
class Seeded:
    orgs: list[int]
    ngo: int  # Teachers Abroad
    filing: int  # its temporary activity, filed


def seed(url: str) -> Seeded:
    with transaction(url) as s:
        load_authorities(s, actor=ACTOR, now=NOW)
        load_seed_figures(s, actor=ACTOR, now=NOW)
        ids = [add_organisation(s, org_record(**o), actor=ACTOR, now=NOW) for o in ORGS]  # type: ignore[arg-type]
        ngo = ids[4]
        f = filings.start(s, "fngo_temporary_activity", org_id=ngo, values=VALUES, on=date(2017, 2, 20),
                          actor=ACTOR, now=NOW)  # fmt: skip
        filings.fire(s, f.id, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW)
        return Seeded(ids, ngo, f.id)
