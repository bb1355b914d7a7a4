"""褒扬纪念: the martyrs register's rules (death before birth, corrections kept and approved by another
user, a confirmed record not edited directly, pinyin search), plaques (one per household, following a
move), and the undelivered merit notices with their working-day deadline."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import services
from core.roles import Role
from core.workflow import TransitionNotAllowed
from honors import services as honors
from honors.models import HonourPlaque, Martyr, MartyrCorrection, MeritNotice
from tests.factories import UserFactory, VeteranFactory

pytestmark = pytest.mark.django_db


def martyr(user, area, **extra):
    data = {"name": "曾国强", "sex": "M", "birth_year": 1920, "area": area, "birthplace": "云溪县城关镇",
            "unit": "新四军某部", "death_date": datetime.date(1945, 3, 1), **extra}
    return services.record_create(model=Martyr, data=data, user=user)


def confirmed(user, area):
    m = martyr(user, area)
    m.workflow.apply(m, "verify", user=user)
    m.workflow.apply(m, "confirm", user=user)
    return Martyr.objects.get(pk=m.pk)


def test_a_death_before_birth_is_refused_and_nothing_is_saved(users, tree):
    with pytest.raises(ValidationError) as refused:
        martyr(users["staff"], tree["village11"], birth_year=1950)
    assert "牺牲日期不能早于出生年份。" in str(refused.value)
    assert Martyr.objects.count() == 0


def test_the_correction_workflow_keeps_every_old_value(users, tree):
    staff, other = users["staff"], UserFactory(username="staff2", role=Role.STAFF, area=tree["county"])
    m = confirmed(staff, tree["village11"])
    with pytest.raises(ValidationError, match="已确认的烈士记录不能直接修改"):
        services.record_update(instance=m, data={"unit": "八路军某部"}, user=staff)
    with pytest.raises(ValidationError, match="请填写依据材料"):
        services.record_create(model=MartyrCorrection, data={"martyr": m, "field": "unit", "new_value": "八路军某部",
                                                             "source_document": " "}, user=staff)
    first = services.record_create(model=MartyrCorrection, data={
        "martyr": m, "field": "unit", "new_value": "八路军某部", "source_document": "档案馆1945年烈士登记表"}, user=staff)
    assert first.old_value == "新四军某部" and first.entered_by == staff
    with pytest.raises(TransitionNotAllowed, match="不能审核本人登记的勘误"):
        first.workflow.apply(first, "approve", user=staff)
    assert Martyr.objects.get(pk=m.pk).unit == "新四军某部"
    first.workflow.apply(first, "approve", user=other)
    assert Martyr.objects.get(pk=m.pk).unit == "八路军某部"
    second = services.record_create(model=MartyrCorrection, data={
        "martyr": m, "field": "death_date", "new_value": "1945-04-02", "source_document": "民政部批复"}, user=other)
    second.workflow.apply(second, "approve", user=staff)
    m.refresh_from_db()
    assert m.death_date == datetime.date(1945, 4, 2)
    third = services.record_create(model=MartyrCorrection, data={
        "martyr": m, "field": "unit", "new_value": "八路军115师", "source_document": "军史资料"}, user=staff)
    third.workflow.apply(third, "approve", user=other)
    kept = list(MartyrCorrection.objects.filter(martyr=m, field="unit").order_by("id").values_list("old_value", "new_value"))
    assert kept == [("新四军某部", "八路军某部"), ("八路军某部", "八路军115师")]
    with pytest.raises(ValidationError, match="格式不对"):
        services.record_create(model=MartyrCorrection, data={
            "martyr": m, "field": "death_date", "new_value": "1945年", "source_document": "档案"}, user=staff)


def test_martyrs_are_found_by_pinyin_birthplace_unit_and_death_range(users, tree, client_for):
    staff = users["staff"]
    martyr(staff, tree["village11"])
    martyr(staff, tree["village11"], name="李四", birthplace="外县", unit="志愿军某部", death_date=datetime.date(1951, 1, 1))
    url = reverse("honors:martyr_list")
    client = client_for(staff)

    def names(**params):
        return [m.name for m in client.get(url, params).context["table"].data.data]

    assert names(q="zgq") == ["曾国强"] and names(q="zengguo") == ["曾国强"]
    assert names(birthplace="城关") == ["曾国强"] and names(unit="志愿军") == ["李四"]
    assert names(died_after="1950-01-01", died_before="1951-12-31") == ["李四"]


def test_one_plaque_a_household_and_it_follows_a_move(users, tree):
    staff = users["staff"]
    veteran = VeteranFactory(area=tree["village11"])
    plaque = services.record_create(model=HonourPlaque, data={
        "household": veteran.name, "veteran": veteran, "area": tree["village11"], "categories": "veteran",
        "hung_on": datetime.date(2025, 3, 1)}, user=staff)
    with pytest.raises(ValidationError, match="每户一块"):
        services.record_create(model=HonourPlaque, data={"household": veteran.name, "veteran": veteran,
                                                         "area": tree["village11"], "hung_on": datetime.date(2025, 4, 1)},
                               user=staff)
    services.record_create(model=HonourPlaque, data={"household": "王大明", "area": tree["village12"],
                                                     "categories": "serving", "hung_on": datetime.date(2025, 3, 1)},
                           user=staff)
    with pytest.raises(ValidationError, match="每户一块"):
        services.record_create(model=HonourPlaque, data={"household": "王大明", "area": tree["village12"],
                                                         "hung_on": datetime.date(2025, 5, 1)}, user=staff)
    assert HonourPlaque.objects.count() == 2
    veteran.area = tree["village21"]
    veteran.save()
    honors.plaque_follow_move(veteran=veteran, user=staff)
    plaque.refresh_from_db()
    assert (plaque.area_id, plaque.status) == (tree["village21"].code, "to_replace")
    honors.plaque_replace(plaque=plaque, user=staff, replaced_on=datetime.date(2025, 6, 1), reason="搬迁")
    plaque.refresh_from_db()
    assert (plaque.status, plaque.replacements) == ("hung", 1)


def test_the_undelivered_notices_list_their_age_and_the_overdue(users, tree, client_for, settings):
    settings.HONORS_NOTICE_WORKING_DAYS = 2
    staff = users["staff"]
    # Friday 2025-06-06 + 2 working days (the day counts) → Monday 2025-06-09
    late = MeritNotice.objects.create(area=tree["village11"], member_name="张三", merit_class="third",
                                      received_on=datetime.date(2025, 6, 6))
    assert late.deadline == datetime.date(2025, 6, 9)
    assert not late.overdue(today=datetime.date(2025, 6, 9)) and late.overdue(today=datetime.date(2025, 6, 10))
    assert late.age(today=datetime.date(2025, 6, 10)) == 4
    done = MeritNotice.objects.create(area=tree["village11"], member_name="李四", merit_class="second",
                                      received_on=datetime.date(2025, 6, 6), delivered_on=datetime.date(2025, 6, 9),
                                      delivered_by="王局长")
    assert not done.overdue()
    response = client_for(staff).get(reverse("honors:meritnotice_list"), {"delivery": "pending"})
    rows = list(response.context["table"].data.data)
    assert rows == [late]
    assert "超期" in response.content.decode()
    with pytest.raises(ValidationError, match="送达日期不能早于收到日期"):
        honors.notice_deliver(notice=late, user=staff, delivered_on=datetime.date(2025, 6, 1), delivered_by="王局长")
    honors.notice_deliver(notice=late, user=staff, delivered_on=datetime.date(2025, 6, 10), delivered_by="王局长")
    assert MeritNotice.objects.get(pk=late.pk).delivered_on == datetime.date(2025, 6, 10)


def test_the_figures_count_the_year(users, tree):
    from core.indicators import Period, compute

    staff, other = users["staff"], UserFactory(username="staff3", role=Role.STAFF, area=tree["county"])
    m = confirmed(staff, tree["village11"])
    c = services.record_create(model=MartyrCorrection, data={
        "martyr": m, "field": "unit", "new_value": "八路军某部", "source_document": "档案"}, user=staff)
    c.workflow.apply(c, "approve", user=other)
    today = datetime.date.today()
    period = Period.year(today.year)
    code = tree["county"].code
    assert [compute(f"honors.{name}", code, period) for name in ("martyrs_confirmed", "corrections")] == [1, 1]
    assert compute("honors.corrections", tree["county"].code, Period.year(today.year - 1)) == 0
