"""安置就业's lists: each list page of the placement app (cases, returning soldiers, job fairs, trainings,
start-up support, score items...) for a county user and a province user, page 1 at 20 and at 200 rows a
page: the median server time of the whole request through Django's test Client against the configured
database, and the number of SQL queries (BEGIN/COMMIT not counted).

Targets: median 100 ms or less; 12 queries or fewer whatever the page size.
"""

import os

import common

common.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from core.registry import registry  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
TIME_TARGET_MS = 100
QUERY_TARGET = 12


def main():
    users = common.bench_users()
    lists = [vs for vs in registry.all() if vs.app_label() == "placement"]
    worst_ms, worst_case, most_queries, most_case, failures = 0.0, "", 0, "", []
    for scope, username in (("county", "bench-county-staff"), ("province", "bench-province-staff")):
        client = Client()
        client.force_login(users[username])
        for vs in lists:
            url = reverse(vs.url_name("list"))
            if client.get(url).status_code != 200:
                failures.append(f"{scope}/{vs.model._meta.model_name}")
                continue
            ms = common.median_ms(lambda c=client, u=url: c.get(u), RUNS)
            counts = {}
            for per_page in (20, 200):
                with CaptureQueriesContext(connection) as captured:
                    client.get(url, {"per_page": per_page})
                counts[per_page] = len(common.sql_queries(captured))
            case = f"{scope}/{vs.model._meta.model_name}"
            common.detail(f"{case:40s} median {ms:7.1f} ms  queries {counts[20]} (20 a page) {counts[200]} (200 a page)")
            if ms > worst_ms:
                worst_ms, worst_case = ms, case
            if max(counts.values()) > most_queries:
                most_queries, most_case = max(counts.values()), case
    for failure in failures:
        common.detail(f"FAILED {failure}")
    common.detail(f"slowest: {worst_case}; most queries: {most_case}")
    ok = common.bench("placement_lists_median_worst", worst_ms, "ms", f"<={TIME_TARGET_MS}",
                      worst_ms <= TIME_TARGET_MS and not failures)
    ok &= common.bench("placement_lists_queries_max", most_queries, "queries", f"<={QUERY_TARGET}",
                       most_queries <= QUERY_TARGET and not failures)
    return ok


if __name__ == "__main__":
    main()
