"""The credit lists and the evaluation grade through the filings service on a real database: a listing marks
the organisation (`credit_list`), two years on the list of abnormal activities move it to the list of
serious violations by the sweep, and removal ends the mark; a grade marks it for five years and lapses of
itself; a grade outside 1A–5A is refused as bad input, naming the field, and writes nothing."""

from datetime import date

import pytest

from ngoreg.db.engine import transaction
from ngoreg.errors import InvalidInput, Refused
from ngoreg.facets import repository as facets
from ngoreg.filings import service
from ngoreg.reference import Predicate
from ngoreg.registry import service as orgs
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

D = date
REGISTRAR = "civil_registrar"
SCORES = {"basic_conditions": "180", "internal_governance": "270", "work_performance": "250",
          "social_evaluation": "140", "party_building": "80"}  # 920 points  # fmt: skip


def association(url: str, province: str = "340000") -> int:
    """A social association registered on 2016-05-10 with the civil affairs department of `province`."""
    with transaction(url) as s:
        registrar = orgs.add_authority(s, kind="registrar_civil_affairs", level="provincial", name_zh="安徽省民政厅",
                                       name_en=None, province=province, actor=ACTOR, now=NOW)  # fmt: skip
        org = orgs.add_organisation(s, org_record(kind="social_association", name_zh="安徽省养老服务协会",
                                                  province=province, registered_on="2016-05-10"),
                                    actor=ACTOR, now=NOW)  # fmt: skip
        orgs.relate(s, Predicate.REGISTERED_WITH.value, subject=("org", org), obj=("authority", registrar),
                    valid_from=D(2016, 5, 10), actor=ACTOR, now=NOW)  # fmt: skip
        return org


def start(url: str, code: str, org: int, on: date, **values: str) -> int:
    with transaction(url) as s:
        return service.start(s, code, org_id=org, values=values, on=on, actor=ACTOR, now=NOW).id


def fire(url: str, fid: int, transition: str, role: str, on: date, **values: str) -> str:
    with transaction(url) as s:
        return service.fire(s, fid, transition, role=role, on=on, values=values, actor=ACTOR, now=NOW).state


def marks(url: str, org: int, on: date) -> dict[str, str]:
    with transaction(url, write=False) as s:
        return facets.marks(s, org, as_of=on)


def shown(url: str, fid: int) -> dict:  # type: ignore[type-arg]
    with transaction(url, write=False) as s:
        return service.show(s, fid)


def test_two_years_on_the_abnormal_list_move_the_organisation_to_the_serious_list_until_removed(url: str) -> None:
    org = association(url)
    fid = start(url, "credit_list", org, D(2020, 7, 1), cause="annual_report_not_filed",
                facts_found="No 2019 work report by 31 May 2020")  # fmt: skip
    assert fire(url, fid, "list_abnormal", REGISTRAR, D(2020, 7, 1)) == "abnormal"
    assert marks(url, org, D(2020, 7, 1)) == {"credit_list": "abnormal"}
    assert marks(url, org, D(2020, 6, 30)) == {}
    with transaction(url) as s:  # the two years end on 2022-07-01, a Friday: nothing moves on it
        assert service.sweep(s, as_of=D(2022, 7, 1), actor=ACTOR, now=NOW) == {"expired": 0, "fired": 0}
    with transaction(url) as s:
        assert service.sweep(s, as_of=D(2022, 7, 4), actor=ACTOR, now=NOW) == {"expired": 1, "fired": 1}
    f = shown(url, fid)
    assert f["state"] == "serious"
    assert [h["action"] for h in f["history"]][-2:] == ["deadline.expired", "credit_list.moved_to_serious"]
    assert marks(url, org, D(2022, 7, 3)) == {"credit_list": "abnormal"}
    assert marks(url, org, D(2022, 7, 4)) == {"credit_list": "serious"}
    # two years on the serious list, from the day of the move, before it leaves it
    with transaction(url) as s, pytest.raises(Refused) as r:
        service.fire(s, fid, "remove_from_serious", role=REGISTRAR, on=D(2024, 7, 4), values={"remedy": "Reports sent"},
                     actor=ACTOR, now=NOW)  # fmt: skip
    assert [x.rule for x in r.value.refusals] == ["serious_listed_two_years"]
    assert fire(url, fid, "remove_from_serious", REGISTRAR, D(2024, 7, 5), remedy="Reports sent") == "removed"
    assert marks(url, org, D(2024, 7, 5)) == {}
    with transaction(url, write=False) as s:
        assert facets.history(s, org, ("credit_list",)) == [("credit_list", "abnormal", D(2020, 7, 1), D(2022, 7, 4)),
                                                            ("credit_list", "serious", D(2022, 7, 4), D(2024, 7, 5))]


