"""烈士后裔助学金: the standard looked up by level and year (the nearest area's), the approval steps and
their refusals, a batch whose total is the sum of its lines to the fen, paid as one from a fund that
refuses overspending, the roster, the figures and the summary's sentence, and the pages' walk and pins."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from benefits.models import (
    Fund,
    FundCharge,
    ScholarshipApplication,
    ScholarshipBatch,
    ScholarshipStandard,
    scholarship_workflow,
    standard_for,
)
from benefits.services_assist import charges_of
from benefits.services_scholarships import application_remove_from_batch, batch_gather, batch_pay
from core import services
from core.indicators import Period, compute
from core.models import User
from core.registry import registry
from core.roles import Role
from core.workflow import TransitionNotAllowed
from honors.models import Martyr
from reports.compose import compose
from tests.benefits.helpers_assist import fund
from tests.factories import UserFactory, make_id_number
from tests.list_queries import assert_list_queries_pinned
from tests.walk import OBJECT_MAKERS

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YEAR = TODAY.year


def standard(area, level, amount, year=YEAR):
    return ScholarshipStandard.objects.create(area=area, level=level, year=year, amount=Decimal(amount),
                                              document="云退役军人〔2025〕8号")


@pytest.fixture
def standards(tree):
    """The county's table, and township 1's own, higher, primary-school standard."""
    return {
        "primary": standard(tree["county"], "primary", "1000.00"),
        "junior": standard(tree["county"], "junior", "1500.50"),
        "senior": standard(tree["county"], "senior", "2000.25"),
        "primary_t1": standard(tree["township1"], "primary", "1200.00"),
    }


SERIAL = iter(range(1, 10_000))


def data(area, level="primary", **extra):
    n = next(SERIAL)
    values = {"area": area, "student_name": f"王小{n}", "id_number": make_id_number(
        born=datetime.date(2012, 1 + n % 12, 1 + n % 28), sequence=n), "school": "云溪县实验小学", "level": level,
        "school_year": YEAR, "martyr_name": "王德发", "relationship": "grandchild", "applied_on": TODAY, "note": ""}
    values.update(extra)
    return values


def file(user, area, level="primary", **extra):
    return services.record_create(model=ScholarshipApplication, data=data(area, level, **extra), user=user)


def reviewer(tree):
    """A second clerk of township 1: the township's reviewer (not the one who filed)."""
    return User.objects.filter(username="reviewer").first() or UserFactory(
        username="reviewer", role=Role.CLERK, area=tree["township1"])


def approved(tree, users, area, level="primary", **extra):
    """Filed by the township's clerk, reviewed by another (township 2's by the bureau), approved by the bureau."""
    ours = area.code.startswith(tree["township1"].code)
    application = file(users["clerk"] if ours else users["other_clerk"], area, level, **extra)
    scholarship_workflow.apply(application, "review", user=reviewer(tree) if ours else users["staff"])
    scholarship_workflow.apply(application, "approve", user=users["staff"])
    return application


# ---------------------------------------------------------------- standards


def test_the_amount_is_the_nearest_areas_standard_for_the_level_and_year(tree, users, standards):
    assert standard_for(tree["village11"].code, "primary", YEAR).amount == Decimal("1200.00")  # township 1's own
    assert standard_for(tree["village21"].code, "primary", YEAR).amount == Decimal("1000.00")  # the county's
    assert standard_for(tree["village21"].code, "junior", YEAR).amount == Decimal("1500.50")
    assert standard_for(tree["village21"].code, "primary", YEAR - 1) is None
    assert standard_for(tree["village21"].code, "graduate", YEAR) is None
    clerk = users["clerk"]
    assert file(clerk, tree["village11"]).amount == Decimal("1200.00")
    assert file(clerk, tree["village12"], "senior").amount == Decimal("2000.25")
    assert file(users["staff"], tree["village21"]).amount == Decimal("1000.00")


