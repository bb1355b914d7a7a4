"""Pages of 帮扶援助与经费: funds and their charges, assistance applications with their attachments,
social-insurance continuation, and two overviews (fund usage, stage counts)."""

import datetime
from decimal import Decimal

import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View

from benefits import forms_assist, services_assist
from benefits.models_assist import (
    STEP_DAYS,
    ApplicationAttachment,
    AssistanceApplication,
    Fund,
    FundCharge,
    FundKind,
    FundSource,
    InsuranceContinuation,
    insurance_workflow,
)
from core.audit import log_access
from core.generic import ModelViews, ObjectAction, Panel, RelatedBlock
from core.models import AccessKind
from core.registry import register, registry
from core.roles import CASEWORK_ROLES, Role
from core.tables import CaseTable


def money(value):
    return f"{Decimal(value or 0):,.2f}"


# ------------------------------------------------------------------------------------------------ funds


class FundTable(CaseTable):
    year = tables.Column(linkify=lambda record: record.get_absolute_url())
    balance = tables.Column(verbose_name=_("余额（元）"), empty_values=(), orderable=False)
    usage = tables.Column(verbose_name=_("使用率"), empty_values=(), orderable=False)

    class Meta(CaseTable.Meta):
        model = Fund
        fields = ("year", "kind", "name", "source", "amount", "disbursed", "balance", "usage", "document", "area")

    def render_balance(self, record):
        return money(record.balance)

    def render_usage(self, record):
        rate = record.usage_rate()
        return "—" if rate is None else f"{rate}%"


class FundChargeTable(CaseTable):
    charged_on = tables.Column(linkify=lambda record: record.get_absolute_url())
    paying = tables.Column(verbose_name=_("支出事项"), empty_values=(), orderable=False)

    class Meta(CaseTable.Meta):
        model = FundCharge
        fields = ("charged_on", "fund", "amount", "description", "paying", "charged_by", "area")

    def render_paying(self, record):
        return paying_link(record)


def paying_link(charge):
    """The paying record's kind, linked to its page, read from the charge's content type and id alone (no
    query a paying model: the list reads the same number of queries whatever pays)."""
    model = charge.content_type.model_class()
    if model is None:
        return "—"
    label = model._meta.verbose_name
    try:
        url = reverse(f"{model._meta.app_label}:{model._meta.model_name}_detail", args=[charge.object_id])
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


def fund_figures(request, fund):
    return {"fund": fund, "rate": fund.usage_rate(), "balance": fund.balance,
            "charges": fund.charges.visible_to(request.user).count()}


@register
class FundViews(ModelViews):
    model = Fund
    fields = ["area", "kind", "name", "source", "year", "amount", "allocated_on", "document", "note"]
    table_class = FundTable
    list_filter = ["kind", "source", "year"]
    search_fields = ["name", "document"]
    date_filter = "allocated_on"
    list_select_related = ("area",)
    ledger_key = ["area", "kind", "source", "year", "document"]
    section = "benefits"
    write_roles = (Role.STAFF,)  # the bureau keeps its funds; township clerks do not see them
    detail_fieldsets = [
        (_("经费下达"), ["kind", "name", "source", "year", "amount", "allocated_on", "document", "area"]),
        (_("使用情况"), ["disbursed", "note"]),
    ]
    panels = (Panel(_("经费使用情况"), "benefits/assist/_fund_panel.html", fund_figures, order=5),)
    related = (RelatedBlock(_("支出明细"), "charges", FundChargeTable, select_related=("fund", "charged_by", "content_type", "area"),
                            order=10),)


@register
class FundChargeViews(ModelViews):
    model = FundCharge
    table_class = FundChargeTable
    actions = ("list", "detail")  # written only by the payments that make them (services_assist.fund_charge)
    list_filter = ["fund"]
    search_fields = ["description"]
    date_filter = "charged_on"
    list_select_related = ("fund", "charged_by", "content_type", "area")
    section = "benefits"
    read_roles = (Role.LEADER, Role.STAFF)
    write_roles = (Role.STAFF,)
    detail_fieldsets = [(None, ["fund", "amount", "charged_on", "description", "content_type", "object_id",
                                "charged_by", "area"])]



# ---------------------------------------------------------------------------------------- applications