def test_a_remedy_removes_the_organisation_from_the_abnormal_list_and_the_sweep_moves_nothing(url: str) -> None:
    org = association(url)
    fid = start(url, "credit_list", org, D(2020, 7, 1), cause="unreachable_at_registered_seat",
                facts_found="Two letters to the registered seat returned")  # fmt: skip
    fire(url, fid, "list_abnormal", REGISTRAR, D(2020, 7, 1))
    assert fire(url, fid, "remove_from_abnormal", REGISTRAR, D(2020, 9, 1), remedy="Moved back; seat confirmed") == (
        "removed")
    assert marks(url, org, D(2020, 9, 1)) == {}
    with transaction(url) as s:
        assert service.sweep(s, as_of=D(2022, 8, 1), actor=ACTOR, now=NOW) == {"expired": 0, "fired": 0}
    assert [d["status"] for d in shown(url, fid)["deadlines"]] == ["met"]


def test_a_grade_marks_the_organisation_for_five_years_and_a_bad_grade_writes_nothing(url: str) -> None:
    org = association(url)  # in Anhui: 920 points is 4A there
    fid = start(url, "evaluation", org, D(2020, 6, 1), party_organisation="yes")
    assert fire(url, fid, "apply", "social_org", D(2020, 6, 1)) == "applied"
    assert fire(url, fid, "score", REGISTRAR, D(2020, 9, 1), **SCORES) == "scored"
    before = shown(url, fid)
    with transaction(url) as s, pytest.raises(InvalidInput) as bad:
        service.fire(s, fid, "decide_grade", role=REGISTRAR, on=D(2020, 10, 1), values={"grade": "6A"}, actor=ACTOR,
                     now=NOW)  # fmt: skip
    assert (bad.value.field, bad.value.value) == ("grade", "6A")
    with transaction(url) as s, pytest.raises(Refused) as r:
        service.fire(s, fid, "decide_grade", role=REGISTRAR, on=D(2020, 10, 1), values={"grade": "5A"}, actor=ACTOR,
                     now=NOW)  # fmt: skip
    assert [x.rule for x in r.value.refusals] == ["grade_the_scores_reach"]
    after = shown(url, fid)
    assert (after["state"], after["version"], after["history"]) == ("scored", before["version"], before["history"])
    assert marks(url, org, D(2020, 10, 1)) == {}
    assert fire(url, fid, "decide_grade", REGISTRAR, D(2020, 10, 1), grade="4A") == "graded"
    assert marks(url, org, D(2020, 10, 1)) == {"grade": "4A"}
    assert marks(url, org, D(2025, 9, 30)) == {"grade": "4A"}
    assert marks(url, org, D(2025, 10, 1)) == {}  # five years have run
    # while the grade is in force the organisation does not apply again; once it has lapsed it does
    again = start(url, "evaluation", org, D(2023, 6, 1), party_organisation="yes")
    with transaction(url) as s, pytest.raises(Refused) as r:
        service.fire(s, again, "apply", role="social_org", on=D(2023, 6, 1), actor=ACTOR, now=NOW)
    assert [x.rule for x in r.value.refusals] == ["no_grade_in_force"]
    assert fire(url, again, "apply", "social_org", D(2025, 10, 1)) == "applied"