def test_no_standard_no_application(tree, users, standards):
    before = ScholarshipApplication.objects.count()
    with pytest.raises(ValidationError) as exc:
        file(users["clerk"], tree["village11"], "graduate")
    assert f"没有适用的{YEAR}学年“研究生”助学金标准，不能受理" in exc.value.message_dict["level"][0]
    with pytest.raises(ValidationError) as exc:
        file(users["clerk"], tree["village11"], school_year=YEAR - 1, applied_on=TODAY.replace(month=1, day=1))
    assert "没有适用的" in exc.value.message_dict["level"][0]
    assert ScholarshipApplication.objects.count() == before


def test_a_second_standard_for_the_same_area_level_and_year_is_refused(tree, users, standards):
    with pytest.raises(ValidationError) as exc:
        services.record_create(model=ScholarshipStandard, user=users["staff"], data={
            "area": tree["county"], "level": "primary", "year": YEAR, "amount": Decimal("900.00"), "document": "", "note": ""})
    assert f"本区划已有{YEAR}年度“小学”的助学金标准（1000.00元）" in exc.value.message_dict["year"][0]
    assert ScholarshipStandard.objects.count() == 4
    # another year, or another level, is a standard of its own
    services.record_create(model=ScholarshipStandard, user=users["staff"], data={
        "area": tree["county"], "level": "primary", "year": YEAR + 1, "amount": Decimal("1100.00"), "document": "",
        "note": ""})


def test_one_application_a_student_and_school_year(tree, users, standards):
    first = file(users["clerk"], tree["village11"])
    with pytest.raises(ValidationError) as exc:
        file(users["clerk"], tree["village12"], id_number=first.id_number)
    assert f"该学生已申请{YEAR}学年的助学金" in exc.value.message_dict["id_number"][0]


def test_the_martyr_from_the_register_or_by_name(tree, users, standards):
    martyr = Martyr.objects.create(area=tree["township1"], name="李英")
    linked = file(users["clerk"], tree["village11"], martyr=martyr, martyr_name="李 英")
    assert linked.martyr == martyr and linked.martyr_name == "" and linked.martyr_label() == "李英"
    named = file(users["clerk"], tree["village11"], martyr_name="张 国 强")
    assert named.martyr is None and named.martyr_label() == "张国强"
    with pytest.raises(ValidationError) as exc:
        file(users["clerk"], tree["village11"], martyr_name="")
    assert "请从烈士英名录中选择烈士" in exc.value.message_dict["martyr_name"][0]
    # a martyr registered in another township is not the clerk's to choose
    elsewhere = Martyr.objects.create(area=tree["township2"], name="赵刚")
    with pytest.raises(ValidationError):
        file(users["clerk"], tree["village11"], martyr=elsewhere)


def test_the_martyrs_page_lists_the_descendants_applications(tree, users, standards, client_for):
    martyr = Martyr.objects.create(area=tree["township1"], name="李英")
    application = file(users["clerk"], tree["village11"], martyr=martyr, student_name="李小明")
    file(users["clerk"], tree["village11"], student_name="陈小红")  # another martyr's
    page = client_for(users["clerk"]).get(martyr.get_absolute_url()).content.decode()
    assert "烈士后裔助学金" in page and "李小明" in page and "陈小红" not in page
    assert application.id_number not in page


def test_the_page_form_files_an_application(tree, users, standards, client_for):
    values = data(tree["village11"], "junior")
    values["area"] = tree["village11"].code
    response = client_for(users["clerk"]).post(reverse("benefits:scholarshipapplication_add"), values)
    assert response.status_code == 302
    application = ScholarshipApplication.objects.get()
    assert application.amount == Decimal("1500.50") and application.filed_by == users["clerk"]
    page = client_for(users["staff"]).get(application.get_absolute_url()).content.decode()
    assert "镇街审核通过" in page and "1500.50" in page and values["id_number"] not in page


# ---------------------------------------------------------------- the approval steps


