"""Target 5: the leadership dashboard, uncached: `reports.dashboard.compute_dashboard(area, today)`
(tiles against last year, monthly trends, the breakdown by child area) for a county and for the
province; the median of several runs.

Target: median 300 ms or less for each.
"""

import datetime
import os

import common

common.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from reports.dashboard import compute_dashboard  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
TARGET_MS = 300


def main():
    places = common.places()
    today = datetime.date.today()
    for scope in ("county", "province"):
        area = places[scope]
        with CaptureQueriesContext(connection) as captured:
            compute_dashboard(area, today)
        ms = common.median_ms(lambda a=area: compute_dashboard(a, today), RUNS)
        common.detail(f"{scope} {area.code} {area.name}: median {ms:.0f} ms, {len(common.sql_queries(captured))} queries")
        common.bench(f"dashboard_{scope}", ms, "ms", f"<={TARGET_MS}", ms <= TARGET_MS)


if __name__ == "__main__":
    main()
