"""双拥: the visit list and the 双拥 figures of a year.

For a county user and a province user: the visit list (page 1, 20 and 200 rows a page), median server
time through Django's test Client and its SQL queries; then every support_army indicator for the
province and for one county over this year, the time each takes (the summary's 双拥 section reads
them all).  Targets: list median 100 ms or less and 9 queries or fewer whatever the page size; the
section's figures for the province in 2 s or less.
"""

import os

import common

common.setup()

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.indicators import Period  # noqa: E402
from support_army.models import VisitRecipient  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
TIME_TARGET_MS = 100
QUERY_TARGET = 9
FIGURES_TARGET_S = 2.0


def main():
    users = common.bench_users()
    worst_ms, most_queries = common.time_list_pages(users, [("visit list", reverse("support_army:visit_list"))], RUNS,
                                                    width=10)
    province = common.province_code()
    common.detail(f"慰问对象 in the province: {VisitRecipient.objects.inside(province).count()} 人次")
    slowest = common.time_indicators("support_army", Period.year(timezone.localdate().year), "双拥")
    ok = common.bench("visit_list_median_worst", worst_ms, "ms", f"<={TIME_TARGET_MS}", worst_ms <= TIME_TARGET_MS)
    ok &= common.bench("visit_list_queries_max", most_queries, "queries", f"<={QUERY_TARGET}", most_queries <= QUERY_TARGET)
    ok &= common.bench("support_army_figures_province", slowest, "s", f"<={FIGURES_TARGET_S}", slowest <= FIGURES_TARGET_S)
    return ok


if __name__ == "__main__":
    main()
