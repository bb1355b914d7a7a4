"""In Chromium: a village clerk confirms a beneficiary on the village's checklist, then the bureau's staff
approve the month's batch, which pays her, and the bank file downloads."""

import datetime
from decimal import Decimal

import pytest

from benefits import services_batches as batches
from benefits.models import Category, Entitlement, SubsidyStandard
from benefits.models_batches import Confirmation, ConfirmationCampaign, ConfirmationState, PaymentBatch
from core import services
from core.roles import Role
from tests.browser import log_in
from tests.factories import FamilyMemberFactory, UserFactory, VeteranFactory, area_tree

pytestmark = pytest.mark.browser


def test_village_clerk_confirms_and_staff_approve_the_batch(transactional_db, live_server, page):
    tree = area_tree()
    county = tree["county"]
    staff = UserFactory(username="staff1", full_name="陈海燕", role=Role.STAFF, area=county)
    computer = UserFactory(username="staff2", role=Role.STAFF, area=county)
    reviewer = UserFactory(username="staff3", role=Role.STAFF, area=county)
    UserFactory(username="village1", full_name="楼国庆", role=Role.CLERK, area=tree["village11"])
    services.record_create(model=SubsidyStandard, user=staff, data={
        "area": county, "category": Category.MARTYR_FAMILY, "national_amount": Decimal("39276.00"),
        "effective_from": datetime.date(2024, 8, 1)})
    veteran = VeteranFactory(area=tree["village11"])
    mother = FamilyMemberFactory(veteran=veteran, relationship="mother", name="张秀英")
    entitlement = services.record_create(model=Entitlement, user=staff, data={
        "veteran": veteran, "family_member": mother, "category": Category.MARTYR_FAMILY,
        "approved_on": datetime.date(2024, 9, 3), "bank_account": "6228481234567890123"})
    year = datetime.date.today().year
    campaign = services.record_create(model=ConfirmationCampaign, user=staff, data={
        "area": county, "year": year, "deadline": datetime.date(year, 12, 31)})

    # the village clerk ticks her on the checklist
    log_in(page, live_server, "village1")
    page.goto(f"{live_server.url}/benefits/confirmation/?campaign={campaign.pk}")
    row = page.locator("tr", has_text="张秀英（烈士遗属）")
    row.get_by_role("link", name="待确认").click()
    page.get_by_role("link", name="确认", exact=True).click()
    page.check("#id_alive")
    page.check("#id_eligible")
    page.get_by_role("button", name="确认").click()
    assert "三项须全部核实无误方可确认" in page.content()  # one box left: refused, nothing changed
    assert Confirmation.objects.get(entitlement=entitlement).state == ConfirmationState.PENDING
    page.check("#id_alive")
    page.check("#id_eligible")
    page.check("#id_unchanged")
    page.fill("#id_remark", "入户核实")
    page.get_by_role("button", name="确认").click()
    assert "已完成：确认" in page.content()
    assert Confirmation.objects.get(entitlement=entitlement).state == ConfirmationState.CONFIRMED

    # computed and reviewed by two colleagues; staff1 approves from the batch's page
    batch = services.record_create(model=PaymentBatch, user=computer, data={
        "area": county, "year": year, "period": "month", "first_month": 1})
    batches.batch_compute(batch=batch, user=computer)
    batch.workflow.apply(batch, "review", user=reviewer)
    page.context.clear_cookies()
    log_in(page, live_server, "staff1")
    page.goto(f"{live_server.url}{batch.get_absolute_url()}")
    assert page.locator("#batch-total").inner_text() == "3273.00"
    page.get_by_role("button", name="审批").click()
    assert "已完成：审批" in page.content()
    assert PaymentBatch.objects.get(pk=batch.pk).status == "approved"
    with page.expect_download() as download:
        page.get_by_role("link", name="下载银行代发文件").click()
    assert download.value.suggested_filename.endswith(".xlsx")
