"""优抚 (DOMAIN.md §2, §3): who is entitled (优抚对象资格) and the yearly amounts by category, grade and
cause (抚恤补助标准).  Annual confirmation and payment batches: models_batches; the transfer of a
beneficiary to another county (抚恤关系转移): models_transfer.

An entitlement always names the veteran it comes from; when the beneficiary is a relative (the 三属
of a martyr or of a soldier who died on duty or of illness, a martyr's elderly child) it names the
family member too.  Its area is the veteran's (VeteranAreaField: it follows the veteran's moves).
Payment starts the month after approval (`pays_from`, derived).  "重点优抚对象" is derived from the
category (KEY_CATEGORIES), never typed.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from benefits.categories import Category  # noqa: F401 (benefits.models.Category, as ever)
from benefits.fields import BankAccountField
from core import idnumber
from core.choices import synonyms
from core.fields import EncryptedIndexField
from core.models import CaseRecord
from core.validators import not_in_future
from veterans.models import FamilyMember, Veteran, VeteranAreaField

# 伤残人员: a grade 1-10 and a cause are required, and refused for every other category.
DISABLED_CATEGORIES = frozenset({Category.DISABLED_SOLDIER, Category.DISABLED_POLICE, Category.DISABLED_MILITIA,
                                 Category.DISABLED_OTHER})
# 三属: the beneficiary is a relative of the dead soldier.
SURVIVOR_CATEGORIES = frozenset({Category.MARTYR_FAMILY, Category.DUTY_DEATH_FAMILY, Category.ILLNESS_DEATH_FAMILY})
# A relative is the beneficiary (and must be named) in these.
RELATIVE_CATEGORIES = SURVIVOR_CATEGORIES | {Category.MARTYR_CHILD}
# 重点优抚对象: those the 《军人抚恤优待条例》 pays a periodic pension or subsidy -- disabled soldiers, the
# 三属, 在乡复员军人, 带病回乡退役军人, 参战参试退役军人, rural ex-soldiers over 60, martyrs' elderly children
# and the 三红.  Disabled police, militia and civilian workers are paid under their own rules.
KEY_CATEGORIES = frozenset({Category.DISABLED_SOLDIER, *SURVIVOR_CATEGORIES, Category.THREE_RED, Category.DEMOBILISED,
                            Category.ILL_RETURNED, Category.WAR_VETERAN, Category.RURAL_60, Category.MARTYR_CHILD})


@synonyms({"战": "war", "公": "duty", "病": "illness"})
class Cause(models.TextChoices):
    WAR = "war", _("因战")
    DUTY = "duty", _("因公")
    ILLNESS = "illness", _("因病")


class DisabledPeriod(models.TextChoices):
    RED_ARMY = "red_army", _("红军时期")
    ANTI_JAPANESE = "anti_japanese", _("抗日战争时期")
    LIBERATION = "liberation", _("解放战争时期")
    KOREA = "korea", _("抗美援朝时期")
    PEACE = "peace", _("和平时期")


class EntitlementStatus(models.TextChoices):
    ACTIVE = "active", _("享受中")
    ENDED = "ended", _("已终止")


class EndReason(models.TextChoices):
    DEATH = "death", _("去世")
    DISQUALIFIED = "disqualified", _("取消资格")
    MOVED = "moved", _("迁出")
    OTHER = "other", _("其他")


def first_of_next_month(day):
    """Payment starts the month after approval: 2025-01-31 -> 2025-02-01, 2025-12-15 -> 2026-01-01."""
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


class PaysFromField(models.DateField):
    """The first day of the month after the record's approval date, taken on every write (save() and
    bulk_create() alike call pre_save), so that no import can store another."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        approved = getattr(model_instance, "approved_on", None)
        if approved and not hasattr(type(model_instance), "instance_type"):  # not on history rows
            setattr(model_instance, self.attname, first_of_next_month(approved))
        return super().pre_save(model_instance, add)


