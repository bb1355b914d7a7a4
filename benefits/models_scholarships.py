"""烈士后裔助学金 (issue 13, "Scholarships"): the standard amount per school level and year, the
applications of martyrs' descendants, and the batches that pay them.

* ScholarshipStandard: so much a year for a school level (小学 … 研究生), one per (area, level, year);
  an application is paid the standard of the nearest area (village → township → county → city →
  province) for its level and school year, looked up, never typed (`standard_for`).
* ScholarshipApplication: the student (name, ID number kept encrypted and shown masked), school, level,
  school year, the martyr descended from -- a record of the register (honors.Martyr, named by its app
  label: benefits never imports honors) or, when the martyr is not in the register, a name -- and the
  relationship.  It goes through the applications' shared approval flow (benefits.approval); it is
  paid only with its batch.
* ScholarshipBatch: the approved applications of a school year gathered into one payment (发放批次),
  草稿 → 已发放: paid as one, charged to a fund (services_assist.fund_charge refuses overspending), each
  application's 发放 step taken in the same transaction; its roster is the applications' ledger
  filtered by batch.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from benefits.approval import StepDeadlines, approval_workflow, has
from benefits.models_assist import POSITIVE_MONEY, Fund
from core.fields import EncryptedIndexField, IDNumberField
from core.models import CaseRecord, codes_above
from core.roles import Role
from core.validators import not_in_future
from core.workflow import Transition, Workflow

__all__ = ["SchoolLevel", "DescentRelation", "ScholarshipStandard", "standard_for", "scholarship_workflow",
           "SCHOLARSHIP_STEP_DAYS", "ScholarshipApplication", "scholarship_batch_workflow", "ScholarshipBatch"]

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def _this_year():
    return datetime.date.today().year


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中职")
    COLLEGE = "college", _("大专")
    UNDERGRADUATE = "undergraduate", _("本科")
    GRADUATE = "graduate", _("研究生")


class DescentRelation(models.TextChoices):
    CHILD = "child", _("烈士子女")
    GRANDCHILD = "grandchild", _("烈士孙子女")
    MATERNAL_GRANDCHILD = "maternal_grandchild", _("烈士外孙子女")
    SIBLING_CHILD = "sibling_child", _("烈士兄弟姐妹的子女")
    OTHER = "other", _("其他后裔")


class ScholarshipStandard(CaseRecord):
    """The scholarship of one school level for one year in an area (元 a student a year)."""

    level = models.CharField(_("学段"), max_length=16, choices=SchoolLevel.choices)
    year = models.PositiveSmallIntegerField(_("年度"), default=_this_year, validators=YEAR_VALIDATORS,
                                            help_text=_("学年开始的年份，如2025即2025—2026学年"))
    amount = models.DecimalField(_("资助标准（元/人·年）"), **POSITIVE_MONEY)
    document = models.CharField(_("政策文件"), max_length=100, blank=True, help_text=_("如：云退役军人〔2025〕8号"))
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("烈士后裔助学金标准")
        verbose_name_plural = _("烈士后裔助学金标准")
        ordering = ["-year", "area_id", "level", "id"]
        constraints = [models.UniqueConstraint(fields=["area", "level", "year"], name="scholarshipstandard_once")]

    def __str__(self):
        return f"{self.year}年度{self.get_level_display()}{self.amount}元"

    def get_absolute_url(self):
        return reverse("benefits:scholarshipstandard_detail", args=[self.pk])

    def clean(self):
        if self.area_id and self.level and self.year:
            clash = ScholarshipStandard.objects.filter(area_id=self.area_id, level=self.level, year=self.year)
            clash = clash.exclude(pk=self.pk).first()
            if clash is not None:
                raise ValidationError({"year": _("本区划已有%(year)s年度“%(level)s”的助学金标准（%(amount)s元），"
                                                 "同一区划、学段和年度只能有一个标准；请修改原标准。") % {
                    "year": self.year, "level": self.get_level_display(), "amount": clash.amount}})


def standard_for(area_code, level, year):
    """The standard of the nearest area (the area itself, then each area above it) for the level and
    year, or None."""
    codes = codes_above(area_code)
    found = {s.area_id: s for s in ScholarshipStandard.objects.filter(area_id__in=codes, level=level, year=year)}
    return next((found[code] for code in reversed(codes) if code in found), None)


# Days each step may take (calendar days from the day it began): approved ones wait for the term's batch.
SCHOLARSHIP_STEP_DAYS = {"submitted": 10, "reviewed": 15, "approved": 30, "returned": 15}


def _batch_paid_on(application, user):
    return application.batch.paid_on


def _paid_by_batch(application, user):
    batch = application.batch
    if batch is None or batch.paid_on is None:
        return _("助学金随发放批次统一发放，请在“助学金发放批次”中办理。")
    return None


scholarship_workflow = approval_workflow(
    approve_guard=has("amount", _("没有适用的助学金标准，不能审批。")),
    approve_fields={"approved_on": lambda application, user: datetime.date.today()},
    pay_guard=_paid_by_batch,
    pay_fields={"paid_on": _batch_paid_on},
)


class ScholarshipApplication(StepDeadlines, CaseRecord):
    """One student's application for a school year's 烈士后裔助学金."""

    student_name = models.CharField(_("学生姓名"), max_length=30)
    id_number = IDNumberField(_("学生公民身份号码"))
    id_number_index = EncryptedIndexField(of="id_number")
    id_number_tails = EncryptedIndexField(of="id_number", kind="tails")
    school = models.CharField(_("就读学校"), max_length=100)
    level = models.CharField(_("学段"), max_length=16, choices=SchoolLevel.choices)
    school_year = models.PositiveSmallIntegerField(_("学年"), default=_this_year, validators=YEAR_VALIDATORS,
                                                   help_text=_("学年开始的年份，如2025即2025—2026学年"))
    martyr = models.ForeignKey("honors.Martyr", verbose_name=_("烈士（英名录）"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="scholarship_applications",
                               help_text=_("已录入烈士英名录的，从中选择"))
    martyr_name = models.CharField(_("烈士姓名"), max_length=30, blank=True,
                                   help_text=_("烈士未录入英名录时填写"))
    relationship = models.CharField(_("与烈士关系"), max_length=20, choices=DescentRelation.choices)
    applied_on = models.DateField(_("申请日期"), validators=[not_in_future], default=datetime.date.today)
    amount = models.DecimalField(_("资助金额（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"),
                                 editable=False)
    status = scholarship_workflow.field(_("办理状态"))
    approved_on = models.DateField(_("批准日期"), null=True, editable=False)
    batch = models.ForeignKey("benefits.ScholarshipBatch", verbose_name=_("发放批次"), null=True, editable=False,
                              on_delete=models.SET_NULL, related_name="applications")
    paid_on = models.DateField(_("发放日期"), null=True, editable=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, editable=False,
                                 on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    step_days = SCHOLARSHIP_STEP_DAYS

    class Meta:
        verbose_name = _("烈士后裔助学金申请")
        verbose_name_plural = _("烈士后裔助学金申请")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["area", "applied_on"], name="scholarship_area_applied"),
                   models.Index(fields=["status", "due_on"], name="scholarship_open_due")]
        constraints = [models.UniqueConstraint(fields=["id_number_index", "school_year"], name="scholarship_once_a_year")]

    def __str__(self):
        year = f"{self.school_year}学年" if self.school_year else ""
        return f"{self.student_name} {year}{self.get_level_display() if self.level else ''}助学金申请"

    def get_absolute_url(self):
        return reverse("benefits:scholarshipapplication_detail", args=[self.pk])

    def martyr_label(self):
        return self.martyr.name if self.martyr_id else self.martyr_name

    martyr_label.short_description = _("烈士姓名")

    def clean(self):
        errors = {}
        if self.student_name:
            self.student_name = self.student_name.strip().replace(" ", "")
        self.martyr_name = (self.martyr_name or "").strip().replace(" ", "")
        if self.martyr_id:
            self.martyr_name = ""  # the register names the martyr
        elif not self.martyr_name:
            errors["martyr_name"] = _("请从烈士英名录中选择烈士；英名录中没有的，请填写烈士姓名。")
        if self.school_year and self.applied_on and abs(self.applied_on.year - self.school_year) > 1:
            errors["school_year"] = _("学年与申请日期相差超过一年，请核对。")
        if self.area_id and self.level and self.school_year and "school_year" not in errors:
            standard = standard_for(self.area_id, self.level, self.school_year)
            if standard is None:
                errors["level"] = _("没有适用的%(year)s学年“%(level)s”助学金标准，不能受理；请先由局机关录入标准。") % {
                    "year": self.school_year, "level": self.get_level_display()}
            else:
                self.amount = standard.amount
        if self.id_number and self.school_year:
            same = ScholarshipApplication.objects.filter(id_number=self.id_number, school_year=self.school_year)
            if same.exclude(pk=self.pk).exists():
                errors["id_number"] = _("该学生已申请%(year)s学年的助学金，每人每学年只能申请一次。") % {"year": self.school_year}
        if errors:
            raise ValidationError(errors)


def _has_applications(batch, user):
    if not batch.applications.exists():
        return _("发放批次中还没有申请，请先“汇总已批准申请”。")
    if batch.fund_id is None or batch.paid_on is None:
        return _("请通过“发放”选择经费并填写发放日期。")
    return None


scholarship_batch_workflow = Workflow(
    states={"draft": _("草稿"), "paid": _("已发放")},
    initial="draft",
    transitions=[Transition("pay", _("发放"), ["draft"], "paid", [Role.STAFF], guard=_has_applications)],
)


class ScholarshipBatch(CaseRecord):
    """One payment of a school year's approved scholarships (发放批次), with its roster."""

    year = models.PositiveSmallIntegerField(_("学年"), default=_this_year, validators=YEAR_VALIDATORS,
                                            help_text=_("汇总该学年已批准的申请"))
    name = models.CharField(_("批次名称"), max_length=100, blank=True, help_text=_("留空时为“某学年烈士后裔助学金”"))
    status = scholarship_batch_workflow.field(_("状态"))
    fund = models.ForeignKey(Fund, verbose_name=_("支出经费"), null=True, editable=False, on_delete=models.PROTECT,
                             related_name="scholarship_batches")
    paid_on = models.DateField(_("发放日期"), null=True, editable=False)
    total_amount = models.DecimalField(_("发放总额（元）"), max_digits=14, decimal_places=2, default=Decimal("0.00"),
                                       editable=False)
    people = models.PositiveIntegerField(_("发放人数"), default=0, editable=False)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("助学金发放批次")
        verbose_name_plural = _("助学金发放批次")
        ordering = ["-year", "area_id", "-id"]
        indexes = [models.Index(fields=["area", "paid_on"], name="scholarshipbatch_area_paid")]

    def __str__(self):
        return self.name or self.default_name()

    def default_name(self):
        return f"{self.year}学年烈士后裔助学金"

    def save(self, *args, **kwargs):
        if not self.name and self.year:
            self.name = self.default_name()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("benefits:scholarshipbatch_detail", args=[self.pk])

    def clean(self):
        if self.pk:
            stored = ScholarshipBatch._base_manager.filter(pk=self.pk).values("status", "year", "area_id").first()
            if stored and stored["status"] != "draft":
                raise ValidationError(_("发放批次已发放，不能再修改。"))
            if stored and (stored["year"], stored["area_id"]) != (self.year, self.area_id) and self.applications.exists():
                raise ValidationError({"year": _("批次中已有申请，不能再改学年或区划；请先移出申请。")})
