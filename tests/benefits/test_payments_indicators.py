"""The other payments' figures and their summary paragraph: only paid rolls count, by their 发放日期."""

import datetime
from decimal import Decimal

import pytest

from benefits.models import Category, Entitlement, Fund
from benefits.models_payments import OneTimeSubsidyStandard, PaymentKind, PaymentRoll, RollLine, roll_workflow
from benefits.services_payments import roll_pay
from core import services
from core.indicators import Period, compute
from core.roles import Role
from reports.compose import compose
from tests.factories import UserFactory, VeteranFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Y2025 = Period.year(datetime.date.today().year)


def paid(users, roll, approver):
    roll_workflow.apply(roll, "review", user=users["staff"])
    roll_workflow.apply(roll, "approve", user=approver)
    fund, _made = Fund.objects.get_or_create(kind="pension", source="county", year=roll.year, area_id=roll.area_id,
                                             defaults={"amount": Decimal("100000.00"), "allocated_on": D(roll.year, 1, 2)})
    roll_pay(roll=roll, user=users["staff"], fund=fund)


def test_paid_rolls_make_the_figures_and_the_sentences(users, tree):
    year = datetime.date.today().year
    Y = Period.year(year)
    approver = UserFactory(username="approver", role=Role.LEADER, area=tree["county"])
    staff = users["staff"]
    make = lambda **data: services.record_create(model=PaymentRoll, user=staff, data={"area": tree["county"], "year": year, **data})  # noqa: E731
    medical = make(kind=PaymentKind.MEDICAL, name="医疗补助第一批")
    for village, amount in (("village11", "1200.50"), ("village21", "854.30")):
        entitlement = services.record_create(model=Entitlement, user=staff, data={
            "veteran": VeteranFactory(area=tree[village]), "category": Category.DEMOBILISED, "approved_on": D(2024, 5, 1)})
        services.record_create(model=RollLine, user=staff, data={"roll": medical, "entitlement": entitlement, "amount": amount})
    OneTimeSubsidyStandard.objects.create(area=tree["county"], per_year_amount=Decimal("4500"), effective_from=D(2020, 1, 1))
    one_time = make(kind=PaymentKind.ONE_TIME, name="一次性经济补助")
    services.record_create(model=RollLine, user=staff, data={"roll": one_time, "veteran": VeteranFactory(
        area=tree["village11"], enlistment_date=D(2020, 9, 10), discharge_date=D(2022, 9, 11))})
    trips = [make(kind=PaymentKind.RECUPERATION, name=f"第{n}批疗养", place="张家港", starts_on=D(2025, 5, n)) for n in (1, 2)]
    for trip in trips:
        for _n in range(3):
            services.record_create(model=RollLine, user=staff, data={"roll": trip, "veteran": VeteranFactory(area=tree["village12"])})
    unpaid = make(kind=PaymentKind.MEDICAL, name="未发放的一批")
    services.record_create(model=RollLine, user=staff, data={"roll": unpaid, "veteran": medical.lines.first().veteran,
                                                                  "entitlement": medical.lines.first().entitlement, "amount": "999"})
    for roll in (medical, one_time, *trips):
        paid(users, roll, approver)

    assert compute("benefits.paid_medical_people", tree["county"].code, Y) == 2
    assert compute("benefits.paid_medical_amount", tree["county"].code, Y) == Decimal("2054.80")  # the unpaid roll left out
    assert compute("benefits.paid_medical_amount", tree["township1"].code, Y) == Decimal("1200.50")
    assert compute("benefits.paid_one_time_amount", tree["county"].code, Y) == Decimal("11250.00")
    assert compute("benefits.paid_recuperation_people", tree["county"].code, Y) == 6
    assert compute("benefits.recuperation_batches", tree["county"].code, Y) == 2
    assert compute("benefits.paid_medical_amount", tree["county"].code, Period.year(year - 1)) == 0

    draft = compose("year", year, tree["county"])
    (section,) = [paragraphs for title, paragraphs in draft.sections if any("医疗补助" in p for p in paragraphs)]
    text = "".join(section)
    # the rolls paid from one fund of 10万元: 2054.80 + 11250.00 = 13304.80元 spent, 13.30%
    assert "安排退役军人及双拥工作资金10万元，已支出1.33万元，资金使用率达13.30%。" in text
    assert "三是落实其他优抚补助。为2名重点优抚对象进行医疗补助发放2055元。" in text
    assert "为1名自主就业退役士兵发放一次性经济补助1.13万元。" in text
    assert "共6人分2批次参加集中疗养" in text
    assert "关爱宜居" not in text  # no figure, no clause
