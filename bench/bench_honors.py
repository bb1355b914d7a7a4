"""褒扬纪念: the honors list pages and the 褒扬纪念 figures of a year.

For a county user and a province user: the martyrs register, the memorial facilities, their inspections
and the commemorations (page 1, 20 and 200 rows a page), median server time through Django's test Client
and its SQL queries; a search of the register by pinyin initials; then every honors indicator for the
province and for one county over last year (the summary's 褒扬纪念 section reads them all).  Targets: list
median 100 ms or less and 9 queries or fewer whatever the page size; the section's figures for the
province in 2 s or less.
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

from core.indicators import Period, all_indicators  # noqa: E402
from honors.models import Commemoration, FacilityInspection, Martyr, MemorialFacility  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
TIME_TARGET_MS = 100
QUERY_TARGET = 9
FIGURES_TARGET_S = 2.0
PAGES = ("martyr_list", "memorialfacility_list", "facilityinspection_list", "commemoration_list")


def main():
    users = common.bench_users()
    places = common.places()
    province = common.province_code()
    for model in (Martyr, MemorialFacility, FacilityInspection, Commemoration):
        common.detail(f"{model._meta.verbose_name} in the province: {model.objects.inside(province).count()}")
    initials = Martyr.objects.inside(province).order_by("id").values_list("name_initials", flat=True).first() or "wj"
    worst_ms, most_queries = 0.0, 0
    for scope, username in (("county", "bench-county-staff"), ("province", "bench-province-staff")):
        client = Client()
        client.force_login(users[username])
        for page in PAGES:
            url = reverse(f"honors:{page}")
            client.get(url)
            ms = common.median_ms(lambda c=client, u=url: c.get(u), RUNS)
            counts = {}
            for per_page in (20, 200):
                cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    client.get(url, {"per_page": per_page})
                counts[per_page] = len(common.sql_queries(captured))
            common.detail(f"{page:24s} {scope:9s} median {ms:7.1f} ms  queries {counts[20]} (20 a page) "
                          f"{counts[200]} (200 a page)")
            worst_ms, most_queries = max(worst_ms, ms), max(most_queries, *counts.values())
        url = reverse("honors:martyr_list")
        ms = common.median_ms(lambda c=client, u=url: c.get(u, {"q": initials}), RUNS)
        common.detail(f"martyr search {initials!r:10s} {scope:9s} median {ms:7.1f} ms")
        worst_ms = max(worst_ms, ms)
    period = Period.year(timezone.localdate().year - 1)
    slowest = 0.0
    for code, label in ((province, "province"), (places["county"].code, "county")):
        started = time.perf_counter()
        for item in all_indicators("honors"):
            item.compute(code, period)
        seconds = time.perf_counter() - started
        common.detail(f"{len(all_indicators('honors'))} 褒扬纪念 figures, {label}: {seconds:.2f} s")
        slowest = max(slowest, seconds)
    ok = common.bench("honors_list_median_worst", worst_ms, "ms", f"<={TIME_TARGET_MS}", worst_ms <= TIME_TARGET_MS)
    ok &= common.bench("honors_list_queries_max", most_queries, "queries", f"<={QUERY_TARGET}", most_queries <= QUERY_TARGET)
    ok &= common.bench("honors_figures_province", slowest, "s", f"<={FIGURES_TARGET_S}", slowest <= FIGURES_TARGET_S)
    return ok


if __name__ == "__main__":
    main()
