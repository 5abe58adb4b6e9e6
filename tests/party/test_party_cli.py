"""The Party-building structure through the command line, on both engines: committees, seats, Party
organisations, placement by the solver applied as one audited change, the structure and coverage as of a day,
and the bad input seed 001's rules refuse."""

from __future__ import annotations

import json
from datetime import date as D

import pytest
from sqlalchemy import func, select

from ngoreg.audit.models import AuditEvent
from ngoreg.db.engine import transaction
from ngoreg.facets import repository as facets
from ngoreg.registry import particulars
from ngoreg.registry.models import Relation
from tests.cli.test_cli import ngoreg

SOURCE = "seed 001 (Beijing establishes Party-building system within NGOs)"


def _ok(*args: str) -> dict:
    code, out, err = ngoreg(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def _org(db: str, name: str, *, kind: str = "social_association", fields: tuple[str, ...] = ("education",),
         province: str = "110000", registered: str = "2015-03-01") -> int:  # fmt: skip
    return int(_ok("org", "add", "--kind", kind, "--name-zh", name, "--province", province, "--registered-on",
                   registered, *[a for f in fields for a in ("--field", f)], "--db", db)["id"])  # fmt: skip


@pytest.fixture
def db(url: str) -> str:
    code, _, err = ngoreg("init", "--db", url)
    assert code == 0, err
    return url


@pytest.fixture
def beijing(db: str) -> dict[str, int]:
    top = _ok("party", "add-committee", "--tier", "comprehensive", "--name-zh", "北京市社会组织综合党委", "--locality",
              "110000", "--established", "2016-12-01", "--source", SOURCE, "--db", db)["id"]  # fmt: skip
    ids = {"top": top}
    for key, cls, cap in (("edu", "field:education", 2), ("env", "field:environment", 2),
                          ("fdn", "kind:foundation", 5)):  # fmt: skip
        ids[key] = _ok("party", "add-committee", "--tier", "joint", "--name-zh", f"联合党委{key}", "--locality",
                       "110000", "--established", "2017-01-01", "--source", SOURCE, "--leader", str(top),
                       "--class", cls, "--capacity", str(cap), "--db", db)["id"]  # fmt: skip
    return ids


def test_placement_places_by_class_and_locality_proves_optimality_and_is_one_audited_change(
        db: str, beijing: dict[str, int]) -> None:  # fmt: skip
    a = _org(db, "甲教育会")
    b = _org(db, "乙教育环保会", fields=("education", "environment"))
    c = _org(db, "丙教育会")
    d = _org(db, "丁基金会", kind="foundation", fields=())
    far = _org(db, "戊上海会", province="310000")
    aging = _org(db, "己养老会", fields=("aging",))
    dry = _ok("party", "place", "--on", "2020-01-01", "--dry-run", "--verify", "--db", db)
    assert dry["applied"] is False and dry["optimality_gap"] == 0.0
    with transaction(db, write=False) as s:
        assert s.scalar(select(func.count()).select_from(Relation).where(Relation.predicate == "sits_under")) == 0
    # b can sit under the environment committee and leaves education's two seats to a and c
    done = _ok("party", "place", "--on", "2020-01-01", "--db", db)
    placed = {m["org"]: m["to"] for m in done["moves"]}
    assert placed == {a: beijing["edu"], b: beijing["env"], c: beijing["edu"], d: beijing["fdn"]}
    assert {u["org"]: u["reason"] for u in done["unplaced"]} == {far: "no_committee", aging: "no_committee"}
    assert done["moved"] == 0 and done["placed"] == 4 and done["optimality_gap"] == 0.0
    with transaction(db, write=False) as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "party.placement_applied")).all()
    assert len(events) == 1 and events[0].subject_id == beijing["top"]
    assert {x["org"] for x in json.loads(events[0].after)["seats"]} == {a, b, c, d}
    # placing again changes nothing
    again = _ok("party", "place", "--on", "2020-06-01", "--db", db)
    assert again["moves"] == [] and again["kept"] == 4
    # the structure as of a day, and before the placement
    tree = _ok("party", "structure", "--as-of", "2020-06-01", "--db", db)
    joint = {j["id"]: j["organisations"] for j in tree[0]["joint_committees"]}
    assert joint == {beijing["edu"]: sorted([a, c]), beijing["env"]: [b], beijing["fdn"]: [d]}
    before = _ok("party", "structure", "--as-of", "2019-12-31", "--db", db)
    assert all(j["organisations"] == [] for j in before[0]["joint_committees"])
    assert _ok("party", "structure", "--as-of", "2016-06-01", "--db", db) == []


