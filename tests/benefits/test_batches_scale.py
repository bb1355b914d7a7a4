"""The scale generator adds 优抚对象 (about 8% of the veterans, and relatives of the dead), the province's
standards and three years of paid monthly batches whose lines are those the application computes."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from benefits import services_batches as batches
from benefits.models import Entitlement, SubsidyStandard
from benefits.models_batches import PaymentBatch, PaymentLine

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 1, 15)


@pytest.fixture
def province(db):
    call_command("generate_scale", veterans=3000, today=TODAY, jobs=0, stdout=SimpleNamespace(write=lambda *a: None))


def test_entitlements_standards_and_three_years_of_paid_batches(province):
    held = Entitlement.objects.filter(area__code__startswith="36")
    own = held.filter(family_member__isnull=True).values("veteran_id").distinct().count()
    assert 180 <= own <= 300  # about 8% of 3000
    assert held.filter(family_member__isnull=False, category__endswith="_family").exists()
    assert not held.filter(approved_on__gt=TODAY).exists()
    assert held.filter(status="ended", end_reason="death").exists()
    assert SubsidyStandard.objects.filter(area_id="36", household="rural").exists()
    paid = PaymentBatch.objects.filter(area__code__startswith="36")
    assert set(paid.values_list("status", flat=True)) == {"paid"}
    months = sorted({b.months[0] for b in paid})
    assert len(months) == 36 and months[0] == D(2023, 1, 1) and months[-1] == D(2025, 12, 1)
    assert paid.values("area_id").distinct().count() == 100
    # every batch's totals are its lines', to the fen
    sums = {row["batch"]: row for row in PaymentLine.objects.filter(area__code__startswith="36").values("batch")
            .annotate(total=Sum("amount"), n=Count("id"), people=Count("entitlement", distinct=True))}
    for batch in paid:
        row = sums.get(batch.pk, {"total": 0, "n": 0, "people": 0})
        assert (batch.line_count, batch.people) == (row["n"], row["people"])
        assert batch.total_amount == Decimal(row["total"] or 0).quantize(Decimal("0.01"))


def test_a_generated_batch_is_what_the_application_computes(province, users):
    """Put back to draft with its lines gone, the busiest county's last batch computes to the same lines."""
    busiest = (PaymentLine.objects.filter(month=D(2025, 12, 1)).values("batch").annotate(n=Count("id"))
               .order_by("-n").first())
    batch = PaymentBatch.objects.get(pk=busiest["batch"])
    generated = sorted(batch.lines.values_list("entitlement_id", "month", "kind", "standard_id", "amount"))
    assert len(generated) > 5
    total = batch.total_amount
    PaymentBatch.objects.filter(pk=batch.pk).update(status="draft")
    batch.refresh_from_db()
    batches.batch_compute(batch=batch, user=users["staff"])
    batch.refresh_from_db()
    assert sorted(batch.lines.values_list("entitlement_id", "month", "kind", "standard_id", "amount")) == generated
    assert batch.total_amount == total and "无适用标准" not in batch.compute_note
