from datetime import date

import pytest
from sqlalchemy import func, select

from ngoreg.audit.models import AuditEvent
from ngoreg.db.engine import transaction
from ngoreg.errors import Conflict, InvalidInput, NotFound
from ngoreg.registry import service
from ngoreg.registry.search import search
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW
from tests.registry.test_uscc import with_check_digit


def add(url: str, **kw: object) -> int:
    with transaction(url) as s:
        return service.add_organisation(s, org_record(**kw), actor=ACTOR, now=NOW)  # type: ignore[arg-type]


@pytest.fixture
def registry(url: str) -> str:
    add(url, kind="social_association", name_zh="北京市青少年发展协会", name_en="Beijing Youth Development Association",
        province="Beijing", registered_on="2010-05-04", uscc_code=with_check_digit("51110000MJ0000001"))
    add(url, kind="foundation", name_zh="中国青少年发展基金会", name_en="China Youth Development Foundation",
        province="110000", registered_on="1989-03-10", public_fundraising="yes", gongo="gongo")
    add(url, kind="civil_non_enterprise", name_zh="广州市助残服务中心", name_en="Guangzhou Disability Service Centre",
        province="广东", registered_on="2016-09-01", gongo="grassroots", aliases="Youth Corner")
    add(url, kind="representative_office", name_zh="美国某基金会北京代表处", name_en="Foundation X Beijing Office",
        origin="United States", province="Beijing", registered_on="2017-04-01")
    return url


def test_added_organisations_are_validated_and_labelled(registry: str) -> None:
    with transaction(registry, write=False) as s:
        o = service.show(s, 4)
    assert o["origin"] == "US" and o["province"] == "110000"
    assert o["kind_label"]["zh"] == "境外非政府组织代表机构"
    assert o["province_label"] == {"zh": "北京市", "en": "Beijing"}


def test_a_second_organisation_with_the_same_code_is_refused(registry: str) -> None:
    with pytest.raises(Conflict, match="already in the registry as organisation 1"):
        add(registry, kind="social_association", name_zh="别的协会", province="Beijing",
            uscc_code=with_check_digit("51110000MJ0000001"))


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"kind": "club", "name_zh": "某某会"}, "kind"),
        ({"kind": "social_association"}, "name"),
        ({"kind": "social_association", "name_zh": "某某会", "province": "Atlantis"}, "province"),
        ({"kind": "social_association", "name_zh": "某某会", "registered_on": "2017-02-30"}, "registered_on"),
        ({"kind": "social_association", "name_zh": "某某会", "fields": "astrology"}, "fields"),
        ({"kind": "representative_office", "name_en": "X Office", "origin": "Narnia"}, "origin"),
        ({"kind": "peoples_organisation", "name_zh": "某某会", "public_fundraising": "yes"}, "public_fundraising"),
        ({"kind": "social_association", "name_zh": "某某会", "uscc_code": "51110000MJ00000010"}, "uscc"),
    ],
)
def test_bad_values_name_the_field(kw: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        org_record(**kw)  # type: ignore[arg-type]
    assert err.value.field == field


def test_history_answers_as_of_queries(registry: str) -> None:
    with transaction(registry) as s:
        service.update_organisation(s, 3, {"province": "Shanghai", "name_zh": "上海市助残服务中心"},
                                    on=date(2019, 1, 1), actor=ACTOR, now=NOW)  # fmt: skip
    with transaction(registry, write=False) as s:
        assert service.show(s, 3, as_of=date(2018, 6, 1))["province"] == "440000"
        assert service.show(s, 3)["province"] == "310000"
        with pytest.raises(NotFound, match="was not in the registry on 2015-01-01"):
            service.show(s, 3, as_of=date(2015, 1, 1))
        assert dict(service.count_by(s, "province", as_of=date(2018, 6, 1))) == {"110000": 3, "440000": 1}
        assert dict(service.count_by(s, "province", as_of=date(2019, 6, 1))) == {"110000": 3, "310000": 1}
        assert dict(service.count_by(s, "province", as_of=date(2012, 1, 1))) == {"110000": 2}
        # the old name stays findable as a former name
        hits = service.search_organisations(s, "广州市助残")
        assert [h["id"] for h in hits] == [3] and hits[0]["name_zh"] == "上海市助残服务中心"


def test_a_deregistration_leaves_the_count_after_its_date(registry: str) -> None:
    with transaction(registry) as s:
        service.update_organisation(s, 1, {"status": "deregistered", "ended_on": "2020-03-01"},
                                    on=date(2020, 3, 1), actor=ACTOR, now=NOW)  # fmt: skip
    with transaction(registry, write=False) as s:
        assert dict(service.count_by(s, "status", as_of=date(2020, 2, 29))) == {"registered": 4}
        assert dict(service.count_by(s, "status", as_of=date(2020, 3, 1))) == {"registered": 3}


def test_history_cannot_be_rewritten_backwards(registry: str) -> None:
    with transaction(registry) as s, pytest.raises(InvalidInput, match="before the last change"):
        service.update_organisation(s, 1, {"province": "Hebei"}, on=date(2009, 1, 1), actor=ACTOR, now=NOW)


def test_a_stale_version_is_a_conflict_and_changes_nothing(registry: str) -> None:
    with transaction(registry) as s:
        service.update_organisation(s, 2, {"province": "Hebei"}, on=date(2020, 1, 1), actor=ACTOR, now=NOW)
    with transaction(registry) as s, pytest.raises(Conflict):
        service.update_organisation(s, 2, {"province": "Shanxi"}, on=date(2021, 1, 1), actor=ACTOR, now=NOW,
                                    expected_version=1)  # fmt: skip
    with transaction(registry, write=False) as s:
        assert service.show(s, 2)["province"] == "130000"


@pytest.mark.parametrize(
    ("query", "first", "ids"),
    [
        ("青少", 1, {1, 2}),  # two characters: below what a trigram index can answer
        ("青", 1, {1, 2}),
        ("青少年发展", 1, {1, 2}),
        ("中国青少年发展基金会", 2, {2}),  # the whole name ranks first
        ("youth", 3, {1, 2, 3}),  # 3 by its alias, a prefix match
        ("YOUTH DEVELOPMENT", 2, {1, 2}),  # both whole words: the shorter name first
        ("outh", 3, {1, 2, 3}),  # all substrings: the shortest name first
        ("Beijing Office", 4, {4}),
    ],
)
def test_search_finds_and_ranks(registry: str, query: str, first: int, ids: set[int]) -> None:
    with transaction(registry, write=False) as s:
        hits = search(s, query)
    assert hits[0].org_id == first
    assert {h.org_id for h in hits} == ids


def test_whole_word_search_drops_substrings(registry: str) -> None:
    with transaction(registry, write=False) as s:
        assert {h.org_id for h in search(s, "outh", whole_word=True)} == set()
        assert {h.org_id for h in search(s, "youth", whole_word=True)} == {1, 2, 3}


@pytest.mark.parametrize("query", ["%", "_", "' OR 1=1 --", '"', "a\\b", "NEAR(x y)"])
def test_search_treats_every_query_as_text(registry: str, query: str) -> None:
    with transaction(registry, write=False) as s:
        assert search(s, query) == []


def test_every_change_is_in_the_audit_log(registry: str) -> None:
    with transaction(registry, write=False) as s:
        actions = s.execute(select(AuditEvent.action, func.count()).group_by(AuditEvent.action)).all()
    assert dict(actions) == {"organisation.registered": 4}
