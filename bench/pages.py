"""Server time of each public page (`ngoreg.web.pages`) on an N-organisation SQLite registry.

    python bench/pages.py [--count 20000] [--requests 50] [--out bench/out] [--rebuild] [--all-charts]

The registry is the one bench/api.py builds (bench/generate.py's CSV, `ngoreg init`, `ngoreg import orgs`;
kept between runs of the same size). Each page is asked for once to warm it (a chart's first drawing starts
the Vega engine), then `--requests` times in process through the ASGI app, so the figures are the server's
time without the network. Prints p50 and p95 per page and exits 1 if a page's p95 is over 100 ms or the
search partial's over 50 ms (issue 5's targets).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api as apibench  # bench/api.py builds the registry

from ngoreg.web.app import create_app
from ngoreg.web.pages import charts

# The public's pages; a compliance calendar is never public (bench/work.py times it as its NGO's staff).
PAGES = [
    ("/?lang=zh", 100), ("/?lang=en", 100), ("/?q=北京", 100), ("/results?q=北京", 50), ("/results?q=协会", 50),
    ("/results?q=Association", 50), ("/?kind=foundation&province=110000", 100), ("/?as_of=2015-06-30", 100),
    ("/organisations/1", 100), ("/organisations/1?as_of=2026-01-01", 100),
    ("/law/fngo", 100), ("/dashboards", 100), ("/dashboards?lang=en&as_of=2015-06-30", 100),
    ("/dashboards/organisations-by-kind", 100),
    ("/dashboards/organisations-by-kind?as_of=2015-06-30", 100), ("/dashboards/offices-by-province", 100),
]  # fmt: skip
# With --all-charts, every other registered chart too, now and as of a day.
OTHER_CHARTS = [(f"/dashboards/{key}{q}", 100) for key in charts.all_charts()
                if key not in ("organisations-by-kind", "offices-by-province") for q in ("", "?as_of=2019-06-30")]


def timed(client: TestClient, path: str, requests: int, target: float, headers: dict[str, str] | None = None,
          label: str = "") -> bool:  # fmt: skip
    """Asks for a page once to warm it, then `requests` times; prints p50 and p95 and says whether it
    answered 200 within `target` ms at p95."""
    first = client.get(path, headers=headers)
    times = []
    for _ in range(requests):
        t = time.perf_counter()
        r = client.get(path, headers=headers)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    ok = r.status_code == first.status_code == 200 and p95 <= target
    print(f"{'ok ' if ok else 'BAD'} {r.status_code} p50 {statistics.median(times):7.1f} ms  "
          f"p95 {p95:7.1f} ms  {label or f'(≤ {target})'}  {path}")  # fmt: skip
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--all-charts", action="store_true", help="every registered chart, not only three")
    args = parser.parse_args(argv)
    args.pg_url = None
    args.out.mkdir(parents=True, exist_ok=True)
    url = apibench.registry("sqlite", args)
    failed = 0
    with TestClient(create_app(url)) as client:
        for path, target in PAGES + (OTHER_CHARTS if args.all_charts else []):
            failed += not timed(client, path, args.requests, target)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
