"""双拥: visits with many recipients and their rules, the repeat warning, campaigns' plans, the shops' and the
优待清单's workflow, units' problems solved on a day entered, co-building, model-city milestones, the survey's counts,
the figures and the summary sentences, and the list's query pin."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from benefits.models_assist import Fund, FundCharge
from benefits.services_assist import charges_of
from core import services
from core.indicators import Period, compute, compute_series, dashboard_tiles
from core.workflow import TransitionNotAllowed
from reports.compose import compose
from support_army import services as army
from support_army.models import (
    ArmyUnit,
    Campaign,
    CampaignTarget,
    CoBuildingActivity,
    Conscription,
    FamilySurvey,
    ModelCityMilestone,
    PreferentialItem,
    RecipientKind,
    ServingFamily,
    SupportShop,
    UnitProblem,
    Visit,
    VisitRecipient,
    batch_label,
)
from tests.factories import VeteranFactory

pytestmark = pytest.mark.django_db
YEAR = Period.year(2025)
DAY = datetime.date(2025, 1, 25)


def visit(area, day=DAY, occasion="spring", **extra):
    return Visit.objects.create(area=area, date=day, occasion=occasion, leader_name="王建国", leader_post="局长", **extra)


def section_text(draft):
    """The 双拥 section of a composed summary, its paragraphs joined."""
    return next("".join(p) for title, p in draft.sections if "双拥" in title)


def recipient(v, user, **data):
    return services.record_create(model=VisitRecipient, data={"visit": v, **data}, user=user)


def test_negative_money_and_goods_without_a_value_are_refused_and_nothing_is_saved(users, tree):
    v = visit(tree["village11"])
    veteran = VeteranFactory(area=tree["village11"])
    with pytest.raises(ValidationError) as negative:
        recipient(v, users["staff"], kind="veteran", veteran=veteran, cash=Decimal("-100"))
    assert "金额不能为负数。" in str(negative.value)
    with pytest.raises(ValidationError) as goods:
        recipient(v, users["staff"], kind="veteran", veteran=veteran, goods="大米", goods_value=Decimal("0"))
    assert "填写了慰问品，须填写慰问品价值。" in str(goods.value)
    with pytest.raises(ValidationError, match="须选择部队"):
        recipient(v, users["staff"], kind="unit")
    assert VisitRecipient.objects.count() == 0


def test_the_recipients_page_form_refuses_a_negative_amount_in_chinese(users, tree, client_for):
    v = visit(tree["village11"])
    veteran = VeteranFactory(area=tree["village11"])
    response = client_for(users["staff"]).post(reverse("support_army:visitrecipient_add"), {
        "visit": v.pk, "kind": "veteran", "veteran": veteran.pk, "cash": "-5", "goods": "", "goods_value": "0"})
    assert response.status_code == 200 and "金额不能为负数" in response.content.decode()
    assert VisitRecipient.objects.count() == 0


def test_one_visit_reaches_many_recipients_at_once_and_a_bad_line_adds_nobody(users, tree, client_for):
    v = visit(tree["township1"])
    zhang = VeteranFactory(area=tree["village11"], name="张三")
    li = VeteranFactory(area=tree["village12"], name="李四")
    VeteranFactory(area=tree["village21"], name="王五")  # outside the visit's township
    url = reverse("support_army:visit_action", args=[v.pk, "recipients"])
    client = client_for(users["clerk"])
    bad = client.post(url, {"kind": "beneficiary", "people": "张三\n王五", "cash": "500", "goods": "大米", "goods_value": "200"})
    assert "“王五”：本区划内未找到该退役军人。" in bad.content.decode()
    assert VisitRecipient.objects.count() == 0
    ok = client.post(url, {"kind": "beneficiary", "people": "张三\n 李四 \n", "cash": "500", "goods": "大米", "goods_value": "200"})
    assert ok.status_code == 302
    rows = VisitRecipient.objects.filter(visit=v).order_by("veteran__name")
    assert {r.veteran_id for r in rows} == {zhang.pk, li.pk}
    assert all(r.cash == Decimal("500.00") and r.goods_value == Decimal("200.00") and r.kind == "beneficiary" for r in rows)
    assert army.visit_totals(v) == {"people": 2, "units": 0, "cash": Decimal("1000.00"), "goods": Decimal("400.00")}
    page = client.get(v.get_absolute_url()).content.decode()
    assert "慰问对象 <strong>2</strong> 人次" in page


def test_namesakes_are_told_apart_by_the_last_four_digits(users, tree):
    v = visit(tree["township1"])
    first = VeteranFactory(area=tree["village11"], name="张三")
    VeteranFactory(area=tree["village12"], name="张三")
    with pytest.raises(ValidationError, match="有重名"):
        army.add_recipients(visit=v, user=users["staff"], people="张三", kind="veteran", cash=Decimal("100"))
    army.add_recipients(visit=v, user=users["staff"], people=f"张三 {first.id_number[-4:]}", kind="veteran",
                        cash=Decimal("100"))
    assert list(v.recipients.values_list("veteran_id", flat=True)) == [first.pk]


def test_a_second_visit_to_the_same_family_on_the_same_occasion_in_the_same_year_is_warned_about(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"], name="曾国强")
    earlier = visit(tree["village11"], day=datetime.date(2025, 1, 20))
    recipient(earlier, users["staff"], kind="veteran", veteran=veteran, cash=Decimal("500"))
    autumn = visit(tree["village11"], day=datetime.date(2025, 9, 10), occasion="midautumn")
    recipient(autumn, users["staff"], kind="veteran", veteran=veteran, cash=Decimal("300"))
    last_year = visit(tree["village11"], day=datetime.date(2024, 2, 1))
    recipient(last_year, users["staff"], kind="veteran", veteran=veteran, cash=Decimal("300"))
    again = visit(tree["village11"], day=datetime.date(2025, 2, 5))
    recipient(again, users["staff"], kind="veteran", veteran=veteran, cash=Decimal("200"))  # allowed, but warned
    assert army.warn_repeats(again) == ["曾国强已于2025-01-20在“春节”走访慰问过，本年度同一节点再次慰问，请核实。"]
    assert army.warn_repeats(autumn) == [] and army.warn_repeats(last_year) == []
    page = client_for(users["staff"]).get(again.get_absolute_url()).content.decode()
    assert "重复慰问提示" in page and "本年度同一节点再次慰问" in page


def test_a_campaign_shows_planned_and_done_per_township(users, tree, client_for):
    campaign = Campaign.objects.create(area=tree["county"], name="2025年春节走访慰问", year=2025, occasion="spring",
                                       starts_on=datetime.date(2025, 1, 15))
    CampaignTarget.objects.create(campaign=campaign, area=tree["township1"], planned=4)
    CampaignTarget.objects.create(campaign=campaign, area=tree["township2"], planned=2)
    v = visit(tree["village11"], campaign=campaign)
    for n in range(3):
        recipient(v, users["staff"], kind="veteran", veteran=VeteranFactory(area=tree["village11"]), cash=Decimal(100 + n))
    unit = ArmyUnit.objects.create(area=tree["county"], name="驻县某部")
    recipient(visit(tree["county"], campaign=campaign), users["staff"], kind="unit", unit=unit, cash=Decimal("20000"))
    rows = {str(r["area"]): (r["planned"], r["done"], r["rate"]) for r in army.campaign_progress(campaign, users["staff"])}
    assert rows == {str(tree["township1"]): (4, 3, "75%"), str(tree["township2"]): (2, 0, "0%")}
    assert "计划与完成" in client_for(users["staff"]).get(campaign.get_absolute_url()).content.decode()


def shop(area, **extra):
    return SupportShop.objects.create(area=area, name="老兵饭店", licence_number="92330727MA12345678", address="府前路1号",
                                      applied_on=datetime.date(2025, 4, 1), discounts="凭优待证就餐九折", **extra)


def test_a_shop_cannot_be_approved_without_an_inspection(users, tree, client_for):
    s = shop(tree["township1"])
    client = client_for(users["staff"])
    client.post(reverse("support_army:supportshop_transition", args=[s.pk, "review"]))
    s.refresh_from_db()
    assert s.status == "reviewed"
    response = client.post(reverse("support_army:supportshop_action", args=[s.pk, "approve"]),
                           {"batch": "1", "approved_on": "2025-08-05"})
    assert "未经实地核查，不能批准。" in response.content.decode()
    s.refresh_from_db()
    assert (s.status, s.batch, s.approved_on) == ("reviewed", None, None)
    with pytest.raises(TransitionNotAllowed, match="未经实地核查，不能批准。"):
        s.workflow.apply(s, "approve", user=users["staff"], by_rule=True)


def item(area, **extra):
    return PreferentialItem.objects.create(area=area, name="县城公交免费乘车", provider="县公交公司", kind="transport",
                                           applied_on=datetime.date(2025, 4, 1), discounts="凭优待证免费乘车", **extra)


def export_rows(client, url_name, **params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]


# (model name, maker, the name and the discount the approved list shows): a shop and a 优待清单 item go the same way.
LISTINGS = [("supportshop", shop, "老兵饭店", "凭优待证就餐九折"), ("preferentialitem", item, "县城公交免费乘车", "凭优待证免费乘车")]


@pytest.mark.parametrize(("name", "make", "title", "discount"), LISTINGS, ids=[row[0] for row in LISTINGS])
def test_a_listing_goes_through_its_workflow_into_a_numbered_batch_and_can_be_withdrawn(name, make, title, discount, users,
                                                                                        tree, client_for):
    s = make(tree["township1"])
    client = client_for(users["staff"])
    client.post(reverse(f"support_army:{name}_transition", args=[s.pk, "review"]))
    assert client.post(reverse(f"support_army:{name}_action", args=[s.pk, "inspect"]), {
        "inspected_on": "2025-07-10", "inspector": "县双拥办 陈海燕", "inspection_note": "资质齐全"}).status_code == 302
    assert client.post(reverse(f"support_army:{name}_action", args=[s.pk, "approve"]), {
        "batch": "2", "approved_on": "2025-08-05"}).status_code == 302
    s.refresh_from_db()
    assert (s.status, s.batch, s.approved_on, s.batch_label) == ("approved", 2, datetime.date(2025, 8, 5), "第二批")
    assert (s.inspected_on, s.inspector) == (datetime.date(2025, 7, 10), "县双拥办 陈海燕")
    assert [e.destination for e in s.workflow.log(s)] == ["reviewed", "inspected", "approved"]
    listed = client.get(reverse(f"support_army:{name}_list"), {"status": "approved"}).content.decode()
    assert title in listed and discount in listed
    exported = export_rows(client, f"support_army:{name}_export", status="approved")
    assert any(title in row and discount in row and "第二批" in row for row in exported), exported
    client.post(reverse(f"support_army:{name}_transition", args=[s.pk, "withdraw"]))  # without a reason: refused
    s.refresh_from_db()
    assert s.status == "approved"
    client.post(reverse(f"support_army:{name}_transition", args=[s.pk, "withdraw"]), {"remark": "停止提供优待"})
    s.refresh_from_db()
    assert s.status == "withdrawn" and s.withdrawn_on == datetime.date.today()
    year = Period.year(datetime.date.today().year)
    figure = "shops_withdrawn" if name == "supportshop" else "items_listed"
    assert compute(f"support_army.{figure}", tree["county"].code, year) == (1 if name == "supportshop" else 0)


def test_an_item_cannot_be_approved_without_an_inspection(users, tree, client_for):
    s = item(tree["township1"])
    client = client_for(users["staff"])
    client.post(reverse("support_army:preferentialitem_transition", args=[s.pk, "review"]))
    response = client.post(reverse("support_army:preferentialitem_action", args=[s.pk, "approve"]),
                           {"batch": "1", "approved_on": "2025-08-05"})
    assert "未经实地核查，不能批准。" in response.content.decode()
    s.refresh_from_db()
    assert (s.status, s.batch, s.approved_on) == ("reviewed", None, None)


def unit_with_problem(tree, raised_on=datetime.date(2025, 3, 1)):
    unit = ArmyUnit.objects.create(area=tree["township1"], name="驻镇某部", contact_person="李干事")
    problem = UnitProblem.objects.create(unit=unit, raised_on=raised_on, kind="spouse_job", description="随军家属3人待就业")
    return unit, problem


def test_a_units_problem_is_solved_on_the_day_entered_and_can_be_reopened(users, tree, client_for):
    unit, problem = unit_with_problem(tree)
    assert problem.status == "open" and problem.solved_on is None
    client = client_for(users["clerk"])
    url = reverse("support_army:unitproblem_action", args=[problem.pk, "solve"])
    form = client.get(url).content.decode()
    assert "解决日期" in form and datetime.date.today().isoformat() in form  # today is offered
    future = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    for day, message in ((future, "解决日期不能晚于今天。"), ("2025-02-28", "解决日期不能早于提出日期。")):
        response = client.post(url, {"solved_on": day, "remark": "安排到县属企业就业"})
        assert message in response.content.decode()
        problem.refresh_from_db()
        assert (problem.status, problem.solved_on) == ("open", None)
    response = client.post(url, {"solved_on": "2025-04-15", "remark": ""})  # the remark is asked for
    assert response.status_code == 200
    problem.refresh_from_db()
    assert problem.status == "open"
    assert client.post(url, {"solved_on": "2025-04-15", "remark": "安排到县属企业就业"}).status_code == 302
    problem.refresh_from_db()
    assert (problem.status, problem.solved_on) == ("solved", datetime.date(2025, 4, 15))
    log = list(problem.workflow.log(problem))
    assert [(e.destination, e.remark, e.user) for e in log] == [("solved", "安排到县属企业就业", users["clerk"])]
    assert client.get(url).status_code == 403  # solved: the action is gone
    with pytest.raises(TransitionNotAllowed):  # no bare button solves it without a day
        problem.workflow.apply(UnitProblem.objects.create(unit=unit, raised_on=datetime.date(2025, 3, 2), kind="other",
                                                          description="营区道路维修"), "solve", user=users["staff"],
                               remark="已修")
    problem.workflow.apply(problem, "reopen", user=users["staff"], remark="家属未到岗")
    problem.refresh_from_db()
    assert (problem.status, problem.solved_on) == ("open", None)
    page = client.get(unit.get_absolute_url()).content.decode()
    assert "为部队解决的实际问题" in page and "随军家属3人待就业" in page


def test_co_building_activities_and_problems_solved_are_counted_and_stated(users, tree):
    unit, problem = unit_with_problem(tree)
    ArmyUnit.objects.create(area=tree["county"], name="驻县某中队")
    for day, kind in ((datetime.date(2025, 5, 20), "cobuild"), (datetime.date(2025, 8, 1), "condolence"),
                      (datetime.date(2024, 8, 1), "condolence")):
        services.record_create(model=CoBuildingActivity, data={"unit": unit, "date": day, "kind": kind, "content": "共建活动"},
                               user=users["staff"])
    UnitProblem.objects.create(unit=unit, raised_on=datetime.date(2025, 6, 1), kind="schooling", description="子女入学")
    army.problem_solve(problem=problem, user=users["staff"], solved_on=datetime.date(2025, 4, 15), remark="已安排")
    code = tree["county"].code
    assert compute("support_army.units", code, YEAR) == 2
    assert compute("support_army.cobuilding", code, YEAR) == 2
    assert compute("support_army.problems_raised", code, YEAR) == 2
    assert compute("support_army.problems_solved", code, YEAR) == 1
    assert compute("support_army.problems_solved", code, YEAR.previous_year()) == 0
    text = section_text(compose("year", 2025, tree["county"]))
    assert "深化军地共建。与驻地部队开展军地共建活动2次，较去年增加1次，帮助部队解决随军家属就业、子女入学等实际问题1件。" in text


def test_model_city_milestones_are_entered_through_the_page(users, tree, client_for):
    client = client_for(users["staff"])
    response = client.post(reverse("support_army:modelcitymilestone_add"), {
        "area": tree["county"].code, "date": "2025-04-15", "title": "完成创建申报材料整理报送", "level": "province",
        "note": "材料报送省双拥办"})
    assert response.status_code == 302
    milestone = ModelCityMilestone.objects.get()
    assert (milestone.area, milestone.date, milestone.level) == (tree["county"], datetime.date(2025, 4, 15), "province")
    assert milestone.history.get().history_user == users["staff"]
    future = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    refused = client.post(reverse("support_army:modelcitymilestone_add"), {
        "area": tree["county"].code, "date": future, "title": "未来事项", "level": "province", "note": ""})
    assert refused.status_code == 200 and "日期不能晚于今天。" in refused.content.decode()
    assert ModelCityMilestone.objects.count() == 1
    listed = client.get(reverse("support_army:modelcitymilestone_list")).content.decode()
    assert "完成创建申报材料整理报送" in listed and "省级" in listed
    assert compute("support_army.milestones", tree["county"].code, YEAR) == 1
    assert compute("support_army.milestones", tree["county"].code, YEAR.previous_year()) == 0


def test_batch_labels():
    assert [batch_label(n) for n in (1, 2, 10, 12)] == ["第一批", "第二批", "第十批", "第12批"]


def test_a_bad_licence_number_is_refused(users, tree):
    with pytest.raises(ValidationError, match="18位统一社会信用代码"):
        services.record_create(model=SupportShop, data={
            "area": tree["township1"], "name": "某店", "licence_number": "12345", "address": "某路",
            "industry": "catering", "applied_on": datetime.date(2025, 4, 1), "discounts": "九折"}, user=users["staff"])


def family(survey, area, n, hardship=False, helped=False):
    return ServingFamily.objects.create(
        survey=survey, area=area, household=f"户主{n}", member_name=f"军人{n}", relationship="son",
        surveyed_on=datetime.date(2025, 3, 10), hardship_living=hardship, difficulty="生活困难" if hardship else "",
        help_given="发放救助金" if helped else "", helped_on=datetime.date(2025, 4, 1) if helped else None)


def test_the_survey_counts_surveyed_in_difficulty_and_helped(users, tree, client_for):
    survey = FamilySurvey.objects.create(area=tree["county"], name="2025年摸排", started_on=datetime.date(2025, 3, 1))
    for n in range(10):
        family(survey, tree["village11"], n, hardship=n < 4, helped=n < 3)
    area = tree["county"].code
    assert [compute(f"support_army.families_{k}", area, YEAR) for k in ("surveyed", "in_difficulty", "helped")] == [10, 4, 3]
    page = client_for(users["staff"]).get(survey.get_absolute_url()).content.decode()
    assert "摸排现役军人家庭 <strong>10</strong> 户，其中困难家庭 <strong>4</strong> 户，已帮扶 <strong>3</strong> 户" in page
    with pytest.raises(ValidationError, match="未登记困难类型，不能登记帮扶"):
        services.record_create(model=ServingFamily, data={
            "survey": survey, "area": tree["village11"], "household": "某户", "member_name": "某人", "relationship": "son",
            "surveyed_on": datetime.date(2025, 3, 1), "help_given": "慰问", "helped_on": datetime.date(2025, 3, 2)},
            user=users["staff"])


def test_conscription_refuses_more_students_than_enlisted(users, tree):
    with pytest.raises(ValidationError, match="其中大学生人数不能多于征集入伍人数"):
        services.record_create(model=Conscription, data={"area": tree["county"], "year": 2025, "season": "spring",
                                                         "task": 45, "enlisted": 45, "students": 50}, user=users["staff"])


def test_figures_and_the_summary_paragraphs(users, tree):
    county = tree["county"]
    unit = ArmyUnit.objects.create(area=county, name="驻县某部")
    spring, summer, planned_only, last = (
        Campaign.objects.create(area=county, name=name, year=year, occasion=occasion, starts_on=datetime.date(year, 1, 15))
        for name, year, occasion in (("2025年春节走访慰问", 2025, "spring"), ("2025年八一走访慰问", 2025, "august1"),
                                     ("2025年中秋走访慰问", 2025, "midautumn"), ("2024年春节走访慰问", 2024, "spring")))
    v = visit(tree["village11"], campaign=spring)
    for n in range(12):  # 12 people: 500 + 200 each
        recipient(v, users["staff"], kind="beneficiary" if n < 10 else "veteran", veteran=VeteranFactory(area=tree["village11"]),
                  cash=Decimal("500"), goods="米油", goods_value=Decimal("200"))
    recipient(visit(county, day=datetime.date(2025, 7, 28), occasion="august1", campaign=summer), users["staff"],
              kind="unit", unit=unit, cash=Decimal("20000"), goods="慰问品", goods_value=Decimal("30000"))
    visit(county, day=datetime.date(2025, 7, 29), occasion="august1", campaign=summer)  # a second visit of the campaign
    recipient(visit(tree["village11"], day=datetime.date(2024, 1, 25), campaign=last), users["staff"], kind="veteran",
              veteran=VeteranFactory(area=tree["village11"]), cash=Decimal("500"))
    for n in range(11):  # 9 approved in the first batch, 2 of them withdrawn in October; 2 refused
        s = shop(tree["township1"], status="approved" if n < 7 else "withdrawn" if n < 9 else "rejected")
        SupportShop.objects.filter(pk=s.pk).update(licence_number=f"92330727MA{n:08d}",
                                                   batch=1 if n < 9 else None,
                                                   approved_on=datetime.date(2025, 8, 5) if n < 9 else None,
                                                   withdrawn_on=datetime.date(2025, 10, 1) if 7 <= n < 9 else None)
    survey = FamilySurvey.objects.create(area=county, name="2025年摸排", started_on=datetime.date(2025, 3, 1))
    for n in range(12):  # 12 households, 5 in difficulty, 4 of them helped
        family(survey, tree["village11"], n, hardship=n < 5, helped=n < 4)
    Conscription.objects.create(area=county, year=2025, season="spring", task=45, enlisted=45, students=30)
    Conscription.objects.create(area=county, year=2025, season="autumn", task=80, enlisted=79, students=50)
    code = county.code
    assert compute("support_army.visited_people", code, YEAR) == 12
    # The dashboard's tile: this year, last year and two months in one query, each as compute() gives.
    periods = [YEAR, YEAR.previous_year(), Period(datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)),
               Period(datetime.date(2025, 7, 1), datetime.date(2025, 7, 31))]
    assert compute_series("support_army.visited_people", code, periods) == [12, 1, 1, 0]
    assert "support_army.visited_people" in dashboard_tiles()
    assert compute("support_army.visited_key", code, YEAR) == 10
    assert compute("support_army.visited_units", code, YEAR) == 1
    assert compute("support_army.visit_money", code, YEAR) == Decimal("58400.00")  # 12 × 700 + 50000
    assert compute("support_army.shops_applied", code, YEAR) == 11
    assert compute("support_army.shops_batch_1", code, YEAR) == 9
    assert compute("support_army.shops_withdrawn", code, YEAR) == 2
    assert compute("support_army.shops_listed", code, YEAR) == 7
    assert compute("support_army.shops_listed", code, Period(datetime.date(2025, 1, 1), datetime.date(2025, 9, 30))) == 9
    # Campaigns with a visit in the period: 春节 and 八一 (two visits, counted once); 中秋 has none yet.
    assert compute("support_army.campaigns_done", code, YEAR) == 2
    assert compute("support_army.campaigns_done", code, YEAR.previous_year()) == 1
    assert compute("support_army.campaigns_done", tree["township1"].code, YEAR) == 0  # the campaigns are the county's
    assert compute("support_army.conscription_rate", code, YEAR) == Decimal("99.20")  # 124 / 125
    assert compute("support_army.enlisted", code, Period.half_year(2025)) == 45  # a half-year: spring only
    text = section_text(compose("year", 2025, county))
    assert ("在春节、“八一”、中秋等重要节点组织开展走访慰问活动，2025年开展集中走访慰问活动2次，"
            "共走访慰问退役军人、优抚对象和现役军人家庭10余人次，较去年增加10余人次，其中重点优抚对象10人次") in text
    assert "发放慰问品慰问金5.84万元" in text
    assert "经资格审核、实地核查，通过第一批拥军门店共9家，撤销2家，" in text
    assert "关爱现役军人家庭。对现役军人家庭进行走访摸排，目前摸排现役军人家庭12户，其中困难家庭5户，已帮扶4户。" in text
    assert "征集124名青年入伍，其中大学生80名，完成征兵任务的99.20%" in text


def test_the_veteran_page_lists_the_visits_received_and_the_timeline_shows_them(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"], name="单丽")
    v = visit(tree["village11"])
    recipient(v, users["staff"], kind="beneficiary", veteran=veteran, cash=Decimal("500"))
    page = client_for(users["staff"]).get(veteran.get_absolute_url()).content.decode()
    assert "走访慰问" in page and v.get_absolute_url() in page and "春节走访慰问" in page
    assert str(RecipientKind.BENEFICIARY.label) in page


def test_a_clerk_adds_no_recipient_to_a_visit_outside_the_area(users, tree):
    v = visit(tree["village21"])
    with pytest.raises(ValidationError):
        army.add_recipients(visit=v, user=users["clerk"], people="张三", kind="veteran", cash=Decimal("1"))
    assert VisitRecipient.objects.count() == 0


def test_the_visit_list_query_count_is_pinned(users, tree, client_for, django_assert_max_num_queries):
    for n in range(60):
        visit(tree["village11"], day=DAY - datetime.timedelta(days=n))
    client = client_for(users["staff"])
    counts = []
    for per_page in (20, 200):
        cache.clear()
        with django_assert_max_num_queries(9) as captured:
            assert client.get(reverse("support_army:visit_list"), {"per_page": per_page}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_recipients_roster_exports_who_was_visited_with_the_visit_and_is_not_imported(users, tree, client_for):
    from django.urls import NoReverseMatch

    v = visit(tree["village11"])
    recipient(v, users["staff"], kind="veteran", veteran=VeteranFactory(area=tree["village11"], name="周卫国"),
              cash=Decimal("500"), goods="米油", goods_value=Decimal("200"))
    unit = ArmyUnit.objects.create(area=tree["county"], name="驻县某部")
    recipient(visit(tree["county"], occasion="august1"), users["staff"], kind="unit", unit=unit, cash=Decimal("20000"))

    def rows(user):
        response = client_for(user).get(reverse("support_army:visitrecipient_export"))
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]

    staff = rows(users["staff"])
    assert any("周卫国" in r and datetime.datetime(2025, 1, 25) in r and "王建国" in r and 500 in r for r in staff), staff
    assert any("驻县某部" in r and 20000 in r for r in staff), staff
    clerk = sum(rows(users["clerk"]), [])
    assert "周卫国" in clerk and "驻县某部" not in clerk  # the county's own visit is outside the township
    with pytest.raises(NoReverseMatch):
        reverse("support_army:visitrecipient_import")


def support_fund(tree, amount):
    return Fund.objects.create(area=tree["county"], kind="support_army", source="county", year=2025, amount=Decimal(amount),
                               allocated_on=datetime.date(2025, 1, 5), document="云财社〔2025〕8号")


def test_a_visit_with_a_fund_charges_its_money_to_it_and_an_overspend_saves_nothing(users, tree, client_for):
    fund = support_fund(tree, "3000")
    staff = users["staff"]
    client = client_for(staff)
    response = client.post(reverse("support_army:visit_add"), {
        "area": tree["village11"].code, "date": "2025-01-25", "occasion": "spring", "leader_name": "王建国",
        "leader_post": "局长", "fund": fund.pk, "funding": "", "note": ""})
    assert response.status_code == 302
    v = Visit.objects.get()
    assert v.fund == fund and army.charged_to_fund(v) == 0  # nobody visited yet: nothing charged
    zhang, li, wang = (VeteranFactory(area=tree["village11"], name=name) for name in ("张三", "李四", "王五"))
    url = reverse("support_army:visit_action", args=[v.pk, "recipients"])
    assert client.post(url, {"kind": "beneficiary", "people": "张三\n李四", "cash": "500", "goods": "大米",
                             "goods_value": "200"}).status_code == 302
    fund.refresh_from_db()
    assert (fund.disbursed, fund.balance, army.charged_to_fund(v)) == (Decimal("1400.00"), Decimal("1600.00"),
                                                                        Decimal("1400.00"))
    assert all(c.fund == fund and c.charged_on == v.date and c.record == v and c.charged_by == staff
               for c in charges_of(v))
    # One more at 1000 + 700 is beyond the 1600 left: refused with the fund's message, nothing saved or charged.
    refused = client.post(reverse("support_army:visitrecipient_add"), {
        "visit": v.pk, "kind": "veteran", "veteran": wang.pk, "cash": "1000", "goods": "米油", "goods_value": "700"})
    assert "余额为1600.00元，不足支付1700.00元。" in refused.content.decode()
    batch = client.post(url, {"kind": "beneficiary", "people": "王五", "cash": "1000", "goods": "米油", "goods_value": "700"})
    assert "不足支付1700.00元" in batch.content.decode()
    fund.refresh_from_db()
    assert VisitRecipient.objects.count() == 2 and fund.disbursed == Decimal("1400.00") and charges_of(v).count() == 2
    with pytest.raises(ValidationError, match="不足支付"):
        services.record_create(model=VisitRecipient, data={"visit": v, "kind": "veteran", "veteran": wang,
                                                           "cash": Decimal("1601")}, user=staff)
    # What fits is charged; raising an amount charges the difference.
    third = services.record_create(model=VisitRecipient, data={"visit": v, "kind": "veteran", "veteran": wang,
                                                               "cash": Decimal("600")}, user=staff)
    services.record_update(instance=third, data={"cash": Decimal("800")}, user=staff)
    fund.refresh_from_db()
    assert fund.disbursed == Decimal("2200.00") == army.charged_to_fund(v)
    assert army.visit_totals(v)["cash"] + army.visit_totals(v)["goods"] == Decimal("2200.00")
    # Once charged, the visit keeps its fund.
    other = support_fund(tree, "5000")
    with pytest.raises(ValidationError, match="不能更换列支经费"):
        services.record_update(instance=v, data={"fund": other}, user=staff)
    assert Visit.objects.get().fund == fund


def test_a_visit_without_a_fund_charges_nothing_and_one_set_later_is_charged_what_was_given(users, tree):
    staff = users["staff"]
    v = visit(tree["village11"])
    recipient(v, staff, kind="veteran", veteran=VeteranFactory(area=tree["village11"]), cash=Decimal("500"))
    assert FundCharge.objects.count() == 0
    fund = support_fund(tree, "400")
    with pytest.raises(ValidationError, match="不足支付500.00元"):
        services.record_update(instance=v, data={"fund": fund}, user=staff)
    assert Visit.objects.get().fund is None
    bigger = support_fund(tree, "5000")
    services.record_update(instance=v, data={"fund": bigger}, user=staff)
    bigger.refresh_from_db()
    assert bigger.disbursed == Decimal("500.00") and charges_of(v).get().amount == Decimal("500.00")
    with pytest.raises(ValidationError, match="列支经费须为走访所属区划或其上级区划的经费"):
        services.record_update(instance=visit(tree["village21"]), data={"fund": Fund.objects.create(
            area=tree["township1"], kind="support_army", source="county", year=2025, amount=Decimal("100"),
            allocated_on=datetime.date(2025, 1, 5))}, user=staff)