def test_every_step_and_its_refusals(tree, users, standards):
    clerk, staff, township = users["clerk"], users["staff"], reviewer(tree)
    application = file(clerk, tree["village11"])
    assert application.status == "submitted" and application.due_on == TODAY + datetime.timedelta(days=10)
    with pytest.raises(TransitionNotAllowed, match="不能审核或审批本人经办的申请"):
        scholarship_workflow.apply(application, "review", user=clerk)
    with pytest.raises(TransitionNotAllowed, match="须填写说明"):
        scholarship_workflow.apply(application, "send_back", user=township, remark="")
    scholarship_workflow.apply(application, "send_back", user=township, remark="请补充户口簿复印件")
    assert application.status == "returned"
    services.record_update(instance=application, data={"school": "云溪县城南小学"}, user=clerk)  # amended
    scholarship_workflow.apply(application, "resubmit", user=clerk)
    scholarship_workflow.apply(application, "review", user=township)
    assert application.status == "reviewed" and application.due_on == TODAY + datetime.timedelta(days=15)
    with pytest.raises(ValidationError, match="不能再修改"):
        services.record_update(instance=application, data={"school": "别的学校"}, user=clerk)
    with pytest.raises(TransitionNotAllowed, match="角色无权"):
        scholarship_workflow.apply(application, "approve", user=township)
    filed_by_staff = file(staff, tree["village12"])
    scholarship_workflow.apply(filed_by_staff, "review", user=township)
    with pytest.raises(TransitionNotAllowed, match="不能审核或审批本人经办的申请"):
        scholarship_workflow.apply(filed_by_staff, "approve", user=staff)
    scholarship_workflow.apply(application, "approve", user=staff)
    application.refresh_from_db()
    assert application.status == "approved" and application.approved_on == TODAY
    assert application.due_on == TODAY + datetime.timedelta(days=30)
    with pytest.raises(TransitionNotAllowed, match="随发放批次统一发放"):
        scholarship_workflow.apply(application, "pay", user=staff)
    with pytest.raises(TransitionNotAllowed, match="不能执行"):
        scholarship_workflow.apply(application, "refuse", user=staff, remark="已批准")
    refused = file(clerk, tree["village12"])
    with pytest.raises(TransitionNotAllowed, match="须填写说明"):
        scholarship_workflow.apply(refused, "refuse", user=staff)
    scholarship_workflow.apply(refused, "refuse", user=staff, remark="已享受同类资助")
    refused.refresh_from_db()
    assert refused.status == "refused" and refused.due_on is None
    steps = [(e.name, e.user) for e in scholarship_workflow.log(application)]
    assert steps == [("send_back", township), ("resubmit", clerk), ("review", township), ("approve", staff)]


def test_the_detail_page_offers_the_steps_but_not_payment(tree, users, standards, client_for):
    application = approved(tree, users, tree["village11"])
    page = client_for(users["staff"]).get(application.get_absolute_url()).content.decode()
    assert "局已审批" in page and "/transition/pay/" not in page
    assert client_for(users["staff"]).post(reverse("benefits:scholarshipapplication_transition",
                                                   args=[application.pk, "pay"])).status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"  # refused: paid only with its batch


# ---------------------------------------------------------------- batches


def batch(tree, **extra):
    return ScholarshipBatch.objects.create(**{"area": tree["county"], "year": YEAR, **extra})


def test_the_batch_gathers_the_years_approved_applications_and_totals_them_to_the_fen(tree, users, standards):
    a = approved(tree, users, tree["village11"], "junior")  # 1500.50
    b = approved(tree, users, tree["village12"], "senior")  # 2000.25
    c = approved(tree, users, tree["village21"], "primary")  # 1000.00 (the county's)
    file(users["clerk"], tree["village11"])  # not approved: stays out
    paying = batch(tree)
    assert str(paying) == f"{YEAR}学年烈士后裔助学金"
    gathered = batch_gather(scholarshipbatch=paying, user=users["staff"])
    assert {x.pk for x in gathered} == {a.pk, b.pk, c.pk}
    paying.refresh_from_db()
    lines = ScholarshipApplication.objects.filter(batch=paying)
    assert paying.total_amount == Decimal("4500.75") == sum(x.amount for x in lines)
    assert paying.people == 3
    with pytest.raises(ValidationError, match="没有.*已批准、尚未纳入批次"):
        batch_gather(scholarshipbatch=batch(tree, name="第二批"), user=users["staff"])
    application_remove_from_batch(scholarshipapplication=c, user=users["staff"])
    paying.refresh_from_db()
    assert paying.total_amount == Decimal("3500.75") and paying.people == 2


