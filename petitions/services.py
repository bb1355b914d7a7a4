"""The writes of 信访: registering a petition with its first petitioner, and each step of its handling.

Each step checks the petition's state and the user's role (the workflow's check), then its own
rules (dates in order, the limits of petitions.limits), stores its data and applies the transition,
which logs who and when; a refused step raises ValidationError with a Chinese message and changes
nothing.  Pages (petitions.views' object actions), the demo and the tests all call these.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import services
from petitions import limits
from petitions.models import Outcome, Petition, Petitioner, petition_workflow

PETITIONER_FIELDS = {"petitioner_name": "name", "petitioner_phone": "phone", "petitioner_veteran": "veteran",
                     "petitioner_relation": "relation"}


def _day(value):
    return f"{value:%Y-%m-%d}"


def _not_future(day, label):
    if day and day > datetime.date.today():
        raise ValidationError(_("%(label)s不能晚于今天。") % {"label": label})


def _not_before(day, earlier, label, earlier_label):
    if day and earlier and day < earlier:
        raise ValidationError(_("%(label)s（%(day)s）不能早于%(earlier_label)s（%(earlier)s）。") % {
            "label": label, "day": _day(day), "earlier_label": earlier_label, "earlier": _day(earlier)})


def matter_closed_by_recheck(petition):
    """The earlier petition of the same matter whose 复核 is done, if any (then it is not accepted again)."""
    node, seen = petition.first_petition, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        if node.rechecked_on:
            return node
        node = node.first_petition
    return None


def petition_create(*, model, data, user):
    """Register a petition (登记) and its first petitioner, if the form named one."""
    person = {field: data.get(name) for name, field in PETITIONER_FIELDS.items()}
    petition_data = {k: v for k, v in data.items() if k not in PETITIONER_FIELDS}
    if person["veteran"] is not None:
        services.check_parents(Petitioner, {"veteran": person["veteran"]}, user)
        person["name"] = person["name"] or person["veteran"].name
    first = petition_data.get("first_petition")
    if first is not None:
        services.check_parents(Petition, {"first_petition": first}, user)
    petition = services.save_new(model=model, data=petition_data, user=user, reason=_("登记信访事项"))
    petition.number = f"XF{petition.received_on:%Y}{petition.pk:06d}"
    Petition.objects.filter(pk=petition.pk).update(number=petition.number)
    if person["name"]:
        person = {k: v for k, v in person.items() if v is not None}
        services.save_new(model=Petitioner, data={**person, "petition": petition}, user=user, reason=_("登记信访人"))
    return petition


def petition_update(*, instance, data, user):
    if data.get("first_petition") is not None and data["first_petition"].pk == instance.pk:
        raise ValidationError({"first_petition": _("不能把信访事项关联为它自己的首次信访。")})
    return services.save_changes(instance=instance, data=data, user=user)


def _check(petition, name, user, remark=""):
    """The workflow's check of state and role for a step a service takes (core.workflow)."""
    petition.taking_step = name
    try:
        return petition_workflow.check(petition, name, user, remark)
    finally:
        petition.taking_step = None


def _step(petition, name, user, remark, changes, reason):
    """Store the step's data, then apply the transition (both or neither)."""
    with transaction.atomic():
        for field, value in changes.items():
            setattr(petition, field, value)
        services.save(petition, user, reason)
        petition_workflow.apply(petition, name, user=user, remark=remark)  # its save sets the new state's limit
        petition.refresh_from_db()
    return petition


def petition_accept(*, petition, user, accepted_on, remark=""):
    """受理: the answer is due 60 days after acceptance."""
    _check(petition, "accept", user, remark)
    _not_future(accepted_on, _("受理日期"))
    _not_before(accepted_on, petition.received_on, _("受理日期"), _("登记日期"))
    closed = matter_closed_by_recheck(petition)
    if closed is not None:
        raise ValidationError(_("同一信访事项已于%(day)s复核终结，以同一事实和理由再次信访的不再受理，请作不予受理处理。") % {
            "day": _day(closed.rechecked_on)})
    return _step(petition, "accept", user, remark, {
        "accepted_on": accepted_on, "answer_due_on": limits.answer_due(accepted_on)}, _("受理"))


def petition_reject(*, petition, user, rejected_on, reason):
    """不予受理, with the reason told to the petitioner."""
    _check(petition, "reject", user, reason)
    if not (reason or "").strip():
        raise ValidationError(_("不予受理须填写理由。"))
    _not_future(rejected_on, _("不予受理日期"))
    _not_before(rejected_on, petition.received_on, _("不予受理日期"), _("登记日期"))
    return _step(petition, "reject", user, reason, {"rejected_on": rejected_on, "rejection_reason": reason.strip()},
                 _("不予受理"))


def petition_assign(*, petition, user, handler, remark=""):
    """交办: the unit that handles it."""
    _check(petition, "assign", user, remark)
    if not (handler or "").strip():
        raise ValidationError(_("请填写承办单位。"))
    return _step(petition, "assign", user, remark, {"handler": handler.strip()}, _("交办"))


