"""The demo year of 年度确认 and payment batches (benefits/demo_batches.py) and its summary paragraph."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from benefits.models import Fund
from benefits.models_batches import ConfirmationCampaign, LineKind, PaymentBatch, PaymentLine
from benefits.services_assist import charges_of
from core.indicators import Period
from reports.compose import compose

pytestmark = pytest.mark.django_db


def test_demo_year_of_batches(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo", force=True, stdout=StringIO(), apps=["veterans", "benefits"])
    year = timezone.localdate().year - 1
    batches = list(PaymentBatch.objects.filter(year=year).order_by("first_month"))
    assert [b.first_month for b in batches] == list(range(1, 13))
    assert all(b.status == "paid" and b.total_amount == sum(b.lines.values_list("amount", flat=True)) for b in batches)
    march = batches[2]
    back = march.lines.filter(kind=LineKind.BACK_PAY)
    assert back.exists() and set(back.values_list("month", flat=True)) == {datetime.date(year, 1, 1), datetime.date(year, 2, 1)}
    assert not batches[0].lines.filter(kind=LineKind.BACK_PAY).exists()
    assert PaymentLine.objects.filter(batch=batches[7], kind=LineKind.REISSUE).exists()
    # each batch charged to the year's county 优抚对象抚恤补助 on its pay day: its total less what the bank returned
    fund = Fund.objects.get(year=year, kind="pension", source="county")
    for b in batches:
        (charge,) = charges_of(b)
        returned = sum(b.lines.filter(rejected=True).values_list("amount", flat=True), Decimal("0.00"))
        assert (charge.fund, charge.amount, charge.charged_on) == (fund, b.total_amount - returned, b.paid_on), b
        assert b.fund == fund
    assert fund.disbursed == sum(fund.charges.values_list("amount", flat=True)) and fund.balance >= 0
    assert Decimal("97") < fund.usage_rate() < Decimal("99.5"), fund.usage_rate()
    campaign = ConfirmationCampaign.objects.get(year=year)
    assert campaign.status == "closed"
    county = campaign.area_id
    from core.indicators import compute
    from core.models import Area

    paid = compute("benefits.pension_paid", county, Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    assert paid == sum(b.total_amount for b in batches) - sum(
        PaymentLine.objects.filter(batch__year=year, rejected=True).values_list("amount", flat=True))
    draft = compose("year", year, Area.objects.get(code=county))
    (paragraphs,) = [p for title, p in draft.sections if "落实优抚政策" in title]
    text = "".join(paragraphs)
    assert f"{year}年累计发放优抚对象抚恤金和生活补助" in text and "其中提标补发" in text, text
    assert "组织开展优抚对象年度确认" in text and "暂停发放" in text, text
    print(text)
