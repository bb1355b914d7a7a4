"""优抚 annual confirmation (年度确认) and periodic payment batches (定期抚恤补助发放), issue 12.

A campaign (ConfirmationCampaign) gives every active entitlement of its area one Confirmation row,
the village's checklist: the clerk ticks it (alive, still eligible, information unchanged) with a
remark, the township reviews it.  At the deadline the unconfirmed rows are suspended: their
entitlements are not paid until confirmed, and the first batch after a late confirmation pays the
months held back.

A PaymentBatch covers one month or one quarter of an area.  Its lines (PaymentLine) are computed by
benefits.services_batches from the standards in force in each month; a person is never paid twice
for one month: a database constraint allows one non-rejected month's pay (periodic, held back or
re-issued) per entitlement and month.  The batch goes 草稿 → 已审核 → 已审批 → 已发放 through its
workflow; from review on it is frozen (lines and amounts no longer change).

Funds (经费): a batch names the fund it is paid from (列支经费, by default the year's 优抚对象抚恤补助 of its
area), chosen when it is created or, at the latest, in 登记已发放.  The pay step charges the batch's total to
it inside the transition's transaction (benefits.services_assist.charge_paid): a balance short of the
total refuses the step and nothing changes; an account the bank returns gives its amount back.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from benefits.categories import Category
from benefits.models_assist import Fund, FundKind
from benefits.services_assist import charge_paid
from core.models import Area, AreaScoped, CaseRecord
from core.roles import Role
from core.workflow import Transition, Workflow


def _this_year():
    return datetime.date.today().year


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("确认中")
    CLOSED = "closed", _("已截止")


class ConfirmationCampaign(CaseRecord):
    """One year's 年度确认 of an area's beneficiaries."""

    year = models.PositiveSmallIntegerField(_("年度"), default=_this_year,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField(_("名称"), max_length=100, blank=True, help_text=_("留空时为“某年度优抚对象年度确认”"))
    deadline = models.DateField(_("截止日期"), help_text=_("截止时仍未确认的优抚对象暂停发放"))
    status = models.CharField(_("状态"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN,
                              editable=False)
    closed_on = models.DateField(_("截止处理日期"), null=True, blank=True, editable=False)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度确认")
        verbose_name_plural = _("年度确认")
        ordering = ["-year", "area_id", "-id"]
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="campaign_area_year")]

    def __str__(self):
        return self.name or f"{self.year}年度优抚对象年度确认"

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = f"{self.year}年度优抚对象年度确认"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("benefits:confirmationcampaign_detail", args=[self.pk])

    def clean(self):
        if self.deadline and self.year and self.deadline.year not in (self.year, self.year + 1):
            raise ValidationError({"deadline": _("截止日期应在确认年度内（或次年）。")})
        if self.area_id and self.year:
            clash = ConfirmationCampaign.objects.filter(year=self.year).exclude(pk=self.pk).filter(
                Q(area__code__startswith=self.area_id) | Q(area_id__in=_prefixes(self.area_id)))
            if clash.exists():
                raise ValidationError({"year": _("该区域（或其上下级）已开展%(year)s年度确认。") % {"year": self.year}})


def _prefixes(code):
    return [code[:n] for n in (2, 4, 6, 9) if n < len(code)]


class ConfirmationState(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REVIEWED = "reviewed", _("镇街已审核")
    SUSPENDED = "suspended", _("逾期暂停发放")


CONFIRMED_STATES = (ConfirmationState.CONFIRMED, ConfirmationState.REVIEWED)


class Confirmation(CaseRecord):
    """One line of a village's checklist: one entitlement to confirm in one campaign."""

    campaign = models.ForeignKey(ConfirmationCampaign, verbose_name=_("年度确认"), on_delete=models.CASCADE,
                                 related_name="confirmations")
    entitlement = models.ForeignKey("benefits.Entitlement", verbose_name=_("优抚对象"), on_delete=models.CASCADE,
                                    related_name="confirmations")
    state = models.CharField(_("确认状态"), max_length=12, choices=ConfirmationState.choices,
                             default=ConfirmationState.PENDING, editable=False)
    alive = models.BooleanField(_("本人健在"), default=False, editable=False)
    eligible = models.BooleanField(_("仍符合条件"), default=False, editable=False)
    unchanged = models.BooleanField(_("信息无变化"), default=False, editable=False)
    remark = models.CharField(_("备注"), max_length=200, blank=True, editable=False)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey("core.User", verbose_name=_("确认人"), null=True, blank=True, editable=False,
                                     on_delete=models.SET_NULL, related_name="+")
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey("core.User", verbose_name=_("审核人"), null=True, blank=True, editable=False,
                                    on_delete=models.SET_NULL, related_name="+")
    suspended_on = models.DateField(_("暂停发放日期"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度确认清单")
        verbose_name_plural = _("年度确认清单")
        ordering = ["area_id", "campaign_id", "entitlement_id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "entitlement"], name="confirmation_once")]

    def __str__(self):
        return f"{self.entitlement}（{self.get_state_display()}）"

    def get_absolute_url(self):
        return reverse("benefits:confirmation_detail", args=[self.pk])


class BatchPeriod(models.TextChoices):
    MONTH = "month", _("按月")
    QUARTER = "quarter", _("按季")


def _approve_guard(batch, user):
    if user is not None and user.pk in (batch.reviewed_by_id, batch.computed_by_id):
        return str(_("审批人不能是本批次的计算人或审核人，请由其他人员审批。"))
    return None


def _review_guard(batch, user):
    if not batch.computed_at:
        return str(_("尚未计算发放明细，不能提交审核。"))
    if user is not None and user.pk == batch.computed_by_id:
        return str(_("审核人不能是本批次的计算人。"))
    return None


def _pay_guard(batch, user):
    if not batch.lines.exists():
        return str(_("本批次没有发放明细，不能登记发放。"))
    if batch.fund_id is None:
        return str(_("请先选择本批次的列支经费（在“登记已发放”中选择）。"))
    return None


def _charge(batch, user, remark):
    charge_paid(batch, user, batch.total_amount, _("%(batch)s（%(people)d人）") % {"batch": batch, "people": batch.people})


def _today(batch, user):
    return datetime.date.today()


def _user(batch, user):
    return user


batch_workflow = Workflow(
    states={"draft": _("草稿"), "reviewed": _("已审核"), "approved": _("已审批"), "paid": _("已发放")},
    initial="draft",
    transitions=[
        Transition("review", _("审核"), source=["draft"], target="reviewed", roles=[Role.STAFF], guard=_review_guard,
                   fields={"reviewed_by": _user, "reviewed_on": _today}),
        Transition("send_back", _("退回修改"), source=["reviewed"], target="draft", roles=[Role.STAFF, Role.LEADER],
                   remark_required=True, fields={"reviewed_by": lambda b, u: None, "reviewed_on": lambda b, u: None}),
        Transition("approve", _("审批"), source=["reviewed"], target="approved", roles=[Role.STAFF, Role.LEADER],
                   guard=_approve_guard, fields={"approved_by": _user, "approved_on": _today}),
        Transition("pay", _("登记已发放"), source=["approved"], target="paid", roles=[Role.STAFF], guard=_pay_guard,
                   fields={"paid_on": _today}, effect=_charge),
    ],
)


class PaymentBatch(CaseRecord):
    """定期抚恤补助发放批次: one month or quarter of an area's periodic pensions and subsidies."""

    year = models.PositiveSmallIntegerField(_("年度"), default=_this_year,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    period = models.CharField(_("发放周期"), max_length=8, choices=BatchPeriod.choices, default=BatchPeriod.MONTH)
    first_month = models.PositiveSmallIntegerField(_("起始月份"), validators=[MinValueValidator(1), MaxValueValidator(12)],
                                                   help_text=_("按季发放填季度首月（1、4、7、10）"))
    name = models.CharField(_("批次名称"), max_length=100, blank=True, help_text=_("留空时自动命名"))
    status = batch_workflow.field(_("状态"))
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True, editable=False)
    computed_by = models.ForeignKey("core.User", verbose_name=_("计算人"), null=True, blank=True, editable=False,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey("core.User", verbose_name=_("审核人"), null=True, blank=True, editable=False,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_on = models.DateField(_("审批日期"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey("core.User", verbose_name=_("审批人"), null=True, blank=True, editable=False,
                                    on_delete=models.SET_NULL, related_name="+")
    paid_on = models.DateField(_("发放日期"), null=True, blank=True, editable=False)
    total_amount = models.DecimalField(_("发放总额（元）"), max_digits=14, decimal_places=2, default=Decimal("0.00"),
                                       editable=False)
    people = models.PositiveIntegerField(_("发放人数"), default=0, editable=False)
    line_count = models.PositiveIntegerField(_("明细条数"), default=0, editable=False)
    compute_note = models.CharField(_("计算结果"), max_length=200, blank=True, editable=False)
    # {category: {"people": n, "periodic": "元", "arrears": "元"}} of the lines, written with them by the computation
    # so that the batch's page does not add up 100,000 lines each time it opens (None: add them up)
    category_summary = models.JSONField(_("分类合计"), null=True, blank=True, editable=False)
    statement_number = models.CharField(_("银行回单号"), max_length=60, blank=True, editable=False)
    reconciled_on = models.DateField(_("对账日期"), null=True, blank=True, editable=False)
    fund = models.ForeignKey(Fund, verbose_name=_("列支经费"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="payment_batches",
                             help_text=_("登记发放时从该经费支出本批次总额；可留空，在“登记已发放”时选择"))
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    fund_kind = FundKind.PENSION  # the kind of fund a batch is paid from unless staff choose another

    class Meta:
        verbose_name = _("定期抚恤补助发放批次")
        verbose_name_plural = _("定期抚恤补助发放批次")
        ordering = ["-year", "-first_month", "area_id", "-id"]
        indexes = [models.Index(fields=["area", "year", "first_month"], name="paymentbatch_area_month")]

    def __str__(self):
        return self.name or self.default_name()

    def default_name(self):
        if self.period == BatchPeriod.QUARTER:
            return f"{self.year}年第{(self.first_month - 1) // 3 + 1}季度定期抚恤补助"
        return f"{self.year}年{self.first_month}月定期抚恤补助"

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = self.default_name()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("benefits:paymentbatch_detail", args=[self.pk])

    @property
    def months(self):
        count = 3 if self.period == BatchPeriod.QUARTER else 1
        return [datetime.date(self.year, self.first_month + i, 1) for i in range(count)]

    @property
    def frozen(self):
        return self.status != "draft"

    def clean(self):
        if self.period == BatchPeriod.QUARTER and self.first_month not in (1, 4, 7, 10):
            raise ValidationError({"first_month": _("按季发放的起始月份应为1、4、7或10月。")})
        if self.fund_id and self.area_id and not self.area_id.startswith(self.fund.area_id):
            raise ValidationError({"fund": _("经费“%(fund)s”不属于本批次所在区域，不能列支。") % {"fund": self.fund}})
        if self.pk:
            stored = PaymentBatch.objects.filter(pk=self.pk).values_list("status", "year", "period", "first_month",
                                                                           "area_id").first()
            if stored and stored[0] != "draft" and stored[1:] != (self.year, self.period, self.first_month, self.area_id):
                raise ValidationError(_("已审核的批次已冻结，不能修改发放期间和区域。"))
        if self.area_id and self.year and self.first_month and self.period:
            months = self.months
            others = PaymentBatch.objects.filter(year=self.year).exclude(pk=self.pk).filter(
                Q(area__code__startswith=self.area_id) | Q(area_id__in=_prefixes(self.area_id) + [self.area_id]))
            for other in others:
                if set(other.months) & set(months):
                    raise ValidationError(_("“%(other)s”已包含该区域的同一发放月份，不能重复建立批次。") % {"other": other})


class LineKind(models.TextChoices):
    PERIODIC = "periodic", _("定期发放")
    HELD_BACK = "held_back", _("暂停后补发")
    REISSUE = "reissue", _("退票重发")
    BACK_PAY = "back_pay", _("提标补发")


# The kinds that are "the month's pay": one non-rejected line of these per entitlement and month.
MONTH_PAY_KINDS = (LineKind.PERIODIC, LineKind.HELD_BACK, LineKind.REISSUE)


class PaymentLine(AreaScoped):
    """One entitlement's pay for one month in a batch (or the back pay of a raise for that month).  Lines are
    part of their batch's frozen snapshot (bulk-written by the computation), so they keep no history of their
    own: the batch's history and workflow log say who computed, reviewed and approved them."""

    # no index of their own for the batch and the area: the two composite indexes below lead with them (a
    # line table grows by a province's 100,000 lines a month, and every index is written with each line)
    area = models.ForeignKey(Area, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+", db_index=False)
    batch = models.ForeignKey(PaymentBatch, verbose_name=_("发放批次"), on_delete=models.CASCADE, related_name="lines",
                              db_index=False)
    entitlement = models.ForeignKey("benefits.Entitlement", verbose_name=_("优抚对象"), on_delete=models.PROTECT,
                                    related_name="payment_lines")
    # the entitlement's category, copied for the totals by category
    category = models.CharField(_("优抚类别"), max_length=24, choices=Category.choices)
    month = models.DateField(_("所属月份"))
    kind = models.CharField(_("发放类型"), max_length=12, choices=LineKind.choices, default=LineKind.PERIODIC)
    standard = models.ForeignKey("benefits.SubsidyStandard", verbose_name=_("适用标准"), on_delete=models.PROTECT, related_name="+")
    national_amount = models.DecimalField(_("国家标准（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    local_amount = models.DecimalField(_("地方补贴（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    nursing_amount = models.DecimalField(_("护理费（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("说明"), max_length=200, blank=True)
    rejected = models.BooleanField(_("银行退票"), default=False)
    reject_reason = models.CharField(_("退票原因"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("发放明细")
        verbose_name_plural = _("发放明细")
        ordering = ["batch_id", "area_id", "entitlement_id", "month", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["entitlement", "month"], name="paymentline_month_once",
                                    condition=Q(rejected=False) & ~Q(kind="back_pay")),
            models.UniqueConstraint(fields=["entitlement", "month", "batch"], name="paymentline_backpay_once",
                                    condition=Q(rejected=False, kind="back_pay")),
        ]
        # the batch's lines in the list's order (so a page of a 100,000-line batch reads 20 rows, not sorts them all)
        indexes = [models.Index(fields=["batch", "area", "entitlement", "month", "kind"], name="paymentline_batch_order"),
                   models.Index(fields=["area", "month"], name="paymentline_area_month")]

    def __str__(self):
        return f"{self.entitlement_id} {self.month:%Y-%m} {self.get_kind_display()} {self.amount}"

    def get_absolute_url(self):
        return reverse("benefits:paymentline_detail", args=[self.pk])


__all__ = ["CampaignStatus", "ConfirmationCampaign", "ConfirmationState", "CONFIRMED_STATES", "Confirmation",
           "BatchPeriod", "batch_workflow", "PaymentBatch", "LineKind", "MONTH_PAY_KINDS", "PaymentLine"]
