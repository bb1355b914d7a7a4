"""Other payments of 优抚 (issue 12, "Other payments"): 医疗补助, 一次性经济补助, 企业军转干部困难补助,
价格临时补贴, 短期疗养, 关爱宜居, each a payment roll (发放表) of lines, one per person or household.

What the kinds share is made once: the roll, its lines, its workflow 草稿 → 已审核 → 已审批 → 已发放
(the approver must not be the reviewer; lines change only in a draft) and its roster ledger (the
lines' export filtered by roll).  What differs is declared in KINDS: whether a line names an
entitlement of a 重点优抚对象, whether its amount is computed from a dated standard (一次性经济补助:
服役年限 × 每年标准, OneTimeSubsidyStandard) and whether the roll is a trip (短期疗养: place, dates).

A roll names the fund it is paid from (列支经费; KindRule.fund_kind is the kind offered first): the pay step
charges the roll's total to it in the step's transaction (benefits.services_assist.charge_paid), and a
balance short of it refuses the step with nothing changed.

benefits.models imports this module at its end (one line, so that the topics' branches merge); this
module therefore names the entitlement by its label and asks the entitlement itself whether it is a
key beneficiary's (Entitlement.is_key), never importing benefits.models back.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from benefits.models_assist import Fund, FundKind
from benefits.services_assist import charge_paid
from core.models import CaseRecord, codes_above
from core.roles import Role
from core.workflow import Transition, Workflow
from veterans.models import DischargeCategory, Veteran

__all__ = ["PaymentKind", "KINDS", "OneTimeSubsidyStandard", "PaymentRoll", "RollLine", "roll_workflow",
           "service_years", "one_time_amount"]

CENT = Decimal("0.01")
ACTIVE = "active"  # benefits.models.EntitlementStatus.ACTIVE
NON_NEGATIVE = [MinValueValidator(Decimal("0"), message=_("金额不能为负数。"))]


class PaymentKind(models.TextChoices):
    MEDICAL = "medical", _("医疗补助")
    ONE_TIME = "one_time", _("一次性经济补助")
    ENTERPRISE_HARDSHIP = "enterprise_hardship", _("企业军转干部困难补助")
    PRICE = "price", _("价格临时补贴")
    RECUPERATION = "recuperation", _("短期疗养")
    HOME = "home", _("关爱宜居")


@dataclass(frozen=True)
class KindRule:
    key_entitlement: bool = False  # a line names an active entitlement of a 重点优抚对象
    standard: bool = False  # amounts computed from OneTimeSubsidyStandard and the veteran's service
    trip: bool = False  # the roll is a recuperation trip: place and dates
    discharge_categories: tuple = ()  # the veteran must have been discharged so (empty: any)
    unit: str = "名"  # how the summary counts the lines
    fund_kind: str = FundKind.PENSION  # the kind of fund offered first to pay the roll


KINDS = {
    PaymentKind.MEDICAL: KindRule(key_entitlement=True),
    PaymentKind.ONE_TIME: KindRule(standard=True, discharge_categories=(DischargeCategory.SELF_EMPLOYED,),
                                   fund_kind=FundKind.PLACEMENT),
    PaymentKind.ENTERPRISE_HARDSHIP: KindRule(discharge_categories=(DischargeCategory.TRANSFERRED,),
                                              fund_kind=FundKind.HARDSHIP),
    PaymentKind.PRICE: KindRule(key_entitlement=True),
    PaymentKind.RECUPERATION: KindRule(trip=True, unit="人", fund_kind=FundKind.SERVICE),
    PaymentKind.HOME: KindRule(unit="户", fund_kind=FundKind.SERVICE),
}


def service_years(enlisted, discharged):
    """Years of service as the 《退役士兵安置条例》 counts them for one-time payments: less than six
    months counts as six, more than six and less than a year as a year -- the time is counted in
    half years, any part of one counting whole.  2020-09-10 → 2022-09-10: 2.0; → 2022-09-11: 2.5;
    → 2023-03-10: 2.5; → 2023-03-11: 3.0."""
    months = (discharged.year - enlisted.year) * 12 + discharged.month - enlisted.month
    if discharged.day < enlisted.day:
        months -= 1
        # the days left over after the whole months
    anniversary = _add_months(enlisted, months)
    halves, rest = divmod(months, 6)
    if rest or anniversary < discharged:
        halves += 1
    return Decimal(halves) / 2


def _add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


class OneTimeSubsidyStandard(CaseRecord):
    """The county's one-time economic subsidy for self-employed discharged soldiers (自主就业退役士兵一次性
    经济补助): so much per year of service, for soldiers discharged within its effective period."""

    per_year_amount = models.DecimalField(_("每服役一年补助（元）"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    effective_from = models.DateField(_("适用退役起始日期"))
    effective_to = models.DateField(_("适用退役截止日期"), null=True, blank=True, help_text=_("仍在执行的留空"))
    policy_document = models.CharField(_("政策文件"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("一次性经济补助标准")
        verbose_name_plural = _("一次性经济补助标准")
        ordering = ["area_id", "-effective_from", "id"]

    def __str__(self):
        return f"{self.per_year_amount}元/年（{self.effective_from:%Y-%m-%d}起退役）"

    def get_absolute_url(self):
        return reverse("benefits:onetimesubsidystandard_detail", args=[self.pk])

    def clean(self):
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("适用截止日期不能早于起始日期。")})
        if self.area_id and self.effective_from:
            others = OneTimeSubsidyStandard.objects.filter(area_id=self.area_id).exclude(pk=self.pk)
            others = others.filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=self.effective_from))
            if self.effective_to:
                others = others.filter(effective_from__lte=self.effective_to)
            if others.exists():
                raise ValidationError({"effective_from": _("与已有的一次性经济补助标准“%(other)s”的适用期重叠。") % {
                    "other": others.first()}})

    @classmethod
    def in_force(cls, area_code, discharged):
        """The standard of the nearest area (village → county → city) for a discharge date, or None."""
        candidates = cls.objects.filter(effective_from__lte=discharged).filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=discharged))
        codes = codes_above(area_code)
        found = {s.area_id: s for s in candidates.filter(area_id__in=codes).order_by("effective_from", "-id")}  # the newest wins
        return next((found[code] for code in reversed(codes) if code in found), None)


def one_time_amount(veteran, area_code):
    """(amount, years, standard) of the one-time subsidy for `veteran`; a Chinese ValidationError says
    why it cannot be computed."""
    if not (veteran.enlistment_date and veteran.discharge_date):
        raise ValidationError(_("“%(name)s”未登记入伍时间或退役时间，无法计算一次性经济补助。") % {"name": veteran.name})
    standard = OneTimeSubsidyStandard.in_force(area_code, veteran.discharge_date)
    if standard is None:
        raise ValidationError(_("没有适用于%(date)s退役的一次性经济补助标准，请先录入标准。") % {
            "date": f"{veteran.discharge_date:%Y-%m-%d}"})
    years = service_years(veteran.enlistment_date, veteran.discharge_date)
    return (years * standard.per_year_amount).quantize(CENT, ROUND_HALF_UP), years, standard


def _not_reviewer(roll, user):
    if roll.reviewed_by_id and user and roll.reviewed_by_id == user.pk:
        return _("审核人与审批人不能是同一人，请由其他人员审批。")
    return None


def _has_lines(roll, user):
    return None if roll.lines.exists() else _("发放表还没有发放对象，不能提交审核。")


def _has_fund(roll, user):
    if roll.fund_id is None and roll.total() > 0:
        return _("请先选择发放表的列支经费（在“确认发放”中选择）。")
    return None


def _charge(roll, user, remark):
    charge_paid(roll, user, roll.total(), _("%(kind)s：%(roll)s") % {"kind": roll.get_kind_display(), "roll": roll})


roll_workflow = Workflow(
    states={"draft": _("草稿"), "reviewed": _("已审核"), "approved": _("已审批"), "paid": _("已发放")},
    initial="draft",
    transitions=[
        Transition("review", _("审核"), source=["draft"], target="reviewed", roles=[Role.STAFF], guard=_has_lines,
                   fields={"reviewed_by": lambda roll, user: user}),
        Transition("approve", _("审批"), source=["reviewed"], target="approved", roles=[Role.STAFF, Role.LEADER],
                   guard=_not_reviewer, fields={"approved_by": lambda roll, user: user}),
        Transition("send_back", _("退回修改"), source=["reviewed", "approved"], target="draft", roles=[Role.STAFF, Role.LEADER],
                   remark_required=True, fields={"reviewed_by": lambda roll, user: None, "approved_by": lambda roll, user: None}),
        Transition("pay", _("确认发放"), source=["approved"], target="paid", roles=[Role.STAFF], guard=_has_fund,
                   fields={"paid_on": lambda roll, user: datetime.date.today()}, effect=_charge),
    ],
)


class PaymentRoll(CaseRecord):
    """A roll of one kind of payment (发放表) for an area: a batch of medical subsidies, the year's
    one-time subsidies, a recuperation trip, a round of home renovations."""

    kind = models.CharField(_("发放类别"), max_length=24, choices=PaymentKind.choices)
    name = models.CharField(_("名称"), max_length=100, help_text=_("如：2025年第一批重点优抚对象医疗补助"))
    year = models.PositiveSmallIntegerField(_("年度"))
    place = models.CharField(_("疗养地点"), max_length=60, blank=True, help_text=_("短期疗养填写，如：张家港"))
    starts_on = models.DateField(_("开始日期"), null=True, blank=True, help_text=_("短期疗养的出发日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    status = roll_workflow.field(_("状态"))
    reviewed_by = models.ForeignKey("core.User", verbose_name=_("审核人"), null=True, blank=True, editable=False,
                                    on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey("core.User", verbose_name=_("审批人"), null=True, blank=True, editable=False,
                                    on_delete=models.PROTECT, related_name="+")
    paid_on = models.DateField(_("发放日期"), null=True, blank=True, editable=False)
    fund = models.ForeignKey(Fund, verbose_name=_("列支经费"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="payment_rolls",
                             help_text=_("确认发放时从该经费支出发放表合计；可留空，在“确认发放”时选择"))
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("其他优抚发放")
        verbose_name_plural = _("其他优抚发放")
        ordering = ["-year", "kind", "-id"]
        indexes = [models.Index(fields=["area", "paid_on"], name="paymentroll_area_paid")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("benefits:paymentroll_detail", args=[self.pk])

    @property
    def rule(self):
        return KINDS.get(self.kind, KindRule())

    def total(self):
        """The lines' sum to the fen (added here: SQLite sums decimals as floats)."""
        return sum(self.lines.values_list("amount", flat=True), Decimal("0.00"))

    def clean(self):
        errors = {}
        if self.kind and self.rule.trip:
            if not self.place:
                errors["place"] = _("短期疗养须填写疗养地点。")
            if not self.starts_on:
                errors["starts_on"] = _("短期疗养须填写开始日期。")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("结束日期不能早于开始日期。")
        if self.fund_id and self.area_id and not self.area_id.startswith(self.fund.area_id):
            errors["fund"] = _("经费“%(fund)s”不属于发放表所在区域，不能列支。") % {"fund": self.fund}
        if self.pk and self.status != "draft":
            before = PaymentRoll.objects.filter(pk=self.pk).values("kind", "area_id").first()
            if before and (before["kind"] != self.kind or before["area_id"] != self.area_id):
                errors["kind"] = _("发放表已审核，不能再改类别或区划；请先退回修改。")
        if errors:
            raise ValidationError(errors)


