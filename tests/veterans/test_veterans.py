"""Veteran records: the form's checks, duplicates, deaths, moves, the timeline, volunteers, query counts."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import TransitionLog
from tests.factories import FamilyMemberFactory, VeteranFactory, VolunteerTeamFactory
from tests.veterans.helpers import form_data, id_number, listed, wrong_check_digit
from veterans import services
from veterans.models import (
    AnnualCheck,
    PreferentialCard,
    Veteran,
    VeteranArchive,
    VeteranMove,
    VolunteerActivity,
    VolunteerMember,
    VolunteerTeam,
    card_workflow,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
TOMORROW = TODAY + datetime.timedelta(days=1)


def add(client, data):
    return client.post(reverse("veterans:veteran_add"), data)


def form_errors(response):
    form = response.context["form"]
    return {name: " ".join(errors) for name, errors in form.errors.items()}


# ---------------------------------------------------------------- the form


def test_lowercase_x_is_accepted_and_stored_as_x_with_birth_date_sex_and_age_from_the_number(users, tree, client_for):
    number = id_number(datetime.date(1976, 2, 29), female=True, check="X")
    response = add(client_for(users["clerk"]), form_data(tree["village11"], id_number=number.lower()))

    veteran = Veteran.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("veterans:veteran_detail", args=[veteran.pk])
    assert veteran.id_number == number and veteran.id_number.endswith("X")
    assert veteran.birth_date == datetime.date(1976, 2, 29)
    assert veteran.sex == "F"
    expected_age = TODAY.year - 1976 - ((TODAY.month, TODAY.day) < (2, 29))
    assert veteran.age() == expected_age
    assert veteran.age(on=datetime.date(2026, 2, 28)) == 49
    assert veteran.age(on=datetime.date(2026, 3, 1)) == 50
    assert (veteran.name_initials, veteran.name_pinyin) == ("zjg", "zhoujianguo")


def test_full_width_digits_and_spaces_are_normalised(users, tree, client_for):
    number = id_number(datetime.date(1975, 11, 3))
    typed = " ".join([number[:6], number[6:14], number[14:]]).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = add(client_for(users["clerk"]), form_data(tree["village11"], id_number=typed))
    assert response.status_code == 302
    veteran = Veteran.objects.get()
    assert veteran.id_number == number
    assert veteran.sex == "M"


@pytest.mark.parametrize("field, value, message", [
    ("id_number", wrong_check_digit(id_number(datetime.date(1975, 3, 9))), "校验位错误"),
    ("id_number", "330727750309123", "这是15位旧身份证号码，请填写18位公民身份号码"),
    ("id_number", "33072719750309123", "应为18位，当前为17位"),
    ("id_number", id_number(datetime.date(1975, 3, 9), region="990727"), "前两位不是有效的省级代码"),
    ("enlistment_date", TOMORROW.isoformat(), "日期不能晚于今天"),
    ("discharge_date", TOMORROW.isoformat(), "日期不能晚于今天"),
    ("registered_on", TOMORROW.isoformat(), "日期不能晚于今天"),
    ("plaque_hung_on", TOMORROW.isoformat(), "日期不能晚于今天"),
    ("discharge_date", "1993-11-30", "退役时间不能早于入伍时间"),
    ("enlistment_date", "1970-01-01", "入伍时间与出生日期不符"),
    # born 1975-03-09: 15 years old on 1991-03-08 although 1991 - 1975 = 16
    ("enlistment_date", "1991-03-08", "入伍时间与出生日期不符"),
    ("discharge_category", "", "这个字段是必填项"),
    ("phone", "1234", "联系电话格式不正确"),
])
def test_bad_input_is_refused_with_a_message_on_the_field(users, tree, client_for, field, value, message):
    response = add(client_for(users["clerk"]), form_data(tree["village11"], **{field: value}))

    assert response.status_code == 200
    errors = form_errors(response)
    assert message in errors.get(field, ""), errors
    assert message in response.content.decode()
    assert not Veteran.objects.exists()


def test_enlistment_at_sixteen_is_accepted(users, tree, client_for):
    response = add(client_for(users["clerk"]), form_data(tree["village11"], enlistment_date="1991-03-09"))
    assert response.status_code == 302
    assert Veteran.objects.get().enlistment_date == datetime.date(1991, 3, 9)


def test_a_second_record_with_the_same_id_in_the_clerks_area_names_the_first(users, tree, client_for):
    first = VeteranFactory(area=tree["village12"], name="王卫国", id_number=id_number(check="X"))

    response = add(client_for(users["clerk"]), form_data(tree["village11"], id_number=first.id_number.lower()))

    assert response.status_code == 200
    error = form_errors(response)["id_number"]
    assert "该身份证号已登记为" in error and "王卫国" in error
    assert first.get_absolute_url() in error
    assert Veteran.objects.count() == 1


def test_a_second_record_with_an_id_registered_elsewhere_names_no_person_or_area(users, tree, client_for):
    other = VeteranFactory(area=tree["village21"], name="欧阳娜娜", id_number=id_number(datetime.date(1969, 7, 1)))

    response = add(client_for(users["clerk"]), form_data(tree["village11"], id_number=other.id_number))

    assert response.status_code == 200
    body = response.content.decode()
    error = form_errors(response)["id_number"]
    assert "该身份证号已在其他地区登记" in error and "提交迁入申请" in error
    assert reverse("veterans:transferrequest_add") in error
    for secret in ("欧阳娜娜", tree["village21"].name, tree["township2"].name, other.get_absolute_url()):
        assert secret not in body
    assert Veteran.objects.count() == 1


def test_editing_may_not_take_another_veterans_id(users, tree, client_for):
    mine = VeteranFactory(area=tree["village11"])
    other = VeteranFactory(area=tree["village21"])
    url = reverse("veterans:veteran_edit", args=[mine.pk])
    client = client_for(users["staff"])
    dates = {"enlistment_date": mine.enlistment_date.isoformat(), "discharge_date": mine.discharge_date.isoformat()}

    response = client.post(url, form_data(tree["village11"], name=mine.name, id_number=other.id_number, **dates))
    assert response.status_code == 200
    assert "该身份证号已登记为" in form_errors(response)["id_number"]

    # the ID box left empty keeps the stored number (it is never sent to the browser)
    response = client.post(url, form_data(tree["village11"], name="改名后", id_number="", **dates))
    assert response.status_code == 302, form_errors(response)
    mine.refresh_from_db()
    assert mine.name == "改名后" and mine.name_initials == "gmh"
    assert Veteran.objects.filter(id_number=other.id_number).count() == 1


def test_model_save_derives_birth_date_and_pinyin(tree):
    veteran = Veteran.objects.create(area=tree["village11"], name="曾国强", id_number=id_number(datetime.date(1960, 10, 1)),
                                     discharge_category="retired")
    assert veteran.birth_date == datetime.date(1960, 10, 1)
    assert veteran.sex == "M"
    assert (veteran.name_initials, veteran.name_pinyin) == ("zgq", "zengguoqiang")
    assert veteran.township == tree["township1"]


# ---------------------------------------------------------------- deaths


def test_recording_a_death_cancels_the_card_in_use(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    card = PreferentialCard.objects.create(veteran=veteran, applied_on=datetime.date(2024, 1, 5))
    card_workflow.apply(card, "issue", user=users["staff"])
    card_workflow.apply(card, "activate", user=users["clerk"])

    services.veteran_record_death(veteran=veteran, user=users["staff"], death_date=datetime.date(2025, 2, 1), note="病故")

    veteran.refresh_from_db()
    card.refresh_from_db()
    assert veteran.status == "deceased" and veteran.death_date == datetime.date(2025, 2, 1)
    assert veteran.history.first().history_change_reason == "登记去世 病故"
    assert card.status == "cancelled" and card.cancelled_on == TODAY
    log = TransitionLog.objects.filter(object_id=str(card.pk)).last()
    assert (log.name, log.source, log.destination, log.user, log.remark) == (
        "cancel", "activated", "cancelled", users["staff"], "持证人去世，注销")


def test_death_of_a_veteran_without_a_card_or_with_a_cancelled_one(users, tree):
    without = VeteranFactory(area=tree["village11"])
    services.veteran_record_death(veteran=without, user=users["staff"], death_date=datetime.date(2025, 2, 1))
    assert Veteran.objects.get(pk=without.pk).status == "deceased"

    veteran = VeteranFactory(area=tree["village11"])
    card = PreferentialCard.objects.create(veteran=veteran)
    card_workflow.apply(card, "cancel", user=users["staff"], remark="重复申请")
    logs = TransitionLog.objects.count()
    services.veteran_record_death(veteran=veteran, user=users["staff"], death_date=datetime.date(2025, 2, 1))
    assert TransitionLog.objects.count() == logs  # nothing more to cancel


@pytest.mark.parametrize("death_date, message", [
    (TOMORROW, "日期不能晚于今天"),
    (datetime.date(1950, 1, 1), "日期不能早于出生日期"),
])
def test_a_death_with_a_bad_date_changes_nothing(users, tree, death_date, message):
    veteran = VeteranFactory(area=tree["village11"])
    card = PreferentialCard.objects.create(veteran=veteran)
    with pytest.raises(ValidationError, match=message):
        services.veteran_record_death(veteran=veteran, user=users["staff"], death_date=death_date)
    assert Veteran.objects.get(pk=veteran.pk).status == "alive"
    assert PreferentialCard.objects.get(pk=card.pk).status == "applied"


def test_death_through_the_page(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    PreferentialCard.objects.create(veteran=veteran)
    url = reverse("veterans:veteran_action", args=[veteran.pk, "death"])

    assert client_for(users["clerk"]).post(url, {"death_date": "2025-01-01"}).status_code == 403
    assert Veteran.objects.get(pk=veteran.pk).status == "alive"

    response = client_for(users["staff"]).post(url, {"death_date": "2025-01-01", "note": "病故"})
    assert response.status_code == 302
    veteran.refresh_from_db()
    assert veteran.status == "deceased"
    assert veteran.card.status == "cancelled"

    # dead once: the action is gone, and the service refuses a second time
    assert client_for(users["staff"]).get(url).status_code == 403
    with pytest.raises(ValidationError, match="不能登记去世"):
        services.veteran_record_death(veteran=veteran, user=users["staff"], death_date=datetime.date(2025, 1, 2))


def test_a_card_cannot_be_applied_for_a_deceased_veteran(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    services.veteran_record_death(veteran=veteran, user=users["staff"], death_date=datetime.date(2025, 1, 1))
    response = client_for(users["clerk"]).post(reverse("veterans:preferentialcard_add"),
                                               {"veteran": veteran.pk, "number": "", "applied_on": "2025-02-01"})
    assert response.status_code == 200
    assert "不能申请优待证" in form_errors(response)["veteran"]
    assert not PreferentialCard.objects.exists()


# ---------------------------------------------------------------- moves


def test_a_move_to_township_2_hands_the_record_over_and_keeps_its_history(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"], name="迁移人")
    FamilyMemberFactory(veteran=veteran)
    detail = reverse("veterans:veteran_detail", args=[veteran.pk])
    assert client_for(users["clerk"]).get(detail).status_code == 200
    assert client_for(users["other_clerk"]).get(detail).status_code == 404
    history_before = veteran.history.count()

    response = client_for(users["staff"]).post(reverse("veterans:veteran_action", args=[veteran.pk, "move"]),
                                               {"to_area": "2镇1村", "moved_on": "2025-06-01", "note": "随子女"})

    assert response.status_code == 302
    veteran.refresh_from_db()
    assert veteran.area == tree["village21"] and veteran.status == "alive"
    assert client_for(users["clerk"]).get(detail).status_code == 404
    assert client_for(users["other_clerk"]).get(detail).status_code == 200
    assert veteran not in listed(client_for(users["clerk"]).get(reverse("veterans:veteran_list")))
    assert veteran in listed(client_for(users["other_clerk"]).get(reverse("veterans:veteran_list")))
    # the family goes along
    family_list = client_for(users["other_clerk"]).get(reverse("veterans:familymember_list"))
    assert [m.veteran for m in listed(family_list)] == [veteran]

    assert veteran.history.count() == history_before + 1
    assert veteran.history.first().area_id == tree["village21"].code
    assert veteran.history.first().history_change_reason.startswith("迁往测试省测试市云溪县第2镇2镇1村")
    assert [h.area_id for h in veteran.history.all()][-1] == tree["village11"].code
    move = VeteranMove.objects.get(veteran=veteran)
    assert (move.from_area, move.to_area, move.moved_on, move.by, move.note) == (
        tree["village11"], tree["village21"], datetime.date(2025, 6, 1), users["staff"], "随子女")
    assert "迁移" in client_for(users["other_clerk"]).get(detail).content.decode()


def test_a_move_by_division_code_to_a_township(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    services.veteran_move(veteran=veteran, user=users["staff"], to_area=services.resolve_area(tree["township2"].code),
                          moved_on=datetime.date(2025, 1, 1))
    assert Veteran.objects.get(pk=veteran.pk).area == tree["township2"]
    assert Veteran.objects.get(pk=veteran.pk).township == tree["township2"]


@pytest.mark.parametrize("text, message", [
    ("云溪县", "找不到区划"),  # by name only townships and villages are looked up
    ("330727", "请填写镇街或村居"),
    ("9镇9村", "找不到区划"),
    ("", "找不到区划"),
])
def test_move_destinations_that_are_refused(tree, text, message):
    with pytest.raises(ValidationError, match=message):
        services.resolve_area(text)


def test_a_move_with_a_bad_destination_or_date_changes_nothing(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    url = reverse("veterans:veteran_action", args=[veteran.pk, "move"])
    client = client_for(users["staff"])
    for data, message in (
        ({"to_area": "1镇1村", "moved_on": "2025-01-01"}, "迁入地与当前户籍地相同"),
        ({"to_area": "2镇1村", "moved_on": TOMORROW.isoformat()}, "日期不能晚于今天"),
        ({"to_area": "不存在村", "moved_on": "2025-01-01"}, "找不到区划"),
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert Veteran.objects.get(pk=veteran.pk).area == tree["village11"]
    assert not VeteranMove.objects.exists()
    assert client_for(users["clerk"]).post(url, {"to_area": "2镇1村", "moved_on": "2025-01-01"}).status_code == 403


def test_moving_out_of_the_system_marks_the_record_and_keeps_it_in_place(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    response = client_for(users["staff"]).post(reverse("veterans:veteran_action", args=[veteran.pk, "move_out"]),
                                               {"destination": "江苏省南京市", "moved_on": "2025-03-01"})
    assert response.status_code == 302
    veteran.refresh_from_db()
    assert (veteran.status, veteran.moved_out_to, veteran.area) == ("moved_out", "江苏省南京市", tree["village11"])
    move = VeteranMove.objects.get(veteran=veteran)
    assert (move.to_area, move.to_outside) == (None, "江苏省南京市")
    assert client_for(users["clerk"]).get(veteran.get_absolute_url()).status_code == 200

    for service, kwargs in ((services.veteran_move, {"to_area": tree["village21"]}),
                            (services.veteran_move_out, {"destination": "上海市"}),
                            (services.veteran_record_death, {})):
        date_arg = "death_date" if service is services.veteran_record_death else "moved_on"
        with pytest.raises(ValidationError, match="当前状态为“迁出”"):
            service(veteran=veteran, user=users["staff"], **kwargs, **{date_arg: datetime.date(2025, 4, 1)})
    assert VeteranMove.objects.count() == 1


# ---------------------------------------------------------------- timeline


TIMELINE_ITEM = re.compile(r'<li><span class="text-muted me-2">([^<]+)</span>(?:<a href="[^"]*">)?([^<]+)')


def timeline(response):
    body = response.content.decode()
    block = body[body.index('id="timeline"'):]
    block = block[:block.index("</ul>")]
    # a day as the page writes it: ISO, or a birth date's year alone (1970年: the ID mask's neighbour)
    return [(datetime.date.fromisoformat(day) if "年" not in day else day, label.strip())
            for day, label in TIMELINE_ITEM.findall(block)]


def test_the_detail_page_lists_the_timeline_in_date_order(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"], id_number=id_number(datetime.date(1970, 1, 15)),
                             enlistment_date=datetime.date(1988, 12, 1), discharge_date=datetime.date(1992, 12, 1),
                             registered_on=datetime.date(2024, 3, 1), plaque_hung_on=datetime.date(2024, 5, 1))
    card = PreferentialCard.objects.create(veteran=veteran, applied_on=datetime.date(2024, 4, 1))
    card_workflow.apply(card, "issue", user=users["staff"])
    VeteranArchive.objects.create(veteran=veteran, received_on=datetime.date(2024, 2, 1), sender="某部")
    AnnualCheck.objects.create(veteran=veteran, year=2024, checked_on=datetime.date(2024, 6, 1))
    team = VolunteerTeamFactory(area=tree["village11"], name="蓝天救援队")
    VolunteerMember.objects.create(team=team, veteran=veteran, joined_on=datetime.date(2023, 5, 1))
    services.veteran_move(veteran=veteran, user=users["staff"], to_area=tree["village12"], moved_on=datetime.date(2024, 8, 1))

    events = timeline(client_for(users["clerk"]).get(veteran.get_absolute_url()))

    assert events == [
        ("1970年", "出生"),  # the year alone beside the masked ID number
        (datetime.date(1988, 12, 1), "入伍"),
        (datetime.date(1992, 12, 1), "退役"),
        (datetime.date(2023, 5, 1), "加入志愿服务队"),
        (datetime.date(2024, 2, 1), "接收档案"),
        (datetime.date(2024, 3, 1), "登记入册"),
        (datetime.date(2024, 4, 1), "申请优待证"),
        (datetime.date(2024, 5, 1), "悬挂光荣牌"),
        (datetime.date(2024, 6, 1), "2024年度信息核查"),
        (datetime.date(2024, 8, 1), "迁移"),
        (TODAY, "发放优待证"),
    ]


# ---------------------------------------------------------------- volunteers


def test_volunteer_team_member_and_activity_pages(users, tree, client_for):
    client = client_for(users["clerk"])
    veteran = VeteranFactory(area=tree["village11"], name="李志愿")
    outsider = VeteranFactory(area=tree["village21"])

    response = client.post(reverse("veterans:volunteerteam_add"), {
        "name": "第1镇退役军人应急救援队", "area": tree["township1"].code, "kind": "emergency", "leader": "赵刚",
        "phone": "13800001111", "founded_on": "2021-08-01", "note": ""})
    assert response.status_code == 302
    team = VolunteerTeam.objects.get()

    response = client.post(reverse("veterans:volunteerteam_add"), {
        "name": "第1镇退役军人应急救援队", "area": tree["township1"].code, "kind": "care"})
    assert response.status_code == 200 and VolunteerTeam.objects.count() == 1  # unique name in an area

    response = client.post(reverse("veterans:volunteerteam_add"), {"name": "未来队", "area": tree["township1"].code,
                                                                    "kind": "care", "founded_on": TOMORROW.isoformat()})
    assert "日期不能晚于今天" in form_errors(response)["founded_on"]

    response = client.post(reverse("veterans:volunteermember_add"),
                           {"team": team.pk, "veteran": outsider.pk, "joined_on": "2022-01-01", "duty": "队员"})
    assert "不在您的管辖范围内" in form_errors(response)["veteran"]
    response = client.post(reverse("veterans:volunteermember_add"),
                           {"team": team.pk, "veteran": veteran.pk, "joined_on": "2022-01-01", "duty": "队长"})
    assert response.status_code == 302
    member = VolunteerMember.objects.get()
    assert (member.team, member.veteran, member.duty) == (team, veteran, "队长")

    response = client.post(reverse("veterans:volunteeractivity_add"), {
        "team": team.pk, "date": "2025-04-04", "kind": "memorial", "title": "清明祭扫", "place": "烈士陵园",
        "participants": "25", "service_hours": "50.5"})
    assert response.status_code == 302
    activity = VolunteerActivity.objects.get()
    assert str(activity.service_hours) == "50.5"
    response = client.post(reverse("veterans:volunteeractivity_add"), {
        "team": team.pk, "date": TOMORROW.isoformat(), "kind": "memorial", "title": "未来活动", "participants": "1",
        "service_hours": "1"})
    assert "日期不能晚于今天" in form_errors(response)["date"]

    detail = client.get(team.get_absolute_url())
    related = {block["label"]: block for block in detail.context["related"]}
    assert related["队员"]["total"] == 1 and related["活动"]["total"] == 1
    body = detail.content.decode()
    assert "李志愿" in body and "清明祭扫" in body

    assert listed(client.get(reverse("veterans:volunteerteam_list"), {"q": "应急"})) == [team]
    assert listed(client.get(reverse("veterans:volunteermember_list"), {"q": "lzy"})) == [member]
    assert listed(client.get(reverse("veterans:volunteeractivity_list"), {"date_after": "2025-04-01"})) == [activity]
    assert listed(client.get(reverse("veterans:volunteeractivity_list"), {"date_after": "2025-04-05"})) == []
    assert listed(client_for(users["other_clerk"]).get(reverse("veterans:volunteerteam_list"))) == []
    assert client_for(users["other_clerk"]).get(team.get_absolute_url()).status_code == 404
    assert client_for(users["other_clerk"]).get(member.get_absolute_url()).status_code == 404
    assert client_for(users["other_clerk"]).get(activity.get_absolute_url()).status_code == 404


# ---------------------------------------------------------------- query counts


LIST_QUERIES = 8  # with the total counted; a repeated list takes its total from the cache: one fewer
DETAIL_QUERIES = 24  # 16; which linked veterans of the volunteering block the user may see (core.outside); the
# 优抚 app's two: its block's rows, and the rows its flags panel and timeline share; the 信访 app's one: the
# veteran's petitions its panel and timeline share (for revealing roles only); the 安置 app's block's rows;
# the 双拥 app's two: its block of visits received, and those visits on the timeline; the 褒扬纪念 app's
# block of the household's honour plaques


def fill(tree, count):
    """`count` veterans in township 1 with cards, archives, families and moves, so every column has data."""
    names = ["张三", "李四", "王五", "曾国强", "单丽"]  # five names: every (name, card, archive, village) combination occurs
    veterans = [VeteranFactory(area=tree["village11" if n % 2 else "village12"], name=names[n % 5]) for n in range(count)]
    for n, veteran in enumerate(veterans):
        if n % 3 == 0:
            PreferentialCard.objects.create(veteran=veteran, number=f"No{n}")
        if n % 4 == 0:
            VeteranArchive.objects.create(veteran=veteran)
    return veterans


def run_list(client, django_assert_max_num_queries, **params):
    cache.clear()  # the worst case: the total counted, not cached
    with django_assert_max_num_queries(LIST_QUERIES) as captured:
        response = client.get(reverse("veterans:veteran_list"), params)
    assert response.status_code == 200
    return response, captured


def test_the_list_page_query_count_is_pinned_and_independent_of_page_size(users, tree, client_for, django_assert_max_num_queries):
    fill(tree, 230)
    client = client_for(users["staff"])

    small, small_queries = run_list(client, django_assert_max_num_queries, per_page=20)
    large, large_queries = run_list(client, django_assert_max_num_queries, per_page=200)
    filtered, filtered_queries = run_list(client, django_assert_max_num_queries, per_page=200, q="zs",
                                          card_status="applied", archive_status="none", party="no", status="alive",
                                          discharge_category="self_employed")

    assert len(listed(small)) == 20 and len(listed(large)) == 200
    # 张三 (n % 5 == 0) with a card (n % 3 == 0) and no archive (n % 4 != 0): n = 15, 30, 45, 75, ...
    assert len(listed(filtered)) == len([n for n in range(230) if n % 15 == 0 and n % 4]) == 12
    assert small.context["total"] == large.context["total"] == 230
    assert len(small_queries) == len(large_queries) == len(filtered_queries) == LIST_QUERIES
    # SESSION_SAVE_EVERY_REQUEST writes the session inside a SAVEPOINT in tests (plain autocommit in production)
    assert len([q for q in large_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]) == 6
    assert large.content.decode().count("veterans/veteran/") >= 200


def test_the_list_total_is_cached_and_never_stale(users, tree, client_for, django_assert_max_num_queries):
    fill(tree, 30)
    client = client_for(users["staff"])
    first, first_queries = run_list(client, django_assert_max_num_queries, per_page=20)
    with django_assert_max_num_queries(LIST_QUERIES) as again_queries:
        again = client.get(reverse("veterans:veteran_list"), {"per_page": 20, "page": 2})
    assert first.context["total"] == again.context["total"] == 30
    assert len(again_queries) == len(first_queries) - 1  # the count came from the cache
    assert not any("COUNT(" in q["sql"] for q in again_queries)
    assert len(listed(again)) == 10 and not set(listed(again)) & set(listed(first))

    VeteranFactory(area=tree["village11"], name="新登记")  # a change renews the data version
    after = client.get(reverse("veterans:veteran_list"), {"per_page": 20})
    assert after.context["total"] == 31
    other = client_for(users["clerk"]).get(reverse("veterans:veteran_list"), {"per_page": 20})  # another user: own count
    assert other.context["total"] == len(Veteran.objects.visible_to(users["clerk"]))


def test_the_detail_page_query_count_is_pinned(users, tree, client_for, django_assert_max_num_queries):
    veteran = VeteranFactory(area=tree["village11"])
    card = PreferentialCard.objects.create(veteran=veteran)
    card_workflow.apply(card, "issue", user=users["staff"])
    VeteranArchive.objects.create(veteran=veteran)
    for n in range(3):
        FamilyMemberFactory(veteran=veteran, name=f"家属{n}")
        AnnualCheck.objects.create(veteran=veteran, year=2020 + n, checked_on=datetime.date(2024, 1, 1 + n))
    team = VolunteerTeamFactory(area=tree["village11"])
    VolunteerMember.objects.create(team=team, veteran=veteran)
    services.veteran_move(veteran=veteran, user=users["staff"], to_area=tree["village12"], moved_on=datetime.date(2024, 8, 1))
    client = client_for(users["staff"])

    with django_assert_max_num_queries(DETAIL_QUERIES) as captured:
        response = client.get(veteran.get_absolute_url())

    assert response.status_code == 200
    assert len(captured) == DETAIL_QUERIES
    assert response.context["card"] == card and response.context["archive"] == veteran.archive
    card_queries = [q for q in captured if 'FROM "veterans_preferentialcard"' in q["sql"]]
    assert len(card_queries) == 1  # the card box and the timeline share one read


@pytest.mark.parametrize("sort", ["name", "-name", "-discharge_date", "township", "-township"])
def test_sorted_pages_keep_their_order(users, tree, client_for, sort):
    """Pages are loaded primary keys first, then their rows (core.generic.load_page): a sorted list
    keeps its order within and across pages, with no row on two pages."""
    for n in range(45):
        VeteranFactory(area=tree["village11" if n % 3 else "village21"], name=f"{'甲乙丙丁戊'[n % 5]}{n:02d}",
                       discharge_date=datetime.date(2000 + n % 20, 1 + n % 12, 1))
    client = client_for(users["staff"])
    pages = [listed(client.get(reverse("veterans:veteran_list"), {"sort": sort, "page": page})) for page in (1, 2, 3)]
    shown = [veteran for page in pages for veteran in page]
    field = sort.lstrip("-")
    key = {"name": lambda v: (v.name,), "discharge_date": lambda v: (v.discharge_date,), "township": lambda v: (v.area_id,)}[field]
    assert len(shown) == len({v.pk for v in shown}) == 45
    assert [key(v) for v in shown] == sorted((key(v) for v in shown), reverse=sort.startswith("-"))
