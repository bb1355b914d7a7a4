"""Standards by household type (户籍类型): a batch pays each person the standard of their own household
(城镇/农村), else the one with the household left blank; never the other household's."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from benefits import services_batches as batches
from benefits.models import Category, Entitlement, Household, SubsidyStandard
from benefits.models_batches import PaymentBatch
from core import services
from tests.factories import VeteranFactory

pytestmark = pytest.mark.django_db
D = datetime.date

# 在乡复员军人 yearly amounts, made up for the test, worked by hand to the month (÷ 12, to the fen):
URBAN = Decimal("14400.00")  # 1,200.00 a month
RURAL = Decimal("13261.00")  # 1,105.0833… -> 1,105.08 a month
BLANK = Decimal("12000.00")  # 1,000.00 a month


def standard(tree, user, amount, household="", area="county"):
    return services.record_create(model=SubsidyStandard, user=user, data={
        "area": tree[area], "category": Category.DEMOBILISED, "household": household, "national_amount": amount,
        "effective_from": D(2024, 1, 1), "policy_document": "测试城乡标准"})


def demobilised(tree, user, household):
    veteran = VeteranFactory(area=tree["village11"])
    return services.record_create(model=Entitlement, user=user, data={
        "veteran": veteran, "category": Category.DEMOBILISED, "household": household, "approved_on": D(2024, 2, 10)})


def computed(tree, user, year=2024, month=5):
    batch = services.record_create(model=PaymentBatch, user=user, data={
        "area": tree["county"], "year": year, "period": "month", "first_month": month})
    batches.batch_compute(batch=batch, user=user)
    batch.refresh_from_db()
    return batch


def amounts(batch):
    return dict(batch.lines.values_list("entitlement_id", "amount"))


def test_each_household_gets_its_own_standard_and_the_unknown_the_blank_one(tree, users):
    staff = users["staff"]
    standard(tree, staff, URBAN, Household.URBAN)
    standard(tree, staff, RURAL, Household.RURAL)
    standard(tree, staff, BLANK)
    urban = demobilised(tree, staff, Household.URBAN)
    rural = demobilised(tree, staff, Household.RURAL)
    unknown = demobilised(tree, staff, "")
    batch = computed(tree, staff)
    assert amounts(batch) == {urban.pk: Decimal("1200.00"), rural.pk: Decimal("1105.08"), unknown.pk: Decimal("1000.00")}
    assert batch.total_amount == Decimal("3305.08") and batch.people == 3


def test_without_a_standard_of_its_household_the_blank_one_applies(tree, users):
    staff = users["staff"]
    standard(tree, staff, URBAN, Household.URBAN)
    standard(tree, staff, BLANK)
    rural = demobilised(tree, staff, Household.RURAL)
    assert amounts(computed(tree, staff)) == {rural.pk: Decimal("1000.00")}


def test_the_other_households_standard_never_applies(tree, users):
    staff = users["staff"]
    standard(tree, staff, URBAN, Household.URBAN)
    demobilised(tree, staff, Household.RURAL)
    demobilised(tree, staff, "")
    batch = computed(tree, staff)
    assert batch.line_count == 0 and batch.total_amount == Decimal("0.00")
    assert "2名优抚对象无适用标准" in batch.compute_note


def test_a_more_local_standard_wins_over_the_household_of_a_wider_area(tree, users):
    """The township's blank standard is more local than the county's rural one: it applies."""
    staff = users["staff"]
    standard(tree, staff, RURAL, Household.RURAL)
    standard(tree, staff, BLANK, area="township1")
    rural = demobilised(tree, staff, Household.RURAL)
    assert amounts(computed(tree, staff)) == {rural.pk: Decimal("1000.00")}


def test_the_household_shows_in_the_form_the_page_and_filters_the_list(tree, users, client_for):
    staff = users["staff"]
    rural = demobilised(tree, staff, Household.RURAL)
    urban = demobilised(tree, staff, Household.URBAN)
    client = client_for(staff)
    form = client.get(reverse("benefits:entitlement_add")).content.decode()
    assert 'name="household"' in form and "户籍类型" in form
    detail = client.get(reverse("benefits:entitlement_detail", args=[rural.pk])).content.decode()
    assert "户籍类型" in detail and "农村" in detail
    listed = client.get(reverse("benefits:entitlement_list"), {"household": Household.RURAL}).content.decode()
    assert 'name="household"' in listed
    assert rural.get_absolute_url() in listed and urban.get_absolute_url() not in listed
    everyone = client.get(reverse("benefits:entitlement_list")).content.decode()
    assert rural.get_absolute_url() in everyone and urban.get_absolute_url() in everyone
