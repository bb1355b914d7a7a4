"""A sunshine-placement batch: ranking and its tie-breaks, the notice window and objections, the post ratio,
choosing in rank order (skip, decline), posts that run out, and two choices of one post at once."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from core import services
from core.workflow import TransitionNotAllowed
from placement import services as placement_services
from placement.forms import ChooseForm
from placement.models import ChoiceLog, PlacementCase, ScoreObjection, SunshinePost, batch_workflow, case_workflow, ranked
from tests.placement.helpers import batch, candidate, confirm, item, post, service_item, soldier, to_choosing

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def scored(tree, staff, the_batch, name, enlisted, discharged, born=datetime.date(1988, 3, 1), merits=""):
    case = candidate(the_batch, soldier(tree, enlisted, discharged, merits=merits, born=born, name=name), staff)
    service_item(case, staff)
    case.refresh_from_db()
    confirm(case, staff)
    case.refresh_from_db()
    return case


@pytest.fixture
def three(tree, users):
    """王 49.5 (12y3m + 三等功 + 3 嘉奖), 李 40 (12y6m), 赵 40 (12y6m but born later): 王, 李, 赵."""
    staff = users["staff"]
    b = batch(tree, staff)
    wang = scored(tree, staff, b, "王军", datetime.date(2008, 9, 1), datetime.date(2020, 12, 1), merits="三等功1次，嘉奖3次")
    item(wang, staff, "merit3", 1)
    item(wang, staff, "jiajiang", 3)
    confirm(wang, staff)
    li = scored(tree, staff, b, "李兵", datetime.date(2008, 6, 1), datetime.date(2020, 12, 1), born=datetime.date(1987, 1, 1))
    zhao = scored(tree, staff, b, "赵强", datetime.date(2008, 6, 1), datetime.date(2020, 12, 1), born=datetime.date(1989, 1, 1))
    return b, [PlacementCase.objects.get(pk=c.pk) for c in (wang, li, zhao)]


@pytest.fixture
def noticed(users, three):
    """The three reviewed, four posts for them, and the notice started today (still open)."""
    staff = users["staff"]
    b, cases = three
    for case in cases:
        case_workflow.apply(case, "review", user=staff)
    for n in range(4):
        post(b, staff, unit=f"单位{n}")
    batch_workflow.apply(b, "start_notice", user=staff)
    return b, cases


def close_notice(the_batch):
    """Move the notice back two weeks: five working days from it have passed."""
    the_batch.notice_start = TODAY - datetime.timedelta(days=14)
    the_batch.save()


def test_ties_are_broken_longer_service_first_then_older(tree, users):
    staff = users["staff"]
    b = batch(tree, staff)
    # 12y6m and 12y11m both count 13 years (40 points): the longer service goes first
    shorter = scored(tree, staff, b, "甲", datetime.date(2008, 6, 1), datetime.date(2020, 12, 1))
    longer = scored(tree, staff, b, "乙", datetime.date(2008, 1, 1), datetime.date(2020, 12, 1))
    # the same service as 甲, born earlier: older first
    older = scored(tree, staff, b, "丙", datetime.date(2008, 6, 1), datetime.date(2020, 12, 1), born=datetime.date(1980, 1, 1))
    title = candidate(b, soldier(tree, datetime.date(2010, 1, 1), datetime.date(2020, 12, 1), name="丁"), staff,
                      condition="honorary_title")
    assert shorter.score == longer.score == older.score == Decimal("40.00")
    assert [c.pk for c in ranked(b)] == [title.pk, longer.pk, older.pk, shorter.pk]
    b.rule_set.tie_breaks = "older"
    b.rule_set.save()
    b.refresh_from_db()
    assert [c.pk for c in ranked(b)] == [title.pk, older.pk, shorter.pk, longer.pk]  # same birth date: by record


def test_the_notice_needs_every_score_confirmed(tree, users):
    staff = users["staff"]
    b = batch(tree, staff)
    case = candidate(b, soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1)), staff)
    service_item(case, staff)
    with pytest.raises(TransitionNotAllowed, match="尚未经本人确认，不能公示：张三"):
        batch_workflow.apply(b, "start_notice", user=staff)
    confirm(case, staff)
    batch_workflow.apply(b, "start_notice", user=staff)
    assert b.status == "notice" and b.notice_start == TODAY


def test_the_ranking_waits_for_the_notice_to_close_and_every_objection_answered(tree, users, noticed):
    staff = users["staff"]
    b, cases = noticed
    with pytest.raises(TransitionNotAllowed, match="公示结束后才能公布"):
        batch_workflow.apply(b, "publish", user=staff)
    objection = services.record_create(model=ScoreObjection, data={
        "batch": b, "case": cases[2], "raised_on": TODAY, "raised_by": "赵强", "content": "本人嘉奖1次未计分"}, user=staff)
    close_notice(b)
    with pytest.raises(TransitionNotAllowed, match="1条公示异议未答复"):
        batch_workflow.apply(b, "publish", user=staff)
    placement_services.objection_answer(scoreobjection=objection, user=staff, answer="经核查档案无该嘉奖记载，维持原积分。",
                                        answered_on=TODAY)
    batch_workflow.apply(b, "publish", user=staff)
    assert [PlacementCase.objects.get(pk=c.pk).rank for c in cases] == [1, 2, 3]
    assert set(PlacementCase.objects.filter(batch=b).values_list("status", flat=True)) == {"published"}


def test_a_score_corrected_during_the_notice_is_confirmed_again_before_publishing(tree, users, noticed):
    staff = users["staff"]
    b, cases = noticed
    close_notice(b)
    wang = cases[0]
    jiajiang = wang.score_items.get(kind="jiajiang")
    placement_services.score_item_correct(scoreitem=jiajiang, user=staff, quantity=Decimal("2"),
                                          reason="公示期间核查：一次嘉奖为连队口头嘉奖，未入档")
    wang.refresh_from_db()
    assert wang.score == Decimal("49.00") and wang.score_confirmed_on is None
    with pytest.raises(TransitionNotAllowed, match="更正后尚未经本人重新确认，不能公布：王军"):
        batch_workflow.apply(b, "publish", user=staff)
    b.refresh_from_db()
    assert b.status == "notice" and b.published_on is None
    assert set(PlacementCase.objects.filter(batch=b).values_list("rank", flat=True)) == {None}
    confirm(wang, staff, day=TODAY)
    batch_workflow.apply(b, "publish", user=staff)
    assert [PlacementCase.objects.get(pk=c.pk).rank for c in cases] == [1, 2, 3]


def test_objections_outside_the_notice_window_are_refused(tree, users, three):
    staff = users["staff"]
    b, cases = three
    with pytest.raises(ValidationError, match="异议须在公示期内提出"):
        services.record_create(model=ScoreObjection, data={"batch": b, "raised_on": TODAY, "raised_by": "群众",
                                                           "content": "x"}, user=staff)
    batch_workflow.apply(b, "start_notice", user=staff)
    b.refresh_from_db()
    with pytest.raises(ValidationError, match=f"公示期：{b.notice_start:%Y-%m-%d}"):
        services.record_create(model=ScoreObjection, data={"batch": b, "raised_on": TODAY - datetime.timedelta(days=1),
                                                           "raised_by": "群众", "content": "x"}, user=staff)


def test_posts_must_be_at_least_the_candidates_times_the_ratio(tree, users, three):
    staff = users["staff"]
    b, cases = three
    for case in cases:
        case_workflow.apply(case, "review", user=staff)
    post(b, staff, count=3)
    batch_workflow.apply(b, "start_notice", user=staff)
    close_notice(b)
    with pytest.raises(TransitionNotAllowed, match="岗位3个，少于安置人数3名的1.2倍（至少4个）"):
        batch_workflow.apply(b, "publish", user=staff)
    post(b, staff, unit="县水利局")
    batch_workflow.apply(b, "publish", user=staff)
    with pytest.raises(ValidationError, match="岗位不能再增减"):
        post(b, staff, unit="迟到的单位")


@pytest.fixture
def meeting(tree, users, three):
    staff = users["staff"]
    b, cases = three
    small = post(b, staff, unit="县档案馆", name="档案管理", count=1)
    big = post(b, staff, unit="县交通运输局", name="路政员", count=3)
    b = to_choosing(b, staff, cases)
    return b, [PlacementCase.objects.get(pk=c.pk) for c in cases], small, big


def test_choosing_goes_in_rank_order(users, meeting):
    staff = users["staff"]
    b, (wang, li, zhao), small, big = meeting
    assert placement_services.next_chooser(b) == wang
    with pytest.raises(ValidationError, match="现在轮到第1名王军，不能越序选岗"):
        placement_services.batch_choose(sunshinebatch=b, user=staff, candidate=li, post=small)
    assert SunshinePost.objects.get(pk=small.pk).taken == 0
    placement_services.batch_choose(sunshinebatch=b, user=staff, candidate=wang, post=small)
    wang.refresh_from_db()
    assert (wang.choice_status, wang.status, wang.receiving_unit, wang.destination) == ("chosen", "chosen", "县档案馆",
                                                                                       "institution")
    assert placement_services.next_chooser(b) == li
    # the post's one place is gone: refused, nothing changed
    with pytest.raises(ValidationError, match="岗位“县档案馆 档案管理”已被选完"):
        placement_services.batch_choose(sunshinebatch=b, user=staff, candidate=li, post=small)
    assert PlacementCase.objects.get(pk=li.pk).choice_status == "waiting"
    assert SunshinePost.objects.get(pk=small.pk).taken == 1


def test_an_absent_candidate_is_skipped_with_a_reason_and_one_declines(users, meeting):
    staff = users["staff"]
    b, (wang, li, zhao), small, big = meeting
    with pytest.raises(ValidationError, match="须填写原因"):
        placement_services.batch_skip(sunshinebatch=b, user=staff, candidate=wang, reason="")
    placement_services.batch_skip(sunshinebatch=b, user=staff, candidate=wang, reason="本人未到场，电话联系不上")
    placement_services.batch_decline(sunshinebatch=b, user=staff, candidate=li, reason="本人选择自主就业")
    li.refresh_from_db()
    assert (li.choice_status, li.status) == ("declined", "self_chosen") and li.self_chosen_on == TODAY
    with pytest.raises(TransitionNotAllowed, match="还有1名对象未选岗"):
        batch_workflow.apply(b, "finish", user=staff)
    placement_services.batch_choose(sunshinebatch=b, user=staff, candidate=zhao, post=big)
    batch_workflow.apply(b, "finish", user=staff)
    log = list(ChoiceLog.objects.filter(batch=b).values_list("rank", "action", "reason"))
    assert log == [(1, "skipped", "本人未到场，电话联系不上"), (2, "declined", "本人选择自主就业"), (3, "chose", "")]
    assert placement_services.next_chooser(b) is None


def test_choosing_before_the_meeting_is_refused(tree, users, three):
    b, (wang, _li, _zhao) = three
    small = post(b, users["staff"])
    with pytest.raises(ValidationError, match="选岗会尚未开始"):
        placement_services.batch_choose(sunshinebatch=b, user=users["staff"], candidate=wang, post=small)


def test_two_choices_of_the_last_place_at_once_one_wins_the_other_is_told(users, meeting, client_for):
    """Two transactions: the meeting's second terminal showed 县档案馆's one place free to 李 (his form was
    filled while it was), then 王's choice of it committed on the first terminal; 李's submission is
    refused with the post gone, and nothing of his changes."""
    staff = users["staff"]
    b, (wang, li, zhao), small, big = meeting
    first, second = client_for(staff), client_for(users["staff"])
    url = reverse("placement:sunshinebatch_action", args=[b.pk, "choose"])
    page = second.get(url).content.decode()
    assert "县档案馆 档案管理（事业单位，剩余1个）" in page
    # transaction 1: 王 (rank 1) takes the last place
    assert first.post(url, {"candidate": wang.pk, "post": small.pk}).status_code == 302
    # transaction 2: now 李's turn, his choice of the same post, as the stale page sent it
    stale = ChooseForm({"candidate": li.pk, "post": small.pk}, obj=b, user=staff)
    assert stale.is_valid()
    response = second.post(url, {"candidate": li.pk, "post": small.pk})
    assert response.status_code == 200
    assert "已被选完（其他对象刚刚选走），请另选岗位" in response.content.decode()
    assert SunshinePost.objects.get(pk=small.pk).taken == 1
    assert PlacementCase.objects.get(pk=li.pk).choice_status == "waiting"
    assert list(ChoiceLog.objects.filter(batch=b).values_list("case_id", flat=True)) == [wang.pk]
    # and he chooses another
    assert second.post(url, {"candidate": li.pk, "post": big.pk}).status_code == 302
    assert PlacementCase.objects.get(pk=li.pk).post == big


def test_the_post_count_cannot_be_exceeded_even_by_a_direct_write(users, meeting):
    _b, _cases, small, _big = meeting
    with pytest.raises(IntegrityError), transaction.atomic():
        SunshinePost.objects.filter(pk=small.pk).update(taken=2)


def test_the_confirmation_form_prints_and_the_final_list_exports(users, meeting, client_for):
    staff = users["staff"]
    b, (wang, li, zhao), small, big = meeting
    placement_services.batch_choose(sunshinebatch=b, user=staff, candidate=wang, post=small)
    client = client_for(staff)
    page = client.get(reverse("placement:confirmation_print", args=[wang.pk])).content.decode()
    assert "选岗确认表" in page and "县档案馆" in page and "第1名" in page and "本人签字" in page
    assert client.get(reverse("placement:confirmation_print", args=[li.pk])).status_code == 403
    response = client.get(reverse("placement:final_list_export", args=[b.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    names = [row for row in values if row and "王军" in [str(c) for c in row]]
    assert names and "县档案馆" in [str(c) for c in names[0]]
    assert wang.veteran.id_number not in str(values)  # masked for publication
    outsider = client_for(users["other_staff"])
    assert outsider.get(reverse("placement:final_list_export", args=[b.pk])).status_code == 404
    assert outsider.get(reverse("placement:confirmation_print", args=[wang.pk])).status_code == 404
