"""Veterans, their families, preferential cards, archives, annual checks, moves and volunteers (DOMAIN.md §2)."""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import idnumber
from core.choices import synonyms
from core.fields import BirthDateField, EncryptedIndexField, IDNumberField, PhoneField
from core.models import Area, CaseRecord
from core.roles import Role
from core.validators import not_in_future
from core.workflow import Transition, Workflow
from veterans.pinyin import initials_and_full


@synonyms({"自主就业退役士兵": "self_employed", "自谋职业": "self_employed", "政府安排工作": "arranged", "安置工作": "arranged",
           "安排工作退役士兵": "arranged", "转业干部": "transferred", "军转干部": "transferred", "转业士官": "transferred",
           "退役金": "monthly_pension", "逐月领取": "monthly_pension", "退休干部": "retired", "离退休": "retired",
           "复员干部": "demobilised", "复员军人": "demobilised"})
class DischargeCategory(models.TextChoices):
    SELF_EMPLOYED = "self_employed", _("自主就业")
    ARRANGED = "arranged", _("安排工作")
    TRANSFERRED = "transferred", _("转业")
    SELF_CAREER = "self_career", _("自主择业")
    MONTHLY_PENSION = "monthly_pension", _("逐月领取退役金")
    RETIRED = "retired", _("退休")
    DEMOBILISED = "demobilised", _("复员")
    SUPPORTED = "supported", _("供养")


@synonyms({"党员": "party", "共产党员": "party", "中国共产党党员": "party", "预备党员": "probationary",
           "团员": "league", "共青团": "league", "中国共产主义青年团团员": "league", "民主党派成员": "other_party", "无党派": "masses",
           "无党派人士": "masses", "无": "masses"})
class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE = "league", _("共青团员")
    OTHER_PARTY = "other_party", _("民主党派")
    MASSES = "masses", _("群众")


@synonyms({"小学及以下": "primary", "文盲": "primary", "初小": "primary", "高小": "primary", "初级中学": "junior",
           "高级中学": "senior", "职高": "senior", "中技": "senior", "技校": "senior", "中等专科": "senior", "高中及中专": "senior",
           "专科": "college", "大学专科": "college", "高职": "college", "大学本科": "bachelor", "大学": "bachelor", "学士": "bachelor",
           "硕士": "postgraduate", "博士": "postgraduate", "硕士研究生": "postgraduate", "博士研究生": "postgraduate"})
class Education(models.TextChoices):
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    POSTGRADUATE = "postgraduate", _("研究生")


@synonyms({"陆": "army", "海": "navy", "空": "air_force", "二炮": "rocket", "第二炮兵": "rocket", "战支": "strategic",
           "联勤": "logistics", "武警": "armed_police", "武装警察部队": "armed_police"})
class Branch(models.TextChoices):
    ARMY = "army", _("陆军")
    NAVY = "navy", _("海军")
    AIR_FORCE = "air_force", _("空军")
    ROCKET = "rocket", _("火箭军")
    STRATEGIC = "strategic", _("战略支援部队")
    LOGISTICS = "logistics", _("联勤保障部队")
    ARMED_POLICE = "armed_police", _("武警部队")


