"""Server time of the signed-in pages — the work queues (`GET /api/v1/work`, `/work`), the filing a queue
leads to, an NGO's compliance calendar and the forms that start a filing — on an N-organisation SQLite
registry that also holds many filings.

    python bench/work.py [--count 20000] [--filings 200000] [--requests 30] [--out bench/out] [--rebuild]

The registry is bench/api.py's (kept between runs), copied once to `work-sqlite.db` and given `--filings`
filings in the mix a registry years old would hold: temporary activities (most reported, some filed, some
drafted), office registrations, annual reports and plans (most finished, a few awaiting someone), with the
deadlines their procedures open, and one account per role. Each page is asked for once to warm it, then
`--requests` times in process through the ASGI app, as that role (its bearer token). Prints p50 and p95 and
the number of items per queue; exits 1 if a page is not a 200 or its p95 is over 100 ms.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api as apibench  # bench/api.py builds the registry
import pages  # bench/pages.py times a page

from ngoreg.access import service as access
from ngoreg.audit.repository import Actor
from ngoreg.db.engine import transaction
from ngoreg.filings.models import Filing, FilingDeadline
from ngoreg.registry import service as registry
from ngoreg.registry.models import Authority, Organisation
from ngoreg.registry.validation import org_record
from ngoreg.web.app import create_app

ACTOR = Actor("bench", "Benchmark")
TODAY = date(2026, 12, 1)
AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
BEIJING = "110000"

# (procedure, state, share of the filings, deadline opened: (name, days from the filing's day to due))
MIX: list[tuple[str, str, float, tuple[str, int] | None]] = [
    ("fngo_temporary_activity", "reported", 0.50, ("closing_report", 40)),
    ("fngo_temporary_activity", "filed", 0.03, ("closing_report", 40)),
    ("fngo_temporary_activity", "drafted", 0.02, None),
    ("fngo_office_registration", "records_filed", 0.08, ("decision", 60)),
    ("fngo_office_registration", "drafted", 0.005, None),
    ("fngo_office_registration", "applied", 0.005, None),
    ("fngo_office_registration", "accepted", 0.005, ("decision", 60)),
    ("fngo_annual_report", "published", 0.25, ("report_to_registrar", 90)),
    ("fngo_annual_report", "submitted_to_psu", 0.01, ("report_to_registrar", 90)),
    ("fngo_annual_report", "submitted", 0.01, ("report_to_registrar", 90)),
    ("fngo_annual_plan", "filed", 0.075, None),
    ("fngo_annual_plan", "submitted_to_psu", 0.005, None),
]


def populate(url: str, filings: int, seed: int) -> dict[str, dict[str, Any]]:
    """Adds the filings and one account per role; returns each role's grant."""
    rnd = random.Random(seed)
    with transaction(url) as s:
        orgs = [o for (o,) in s.execute(select(Organisation.id).order_by(Organisation.id).limit(200_000))]
        beijing = [o for (o,) in s.execute(select(Organisation.id).where(Organisation.province == BEIJING)
                                             .order_by(Organisation.id).limit(20_000))]  # fmt: skip
        psus = [a for (a,) in s.execute(select(Authority.id).where(Authority.kind == "supervisory_unit").limit(50))]
        if not psus:  # the registry of bench/api.py names none: thirty, each sponsoring a few offices
            psus = [registry.add_authority(s, kind="supervisory_unit", level="provincial", name_zh=None,
                                           name_en=f"Supervisory unit {i}", province=BEIJING, actor=ACTOR, now=AT)
                    for i in range(30)]  # fmt: skip
            for org in rnd.sample(orgs, 600):
                registry.relate(s, "sponsored_by", subject=("org", org), obj=("authority", rnd.choice(psus)),
                                valid_from=date(2018, 1, 1), actor=ACTOR, now=AT)  # fmt: skip
        rows, deadlines = [], []
        weights = [m[2] for m in MIX]
        for fid in range(1, filings + 1):
            procedure, state, _, deadline = rnd.choices(MIX, weights)[0]
            org = rnd.choice(beijing if rnd.random() < 0.05 else orgs)
            started = TODAY - timedelta(days=rnd.randint(0, 3000))
            data: dict[str, Any] = {"partner_org_id": rnd.choice(orgs), "psu_authority_id": rnd.choice(psus),
                                    "registrar_province": BEIJING if rnd.random() < 0.05 else "310000",
                                    "start_date": (started + timedelta(days=20)).isoformat()}  # fmt: skip
            rows.append({"id": fid, "procedure": procedure, "procedure_version": date(2017, 1, 1), "org_id": org,
                         "state": state, "data": data, "started_on": started, "version": 1})  # fmt: skip
            if deadline is not None:
                name, days = deadline
                finished = state in ("reported", "records_filed", "published")
                deadlines.append({"filing_id": fid, "org_id": org, "procedure": procedure,
                                  "procedure_version": date(2017, 1, 1), "duty": None, "name": name, "basis": "",
                                  "opened_on": started, "due_on": started + timedelta(days=days),
                                  "provisional": False, "status": "met" if finished else "open",
                                  "closed_on": started + timedelta(days=days // 2) if finished else None})  # fmt: skip
        for i in range(0, len(rows), 20_000):
            s.execute(insert(Filing), rows[i:i + 20_000])
        for i in range(0, len(deadlines), 20_000):
            s.execute(insert(FilingDeadline), deadlines[i:i + 20_000])
        s.execute(text("ANALYZE"))
        grants = {
            "registrar (national)": {"role": "registrar_officer", "national": True},
            "registrar (Beijing)": {"role": "registrar_officer", "province": BEIJING},
            "supervisory unit": {"role": "psu_officer", "authority_id": psus[0]},
            # one with an activity to file, one with an application before the registrar
            "partner unit": {"role": "partner_unit_staff", "org_id": next(
                r["data"]["partner_org_id"] for r in rows if r["state"] == "drafted"
                and r["procedure"] == "fngo_temporary_activity")},
            "foreign NGO": {"role": "foreign_ngo_staff", "org_id": next(
                r["org_id"] for r in rows if r["state"] == "accepted")},
        }
        for name, g in grants.items():
            user = "bench." + name.lower().replace(" ", "_").replace("(", "").replace(")", "")
            access.add_user(s, user, display_name=name, password=None, actor=ACTOR, now=AT - timedelta(days=1))
            scope = access.ScopeArgs(org_id=g.get("org_id"), authority_id=g.get("authority_id"),
                                     province=g.get("province"), national=bool(g.get("national")))  # fmt: skip
            access.grant(s, user, g["role"], scope, actor=ACTOR, now=AT - timedelta(days=1))
            g["token"] = access.create_token(s, user, name="bench", expires_in_days=None, actor=ACTOR,
                                             now=AT - timedelta(days=1))[1]  # fmt: skip
    return grants


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--filings", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    args.pg_url = None
    args.out.mkdir(parents=True, exist_ok=True)
    source = apibench.registry("sqlite", args)
    path = args.out / "work-sqlite.db"
    shutil.copy(source.removeprefix("sqlite:///"), path)  # the pages' registry stays without these filings
    url = f"sqlite:///{path.resolve()}"
    t = time.perf_counter()
    grants = populate(url, args.filings, args.seed)
    print(f"{args.filings:,} filings and {len(grants)} accounts added in {time.perf_counter() - t:.1f} s")
    failed = 0
    ngo = grants["foreign NGO"]["org_id"]
    with transaction(url) as s:  # the registry of bench/api.py holds offices but no foreign NGO itself
        foreign = registry.add_organisation(s, org_record(kind="foreign_ngo", name_en="Bench Foundation",
                                                          origin="US"), actor=ACTOR, now=AT)  # fmt: skip
    with TestClient(create_app(url, clock=lambda: AT)) as client:
        for name, g in grants.items():
            headers = {"Authorization": f"Bearer {g['token']}"}
            queue = client.get("/api/v1/work", headers=headers).json()["queues"]
            items = [i for q in queue for i in q["items"]]
            # the queue, then the signed-in pages the role goes on to: the first filing waiting for it, and
            # for the NGO its compliance calendar and a form to start a filing; for the partner unit the form
            paths = ["/api/v1/work", "/work"]
            paths += [f"/filings/{i['filing_id']}" for i in items[:1] if i.get("filing_id")]
            if name == "foreign NGO":
                paths += [f"/organisations/{ngo}/calendar", f"/filings/new?procedure=fngo_annual_plan&org={ngo}"]
            if name == "partner unit":  # an activity is a foreign NGO's (FNGO Law art. 16)
                paths.append(f"/filings/new?procedure=fngo_temporary_activity&org={foreign}")
            for path_ in paths:
                shown = len(items) if path_ == "/api/v1/work" else "-"
                failed += not pages.timed(client, path_, args.requests, 100, headers, f"items {shown!s:>4}  {name}:")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
