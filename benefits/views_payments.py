"""The pages of the other 优抚 payments (benefits/models_payments.py): rolls with their lines, the
one-time subsidy standard, the roster ledger (the lines' export filtered by roll)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from benefits import forms_payments, ledgers_payments, services_payments
from benefits.models_payments import OneTimeSubsidyStandard, PaymentKind, PaymentRoll, RollLine
from core.generic import ModelViews, ObjectAction, Panel, RelatedBlock
from core.registry import register
from core.roles import Role


def roll_panel(request, roll):
    return {"totals": services_payments.roll_totals(roll, request.user),
            "roster_url": f"{reverse('benefits:rollline_export')}?roll={roll.pk}",
            "lines_url": f"{reverse('benefits:rollline_list')}?roll={roll.pk}"}


def one_time_draft(roll):
    return roll.kind == PaymentKind.ONE_TIME and roll.status == "draft"


def draft(roll):
    return roll.status == "draft"


@register
class PaymentRollViews(ModelViews):
    model = PaymentRoll
    fields = ["area", "kind", "name", "year", "place", "starts_on", "ends_on", "fund", "note"]
    list_display = ["name", "kind", "year", "area", "place", "status", "fund", "paid_on"]
    list_filter = ["kind", "year", "status"]
    search_fields = ["name", "place", "lines__veteran__name"]
    date_filter = "paid_on"
    section = "benefits"
    panels = (Panel(_("发放合计"), "benefits/payments/_roll_panel.html", roll_panel, order=10),)
    related = (RelatedBlock(_("发放明细"), "lines", add_url="benefits:rollline_add", add_param="roll",
                            select_related=("roll", "veteran", "entitlement__veteran", "entitlement__family_member"),
                            limit=200),)
    object_actions = (
        ObjectAction("add_discharged", _("按退役时间批量添加"), forms_payments.AddDischargedForm,
                     services_payments.roll_add_discharged, roles=[Role.STAFF], available=one_time_draft, subject="roll",
                     help_text=_("把区划内该时段退役、尚未领取的自主就业退役士兵全部加入，金额按标准和服役年限计算。")),
        ObjectAction("add_key", _("批量添加重点优抚对象"), forms_payments.AddKeyForm, services_payments.roll_add_key,
                     roles=[Role.STAFF], available=draft, subject="roll",
                     help_text=_("区划内享受中的重点优抚对象每人一行、金额相同（可按类别选择）；已在本表中的跳过。")),
        ObjectAction("pay", _("确认发放"), forms_payments.PayForm, services_payments.roll_pay, roles=[Role.STAFF],
                     available=lambda roll: roll.status == "approved", subject="roll",
                     help_text=_("选择列支经费：发放表合计从该经费支出，余额不足的不能发放。")),
    )

    workflow_hidden = ("pay",)  # paid through its action, which asks for the fund


@register
class RollLineViews(ModelViews):
    model = RollLine
    form_class = ledgers_payments.RollLineForm
    ledger = ledgers_payments.line_ledger
    fields = ["roll", "veteran", "entitlement", "amount", "content", "note"]
    list_display = ["roll", "veteran", "entitlement", "amount", "service_years", "content"]
    list_filter = ["roll", "roll__kind"]
    search_fields = ["veteran__name", "roll__name", "content"]
    section = "benefits"


@register
class OneTimeSubsidyStandardViews(ModelViews):
    model = OneTimeSubsidyStandard
    fields = ["area", "per_year_amount", "effective_from", "effective_to", "policy_document"]
    list_display = ["area", "per_year_amount", "effective_from", "effective_to", "policy_document"]
    search_fields = ["policy_document"]
    date_filter = "effective_from"
    ledger_key = ["area", "effective_from"]
    section = "benefits"