class VeteranStatus(models.TextChoices):
    ALIVE = "alive", _("在册")
    DECEASED = "deceased", _("已故")
    MOVED_OUT = "moved_out", _("迁出")


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Veteran(CaseRecord):
    """One person, one record: the ID number is unique across the whole system."""

    name = models.CharField(_("姓名"), max_length=30)
    id_number = IDNumberField(_("公民身份号码"), unique=True)
    # The keyed indexes of the encrypted ID number and phone (core/crypto.py): the unique one is the
    # database's guarantee (the ciphertext differs each time); `unique` above is what forms and imports check.
    id_number_index = EncryptedIndexField(_("公民身份号码"), of="id_number", unique=True)
    id_number_tails = EncryptedIndexField(of="id_number", kind="tails")
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = BirthDateField(_("出生日期"), editable=False)  # shown as its year where numbers are masked
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    phone = PhoneField(_("联系电话"), blank=True)
    phone_index = EncryptedIndexField(of="phone")
    phone_tails = EncryptedIndexField(of="phone", kind="tails")
    address = models.CharField(_("户籍地址"), max_length=200, blank=True)
    current_address = models.CharField(_("现居住地址"), max_length=200, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=16, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES)
    education = models.CharField(_("文化程度"), max_length=16, choices=Education.choices, blank=True)
    branch = models.CharField(_("军种"), max_length=16, choices=Branch.choices, blank=True)
    enlistment_date = models.DateField(_("入伍时间"), validators=[not_in_future], null=True, blank=True)
    discharge_date = models.DateField(_("退役时间"), validators=[not_in_future], null=True, blank=True)
    discharge_category = models.CharField(_("退役方式"), max_length=20, choices=DischargeCategory.choices)
    unit = models.CharField(_("服役部队"), max_length=100, blank=True)
    rank = models.CharField(_("退役时军衔/职务"), max_length=40, blank=True)
    merits = models.CharField(_("立功受奖"), max_length=200, blank=True, help_text=_("如：三等功1次"))
    registered_on = models.DateField(_("登记日期"), validators=[not_in_future], default=datetime.date.today, help_text=_("纳入本系统管理的日期"))
    documented = models.BooleanField(_("建档立卡"), default=False)
    plaque_hung_on = models.DateField(_("光荣牌悬挂日期"), validators=[not_in_future], null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=VeteranStatus.choices, default=VeteranStatus.ALIVE, editable=False)
    death_date = models.DateField(_("去世日期"), null=True, blank=True, editable=False)
    moved_out_to = models.CharField(_("迁往"), max_length=100, blank=True, editable=False)
    note = models.TextField(_("备注"), blank=True)
    name_pinyin = models.CharField(max_length=120, editable=False, db_index=True)
    name_initials = models.CharField(max_length=30, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials"])

    class Meta:
        verbose_name = _("退役军人")
        verbose_name_plural = _("退役军人")
        ordering = ["area_id", "name", "id"]
        indexes = [
            models.Index(fields=["area"], name="veteran_area_prefix", opclasses=["varchar_pattern_ops"]),
            # the list's order: pages by primary key read it in order, an index-only scan however deep the page
            models.Index(fields=["area", "name", "id"], name="veteran_area_name_id"),
            models.Index(fields=["registered_on"], name="veteran_registered"),
            # registrations in a period inside an area, counted from the index alone (the dashboard's tiles and trends)
            models.Index(fields=["registered_on", "area"], name="veteran_registered_area"),
            models.Index(fields=["death_date"], name="veteran_death"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("veterans:veteran_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.id_number:
            try:
                self.id_number = idnumber.clean_id_number(self.id_number)
            except ValidationError as exc:
                errors["id_number"] = exc.messages
            else:
                self.birth_date = idnumber.birth_date(self.id_number)
                self.sex = idnumber.sex(self.id_number)
        if self.name:
            self.name = self.name.strip().replace(" ", "")
            self.name_initials, self.name_pinyin = initials_and_full(self.name)
        if self.enlistment_date and self.discharge_date and self.discharge_date < self.enlistment_date:
            errors.setdefault("discharge_date", []).append(_("退役时间不能早于入伍时间。"))
        if self.enlistment_date and self.birth_date and "id_number" not in errors:
            born, enlisted = self.birth_date, self.enlistment_date
            age = enlisted.year - born.year - ((enlisted.month, enlisted.day) < (born.month, born.day))
            if age < 16:  # whole years, as the message says (a difference of calendar years let 14-year-olds through)
                errors.setdefault("enlistment_date", []).append(_("入伍时间与出生日期不符（入伍时不满16周岁）。"))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.id_number and not self.birth_date:
            self.birth_date = idnumber.birth_date(self.id_number)
            self.sex = idnumber.sex(self.id_number)
        if self.name and not self.name_pinyin:
            self.name_initials, self.name_pinyin = initials_and_full(self.name)
        super().save(*args, **kwargs)

    def age(self, on=None):
        return idnumber.age_on(self.id_number, on or datetime.date.today())

    age.short_description = _("年龄")

    @property
    def township(self):
        area = self.area
        return area.parent if area.level == 5 else area



class VeteranAreaField(models.ForeignKey):
    """The area of a record that belongs to one veteran (card, archive): a copy of the veteran's area.

    Figures count cards and archives by area; reading the area through the veteran joined every card to
    the veterans table, and at a province's scale PostgreSQL hashed all cards to find a county's few
    thousand.  The copy is taken on every write, save() and bulk_create() alike (both call pre_save),
    and veterans.models.follow_veteran_area moves it with the veteran.
    """

    def __init__(self, to="core.Area", **kwargs):
        kwargs.setdefault("on_delete", models.PROTECT)
        kwargs.setdefault("related_name", "+")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", False)  # the (area, dates) indexes below lead with it
        kwargs.setdefault("verbose_name", _("所属区划"))
        super().__init__(to, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        cls.area_follows = "veteran"  # the record's area is its veteran's (core.outside)

    def pre_save(self, model_instance, add):
        veteran_id = getattr(model_instance, "veteran_id", None)
        if veteran_id is not None and not hasattr(type(model_instance), "instance_type"):  # not on history rows
            veteran = model_instance._state.fields_cache.get("veteran")
            if veteran is not None and veteran.pk == veteran_id:
                area_id = veteran.area_id
            else:
                area_id = Veteran.objects.filter(pk=veteran_id).values_list("area_id", flat=True).first()
            setattr(model_instance, self.attname, area_id)
        return super().pre_save(model_instance, add)


def remember_area(sender, instance, **kwargs):
    instance._saved_area_id = instance.__dict__.get("area_id")


def area_followers():
    """The models that carry a copy of a veteran's area (a VeteranAreaField), in any app."""
    return [model for model in apps.get_models()
            if any(isinstance(field, VeteranAreaField) for field in model._meta.concrete_fields)]


def follow_veteran_area(sender, instance, created, raw=False, **kwargs):
    """Every record that carries a veteran's area moves with the veteran (veterans.services.veteran_move,
    an edit, an import): an app declares it by giving its model a VeteranAreaField, nothing more."""
    if raw or created:
        return
    if getattr(instance, "_saved_area_id", instance.area_id) != instance.area_id:
        for model in area_followers():
            field = next(f for f in model._meta.concrete_fields if isinstance(f, VeteranAreaField))
            model._base_manager.filter(veteran_id=instance.pk).exclude(**{field.attname: instance.area_id}).update(
                **{field.attname: instance.area_id})
    instance._saved_area_id = instance.area_id


models.signals.post_init.connect(remember_area, sender=Veteran, dispatch_uid="veteran_remember_area")
models.signals.post_save.connect(follow_veteran_area, sender=Veteran, dispatch_uid="veteran_follow_area")


@synonyms({"妻子": "spouse", "丈夫": "spouse", "妻": "spouse", "夫": "spouse", "爱人": "spouse", "儿子": "child", "女儿": "child",
           "子": "child", "女": "child", "长子": "child", "次子": "child", "长女": "child", "次女": "child", "父": "father",
           "母": "mother", "兄": "sibling", "弟": "sibling", "姐": "sibling", "妹": "sibling", "哥哥": "sibling", "弟弟": "sibling",
           "姐姐": "sibling", "妹妹": "sibling"})
class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    FATHER = "father", _("父亲")
    MOTHER = "mother", _("母亲")
    SIBLING = "sibling", _("兄弟姐妹")
    OTHER = "other", _("其他")


class FamilyMember(CaseRecord):
    area_path = "veteran__area"
    area = None

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.CASCADE, related_name="family")
    name = models.CharField(_("姓名"), max_length=30)
    relationship = models.CharField(_("关系"), max_length=10, choices=Relationship.choices)
    id_number = IDNumberField(_("公民身份号码"), blank=True)
    id_number_index = EncryptedIndexField(of="id_number")
    id_number_tails = EncryptedIndexField(of="id_number", kind="tails")
    phone = PhoneField(_("联系电话"), blank=True)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    is_military_spouse = models.BooleanField(_("随军家属"), default=False)
    is_martyr_child = models.BooleanField(_("烈士子女"), default=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["veteran_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["veteran", "id_number"], condition=~models.Q(id_number=""), name="family_unique_id_per_veteran"),
            # The database's guarantee of the one above (which forms check through the index).
            models.UniqueConstraint(fields=["veteran", "id_number_index"], condition=~models.Q(id_number_index=""),
                                    name="family_unique_id_index_per_veteran"),
        ]

    def __str__(self):
        return f"{self.veteran.name}的{self.get_relationship_display()}{self.name}"

    def get_absolute_url(self):
        return reverse("veterans:familymember_detail", args=[self.pk])

    def clean(self):
        if self.is_military_spouse and self.relationship != Relationship.SPOUSE:
            raise ValidationError({"is_military_spouse": _("随军家属应为配偶。")})
        if self.is_martyr_child and self.relationship != Relationship.CHILD:
            raise ValidationError({"is_martyr_child": _("烈士子女的关系应为“子女”。")})


def _today(obj, user):
    return datetime.date.today()


card_workflow = Workflow(
    states={"applied": _("已申请"), "issued": _("已发放"), "activated": _("已激活"), "lost": _("已挂失"), "cancelled": _("已注销")},
    initial="applied",
    transitions=[
        Transition("issue", _("发放"), source=["applied"], target="issued", roles=[Role.STAFF],
                   fields={"issued_on": _today}),
        Transition("activate", _("激活"), source=["issued"], target="activated", roles=[Role.STAFF, Role.CLERK],
                   fields={"activated_on": _today}),
        Transition("report_lost", _("挂失"), source=["issued", "activated"], target="lost", roles=[Role.STAFF, Role.CLERK],
                   fields={"lost_on": _today}),
        Transition("reissue", _("补发"), source=["lost"], target="issued", roles=[Role.STAFF],
                   fields={"reissued_on": _today, "reissue_count": lambda card, user: card.reissue_count + 1}),
        Transition("cancel", _("注销"), source=["applied", "issued", "activated", "lost"], target="cancelled",
                   roles=[Role.STAFF], fields={"cancelled_on": _today}, remark_required=True),
    ],
)


class PreferentialCard(CaseRecord):
    """The 优待证 of one veteran: applied → issued → activated; lost and reissued; cancelled (e.g. at death)."""

    area = VeteranAreaField()  # the veteran's, copied so that figures by area need no join

    veteran = models.OneToOneField(Veteran, verbose_name=_("退役军人"), on_delete=models.CASCADE, related_name="card")
    number = models.CharField(_("证件编号"), max_length=30, blank=True)
    status = card_workflow.field(_("状态"), max_length=12)
    applied_on = models.DateField(_("申请日期"), validators=[not_in_future], default=datetime.date.today)
    issued_on = models.DateField(_("发放日期"), null=True, blank=True, editable=False)
    activated_on = models.DateField(_("激活日期"), null=True, blank=True, editable=False)
    lost_on = models.DateField(_("挂失日期"), null=True, blank=True, editable=False)
    reissued_on = models.DateField(_("补发日期"), null=True, blank=True, editable=False)
    reissue_count = models.PositiveSmallIntegerField(_("补发次数"), default=0, editable=False)
    cancelled_on = models.DateField(_("注销日期"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("优待证")
        verbose_name_plural = _("优待证")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=[name], name=f"card_{name}") for name in ("applied_on", "issued_on", "activated_on", "reissued_on")] + [
            # a county's cards in the area's range, their dates read from the index (the dashboard's figures)
            models.Index(fields=["area", "issued_on", "activated_on", "reissued_on"], name="card_area_dates"),
            models.Index(fields=["area", "applied_on"], name="card_area_applied"),
        ]

    def __str__(self):
        return f"{self.veteran.name}的优待证"

    def get_absolute_url(self):
        return reverse("veterans:preferentialcard_detail", args=[self.pk])



archive_workflow = Workflow(
    states={"received": _("已接收"), "reviewed": _("已审核"), "transferred": _("已移交")},
    initial="received",
    transitions=[
        Transition("review", _("审核通过"), source=["received"], target="reviewed", roles=[Role.STAFF],
                   fields={"reviewed_on": _today}),
        Transition("transfer", _("移交"), source=["reviewed"], target="transferred", roles=[Role.STAFF],
                   fields={"transferred_on": _today}, remark_required=True),
    ],
)


class VeteranArchive(CaseRecord):
    """The personal archive (档案): received, reviewed, transferred."""

    area = VeteranAreaField()  # the veteran's, copied so that figures by area need no join

    veteran = models.OneToOneField(Veteran, verbose_name=_("退役军人"), on_delete=models.CASCADE, related_name="archive")
    received_on = models.DateField(_("接收日期"), validators=[not_in_future], default=datetime.date.today)
    sender = models.CharField(_("移交单位"), max_length=100, blank=True, help_text=_("档案从何处转来"))
    volumes = models.PositiveSmallIntegerField(_("卷数"), default=1)
    status = archive_workflow.field(_("状态"), max_length=12)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True, editable=False)
    transferred_on = models.DateField(_("移交日期"), null=True, blank=True, editable=False)
    transferred_to = models.CharField(_("移交去向"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("档案")
        verbose_name_plural = _("档案")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=[name], name=f"archive_{name}") for name in ("received_on", "reviewed_on", "transferred_on")] + [
            models.Index(fields=["area", "received_on", "reviewed_on", "transferred_on"], name="archive_area_dates"),
        ]

    def __str__(self):
        return f"{self.veteran.name}的档案"

    def get_absolute_url(self):
        return reverse("veterans:veteranarchive_detail", args=[self.pk])



@synonyms({"无变化": "normal", "正常": "normal", "已更新": "updated", "有变化": "updated", "失联": "unreachable", "联系不到": "unreachable"})
class CheckResult(models.TextChoices):
    NORMAL = "normal", _("信息无变化")
    UPDATED = "updated", _("信息已更新")
    UNREACHABLE = "unreachable", _("联系不上")


class AnnualCheck(CaseRecord):
    """The yearly information check (年度信息核查) of one veteran."""

    area_path = "veteran__area"
    area = None

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.CASCADE, related_name="checks")
    year = models.PositiveSmallIntegerField(_("年度"))
    checked_on = models.DateField(_("核查日期"), validators=[not_in_future], default=datetime.date.today)
    result = models.CharField(_("核查结果"), max_length=12, choices=CheckResult.choices, default=CheckResult.NORMAL)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度信息核查")
        verbose_name_plural = _("年度信息核查")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["veteran", "year"], name="one_check_per_year")]

    def __str__(self):
        return f"{self.veteran.name} {self.year}年核查"

    def get_absolute_url(self):
        return reverse("veterans:annualcheck_detail", args=[self.pk])

    def clean(self):
        if self.checked_on and self.year and self.checked_on.year < self.year:
            raise ValidationError({"checked_on": _("核查日期不能早于核查年度。")})


class VeteranMove(models.Model):
    """A move of a veteran's household registration from one area to another (kept for history and figures)."""

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.CASCADE, related_name="moves")
    moved_on = models.DateField(_("迁移日期"))
    from_area = models.ForeignKey(Area, verbose_name=_("迁出地"), on_delete=models.PROTECT, related_name="+")
    to_area = models.ForeignKey(Area, verbose_name=_("迁入地"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_outside = models.CharField(_("迁往（系统外）"), max_length=100, blank=True)
    by = models.ForeignKey("core.User", verbose_name=_("经办人"), null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("迁移记录")
        verbose_name_plural = _("迁移记录")
        ordering = ["moved_on", "id"]

    def __str__(self):
        return f"{self.veteran_id} {self.moved_on:%Y-%m-%d}"


# ---------------------------------------------------------------- volunteers


class TeamKind(models.TextChoices):
    EMERGENCY = "emergency", _("应急救援")
    POLICY = "policy", _("政策宣讲")
    CARE = "care", _("关爱帮扶")
    PATROL = "patrol", _("治安巡逻")
    GENERAL = "general", _("综合服务")


class VolunteerTeam(CaseRecord):
    name = models.CharField(_("队伍名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=12, choices=TeamKind.choices, default=TeamKind.GENERAL)
    leader = models.CharField(_("负责人"), max_length=30, blank=True)
    phone = PhoneField(_("联系电话"), blank=True)
    founded_on = models.DateField(_("成立日期"), validators=[not_in_future], null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["area_id", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="team_unique_name_in_area")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("veterans:volunteerteam_detail", args=[self.pk])



class VolunteerMember(CaseRecord):
    area_path = "team__area"
    area = None

    team = models.ForeignKey(VolunteerTeam, verbose_name=_("志愿服务队"), on_delete=models.CASCADE, related_name="members")
    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.CASCADE, related_name="volunteering")
    joined_on = models.DateField(_("加入日期"), default=datetime.date.today)
    duty = models.CharField(_("职务"), max_length=30, blank=True, help_text=_("如：队长、队员"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["team_id", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "veteran"], name="member_once_per_team")]

    def __str__(self):
        # no name: a member may live in another area than the team (core.outside), and a title or a
        # message cannot know who reads it; the page shows the veteran, masked for outsiders
        return f"{self.team.name}·队员"

    def get_absolute_url(self):
        return reverse("veterans:volunteermember_detail", args=[self.pk])


class ActivityKind(models.TextChoices):
    RESCUE = "rescue", _("应急救援")
    PUBLICITY = "publicity", _("政策宣讲")
    CARE = "care", _("走访关爱")
    COMMUNITY = "community", _("社区服务")
    MEMORIAL = "memorial", _("祭扫纪念")
    OTHER = "other", _("其他")


class VolunteerActivity(CaseRecord):
    area_path = "team__area"
    area = None

    team = models.ForeignKey(VolunteerTeam, verbose_name=_("志愿服务队"), on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("活动日期"), validators=[not_in_future])
    kind = models.CharField(_("活动类型"), max_length=12, choices=ActivityKind.choices, default=ActivityKind.COMMUNITY)
    title = models.CharField(_("活动名称"), max_length=100)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    participants = models.PositiveIntegerField(_("参与人次"), default=0)
    service_hours = models.DecimalField(_("服务时长（小时）"), max_digits=8, decimal_places=1, default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("veterans:volunteeractivity_detail", args=[self.pk])



# ---------------------------------------------------------------- transfer requests


def _holding_side(request, user):
    """Only the bureau that holds the person (the veteran's area inside the user's) decides."""
    if not (user.area_id and request.veteran.area_id.startswith(user.area_id)):
        return _("只有该人员现户籍所在地的经办人员可以办理此申请。")
    return None


def _requesting_side(request, user):
    if not (user.area_id and request.area_id.startswith(user.area_id)):
        return _("只有提出申请的地区可以撤回此申请。")
    return None


# The move that "accept" makes is veterans.services.transfer_accepted (set there: services import models).
transfer_workflow = Workflow(
    states={"pending": _("待处理"), "accepted": _("已同意迁入"), "declined": _("不同意"), "withdrawn": _("已撤回")},
    initial="pending",
    transitions=[
        Transition("accept", _("同意迁入"), source=["pending"], target="accepted", roles=[Role.STAFF],
                   guard=_holding_side, fields={"decided_on": _today}),
        Transition("decline", _("不同意"), source=["pending"], target="declined", roles=[Role.STAFF],
                   guard=_holding_side, fields={"decided_on": _today}, remark_required=True),
        Transition("withdraw", _("撤回申请"), source=["pending"], target="withdrawn", roles=[Role.STAFF, Role.CLERK],
                   guard=_requesting_side, fields={"decided_on": _today}),
    ],
)


class TransferRequest(CaseRecord):
    """A request to move a person registered in another area of the system into the requester's area.

    A clerk who types the ID number of a person registered elsewhere learns only that: the request goes to
    the bureau that holds the person, whose staff accept it (the household registration moves, with the
    record and its history: veterans.services.veteran_move) or decline it with a reason.  Both sides see
    the request; the requester sees the person masked (core.outside) until the move.
    """

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.CASCADE, related_name="transfer_requests",
                                editable=False)
    name = models.CharField(_("姓名"), max_length=50, help_text=_("与原登记一致"))
    reason = models.TextField(_("申请事由"), help_text=_("如：户籍已迁入本地、长期在本地居住等"))
    status = transfer_workflow.field(_("状态"), max_length=12)
    decided_on = models.DateField(_("办理日期"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("迁入申请")
        verbose_name_plural = _("迁入申请")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}迁入申请"

    def get_absolute_url(self):
        return reverse("veterans:transferrequest_detail", args=[self.pk])
