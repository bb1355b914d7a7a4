"""Target 5: the leadership dashboard, uncached, for a county and for the province; the median of several runs.

The dashboards of counties, cities and the province are rolled up ahead of time (reports.dashboard,
"Roll-ups"): what a leader waits for is `rolled_up_dashboard(area, today)`, the page's data read from its
cells, with the Django cache cleared before each run (the roll-up table is the data, not a cache).  Measured
beside it, in the same run: the direct computation from every app's tables (`compute_dashboard`, what the page
did before and what the roll-up job does for each area), and the job itself (`rollup_refresh`): renewing
every dashboard (a day's first run) and renewing after one change in a county (its county, city and province).

Targets: the dashboard median 300 ms or less for each; the job within ROLLUP_INTERVAL_SECONDS, so that a
figure is never older than ten minutes of changes.
"""

import datetime
import os

import common

common.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from reports.dashboard import compute_dashboard, rolled_up_dashboard, rollup_areas, rollup_refresh  # noqa: E402
from reports.models import RollupMark  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
TARGET_MS = 300


def main():
    places = common.places()
    today = datetime.date.today()
    full_s, renewed = common.timed(rollup_refresh, today=today, everything=True)
    common.detail(f"roll-up of every dashboard ({len(renewed)} of {len(rollup_areas())} areas): {full_s:.2f} s")
    for scope in ("county", "province"):
        area = places[scope]
        direct_ms = common.median_ms(lambda a=area: compute_dashboard(a, today), RUNS)

        def rolled(a=area):
            cache.clear()
            return rolled_up_dashboard(a, today)

        with CaptureQueriesContext(connection) as captured:
            rolled()
        ms = common.median_ms(rolled, RUNS)
        common.detail(f"{scope} {area.code} {area.name}: rolled up median {ms:.1f} ms "
                      f"({len(common.sql_queries(captured))} queries), computed directly {direct_ms:.0f} ms")
        common.bench(f"dashboard_{scope}", ms, "ms", f"<={TARGET_MS}", ms <= TARGET_MS,
                     ratio=ms / direct_ms, reference=("direct", direct_ms, "ms"))
    county = places["county"]

    def after_one_change():
        RollupMark.objects.create(code=places["township"].code)
        return rollup_refresh(today=today)

    change_ms = common.median_ms(after_one_change, min(RUNS, 3), warmup=0)
    common.detail(f"roll-up after a change in {county.code}: renews {', '.join(after_one_change())}")
    limit_ms = settings.ROLLUP_INTERVAL_SECONDS * 1000
    common.bench("dashboard_rollup_change", change_ms, "ms", f"<={limit_ms}", change_ms <= limit_ms)
    common.bench("dashboard_rollup_all", full_s * 1000, "ms", f"<={limit_ms}", full_s * 1000 <= limit_ms)


if __name__ == "__main__":
    main()
