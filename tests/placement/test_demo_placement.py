"""The demo 安置就业 of 云溪县 (placement/demo.py): loaded twice with the veterans, checked once; the summary's
sentences quote the figures the records hold."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from benefits.models import Fund, FundCharge
from core.indicators import Period, compute
from core.models import Area
from placement.models import (
    ChoiceLog,
    PlacementCase,
    ReturnRegistration,
    ScoreItem,
    StartupSupport,
    SunshineBatch,
    SunshinePost,
    WaitingAllowance,
    ranked,
)
from reports.compose import compose

pytestmark = pytest.mark.django_db


def load():
    call_command("load_demo", force=True, stdout=StringIO(), apps=["veterans", "placement"])


def test_demo_placement():
    load()
    counts = (PlacementCase.history.count(), ScoreItem.objects.count(), ReturnRegistration.history.count(),
              ChoiceLog.objects.count(), WaitingAllowance.history.count())
    load()
    assert (PlacementCase.history.count(), ScoreItem.objects.count(), ReturnRegistration.history.count(),
            ChoiceLog.objects.count(), WaitingAllowance.history.count()) == counts  # a second run writes nothing

    last = timezone.localdate().year - 1
    batch = SunshineBatch.objects.get(year=last)
    assert batch.status == "finished"
    candidates = list(batch.candidates.order_by("rank"))
    assert [c.pk for c in ranked(batch)] == [c.pk for c in candidates]  # the stored ranks are the rule's
    for case in candidates:  # each score is its items' sum, and each service item follows the record
        assert case.score == sum(i.points for i in case.score_items.all())
    chosen = [c for c in candidates if c.choice_status == "chosen"]
    assert sum(p.taken for p in SunshinePost.objects.filter(batch=batch)) == len(chosen)
    assert SunshinePost.objects.filter(batch=batch).count() >= len(candidates) * 1.2
    for case in candidates:  # the waiting allowance: received in March, reported in July (declined in June)
        months = [r.month.month for r in WaitingAllowance.objects.filter(case=case).order_by("month")]
        assert months == ([3, 4, 5] if case.choice_status == "declined" else [3, 4, 5, 6])
        assert set(WaitingAllowance.objects.filter(case=case).values_list("amount", flat=True)) == {batch.waiting_allowance}

    period = Period.year(last)
    officers = PlacementCase.objects.filter(year=last, kind="officer")
    assert compute("placement.cases_officer", "330727", period) == officers.count()
    spring = ReturnRegistration.objects.filter(year=last, season="spring").count()
    autumn = ReturnRegistration.objects.filter(year=last, season="autumn").count()
    draft = compose("year", last, Area.objects.get(code="330727"))
    (paragraphs,) = [p for title, p in draft.sections if "安置就业" in title]
    text = "".join(paragraphs)
    self_chosen = officers.filter(status="self_chosen").count()
    assert f"安置军转干部{officers.count()}名，其中{self_chosen}人自愿选择自主择业" in text
    assert f"接收春季自主就业退役士兵{spring}人，秋季自主就业退役士兵{autumn}人" in text
    assert f"{len(candidates)}名通过“阳光安置”按积分排名公开选岗，{len(chosen)}人选定岗位" in text
    assert "开展线上招聘会1场，线下招聘会1场" in text and "审批发放一次性创业资助" in text


def test_demo_grants_are_charged_to_the_county_placement_fund():
    """With the 帮扶与资金 demo loaded first, each approved grant is a charge on its year's 县本级安置就业经费,
    and each fund's 已支出 is the sum of its charges (a second run changes nothing)."""
    apps = ["veterans", "benefits", "placement"]
    call_command("load_demo", force=True, stdout=StringIO(), apps=apps)
    charges = FundCharge.objects.filter(content_type=ContentType.objects.get_for_model(StartupSupport))
    first = sorted(charges.values_list("object_id", "amount", "charged_on"))
    call_command("load_demo", force=True, stdout=StringIO(), apps=apps)
    assert sorted(charges.values_list("object_id", "amount", "charged_on")) == first

    supports = list(StartupSupport.objects.filter(status="approved").select_related("fund"))
    assert supports and all(s.fund is not None for s in supports)
    assert sorted((str(s.pk), s.amount, s.approved_on) for s in supports) == first
    for s in supports:
        assert (s.fund.kind, s.fund.source, s.fund.year) == ("placement", "county", s.approved_on.year)
    for f in Fund.objects.filter(kind="placement", source="county"):
        assert f.disbursed == sum((c.amount for c in f.charges.all()), start=Decimal("0.00")) <= f.amount
