"""褒扬纪念: the honors list pages and the 褒扬纪念 figures of a year.

For a county user and a province user: the martyrs register, the memorial facilities, their inspections
and the commemorations (page 1, 20 and 200 rows a page), median server time through Django's test Client
and its SQL queries; a search of the register by pinyin initials; then every honors indicator for the
province and for one county over last year (the summary's 褒扬纪念 section reads them all).  Targets: list
median 100 ms or less and 9 queries or fewer whatever the page size; the section's figures for the
province in 2 s or less.
"""

import os

import common

common.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.indicators import Period  # noqa: E402
from honors.models import Commemoration, FacilityInspection, Martyr, MemorialFacility  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
TIME_TARGET_MS = 100
QUERY_TARGET = 9
FIGURES_TARGET_S = 2.0
PAGES = ("martyr_list", "memorialfacility_list", "facilityinspection_list", "commemoration_list")


def main():
    users = common.bench_users()
    province = common.province_code()
    for model in (Martyr, MemorialFacility, FacilityInspection, Commemoration):
        common.detail(f"{model._meta.verbose_name} in the province: {model.objects.inside(province).count()}")
    initials = Martyr.objects.inside(province).order_by("id").values_list("name_initials", flat=True).first() or "wj"
    worst_ms, most_queries = common.time_list_pages(users, [(page, reverse(f"honors:{page}")) for page in PAGES], RUNS)
    url = reverse("honors:martyr_list")
    for scope, username in common.LIST_SCOPES:
        client = Client()
        client.force_login(users[username])
        client.get(url)
        ms = common.median_ms(lambda c=client: c.get(url, {"q": initials}), RUNS)
        common.detail(f"martyr search {initials!r:10s} {scope:9s} median {ms:7.1f} ms")
        worst_ms = max(worst_ms, ms)
    slowest = common.time_indicators("honors", Period.year(timezone.localdate().year - 1), "褒扬纪念")
    ok = common.bench("honors_list_median_worst", worst_ms, "ms", f"<={TIME_TARGET_MS}", worst_ms <= TIME_TARGET_MS)
    ok &= common.bench("honors_list_queries_max", most_queries, "queries", f"<={QUERY_TARGET}", most_queries <= QUERY_TARGET)
    ok &= common.bench("honors_figures_province", slowest, "s", f"<={FIGURES_TARGET_S}", slowest <= FIGURES_TARGET_S)
    return ok


if __name__ == "__main__":
    main()