class PartsSumField(models.DecimalField):
    """The sum of a standard's parts (国家标准 + 地方补贴 + 护理费), taken on every write."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        if hasattr(model_instance, "total") and not hasattr(type(model_instance), "instance_type"):
            setattr(model_instance, self.attname, model_instance.total())
        return super().pre_save(model_instance, add)


class Household(models.TextChoices):
    URBAN = "urban", _("城镇")
    RURAL = "rural", _("农村")


class Entitlement(CaseRecord):
    """One person's entitlement (优抚对象资格) in one category; a person may hold several (双重身份)."""

    area = VeteranAreaField()  # the veteran's, copied so that figures by area need no join

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.PROTECT, related_name="entitlements",
                                help_text=_("本人享受时为本人；三属、烈士子女享受时为牺牲（病故）的军人"))
    family_member = models.ForeignKey(FamilyMember, verbose_name=_("享受待遇的家属"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="entitlements",
                                      help_text=_("三属、烈士老年子女须选择；本人享受时留空"))
    category = models.CharField(_("优抚类别"), max_length=24, choices=Category.choices)
    disability_grade = models.PositiveSmallIntegerField(_("伤残等级"), null=True, blank=True, help_text=_("一至十级，填1至10"))
    disability_cause = models.CharField(_("伤残性质"), max_length=8, choices=Cause.choices, blank=True)
    disabled_period = models.CharField(_("致残时期"), max_length=16, choices=DisabledPeriod.choices, blank=True)
    household = models.CharField(_("户籍类型"), max_length=8, choices=Household.choices, blank=True,
                                 help_text=_("城镇或农村，发放时优先适用同户籍类型的标准；不详的留空"))
    certificate_number = models.CharField(_("证件编号"), max_length=40, blank=True, help_text=_("残疾军人证、烈士证明书等的编号"))
    certificate_date = models.DateField(_("发证日期"), null=True, blank=True, validators=[not_in_future])
    approved_on = models.DateField(_("批准日期"), validators=[not_in_future], help_text=_("自批准的次月起发放"))
    pays_from = PaysFromField(_("起始发放月"))
    approval_document = models.CharField(_("批准文号"), max_length=100, blank=True)
    bank_name = models.CharField(_("开户银行"), max_length=60, blank=True)
    bank_account = BankAccountField(_("银行账号"), blank=True)
    bank_account_index = EncryptedIndexField(of="bank_account")  # the whole number found by search (core/fields.py)
    status = models.CharField(_("状态"), max_length=8, choices=EntitlementStatus.choices, default=EntitlementStatus.ACTIVE,
                              editable=False)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True, editable=False)
    end_reason = models.CharField(_("终止原因"), max_length=16, choices=EndReason.choices, blank=True, editable=False)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("优抚对象")
        verbose_name_plural = _("优抚对象")
        ordering = ["area_id", "veteran_id", "approved_on", "id"]
        indexes = [
            models.Index(fields=["area", "approved_on"], name="entitlement_area_approved"),
            models.Index(fields=["area", "ended_on"], name="entitlement_area_ended"),
        ]

    def __str__(self):
        return f"{self.beneficiary_name}（{self.get_category_display()}）"

    def get_absolute_url(self):
        return reverse("benefits:entitlement_detail", args=[self.pk])

    @property
    def beneficiary_name(self):
        return self.family_member.name if self.family_member_id else self.veteran.name

    @property
    def is_key(self):
        """重点优抚对象: derived from the category."""
        return self.category in KEY_CATEGORIES

    def beneficiary_birth_date(self):
        if self.family_member_id:
            number = self.family_member.id_number
            try:
                return idnumber.birth_date(idnumber.clean_id_number(number)) if number else None
            except ValidationError:
                return None
        return self.veteran.birth_date if self.veteran_id else None

    def clean(self):
        errors = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        disabled = self.category in DISABLED_CATEGORIES
        if disabled:
            if self.disability_grade is None:
                add("disability_grade", _("伤残类别须填写伤残等级（1至10级）。"))
            if not self.disability_cause:
                add("disability_cause", _("伤残类别须选择伤残性质（因战、因公或因病）。"))
        elif self.category:
            if self.disability_grade is not None:
                add("disability_grade", _("非伤残类别不填写伤残等级。"))
            if self.disability_cause:
                add("disability_cause", _("非伤残类别不填写伤残性质。"))
        if self.disability_grade is not None and not 1 <= self.disability_grade <= 10:
            add("disability_grade", _("伤残等级应为1至10级。"))
        if self.category in RELATIVE_CATEGORIES and not self.family_member_id:
            add("family_member", _("“%(category)s”须选择享受待遇的家属。") % {"category": self.get_category_display()})
        if self.family_member_id and self.veteran_id and self.family_member.veteran_id != self.veteran_id:
            add("family_member", _("所选家属不是该退役军人的家庭成员。"))
        if self.category and self.veteran_id and self.status == EntitlementStatus.ACTIVE:
            same = Entitlement.objects.filter(veteran_id=self.veteran_id, family_member_id=self.family_member_id,
                                              category=self.category, status=EntitlementStatus.ACTIVE).exclude(pk=self.pk)
            if same.exists():
                add("category", _("该人员已有享受中的“%(category)s”资格，不能重复认定。") % {"category": self.get_category_display()})
        if self.approved_on and self.veteran_id:
            born = self.beneficiary_birth_date()
            if born and self.approved_on < born:
                add("approved_on", _("批准日期不能早于享受人的出生日期。"))
            death = self.veteran.death_date
            if not self.family_member_id and death and self.approved_on > death:
                add("approved_on", _("批准日期不能晚于本人的去世日期。"))
        if errors:
            raise ValidationError(errors)


MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class SubsidyStandard(CaseRecord):
    """A yearly amount (元/年) for a category, grade and cause in an area, with its effective period and
    policy document; made of parts (国家标准, 地方补贴, 护理费) that the roster shows separately."""

    category = models.CharField(_("优抚类别"), max_length=24, choices=Category.choices)
    disability_grade = models.PositiveSmallIntegerField(_("伤残等级"), null=True, blank=True, help_text=_("伤残类别填1至10"))
    disability_cause = models.CharField(_("伤残性质"), max_length=8, choices=Cause.choices, blank=True)
    household = models.CharField(_("户籍类型"), max_length=8, choices=Household.choices, blank=True,
                                 help_text=_("城乡标准不同时填写，否则留空"))
    national_amount = models.DecimalField(_("国家标准（元/年）"), **MONEY)
    local_amount = models.DecimalField(_("地方补贴（元/年）"), default=Decimal("0.00"), **MONEY)
    nursing_amount = models.DecimalField(_("护理费（元/年）"), default=Decimal("0.00"), **MONEY)
    annual_amount = PartsSumField(_("年标准合计（元）"))
    effective_from = models.DateField(_("执行起始日期"))
    effective_to = models.DateField(_("执行截止日期"), null=True, blank=True, help_text=_("仍在执行的留空"))
    policy_document = models.CharField(_("政策文件"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("抚恤补助标准")
        verbose_name_plural = _("抚恤补助标准")
        ordering = ["area_id", "category", "disability_grade", "disability_cause", "-effective_from", "id"]

    def __str__(self):
        parts = [self.get_category_display()]
        if self.disability_grade:
            parts.append(f"{self.disability_grade}级")
        if self.disability_cause:
            parts.append(self.get_disability_cause_display())
        if self.household:
            parts.append(self.get_household_display())
        return f"{''.join(parts)} {self.effective_from:%Y-%m-%d}起"

    def get_absolute_url(self):
        return reverse("benefits:subsidystandard_detail", args=[self.pk])

    def total(self):
        return sum((Decimal(value or 0) for value in (self.national_amount, self.local_amount, self.nursing_amount)),
                   Decimal("0.00"))

    def overlapping(self):
        """Other standards of the same area, category, grade, cause and household whose period meets this one's."""
        others = SubsidyStandard.objects.filter(
            area_id=self.area_id, category=self.category, disability_grade=self.disability_grade,
            disability_cause=self.disability_cause, household=self.household)
        if self.pk:
            others = others.exclude(pk=self.pk)
        others = others.filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=self.effective_from))
        if self.effective_to:
            others = others.filter(effective_from__lte=self.effective_to)
        return others

    def clean(self):
        errors = {}
        if self.category in DISABLED_CATEGORIES:
            if self.disability_grade is None:
                errors["disability_grade"] = _("伤残类别的标准须填写伤残等级（1至10级）。")
            if not self.disability_cause:
                errors["disability_cause"] = _("伤残类别的标准须选择伤残性质（因战、因公或因病）。")
        elif self.category and (self.disability_grade is not None or self.disability_cause):
            errors["disability_grade"] = _("非伤残类别的标准不填写伤残等级和性质。")
        if self.disability_grade is not None and not 1 <= self.disability_grade <= 10:
            errors["disability_grade"] = _("伤残等级应为1至10级。")
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = _("执行截止日期不能早于起始日期。")
        if errors:
            raise ValidationError(errors)
        if self.area_id and self.category and self.effective_from:
            clash = self.overlapping().first()
            if clash is not None:
                until = f"{clash.effective_to:%Y-%m-%d}" if clash.effective_to else "今"
                raise ValidationError({"effective_from": _("与已有标准“%(other)s”（执行至%(until)s）的执行期重叠。") % {
                    "other": clash, "until": until}})
from benefits.models_assist import *  # noqa: E402,F401,F403
from benefits.models_batches import *  # noqa: E402,F401,F403
from benefits.models_payments import *  # noqa: E402,F401,F403
from benefits.models_scholarships import *  # noqa: E402,F401,F403
from benefits.models_transfer import *  # noqa: E402,F401,F403
