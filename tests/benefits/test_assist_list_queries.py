"""The 帮扶援助与经费 lists' query counts are pinned and do not grow with the page size; the 社保接续
stage page counts each stage now and each transition of the period."""

import datetime

import pytest
from django.urls import reverse

from benefits.models import InsuranceContinuation, insurance_workflow
from benefits.services_assist import stage_counts, stage_transitions
from core.registry import registry
from tests.factories import VeteranFactory
from tests.list_queries import assert_list_queries_pinned

pytestmark = pytest.mark.django_db
LIST_QUERIES = 9  # measured: 9 for the charges (its 经费 filter's choices), 8 or fewer for the rest; no query a paying model
ASSIST_MODELS = ("fund", "fundcharge", "assistanceapplication", "applicationattachment", "insurancecontinuation",
                 "paymentbatch", "paymentroll")  # the two payments that name a fund (its column)
VIEWSETS = [vs for vs in registry.all() if vs.model._meta.label_lower in {f"benefits.{m}" for m in ASSIST_MODELS}]


@pytest.mark.parametrize("vs", VIEWSETS, ids=lambda vs: vs.model._meta.model_name)
def test_the_list_query_count_is_pinned(vs, users, tree, client_for, django_assert_max_num_queries):
    assert_list_queries_pinned(vs, users=users, tree=tree, client_for=client_for, grow=True,
                               django_assert_max_num_queries=django_assert_max_num_queries, limit=LIST_QUERIES)


def test_stage_counts_and_period_transitions(tree, users, client_for):
    today = datetime.date.today()
    cases = [InsuranceContinuation.objects.create(veteran=VeteranFactory(area=tree["village11"]), applied_on=today)
             for _n in range(4)]
    staff, clerk = users["staff"], users["clerk"]
    for case in cases[:3]:
        insurance_workflow.apply(case, "enter", user=clerk)
    insurance_workflow.apply(cases[0], "accept", user=staff)
    insurance_workflow.apply(cases[0], "pass_review", user=staff)
    insurance_workflow.apply(cases[1], "reject", user=staff, remark="已在原籍参保，无需接续")
    with pytest.raises(Exception, match="须填写说明"):
        insurance_workflow.apply(cases[2], "reject", user=staff, remark="")
    with pytest.raises(Exception, match="角色无权"):
        insurance_workflow.apply(cases[2], "accept", user=clerk)
    counts = stage_counts(InsuranceContinuation.objects.all())
    assert counts == {"applied": 1, "entered": 1, "accepted": 0, "passed": 1, "verified": 0, "recognised": 0,
                      "ineligible": 1}
    moved = stage_transitions(tree["county"].code, today, today)
    assert moved["entered"] == 3 and moved["accepted"] == 1 and moved["passed"] == 1 and moved["ineligible"] == 1
    assert stage_transitions(tree["county"].code, today - datetime.timedelta(days=9), today - datetime.timedelta(days=1)) \
        == dict.fromkeys(counts, 0)
    assert stage_transitions(tree["township2"].code, today, today)["entered"] == 0  # another township's: none
    page = client_for(staff).get(reverse("benefits:assist_insurance_stages")).content.decode()
    assert "初审通过" in page and "不符合" in page and "<th>合计申请人数</th><th>4</th>" in page
