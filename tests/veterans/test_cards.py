"""The preferential card (优待证) lifecycle and the archive workflow: allowed and refused transitions."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse

from core.models import TransitionLog
from core.workflow import TransitionNotAllowed
from tests.factories import VeteranFactory
from veterans import services
from veterans.models import PreferentialCard, VeteranArchive, archive_workflow, card_workflow

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def card(tree):
    return PreferentialCard.objects.create(veteran=VeteranFactory(area=tree["village11"]), number="ZJ001",
                                           applied_on=datetime.date(2025, 1, 10))


def logs(obj):
    entries = TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return list(entries.values_list("name", "source", "destination", "user__username",
                                                                                "remark"))


def snapshot(card):
    fresh = PreferentialCard.objects.get(pk=card.pk)
    fields = ("status", "issued_on", "activated_on", "lost_on", "reissued_on", "reissue_count", "cancelled_on")
    return {name: getattr(fresh, name) for name in fields}, fresh.history.count(), TransitionLog.objects.count()


def move_to(card, state, users):
    path = {"applied": [], "issued": ["issue"], "activated": ["issue", "activate"], "lost": ["issue", "report_lost"],
            "cancelled": []}[state]
    for name in path:
        card_workflow.apply(card, name, user=users["staff"])
    if state == "cancelled":
        card_workflow.apply(card, "cancel", user=users["staff"], remark="重复申请")
    assert card.status == state
    return card


def test_applied_issued_activated_lost_reissued_cancelled(card, users):
    assert card.status == "applied"
    assert [t.name for t in card_workflow.available(card, users["clerk"])] == []
    assert [t.name for t in card_workflow.available(card, users["staff"])] == ["issue", "cancel"]

    card_workflow.apply(card, "issue", user=users["staff"])
    assert (card.status, card.issued_on) == ("issued", TODAY)
    assert [t.name for t in card_workflow.available(card, users["clerk"])] == ["activate", "report_lost"]

    card_workflow.apply(card, "activate", user=users["clerk"])
    assert (card.status, card.activated_on) == ("activated", TODAY)

    card_workflow.apply(card, "report_lost", user=users["clerk"], remark="遗失")
    assert (card.status, card.lost_on) == ("lost", TODAY)
    assert [t.name for t in card_workflow.available(card, users["staff"])] == ["reissue", "cancel"]

    card_workflow.apply(card, "reissue", user=users["staff"])
    assert (card.status, card.reissued_on, card.reissue_count) == ("issued", TODAY, 1)
    card_workflow.apply(card, "report_lost", user=users["staff"])
    card_workflow.apply(card, "reissue", user=users["staff"])
    assert card.reissue_count == 2
    card_workflow.apply(card, "activate", user=users["clerk"])

    card_workflow.apply(card, "cancel", user=users["staff"], remark="本人申请注销")
    assert (card.status, card.cancelled_on) == ("cancelled", TODAY)

    stored = PreferentialCard.objects.get(pk=card.pk)
    assert (stored.status, stored.reissue_count, stored.issued_on, stored.cancelled_on) == ("cancelled", 2, TODAY, TODAY)
    assert logs(card) == [
        ("issue", "applied", "issued", "staff", ""),
        ("activate", "issued", "activated", "clerk", ""),
        ("report_lost", "activated", "lost", "clerk", "遗失"),
        ("reissue", "lost", "issued", "staff", ""),
        ("report_lost", "issued", "lost", "staff", ""),
        ("reissue", "lost", "issued", "staff", ""),
        ("activate", "issued", "activated", "clerk", ""),
        ("cancel", "activated", "cancelled", "staff", "本人申请注销"),
    ]
    assert stored.history.first().history_change_reason == "注销: 本人申请注销"
    assert card_workflow.available(card, users["staff"]) == []


@pytest.mark.parametrize("state, name, role, remark, message", [
    ("applied", "activate", "staff", "", "当前状态为“已申请”，不能执行“激活”"),
    ("applied", "report_lost", "clerk", "", "不能执行“挂失”"),
    ("applied", "reissue", "staff", "", "不能执行“补发”"),
    ("applied", "issue", "clerk", "", "您的角色无权执行“发放”"),
    ("issued", "issue", "staff", "", "当前状态为“已发放”"),
    ("issued", "reissue", "staff", "", "不能执行“补发”"),
    ("activated", "activate", "clerk", "", "不能执行“激活”"),
    ("lost", "reissue", "clerk", "", "您的角色无权执行“补发”"),
    ("lost", "activate", "staff", "", "不能执行“激活”"),
    ("issued", "cancel", "clerk", "注销", "您的角色无权执行“注销”"),
    ("issued", "cancel", "staff", "  ", "须填写说明"),
    ("cancelled", "issue", "staff", "", "当前状态为“已注销”"),
    ("cancelled", "activate", "staff", "", "当前状态为“已注销”"),
    ("cancelled", "cancel", "staff", "再次", "当前状态为“已注销”"),
    ("applied", "issue", "leader", "", "您的角色无权"),
    ("issued", "activate", "leader", "", "您的角色无权"),
    ("lost", "cancel", "leader", "领导注销", "您的角色无权"),
    ("issued", "activate", "auditor", "", "您的角色无权"),
    ("issued", "activate", "admin", "", "您的角色无权"),
    ("applied", "destroy", "staff", "", "未知的操作"),
])
def test_refused_transitions_change_nothing(card, users, state, name, role, remark, message):
    move_to(card, state, users)
    before = snapshot(card)

    with pytest.raises(TransitionNotAllowed, match=message):
        card_workflow.apply(card, name, user=users[role], remark=remark)

    assert card.status == state
    assert snapshot(card) == before


def test_every_transition_is_closed_to_the_leader(card, users):
    for state in ("applied", "issued", "activated", "lost"):
        fresh = move_to(PreferentialCard.objects.create(veteran=VeteranFactory(area=card.veteran.area)), state, users)
        assert card_workflow.available(fresh, users["leader"]) == []
        for name in card_workflow.transitions:
            before = snapshot(fresh)
            with pytest.raises(TransitionNotAllowed):
                card_workflow.apply(fresh, name, user=users["leader"], remark="说明")
            assert snapshot(fresh) == before


def post_transition(client, card, name, remark=""):
    return client.post(reverse("veterans:preferentialcard_transition", args=[card.pk, name]), {"remark": remark})


def test_transitions_through_the_page(card, users, client_for):
    staff, clerk = client_for(users["staff"]), client_for(users["clerk"])
    detail = reverse("veterans:preferentialcard_detail", args=[card.pk])

    page = clerk.get(detail).content.decode()
    assert "/transition/issue/" not in page
    assert "/transition/issue/" in staff.get(detail).content.decode()

    before = snapshot(card)
    response = post_transition(clerk, card, "issue")
    assert response.status_code == 302 and response["Location"] == detail
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["您的角色无权执行“发放”。"]
    assert snapshot(card) == before

    response = post_transition(clerk, card, "activate")
    assert "当前状态为“已申请”，不能执行“激活”。" in [str(m) for m in get_messages(response.wsgi_request)]
    assert snapshot(card) == before

    assert post_transition(client_for(users["leader"]), card, "issue").status_code == 403
    assert post_transition(client_for(users["other_staff"]), card, "issue").status_code == 404
    transition_url = reverse("veterans:preferentialcard_transition", args=[card.pk, "issue"])
    assert client_for(users["staff"]).get(transition_url).status_code == 404
    assert snapshot(card) == before

    assert post_transition(staff, card, "issue").status_code == 302
    assert post_transition(clerk, card, "activate").status_code == 302
    response = post_transition(staff, card, "cancel")  # no remark
    assert "执行“注销”须填写说明。" in [str(m) for m in get_messages(response.wsgi_request)]
    assert PreferentialCard.objects.get(pk=card.pk).status == "activated"
    post_transition(staff, card, "cancel", remark="持证人申请")
    assert PreferentialCard.objects.get(pk=card.pk).status == "cancelled"
    assert [entry[:4] for entry in logs(card)] == [
        ("issue", "applied", "issued", "staff"), ("activate", "issued", "activated", "clerk"),
        ("cancel", "activated", "cancelled", "staff")]

    # the veteran's page shows the card's state and dates
    body = clerk.get(card.veteran.get_absolute_url()).content.decode()
    assert "已注销" in body and f"注销 {TODAY:%Y-%m-%d}" in body


@pytest.mark.parametrize("state", ["applied", "issued", "activated", "lost"])
def test_a_death_cancels_the_card_from_any_state_in_use(card, users, state):
    move_to(card, state, users)
    services.veteran_record_death(veteran=card.veteran, user=users["clerk"], death_date=datetime.date(2025, 5, 1))
    card.refresh_from_db()
    assert (card.status, card.cancelled_on) == ("cancelled", TODAY)
    # the rule cancels even for a clerk, who could not cancel by hand; it is logged as theirs
    assert logs(card)[-1] == ("cancel", state, "cancelled", "clerk", "持证人去世，注销")


def test_a_second_card_for_the_same_veteran_is_refused(card, users, client_for):
    response = client_for(users["clerk"]).post(reverse("veterans:preferentialcard_add"),
                                               {"veteran": card.veteran.pk, "number": "", "applied_on": "2025-03-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["veteran"]
    assert PreferentialCard.objects.count() == 1


def test_card_list_filters_by_status_and_searches_the_holder(card, users, client_for):
    card.veteran.name, card.veteran.name_pinyin = "张三", ""  # the factory's names cycle: make the first holder's fixed
    card.veteran.save()
    other = PreferentialCard.objects.create(veteran=VeteranFactory(area=card.veteran.area, name="解放"))
    card_workflow.apply(other, "issue", user=users["staff"])
    client = client_for(users["clerk"])
    records = lambda **params: [row.record for row in client.get(reverse("veterans:preferentialcard_list"), params)  # noqa: E731
                                .context["table"].page.object_list]
    assert records(status="issued") == [other]
    assert records(status="applied") == [card]
    assert records(q="xf") == [other]


def test_archive_is_reviewed_then_transferred_with_a_remark(tree, users):
    archive = VeteranArchive.objects.create(veteran=VeteranFactory(area=tree["village11"]), sender="某部队")
    for name, role, remark, message in (("transfer", "staff", "移交", "当前状态为“已接收”"),
                                        ("review", "clerk", "", "您的角色无权"),
                                        ("review", "leader", "", "您的角色无权")):
        with pytest.raises(TransitionNotAllowed, match=message):
            archive_workflow.apply(archive, name, user=users[role], remark=remark)
    assert VeteranArchive.objects.get(pk=archive.pk).status == "received"
    assert logs(archive) == []

    archive_workflow.apply(archive, "review", user=users["staff"])
    with pytest.raises(TransitionNotAllowed, match="须填写说明"):
        archive_workflow.apply(archive, "transfer", user=users["staff"])
    archive_workflow.apply(archive, "transfer", user=users["staff"], remark="移交县档案馆")
    stored = VeteranArchive.objects.get(pk=archive.pk)
    assert (stored.status, stored.reviewed_on, stored.transferred_on) == ("transferred", TODAY, TODAY)
    assert [entry[:3] for entry in logs(archive)] == [("review", "received", "reviewed"), ("transfer", "reviewed", "transferred")]