def days_left_html(application, today=None):
    """剩5天 / 今日到期 / 超期3天 (in red) while the application waits on a step; — otherwise."""
    left = application.days_left(today)
    if left is None:
        return "—"
    if left < 0:
        return format_html('<span class="text-danger fw-bold">超期{}天</span>', -left)
    if left == 0:
        return format_html('<span class="text-danger">今日到期</span>')
    return format_html('<span class="{}">剩{}天</span>', "text-warning-emphasis" if left <= 3 else "", left)


class ApplicationTable(CaseTable):
    applied_on = tables.Column(linkify=lambda record: record.get_absolute_url())
    kind = tables.Column(verbose_name=_("援助类别"), accessor="kind_label", order_by=("kind",))
    days_left = tables.Column(verbose_name=_("办理时限"), empty_values=(), order_by=("due_on",))

    class Meta(CaseTable.Meta):
        model = AssistanceApplication
        fields = ("applied_on", "veteran", "kind", "cause", "amount_requested", "amount_approved", "area", "status",
                  "days_left")

    def render_days_left(self, record):
        return days_left_html(record)


class AttachmentTable(CaseTable):
    title = tables.Column(linkify=lambda record: record.get_absolute_url())
    download = tables.Column(verbose_name=_("下载"), empty_values=(), orderable=False)

    class Meta(CaseTable.Meta):
        model = ApplicationAttachment
        fields = ("title", "application", "content_kind", "size", "created_at", "download")

    def render_download(self, record):
        return format_html('<a href="{}">{}</a>', record.download_url(), _("下载"))


def in_state(*states):
    return lambda application: application.status in states


def limits_context(request, application):
    return {"application": application, "days_left": days_left_html(application), "step_days": STEP_DAYS,
            "charges": services_assist.charges_of(application).select_related("fund")}


# approve and pay carry an amount or a fund: offered as actions, left out of the bare workflow buttons
DATA_STEPS = ("approve", "pay")


@register
class AssistanceApplicationViews(ModelViews):
    model = AssistanceApplication
    form_class = forms_assist.AssistanceApplicationForm
    table_class = ApplicationTable
    list_filter = ["kind", "cause", "status"]
    search_fields = ["veteran__name", "hardship"]
    date_filter = "applied_on"
    list_select_related = ("veteran", "area")
    ledger_key = ["veteran", "applied_on", "kind"]
    section = "benefits"
    create_service = staticmethod(services_assist.application_create)
    update_service = staticmethod(services_assist.application_update)
    delete_service = staticmethod(services_assist.application_delete)
    detail_fieldsets = [
        (_("申请对象"), ["veteran", "family_member", "area"]),
        (_("困难情况"), ["kind", "kind_other", "cause", "hardship_on", "applied_on", "hardship", "amount_requested",
                      "late_override", "late_reason"]),
        (_("审批与发放"), ["status", "step_started_on", "due_on", "filed_by", "amount_approved", "approved_on", "fund",
                      "paid_on", "note"]),
    ]
    panels = (Panel(_("办理时限与发放"), "benefits/assist/_application_panel.html", limits_context, order=5),)
    related = (RelatedBlock(_("申请材料"), "attachments", AttachmentTable, order=10),)
    object_actions = (
        ObjectAction("approve", _("局审批"), forms_assist.ApproveForm, services_assist.application_approve,
                     roles=[Role.STAFF], available=in_state("reviewed"),
                     help_text=_("批准金额可与申请金额不同；不能审批本人经办的申请。")),
        ObjectAction("pay", _("发放"), forms_assist.PayForm, services_assist.application_pay, roles=[Role.STAFF],
                     available=in_state("approved"), help_text=_("从所选经费支出批准金额；经费余额不足的不能发放。")),
    )

    @classmethod
    def get_form(cls, request, instance=None, data=None, files=None):
        """The page's form takes an attachment too (the ledger's does not)."""
        initial = {key: value for key, value in request.GET.items() if key in cls.form_class.base_fields}
        return forms_assist.ApplicationUploadForm(data=data, files=files, instance=instance, initial=initial,
                                                  user=request.user, mask_sensitive=True)

    workflow_hidden = DATA_STEPS
    workflow_guarded = True


@register
class ApplicationAttachmentViews(ModelViews):
    model = ApplicationAttachment
    table_class = AttachmentTable
    actions = ("list", "detail", "delete")  # uploaded with the application's form (new or amended)
    search_fields = ["title"]
    list_select_related = ("application",)
    section = "benefits"
    detail_fieldsets = [(None, ["application", "title", "content_kind", "size", "created_at"])]
    panels = (Panel(_("文件"), "benefits/assist/_attachment_panel.html", lambda request, a: {"attachment": a}, order=5),)