def test_the_batch_is_paid_as_one_from_the_fund(tree, users, standards):
    a = approved(tree, users, tree["village11"], "junior")
    b = approved(tree, users, tree["village12"], "senior")
    paying = batch(tree)
    batch_gather(scholarshipbatch=paying, user=users["staff"])
    money = fund(tree, "10000.00", kind="scholarship")
    batch_pay(scholarshipbatch=paying, user=users["staff"], fund=money, paid_on=TODAY)
    assert paying.status == "paid" and paying.paid_on == TODAY and paying.fund == money
    money.refresh_from_db()
    assert money.disbursed == Decimal("3500.75") and money.balance == Decimal("6499.25")
    (charge,) = charges_of(paying)
    assert charge.amount == Decimal("3500.75") and charge.fund == money and charge.record == paying
    for application in (a, b):
        application.refresh_from_db()
        assert application.status == "paid" and application.paid_on == TODAY and application.due_on is None
    with pytest.raises(ValidationError):
        batch_pay(scholarshipbatch=paying, user=users["staff"], fund=money, paid_on=TODAY)  # paid once
    assert FundCharge.objects.count() == 1


def test_overspending_the_fund_is_refused_and_nothing_changes(tree, users, standards):
    a = approved(tree, users, tree["village11"], "junior")
    approved(tree, users, tree["village12"], "senior")
    paying = batch(tree)
    batch_gather(scholarshipbatch=paying, user=users["staff"])
    money = fund(tree, "3500.74", kind="scholarship")  # one fen short
    with pytest.raises(ValidationError) as exc:
        batch_pay(scholarshipbatch=paying, user=users["staff"], fund=money, paid_on=TODAY)
    assert "余额为3500.74元，不足支付3500.75元" in exc.value.messages[0]
    paying.refresh_from_db()
    a.refresh_from_db()
    money.refresh_from_db()
    assert paying.status == "draft" and paying.fund is None and paying.paid_on is None
    assert a.status == "approved" and a.paid_on is None
    assert money.disbursed == Decimal("0.00") and not FundCharge.objects.exists()


def test_an_empty_batch_or_one_by_a_clerk_is_not_paid(tree, users, standards):
    money = fund(tree, "10000.00", kind="scholarship")
    with pytest.raises(ValidationError, match="还没有申请"):
        batch_pay(scholarshipbatch=batch(tree), user=users["staff"], fund=money, paid_on=TODAY)
    paying = batch(tree, name="第二批")
    approved(tree, users, tree["village11"])
    batch_gather(scholarshipbatch=paying, user=users["staff"])
    with pytest.raises(ValidationError, match="角色无权"):
        batch_pay(scholarshipbatch=paying, user=users["clerk"], fund=money, paid_on=TODAY)
    money.refresh_from_db()
    assert money.disbursed == Decimal("0.00")


def test_the_roster_is_the_batchs_lines(tree, users, standards, client_for):
    a = approved(tree, users, tree["village11"], "junior")
    approved(tree, users, tree["village12"], "senior")
    paying = batch(tree)
    batch_gather(scholarshipbatch=paying, user=users["staff"])
    outside = approved(tree, users, tree["village21"])  # approved after the gathering: not on the roster
    staff = client_for(users["staff"])
    page = staff.get(paying.get_absolute_url()).content.decode()
    assert "导出发放花名册" in page and "3500.75" in page
    response = staff.get(reverse("benefits:scholarshipapplication_export"), {"batch": paying.pk})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    names = {row[1] for row in rows if row and row[1]}
    assert a.student_name in names and outside.student_name not in names
    assert not any(a.id_number in str(cell) for row in rows for cell in row)  # masked by default


# ---------------------------------------------------------------- figures and the summary


