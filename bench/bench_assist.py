"""帮扶援助与经费: the application and fund lists and the figures of a year.

For a county user and a province user: the assistance application and fund lists (page 1, 20 and 200 rows a page), median server
time through Django's test Client and its SQL queries; then every benefits indicator for the
province and for one county over this year, the time each takes (the summary's 优抚 section reads
them all).  Targets: list median 100 ms or less and 9 queries or fewer whatever the page size; the
section's figures for the province in 2 s or less.
"""

import os

import common

common.setup()

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benefits.models import AssistanceApplication  # noqa: E402
from core.indicators import Period  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
TIME_TARGET_MS = 100
QUERY_TARGET = 9
FIGURES_TARGET_S = 2.0


def main():
    users = common.bench_users()
    pages = [(name.split(":")[1], reverse(name)) for name in
             ("benefits:assistanceapplication_list", "benefits:fund_list", "benefits:insurancecontinuation_list")]
    worst_ms, most_queries = common.time_list_pages(users, pages, RUNS, width=28)
    province = common.province_code()
    common.detail(f"帮扶援助申请 in the province: {AssistanceApplication.objects.inside(province).count()} 件")
    slowest = common.time_indicators("benefits", Period.year(timezone.localdate().year), "优抚")
    ok = common.bench("assist_lists_median_worst", worst_ms, "ms", f"<={TIME_TARGET_MS}", worst_ms <= TIME_TARGET_MS)
    ok &= common.bench("assist_lists_queries_max", most_queries, "queries", f"<={QUERY_TARGET}", most_queries <= QUERY_TARGET)
    ok &= common.bench("benefits_figures_province", slowest, "s", f"<={FIGURES_TARGET_S}", slowest <= FIGURES_TARGET_S)
    return ok


if __name__ == "__main__":
    main()
