"""Other 优抚 payments (benefits/models_payments.py): the one-time subsidy worked out from a dated
standard and the years served, the roll's workflow and its refusals, the kinds' rules, the roster."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from benefits.models import Category, Entitlement
from benefits.models_payments import (
    OneTimeSubsidyStandard,
    PaymentKind,
    PaymentRoll,
    RollLine,
    one_time_amount,
    roll_workflow,
    service_years,
)
from benefits.services_payments import roll_add_discharged, roll_add_key, roll_pay
from core import services
from core.roles import Role
from core.workflow import TransitionNotAllowed
from tests.benefits.helpers_assist import fund
from tests.factories import UserFactory, VeteranFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize("enlisted, discharged, years", [
    (D(2020, 9, 10), D(2022, 9, 10), Decimal("2")),  # exactly two years
    (D(2020, 9, 10), D(2022, 9, 9), Decimal("2")),  # a day short: the part counts as a half year
    (D(2020, 9, 10), D(2022, 9, 11), Decimal("2.5")),  # a day over: 不满6个月按6个月
    (D(2020, 9, 10), D(2023, 3, 10), Decimal("2.5")),
    (D(2020, 9, 10), D(2023, 3, 11), Decimal("3")),  # 超过6个月不满1年按1年
    (D(2020, 9, 10), D(2020, 12, 1), Decimal("0.5")),
    (D(2019, 8, 31), D(2024, 2, 29), Decimal("4.5")),  # month ends: 4 years 5 months 29 days
])
def test_service_years_counted_in_half_years(enlisted, discharged, years):
    assert service_years(enlisted, discharged) == years


def standard(tree, amount="4500.00", start=datetime.date(2020, 1, 1), end=None, area="county"):
    return OneTimeSubsidyStandard.objects.create(area=tree[area], per_year_amount=Decimal(amount), effective_from=start,
                                                 effective_to=end, policy_document="云政办〔2020〕12号")


def test_one_time_amount_from_the_standard_in_force_at_discharge(tree):
    standard(tree, "4000.00", D(2018, 1, 1), D(2021, 12, 31))
    standard(tree, "4500.00", D(2022, 1, 1))
    soldier = VeteranFactory(area=tree["village11"], enlistment_date=D(2020, 9, 10), discharge_date=D(2022, 9, 11))
    amount, years, used = one_time_amount(soldier, tree["village11"].code)
    assert (amount, years, used.per_year_amount) == (Decimal("11250.00"), Decimal("2.5"), Decimal("4500.00"))
    earlier = VeteranFactory(area=tree["village11"], enlistment_date=D(2019, 9, 1), discharge_date=D(2021, 9, 1))
    assert one_time_amount(earlier, tree["village11"].code)[0] == Decimal("8000.00")  # 2 × 4000, the old standard


def test_a_township_standard_wins_over_the_county(tree):
    standard(tree, "4500.00")
    standard(tree, "5000.00", area="township1")
    soldier = VeteranFactory(area=tree["village11"], enlistment_date=D(2021, 3, 1), discharge_date=D(2023, 3, 1))
    assert one_time_amount(soldier, tree["village11"].code)[0] == Decimal("10000.00")
    other = VeteranFactory(area=tree["village21"], enlistment_date=D(2021, 3, 1), discharge_date=D(2023, 3, 1))
    assert one_time_amount(other, tree["village21"].code)[0] == Decimal("9000.00")


def test_overlapping_standards_are_refused(tree, users):
    standard(tree, "4500.00", D(2022, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.record_create(model=OneTimeSubsidyStandard, user=users["staff"], data={
            "area": tree["county"], "per_year_amount": "4800", "effective_from": D(2024, 1, 1)})
    assert "适用期重叠" in str(caught.value)


def roll(users, tree, kind=PaymentKind.ONE_TIME, **extra):
    data = {"area": tree["county"], "kind": kind, "name": f"2025年{PaymentKind(kind).label}", "year": 2025, **extra}
    return services.record_create(model=PaymentRoll, data=data, user=users["staff"])


def line(users, the_roll, **data):
    return services.record_create(model=RollLine, data={"roll": the_roll, **data}, user=users["staff"])


def test_a_one_time_line_is_computed_never_typed_and_paid_once(users, tree):
    standard(tree)
    soldier = VeteranFactory(area=tree["village11"], enlistment_date=D(2020, 9, 10), discharge_date=D(2022, 9, 11))
    first = roll(users, tree)
    paid = line(users, first, veteran=soldier, amount="99999")
    assert (paid.amount, paid.service_years) == (Decimal("11250.00"), Decimal("2.5"))
    second = roll(users, tree, name="2025年第二批")
    with pytest.raises(ValidationError) as caught:
        line(users, second, veteran=soldier)
    assert "不能重复发放" in str(caught.value)
    placed = VeteranFactory(area=tree["village11"], discharge_category="arranged")
    with pytest.raises(ValidationError) as caught:
        line(users, second, veteran=placed)
    assert "退役方式为“安排工作”" in str(caught.value)
    undated = VeteranFactory(area=tree["village11"], enlistment_date=None, discharge_date=None)
    with pytest.raises(ValidationError) as caught:
        line(users, second, veteran=undated)
    assert "未登记入伍时间或退役时间" in str(caught.value)


def test_add_discharged_fills_the_roll_from_the_veterans(users, tree):
    standard(tree)
    inside = [VeteranFactory(area=tree["village11"], enlistment_date=D(2023, 9, 1), discharge_date=D(2025, 9, 1)),
              VeteranFactory(area=tree["village21"], enlistment_date=D(2022, 9, 1), discharge_date=D(2025, 3, 5))]
    VeteranFactory(area=tree["village11"], enlistment_date=D(2021, 9, 1), discharge_date=D(2023, 9, 1))  # before
    VeteranFactory(area=tree["village11"], discharge_category="transferred", enlistment_date=D(2010, 9, 1),
                   discharge_date=D(2025, 6, 1))
    the_roll = roll(users, tree)
    lines = roll_add_discharged(roll=the_roll, user=users["staff"], discharged_from=D(2025, 1, 1), discharged_to=D(2025, 12, 31))
    assert sorted((line.veteran_id, line.amount) for line in lines) == sorted(
        [(inside[0].pk, Decimal("9000.00")), (inside[1].pk, Decimal("13500.00"))])  # 2年6个月4天: 3年
    with pytest.raises(ValidationError) as caught:  # all of them on it now
        roll_add_discharged(roll=the_roll, user=users["staff"], discharged_from=D(2025, 1, 1), discharged_to=D(2025, 12, 31))
    assert "没有尚未领取" in str(caught.value)
    assert the_roll.total() == Decimal("22500.00")


def key_entitlement(users, tree, category=Category.DEMOBILISED, village="village11"):
    veteran = VeteranFactory(area=tree[village])
    return services.record_create(model=Entitlement, user=users["staff"], data={
        "veteran": veteran, "category": category, "approved_on": D(2024, 5, 1)})


def test_medical_subsidies_go_to_key_beneficiaries_only(users, tree):
    key = key_entitlement(users, tree)
    police = services.record_create(model=Entitlement, user=users["staff"], data={
        "veteran": VeteranFactory(area=tree["village11"]), "category": Category.DISABLED_POLICE, "disability_grade": 8,
        "disability_cause": "duty", "approved_on": D(2024, 5, 1)})
    medical = roll(users, tree, PaymentKind.MEDICAL)
    paid = line(users, medical, entitlement=key, amount="426.60", content="住院费用自付部分")
    assert paid.veteran_id == key.veteran_id  # taken from the entitlement
    with pytest.raises(ValidationError) as caught:
        line(users, medical, entitlement=police, amount="300")
    assert "不属于重点优抚对象" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        line(users, medical, veteran=VeteranFactory(area=tree["village11"]), amount="300")
    assert "须选择重点优抚对象的优抚资格" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        line(users, medical, entitlement=key, amount="100")
    assert "已在本发放表中" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        line(users, medical, entitlement=key_entitlement(users, tree, village="village12"), amount="0")
    assert "请填写发放金额" in str(caught.value)


def test_add_key_adds_every_active_key_beneficiary_once(users, tree):
    first, second = key_entitlement(users, tree), key_entitlement(users, tree, Category.RURAL_60, "village21")
    medical = roll(users, tree, PaymentKind.MEDICAL)
    lines = roll_add_key(roll=medical, user=users["staff"], amount=Decimal("500.00"), categories=[Category.DEMOBILISED])
    assert [line.entitlement_id for line in lines] == [first.pk]
    lines = roll_add_key(roll=medical, user=users["staff"], amount=Decimal("500.00"))
    assert [line.entitlement_id for line in lines] == [second.pk]
    assert medical.total() == Decimal("1000.00")


def test_a_recuperation_roll_needs_its_place_and_dates(users, tree):
    with pytest.raises(ValidationError) as caught:
        roll(users, tree, PaymentKind.RECUPERATION)
    assert "须填写疗养地点" in str(caught.value) and "须填写开始日期" in str(caught.value)
    trip = roll(users, tree, PaymentKind.RECUPERATION, place="张家港", starts_on=D(2025, 5, 12), ends_on=D(2025, 5, 18))
    assert line(users, trip, veteran=VeteranFactory(area=tree["village11"])).amount == Decimal("0.00")  # the trip, not cash


def test_the_workflow_review_approve_pay_with_its_refusals(users, tree):
    second_staff = UserFactory(username="staff2", role=Role.STAFF, area=tree["county"])
    home = roll(users, tree, PaymentKind.HOME)
    with pytest.raises(TransitionNotAllowed) as caught:
        roll_workflow.apply(home, "review", user=users["staff"])
    assert "还没有发放对象" in str(caught.value)
    line(users, home, veteran=VeteranFactory(area=tree["village11"]), amount="8000", content="卫生间适老化改造")
    with pytest.raises(TransitionNotAllowed):
        roll_workflow.apply(home, "review", user=users["clerk"])  # a clerk never reviews
    roll_workflow.apply(home, "review", user=users["staff"])
    with pytest.raises(ValidationError) as caught:  # frozen once reviewed
        line(users, home, veteran=VeteranFactory(area=tree["village11"]), amount="5000")
    assert "明细不能再修改" in str(caught.value)
    with pytest.raises(TransitionNotAllowed) as caught:
        roll_workflow.apply(home, "pay", user=users["staff"])
    assert "不能执行“确认发放”" in str(caught.value)  # not before approval
    with pytest.raises(TransitionNotAllowed) as caught:
        roll_workflow.apply(home, "approve", user=users["staff"])
    assert "审核人与审批人不能是同一人" in str(caught.value)
    with pytest.raises(TransitionNotAllowed):
        roll_workflow.apply(home, "approve", user=users["clerk"])
    roll_workflow.apply(home, "approve", user=second_staff)
    with pytest.raises(TransitionNotAllowed) as caught:
        roll_workflow.apply(home, "pay", user=users["staff"])
    assert "请先选择发放表的列支经费" in str(caught.value)  # 8000 to pay and no fund named
    roll_pay(roll=home, user=users["staff"], fund=fund(tree, "8000.00", kind="service"))
    home.refresh_from_db()
    assert (home.status, home.reviewed_by, home.approved_by, home.paid_on) == (
        "paid", users["staff"], second_staff, datetime.date.today())
    assert home.fund.disbursed == Decimal("8000.00") and home.fund.balance == Decimal("0.00")


def test_the_pages_offer_the_workflow_and_the_roster(users, tree, client_for):
    standard(tree)
    soldier = VeteranFactory(area=tree["village11"], name="周建军", enlistment_date=D(2020, 9, 10), discharge_date=D(2022, 9, 11))
    the_roll = roll(users, tree)
    line(users, the_roll, veteran=soldier)
    other = roll(users, tree, PaymentKind.PRICE, name="别的表")
    client = client_for(users["staff"])
    page = client.get(the_roll.get_absolute_url()).content.decode()
    assert "周建军" in page and "11250.00" in page and "导出发放花名册" in page and "审核" in page
    response = client.get(f"{reverse('benefits:rollline_export')}?roll={the_roll.pk}")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert "周建军" in cells and soldier.id_number not in cells and "2.5" in cells
    assert str(other) not in cells
    response = client.post(reverse("benefits:paymentroll_transition", args=[the_roll.pk, "review"]))
    assert response.status_code in (200, 302)
    the_roll.refresh_from_db()
    assert the_roll.status == "reviewed"
    # a clerk of another township sees neither the roll nor its lines
    assert client_for(users["other_clerk"]).get(the_roll.get_absolute_url()).status_code == 404