def petition_extend(*, petition, user, days, reason):
    """延期: once, up to 30 days, with a reason; the answer's limit moves by `days`."""
    if petition.status not in ("accepted", "handling"):
        raise ValidationError(_("当前状态为“%(state)s”，不能延期。") % {"state": petition.get_status_display()})
    if petition.extended_days:
        raise ValidationError(_("该信访事项已延期%(n)d日，延期只能办理一次。") % {"n": petition.extended_days})
    if not (reason or "").strip():
        raise ValidationError(_("延期须填写理由，并告知信访人。"))
    if days is None or days < 1:
        raise ValidationError(_("延长天数至少为1日。"))
    if days > limits.MAX_EXTENSION_DAYS:
        raise ValidationError(_("延长期限不得超过%(n)d日。") % {"n": limits.MAX_EXTENSION_DAYS})
    petition.extended_days = days
    petition.extension_reason = reason.strip()
    petition.answer_due_on = limits.answer_due(petition.accepted_on, days)
    return services.save(petition, user, _("延期%(n)d日：%(reason)s") % {"n": days, "reason": reason.strip()})


def petition_answer(*, petition, user, answered_on, answer):
    """答复: on time when by the answer's limit (extension included)."""
    if petition.status == "registered":
        raise ValidationError(_("该信访事项尚未受理，不能答复。请先办理受理。"))
    _check(petition, "answer", user, answer)
    if not (answer or "").strip():
        raise ValidationError(_("请填写答复意见。"))
    _not_future(answered_on, _("答复日期"))
    _not_before(answered_on, petition.accepted_on, _("答复日期"), _("受理日期"))
    return _step(petition, "answer", user, answer, {
        "answered_on": answered_on, "answer": answer.strip(),
        "answered_in_time": answered_on <= petition.answer_due_on}, _("答复"))


def petition_close(*, petition, user, closed_on, outcome, remark=""):
    """办结, with the resolution (化解情况)."""
    _check(petition, "close", user, remark)
    _not_future(closed_on, _("办结日期"))
    _not_before(closed_on, petition.answered_on, _("办结日期"), _("答复日期"))
    changes = {"closed_on": closed_on, "outcome": outcome}
    changes["resolved_on"] = closed_on if outcome == Outcome.RESOLVED else None
    return _step(petition, "close", user, remark, changes, _("办结"))


def petition_resolve(*, petition, user, outcome, resolved_on, remark=""):
    """化解情况 recorded again after 办结 (after a review, a visit, a mediation)."""
    if not petition.answered_on:
        raise ValidationError(_("该信访事项尚未答复，不能登记化解情况。"))
    _not_future(resolved_on, _("化解日期"))
    _not_before(resolved_on, petition.answered_on, _("化解日期"), _("答复日期"))
    petition.outcome = outcome
    petition.resolved_on = resolved_on if outcome == Outcome.RESOLVED else None
    reason = _("化解情况：%(o)s") % {"o": Outcome(outcome).label}
    return services.save(petition, user, f"{reason} {remark}".strip())


def petition_request_review(*, petition, user, requested_on, remark=""):
    """申请复查: within 30 days of the answer; decided within 30 days of the request."""
    _check(petition, "request_review", user, remark)
    _not_future(requested_on, _("复查申请日期"))
    _not_before(requested_on, petition.answered_on, _("复查申请日期"), _("答复日期"))
    last = limits.request_due(petition.answered_on)
    if requested_on > last:
        raise ValidationError(_("复查应自收到书面答复之日起%(n)d日内提出（最迟%(last)s），已逾期，不予受理复查。") % {
            "n": limits.REQUEST_DAYS, "last": _day(last)})
    return _step(petition, "request_review", user, remark, {
        "review_requested_on": requested_on, "review_due_on": limits.decide_due(requested_on)}, _("申请复查"))


def petition_review(*, petition, user, reviewed_on, opinion):
    _check(petition, "review", user, opinion)
    if not (opinion or "").strip():
        raise ValidationError(_("请填写复查意见。"))
    _not_future(reviewed_on, _("复查日期"))
    _not_before(reviewed_on, petition.review_requested_on, _("复查日期"), _("复查申请日期"))
    return _step(petition, "review", user, opinion, {"reviewed_on": reviewed_on, "review_opinion": opinion.strip()},
                 _("复查决定"))


def petition_request_recheck(*, petition, user, requested_on, remark=""):
    _check(petition, "request_recheck", user, remark)
    _not_future(requested_on, _("复核申请日期"))
    _not_before(requested_on, petition.reviewed_on, _("复核申请日期"), _("复查日期"))
    last = limits.request_due(petition.reviewed_on)
    if requested_on > last:
        raise ValidationError(_("复核应自收到书面复查意见之日起%(n)d日内提出（最迟%(last)s），已逾期，不予受理复核。") % {
            "n": limits.REQUEST_DAYS, "last": _day(last)})
    return _step(petition, "request_recheck", user, remark, {
        "recheck_requested_on": requested_on, "recheck_due_on": limits.decide_due(requested_on)}, _("申请复核"))


def petition_recheck(*, petition, user, rechecked_on, opinion):
    _check(petition, "recheck", user, opinion)
    if not (opinion or "").strip():
        raise ValidationError(_("请填写复核意见。"))
    _not_future(rechecked_on, _("复核日期"))
    _not_before(rechecked_on, petition.recheck_requested_on, _("复核日期"), _("复核申请日期"))
    return _step(petition, "recheck", user, opinion, {"rechecked_on": rechecked_on, "recheck_opinion": opinion.strip()},
                 _("复核决定"))


def veteran_petitions(veteran, user):
    """The petitions a veteran made that `user` may see, read once for the veteran's page (its panel and
    timeline share them)."""
    cached = getattr(veteran, "_petitions", None)
    if cached is None or cached[0] != user.pk:
        rows = list(Petition.objects.visible_to(user).filter(petitioner__veteran=veteran).distinct()
                    .order_by("-received_on", "-id"))
        cached = veteran._petitions = (user.pk, rows)
    return cached[1]
