"""The demo 帮扶援助与经费 (benefits/demo_assist.py): a year of funds, applications and 社保接续, loaded
twice (the second run writes nothing), whose figures agree with the records and read like the seeds."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from benefits.models import AssistanceApplication, Fund, FundCharge, InsuranceContinuation
from benefits.services_assist import stage_counts
from core.indicators import Period, compute
from core.models import Area
from core.workflow import TransitionLog
from reports.compose import compose
from tests.demo_runs import load_demo_twice

pytestmark = pytest.mark.django_db


def snapshot():
    return (Fund.objects.count(), FundCharge.objects.count(), AssistanceApplication.objects.count(),
            InsuranceContinuation.objects.count(), TransitionLog.objects.count())


def test_demo_assist(monkeypatch):
    load_demo_twice(monkeypatch, ["veterans", "benefits"], snapshot, "帮扶援助申请：")

    # every fund's disbursed is its charges' sum, and none is overspent
    for fund in Fund.objects.all():
        charged = fund.charges.aggregate(s=Sum("amount"))["s"] or Decimal("0")
        assert fund.disbursed == charged and fund.balance >= 0, fund
    paid = AssistanceApplication.objects.filter(status="paid")
    assert paid.exists() and all(a.fund_id and a.fund.kind == "hardship" for a in paid)
    assert AssistanceApplication.objects.exclude(status="paid").exists()
    assert set(stage_counts(InsuranceContinuation.objects.all()).values()) != {0}

    county = Area.objects.get(code="330727")
    last_year = Period.year(timezone.localdate().year - 1)
    allocated = compute("benefits.funds_allocated", county.code, last_year)
    assert Decimal("80000000") < allocated < Decimal("83000000")
    rate = compute("benefits.funds_usage_rate", county.code, last_year)
    assert Decimal("90") < rate <= Decimal("100")
    applied = compute("benefits.assist_applied_hardship", county.code, last_year)
    assert applied == AssistanceApplication.objects.filter(kind="hardship", applied_on__year=last_year.start.year).count()
    draft = compose("year", last_year.start.year, county)
    (paragraphs,) = [p for title, p in draft.sections if "落实优抚政策" in title]
    text = "".join(paragraphs)
    print(text)
    assert "安排退役军人及双拥工作资金" in text and "资金使用率达" in text
    assert "接收特殊困难援助申请" in text and "社保接续申请人数" in text
