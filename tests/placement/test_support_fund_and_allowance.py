"""Start-up support paid from a 帮扶与资金 fund (the approval charges the fund, an overspend is refused and
nothing changes, the fund page lists the grant), and the monthly waiting allowance of a sunshine batch's
candidates not yet placed (one row per case and month at the batch's rate, a month recorded once)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from benefits.models import Fund, FundCharge
from benefits.services_assist import charges_of
from core import services
from placement import services as placement_services
from placement.models import StartupSupport, WaitingAllowance, case_workflow
from tests.benefits.helpers_assist import fund
from tests.factories import VeteranFactory
from tests.placement.helpers import batch, candidate, confirm, post, service_item, soldier, to_choosing

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
THIS_MONTH = TODAY.replace(day=1)


def support_data(veteran, the_fund, amount="10000.00", **extra):
    return {"veteran": veteran, "kind": "grant", "business": "王军创办的农家乐", "applied_on": TODAY,
            "status": "approved", "approved_on": TODAY, "amount": Decimal(amount), "fund": the_fund} | extra


def placement_fund(tree, amount):
    return fund(tree, amount, kind="placement", name="县级退役军人就业创业扶持资金")


# ---------------------------------------------------------------- start-up support and its fund


def test_approving_a_grant_charges_the_fund(tree, users):
    staff = users["staff"]
    f = placement_fund(tree, "30000.00")
    veteran = VeteranFactory(area=tree["village11"], name="王军")
    support = services.record_create(model=StartupSupport, data=support_data(veteran, f), user=staff)
    f.refresh_from_db()
    assert f.disbursed == Decimal("10000.00") and f.balance == Decimal("20000.00")
    assert f.usage_rate() == Decimal("33.33")
    [charge] = charges_of(support)
    assert (charge.fund, charge.amount, charge.charged_on) == (f, Decimal("10000.00"), TODAY)
    assert charge.description == "一次性创业资助：王军" and charge.area_id == veteran.area_id

    # an edit that keeps the approval does not charge again; changing the amount once paid is refused
    services.record_update(instance=support, data={"business": "王军家庭农场"}, user=staff)
    f.refresh_from_db()
    assert f.disbursed == Decimal("10000.00") and FundCharge.objects.count() == 1
    with pytest.raises(ValidationError) as exc:
        services.record_update(instance=StartupSupport.objects.get(pk=support.pk), data={"amount": Decimal("12000")},
                               user=staff)
    assert "不能再修改审批结果、金额或经费" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        placement_services.support_delete(instance=support, user=staff)
    assert StartupSupport.objects.filter(pk=support.pk).exists()


def test_an_application_charges_when_it_is_approved_later(tree, users):
    staff = users["staff"]
    f = placement_fund(tree, "10000.00")
    support = services.record_create(model=StartupSupport, data=support_data(
        VeteranFactory(area=tree["village11"]), f, amount="0", status="applied", approved_on=None), user=staff)
    assert FundCharge.objects.count() == 0
    services.record_update(instance=support, data={"status": "approved", "approved_on": TODAY, "amount": Decimal("6000")},
                           user=staff)
    f.refresh_from_db()
    assert f.disbursed == Decimal("6000.00") and [c.amount for c in charges_of(support)] == [Decimal("6000.00")]


def test_an_overspend_is_refused_and_nothing_changes(tree, users):
    staff = users["staff"]
    f = placement_fund(tree, "15000.00")
    services.record_create(model=StartupSupport, data=support_data(VeteranFactory(area=tree["village11"]), f), user=staff)
    other = VeteranFactory(area=tree["village11"])
    with pytest.raises(ValidationError) as exc:
        services.record_create(model=StartupSupport, data=support_data(other, f, amount="6000.00"), user=staff)
    assert exc.value.messages == ["经费“县级退役军人就业创业扶持资金”余额为5000.00元，不足支付6000.00元。"]
    f.refresh_from_db()
    assert f.disbursed == Decimal("10000.00") and FundCharge.objects.count() == 1
    assert not StartupSupport.objects.filter(veteran=other).exists()

    # the same on approving a stored application: it stays 已申请
    pending = services.record_create(model=StartupSupport, data=support_data(
        other, f, amount="0", status="applied", approved_on=None), user=staff)
    with pytest.raises(ValidationError):
        services.record_update(instance=pending, data={"status": "approved", "approved_on": TODAY,
                                                       "amount": Decimal("5000.01")}, user=staff)
    pending = StartupSupport.objects.get(pk=pending.pk)
    assert (pending.status, pending.amount) == ("applied", Decimal("0.00"))
    assert Fund.objects.get(pk=f.pk).disbursed == Decimal("10000.00")


def test_a_loan_names_no_fund_and_a_fund_out_of_reach_is_refused(tree, users):
    f = placement_fund(tree, "50000.00")
    veteran = VeteranFactory(area=tree["village11"])
    with pytest.raises(ValidationError) as exc:
        services.record_create(model=StartupSupport, data=support_data(veteran, f, kind="loan"), user=users["staff"])
    assert "创业担保贷款由经办银行发放" in " ".join(exc.value.messages)
    township_fund = fund(tree, "50000.00", kind="placement", area=tree["township2"])
    with pytest.raises(ValidationError):
        services.record_create(model=StartupSupport, data=support_data(veteran, township_fund), user=users["other_staff"])
    assert FundCharge.objects.count() == 0


def test_the_form_offers_only_visible_funds_and_the_fund_page_lists_the_grant(tree, users, client_for):
    staff = users["staff"]
    f = placement_fund(tree, "30000.00")
    fund(tree, "9999.00", kind="placement", name="二乡镇经费", area=tree["township2"])
    veteran = VeteranFactory(area=tree["village11"], name="李强")
    client = client_for(users["clerk"])  # township 1: the county's fund is out of the clerk's area
    page = client.get(reverse("placement:startupsupport_add")).content.decode()
    assert "县级退役军人就业创业扶持资金" not in page and "二乡镇经费" not in page
    support = services.record_create(model=StartupSupport, data=support_data(veteran, f, amount="8000.00"), user=staff)
    page = client_for(staff).get(reverse("benefits:fund_detail", args=[f.pk])).content.decode()
    assert "<td >8000.00</td>" in page and "<td >一次性创业资助：李强</td>" in page
    # the paying record linked by its kind (the charges list reads no query a paying model; the 摘要 names it)
    assert f'<a href="{support.get_absolute_url()}">创业扶持</a>' in page


# ---------------------------------------------------------------- the waiting allowance


@pytest.fixture
def three(tree, users):
    """A batch paying 2280元 a month, three candidates of whom 王 has reported for duty."""
    staff = users["staff"]
    b = batch(tree, staff, waiting_allowance=Decimal("2280.00"))
    cases = []
    for n, name in enumerate(("王军", "李明", "赵刚")):  # 王 served longest: first in rank
        case = candidate(b, soldier(tree, datetime.date(2008, 7 + n, 1), datetime.date(2020, 12, 1), name=name), staff)
        service_item(case, staff)
        case.refresh_from_db()
        confirm(case, staff)
        case.refresh_from_db()
        cases.append(case)
    post(b, staff, count=4)
    to_choosing(b, staff, cases)
    wang = cases[0]
    placement_services.batch_choose(sunshinebatch=b, user=staff, candidate=wang, post=b.posts.get())
    wang.refresh_from_db()
    case_workflow.apply(wang, "report", user=staff)  # reported for duty: placed
    b.refresh_from_db()
    return b, cases


def test_the_month_is_recorded_for_those_not_yet_placed(three, users):
    b, (wang, li, zhao) = three
    rows = placement_services.batch_record_allowance(sunshinebatch=b, user=users["staff"], month=TODAY)
    assert sorted((r.case_id, r.month, r.amount) for r in rows) == sorted(
        [(li.pk, THIS_MONTH, Decimal("2280.00")), (zhao.pk, THIS_MONTH, Decimal("2280.00"))])
    assert not WaitingAllowance.objects.filter(case=wang).exists()
    assert placement_services.allowance_months(li)[1] == Decimal("2280.00")


def test_a_month_recorded_is_refused_the_second_time(three, users):
    b, cases = three
    placement_services.batch_record_allowance(sunshinebatch=b, user=users["staff"], month=THIS_MONTH)
    with pytest.raises(ValidationError) as exc:
        placement_services.batch_record_allowance(sunshinebatch=b, user=users["staff"], month=TODAY.replace(day=28))
    assert exc.value.messages == [f"{THIS_MONTH:%Y年%m月}的待安置生活补助已登记（2人），不能重复登记。"]
    assert WaitingAllowance.objects.count() == 2
    with pytest.raises(ValidationError):  # a month to come
        placement_services.batch_record_allowance(sunshinebatch=b, user=users["staff"],
                                                  month=THIS_MONTH + datetime.timedelta(days=32))
    assert WaitingAllowance.objects.count() == 2


def test_the_action_and_the_case_page_show_months_and_total(three, users, client_for):
    b, (wang, li, zhao) = three
    client = client_for(users["staff"])
    url = reverse("placement:sunshinebatch_action", args=[b.pk, "record_allowance"])
    last_month = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)
    for month in (last_month, THIS_MONTH):
        assert client.post(url, {"month": month.isoformat()}).status_code == 302
    again = client.post(url, {"month": THIS_MONTH.isoformat()})
    assert again.status_code == 200 and "不能重复登记" in again.content.decode()
    assert WaitingAllowance.objects.count() == 4
    page = client.get(reverse("placement:placementcase_detail", args=[li.pk])).content.decode()
    assert f"{last_month:%Y年%m月}" in page and f"{THIS_MONTH:%Y年%m月}" in page
    assert '<th class="text-end" id="allowance-total">4560.00</th>' in page
    assert client_for(users["clerk"]).post(url, {"month": THIS_MONTH.isoformat()}).status_code == 403


def test_a_batch_without_a_rate_is_refused(tree, users):
    b = batch(tree, users["staff"])
    candidate(b, soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1)), users["staff"])
    with pytest.raises(ValidationError) as exc:
        placement_services.batch_record_allowance(sunshinebatch=b, user=users["staff"], month=TODAY)
    assert "未填写待安置生活补助标准" in exc.value.messages[0]
    assert WaitingAllowance.objects.count() == 0
