"""帮扶援助与经费 (issue 13): funds and what is charged to them, assistance applications (帮扶援助) with
their attachments, and social-insurance continuation (社保接续).

A fund (经费) is one allocation: a kind (优抚对象抚恤补助, 特殊困难援助 ...), a source (中央, 省, 市, 县本级),
a year and an amount, with its document.  Every payment is a FundCharge naming the fund and the paying
record (a content type and id, so that 优抚 batches, start-up grants or 双拥 visits can be charged the
same way); `benefits.services_assist.fund_charge` writes it under a lock of the fund and refuses to go
past the balance.  `disbursed` is kept on the fund by that service only.

An assistance application goes 已提交 → 镇街审核 → 局审批 → 已发放, or back (退回, to amend and resubmit),
or 不予批准; each step through `assistance_workflow.apply` (who, when, remark).  Each step has a time
limit in calendar days from the day the step began (STEP_DAYS); `due_on` is kept on the row for lists.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from benefits.approval import TOWNSHIP_AND_BUREAU, StepDeadlines, approval_workflow, has
from core.models import CaseRecord
from core.roles import Role
from core.validators import not_in_future
from core.workflow import Transition, Workflow
from veterans.models import FamilyMember, Veteran, VeteranAreaField

POSITIVE_MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}


class FundKind(models.TextChoices):
    PENSION = "pension", _("优抚对象抚恤补助")
    HARDSHIP = "hardship", _("特殊困难援助")
    SUPPORT_ARMY = "support_army", _("双拥工作经费")
    SCHOLARSHIP = "scholarship", _("烈士后裔助学金")
    PLACEMENT = "placement", _("安置就业经费")
    SERVICE = "service", _("服务保障经费")
    OTHER = "other", _("其他")


class FundSource(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县本级")


class Fund(CaseRecord):
    """One allocation of money (经费下达): kind, source, year, amount and its document."""

    kind = models.CharField(_("经费类别"), max_length=16, choices=FundKind.choices)
    name = models.CharField(_("经费名称"), max_length=80, blank=True, help_text=_("如：2025年中央财政优抚对象补助经费；可留空"))
    source = models.CharField(_("资金来源"), max_length=12, choices=FundSource.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    amount = models.DecimalField(_("下达金额（元）"), **POSITIVE_MONEY)
    allocated_on = models.DateField(_("下达日期"), validators=[not_in_future])
    document = models.CharField(_("下达文号"), max_length=100, blank=True, help_text=_("如：浙财社〔2025〕12号"))
    disbursed = models.DecimalField(_("已支出（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"),
                                    editable=False)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("经费")
        verbose_name_plural = _("经费")
        ordering = ["-year", "kind", "source", "id"]
        indexes = [models.Index(fields=["area", "year"], name="fund_area_year")]

    def __str__(self):
        return self.name or f"{self.year}年{self.get_source_display()}{self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("benefits:fund_detail", args=[self.pk])

    @property
    def balance(self):
        return (self.amount or Decimal("0")) - (self.disbursed or Decimal("0"))

    def usage_rate(self):
        """已支出 / 下达, in percent with two places; None before any amount."""
        if not self.amount:
            return None
        return (self.disbursed * 100 / self.amount).quantize(Decimal("0.01"))


    def clean(self):
        if self.pk and self.amount is not None:
            stored = Fund._base_manager.filter(pk=self.pk).values_list("disbursed", flat=True).first() or Decimal("0")
            if self.amount < stored:
                raise ValidationError({"amount": _("下达金额不能少于已支出的%(spent)s元。") % {"spent": stored}})
        if self.allocated_on and self.year and abs(self.allocated_on.year - self.year) > 1:
            raise ValidationError({"allocated_on": _("下达日期与经费年度相差超过一年，请核对。")})


class FundCharge(CaseRecord):
    """One payment charged to a fund, naming the record that paid (any model: content type and id).
    Its area is the paying record's.  Written only by services_assist.fund_charge."""

    fund = models.ForeignKey(Fund, verbose_name=_("经费"), on_delete=models.PROTECT, related_name="charges")
    amount = models.DecimalField(_("支出金额（元）"), **POSITIVE_MONEY)
    charged_on = models.DateField(_("支出日期"))
    content_type = models.ForeignKey(ContentType, verbose_name=_("支出事项类型"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.CharField(_("支出事项编号"), max_length=40)
    record = GenericForeignKey("content_type", "object_id")
    description = models.CharField(_("摘要"), max_length=200)
    charged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("经费支出")
        verbose_name_plural = _("经费支出")
        ordering = ["-charged_on", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="fundcharge_record")]

    def __str__(self):
        return f"{self.description}（{self.amount}元）"

    def get_absolute_url(self):
        return reverse("benefits:fundcharge_detail", args=[self.pk])


class AssistanceKind(models.TextChoices):
    EMERGENCY = "emergency", _("应急救助")
    HARDSHIP = "hardship", _("特殊困难援助")
    MEDICAL = "medical", _("医疗救助")
    TEMPORARY = "temporary", _("临时救助")
    OTHER = "other", _("其他")


class HardshipCause(models.TextChoices):
    ILLNESS = "illness", _("重大疾病")
    ACCIDENT = "accident", _("突发事件")
    FAMILY = "family", _("家庭变故")
    OTHER = "other", _("其他")


# Days each step may take, from the day it began (calendar days, the first day not counted).
STEP_DAYS = {"submitted": 10, "reviewed": 15, "approved": 10, "returned": 15}
STEP_NAMES = {"submitted": _("镇街审核"), "reviewed": _("局审批"), "approved": _("发放"), "returned": _("补正重报")}
LATE_AFTER_DAYS = 365  # an application more than a year after the hardship needs the bureau's override

assistance_workflow = approval_workflow(
    approve_guard=has("amount_approved", _("请通过“局审批”填写批准金额。")),
    pay_guard=has("paid_on", _("请通过“发放”选择经费并填写发放日期。")),
)


def year_before(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class AssistanceApplication(StepDeadlines, CaseRecord):
    """One application for assistance (帮扶援助) for a veteran or a family member."""

    area = VeteranAreaField()

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.PROTECT,
                                related_name="assistance_applications")
    family_member = models.ForeignKey(FamilyMember, verbose_name=_("受助家属"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="assistance_applications",
                                      help_text=_("为家属申请时选择；为本人申请时留空"))
    kind = models.CharField(_("援助类别"), max_length=12, choices=AssistanceKind.choices)
    kind_other = models.CharField(_("其他类别名称"), max_length=30, blank=True, help_text=_("类别选“其他”时填写"))
    cause = models.CharField(_("致困原因"), max_length=12, choices=HardshipCause.choices)
    hardship_on = models.DateField(_("困难发生日期"), validators=[not_in_future])
    applied_on = models.DateField(_("申请日期"), validators=[not_in_future])
    hardship = models.TextField(_("困难情况"), help_text=_("家庭经济状况、困难经过及诉求"))
    amount_requested = models.DecimalField(_("申请金额（元）"), **POSITIVE_MONEY)
    late_override = models.BooleanField(_("超期特批"), default=False,
                                        help_text=_("困难发生超过一年才申请的，须局机关工作人员勾选并写明理由"))
    late_reason = models.TextField(_("特批理由"), blank=True)
    status = assistance_workflow.field(_("办理状态"))
    amount_approved = models.DecimalField(_("批准金额（元）"), max_digits=12, decimal_places=2, null=True,
                                          editable=False)
    approved_on = models.DateField(_("批准日期"), null=True, editable=False)
    fund = models.ForeignKey(Fund, verbose_name=_("支出经费"), null=True, editable=False, on_delete=models.PROTECT,
                             related_name="assistance_applications")
    paid_on = models.DateField(_("发放日期"), null=True, editable=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, editable=False,
                                 on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    step_days = STEP_DAYS

    class Meta:
        verbose_name = _("帮扶援助申请")
        verbose_name_plural = _("帮扶援助申请")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["area", "applied_on"], name="assist_area_applied"),
                   models.Index(fields=["status", "due_on"], name="assist_open_due")]

    def __str__(self):
        day = f"{self.applied_on:%Y-%m-%d}" if self.applied_on else ""
        return f"{day} {self.kind_label()}申请".strip()

    def get_absolute_url(self):
        return reverse("benefits:assistanceapplication_detail", args=[self.pk])

    def kind_label(self):
        if self.kind == AssistanceKind.OTHER and self.kind_other:
            return self.kind_other
        return self.get_kind_display() if self.kind else ""

    kind_label.short_description = _("援助类别")

    def is_late(self):
        """Applied more than a year after the hardship."""
        return bool(self.hardship_on and self.applied_on and self.hardship_on < year_before(self.applied_on))

    def clean(self):
        errors = {}
        if self.hardship_on and self.applied_on and self.hardship_on > self.applied_on:
            errors["hardship_on"] = _("困难发生日期不能晚于申请日期。")
        if self.is_late() and not self.late_override:
            errors["hardship_on"] = _("困难发生已超过一年（%(day)s），按规定不予受理；确有特殊情况的，须局机关工作人员勾选“超期特批”"
                                      "并写明理由。") % {"day": f"{self.hardship_on:%Y-%m-%d}"}
        if self.late_override and not self.late_reason.strip():
            errors["late_reason"] = _("勾选“超期特批”的须写明特批理由。")
        if self.kind == AssistanceKind.OTHER and not self.kind_other.strip():
            errors["kind_other"] = _("类别选“其他”时须填写类别名称。")
        if self.family_member_id and self.veteran_id and self.family_member.veteran_id != self.veteran_id:
            errors["family_member"] = _("所选家属不是该退役军人的家庭成员。")
        if errors:
            raise ValidationError(errors)


ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


class ApplicationAttachment(CaseRecord):
    """A scanned document of an application (PDF or image), stored under MEDIA_ROOT and served only by
    benefits.views_assist.attachment_download to users who may see the application."""

    area_path = "application__area"
    area = None

    application = models.ForeignKey(AssistanceApplication, verbose_name=_("帮扶援助申请"), on_delete=models.CASCADE,
                                    related_name="attachments")
    title = models.CharField(_("材料名称"), max_length=60, help_text=_("如：诊断证明、住院费用清单、户口簿"))
    file = models.FileField(_("文件"), upload_to="benefits/assist/%Y/%m/",
                            help_text=_("PDF或JPG、PNG图片，不超过5MB"))
    content_kind = models.CharField(_("文件类型"), max_length=8, editable=False, blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["application_id", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("benefits:applicationattachment_detail", args=[self.pk])

    def download_url(self):
        return reverse("benefits:assist_attachment_download", args=[self.pk])


class InsuranceStage(models.TextChoices):
    APPLIED = "applied", _("申请")
    ENTERED = "entered", _("录入")
    ACCEPTED = "accepted", _("受理")
    PASSED = "passed", _("初审通过")
    VERIFIED = "verified", _("养老/医疗核实")
    RECOGNISED = "recognised", _("困难认定")
    INELIGIBLE = "ineligible", _("不符合")


insurance_workflow = Workflow(
    states=dict(InsuranceStage.choices),
    initial="applied",
    transitions=[
        Transition("enter", _("录入"), ["applied"], "entered", TOWNSHIP_AND_BUREAU),
        Transition("accept", _("受理"), ["entered"], "accepted", [Role.STAFF]),
        Transition("pass_review", _("初审通过"), ["accepted"], "passed", [Role.STAFF]),
        Transition("verify", _("养老/医疗核实"), ["passed"], "verified", [Role.STAFF]),
        Transition("recognise", _("困难认定"), ["verified"], "recognised", [Role.STAFF]),
        Transition("reject", _("不符合"), ["applied", "entered", "accepted", "passed", "verified"], "ineligible",
                   [Role.STAFF], remark_required=True),
    ],
)


class InsuranceContinuation(CaseRecord):
    """One applicant for social-insurance continuation (社保接续) and the stage reached."""

    area = VeteranAreaField()

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.PROTECT,
                                related_name="insurance_continuations")
    applied_on = models.DateField(_("申请日期"), validators=[not_in_future])
    insurance = models.CharField(_("接续险种"), max_length=40, default="养老保险、医疗保险",
                                 help_text=_("如：城镇职工基本养老保险、基本医疗保险"))
    service_years = models.PositiveSmallIntegerField(_("服役年限"), null=True, blank=True)
    stage = insurance_workflow.field(_("办理环节"))
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社保接续")
        verbose_name_plural = _("社保接续")
        ordering = ["-applied_on", "-id"]

    def __str__(self):
        return f"{self.applied_on:%Y-%m-%d} 社保接续申请" if self.applied_on else "社保接续申请"

    def get_absolute_url(self):
        return reverse("benefits:insurancecontinuation_detail", args=[self.pk])


__all__ = ["FundKind", "FundSource", "Fund", "FundCharge", "AssistanceKind", "HardshipCause", "STEP_DAYS",
           "assistance_workflow", "AssistanceApplication", "ApplicationAttachment", "ATTACHMENT_MAX_BYTES",
           "InsuranceStage", "insurance_workflow", "InsuranceContinuation", "year_before"]
