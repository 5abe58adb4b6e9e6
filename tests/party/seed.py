"""A small Party-building structure in Beijing, for the API, page and browser tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from ngoreg.db.engine import transaction
from ngoreg.party import service as party
from ngoreg.registry.service import add_authority, add_organisation, relate
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

SOURCE = "seed 001 (Beijing establishes Party-building system within NGOs)"


def seed_beijing(url: str) -> dict[str, Any]:
    """Beijing's comprehensive committee with two joint committees (education; environment, established
    later), a registrar, four associations registered with it and one registered elsewhere, placed on
    2020-01-01; two of them with a Party organisation."""
    with transaction(url) as s:
        ids: dict[str, Any] = {"url": url}
        ids["top"] = party.add_committee(s, tier="comprehensive", name_zh="北京市社会组织综合党委", name_en=None,
                                         locality="110000", established_on=date(2016, 12, 1), source=SOURCE,
                                         actor=ACTOR, now=NOW)  # fmt: skip
        for key, cls, on in (("edu", "field:education", date(2017, 1, 1)), ("env", "field:environment",
                                                                            date(2021, 1, 1))):  # fmt: skip
            ids[key] = party.add_committee(s, tier="joint", name_zh=f"联合党委{key}", name_en=f"Joint committee {key}",
                                           locality="110000", established_on=on, source=SOURCE, leader=ids["top"],
                                           class_code=cls, capacity=10, actor=ACTOR, now=NOW)  # fmt: skip
        ids["registrar"] = add_authority(s, kind="registrar_civil_affairs", level="provincial", name_zh="北京市民政局",
                                         name_en=None, province="110000", actor=ACTOR, now=NOW)  # fmt: skip
        ids["other_registrar"] = add_authority(s, kind="registrar_civil_affairs", level="provincial",
                                               name_zh="河北省民政厅", name_en=None, province="130000", actor=ACTOR,
                                               now=NOW)  # fmt: skip
        orgs = []
        for n in range(5):
            rec = org_record(kind="social_association", name_zh=f"北京教育协会{n}", province="110000",
                             fields=["education"], registered_on="2015-01-01")  # fmt: skip
            org = add_organisation(s, rec, actor=ACTOR, now=NOW)
            registrar = ids["registrar"] if n < 4 else ids["other_registrar"]
            relate(s, "registered_with", subject=("org", org), obj=("authority", registrar),
                   valid_from=date(2015, 1, 1), actor=ACTOR, now=NOW)  # fmt: skip
            orgs.append(org)
        ids["orgs"] = orgs
        party.apply(s, party.plan(s, on=date(2020, 1, 1)), actor=ACTOR, now=NOW)
        for org in orgs[:2]:
            party.record_party_organisation(s, org, on=date(2020, 6, 1), actor=ACTOR, now=NOW)
    return ids
