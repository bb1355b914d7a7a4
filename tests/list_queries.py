"""The list pages' query pin, shared by the apps' tests (tests/<app>/test_*list_queries.py).

`assert_list_queries_pinned(vs, ...)` makes one record of vs.model in each of three villages (two townships;
tests.walk.make_object, each with parents of its own), opens the list as the county's staff and asks that
the page read within `limit` queries at 20 and at 200 a page, the same number both times; with
`grow=True` it then makes three records more (in three other areas) and asks the same number again, so that a column read
row by row (a missing select_related) fails.  It returns the count.
"""

from django.core.cache import cache
from django.urls import reverse

from tests.walk import make_object

PLACES = ("village11", "village12", "village21")
MORE_PLACES = ("village22", "township1", "township2")  # other areas: a record unique per area and year is made again


def _count(client, url, per_page, total, limit, django_assert_max_num_queries):
    client.get(url, {"per_page": per_page})  # the total and the page's other cached parts are read once here
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url, {"per_page": per_page})
    assert response.status_code == 200 and response.context["total"] == total
    return len(captured)


def assert_list_queries_pinned(vs, *, users, tree, client_for, django_assert_max_num_queries, limit, grow=False):
    for place in PLACES:
        make_object(vs, tree, users, tree[place])
    client = client_for(users["staff"])
    url = reverse(vs.url_name("list"))
    counts = [_count(client, url, per_page, len(PLACES), limit, django_assert_max_num_queries) for per_page in (20, 200)]
    if grow:
        for place in MORE_PLACES:
            make_object(vs, tree, users, tree[place])
        cache.clear()
        counts.append(_count(client, url, 200, 2 * len(PLACES), limit, django_assert_max_num_queries))
    assert len(set(counts)) == 1, counts
    return counts[0]
