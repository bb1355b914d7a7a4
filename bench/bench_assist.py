"""帮扶援助与经费: the application and fund lists and the figures of a year.

For a county user and a province user: the assistance application and fund lists (page 1, 20 and 200 rows a page), median server
time through Django's test Client and its SQL queries; then every benefits indicator for the
province and for one county over this year, the time each takes (the summary's 优抚 section reads
them all).  Targets: list median 100 ms or less and 9 queries or fewer whatever the page size; the
section's figures for the province in 2 s or less.
"""

import os
import time

import common

common.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benefits.models import AssistanceApplication  # noqa: E402
from core.indicators import Period, all_indicators  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
TIME_TARGET_MS = 100
QUERY_TARGET = 9
FIGURES_TARGET_S = 2.0


def main():
    users = common.bench_users()
    places = common.places()
    worst_ms, most_queries = 0.0, 0
    pages = ("benefits:assistanceapplication_list", "benefits:fund_list", "benefits:insurancecontinuation_list")
    for (scope, username), name in ((s, n) for s in (("county", "bench-county-staff"), ("province", "bench-province-staff"))
                                    for n in pages):
        url = reverse(name)
        client = Client()
        client.force_login(users[username])
        client.get(url)
        ms = common.median_ms(lambda c=client, u=url: c.get(u), RUNS)
        counts = {}
        for per_page in (20, 200):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                client.get(url, {"per_page": per_page})
            counts[per_page] = len(common.sql_queries(captured))
        common.detail(f"{name.split(':')[1]} {scope:9s} median {ms:7.1f} ms  queries {counts[20]} (20 a page) {counts[200]} (200 a page)")
        worst_ms, most_queries = max(worst_ms, ms), max(most_queries, *counts.values())
    period = Period.year(timezone.localdate().year)
    province = common.province_code()
    common.detail(f"帮扶援助申请 in the province: {AssistanceApplication.objects.inside(province).count()} 件")
    slowest = 0.0
    for code, label in ((province, "province"), (places["county"].code, "county")):
        started = time.perf_counter()
        for item in all_indicators("benefits"):
            item.compute(code, period)
        seconds = time.perf_counter() - started
        common.detail(f"{len(all_indicators('benefits'))} 优抚 figures, {label}: {seconds:.2f} s")
        slowest = max(slowest, seconds)
    ok = common.bench("assist_lists_median_worst", worst_ms, "ms", f"<={TIME_TARGET_MS}", worst_ms <= TIME_TARGET_MS)
    ok &= common.bench("assist_lists_queries_max", most_queries, "queries", f"<={QUERY_TARGET}", most_queries <= QUERY_TARGET)
    ok &= common.bench("benefits_figures_province", slowest, "s", f"<={FIGURES_TARGET_S}", slowest <= FIGURES_TARGET_S)
    return ok


if __name__ == "__main__":
    main()
