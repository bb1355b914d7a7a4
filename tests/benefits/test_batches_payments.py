"""Payment batches (定期抚恤补助发放) and annual confirmation (年度确认): computation, back pay over a
raise entered late, suspension, workflow, bank file, the death hook."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from benefits import services_batches as batches
from benefits.fields import mask_account
from benefits.models import Category, Entitlement, SubsidyStandard
from benefits.models_batches import (
    Confirmation,
    ConfirmationCampaign,
    ConfirmationState,
    LineKind,
    PaymentBatch,
    PaymentLine,
)
from core import idnumber, services
from core.roles import Role
from core.workflow import TransitionNotAllowed
from tests.benefits.helpers_assist import pension_fund
from tests.factories import FamilyMemberFactory, UserFactory, VeteranFactory
from veterans import services as veteran_services

pytestmark = pytest.mark.django_db
D = datetime.date

# 《关于调整部分优抚对象等人员抚恤和生活补助标准的通知》: 烈士遗属 36,910 元/年 from 2022-08-01;
# from 2024-08-01 raised by 2,366 元 to 39,276 元/年 (the raise announced months later).
OLD, NEW = Decimal("36910.00"), Decimal("39276.00")


@pytest.fixture
def people(tree, users):
    county = tree["county"]
    return {
        **users,
        "reviewer": UserFactory(username="reviewer", role=Role.STAFF, area=county),
        "approver": UserFactory(username="approver", role=Role.LEADER, area=county),
        "village_clerk": UserFactory(username="vclerk", role=Role.CLERK, area=tree["village11"]),
    }


def standard(tree, user, amount, start, end=None, category=Category.MARTYR_FAMILY):
    return services.record_create(model=SubsidyStandard, user=user, data={
        "area": tree["county"], "category": category, "national_amount": amount, "effective_from": start,
        "effective_to": end, "policy_document": "民发〔2024〕测试号"})


def survivor(tree, user, approved=D(2023, 3, 10), village="village11", account="6228481234567890123"):  # noqa: B008 (a date is immutable)
    veteran = VeteranFactory(area=tree[village])
    relative = FamilyMemberFactory(veteran=veteran, relationship="parent")
    return services.record_create(model=Entitlement, user=user, data={
        "veteran": veteran, "family_member": relative, "category": Category.MARTYR_FAMILY, "approved_on": approved,
        "bank_name": "农业银行", "bank_account": account})


def new_batch(tree, user, year, month, period="month"):
    return services.record_create(model=PaymentBatch, user=user, data={
        "area": tree["county"], "year": year, "period": period, "first_month": month})


def run(batch, people, pay=True):
    batches.batch_compute(batch=batch, user=people["staff"])
    batch.workflow.apply(batch, "review", user=people["reviewer"])
    batch.workflow.apply(batch, "approve", user=people["approver"])
    if pay:
        batches.batch_pay(batch=batch, user=people["staff"], fund=pension_fund(batch))
    return PaymentBatch.objects.get(pk=batch.pk)


def test_one_line_a_month_at_the_standard_in_force(tree, people):
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    e = survivor(tree, people["staff"])
    batch = new_batch(tree, people["staff"], 2024, 4, "quarter")
    batches.batch_compute(batch=batch, user=people["staff"])
    lines = list(batch.lines.order_by("month"))
    assert [line.month for line in lines] == [D(2024, 4, 1), D(2024, 5, 1), D(2024, 6, 1)]
    assert {line.amount for line in lines} == {Decimal("3075.83")}  # 36910 / 12, to the fen
    assert all(line.entitlement_id == e.pk and line.kind == LineKind.PERIODIC for line in lines)
    batch.refresh_from_db()
    assert batch.total_amount == Decimal("9227.49") and batch.people == 1 and batch.line_count == 3


def test_back_pay_over_a_raise_entered_after_its_effective_date(tree, people):
    """Aug-Dec 2024 paid at 36,910; the raise to 39,276 from 2024-08-01 entered in January 2025: the
    January batch pays 3,273.00 for January and 5 × (3,273.00 − 3,075.83) = 985.85 back pay."""
    old = standard(tree, people["staff"], OLD, D(2022, 8, 1))
    e = survivor(tree, people["staff"])
    for month in range(8, 13):
        run(new_batch(tree, people["staff"], 2024, month), people)
    services.record_update(instance=old, data={"effective_to": D(2024, 7, 31)}, user=people["staff"])
    standard(tree, people["staff"], NEW, D(2024, 8, 1))
    january = new_batch(tree, people["staff"], 2025, 1)
    batches.batch_compute(batch=january, user=people["staff"])
    periodic = january.lines.get(kind=LineKind.PERIODIC)
    assert periodic.amount == Decimal("3273.00")
    back = list(january.lines.filter(kind=LineKind.BACK_PAY).order_by("month"))
    assert [line.month for line in back] == [D(2024, m, 1) for m in range(8, 13)]
    assert {line.amount for line in back} == {Decimal("197.17")}
    january.refresh_from_db()
    assert january.total_amount == Decimal("3273.00") + Decimal("985.85")
    # the page's totals by category, as the computation kept them and as the lines add up in the database
    expected = [{"label": "烈士遗属", "people": 1, "periodic": Decimal("3273.00"), "arrears": Decimal("985.85"),
                 "total": Decimal("4258.85")}]
    assert january.category_summary is not None and batches.category_totals(january) == expected
    january.category_summary = None
    assert batches.category_totals(january) == expected
    # computed again, the back pay is not doubled; the next month has none left
    batches.batch_compute(batch=january, user=people["staff"])
    assert january.lines.filter(kind=LineKind.BACK_PAY).count() == 5
    run(january, people)
    february = new_batch(tree, people["staff"], 2025, 2)
    batches.batch_compute(batch=february, user=people["staff"])
    assert list(february.lines.values_list("kind", "amount")) == [(LineKind.PERIODIC, Decimal("3273.00"))]
    _previous, rows = batches.batch_changes(february)
    assert [(r["kind"], r["entitlement"].pk) for r in rows] == [("变更", e.pk)]


def test_unconfirmed_are_not_paid_and_a_late_confirmation_pays_what_was_held_back(tree, people, client_for):
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    kept = survivor(tree, people["staff"])
    late = survivor(tree, people["staff"], account="6228481234567890999")
    campaign = services.record_create(model=ConfirmationCampaign, user=people["staff"], data={
        "area": tree["county"], "year": 2024, "deadline": D(2024, 3, 31)})

    assert campaign.confirmations.count() == 2
    # the village clerk confirms one; all three boxes are needed
    first = Confirmation.objects.get(campaign=campaign, entitlement=kept)
    with pytest.raises(ValidationError, match="三项须全部核实"):
        batches.confirmation_confirm(confirmation=first, user=people["village_clerk"], alive=True, eligible=True,
                                     unchanged=False)
    batches.confirmation_confirm(confirmation=first, user=people["village_clerk"], alive=True, eligible=True,
                                 unchanged=True, remark="入户核实")
    with pytest.raises(ValidationError, match="村（社区）人员不能审核"):
        batches.confirmation_review(confirmation=first, user=people["village_clerk"])
    batches.confirmation_review(confirmation=first, user=people["clerk"])  # the township clerk
    with pytest.raises(ValidationError, match="尚未到"):
        batches.campaign_close(campaign=campaign, user=people["staff"], today=D(2024, 3, 30))
    assert batches.close_due_campaigns(today=D(2024, 4, 1)) == 1
    assert Confirmation.objects.get(entitlement=late).state == ConfirmationState.SUSPENDED
    progress = batches.campaign_progress(campaign)
    assert [(r["total"], r["confirmed"], r["reviewed"], r["suspended"]) for r in progress] == [(2, 1, 1, 1)]

    april = run(new_batch(tree, people["staff"], 2024, 4), people)
    assert set(april.lines.values_list("entitlement_id", flat=True)) == {kept.pk}
    _previous, _rows = batches.batch_changes(april)
    # confirmed late, in May: the June batch pays June and the April and May held back
    may = run(new_batch(tree, people["staff"], 2024, 5), people)
    assert not may.lines.filter(entitlement=late).exists()
    batches.confirmation_confirm(confirmation=Confirmation.objects.get(entitlement=late), user=people["village_clerk"],
                                 alive=True, eligible=True, unchanged=True)
    june = new_batch(tree, people["staff"], 2024, 6)
    batches.batch_compute(batch=june, user=people["staff"])
    assert sorted(june.lines.filter(entitlement=late).values_list("month", "kind")) == [
        (D(2024, 4, 1), LineKind.HELD_BACK), (D(2024, 5, 1), LineKind.HELD_BACK), (D(2024, 6, 1), LineKind.PERIODIC)]
    _previous, rows = batches.batch_changes(june)
    assert [(r["kind"], r["why"]) for r in rows if r["entitlement"].pk == late.pk] == [
        ("新增", "年度确认后恢复发放，补发暂停月份")]


def test_workflow_refusals(tree, people):
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    survivor(tree, people["staff"])
    batch = new_batch(tree, people["staff"], 2024, 7)
    workflow = batch.workflow
    with pytest.raises(TransitionNotAllowed, match="尚未计算"):
        workflow.apply(batch, "review", user=people["reviewer"])
    batches.batch_compute(batch=batch, user=people["staff"])
    with pytest.raises(TransitionNotAllowed, match="不能执行“审批”"):
        workflow.apply(batch, "approve", user=people["approver"])  # not reviewed yet
    with pytest.raises(TransitionNotAllowed, match="不能执行“登记已发放”"):
        workflow.apply(batch, "pay", user=people["staff"])  # not approved
    with pytest.raises(TransitionNotAllowed, match="审核人不能是本批次的计算人"):
        workflow.apply(batch, "review", user=people["staff"])
    workflow.apply(batch, "review", user=people["reviewer"])
    with pytest.raises(TransitionNotAllowed, match="您的角色无权"):
        workflow.apply(batch, "approve", user=people["clerk"])  # a clerk never approves
    with pytest.raises(TransitionNotAllowed, match="审批人不能是"):
        workflow.apply(batch, "approve", user=people["reviewer"])
    with pytest.raises(TransitionNotAllowed, match="审批人不能是"):
        workflow.apply(batch, "approve", user=people["staff"])  # the one who computed it
    with pytest.raises(ValidationError, match="已冻结"):
        batches.batch_compute(batch=batch, user=people["staff"])
    workflow.apply(batch, "approve", user=people["approver"])
    with pytest.raises(ValidationError, match="已冻结"):
        services.record_update(instance=batch, data={"note": "改"}, user=people["staff"])
    with pytest.raises(ValidationError, match="已冻结"):
        services.record_delete(instance=batch, user=people["staff"])
    with pytest.raises(TransitionNotAllowed, match="请先选择本批次的列支经费"):
        workflow.apply(batch, "pay", user=people["staff"])  # no fund to pay it from
    batches.batch_pay(batch=batch, user=people["staff"], fund=pension_fund(batch))
    assert PaymentBatch.objects.get(pk=batch.pk).status == "paid"


def test_a_month_is_never_paid_twice(tree, people):
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    e = survivor(tree, people["staff"])
    run(new_batch(tree, people["staff"], 2024, 7), people)
    with pytest.raises(ValidationError, match="同一发放月份"):
        new_batch(tree, people["staff"], 2024, 7, "quarter")
    line = PaymentLine.objects.get(entitlement=e)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(batch=line.batch, entitlement=e, area_id=e.area_id, category=e.category,
                                   month=line.month, kind=LineKind.HELD_BACK, standard=line.standard, amount=line.amount)


def test_rejected_payment_is_reissued_in_the_next_batch(tree, people):
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    survivor(tree, people["staff"])
    july = run(new_batch(tree, people["staff"], 2024, 7), people)
    with pytest.raises(ValidationError, match="退票原因"):
        batches.batch_reconcile(batch=july, user=people["staff"], statement_number="HD001",
                                rejected_lines=list(july.lines.all()))
    batches.batch_reconcile(batch=july, user=people["staff"], statement_number="HD001",
                            rejected_lines=list(july.lines.all()), reject_reason="账户已销户")
    assert july.lines.get().rejected
    august = new_batch(tree, people["staff"], 2024, 8)
    batches.batch_compute(batch=august, user=people["staff"])
    assert sorted(august.lines.values_list("month", "kind")) == [(D(2024, 7, 1), LineKind.REISSUE),
                                                                 (D(2024, 8, 1), LineKind.PERIODIC)]


def test_death_stops_payment(tree, people):
    standard(tree, people["staff"], Decimal("40000.00"), D(2022, 8, 1), category=Category.DEMOBILISED)
    veteran = VeteranFactory(area=tree["village11"])
    services.record_create(model=Entitlement, user=people["staff"], data={
        "veteran": veteran, "category": Category.DEMOBILISED, "approved_on": D(2023, 1, 5)})
    run(new_batch(tree, people["staff"], 2024, 7), people)
    veteran_services.veteran_record_death(veteran=veteran, user=people["staff"], death_date=D(2024, 8, 20))
    august = new_batch(tree, people["staff"], 2024, 8, )
    batches.batch_compute(batch=august, user=people["staff"])
    assert august.lines.count() == 1  # the month of death is paid
    run(august, people, pay=True)
    september = new_batch(tree, people["staff"], 2024, 9)
    batches.batch_compute(batch=september, user=people["staff"])
    assert september.lines.count() == 0
    _previous, rows = batches.batch_changes(september)
    assert rows[0]["kind"] == "停发" and "去世" in rows[0]["why"]


def test_bank_file_totals_match_the_lines_to_the_fen(tree, people, client_for):
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    standard(tree, people["staff"], Decimal("29280.00"), D(2022, 8, 1), category=Category.ILLNESS_DEATH_FAMILY)
    for n in range(3):
        survivor(tree, people["staff"], account=f"622848123456789{n:04d}")
    veteran = VeteranFactory(area=tree["village21"])
    relative = FamilyMemberFactory(veteran=veteran, relationship="spouse")
    services.record_create(model=Entitlement, user=people["staff"], data={
        "veteran": veteran, "family_member": relative, "category": Category.ILLNESS_DEATH_FAMILY,
        "approved_on": D(2023, 1, 1), "bank_account": "6228480000000000001"})
    batch = new_batch(tree, people["staff"], 2024, 10, "quarter")
    url = reverse("benefits:paymentbatch_bank_file", args=[batch.pk])
    assert client_for(people["staff"]).get(url).status_code == 403  # not approved yet
    batch = run(batch, people, pay=False)
    expected = sum(batch.lines.values_list("amount", flat=True))
    assert batch.total_amount == expected == 3 * 3 * Decimal("3075.83") + 3 * Decimal("2440.00")
    response = client_for(people["staff"]).get(url, {"full": "1", "purpose": "报送农业银行代发"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("笔数", 4, "总金额（元）", f"{expected:.2f}")
    body = rows[4:]
    assert sum(Decimal(r[5]) for r in body) == expected
    assert "*" not in body[0][2]  # staff may reveal, asked with a purpose: the full ID for the bank
    county_clerk = UserFactory(username="county_clerk", role=Role.CLERK, area=tree["county"])
    masked = client_for(county_clerk).get(url)
    masked_rows = list(load_workbook(io.BytesIO(masked.content)).active.iter_rows(values_only=True))
    assert all("*" in r[2] and "*" in r[4] for r in masked_rows[4:] if r[0])  # a clerk: masked
    # the page shows the same total and links to the roster
    page = client_for(people["staff"]).get(batch.get_absolute_url()).content.decode()
    assert f"{expected}" in page and "下载发放台账" in page and "银行代发文件" in page
    roster = client_for(people["staff"]).get(reverse("benefits:paymentline_export") + f"?batch={batch.pk}")
    assert roster.status_code == 200


def bank_file(client, batch, **query):
    response = client.get(reverse("benefits:paymentbatch_bank_file", args=[batch.pk]), query)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def test_bank_file_is_masked_by_default_and_whole_only_by_choice_with_a_purpose(tree, people, client_for):
    """Revealing roles got every ID number and bank account whole by default, with no purpose asked or logged."""
    from core.models import AccessLog

    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    e = survivor(tree, people["staff"], account="6228481234567890123")
    batch = run(new_batch(tree, people["staff"], 2024, 10), people, pay=False)
    id_number = e.family_member.id_number
    staff = client_for(people["staff"])

    for user in ("staff", "leader"):  # revealing roles: masked unless asked
        sheet = bank_file(client_for(people[user]), batch)
        assert sheet["E3"].value == "身份证号和银行账号已脱敏"
        assert sheet["C5"].value == idnumber.mask_id(id_number) != id_number
        assert sheet["E5"].value == mask_account("6228481234567890123") != "6228481234567890123"
    log = AccessLog.objects.filter(kind="export", target="银行代发文件").latest("id")
    assert log.detail["masked"] is True and "purpose" not in log.detail

    url = reverse("benefits:paymentbatch_bank_file", args=[batch.pk])
    asked = staff.get(url, {"full": "1"})  # the purpose is asked for first, on the same page as the ledger's
    assert asked.status_code == 200 and asked.templates[0].name == "generic/export_full.html"
    assert "用途" in asked.content.decode() and "身份证号和银行账号" in asked.content.decode()
    assert "请写明用途" in staff.get(url, {"full": "1", "purpose": "看看"}).content.decode()
    assert AccessLog.objects.filter(kind="export", target="银行代发文件").count() == 2  # nothing downloaded meanwhile

    sheet = bank_file(staff, batch, full="1", purpose="报送农业银行代发")
    assert sheet["E3"].value == "含完整身份证号和银行账号，用途：报送农业银行代发，请妥善保管，用后销毁"
    assert (sheet["C5"].value, sheet["E5"].value) == (id_number, "6228481234567890123")
    log = AccessLog.objects.filter(kind="export", target="银行代发文件").latest("id")
    assert log.detail["masked"] is False and log.detail["purpose"] == "报送农业银行代发"
    assert log.username == "staff" and log.detail["batch"] == batch.pk

    clerk = UserFactory(username="county_clerk", role=Role.CLERK, area=tree["county"])
    assert client_for(clerk).get(url, {"full": "1", "purpose": "报送农业银行代发"}).status_code == 403
    assert "*" in bank_file(client_for(clerk), batch)["C5"].value
    page = staff.get(batch.get_absolute_url()).content.decode()
    assert f"{url}?full=1" in page and "下载银行代发文件（脱敏）" in page
    assert f"{url}?full=1" not in client_for(clerk).get(batch.get_absolute_url()).content.decode()


def test_bank_file_writes_no_live_formula(tree, people, client_for):
    """The bank file wrote names, bank names and the batch's name without the ledger's guard."""
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    e = survivor(tree, people["staff"])
    type(e.family_member).objects.filter(pk=e.family_member_id).update(name='=HYPERLINK("http://x","点我")')
    Entitlement.objects.filter(pk=e.pk).update(bank_name="@SUM(A1)")
    batch = run(new_batch(tree, people["staff"], 2024, 10), people, pay=False)
    PaymentBatch.objects.filter(pk=batch.pk).update(name="=1+2批次")
    for query in ({}, {"full": "1", "purpose": "报送农业银行代发"}):
        sheet = bank_file(client_for(people["staff"]), batch, **query)
        assert sheet["A1"].value == "=1+2批次 银行代发文件"
        assert (sheet["B5"].value, sheet["D5"].value) == ('=HYPERLINK("http://x","点我")', "@SUM(A1)")
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert cells and all(cell.data_type != "f" for cell in cells)
        assert sheet["B5"].data_type == "s"


def test_the_deadline_task_runs_daily_and_closes_due_campaigns(tree, people):
    from django.conf import settings

    from benefits.tasks import close_due_campaigns_task

    entry = settings.CELERY_BEAT_SCHEDULE["close-due-confirmation-campaigns"]
    assert entry["task"] == close_due_campaigns_task.name
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    e = survivor(tree, people["staff"])
    campaign = services.record_create(model=ConfirmationCampaign, user=people["staff"], data={
        "area": tree["county"], "year": 2024, "deadline": D(2024, 3, 31)})
    assert close_due_campaigns_task.apply().get() == 1  # today is past 2024-03-31
    campaign.refresh_from_db()
    assert campaign.status == "closed" and Confirmation.objects.get(entitlement=e).state == ConfirmationState.SUSPENDED


def test_indicators_and_summary_sentence(tree, people):
    from benefits.indicators_batches import pension_paid
    from core.indicators import Period, compute

    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    survivor(tree, people["staff"])
    survivor(tree, people["staff"], account="6228481234567890999")
    campaign = services.record_create(model=ConfirmationCampaign, user=people["staff"], data={
        "area": tree["county"], "year": 2024, "deadline": D(2024, 3, 31)})
    first = campaign.confirmations.order_by("pk").first()
    batches.confirmation_confirm(confirmation=first, user=people["staff"], alive=True, eligible=True, unchanged=True)
    batches.campaign_close(campaign=campaign, user=people["staff"], today=D(2024, 4, 1))
    batch = run(new_batch(tree, people["staff"], 2024, 4, "quarter"), people)
    PaymentBatch.objects.filter(pk=batch.pk).update(paid_on=D(2024, 4, 20))
    year = Period(D(2024, 1, 1), D(2024, 12, 31))
    county = tree["county"].code
    assert pension_paid(county, year) == Decimal("9227.49")
    assert compute("benefits.people_paid", county, year) == 1
    assert compute("benefits.confirmation_rate", county, year) == 50
    assert compute("benefits.suspended", county, year) == 1
    assert compute("benefits.pension_paid", county, Period(D(2023, 1, 1), D(2023, 12, 31))) == 0


def test_batch_pages_are_scoped(tree, people, client_for):
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    survivor(tree, people["staff"])
    batch = run(new_batch(tree, people["staff"], 2024, 4), people)
    for name in ("paymentbatch_bank_file", "paymentbatch_changes"):
        url = reverse(f"benefits:{name}", args=[batch.pk])
        assert client_for(people["other_staff"]).get(url).status_code == 404  # another township's staff
        assert client_for(people["auditor"]).get(url).status_code == 403
        assert client_for(people["leader"]).get(url).status_code == 200
    assert client_for(people["leader"]).get(reverse("benefits:paymentbatch_changes", args=[batch.pk])).content.decode(
    ).count("第一个批次") == 1


def test_a_lines_category_reads_as_its_label(tree, people, client_for):
    standard(tree, people["staff"], OLD, D(2022, 8, 1))
    survivor(tree, people["staff"])
    batch = new_batch(tree, people["staff"], 2024, 4)
    batches.batch_compute(batch=batch, user=people["staff"])
    line = batch.lines.get()
    client = client_for(people["staff"])
    for url in (reverse("benefits:paymentline_list") + f"?batch={batch.pk}", line.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "烈士遗属" in page and "martyr_family" not in page.split("<table", 1)[-1].split("</table>")[0], url
    assert line.get_category_display() == "烈士遗属"
