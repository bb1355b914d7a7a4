"""A petition's handling through petitions.services: each step with who and when, its limits, and the
refusals (in Chinese, nothing changed)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from core.workflow import TransitionLog, TransitionNotAllowed
from petitions import services
from petitions.models import Petition
from tests.factories import VeteranFactory
from tests.petitions.helpers import D, petitioners, register, through

pytestmark = pytest.mark.django_db


def unchanged(petition):
    return model_to_dict(Petition.objects.get(pk=petition.pk))


def refused(call, message, petition):
    before = unchanged(petition)
    logs = TransitionLog.objects.count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert message in " ".join(caught.value.messages)
    assert unchanged(petition) == before
    assert TransitionLog.objects.count() == logs


def test_registered_with_its_petitioner_linked_to_the_registry(users, tree):
    veteran = VeteranFactory(area=tree["village11"], name="李卫国")
    petition = register(users["clerk"], tree["village11"], people=6, name="", veteran=veteran)
    assert petition.status == "registered" and petition.collective
    assert petition.number == f"XF2025{petition.pk:06d}"
    assert [(p.name, p.veteran) for p in petitioners(petition)] == [("李卫国", veteran)]
    assert petition.due_on == D(2025, 3, 18)


def test_a_petitioner_of_another_area_cannot_be_linked(users, tree):
    outside = VeteranFactory(area=tree["village21"])
    with pytest.raises(ValidationError) as caught:
        register(users["clerk"], tree["village11"], veteran=outside)
    assert "不在您的管辖范围内" in str(caught.value)
    assert not Petition.objects.exists()


def test_the_whole_way_with_who_and_when(users, tree):
    staff = users["staff"]
    petition = register(users["clerk"], tree["village11"])
    services.petition_accept(petition=petition, user=users["clerk"], accepted_on=D(2025, 3, 10))
    assert (petition.status, petition.answer_due_on, petition.due_on) == ("accepted", D(2025, 5, 9), D(2025, 5, 9))
    services.petition_assign(petition=petition, user=staff, handler="优抚科")
    services.petition_extend(petition=petition, user=staff, days=30, reason="需调取历史档案核实。")
    assert petition.answer_due_on == petition.due_on == D(2025, 6, 8)
    services.petition_answer(petition=petition, user=staff, answered_on=D(2025, 6, 8), answer="已按政策答复。")
    assert petition.answered_in_time is True and petition.due_on is None
    services.petition_close(petition=petition, user=staff, closed_on=D(2025, 6, 10), outcome="partly")
    assert (petition.status, petition.outcome, petition.resolved_on) == ("closed", "partly", None)
    services.petition_request_review(petition=petition, user=staff, requested_on=D(2025, 7, 8))  # the 30th day
    assert (petition.status, petition.review_due_on) == ("reviewing", D(2025, 8, 7))
    services.petition_review(petition=petition, user=staff, reviewed_on=D(2025, 8, 1), opinion="维持原处理意见。")
    services.petition_request_recheck(petition=petition, user=staff, requested_on=D(2025, 8, 20))
    services.petition_recheck(petition=petition, user=staff, rechecked_on=D(2025, 9, 10), opinion="复核终结。")
    services.petition_resolve(petition=petition, user=staff, outcome="resolved", resolved_on=D(2025, 9, 20))
    petition.refresh_from_db()
    assert (petition.status, petition.outcome, petition.resolved_on) == ("rechecked", "resolved", D(2025, 9, 20))
    log = [(e.name, e.user.username) for e in petition.workflow.log(petition)]
    assert log == [("accept", "clerk"), ("assign", "staff"), ("answer", "staff"), ("close", "staff"),
                   ("request_review", "staff"), ("review", "staff"), ("request_recheck", "staff"), ("recheck", "staff")]
    assert all(e.at for e in petition.workflow.log(petition))
    reasons = [h.history_change_reason for h in petition.history.all()]
    assert any("延期30日" in (r or "") for r in reasons)


def test_answered_before_accepted_is_refused(users, tree):
    staff = users["staff"]
    petition = register(users["clerk"], tree["village11"])
    refused(lambda: services.petition_answer(petition=petition, user=staff, answered_on=D(2025, 3, 20), answer="答复"),
            "尚未受理，不能答复", petition)
    services.petition_accept(petition=petition, user=staff, accepted_on=D(2025, 3, 10))
    refused(lambda: services.petition_answer(petition=petition, user=staff, answered_on=D(2025, 3, 9), answer="答复"),
            "答复日期（2025-03-09）不能早于受理日期（2025-03-10）", petition)


def test_an_extension_needs_a_reason_stays_within_30_days_and_is_made_once(users, tree):
    staff = users["staff"]
    petition = register(users["clerk"], tree["village11"])
    services.petition_accept(petition=petition, user=staff, accepted_on=D(2025, 3, 10))
    refused(lambda: services.petition_extend(petition=petition, user=staff, days=20, reason="  "), "延期须填写理由", petition)
    refused(lambda: services.petition_extend(petition=petition, user=staff, days=31, reason="情况复杂"),
            "延长期限不得超过30日", petition)
    services.petition_extend(petition=petition, user=staff, days=10, reason="情况复杂")
    assert petition.answer_due_on == D(2025, 5, 19)
    refused(lambda: services.petition_extend(petition=petition, user=staff, days=10, reason="再延"), "延期只能办理一次",
            petition)


def test_an_answer_after_the_limit_is_late(users, tree):
    petition = through(register(users["clerk"], tree["village11"]), users["staff"], answered=D(2025, 5, 10),
                       closed=D(2025, 5, 12))
    assert petition.answered_in_time is False


def test_not_accepted_needs_a_reason(users, tree):
    petition = register(users["clerk"], tree["village11"])
    refused(lambda: services.petition_reject(petition=petition, user=users["clerk"], rejected_on=D(2025, 3, 5), reason=""),
            "不予受理须填写理由", petition)
    services.petition_reject(petition=petition, user=users["clerk"], rejected_on=D(2025, 3, 5), reason="属于诉讼事项。")
    assert (petition.status, petition.due_on, petition.rejection_reason) == ("rejected", None, "属于诉讼事项。")


def test_a_review_requested_after_30_days_is_not_accepted(users, tree):
    petition = through(register(users["clerk"], tree["village11"]), users["staff"], answered=D(2025, 4, 20),
                       closed=D(2025, 4, 25), outcome="unresolved")
    refused(lambda: services.petition_request_review(petition=petition, user=users["staff"], requested_on=D(2025, 5, 21)),
            "最迟2025-05-20", petition)


def test_only_staff_take_review_steps(users, tree):
    petition = through(register(users["clerk"], tree["village11"]), users["staff"], outcome="unresolved")
    with pytest.raises(TransitionNotAllowed):
        services.petition_request_review(petition=petition, user=users["clerk"], requested_on=D(2025, 5, 1))


def test_after_the_recheck_the_same_matter_is_not_accepted_again(users, tree):
    staff = users["staff"]
    first = through(register(users["clerk"], tree["village11"]), staff, outcome="unresolved")
    services.petition_request_review(petition=first, user=staff, requested_on=D(2025, 5, 1))
    services.petition_review(petition=first, user=staff, reviewed_on=D(2025, 5, 20), opinion="维持。")
    services.petition_request_recheck(petition=first, user=staff, requested_on=D(2025, 6, 1))
    second = register(users["clerk"], tree["village11"], received_on=D(2025, 6, 5), first_petition=first)
    third = register(users["clerk"], tree["village11"], received_on=D(2025, 6, 6), first_petition=second)
    services.petition_accept(petition=second, user=staff, accepted_on=D(2025, 6, 6))  # before the recheck: accepted
    services.petition_recheck(petition=first, user=staff, rechecked_on=D(2025, 6, 20), opinion="复核终结。")
    refused(lambda: services.petition_accept(petition=third, user=staff, accepted_on=D(2025, 6, 21)),
            "已于2025-06-20复核终结", third)
    services.petition_reject(petition=third, user=staff, rejected_on=D(2025, 6, 21), reason="同一事项已复核终结。")
    assert list(first.repeats.all()) == [second] and third.root() == first


def test_a_bare_transition_without_the_steps_data_is_refused(users, tree):
    petition = register(users["clerk"], tree["village11"])
    with pytest.raises(TransitionNotAllowed) as caught:
        petition.workflow.apply(petition, "accept", user=users["staff"])
    assert "受理日期" in caught.value.messages[0]
    assert Petition.objects.get(pk=petition.pk).status == "registered"


def test_a_future_date_is_refused(users, tree):
    petition = register(users["clerk"], tree["village11"])
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    refused(lambda: services.petition_accept(petition=petition, user=users["staff"], accepted_on=tomorrow),
            "受理日期不能晚于今天", petition)


def test_a_recheck_is_requested_within_30_days_of_the_review_decision(users, tree):
    """《信访工作条例》第三十五条: 复核 is asked for within 30 days of receiving the 复查意见 (the day itself not
    counted); the 复核 is then decided within 30 days of the request."""
    staff = users["staff"]
    petition = through(register(users["clerk"], tree["village11"]), staff, outcome="unresolved")
    services.petition_request_review(petition=petition, user=staff, requested_on=D(2025, 5, 1))
    services.petition_review(petition=petition, user=staff, reviewed_on=D(2025, 5, 20), opinion="维持原答复。")
    refused(lambda: services.petition_request_recheck(petition=petition, user=staff, requested_on=D(2025, 6, 20)),
            "复核应自收到书面复查意见之日起30日内提出（最迟2025-06-19），已逾期，不予受理复核。", petition)
    refused(lambda: services.petition_request_recheck(petition=petition, user=staff, requested_on=D(2025, 5, 19)),
            "复核申请日期", petition)  # before the review decision
    services.petition_request_recheck(petition=petition, user=staff, requested_on=D(2025, 6, 19))  # the last day
    petition.refresh_from_db()
    assert (petition.status, petition.recheck_requested_on, petition.recheck_due_on) == (
        "rechecking", D(2025, 6, 19), D(2025, 7, 19))
    assert petition.due_on == D(2025, 7, 19)
