"""The approval flow benefits' applications share (帮扶援助, 烈士后裔助学金): 已提交 → 镇街审核 → 局审批 →
已发放, or 退回 (back to the clerk with a reason, to amend and resubmit) or 不予批准 (with a reason).
Township clerks and bureau staff review and send back, only the bureau approves, refuses and pays, and
nobody reviews or approves an application they filed.  What differs between the kinds is the guard of
approval (an amount typed, or one looked up) and of payment (a fund chosen, or the batch paying it)::

    assistance_workflow = approval_workflow(approve_guard=has("amount_approved", _("…")),
                                            pay_guard=has("paid_on", _("…")))

Each step has a time limit in calendar days from the day it began (`StepDeadlines.step_days`);
`due_on` is kept on the row, so that lists sort and flag overdue applications without computing.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.workflow import Transition, Workflow

TOWNSHIP_AND_BUREAU = [Role.CLERK, Role.STAFF]

STATES = {
    "submitted": _("已提交"),
    "reviewed": _("镇街已审核"),
    "approved": _("局已审批"),
    "paid": _("已发放"),
    "returned": _("已退回"),
    "refused": _("不予批准"),
}
OPEN_STATES = ("submitted", "returned")  # the clerk may still amend the application


def not_own(obj, user):
    if obj.filed_by_id and user and obj.filed_by_id == user.pk:
        return _("不能审核或审批本人经办的申请。")
    return None


def has(field, message):
    """A guard: not the user's own application, and `field` filled in (by the step's form or service)."""

    def guard(obj, user):
        own = not_own(obj, user)
        if own:
            return own
        return None if getattr(obj, field) else message

    return guard


def today(obj, user):
    return datetime.date.today()


def approval_workflow(*, approve_guard, pay_guard, approve_fields=None, pay_fields=None):
    """The shared state table; `*_fields` are more fields the approval or the payment sets
    ({field: callable(obj, user)}, as core.workflow.Transition takes them)."""
    step = {"step_started_on": today}
    return Workflow(
        states=STATES,
        initial="submitted",
        transitions=[
            Transition("review", _("镇街审核通过"), ["submitted"], "reviewed", TOWNSHIP_AND_BUREAU, guard=not_own,
                       fields=step),
            Transition("send_back", _("退回"), ["submitted", "reviewed"], "returned", TOWNSHIP_AND_BUREAU,
                       remark_required=True, guard=not_own, fields=step),
            Transition("resubmit", _("修改后重新提交"), ["returned"], "submitted", TOWNSHIP_AND_BUREAU, fields=step),
            Transition("approve", _("局审批通过"), ["reviewed"], "approved", [Role.STAFF], guard=approve_guard,
                       fields={**step, **(approve_fields or {})}),
            Transition("refuse", _("不予批准"), ["submitted", "reviewed"], "refused", [Role.STAFF], remark_required=True,
                       guard=not_own, fields=step),
            Transition("pay", _("发放"), ["approved"], "paid", [Role.STAFF], guard=pay_guard,
                       fields={**step, **(pay_fields or {})}),
        ],
    )


class StepDeadlines(models.Model):
    """The time limit of the step an application waits on: `step_days` {state: days}, counted from
    the day the step began (the application's day for the first), the first day not counted."""

    step_days = {}

    step_started_on = models.DateField(_("本环节起始日期"), null=True, editable=False)
    due_on = models.DateField(_("本环节办理期限"), null=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.step_started_on is None:
            self.step_started_on = self.applied_on
        days = self.step_days.get(self.status)
        self.due_on = self.step_started_on + datetime.timedelta(days=days) if days and self.step_started_on else None
        super().save(*args, **kwargs)

    def days_left(self, today=None):
        if self.due_on is None:
            return None
        return (self.due_on - (today or datetime.date.today())).days

    def is_overdue(self, today=None):
        left = self.days_left(today)
        return left is not None and left < 0
