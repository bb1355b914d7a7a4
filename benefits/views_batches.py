"""Pages of 年度确认 and 定期抚恤补助发放: the registered declarations, the bank file and the 变更明细."""

import datetime

import django_filters
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.forms import HiddenInput
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from benefits import forms_batches as forms
from benefits import services_batches as services
from benefits.fields import mask_account
from benefits.ledgers_batches import payment_line_ledger
from benefits.models_batches import (
    CONFIRMED_STATES,
    CampaignStatus,
    Confirmation,
    ConfirmationCampaign,
    ConfirmationState,
    PaymentBatch,
    PaymentLine,
)
from core.audit import log_access
from core.generic import ModelViews, ObjectAction, Panel, full_export_choice
from core.idnumber import mask_id
from core.ledger import text_cell
from core.models import AccessKind
from core.registry import register
from core.roles import CASEWORK_ROLES, WRITE_ROLES, Role

STAFF_ONLY = (Role.STAFF,)


def campaign_panel(request, campaign):
    return {"campaign": campaign, "rows": services.campaign_progress(campaign), "today": datetime.date.today()}


@register
class ConfirmationCampaignViews(ModelViews):
    model = ConfirmationCampaign
    form_class = forms.CampaignForm
    ledger = False
    list_display = ["name", "year", "area", "deadline", "status", "closed_on"]
    list_filter = ["year", "status"]
    search_fields = ["name"]
    write_roles = STAFF_ONLY
    section = "benefits"
    create_service = staticmethod(services.campaign_create)
    detail_fieldsets = [(None, ["year", "name", "area", "deadline", "status", "closed_on", "note"])]
    panels = (Panel(gettext_lazy("各镇（街道）确认进度"), "benefits/batches/_campaign_panel.html", campaign_panel, order=10),)
    object_actions = (
        ObjectAction("close", gettext_lazy("到期截止（未确认的暂停发放）"), forms.CloseForm, services.campaign_close,
                     roles=STAFF_ONLY, available=lambda c: c.status == CampaignStatus.OPEN,
                     help_text=gettext_lazy("截止日期后由系统每日自动执行，也可在此手动执行。")),
    )


def _confirmable(confirmation):
    return confirmation.state not in CONFIRMED_STATES


@register
class ConfirmationViews(ModelViews):
    model = Confirmation
    ledger = False
    actions = ("list", "detail")
    list_display = ["state", "entitlement", "area", "campaign", "confirmed_on", "reviewed_on", "remark"]  # 状态 opens the line
    list_filter = ["campaign", "state"]
    search_fields = ["entitlement__veteran__name", "entitlement__family_member__name"]
    list_select_related = ("entitlement__veteran", "entitlement__family_member", "campaign", "area")
    write_roles = WRITE_ROLES
    section = "benefits"
    nav_label = gettext_lazy("年度确认清单")
    detail_fieldsets = [
        (None, ["campaign", "entitlement", "area", "state"]),
        (gettext_lazy("确认"), ["alive", "eligible", "unchanged", "remark", "confirmed_on", "confirmed_by"]),
        (gettext_lazy("审核"), ["reviewed_on", "reviewed_by", "suspended_on"]),
    ]
    object_actions = (
        ObjectAction("confirm", gettext_lazy("确认"), forms.ConfirmForm, services.confirmation_confirm,
                     roles=WRITE_ROLES, available=_confirmable,
                     help_text=gettext_lazy("逐项核实后勾选；逾期暂停的，确认后下一批次补发暂停月份。")),
        ObjectAction("review", gettext_lazy("镇街审核"), forms.ReviewForm, services.confirmation_review,
                     roles=WRITE_ROLES, available=lambda c: c.state == ConfirmationState.CONFIRMED),
    )


def batch_panel(request, batch):
    return {"batch": batch, "totals": services.category_totals(batch), "can_reveal": request.user.can_reveal}


def _draft(batch):
    return batch.status == "draft"


@register
class PaymentBatchViews(ModelViews):
    model = PaymentBatch
    form_class = forms.BatchForm
    ledger = False
    list_display = ["name", "area", "period", "status", "people", "total_amount", "fund", "paid_on"]
    list_filter = ["year", "period", "status"]
    search_fields = ["name"]
    write_roles = STAFF_ONLY
    section = "benefits"
    update_service = staticmethod(services.batch_update)
    delete_service = staticmethod(services.batch_delete)
    detail_fieldsets = [
        (None, ["name", "year", "period", "first_month", "area", "status", "note"]),
        (gettext_lazy("计算与审批"), ["computed_at", "computed_by", "compute_note", "reviewed_on", "reviewed_by",
                                   "approved_on", "approved_by", "paid_on"]),
        (gettext_lazy("合计与对账"), ["people", "line_count", "total_amount", "fund", "statement_number", "reconciled_on"]),
    ]
    panels = (Panel(gettext_lazy("分类合计与下载"), "benefits/batches/_batch_panel.html", batch_panel, order=10),)
    object_actions = (
        ObjectAction("compute", gettext_lazy("计算发放明细"), forms.ComputeForm, services.batch_compute, roles=STAFF_ONLY,
                     available=_draft, help_text=gettext_lazy("按各月执行的标准计算；含暂停后补发、退票重发和提标补发。")),
        ObjectAction("pay", gettext_lazy("登记已发放"), forms.PayForm, services.batch_pay, roles=STAFF_ONLY,
                     available=lambda b: b.status == "approved",
                     help_text=gettext_lazy("选择列支经费：本批次总额从该经费支出，余额不足的不能发放。")),
        ObjectAction("reconcile", gettext_lazy("银行对账"), forms.ReconcileForm, services.batch_reconcile, roles=STAFF_ONLY,
                     available=lambda b: b.status == "paid",
                     help_text=gettext_lazy("登记银行回单号，勾选退票账户；退票金额退回经费，下一批次重发。")),
    )

    workflow_hidden = ("pay",)  # paid through its action, which asks for the fund


