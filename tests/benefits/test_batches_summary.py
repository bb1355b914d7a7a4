"""The 优抚 summary's payment sentence compares the amount and the people paid with last year's, where
last year had any: 较去年增加X万元（增长Y%）, worked by hand from the batches below."""

import datetime

import pytest

from benefits import services_batches as batches
from benefits.models import Category, Entitlement, SubsidyStandard
from benefits.models_batches import PaymentBatch
from core import services
from core.roles import Role
from reports.compose import compose
from tests.benefits.helpers_assist import pension_fund
from tests.factories import FamilyMemberFactory, UserFactory, VeteranFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def survivor(tree, user, approved):
    veteran = VeteranFactory(area=tree["village11"])
    relative = FamilyMemberFactory(veteran=veteran, relationship="parent")
    return services.record_create(model=Entitlement, user=user, data={
        "veteran": veteran, "family_member": relative, "category": Category.MARTYR_FAMILY, "approved_on": approved})


def paid_batch(tree, users, reviewer, year, month):
    batch = services.record_create(model=PaymentBatch, user=users["staff"], data={
        "area": tree["county"], "year": year, "period": "month", "first_month": month})
    batches.batch_compute(batch=batch, user=users["staff"])
    batch.workflow.apply(batch, "review", user=reviewer)
    batch.workflow.apply(batch, "approve", user=users["leader"])
    batches.batch_pay(batch=batch, user=users["staff"], fund=pension_fund(batch))
    PaymentBatch.objects.filter(pk=batch.pk).update(paid_on=D(year, month, 20))


def payment_sentence(tree, year):
    draft = compose("year", year, tree["county"])
    (paragraphs,) = [p for title, p in draft.sections if "落实优抚政策" in title]
    text = "".join(paragraphs)
    start = text.index(f"{year}年累计发放")
    return text[start:text.index("。", start) + 1]


def test_amount_and_people_paid_compared_with_last_year(tree, users):
    """烈士遗属 36,910 元/年 = 3,075.83 a month.  2024: January A, February A and B: 3 lines, 9,227.49 元, 2 people.
    2025: January to March A, B and C: 9 lines, 27,682.47 元 (2.77万元), 3 people.  Difference 18,454.98 元
    (1.85万元), 200% of 9,227.49; one person more, 50% of 2."""
    staff = users["staff"]
    reviewer = UserFactory(username="reviewer", role=Role.STAFF, area=tree["county"])
    services.record_create(model=SubsidyStandard, user=staff, data={
        "area": tree["county"], "category": Category.MARTYR_FAMILY, "national_amount": "36910.00",
        "effective_from": D(2022, 8, 1), "policy_document": "国家标准"})
    survivor(tree, staff, D(2023, 3, 10))  # A: from April 2023
    survivor(tree, staff, D(2024, 1, 5))  # B: from February 2024
    survivor(tree, staff, D(2024, 12, 1))  # C: from January 2025
    for year, months in ((2024, (1, 2)), (2025, (1, 2, 3))):
        for month in months:
            paid_batch(tree, users, reviewer, year, month)
    assert payment_sentence(tree, 2025) == ("2025年累计发放优抚对象抚恤金和生活补助2.77万元，较去年增加1.85万元（增长200%），"
                                            "惠及优抚对象3名，较去年增加1名（增长50%）。")
    # 2023 paid nothing: no comparison at all
    assert payment_sentence(tree, 2024) == "2024年累计发放优抚对象抚恤金和生活补助9227元，惠及优抚对象2名。"