def test_a_newcomer_moves_one_organisation_to_make_room(db: str, beijing: dict[str, int]) -> None:
    a = _org(db, "甲教育环保会", fields=("education", "environment"))
    b = _org(db, "乙教育会")
    _ok("party", "seat", str(a), str(beijing["edu"]), "--on", "2019-01-01", "--db", db)
    _ok("party", "seat", str(b), str(beijing["edu"]), "--on", "2019-01-01", "--db", db)
    c = _org(db, "丙教育会", registered="2020-02-01")
    p = _ok("party", "place", "--on", "2020-03-01", "--slack", "0", "--db", db)
    assert {(m["org"], m["from"], m["to"]) for m in p["moves"]} == {(a, beijing["edu"], beijing["env"]),
                                                                   (c, None, beijing["edu"])}  # fmt: skip
    assert p["moved"] == 1 and p["cost"] == 1
    with transaction(db, write=False) as s:
        closed = s.execute(select(Relation.valid_to).where(Relation.subject_org_id == a,
                                                           Relation.object_authority_id == beijing["edu"])).scalar_one()
    assert closed.isoformat() == "2020-03-01"


def test_coverage_by_kind_committee_and_class_as_of_a_day(db: str, beijing: dict[str, int]) -> None:
    a = _org(db, "甲教育会")
    _org(db, "乙教育会")
    d = _org(db, "丁基金会", kind="foundation", fields=())
    _ok("party", "place", "--on", "2020-01-01", "--db", db)
    for org, on in ((a, "2020-05-01"), (d, "2021-01-01")):
        code, _, err = ngoreg("party", "organised", str(org), "--on", on, "--db", db)
        assert code == 0, err
    kinds = {r["key"]: r for r in _ok("party", "coverage", "--by", "kind", "--as-of", "2020-12-31", "--db", db)["rows"]}
    assert kinds["social_association"]["organisations"] == 2
    assert kinds["social_association"]["with_party_organisation"] == 1 and kinds["social_association"]["share"] == 0.5
    assert kinds["foundation"]["with_party_organisation"] == 0
    out = _ok("party", "coverage", "--by", "class", "--as-of", "2021-06-01", "--db", db)
    by_class = {r["key"]: (r["organisations"], r["with_party_organisation"]) for r in out["rows"]}
    assert by_class == {"field:education": (2, 1), "kind:foundation": (1, 1)}
    assert {f["key"]: f["value"] for f in out["seed"]}["beijing_joint_party_committees"] == 52
    by_committee = _ok("party", "coverage", "--by", "committee", "--as-of", "2020-01-01", "--db", db)["rows"]
    assert {r["key"]: r["with_party_organisation"] for r in by_committee} == {str(beijing["edu"]): 0,
                                                                             str(beijing["fdn"]): 0}  # fmt: skip
    code, _, err = ngoreg("party", "organised", str(a), "--on", "2021-01-01", "--db", db)
    assert code == 4 and "has Party organisation on 2021-01-01" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tier", "joint", "--class", "field:education", "--capacity", "0"], "capacity: 0: a joint committee covers"),
        (["--tier", "joint", "--class", "field:education", "--capacity", "-3"], "capacity: -3"),
        (["--tier", "joint", "--capacity", "50"], "class: '': a joint committee serves a class"),
        (["--tier", "joint", "--class", "field:astrology", "--capacity", "50"], "class: 'field:astrology': unknown"),
        (["--tier", "joint", "--class", "field:education", "--capacity", "50", "--locality", "310000"],
         "leads the committees of 110000, not of 310000"),
        (["--tier", "joint", "--class", "field:education", "--capacity", "50", "--established", "2016-01-01"],
         "is before its leading committee existed"),
        (["--tier", "committee"], "tier: 'committee': one of comprehensive, joint"),
        (["--tier", "joint", "--class", "field:education", "--capacity", "50", "--source", " "], "source"),
    ],
)
def test_bad_committees_are_refused_and_nothing_is_written(db: str, beijing: dict[str, int], args: list[str],
                                                           message: str) -> None:  # fmt: skip
    base = {"--name-zh": "某联合党委", "--locality": "110000", "--established": "2018-01-01", "--source": SOURCE,
            "--leader": str(beijing["top"])}  # fmt: skip
    for i in range(0, len(args), 2):
        base[args[i]] = args[i + 1]
    flat = [x for k, v in base.items() for x in (k, v)]
    if "--tier" in args and base["--tier"] != "joint":
        flat = [x for k, v in base.items() if k != "--leader" for x in (k, v)]
    with transaction(db, write=False) as s:
        events = s.scalar(select(func.count()).select_from(AuditEvent))
    code, _, err = ngoreg("party", "add-committee", *flat, "--db", db)
    assert code == 2 and message in err, err
    with transaction(db, write=False) as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_bad_seats_are_refused(db: str, beijing: dict[str, int]) -> None:
    edu = _org(db, "甲教育会")
    far = _org(db, "乙上海教育会", province="310000")
    office = int(_ok("org", "add", "--kind", "representative_office", "--name-en", "Office", "--province", "110000",
                     "--registered-on", "2018-01-01", "--db", db)["id"])  # fmt: skip
    for args, message in (
        ([str(edu), str(beijing["env"])], "serves field:environment; organisation"),
        ([str(far), str(beijing["edu"])], "serves 110000; organisation"),
        ([str(edu), str(beijing["edu"]), "--on", "2016-06-01"], "is before committee"),
        ([str(edu), str(beijing["top"])], "is a comprehensive committee"),
        ([str(office), str(beijing["edu"])], "covers social organisations"),
        ([str(edu), str(beijing["edu"]), "--on", "2014-01-01"], "is not registered on that day"),
        ([str(edu), "99999"], "Party committee 99999 does not exist"),
    ):
        code, _, err = ngoreg("party", "seat", *args, "--db", db)
        assert code == 2 and message in err, (args, err)
    with transaction(db, write=False) as s:
        assert s.scalar(select(func.count()).select_from(Relation).where(Relation.predicate == "sits_under")) == 0


