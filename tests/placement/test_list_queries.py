"""The placement lists' query counts are pinned and do not grow with the page size."""

import pytest
from django.urls import reverse

from core.registry import registry
from tests.walk import make_object

pytestmark = pytest.mark.django_db
LIST_QUERIES = 12
VIEWSETS = [vs for vs in registry.all() if vs.app_label() == "placement"]


@pytest.mark.parametrize("vs", VIEWSETS, ids=lambda vs: vs.model._meta.model_name)
def test_the_list_query_count_is_pinned(vs, users, tree, client_for, django_assert_max_num_queries):
    for place in ("village11", "village12", "village21"):
        make_object(vs, tree, users, tree[place])
    client = client_for(users["staff"])
    url = reverse(vs.url_name("list"))
    client.get(url)  # the total is cached from here on
    counts = []
    for per_page in (20, 200):
        with django_assert_max_num_queries(LIST_QUERIES) as captured:
            response = client.get(url, {"per_page": per_page})
        assert response.status_code == 200 and response.context["total"] == 3
        counts.append(len(captured))
    assert counts[0] == counts[1]