@register
class PaymentLineViews(ModelViews):
    model = PaymentLine
    ledger = payment_line_ledger
    actions = ("list", "detail", "export")
    fields = ["batch", "entitlement", "category", "month", "kind", "standard", "national_amount", "local_amount",
              "nursing_amount", "amount", "reason", "rejected", "reject_reason"]
    list_display = ["entitlement", "area", "month", "kind", "amount", "rejected", "batch"]
    list_filter = ["category", "kind", "rejected"]
    search_fields = ["entitlement__veteran__name", "entitlement__family_member__name"]
    list_select_related = ("entitlement__veteran", "entitlement__family_member", "batch", "area")
    write_roles = ()
    section = None
    detail_fieldsets = [(None, ["batch", "entitlement", "area", "category", "month", "kind", "standard", "national_amount",
                                "local_amount", "nursing_amount", "amount", "reason", "rejected", "reject_reason"])]

    @classmethod
    def complete(cls):
        """The batch is chosen from its page (发放明细 opens this list with ?batch=): as a select the filter
        offered every batch of the area, 3,600 options at a province's three years."""
        super().complete()
        cls.filterset_class = type("PaymentLineFilterSet", (cls.filterset_class,), {
            "batch": django_filters.NumberFilter(field_name="batch_id", label=gettext_lazy("发放批次"),
                                                 widget=HiddenInput)})


class BatchPageView(LoginRequiredMixin, View):
    def batch(self, request, pk):
        if not request.user.does_casework or request.user.role not in CASEWORK_ROLES:
            raise PermissionDenied(_("您的角色无权进行此操作。"))
        return get_object_or_404(PaymentBatchViews.scope(request.user), pk=pk)


class BatchChangesView(BatchPageView):
    """变更明细: who was added, stopped or changed since the previous batch, and why."""

    def get(self, request, pk):
        batch = self.batch(request, pk)
        previous, rows = services.batch_changes(batch)
        return render(request, "benefits/batches/changes.html", {"batch": batch, "previous": previous, "rows": rows})


class BankFileView(BatchPageView):
    """The bank file: one row a person and account, with the count and total in the header.

    Masked like every export (core.generic.full_export_choice): the ID number and the account whole
    only when a role that may reveal asks for them (`?full=1`, as the bank matches on them) with a
    stated purpose, which is logged and written into the header block.  Every cell is written
    through the ledger's guard (core.ledger.text_cell): a name or bank beginning with = is text."""

    WHAT = gettext_lazy("身份证号和银行账号")

    def get(self, request, pk):
        from tempfile import NamedTemporaryFile

        from openpyxl import Workbook

        batch = self.batch(request, pk)
        if batch.status not in ("approved", "paid"):
            raise PermissionDenied(_("批次审批后才能生成银行代发文件。"))
        full, purpose, page = full_export_choice(
            request, title=_("下载含完整%(what)s的银行代发文件：%(batch)s") % {"what": self.WHAT, "batch": batch},
            back_url=batch.get_absolute_url(), back_label=str(batch), what=self.WHAT)
        if page is not None:
            return page
        what = str(self.WHAT)
        rows = services.bank_rows(batch)
        total = sum((r["amount"] for r in rows), start=services.Decimal("0.00"))
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("代发明细")

        def append(*values):
            sheet.append([text_cell(sheet, value) for value in values])

        append(f"{batch} 银行代发文件")
        append("笔数", len(rows), "总金额（元）", f"{total:.2f}")
        append("导出人", str(request.user), "导出时间", f"{datetime.datetime.now():%Y-%m-%d %H:%M}",
               f"含完整{what}，用途：{purpose}，请妥善保管，用后销毁" if full else f"{what}已脱敏")
        append("序号", "户名", "公民身份号码", "开户银行", "银行账号", "金额（元）")
        for number, r in enumerate(rows, start=1):
            append(number, r["name"], r["id_number"] if full else mask_id(r["id_number"]), r["bank"],
                   r["account"] if full else mask_account(r["account"]), f"{r['amount']:.2f}")
        with NamedTemporaryFile(suffix=".xlsx") as handle:
            workbook.save(handle.name)
            data = open(handle.name, "rb").read()
        detail = {"batch": batch.pk, "rows": len(rows), "total": f"{total:.2f}", "masked": not full}
        if full:
            detail["purpose"] = purpose
        log_access(request, AccessKind.EXPORT, target="银行代发文件", detail=detail)
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f"attachment; filename=bank-{batch.pk}.xlsx"
        return response


urlpatterns = [
    path("paymentbatch/<int:pk>/bank-file/", BankFileView.as_view(), name="paymentbatch_bank_file"),
    path("paymentbatch/<int:pk>/changes/", BatchChangesView.as_view(), name="paymentbatch_changes"),
]