class AttachmentDownloadView(LoginRequiredMixin, View):
    """The file of an attachment, to a user who may see its application (404 otherwise); logged."""

    def get(self, request, pk):
        if not ApplicationAttachmentViews.can_read(request.user):
            raise PermissionDenied(_("您的角色无权进行此操作。"))
        attachment = get_object_or_404(ApplicationAttachmentViews.scope(request.user), pk=pk)
        if not attachment.file:
            raise Http404
        log_access(request, AccessKind.REVEAL, target=f"申请材料：{attachment}",
                   detail={"model": attachment._meta.label_lower, "pk": str(attachment.pk), "page": "download",
                           "application": attachment.application_id})
        extension = {"pdf": "pdf", "png": "png", "jpg": "jpg"}.get(attachment.content_kind, "bin")
        return FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=f"{attachment.title}.{extension}")


# ------------------------------------------------------------------------------------- 社保接续


@register
class InsuranceContinuationViews(ModelViews):
    model = InsuranceContinuation
    fields = ["veteran", "applied_on", "insurance", "service_years", "note"]
    list_display = ["applied_on", "veteran", "insurance", "service_years", "area", "stage"]
    list_filter = ["stage"]
    search_fields = ["veteran__name"]
    date_filter = "applied_on"
    ledger_key = ["veteran", "applied_on"]
    list_select_related = ("veteran", "area")
    section = "benefits"


# ------------------------------------------------------------------------------------------- overviews


class CaseworkView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.does_casework:
            raise PermissionDenied(_("您的角色无权进行此操作。"))
        return super().dispatch(request, *args, **kwargs)


class InsuranceStagesView(CaseworkView):
    """How many applicants are at each stage now, and how many reached each stage in the period."""

    def get(self, request):
        today = datetime.date.today()
        try:
            start = datetime.date.fromisoformat(request.GET.get("start", ""))
            end = datetime.date.fromisoformat(request.GET.get("end", ""))
        except ValueError:
            start, end = today.replace(month=1, day=1), today
        now = services_assist.stage_counts(InsuranceContinuationViews.scope(request.user))
        moved = services_assist.stage_transitions(request.user.area_id, start, end)
        base = reverse("benefits:insurancecontinuation_list")
        rows = [{"label": label, "now": now[value], "moved": moved[value], "url": f"{base}?stage={value}"}
                for value, label in insurance_workflow.choices]
        return render(request, "benefits/assist/insurance_stages.html", {
            "rows": rows, "start": start, "end": end, "total": sum(now.values())})


class FundUsageView(CaseworkView):
    """Allocated, disbursed, balance and usage rate by fund kind and source, for a year."""

    def get(self, request):
        if request.user.role not in FundViews.read_roles or not FundViews.can_read(request.user):
            raise PermissionDenied(_("您的角色无权进行此操作。"))
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = datetime.date.today().year
        funds = FundViews.scope(request.user).filter(year=year)
        grouped = funds.order_by().values("kind", "source").annotate(amount=Sum("amount"), disbursed=Sum("disbursed"))
        kinds, sources = dict(FundKind.choices), dict(FundSource.choices)
        base = reverse("benefits:fund_list")
        rows = []
        for row in sorted(grouped, key=lambda r: (list(kinds).index(r["kind"]), list(sources).index(r["source"]))):
            rows.append({"kind": kinds[row["kind"]], "source": sources[row["source"]], "amount": row["amount"],
                         "disbursed": row["disbursed"], "balance": row["amount"] - row["disbursed"],
                         "rate": (row["disbursed"] * 100 / row["amount"]).quantize(Decimal("0.01")),
                         "url": f"{base}?year={year}&kind={row['kind']}&source={row['source']}"})
        total = funds.aggregate(amount=Sum("amount"), disbursed=Sum("disbursed"))
        rate = None
        if total["amount"]:
            rate = (total["disbursed"] * 100 / total["amount"]).quantize(Decimal("0.01"))
        return render(request, "benefits/assist/fund_usage.html", {
            "rows": rows, "year": year, "years": range(year - 3, year + 2), "total": total, "rate": rate})


registry.add_nav("benefits", _("经费使用情况"), "benefits:assist_fund_usage", (Role.LEADER, Role.STAFF))
registry.add_nav("benefits", _("社保接续环节统计"), "benefits:assist_insurance_stages", CASEWORK_ROLES)