def test_the_figures_by_level_and_the_summary_sentence(tree, users, standards):
    a = approved(tree, users, tree["village11"], "junior")  # 1500.50, paid
    b = approved(tree, users, tree["village12"], "primary")  # 1200.00 (township 1's), paid
    approved(tree, users, tree["village21"], "primary")  # 1000.00, approved, not in the batch
    file(users["clerk"], tree["village11"], "senior")  # received only
    paying = batch(tree, area=tree["township1"])
    batch_gather(scholarshipbatch=paying, user=users["staff"])
    batch_pay(scholarshipbatch=paying, user=users["staff"], fund=fund(tree, "10000.00", kind="scholarship"),
              paid_on=TODAY)
    county, period = tree["county"].code, Period.year(YEAR)
    figures = {name: compute(f"benefits.scholarship_{name}", county, period) for name in (
        "applied", "applied_people", "approved", "paid_amount", "paid_people", "applied_primary", "approved_primary",
        "paid_primary", "people_primary", "applied_junior", "paid_junior", "applied_senior", "approved_senior",
        "paid_graduate")}
    assert figures == {"applied": 4, "applied_people": 4, "approved": 3, "paid_amount": Decimal("2700.50"),
                       "paid_people": 2, "applied_primary": 2, "approved_primary": 2, "paid_primary": Decimal("1200.00"),
                       "people_primary": 1, "applied_junior": 1, "paid_junior": Decimal("1500.50"), "applied_senior": 1,
                       "approved_senior": 0, "paid_graduate": Decimal("0.00")}
    assert compute("benefits.scholarship_applied", tree["township2"].code, period) == 1
    assert compute("benefits.scholarship_applied", county, Period.year(YEAR - 1)) == 0
    assert {a.pk, b.pk} == set(ScholarshipApplication.objects.filter(status="paid").values_list("pk", flat=True))
    draft = compose("year", YEAR, tree["county"])
    (section,) = [paragraphs for title, paragraphs in draft.sections if "落实优抚政策" in title]
    # the fund's paragraph comes first (一是保障资金投入); a sum under 10,000 yuan reads in whole 元, half up
    assert section[0].startswith("一是保障资金投入")
    assert section[1] == (f"二是落实烈士后裔助学政策。{YEAR}年共收到烈士后裔助学金申请4份4人次，发放烈士后裔助学金2701元，"
                          "资助烈士后裔学生2人。")


def test_no_applications_no_sentence(tree):
    draft = compose("year", YEAR, tree["county"])
    assert not any("烈士后裔助学金" in p for _title, paragraphs in draft.sections for p in paragraphs)


# ---------------------------------------------------------------- the walk and the list pins

MODELS = ("benefits.scholarshipstandard", "benefits.scholarshipapplication", "benefits.scholarshipbatch")
LIST_QUERIES = 8  # measured: 7 for the standards and batches, 8 for the applications (their martyrs, read once for the page)


def test_the_permission_walk_has_the_new_models():
    registered = {vs.model._meta.label_lower for vs in registry.all()}
    assert set(MODELS) <= registered
    assert "benefits.scholarshipapplication" in OBJECT_MAKERS
    batch_views = registry.get("benefits.scholarshipbatch")
    assert {a.name for a in batch_views.object_actions} == {"gather", "pay"}


@pytest.mark.parametrize("label", MODELS)
def test_the_list_query_count_is_pinned(label, users, tree, client_for, django_assert_max_num_queries):
    vs = registry.get(label)
    assert_list_queries_pinned(vs, users=users, tree=tree, client_for=client_for, grow=True,
                               django_assert_max_num_queries=django_assert_max_num_queries, limit=LIST_QUERIES)


def test_fund_choice_is_scoped(tree, users, standards, client_for):
    """The batch's payment form offers the funds the staff may see; an outsider's batch is 404."""
    paying = batch(tree)
    url = reverse("benefits:scholarshipbatch_action", args=[paying.pk, "pay"])
    assert client_for(users["staff"]).get(url).status_code == 200
    assert client_for(users["other_staff"]).get(url).status_code == 404
    assert Fund.objects.count() == 0
