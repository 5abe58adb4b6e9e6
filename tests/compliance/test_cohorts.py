"""The calendar finds who owes each yearly duty a cohort at a time (organisations of one kind imported on one
day, `calendar.Cohort`), skipping the cohorts that cannot owe it. Over registries of every shape — kinds,
registrations back to 1990, imports on a few days or on many, ends, supervisory units and charity marks come
and go — it lists exactly the duties the rule names for each organisation (`calendar.owes`, its kinds, its unit
or mark on the nominal day, not met before `since`), in organisation order; and the cyclic collector it pauses
runs again once the calendar is read or dropped."""

from __future__ import annotations

import gc
from datetime import date, timedelta
from random import Random
from typing import Any

import pytest

from ngoreg.compliance import calendar
from ngoreg.compliance.recurring import Occurrence, occurrences
from ngoreg.regimes.domestic import charity_recognition

AS_OF = date(2026, 11, 30)
KINDS = ("social_association", "civil_non_enterprise", "foundation", "representative_office")
CHARITY = (charity_recognition.MARK, charity_recognition.RECOGNISED)


def _registry(seed: int, import_days: int) -> dict[str, Any]:
    rng = Random(seed)
    days = [date(2000, 1, 1) + timedelta(days=rng.randrange(9800)) for _ in range(import_days)]
    offices, kind_of, spans = {}, {}, {calendar.SPONSORED: [], CHARITY: []}
    for org in range(1, 400):
        reg = date(1990, 1, 1) + timedelta(days=rng.randrange(13000))
        end = reg + timedelta(days=rng.randrange(1, 4000)) if rng.random() < 0.2 else None
        imp = rng.choice(days) if days and rng.random() < 0.7 else None
        offices[org] = (f"Org {org}", reg, end, imp)
        kind_of[org] = rng.choice(KINDS)
        for key, share in ((calendar.SPONSORED, 0.6), (CHARITY, 0.2)):
            if rng.random() < share:
                start = reg + timedelta(days=rng.randrange(3000))
                stop = start + timedelta(days=rng.randrange(1, 3000)) if rng.random() < 0.3 else date.max
                spans[key].append((org, start, stop))
    return {"offices": offices, "kind_of": kind_of, "spans": spans, "rng": rng}


def _naive(window: list[Occurrence], r: dict[str, Any], done: list[set[int]]) -> list[list[int]]:
    def holds(org: int, key: Any, day: date) -> bool:
        return any(o == org and a <= day < b for o, a, b in r["spans"][key])

    out = []
    for o, skip in zip(window, done, strict=True):
        key = calendar.SPONSORED if o.sponsored_only else o.marked
        out.append([org for org, office in r["offices"].items()
                    if r["kind_of"][org] in o.owed_by and calendar.owes(office, o) and org not in skip
                    and (key is None or holds(org, key, o.nominal))])  # fmt: skip
    return out


@pytest.mark.parametrize(("seed", "import_days"), [(1, 0), (2, 1), (3, 3), (4, calendar.FEW_COHORTS + 5)])
def test_each_duty_is_owed_by_whom_the_rule_names_whatever_the_cohorts(seed: int, import_days: int) -> None:
    r = _registry(seed, import_days)
    window = occurrences(AS_OF)
    offices = r["offices"]
    ids = list(offices)
    done = [{org for org in ids if r["rng"].random() < 0.1} for _ in window]
    cohorts = calendar._cohorts(ids, [v[1] for v in offices.values()], [v[3] for v in offices.values()],
                                [r["kind_of"][i] for i in ids])  # fmt: skip
    spans = {key: ([s[0] for s in rows], [s[1] for s in rows], [s[2] for s in rows])
             for key, rows in r["spans"].items()}  # fmt: skip
    ended = sorted((v[2], org) for org, v in offices.items() if v[2] is not None)
    got = calendar._duties(AS_OF, window, [{} for _ in window], {org: v[0] for org, v in offices.items()}, ended,
                           cohorts, done, set(), lambda o: calendar._holders(spans, {}, o))  # fmt: skip
    assert [[ob.org_id for ob in obs] for obs in got] == _naive(window, r, done)
    assert sum(map(len, got)) > 0


def test_the_collector_runs_again_once_the_calendar_is_read_or_dropped(url: str) -> None:
    from ngoreg.db.engine import transaction

    assert gc.isenabled()
    with transaction(url, write=False) as s:
        read = calendar.due(s, as_of=AS_OF)
        assert not gc.isenabled()
        list(read)
        assert gc.isenabled()
        dropped = calendar.due(s, as_of=AS_OF)
        assert not gc.isenabled()
        del dropped
        assert gc.isenabled()
