"""The demo 烈士后裔助学金 (benefits/demo_scholarships.py): a year of applications at mixed levels, a paid
batch charged to its fund, loaded twice (the second run writes nothing), the summary's sentence."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from benefits.models import Fund, FundCharge, ScholarshipApplication, ScholarshipBatch, ScholarshipStandard
from benefits.services_assist import charges_of
from core.indicators import Period, compute
from core.workflow import TransitionLog
from reports.compose import compose
from tests.demo_runs import load_demo_twice

pytestmark = pytest.mark.django_db


def snapshot():
    return (ScholarshipStandard.objects.count(), ScholarshipApplication.objects.count(), ScholarshipBatch.objects.count(),
            FundCharge.objects.count(), TransitionLog.objects.count(), list(Fund.objects.values_list("disbursed", flat=True)))


def test_demo_scholarships(monkeypatch):
    load_demo_twice(monkeypatch, ["veterans", "benefits"], snapshot, "烈士后裔助学金申请：")

    last_year = timezone.localdate().year - 1
    applications = ScholarshipApplication.objects.filter(applied_on__year=last_year)
    assert applications.count() == 17 and applications.values("level").distinct().count() == 6
    (batch,) = ScholarshipBatch.objects.filter(year=last_year)
    paid = applications.filter(status="paid")
    assert set(paid.values_list("batch", flat=True)) == {batch.pk}
    assert batch.total_amount == paid.aggregate(s=Sum("amount"))["s"] and batch.people == paid.count()
    (charge,) = charges_of(batch)
    assert charge.amount == batch.total_amount and charge.fund.kind == "scholarship"
    fund = Fund.objects.get(pk=charge.fund_id)
    assert fund.disbursed == fund.charges.aggregate(s=Sum("amount"))["s"] and fund.balance >= 0
    assert Decimal("85") < fund.usage_rate() <= Decimal("100")
    assert applications.filter(status="refused").exists()

    county = batch.area.code
    period = Period.year(last_year)
    assert compute("benefits.scholarship_applied", county, period) == 17
    assert compute("benefits.scholarship_paid_amount", county, period) == batch.total_amount
    draft = compose("year", last_year, batch.area)
    text = "".join(p for title, paragraphs in draft.sections if "落实优抚政策" in title for p in paragraphs)
    print(text)
    assert f"{last_year}年共收到烈士后裔助学金申请17份17人次，发放烈士后裔助学金" in text
