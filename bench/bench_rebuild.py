"""Rebuilding a masked ID number as a village clerk (issue 11, defect 2): what the attack of 2024 gets now.

    python bench/bench_rebuild.py

Against the generated province, as the township clerk (a role that may not reveal), for a sample
of veterans of the clerk's township:

1. the attack replayed: tail searches of the list, from the 3 last characters up to 17, each
   extended by the true next character (the attacker's best case: one request a length). It took
   54 requests to rebuild an ID number when tails of 3 and up were searched; now every one of
   them must find nothing;
2. what is left: the whole numbers that agree with what the pages show (the mask's first and last
   4 characters, the county, the birth date as shown), before (the whole date, 1 candidate) and
   now (the year), and the hours of whole-number searches the hourly limit makes them cost.
"""

import statistics
import sys

import common

common.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from core.search import rebuild_candidates  # noqa: E402
from veterans.models import Veteran  # noqa: E402

SAMPLE = 20


def main():
    users = common.bench_users()
    clerk = users["bench-township-clerk"]
    client = Client()
    client.force_login(clerk)
    veterans = list(Veteran.objects.inside(clerk.area_id).order_by("pk")[:SAMPLE])
    if not veterans:
        print("no veterans in the clerk's township: run generate_scale first")
        return 1
    url = reverse("veterans:veteran_list")
    requests = found = 0
    for veteran in veterans[:3]:  # the replay is the same for every number: three are enough to show it
        for length in range(3, 18):
            requests += 1
            page = client.get(url, {"q": veteran.id_number[-length:]}).content.decode()
            found += veteran.get_absolute_url() in page
    before = [rebuild_candidates(v.id_number, "date") for v in veterans]
    now = [rebuild_candidates(v.id_number, "year") for v in veterans]
    limit = settings.NUMBER_SEARCH_LIMIT_PER_HOUR
    median_now = statistics.median(now)
    print(f"tail searches replayed: {requests}, found the veteran: {found}")
    print(f"candidates a page leaves, median of {len(veterans)}: before {statistics.median(before):g}, now {median_now:g} "
          f"(min {min(now)}, max {max(now)}); hourly whole-number searches: {limit}")
    print(f"BENCH rebuild_tail_hits {found} requests target 0 {'PASS' if found == 0 else 'MISS'}")
    hours = median_now / 2 / limit  # on average half the candidates are tried before the right one
    print(f"BENCH rebuild_id_candidates {median_now:g} numbers target 10 {'PASS' if median_now >= 10 else 'MISS'} "
          f"ratio {median_now / max(statistics.median(before), 1):g} to whole_birth_date {statistics.median(before):g} numbers")
    print(f"BENCH rebuild_id_hours {common.number(hours)} h target 0.25 {'PASS' if hours >= 0.25 else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
