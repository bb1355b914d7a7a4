"""The 双拥, 信访 and 褒扬纪念 lists' query counts are pinned and grow neither with the page size nor with the rows
(tests.list_queries)."""

import pytest

from core.registry import registry
from tests.list_queries import assert_list_queries_pinned

pytestmark = pytest.mark.django_db
APPS = ("support_army", "petitions", "honors")
LIST_QUERIES = 8  # measured: 7, and 8 for the petitions', the plans', the visits', the recipients' and the families' lists
VIEWSETS = [vs for vs in registry.all() if vs.app_label() in APPS and vs.has_action("list")]


@pytest.mark.parametrize("vs", VIEWSETS, ids=lambda vs: vs.model._meta.label_lower)
def test_the_list_query_count_is_pinned(vs, users, tree, client_for, django_assert_max_num_queries):
    assert_list_queries_pinned(vs, users=users, tree=tree, client_for=client_for,
                               django_assert_max_num_queries=django_assert_max_num_queries, limit=LIST_QUERIES, grow=True)


def test_every_list_of_the_apps_is_pinned():
    names = {vs.model._meta.label_lower for vs in VIEWSETS}
    assert {"honors.martyr", "honors.memorialfacility", "honors.commemoration", "honors.meritnotice"} <= names
    assert {"support_army.visit", "support_army.visitrecipient", "support_army.unitproblem", "support_army.conscription",
            "support_army.modelcitymilestone", "petitions.petition", "petitions.petitioner", "petitions.referral"} <= names
    assert len([n for n in names if not n.startswith("honors.")]) == 16
