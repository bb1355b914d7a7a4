"""优抚 batches and payment rolls paid from a fund (经费): the pay step charges the total to the fen, a
short balance refuses it with nothing changed, a bank return gives its amount back, the fund page counts
batches and rolls in 已支出, and the charges list reads the same queries whatever kinds of record pay.

Known answers: 烈士遗属 36,910 元/年 is 36910 / 12 = 3,075.83 元 a month (to the fen); a quarter for two
survivors is 2 × 3 × 3,075.83 = 18,454.98 元.  Paid from a fund of 20,000.00 元 it leaves 1,545.02 元 and
the usage rate is 18,454.98 / 20,000 = 92.27%."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from benefits import services_batches as batches
from benefits.models import Fund, FundCharge
from benefits.models_batches import PaymentBatch
from benefits.models_payments import PaymentKind, PaymentRoll, RollLine, roll_workflow
from benefits.services_assist import charges_of, fund_charge
from benefits.services_payments import roll_pay
from core import services
from core.roles import Role
from core.workflow import TransitionLog
from tests.benefits.helpers_assist import application
from tests.benefits.test_batches_payments import OLD, new_batch, standard, survivor
from tests.factories import UserFactory, VeteranFactory, area_tree
from tests.list_queries import _count

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def people(tree, users):
    county = tree["county"]
    return {**users, "reviewer": UserFactory(username="reviewer", role=Role.STAFF, area=county),
            "approver": UserFactory(username="approver", role=Role.LEADER, area=county)}


def fund(tree, amount, kind="pension", year=2024, area="county"):
    return Fund.objects.create(kind=kind, source="central", year=year, amount=Decimal(amount),
                               area=tree[area] if isinstance(area, str) else area,
                               allocated_on=D(year, 1, 5), document="财社〔2024〕5号")


def approved_quarter(tree, people):
    """The third quarter of 2024 for two 烈士遗属, computed, reviewed and approved: 18,454.98 元."""
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    survivor(tree, people["staff"], account="6228481234567890123")
    survivor(tree, people["staff"], village="village21", account="6228481234567890131")
    batch = new_batch(tree, people["staff"], 2024, 7, "quarter")
    batches.batch_compute(batch=batch, user=people["staff"])
    batch.workflow.apply(batch, "review", user=people["reviewer"])
    batch.workflow.apply(batch, "approve", user=people["approver"])
    return PaymentBatch.objects.get(pk=batch.pk)


def test_paying_a_batch_charges_its_total_to_the_fen(tree, people):
    batch = approved_quarter(tree, people)
    assert batch.total_amount == Decimal("18454.98") and batch.line_count == 6
    f = fund(tree, "20000.00")
    batches.batch_pay(batch=batch, user=people["staff"], fund=f, remark="已送银行代发")
    batch.refresh_from_db()
    f.refresh_from_db()
    assert batch.status == "paid" and batch.fund == f
    (charge,) = charges_of(batch)
    assert charge.amount == Decimal("18454.98") and charge.fund == f and charge.charged_on == batch.paid_on
    assert charge.area_id == batch.area_id and charge.record == batch
    assert f.disbursed == Decimal("18454.98") and f.balance == Decimal("1545.02")
    assert f.usage_rate() == Decimal("92.27")


def test_overspending_the_fund_is_refused_and_the_batch_stays_approved(tree, people):
    batch = approved_quarter(tree, people)
    short = fund(tree, "18454.97")  # one fen short
    with pytest.raises(ValidationError) as caught:
        batches.batch_pay(batch=batch, user=people["staff"], fund=short)
    assert "余额为18454.97元，不足支付18454.98元" in caught.value.messages[0]
    batch.refresh_from_db()
    short.refresh_from_db()
    assert (batch.status, batch.paid_on, batch.fund_id) == ("approved", None, None)
    assert short.disbursed == Decimal("0.00") and not FundCharge.objects.exists()
    assert not TransitionLog.objects.filter(object_id=str(batch.pk), name="pay").exists()


def test_a_fund_of_another_county_or_a_township_below_cannot_pay_the_batch(tree, people):
    batch = approved_quarter(tree, people)
    elsewhere = area_tree("330726", "浦江县")["county"]
    for wrong in (fund(tree, "50000.00", area=elsewhere), fund(tree, "50000.00", area="township1")):
        with pytest.raises(ValidationError, match="不属于本批次所在区域"):
            batches.batch_pay(batch=batch, user=people["staff"], fund=wrong)
    batch.refresh_from_db()
    assert batch.status == "approved" and not FundCharge.objects.exists()


def test_the_bare_pay_step_needs_the_fund_and_charges_it(tree, people):
    """Whatever path applies the pay step (a page, a task, the demo), the fund named on the batch pays."""
    batch = approved_quarter(tree, people)
    with pytest.raises(ValidationError, match="请先选择本批次的列支经费"):
        batch.workflow.apply(batch, "pay", user=people["staff"])
    f = fund(tree, "20000.00")
    PaymentBatch.objects.filter(pk=batch.pk).update(fund=f)
    batch.refresh_from_db()
    batch.workflow.apply(batch, "pay", user=people["staff"])
    f.refresh_from_db()
    assert f.disbursed == Decimal("18454.98")


def test_a_bank_return_gives_its_amount_back_and_the_reissue_charges_it_again(tree, people):
    batch = approved_quarter(tree, people)
    f = fund(tree, "40000.00")
    batches.batch_pay(batch=batch, user=people["staff"], fund=f)
    first = batch.lines.order_by("entitlement_id").first()
    batches.batch_reconcile(batch=batch, user=people["staff"], statement_number="HD2024Q3", rejected_lines=[first],
                            reject_reason="账户已销户")
    f.refresh_from_db()
    # the person's three months (3 × 3,075.83 = 9,227.49) came back: 18,454.98 - 9,227.49 = 9,227.49
    assert f.disbursed == Decimal("9227.49") and charges_of(batch).get().amount == Decimal("9227.49")
    october = new_batch(tree, people["staff"], 2024, 10)
    batches.batch_compute(batch=october, user=people["staff"])
    october.workflow.apply(october, "review", user=people["reviewer"])
    october.workflow.apply(october, "approve", user=people["approver"])
    october.refresh_from_db()
    # October for both (2 × 3,075.83) and the three returned months again: 6,151.66 + 9,227.49 = 15,379.15
    assert october.total_amount == Decimal("15379.15")
    batches.batch_pay(batch=october, user=people["staff"], fund=f)
    f.refresh_from_db()
    assert f.disbursed == Decimal("24606.64") and f.disbursed == sum(f.charges.values_list("amount", flat=True))


def test_the_pay_page_offers_the_years_pension_fund_and_the_fund_page_counts_batches_and_rolls(tree, people, client_for):
    batch = approved_quarter(tree, people)
    other_kind = fund(tree, "90000.00", kind="service")
    pension = fund(tree, "30000.00")
    staff = client_for(people["staff"])
    url = reverse("benefits:paymentbatch_action", args=[batch.pk, "pay"])
    form = staff.get(url).context["form"]
    assert form.fields["fund"].initial == pension.pk  # the batch's kind and year, though another has more left
    assert set(form.fields["fund"].queryset) == {other_kind, pension}
    detail = staff.get(batch.get_absolute_url()).content.decode()
    assert url in detail and reverse("benefits:paymentbatch_transition", args=[batch.pk, "pay"]) not in detail
    response = staff.post(url, {"fund": pension.pk, "remark": "已送银行代发"})
    assert response.status_code == 302
    # a home-renovation roll of 2 × 4,000.00 paid from the same fund
    roll = services.record_create(model=PaymentRoll, user=people["staff"], data={
        "area": tree["county"], "kind": PaymentKind.HOME, "name": "2024年关爱宜居第一批", "year": 2024})
    for village in ("village11", "village12"):
        services.record_create(model=RollLine, user=people["staff"], data={
            "roll": roll, "veteran": VeteranFactory(area=tree[village]), "amount": "4000.00", "content": "适老化改造"})
    roll_workflow.apply(roll, "review", user=people["staff"])
    roll_workflow.apply(roll, "approve", user=people["reviewer"])
    roll_url = reverse("benefits:paymentroll_action", args=[roll.pk, "pay"])
    assert staff.get(roll_url).context["form"].fields["fund"].initial == other_kind.pk  # 关爱宜居: 服务保障经费
    response = staff.post(roll_url, {"fund": pension.pk})
    assert response.status_code == 302
    pension.refresh_from_db()
    # 18,454.98 + 8,000.00 = 26,454.98 of 30,000.00: 88.18%
    assert pension.disbursed == Decimal("26454.98") and pension.usage_rate() == Decimal("88.18")
    page = staff.get(pension.get_absolute_url()).content.decode()
    assert "26454.98元" in page and "3545.02元" in page and "88.18%" in page
    assert batch.get_absolute_url() in page and roll.get_absolute_url() in page
    assert "列支经费" in staff.get(batch.get_absolute_url()).content.decode()


def test_a_roll_short_of_its_fund_is_refused_and_stays_approved(tree, people):
    roll = services.record_create(model=PaymentRoll, user=people["staff"], data={
        "area": tree["county"], "kind": PaymentKind.HOME, "name": "关爱宜居", "year": 2024})
    services.record_create(model=RollLine, user=people["staff"], data={
        "roll": roll, "veteran": VeteranFactory(area=tree["village11"]), "amount": "5000.00"})
    roll_workflow.apply(roll, "review", user=people["staff"])
    roll_workflow.apply(roll, "approve", user=people["reviewer"])
    small = fund(tree, "4999.99", kind="service")
    with pytest.raises(ValidationError, match="余额为4999.99元，不足支付5000.00元"):
        roll_pay(roll=roll, user=people["staff"], fund=small)
    roll.refresh_from_db()
    small.refresh_from_db()
    assert (roll.status, roll.fund_id, small.disbursed) == ("approved", None, Decimal("0.00"))


def test_the_charges_list_reads_as_many_queries_whatever_kinds_pay(tree, people, client_for, django_assert_max_num_queries):
    f = fund(tree, "100000.00", kind="hardship", year=datetime.date.today().year)
    for _n in range(3):
        fund_charge(fund=f, amount=Decimal("100"), record=application(tree, people["clerk"]), user=people["staff"],
                    description="帮扶援助")
    staff = client_for(people["staff"])
    url = reverse("benefits:fundcharge_list")
    one_kind = _count(staff, url, 50, 3, 20, django_assert_max_num_queries)
    # then a batch, a roll and the fund itself pay too (each a model of its own)
    batch = PaymentBatch.objects.create(area=tree["county"], year=2024, first_month=1)
    roll = PaymentRoll.objects.create(area=tree["county"], kind=PaymentKind.HOME, name="关爱宜居", year=2024)
    for record in (batch, roll, f):
        fund_charge(fund=f, amount=Decimal("100"), record=record, user=people["staff"], description="其他")
    page = staff.get(url, {"per_page": 50}).content.decode()
    assert batch.get_absolute_url() in page and roll.get_absolute_url() in page and f.get_absolute_url() in page
    assert _count(staff, url, 50, 6, 20, django_assert_max_num_queries) == one_kind


def test_a_clerk_cannot_pay_a_batch(tree, people, client_for):
    batch = approved_quarter(tree, people)
    f = fund(tree, "20000.00")
    clerk = UserFactory(username="clerk2", role=Role.CLERK, area=tree["county"])
    response = client_for(clerk).post(reverse("benefits:paymentbatch_action", args=[batch.pk, "pay"]), {"fund": f.pk})
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.status == "approved" and not FundCharge.objects.exists()
