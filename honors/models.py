"""褒扬纪念 (DOMAIN.md §2 "Martyrs", §3 "Honours and commemoration"; 《烈士褒扬条例》 in force since 2025-01-01).

* The martyrs register (烈士英名录, Martyr): verified 待核实 → 已核实 → 已确认; a confirmed record is changed
  only by a correction entry (MartyrCorrection: field, old value, new value, source document) applied when
  another user approves it, so every old value stays on the register.  Relative-search cases (RelativeSearch,
  为烈士寻亲) and the certificates issued to families (MartyrCertificate).
* Memorial facilities (MemorialFacility), their inspections (FacilityInspection, the station inspections'
  待整改 → 已整改 → 已复核) and repair or construction projects (RepairProject).
* Commemorations (Commemoration) and proxy tomb-sweeping (ProxySweep, 代祭扫).
* Merit notices (MeritNotice, 立功喜报) with their delivery deadline in working days.
* Honour plaques (HonourPlaque, 光荣牌): one per household.
* Exemplary selections (Selection, 最美退役军人…) and their nominees (Nominee).

Money is Decimal 元 with two places.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import CaseRecord
from core.roles import Role
from core.validators import not_in_future
from core.workflow import Transition, Workflow
from placement.scoring import add_working_days
from stations.models import inspection_workflow
from support_army.models import YearField
from veterans.models import PoliticalStatus, Sex, Veteran
from veterans.pinyin import initials_and_full

NON_NEGATIVE = [MinValueValidator(Decimal("0"), message=_("金额不能为负数。"))]


def money(label, **kwargs):
    return models.DecimalField(label, max_digits=12, decimal_places=2, default=Decimal("0.00"), validators=NON_NEGATIVE,
                               help_text=kwargs.pop("help_text", _("单位：元，保留两位小数")), **kwargs)


def _today(obj, user):
    return datetime.date.today()


# ---------------------------------------------------------------- memorial facilities

class FacilityLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    SCATTERED = "scattered", _("零散烈士墓")


class MemorialFacility(CaseRecord):
    """A memorial facility (烈士陵园, 纪念碑, 零散烈士墓): level, place, protection zone and manager."""

    name = models.CharField(_("设施名称"), max_length=80)
    level = models.CharField(_("保护级别"), max_length=12, choices=FacilityLevel.choices, default=FacilityLevel.COUNTY)
    location = models.CharField(_("地址"), max_length=120, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(Decimal("73")), MaxValueValidator(Decimal("136"))],
                                    help_text=_("如：113.264385"))
    latitude = models.DecimalField(_("纬度"), max_digits=8, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(Decimal("3")), MaxValueValidator(Decimal("54"))],
                                   help_text=_("如：23.129112"))
    protection_surveyed_on = models.DateField(_("保护范围划定日期"), null=True, blank=True, validators=[not_in_future])
    protection_area = models.DecimalField(_("保护范围面积（平方米）"), max_digits=12, decimal_places=2, null=True,
                                          blank=True, validators=[MinValueValidator(Decimal("0"))])
    manager = models.CharField(_("管理单位"), max_length=80, blank=True)
    manager_phone = models.CharField(_("管理单位电话"), max_length=20, blank=True)
    moved_into = models.ForeignKey("self", verbose_name=_("已迁入"), null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="moved_graves", help_text=_("零散烈士墓迁入烈士陵园时选择"))
    moved_on = models.DateField(_("迁入日期"), null=True, blank=True, validators=[not_in_future])
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("烈士纪念设施")
        verbose_name_plural = _("烈士纪念设施")
        ordering = ["area_id", "name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("honors:memorialfacility_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.protection_area and not self.protection_surveyed_on:
            errors["protection_surveyed_on"] = _("填写保护范围面积时须填写划定日期。")
        if self.moved_into_id:
            if self.level != FacilityLevel.SCATTERED:
                errors["moved_into"] = _("只有零散烈士墓可以迁入烈士陵园。")
            elif self.moved_into_id == self.pk:
                errors["moved_into"] = _("不能迁入自身。")
            if not self.moved_on:
                errors["moved_on"] = _("请填写迁入日期。")
        elif self.moved_on:
            errors["moved_into"] = _("填写迁入日期时须选择迁入的设施。")
        if errors:
            raise ValidationError(errors)


class FacilityChild(CaseRecord):
    area_path = "facility__area"
    area = None

    facility = models.ForeignKey(MemorialFacility, verbose_name=_("烈士纪念设施"), on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(f"honors:{self._meta.model_name}_detail", args=[self.pk])


class FacilityInspection(FacilityChild):
    """An inspection of a facility; its findings are rectified as a station inspection's are."""

    date = models.DateField(_("检查日期"), validators=[not_in_future])
    inspector = models.CharField(_("检查人"), max_length=60, blank=True)
    findings = models.TextField(_("发现问题"), blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)
    status = inspection_workflow.field(_("整改状态"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("纪念设施检查")
        verbose_name_plural = _("纪念设施检查")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.facility} {self.date:%Y-%m-%d}检查"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    ONGOING = "ongoing", _("在建")
    DONE = "done", _("已完工")


class ProjectKind(models.TextChoices):
    REPAIR = "repair", _("修缮")
    UPGRADE = "upgrade", _("提质改造")
    BUILD = "build", _("新建")
    ENVIRONMENT = "environment", _("周边环境整治")


class RepairProject(FacilityChild):
    name = models.CharField(_("项目名称"), max_length=100)
    kind = models.CharField(_("项目类型"), max_length=12, choices=ProjectKind.choices, default=ProjectKind.REPAIR)
    budget = money(_("预算（元）"))
    spent = money(_("已支出（元）"))
    started_on = models.DateField(_("开工日期"), null=True, blank=True, validators=[not_in_future])
    finished_on = models.DateField(_("完工日期"), null=True, blank=True, validators=[not_in_future])
    status = models.CharField(_("项目状态"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("修缮建设项目")
        verbose_name_plural = _("修缮建设项目")
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.started_on and self.finished_on and self.finished_on < self.started_on:
            errors["finished_on"] = _("完工日期不能早于开工日期。")
        if self.status == ProjectStatus.DONE and not self.finished_on:
            errors["finished_on"] = _("已完工的项目须填写完工日期。")
        if self.status != ProjectStatus.DONE and self.finished_on:
            errors["status"] = _("填写了完工日期，项目状态应为“已完工”。")
        if self.status in (ProjectStatus.ONGOING, ProjectStatus.DONE) and not self.started_on:
            errors["started_on"] = _("在建或已完工的项目须填写开工日期。")
        if self.budget is not None and self.spent is not None and self.spent > self.budget * Decimal("1.2"):
            errors["spent"] = _("已支出超过预算的120%，请核实。")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- martyrs

martyr_workflow = Workflow(
    states={"pending": _("待核实"), "verified": _("已核实"), "confirmed": _("已确认")},
    initial="pending",
    transitions=[
        Transition("verify", _("核实"), source=["pending"], target="verified", roles=[Role.STAFF, Role.CLERK]),
        Transition("confirm", _("确认"), source=["verified"], target="confirmed", roles=[Role.STAFF],
                   fields={"confirmed_on": _today}),
        Transition("reopen", _("退回核实"), source=["verified"], target="pending", roles=[Role.STAFF],
                   remark_required=True),
    ],
)


class Martyr(CaseRecord):
    """One martyr of the register.  Its area is the birthplace's (or the bureau's when unknown)."""

    name = models.CharField(_("姓名"), max_length=30)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, default=Sex.MALE)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True,
                                                  validators=[MinValueValidator(1850), MaxValueValidator(2100)])
    birthplace = models.CharField(_("籍贯"), max_length=100, blank=True, help_text=_("如：云溪县城关镇东村"))
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    political_status = models.CharField(_("政治面貌"), max_length=16, choices=PoliticalStatus.choices, blank=True)
    unit = models.CharField(_("生前单位"), max_length=100, blank=True)
    rank = models.CharField(_("职务（军衔）"), max_length=60, blank=True)
    death_date = models.DateField(_("牺牲日期"), null=True, blank=True, validators=[not_in_future])
    death_place = models.CharField(_("牺牲地点"), max_length=100, blank=True)
    circumstances = models.TextField(_("牺牲情况"), blank=True)
    approval_authority = models.CharField(_("批准机关"), max_length=80, blank=True)
    approval_number = models.CharField(_("批准文号"), max_length=60, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True, validators=[not_in_future])
    facility = models.ForeignKey(MemorialFacility, verbose_name=_("安葬（纪念）设施"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="martyrs")
    burial_place = models.CharField(_("其他安葬地"), max_length=100, blank=True, help_text=_("不在本局纪念设施时填写"))
    relative = models.ForeignKey("veterans.FamilyMember", verbose_name=_("遗属（家庭成员）"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="martyrs",
                                 help_text=_("已登记为退役军人家庭成员的遗属；其他遗属写在下一栏"))
    relatives_text = models.CharField(_("其他遗属"), max_length=200, blank=True, help_text=_("如：侄子王建军（13800000000）"))
    status = martyr_workflow.field(_("核实状态"))
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True, editable=False)
    name_pinyin = models.CharField(max_length=120, editable=False, db_index=True, default="")
    name_initials = models.CharField(max_length=30, editable=False, db_index=True, default="")

    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials"])

    class Meta:
        verbose_name = _("烈士")
        verbose_name_plural = _("烈士英名录")
        ordering = ["area_id", "name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("honors:martyr_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.name:
            self.name = self.name.strip().replace(" ", "")
        if self.birth_year and self.death_date and self.death_date.year < self.birth_year:
            errors["death_date"] = _("牺牲日期不能早于出生年份。")
        if self.approved_on and self.death_date and self.approved_on < self.death_date:
            errors["approved_on"] = _("批准日期不能早于牺牲日期。")
        if self.facility_id and self.area_id and not self.facility.area_id.startswith(self.area_id[:6]):
            errors["facility"] = _("安葬设施不在本局管辖区划内。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.name_initials, self.name_pinyin = initials_and_full(self.name)
        super().save(*args, **kwargs)


# The fields a correction may change, with how a text is read back into the field.
CORRECTABLE = ("name", "sex", "birth_year", "birthplace", "ethnicity", "unit", "rank", "death_date", "death_place",
               "circumstances", "approval_authority", "approval_number", "approved_on", "burial_place")


def correctable_choices():
    return [(name, Martyr._meta.get_field(name).verbose_name) for name in CORRECTABLE]


correction_workflow = Workflow(
    states={"pending": _("待审核"), "approved": _("已批准"), "rejected": _("已驳回")},
    initial="pending",
    transitions=[
        Transition("approve", _("批准勘误"), source=["pending"], target="approved", roles=[Role.STAFF],
                   guard=lambda obj, user: obj.own_check(user), fields={"decided_on": _today},
                   effect=lambda obj, user, remark: obj.apply_to_martyr(user)),
        Transition("reject", _("驳回勘误"), source=["pending"], target="rejected", roles=[Role.STAFF],
                   guard=lambda obj, user: obj.own_check(user), remark_required=True, fields={"decided_on": _today}),
    ],
)


class MartyrCorrection(CaseRecord):
    """A correction of a confirmed martyr's record: applied to the record only when another user approves
    it; the old value stays here for good."""

    area_path = "martyr__area"
    area = None

    martyr = models.ForeignKey(Martyr, verbose_name=_("烈士"), on_delete=models.PROTECT, related_name="corrections")
    field = models.CharField(_("勘误项目"), max_length=30, choices=correctable_choices())
    old_value = models.TextField(_("原内容"), blank=True, editable=False)
    new_value = models.TextField(_("更正为"), help_text=_("日期写作 2025-01-31"))
    source_document = models.CharField(_("依据材料"), max_length=200,
                                       help_text=_("更正所依据的档案、批准文件或证明材料，必填"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    status = correction_workflow.field(_("审核状态"))
    decided_on = models.DateField(_("审核日期"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("英名录勘误")
        verbose_name_plural = _("英名录勘误")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.martyr}：{self.get_field_display()}"

    def get_absolute_url(self):
        return reverse("honors:martyrcorrection_detail", args=[self.pk])

    def parsed_value(self):
        """The new value as the martyr's field takes it; a ValidationError in Chinese when it cannot."""
        field = Martyr._meta.get_field(self.field)
        text = (self.new_value or "").strip()
        if not text and not field.blank:
            raise ValidationError({"new_value": _("更正内容不能为空。")})
        if not text:
            return None if field.null else ""
        try:
            value = field.to_python(text)
        except ValidationError:
            raise ValidationError({"new_value": _("更正内容的格式不对（日期写作 2025-01-31，年份写4位数字）。")})
        if field.choices:
            labels = {str(label): key for key, label in field.choices}
            value = labels.get(text, value)
            if value not in dict(field.choices):
                raise ValidationError({"new_value": _("更正内容应为：%(choices)s。") % {
                    "choices": "、".join(str(label) for _k, label in field.choices)}})
        return value

    def clean(self):
        if not (self.source_document or "").strip():
            raise ValidationError({"source_document": _("请填写依据材料。")})
        if self.martyr_id and self.field:
            self.parsed_value()

    def own_check(self, user):
        if self.entered_by_id and user is not None and self.entered_by_id == user.pk:
            return _("不能审核本人登记的勘误，请由其他工作人员审核。")
        return None

    def apply_to_martyr(self, user):
        martyr = Martyr.objects.get(pk=self.martyr_id)
        value = self.parsed_value()
        current = martyr_display(martyr, self.field)
        if current != self.old_value:
            raise ValidationError(_("该项目在登记勘误后已被更正，原内容已变化，请重新登记勘误。"))
        setattr(martyr, self.field, value)
        martyr.full_clean(exclude=[f.name for f in Martyr._meta.fields if not f.editable])
        martyr._history_user = user
        martyr._change_reason = f"勘误：{self.get_field_display()}（{self.source_document}）"
        martyr.save()


def martyr_display(martyr, name):
    """The text of one field of a martyr, as a correction keeps it."""
    value = getattr(martyr, name)
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


search_workflow = Workflow(
    states={"clue": _("收到线索"), "sampled": _("已采集比对样本"), "matched": _("比对成功"), "confirmed": _("已确认亲属"),
            "told": _("已告知家属"), "closed": _("未找到，结案")},
    initial="clue",
    transitions=[
        Transition("sample", _("采集比对样本"), source=["clue"], target="sampled", roles=[Role.STAFF, Role.CLERK],
                   fields={"sampled_on": _today}),
        Transition("match", _("报告比对成功"), source=["sampled"], target="matched", roles=[Role.STAFF],
                   fields={"matched_on": _today}),
        Transition("confirm", _("确认亲属"), source=["matched"], target="confirmed", roles=[Role.STAFF],
                   fields={"confirmed_on": _today}),
        Transition("tell", _("上门告知家属"), source=["confirmed"], target="told", roles=[Role.STAFF, Role.CLERK],
                   remark_required=True, fields={"told_on": _today}),
        Transition("close", _("未找到结案"), source=["clue", "sampled", "matched"], target="closed", roles=[Role.STAFF],
                   remark_required=True, fields={"closed_on": _today}),
    ],
)


class RelativeSearch(CaseRecord):
    """为烈士寻亲: a clue → DNA (比对) sample → match → confirmed → family told (or closed unfound), each step dated
    (the transitions' log says who)."""

    area_path = "martyr__area"
    area = None

    martyr = models.ForeignKey(Martyr, verbose_name=_("烈士"), on_delete=models.PROTECT, related_name="searches")
    received_on = models.DateField(_("线索收到日期"), validators=[not_in_future])
    clue = models.TextField(_("线索内容"))
    clue_source = models.CharField(_("线索来源"), max_length=80, blank=True, help_text=_("如：外省退役军人事务局来函"))
    relative_name = models.CharField(_("亲属姓名"), max_length=30, blank=True)
    relative_contact = models.CharField(_("亲属联系方式"), max_length=60, blank=True)
    status = search_workflow.field(_("寻亲进展"))
    sampled_on = models.DateField(_("采样日期"), null=True, blank=True, editable=False)
    matched_on = models.DateField(_("比对成功日期"), null=True, blank=True, editable=False)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True, editable=False)
    told_on = models.DateField(_("告知日期"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("为烈士寻亲")
        verbose_name_plural = _("为烈士寻亲")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"为{self.martyr}寻亲（{self.received_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("honors:relativesearch_detail", args=[self.pk])


class CertificateKind(models.TextChoices):
    PROOF = "proof", _("烈士证明书")
    GLORY = "glory", _("烈士光荣证")


class MartyrCertificate(CaseRecord):
    area_path = "martyr__area"
    area = None

    martyr = models.ForeignKey(Martyr, verbose_name=_("烈士"), on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(_("证书类别"), max_length=8, choices=CertificateKind.choices, default=CertificateKind.GLORY)
    number = models.CharField(_("证书编号"), max_length=40)
    issued_on = models.DateField(_("颁发日期"), validators=[not_in_future])
    recipient = models.CharField(_("领证人"), max_length=30)
    recipient_relation = models.CharField(_("与烈士关系"), max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("烈士证书")
        verbose_name_plural = _("烈士证书颁发")
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="martyr_certificate_number_once")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self):
        return reverse("honors:martyrcertificate_detail", args=[self.pk])

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError:
            raise ValidationError({"number": _("该证书编号已登记。")})


# ---------------------------------------------------------------- commemorations

class CommemorationKind(models.TextChoices):
    QINGMING = "qingming", _("清明祭扫")
    MARTYRS_DAY = "martyrs_day", _("烈士纪念日（9·30）")
    OTHER = "other", _("其他")


class Commemoration(CaseRecord):
    date = models.DateField(_("活动日期"), validators=[not_in_future])
    kind = models.CharField(_("活动类型"), max_length=12, choices=CommemorationKind.choices, default=CommemorationKind.QINGMING)
    title = models.CharField(_("活动名称"), max_length=100)
    facility = models.ForeignKey(MemorialFacility, verbose_name=_("活动地点（纪念设施）"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="commemorations")
    place = models.CharField(_("其他地点"), max_length=100, blank=True)
    organiser = models.CharField(_("组织单位"), max_length=80, blank=True)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    groups = models.CharField(_("参加单位（群体）"), max_length=200, blank=True, help_text=_("如：县实验小学、驻县某部"))
    online_tributes = models.PositiveIntegerField(_("网上祭奠人次"), default=0)
    note = models.TextField(_("活动情况"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("纪念活动")
        verbose_name_plural = _("纪念活动")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("honors:commemoration_detail", args=[self.pk])


class ProxySweep(CaseRecord):
    """代祭扫: a sweeping done for a family far away."""

    area_path = "martyr__area"
    area = None

    martyr = models.ForeignKey(Martyr, verbose_name=_("烈士"), on_delete=models.PROTECT, related_name="proxy_sweeps")
    requester = models.CharField(_("委托人"), max_length=30)
    requester_contact = models.CharField(_("委托人联系方式"), max_length=60, blank=True)
    requested_on = models.DateField(_("委托日期"), validators=[not_in_future])
    done_on = models.DateField(_("祭扫日期"), null=True, blank=True, validators=[not_in_future])
    done_by = models.CharField(_("代祭扫人"), max_length=60, blank=True)
    photo = models.FileField(_("祭扫照片"), upload_to="honors/sweeps/", blank=True,
                             validators=[FileExtensionValidator(["jpg", "jpeg", "png"], message=_("照片须为jpg或png格式。"))])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代祭扫")
        verbose_name_plural = _("代祭扫")
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return f"为{self.requester}代祭扫{self.martyr}烈士"

    def get_absolute_url(self):
        return reverse("honors:proxysweep_detail", args=[self.pk])

    def clean(self):
        if self.done_on and self.requested_on and self.done_on < self.requested_on:
            raise ValidationError({"done_on": _("祭扫日期不能早于委托日期。")})
        if self.done_on and not self.done_by.strip():
            raise ValidationError({"done_by": _("登记祭扫日期时须填写代祭扫人。")})


# ---------------------------------------------------------------- merit notices

class MeritClass(models.TextChoices):
    COMMENDATION = "commendation", _("嘉奖")
    EXCELLENT = "excellent", _("优秀士兵")
    THIRD = "third", _("三等功")
    SECOND = "second", _("二等功")
    FIRST = "first", _("一等功")
    SECOND_LEVEL = "level2", _("二级表彰")
    TITLE = "title", _("荣誉称号")


class MeritNotice(CaseRecord):
    """A 立功喜报 received for a serving member from the area, to be delivered to the family within the
    working days of settings.HONORS_NOTICE_WORKING_DAYS (the day of receipt counts when a working day)."""

    member_name = models.CharField(_("立功官兵"), max_length=30)
    member_unit = models.CharField(_("所在部队"), max_length=80, blank=True)
    family = models.ForeignKey("support_army.ServingFamily", verbose_name=_("家庭（摸排）"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="merit_notices",
                               help_text=_("现役军人家庭摸排中的家庭，可留空"))
    household = models.CharField(_("家属（户主）"), max_length=30, blank=True)
    merit_class = models.CharField(_("奖励类别"), max_length=14, choices=MeritClass.choices)
    received_on = models.DateField(_("收到日期"), validators=[not_in_future])
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True, validators=[not_in_future])
    delivered_by = models.CharField(_("送达人"), max_length=60, blank=True)
    ceremony = models.CharField(_("送达形式"), max_length=100, blank=True, help_text=_("如：敲锣打鼓送喜报上门"))
    reward = money(_("奖励金（元）"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("立功喜报")
        verbose_name_plural = _("立功喜报")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["area", "received_on"], name="notice_area_received")]

    def __str__(self):
        return f"{self.member_name}{self.get_merit_class_display()}喜报"

    def get_absolute_url(self):
        return reverse("honors:meritnotice_detail", args=[self.pk])

    @property
    def deadline(self):
        return add_working_days(self.received_on, settings.HONORS_NOTICE_WORKING_DAYS) if self.received_on else None

    def age(self, today=None):
        """Days since receipt, while undelivered."""
        if self.delivered_on or not self.received_on:
            return None
        return ((today or datetime.date.today()) - self.received_on).days

    def overdue(self, today=None):
        limit = self.deadline
        if not limit:
            return False
        return (self.delivered_on or today or datetime.date.today()) > limit

    def clean(self):
        errors = {}
        if self.delivered_on and self.received_on and self.delivered_on < self.received_on:
            errors["delivered_on"] = _("送达日期不能早于收到日期。")
        if self.delivered_on and not self.delivered_by.strip():
            errors["delivered_by"] = _("登记送达日期时须填写送达人。")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- honour plaques

class PlaqueCategory(models.TextChoices):
    MARTYR = "martyr", _("烈士遗属")
    DUTY = "duty", _("因公牺牲军人遗属")
    ILLNESS = "illness", _("病故军人遗属")
    SERVING = "serving", _("现役军人家庭")
    VETERAN = "veteran", _("退役军人家庭")


class PlaqueStatus(models.TextChoices):
    HUNG = "hung", _("已悬挂")
    TO_REPLACE = "to_replace", _("待更换")
    RETIRED = "retired", _("不再更换")


class HonourPlaque(CaseRecord):
    """The 光荣牌 of one household, however many categories apply.  A veteran's household is the veteran
    (the plaque's area follows the veteran's on a move, and the plaque is to be replaced); another household
    is named by its head inside its village.  Replacements are counted, not new records."""

    household = models.CharField(_("户主"), max_length=30)
    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="plaques", help_text=_("退役军人家庭选择本人"))
    categories = models.CharField(_("家庭类别"), max_length=12, choices=PlaqueCategory.choices,
                                  default=PlaqueCategory.VETERAN, help_text=_("同时属于多类的家庭只挂一块，选主要类别"))
    address = models.CharField(_("悬挂地址"), max_length=200, blank=True)
    hung_on = models.DateField(_("悬挂日期"), validators=[not_in_future])
    hung_by = models.CharField(_("悬挂人"), max_length=60, blank=True)
    signed_by = models.CharField(_("签收人"), max_length=30, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=PlaqueStatus.choices, default=PlaqueStatus.HUNG,
                              editable=False)
    replaced_on = models.DateField(_("最近更换日期"), null=True, blank=True, editable=False)
    replacements = models.PositiveSmallIntegerField(_("更换次数"), default=0, editable=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("光荣牌")
        verbose_name_plural = _("光荣牌")
        ordering = ["area_id", "household", "id"]
        constraints = [
            models.UniqueConstraint(fields=["veteran"], condition=models.Q(veteran__isnull=False), name="plaque_once_per_veteran"),
            models.UniqueConstraint(fields=["area", "household"], condition=models.Q(veteran__isnull=True),
                                    name="plaque_once_per_household"),
        ]

    def __str__(self):
        return f"{self.household}户光荣牌"

    def get_absolute_url(self):
        return reverse("honors:honourplaque_detail", args=[self.pk])

    def clean(self):
        if self.veteran_id:
            self.area_id = self.veteran.area_id
            if not self.household:
                self.household = self.veteran.name
        duplicates = HonourPlaque.objects.exclude(pk=self.pk)
        if self.veteran_id:
            duplicates = duplicates.filter(veteran_id=self.veteran_id)
        elif self.area_id and self.household:
            duplicates = duplicates.filter(veteran__isnull=True, area_id=self.area_id, household=self.household)
        else:
            return
        if duplicates.exists():
            raise ValidationError(_("该户已悬挂光荣牌（每户一块），不能重复登记；搬迁或损坏请在原记录上登记更换。"))

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError:
            raise ValidationError(_("该户已悬挂光荣牌（每户一块），不能重复登记；搬迁或损坏请在原记录上登记更换。"))


# ---------------------------------------------------------------- exemplary selections

class SelectionLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class SelectionKind(models.TextChoices):
    VETERAN = "veteran", _("最美退役军人")
    SPOUSE = "spouse", _("最美军嫂")
    MODEL = "model", _("模范退役军人")
    SUPPORTER = "supporter", _("最美拥军人物")


class Selection(CaseRecord):
    year = YearField(_("年度"))
    kind = models.CharField(_("评选类别"), max_length=10, choices=SelectionKind.choices, default=SelectionKind.VETERAN)
    level = models.CharField(_("评选级别"), max_length=10, choices=SelectionLevel.choices, default=SelectionLevel.COUNTY)
    title = models.CharField(_("评选名称"), max_length=100, help_text=_("如：第三届“最美退役军人”评选"))
    announced_on = models.DateField(_("发布日期"), null=True, blank=True, validators=[not_in_future])
    publicity = models.TextField(_("宣传情况"), blank=True, help_text=_("如：制作风采展示视频在双拥公园播放"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("先进典型评选")
        verbose_name_plural = _("先进典型评选")
        ordering = ["-year", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("honors:selection_detail", args=[self.pk])

    def clean(self):
        if self.announced_on and self.year and abs(self.announced_on.year - self.year) > 1:
            raise ValidationError({"announced_on": _("发布日期应在评选年度或其后一年内。")})


class Nominee(CaseRecord):
    area_path = "selection__area"
    area = None

    selection = models.ForeignKey(Selection, verbose_name=_("评选"), on_delete=models.CASCADE, related_name="nominees")
    name = models.CharField(_("姓名"), max_length=30)
    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="nominations")
    recommended_by = models.CharField(_("推荐单位"), max_length=80, blank=True)
    chosen = models.BooleanField(_("当选"), default=False)
    story = models.TextField(_("先进事迹"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["selection_id", "-chosen", "id"]

    def __str__(self):
        return f"{self.name}（{self.selection}）"

    def get_absolute_url(self):
        return reverse("honors:nominee_detail", args=[self.pk])
