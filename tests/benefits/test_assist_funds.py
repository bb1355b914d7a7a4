"""Funds (经费): charging refuses overspending with nothing written, works on the locked row (a stale copy
in hand cannot pass the balance), and the fund page shows allocated, disbursed, balance and usage rate."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from benefits.models import AssistanceApplication, Fund, FundCharge
from benefits.services_assist import application_approve, application_pay, charges_of, fund_charge
from core import services
from tests.benefits.helpers_assist import application, fund, reviewer

pytestmark = pytest.mark.django_db


def test_a_charge_within_the_balance_is_written_and_counted(tree, users):
    f = fund(tree, "10000.00")
    app = application(tree, users["clerk"])
    charge = fund_charge(fund=f, amount=Decimal("6000"), record=app, user=users["staff"], description="援助")
    f.refresh_from_db()
    assert f.disbursed == Decimal("6000.00") and f.balance == Decimal("4000.00")
    assert f.usage_rate() == Decimal("60.00")
    assert charge.record == app and charge.area_id == app.area_id  # the paying record's area
    assert list(charges_of(app)) == [charge]


def test_overspending_is_refused_and_nothing_changes(tree, users):
    f = fund(tree, "10000.00")
    app = application(tree, users["clerk"])
    fund_charge(fund=f, amount=Decimal("9000"), record=app, user=users["staff"], description="第一笔")
    with pytest.raises(ValidationError) as exc:
        fund_charge(fund=f, amount=Decimal("1000.01"), record=app, user=users["staff"], description="第二笔")
    assert "余额为1000.00元，不足支付1000.01元" in exc.value.messages[0]
    f.refresh_from_db()
    assert f.disbursed == Decimal("9000.00") and FundCharge.objects.count() == 1
    fund_charge(fund=f, amount=Decimal("1000.00"), record=app, user=users["staff"], description="恰好用完")
    f.refresh_from_db()
    assert f.balance == Decimal("0.00") and f.usage_rate() == Decimal("100.00")


def test_two_approvals_holding_the_same_stale_fund_cannot_both_pass(tree, users):
    """Each charge re-reads the fund under select_for_update: the second one, holding a copy that still
    shows the whole balance, is checked against what the first left."""
    first_copy = fund(tree, "8000.00")
    second_copy = Fund.objects.get(pk=first_copy.pk)
    app1, app2 = application(tree, users["clerk"]), application(tree, users["clerk"])
    fund_charge(fund=first_copy, amount=Decimal("5000"), record=app1, user=users["staff"], description="一")
    assert second_copy.disbursed == Decimal("0.00")  # stale
    with pytest.raises(ValidationError):
        fund_charge(fund=second_copy, amount=Decimal("5000"), record=app2, user=users["staff"], description="二")
    stored = Fund.objects.get(pk=first_copy.pk)
    assert stored.disbursed == Decimal("5000.00") and stored.balance >= 0


def test_a_zero_or_negative_charge_is_refused(tree, users):
    f = fund(tree)
    with pytest.raises(ValidationError):
        fund_charge(fund=f, amount=Decimal("0"), record=application(tree, users["clerk"]), user=users["staff"],
                    description="零")


def test_the_allocation_cannot_be_cut_below_what_was_spent(tree, users):
    f = fund(tree, "10000.00")
    fund_charge(fund=f, amount=Decimal("7000"), record=application(tree, users["clerk"]), user=users["staff"],
                description="援助")
    f.refresh_from_db()
    f.amount = Decimal("6000.00")
    with pytest.raises(ValidationError) as exc:
        f.full_clean()
    assert "不能少于已支出的7000.00元" in str(exc.value)


def test_fund_page_shows_its_figures_and_drills_to_its_charges(tree, users, client_for):
    f = fund(tree, "20000.00")
    app = application(tree, users["clerk"])
    fund_charge(fund=f, amount=Decimal("5000"), record=app, user=users["staff"], description="特殊困难援助：张三")
    staff = client_for(users["staff"])
    page = staff.get(reverse("benefits:fund_detail", args=[f.pk])).content.decode()
    assert "20000.00元" in page and "5000.00元" in page and "15000.00元" in page and "25.00%" in page
    assert "特殊困难援助：张三" in page and app.get_absolute_url() in page
    listed = staff.get(reverse("benefits:fundcharge_list") + f"?fund={f.pk}").content.decode()
    assert "特殊困难援助：张三" in listed
    usage = staff.get(reverse("benefits:assist_fund_usage") + f"?year={f.year}").content.decode()
    assert "特殊困难援助" in usage and "25.00%" in usage
    # outside the fund's area: 404, and a clerk of a township does not see the county's funds
    assert client_for(users["other_staff"]).get(reverse("benefits:fund_detail", args=[f.pk])).status_code == 404


def test_a_paid_application_cannot_be_deleted_and_its_charge_stays(tree, users):
    f = fund(tree, "10000.00")
    app = application(tree, users["clerk"])
    reviewer_user = reviewer(tree)
    app.workflow.apply(app, "review", user=reviewer_user)
    application_approve(assistanceapplication=app, user=users["staff"], amount_approved=Decimal("4000"),
                        approved_on=app.applied_on)
    application_pay(assistanceapplication=app, user=users["staff"], fund=f, paid_on=app.applied_on)
    with pytest.raises(ValidationError, match="申请已进入“已发放”，不能删除"):
        services.record_delete(instance=app, user=users["staff"])
    f.refresh_from_db()
    assert AssistanceApplication.objects.filter(pk=app.pk).exists() and f.disbursed == Decimal("4000.00")
    assert charges_of(app).get().amount == Decimal("4000.00")
    fresh = application(tree, users["clerk"])
    services.record_delete(instance=fresh, user=users["clerk"])  # still with the clerk: it may go
    assert not AssistanceApplication.objects.filter(pk=fresh.pk).exists()
