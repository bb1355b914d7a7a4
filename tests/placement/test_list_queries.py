"""The placement lists' query counts are pinned and do not grow with the page size."""

import pytest

from core.registry import registry
from tests.list_queries import assert_list_queries_pinned

pytestmark = pytest.mark.django_db
LIST_QUERIES = 12
VIEWSETS = [vs for vs in registry.all() if vs.app_label() == "placement"]


@pytest.mark.parametrize("vs", VIEWSETS, ids=lambda vs: vs.model._meta.model_name)
def test_the_list_query_count_is_pinned(vs, users, tree, client_for, django_assert_max_num_queries):
    assert_list_queries_pinned(vs, users=users, tree=tree, client_for=client_for,
                               django_assert_max_num_queries=django_assert_max_num_queries, limit=LIST_QUERIES)