def test_a_committee_built_for_a_category_places_the_organisations_registered_in_it(
        db: str, beijing: dict[str, int]) -> None:  # fmt: skip
    trade = _ok("party", "add-committee", "--tier", "joint", "--name-zh", "行业协会商会联合党委", "--locality",
                "110000", "--established", "2017-01-01", "--source", SOURCE, "--leader", str(beijing["top"]),
                "--class", "category:industry_association", "--capacity", "5", "--db", db)["id"]  # fmt: skip
    chamber = _org(db, "甲商会", fields=("aging",))
    other = _org(db, "乙养老会", fields=("aging",))
    with transaction(db) as s:  # what a domestic registration records (`regimes.domestic.founding`)
        facets.mark(s, "social_association", chamber, particulars.CATEGORY, "industry_association", D(2015, 3, 1))
    done = _ok("party", "place", "--on", "2020-01-01", "--db", db)
    assert {m["org"]: m["to"] for m in done["moves"]} == {chamber: trade}
    assert {u["org"]: u["classes"] for u in done["unplaced"]} == {other: ["field:aging", "kind:social_association"]}
    code, _, err = ngoreg("party", "seat", str(other), str(trade), "--on", "2020-02-01", "--db", db)
    assert code == 2 and "serves category:industry_association" in err
    assert "category:industry_association" in {c["class"] for c in _ok("party", "classes")}
