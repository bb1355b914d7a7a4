"""The petitions' pages: the list (unfiltered, overdue only, a search of the matter, a revealing role's
search by a whole name), a deep page, a petition's detail page (logged in the access log) and the
dashboard's two 信访 figures, for a county and a province user.

The median server time of the whole request through Django's test Client against the configured
database, and the SQL queries of the list at 20 and 200 rows a page.  Targets: list and detail
median 100 ms or less; the list's queries 10 or fewer whatever the page size (the pin of
tests/petitions/test_pages.py); each figure 100 ms or less.
"""

import datetime
import math
import os

import common

common.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from core.indicators import Period, compute  # noqa: E402
from core.registry import registry  # noqa: E402
from petitions.models import Petition, Petitioner  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
TIME_TARGET_MS = 100
QUERY_TARGET = 10


def count_rows(user, params):
    """How many rows the list has, counted as the list view counts them."""
    views = registry.get("petitions.petition")
    request = RequestFactory().get("/", params)
    request.user = user
    _filterset, rows = views.filter(request, views.scope(user))
    return rows.count()


def main():
    users = common.bench_users()
    places = common.places()
    county = places["county"]
    petitions = Petition.objects.inside(county.code)
    total = petitions.count()
    person = Petitioner.objects.filter(petition__area__code__startswith=county.code).order_by("id").first()
    sample = petitions.order_by("id")[total // 2]
    common.detail(f"county {county.code} {county.name}: {total} petitions; "
                  f"province: {Petition.objects.inside(places['province'].code).count()}")
    url = reverse("petitions:petition_list")
    variants = {"all": {}, "overdue": {"overdue": "true"}, "matter": {"q": "抚恤"}, "name": {"q": person.name}}
    worst_ms, worst_case, most_queries, failures = 0.0, "", 0, []
    for scope, username in (("county", "bench-county-staff"), ("province", "bench-province-staff")):
        client = Client()
        client.force_login(users[username])
        for variant, params in variants.items():
            first = client.get(url, params)
            if first.status_code != 200:
                failures.append(f"{scope}/{variant}: HTTP {first.status_code}")
                continue
            rows = count_rows(users[username], params)
            for page_name, page in (("page1", 1), ("deep", max(1, min(200, math.ceil(rows / 20))))):
                query = {**params, "page": page}
                ms = common.median_ms(lambda c=client, q=query: c.get(url, q), RUNS)
                counts = {}
                for per_page in (20, 200):
                    cache.clear()
                    big = {**query, "per_page": per_page, "page": 1 if page == 1 else max(1, math.ceil(rows / per_page))}
                    with CaptureQueriesContext(connection) as captured:
                        client.get(url, big)
                    counts[per_page] = len(common.sql_queries(captured))
                case = f"{scope}/{variant}/{page_name}"
                common.detail(f"{case:26s} rows {rows:>7}  median {ms:7.1f} ms  queries {counts[20]} (20 a page) "
                              f"{counts[200]} (200 a page)")
                if ms > worst_ms:
                    worst_ms, worst_case = ms, case
                most_queries = max(most_queries, *counts.values())
        detail_ms = common.median_ms(lambda c=client: c.get(sample.get_absolute_url()), RUNS)
        common.detail(f"{scope}/detail             median {detail_ms:7.1f} ms")
        if detail_ms > worst_ms:
            worst_ms, worst_case = detail_ms, f"{scope}/detail"
    today = datetime.date.today()
    period = Period(datetime.date(today.year, 1, 1), today)
    figure_ms = 0.0
    for name in ("petitions.resolution_rate", "petitions.overdue", "petitions.batches"):
        for place in ("county", "province"):
            ms = common.median_ms(lambda n=name, p=places[place].code: compute(n, p, period), RUNS)
            common.detail(f"{name:28s} {place:8s} {compute(name, places[place].code, period)!s:>8}  median {ms:7.1f} ms")
            figure_ms = max(figure_ms, ms)
    for failure in failures:
        common.detail(f"FAILED {failure}")
    common.detail(f"slowest page: {worst_case}")
    ok = common.bench("petition_pages_median_worst", worst_ms, "ms", f"<={TIME_TARGET_MS}",
                      worst_ms <= TIME_TARGET_MS and not failures)
    ok &= common.bench("petition_list_queries_max", most_queries, "queries", f"<={QUERY_TARGET}",
                       most_queries <= QUERY_TARGET and not failures)
    ok &= common.bench("petition_figure_median_worst", figure_ms, "ms", f"<={TIME_TARGET_MS}", figure_ms <= TIME_TARGET_MS)
    return ok


if __name__ == "__main__":
    main()
