"""The Charity Law's procedures through a real database, on both engines: a recognition marks the organisation
a charity (art. 10(2)) until its certificate is revoked (art. 17(1)(4)); the public-fundraising qualification is
refused before the charity's first year has run out and given after it (art. 22(1)), revoked under art. 111,
which bars a new application for five years."""

from datetime import date

import pytest

from ngoreg.db.engine import transaction
from ngoreg.errors import Refused
from ngoreg.facets import repository as facets
from ngoreg.filings import service
from ngoreg.registry import repository as registry
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

D = date
ORG, REGISTRAR = "social_org", "civil_registrar"
CONDITIONS = dict.fromkeys(("charitable_purpose", "not_for_profit", "name_and_domicile", "articles_of_association",
                            "necessary_property", "organisation_and_persons_in_charge"), "yes")  # fmt: skip
GOVERNANCE = {"sound_governance": "yes", "standard_operation": "yes"}


@pytest.fixture
def foundation(url: str) -> tuple[str, int]:
    with transaction(url) as s:
        return url, add_organisation(s, org_record(kind="foundation", name_zh="北京市春晖慈善基金会", province="110000",
                                                   registered_on="2024-03-01"), actor=ACTOR, now=NOW)  # fmt: skip


def start(url: str, code: str, org_id: int, on: date, values: dict[str, str]) -> int:
    with transaction(url) as s:
        return service.start(s, code, org_id=org_id, values=values, on=on, actor=ACTOR, now=NOW).id


def fire(url: str, fid: int, transition: str, role: str, on: date, **values: str) -> str:
    with transaction(url) as s:
        return service.fire(s, fid, transition, role=role, on=on, values=values, actor=ACTOR, now=NOW).state


def refused(url: str, fid: int, transition: str, role: str, on: date, **values: str) -> dict[str, str | None]:
    with transaction(url) as s, pytest.raises(Refused) as r:
        service.fire(s, fid, transition, role=role, on=on, values=values, actor=ACTOR, now=NOW)
    return {x.rule: x.basis for x in r.value.refusals}


def marks(url: str, org_id: int, on: date) -> dict[str, str]:
    with transaction(url, write=False) as s:
        return facets.marks(s, org_id, as_of=on)


def recognise(url: str, org_id: int) -> int:
    fid = start(url, "charity_recognition", org_id, D(2025, 1, 6), CONDITIONS)
    fire(url, fid, "apply", ORG, D(2025, 1, 6))
    fire(url, fid, "accept", REGISTRAR, D(2025, 1, 8), accepted_on="2025-01-08")
    state = fire(url, fid, "recognise", REGISTRAR, D(2025, 1, 20), announcement="北京市民政局公告 2025-01-20")
    assert state == "recognised"
    return fid


def test_recognition_marks_the_charity_from_its_day_until_the_certificate_is_revoked(
    foundation: tuple[str, int],
) -> None:
    url, org_id = foundation
    fid = recognise(url, org_id)
    assert "charity" not in marks(url, org_id, D(2025, 1, 19))
    assert marks(url, org_id, D(2025, 1, 20))["charity"] == "recognised"
    with transaction(url, write=False) as s:
        shown = service.show(s, fid)
    assert [(d["name"], d["due_on"], d["status"]) for d in shown["deadlines"]] == [("decision", "2025-02-05", "met")]
    again = start(url, "charity_recognition", org_id, D(2025, 2, 3), CONDITIONS)
    assert refused(url, again, "apply", ORG, D(2025, 2, 3)) == {"not_yet_a_charity": "Charity Law art. 10(2)"}
    fire(url, fid, "end", REGISTRAR, D(2026, 4, 1), revocation_ground="art_109", revocation_announcement="公告")
    assert marks(url, org_id, D(2026, 3, 31))["charity"] == "recognised"
    assert "charity" not in marks(url, org_id, D(2026, 4, 1))


def test_the_qualification_is_refused_before_one_year_and_given_after(foundation: tuple[str, int]) -> None:
    url, org_id = foundation
    early = start(url, "public_fundraising", org_id, D(2025, 1, 6), GOVERNANCE)
    assert refused(url, early, "apply", ORG, D(2025, 1, 6)) == {"a_charity": "Charity Law art. 22(1)",
                                                                 "registered_one_year": "Charity Law art. 22(1)"}
    recognise(url, org_id)
    # registered on 2024-03-01: its year runs out at the end of 2025-03-01
    assert refused(url, early, "apply", ORG, D(2025, 3, 1)) == {"registered_one_year": "Charity Law art. 22(1)"}
    assert fire(url, early, "apply", ORG, D(2025, 3, 3)) == "applied"
    fire(url, early, "accept", REGISTRAR, D(2025, 3, 5), accepted_on="2025-03-05")
    assert fire(url, early, "qualify", REGISTRAR, D(2025, 3, 20), certificate_no="GM-2025-017") == "qualified"
    with transaction(url, write=False) as s:
        org = registry.get_org(s, org_id)
        assert org is not None and org.public_fundraising is True
    fire(url, early, "revoke", REGISTRAR, D(2026, 5, 6), revocation_ground="apportioning_donations",
         revocation_announcement="北京市民政局公告")  # fmt: skip
    with transaction(url, write=False) as s:
        org = registry.get_org(s, org_id)
        assert org is not None and org.public_fundraising is False
    later = start(url, "public_fundraising", org_id, D(2027, 1, 4), GOVERNANCE)
    assert refused(url, later, "apply", ORG, D(2027, 1, 4)) == {"not_barred_after_revocation": "Charity Law art. 111"}


def test_a_credit_list_mark_refuses_the_application(foundation: tuple[str, int]) -> None:
    url, org_id = foundation
    recognise(url, org_id)
    with transaction(url) as s:  # another procedure lists it; here the mark is set as that one would
        facets.mark(s, "foundation", org_id, "credit_list", "abnormal", D(2025, 4, 1))
    fid = start(url, "public_fundraising", org_id, D(2025, 4, 7), GOVERNANCE)
    assert refused(url, fid, "apply", ORG, D(2025, 4, 7)) == {"not_on_a_credit_list": "Charity Law art. 22(1)"}