class RollLine(CaseRecord):
    """One person (or household) on a roll, with the amount paid; a one-time subsidy's amount and
    service years are computed from the standard (never typed)."""

    area_path = "roll__area"
    area = None

    roll = models.ForeignKey(PaymentRoll, verbose_name=_("发放表"), on_delete=models.CASCADE, related_name="lines")
    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.PROTECT,
                                related_name="other_payments", help_text=_("选择了优抚资格的可留空，按资格自动填写"))
    entitlement = models.ForeignKey("benefits.Entitlement", verbose_name=_("优抚资格"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="other_payments", help_text=_("医疗补助、价格临时补贴须选择重点优抚对象的资格"))
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"),
                                 validators=NON_NEGATIVE, help_text=_("一次性经济补助按标准自动计算"))
    service_years = models.DecimalField(_("服役年限（年）"), max_digits=4, decimal_places=1, null=True, blank=True,
                                        editable=False)
    content = models.CharField(_("内容"), max_length=200, blank=True,
                               help_text=_("如：住院费用自付部分、改造内容（卫生间适老化改造）"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发放明细")
        verbose_name_plural = _("发放明细")
        ordering = ["roll_id", "id"]
        constraints = [models.UniqueConstraint(fields=["roll", "veteran", "entitlement"], name="rollline_once_per_roll")]

    def __str__(self):
        return f"{self.recipient_name} {self.amount}元"

    def get_absolute_url(self):
        return reverse("benefits:rollline_detail", args=[self.pk])

    @property
    def recipient_name(self):
        if self.entitlement_id:
            return self.entitlement.beneficiary_name
        return self.veteran.name if self.veteran_id else ""

    def clean_fields(self, exclude=None):
        if self.entitlement_id and not self.veteran_id:  # the entitlement names its veteran
            self.veteran_id = self.entitlement.veteran_id
        super().clean_fields(exclude)

    def clean(self):
        if not self.roll_id:
            return
        roll, errors = self.roll, {}
        if roll.status != "draft":
            raise ValidationError(_("发放表“%(roll)s”已%(state)s，明细不能再修改；请先退回修改。") % {
                "roll": roll, "state": roll_workflow.label(roll.status).removeprefix("已")})
        rule = roll.rule
        if self.entitlement_id:
            entitlement = self.entitlement
            if self.veteran_id is None or self.veteran_id != entitlement.veteran_id:
                self.veteran_id = entitlement.veteran_id
            if entitlement.status != ACTIVE:
                errors["entitlement"] = _("该优抚资格已终止，不能发放。")
        if rule.key_entitlement:
            if not self.entitlement_id:
                errors["entitlement"] = _("“%(kind)s”须选择重点优抚对象的优抚资格。") % {"kind": roll.get_kind_display()}
            elif not self.entitlement.is_key:
                errors["entitlement"] = _("“%(category)s”不属于重点优抚对象。") % {
                    "category": self.entitlement.get_category_display()}
        if not self.veteran_id:
            raise ValidationError(errors or {"veteran": _("请选择退役军人。")})
        veteran = self.veteran
        if not veteran.area_id.startswith(roll.area_id):
            errors["veteran"] = _("“%(name)s”不在发放表所属区划内。") % {"name": veteran.name}
        if rule.discharge_categories and veteran.discharge_category not in rule.discharge_categories:
            errors["veteran"] = _("“%(name)s”的退役方式为“%(category)s”，不能享受“%(kind)s”。") % {
                "name": veteran.name, "category": veteran.get_discharge_category_display(), "kind": roll.get_kind_display()}
        if rule.standard and "veteran" not in errors:
            try:
                self.amount, self.service_years, _standard = one_time_amount(veteran, roll.area_id)
            except ValidationError as error:
                errors["veteran"] = error.messages
            paid = RollLine.objects.filter(roll__kind=roll.kind, veteran_id=veteran.pk).exclude(pk=self.pk)
            if paid.exists():
                errors["veteran"] = _("“%(name)s”已在“%(roll)s”中领取一次性经济补助，不能重复发放。") % {
                    "name": veteran.name, "roll": paid.first().roll}
        elif self.amount is not None and self.amount <= 0 and not rule.trip:
            errors["amount"] = _("请填写发放金额。")
        duplicate = RollLine.objects.filter(roll_id=roll.pk, veteran_id=self.veteran_id,
                                               entitlement_id=self.entitlement_id).exclude(pk=self.pk)
        if duplicate.exists():
            errors["veteran"] = _("“%(name)s”已在本发放表中。") % {"name": self.recipient_name}
        if errors:
            raise ValidationError(errors)
