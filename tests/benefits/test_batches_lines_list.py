"""The lines list is opened from a batch's page (?batch=): it shows that batch's lines, and its filters no
longer offer every batch of the area as a choice (3,600 at a province's three years)."""

import datetime

import pytest
from django.urls import reverse

from benefits import services_batches as batches
from benefits.models import Category, Entitlement, SubsidyStandard
from benefits.models_batches import PaymentBatch
from core import services
from tests.factories import VeteranFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_lines_of_one_batch(tree, users, client_for):
    staff = users["staff"]
    services.record_create(model=SubsidyStandard, user=staff, data={
        "area": tree["county"], "category": Category.DEMOBILISED, "national_amount": "12000.00",
        "effective_from": D(2024, 1, 1)})
    services.record_create(model=Entitlement, user=staff, data={
        "veteran": VeteranFactory(area=tree["village11"]), "category": Category.DEMOBILISED, "approved_on": D(2024, 1, 5)})
    made = []
    for month in (3, 4):
        batch = services.record_create(model=PaymentBatch, user=staff, data={
            "area": tree["county"], "year": 2024, "period": "month", "first_month": month})
        batches.batch_compute(batch=batch, user=staff)
        made.append(batch)
    march, april = (list(b.lines.all()) for b in made)
    assert len(march) == len(april) == 1
    page = client_for(staff).get(reverse("benefits:paymentline_list"), {"batch": made[0].pk}).content.decode()
    rows = page[page.index("<tbody"):page.index("</tbody>")]
    assert rows.count("<tr") == 1 and "2024年3月1日" in rows and "2024年4月1日" not in rows
    assert f'<option value="{made[1].pk}"' not in page and str(made[1]) not in page.split("<table")[0]
