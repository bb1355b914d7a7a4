"""双拥 (DOMAIN.md §3 "Military support"): visits and condolence (走访慰问) and their campaigns, the army
units stationed in the area and the co-building with them (军地共建), the survey of serving members'
families (现役军人家庭摸排), supporting shops (拥军优属门店) and the preferential-treatment list (优待清单),
yearly conscription counts (征兵) and the milestones of the model-city creation (双拥模范城创建).

A visit (Visit) reaches one or many recipients (VisitRecipient): a veteran or a beneficiary of the
registry, a serving member's family of the survey, an army unit, or someone named by hand; each with
the cash and the value of the goods given.  Money is Decimal 元 with two places.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import PhoneField
from core.models import CaseRecord
from core.roles import Role
from core.validators import not_in_future
from core.workflow import Transition, Workflow
from veterans.models import Veteran

NON_NEGATIVE = [MinValueValidator(Decimal("0"), message=_("金额不能为负数。"))]


def money(label, **kwargs):
    return models.DecimalField(label, max_digits=12, decimal_places=2, default=Decimal("0.00"), validators=NON_NEGATIVE,
                               help_text=kwargs.pop("help_text", _("单位：元，保留两位小数")), **kwargs)


class YearField(models.PositiveSmallIntegerField):
    """A calendar year, 2000 to 2100."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MinValueValidator(2000, message=_("年度应在2000年至2100年之间。")),
                                         MaxValueValidator(2100, message=_("年度应在2000年至2100年之间。"))])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveSmallIntegerField", args, kwargs

    @staticmethod
    def example(n):
        return 2025


class Occasion(models.TextChoices):
    SPRING = "spring", _("春节")
    AUGUST_FIRST = "august1", _("八一")
    MID_AUTUMN = "midautumn", _("中秋")
    MARTYRS_DAY = "martyrs", _("烈士纪念日")
    OTHER = "other", _("其他")


class Campaign(CaseRecord):
    """A campaign of visits ("2025年春节走访慰问"): its visits, and the planned 人次 per township (CampaignTarget)."""

    name = models.CharField(_("活动名称"), max_length=80, help_text=_("如：2025年春节走访慰问"))
    year = YearField(_("年度"))
    occasion = models.CharField(_("节点"), max_length=12, choices=Occasion.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走访慰问活动")
        verbose_name_plural = _("走访慰问活动")
        ordering = ["-year", "-starts_on", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("support_army:campaign_detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})
        if self.starts_on and self.year and self.starts_on.year != self.year:
            raise ValidationError({"starts_on": _("开始日期应在活动年度内。")})


class CampaignTarget(CaseRecord):
    """The planned 人次 of a campaign in one township (or other area): its area is the township's."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("走访慰问活动"), on_delete=models.CASCADE, related_name="targets")
    planned = models.PositiveIntegerField(_("计划走访人次"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走访慰问计划")
        verbose_name_plural = _("走访慰问计划")
        ordering = ["campaign_id", "area_id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "area"], name="campaign_target_once_per_area")]

    def __str__(self):
        return f"{self.campaign} {self.area}"

    def get_absolute_url(self):
        return reverse("support_army:campaigntarget_detail", args=[self.pk])

    def clean(self):
        if self.campaign_id and self.area_id and not self.area_id.startswith(self.campaign.area_id):
            raise ValidationError({"area": _("计划区划须在活动所属区划之内。")})


class Visit(CaseRecord):
    """One visit (走访慰问): when, on what occasion, led by whom; its recipients are VisitRecipient rows.

    `fund` is the benefits fund (经费) the visit's money is charged to: support_army.services.charge_visit
    charges its total, as recipients are added, through benefits.services_assist.fund_charge (an overspend
    is refused and nothing is saved).  `funding` stays as the text the bureau writes (a source with no fund
    kept in the system)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("所属活动"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="visits", help_text=_("集中走访慰问活动，可留空"))
    date = models.DateField(_("走访日期"), validators=[not_in_future])
    occasion = models.CharField(_("节点"), max_length=12, choices=Occasion.choices, default=Occasion.SPRING)
    leader_name = models.CharField(_("带队领导"), max_length=30, blank=True)
    leader_post = models.CharField(_("领导职务"), max_length=60, blank=True, help_text=_("如：县委书记、局长"))
    fund = models.ForeignKey("benefits.Fund", verbose_name=_("列支经费"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="visits",
                             help_text=_("选择后，慰问金和慰问品价值合计从该经费列支，余额不足时不能保存"))
    funding = models.CharField(_("资金来源"), max_length=100, blank=True,
                               help_text=_("未在系统登记经费的，填写资金来源"))
    note = models.TextField(_("走访情况"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走访慰问")
        verbose_name_plural = _("走访慰问")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["area", "date"], name="visit_area_date")]

    def __str__(self):
        lead = f"（{self.leader_post}{self.leader_name}带队）" if self.leader_name else ""
        return f"{self.date:%Y-%m-%d} {self.get_occasion_display()}走访慰问{lead}"

    def get_absolute_url(self):
        return reverse("support_army:visit_detail", args=[self.pk])

    def clean(self):
        if self.campaign_id and self.area_id and not self.area_id.startswith(self.campaign.area_id):
            raise ValidationError({"campaign": _("走访所属区划须在活动所属区划之内。")})
        if self.fund_id and self.area_id and not self.area_id.startswith(self.fund.area_id):
            raise ValidationError({"fund": _("列支经费须为走访所属区划或其上级区划的经费。")})


class RecipientKind(models.TextChoices):
    VETERAN = "veteran", _("退役军人")
    BENEFICIARY = "beneficiary", _("重点优抚对象")
    SERVING_FAMILY = "family", _("现役军人家庭")
    UNIT = "unit", _("驻地部队")
    OTHER = "other", _("其他")


class ArmyUnit(CaseRecord):
    """A unit stationed in the area, named as the bureau writes it (no classified detail)."""

    name = models.CharField(_("部队名称"), max_length=80, help_text=_("按本局习惯称谓填写，如：驻县某部、县人武部；不填写涉密信息"))
    contact_person = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = PhoneField(_("联系电话"), blank=True)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("驻地部队")
        verbose_name_plural = _("驻地部队")
        ordering = ["area_id", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("support_army:armyunit_detail", args=[self.pk])


class UnitChild(CaseRecord):
    area_path = "unit__area"
    area = None

    unit = models.ForeignKey(ArmyUnit, verbose_name=_("驻地部队"), on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(f"support_army:{self._meta.model_name}_detail", args=[self.pk])


class ActivityKind(models.TextChoices):
    COBUILD = "cobuild", _("结对共建")
    CONDOLENCE = "condolence", _("慰问联谊")
    EDUCATION = "education", _("国防教育")
    SERVICE = "service", _("拥政爱民")
    OTHER = "other", _("其他")


class CoBuildingActivity(UnitChild):
    date = models.DateField(_("活动日期"), validators=[not_in_future])
    kind = models.CharField(_("活动类型"), max_length=12, choices=ActivityKind.choices, default=ActivityKind.COBUILD)
    content = models.CharField(_("活动内容"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("军地共建活动")
        verbose_name_plural = _("军地共建活动")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.unit} {self.date:%Y-%m-%d} {self.get_kind_display()}"


class ProblemKind(models.TextChoices):
    SPOUSE_JOB = "spouse_job", _("随军家属就业")
    SCHOOLING = "schooling", _("子女入学")
    BARRACKS = "barracks", _("营区建设")
    OTHER = "other", _("其他")


problem_workflow = Workflow(
    states={"open": _("待解决"), "solved": _("已解决")},
    initial="open",
    transitions=[
        # Made by the problem's action (it takes the day solved), which applies the transition: no bare button.
        Transition("solve", _("已解决"), source=["open"], target="solved", roles=[], remark_required=True,
                   guard=lambda obj, user: None if obj.solved_on else _("须填写解决日期。")),
        Transition("reopen", _("重新办理"), source=["solved"], target="open", roles=[Role.STAFF], remark_required=True,
                   fields={"solved_on": lambda obj, user: None}),
    ],
)


class UnitProblem(UnitChild):
    """A problem the bureau takes on for a unit (随军家属就业, 子女入学, 营区问题): open → solved."""

    raised_on = models.DateField(_("提出日期"), validators=[not_in_future])
    kind = models.CharField(_("问题类型"), max_length=12, choices=ProblemKind.choices)
    description = models.CharField(_("问题描述"), max_length=200)
    status = problem_workflow.field(_("办理状态"))
    solved_on = models.DateField(_("解决日期"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("部队实际问题")
        verbose_name_plural = _("部队实际问题")
        ordering = ["-raised_on", "-id"]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()}：{self.description[:20]}"


class FamilySurvey(CaseRecord):
    """A survey round of serving members' families (现役军人家庭摸排)."""

    name = models.CharField(_("摸排名称"), max_length=80, help_text=_("如：2025年现役军人家庭走访摸排"))
    started_on = models.DateField(_("开始日期"))
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("现役军人家庭摸排")
        verbose_name_plural = _("现役军人家庭摸排")
        ordering = ["-started_on", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("support_army:familysurvey_detail", args=[self.pk])


class MemberRelationship(models.TextChoices):
    SON = "son", _("儿子")
    DAUGHTER = "daughter", _("女儿")
    SPOUSE = "spouse", _("配偶")
    FATHER = "father", _("父亲")
    MOTHER = "mother", _("母亲")
    OTHER = "other", _("其他")


HARDSHIPS = ("hardship_living", "hardship_employment", "hardship_schooling", "hardship_medical", "hardship_housing",
             "hardship_other")


class ServingFamily(CaseRecord):
    """One household surveyed: the serving member and their relationship to the household's contact, the
    difficulties found (kinds) and the help given.  Its area is the household's (a village)."""

    survey = models.ForeignKey(FamilySurvey, verbose_name=_("摸排批次"), on_delete=models.PROTECT, related_name="families")
    household = models.CharField(_("户主（联系人）"), max_length=30)
    member_name = models.CharField(_("现役军人姓名"), max_length=30)
    relationship = models.CharField(_("现役军人是户主的"), max_length=10, choices=MemberRelationship.choices)
    phone = PhoneField(_("联系电话"), blank=True)
    surveyed_on = models.DateField(_("摸排日期"), validators=[not_in_future])
    hardship_living = models.BooleanField(_("生活困难"), default=False)
    hardship_employment = models.BooleanField(_("就业困难"), default=False)
    hardship_schooling = models.BooleanField(_("子女入学入托"), default=False)
    hardship_medical = models.BooleanField(_("医疗"), default=False)
    hardship_housing = models.BooleanField(_("住房"), default=False)
    hardship_other = models.BooleanField(_("其他困难"), default=False)
    difficulty = models.CharField(_("困难情况"), max_length=200, blank=True)
    help_given = models.CharField(_("帮扶措施"), max_length=200, blank=True)
    helped_on = models.DateField(_("帮扶日期"), null=True, blank=True, validators=[not_in_future])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("现役军人家庭")
        verbose_name_plural = _("现役军人家庭")
        ordering = ["area_id", "household", "id"]

    def __str__(self):
        return f"{self.household}家（{self.member_name}）"

    def get_absolute_url(self):
        return reverse("support_army:servingfamily_detail", args=[self.pk])

    @property
    def in_difficulty(self):
        return any(getattr(self, name) for name in HARDSHIPS)

    def clean(self):
        errors = {}
        if self.helped_on and not self.in_difficulty:
            errors["helped_on"] = _("未登记困难类型，不能登记帮扶；请先勾选困难类型。")
        if self.helped_on and not self.help_given.strip():
            errors["help_given"] = _("登记帮扶日期时须填写帮扶措施。")
        if self.helped_on and self.surveyed_on and self.helped_on < self.surveyed_on:
            errors["helped_on"] = _("帮扶日期不能早于摸排日期。")
        if errors:
            raise ValidationError(errors)


class VisitRecipient(CaseRecord):
    """One recipient of a visit: a person (人次) or an army unit, with the cash and goods value given."""

    area_path = "visit__area"
    area = None

    visit = models.ForeignKey(Visit, verbose_name=_("走访慰问"), on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("对象类别"), max_length=12, choices=RecipientKind.choices, default=RecipientKind.VETERAN)
    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="visits_received", help_text=_("退役军人、重点优抚对象须选择"))
    serving_family = models.ForeignKey(ServingFamily, verbose_name=_("现役军人家庭"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="visits_received")
    unit = models.ForeignKey(ArmyUnit, verbose_name=_("驻地部队"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="visits_received")
    name = models.CharField(_("其他对象名称"), max_length=60, blank=True, help_text=_("类别为“其他”时填写"))
    cash = money(_("慰问金（元）"))
    goods = models.CharField(_("慰问品"), max_length=100, blank=True, help_text=_("如：米、油、慰问信"))
    goods_value = money(_("慰问品价值（元）"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("慰问对象")
        verbose_name_plural = _("慰问对象")
        ordering = ["visit_id", "id"]

    def __str__(self):
        return self.recipient_name

    def get_absolute_url(self):
        return reverse("support_army:visitrecipient_detail", args=[self.pk])

    @property
    def recipient_name(self):
        if self.kind == RecipientKind.UNIT and self.unit_id:
            return str(self.unit)
        if self.kind == RecipientKind.SERVING_FAMILY and self.serving_family_id:
            return str(self.serving_family)
        if self.veteran_id:
            return self.veteran.name
        return self.name

    @property
    def total(self):
        return (self.cash or Decimal("0")) + (self.goods_value or Decimal("0"))

    def household_key(self):
        """Who counts as the same family for the repeat-visit warning: the veteran's household, the serving
        family, the unit, or the name given."""
        if self.veteran_id:
            return ("veteran", self.veteran_id)
        if self.serving_family_id:
            return ("family", self.serving_family_id)
        if self.unit_id:
            return ("unit", self.unit_id)
        return ("name", self.name.strip())

    def clean(self):
        errors = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        for field in ("cash", "goods_value"):
            value = getattr(self, field)
            if value is not None and value < 0:
                add(field, _("金额不能为负数。"))
        if self.goods.strip() and not self.goods_value:
            add("goods_value", _("填写了慰问品，须填写慰问品价值。"))
        if self.kind in (RecipientKind.VETERAN, RecipientKind.BENEFICIARY) and not self.veteran_id:
            add("veteran", _("“%(kind)s”须选择退役军人。") % {"kind": self.get_kind_display()})
        if self.kind == RecipientKind.SERVING_FAMILY and not self.serving_family_id:
            add("serving_family", _("“现役军人家庭”须选择摸排登记的家庭。"))
        if self.kind == RecipientKind.UNIT and not self.unit_id:
            add("unit", _("“驻地部队”须选择部队。"))
        if self.kind == RecipientKind.OTHER and not self.name.strip():
            add("name", _("类别为“其他”时须填写对象名称。"))
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- shops and the preferential-treatment list

def listing_workflow():
    """申请 → 审核 → 实地核查 → 批准 (in a numbered batch) or 不予通过; an approved one may be withdrawn.

    实地核查 and 批准 are made by the record's actions (they take a date, an inspector, a batch), which
    apply the transitions; the transitions themselves carry no role so that no bare button offers them."""
    return Workflow(
        states={"applied": _("已申请"), "reviewed": _("已审核"), "inspected": _("已实地核查"), "approved": _("已批准"),
                "rejected": _("不予通过"), "withdrawn": _("已撤销")},
        initial="applied",
        transitions=[
            Transition("review", _("审核通过"), source=["applied"], target="reviewed", roles=[Role.STAFF]),
            Transition("inspect", _("实地核查"), source=["reviewed"], target="inspected", roles=[]),
            Transition("approve", _("批准"), source=["reviewed", "inspected"], target="approved", roles=[],
                       guard=lambda obj, user: None if obj.inspected_on else _("未经实地核查，不能批准。")),
            Transition("reject", _("不予通过"), source=["applied", "reviewed", "inspected"], target="rejected",
                       roles=[Role.STAFF], remark_required=True),
            Transition("withdraw", _("撤销"), source=["approved"], target="withdrawn", roles=[Role.STAFF],
                       remark_required=True, fields={"withdrawn_on": lambda obj, user: datetime.date.today()}),
        ],
    )


class Listing(CaseRecord):
    """What a supporting shop and an item of the preferential-treatment list share: applied, reviewed,
    inspected on site, approved in a numbered batch (第一批, 第二批) or refused, and withdrawn."""

    applied_on = models.DateField(_("申请日期"), validators=[not_in_future])
    discounts = models.TextField(_("优待内容"), help_text=_("持优待证等有效证件可享受的优惠，如：凭优待证就餐九折"))
    contact_person = models.CharField(_("联系人"), max_length=30, blank=True)
    phone = PhoneField(_("联系电话"), blank=True)
    inspected_on = models.DateField(_("实地核查日期"), null=True, blank=True, editable=False)
    inspector = models.CharField(_("核查人"), max_length=60, blank=True, editable=False)
    inspection_note = models.CharField(_("核查情况"), max_length=200, blank=True, editable=False)
    batch = models.PositiveSmallIntegerField(_("批次"), null=True, blank=True, editable=False, help_text=_("第几批通过"))
    approved_on = models.DateField(_("批准日期"), null=True, blank=True, editable=False)
    withdrawn_on = models.DateField(_("撤销日期"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def batch_label(self):
        return batch_label(self.batch) if self.batch else ""


NUMERALS = "一二三四五六七八九十"


def batch_label(number):
    """1 -> 第一批, 10 -> 第十批, 12 -> 第12批."""
    return f"第{NUMERALS[number - 1]}批" if 1 <= number <= len(NUMERALS) else f"第{number}批"


def valid_licence(value):
    if len(value) != 18 or not value.isalnum() or not value.isascii():
        raise ValidationError(_("营业执照号应为18位统一社会信用代码（数字和大写字母）。"))


class LicenceNumberField(models.CharField):
    """统一社会信用代码: 18 digits and capitals; spaces dropped and letters raised on input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("validators", [valid_licence])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, "django.db.models.CharField", args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper().replace(" ", "") if isinstance(value, str) else value

    @staticmethod
    def example(n):
        return f"91330727MA{n:08d}"[:18]


class Industry(models.TextChoices):
    CATERING = "catering", _("餐饮")
    VEHICLE = "vehicle", _("车辆维修")
    RETAIL = "retail", _("日用百货")
    MEDICAL = "medical", _("医疗药店")
    LODGING = "lodging", _("住宿")
    SERVICE = "service", _("生活服务")
    OTHER = "other", _("其他")


shop_workflow = listing_workflow()


class SupportShop(Listing):
    """A business applying to be a supporting shop (拥军优属门店)."""

    name = models.CharField(_("门店名称"), max_length=80)
    licence_number = LicenceNumberField(_("营业执照号"), help_text=_("统一社会信用代码，18位"))
    address = models.CharField(_("经营地址"), max_length=120)
    industry = models.CharField(_("行业"), max_length=12, choices=Industry.choices, default=Industry.CATERING)
    status = shop_workflow.field(_("状态"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("拥军优属门店")
        verbose_name_plural = _("拥军优属门店")
        ordering = ["area_id", "name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("support_army:supportshop_detail", args=[self.pk])


class ItemKind(models.TextChoices):
    TRANSPORT = "transport", _("交通出行")
    PARK = "park", _("公园")
    SCENIC = "scenic", _("旅游景区")
    MUSEUM = "museum", _("博物馆、文化场馆")
    HOSPITAL = "hospital", _("医疗机构")
    OTHER = "other", _("其他")


item_workflow = listing_workflow()


class PreferentialItem(Listing):
    """An entry of the preferential-treatment list (优待清单): a provider and what card holders get."""

    name = models.CharField(_("优待项目"), max_length=80, help_text=_("如：县城公交免费乘车"))
    provider = models.CharField(_("提供单位"), max_length=80)
    kind = models.CharField(_("类别"), max_length=12, choices=ItemKind.choices)
    status = item_workflow.field(_("状态"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("优待清单项目")
        verbose_name_plural = _("优待清单")
        ordering = ["area_id", "kind", "name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("support_army:preferentialitem_detail", args=[self.pk])


# ---------------------------------------------------------------- conscription and the model city

class Conscription(CaseRecord):
    """A year's conscription counts (征兵): the task, those enlisted, of whom students."""

    year = YearField(_("年度"))
    season = models.CharField(_("批次"), max_length=8, choices=[("spring", _("春季")), ("autumn", _("秋季")), ("year", _("全年"))],
                              default="year")
    task = models.PositiveIntegerField(_("征兵任务数"))
    enlisted = models.PositiveIntegerField(_("征集入伍人数"))
    students = models.PositiveIntegerField(_("其中大学生"), default=0)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("征兵情况")
        verbose_name_plural = _("征兵情况")
        ordering = ["-year", "season", "area_id"]
        constraints = [models.UniqueConstraint(fields=["area", "year", "season"], name="conscription_once_per_season")]

    def __str__(self):
        return f"{self.year}年{self.get_season_display()}征兵"

    def get_absolute_url(self):
        return reverse("support_army:conscription_detail", args=[self.pk])

    def clean(self):
        if self.students is not None and self.enlisted is not None and self.students > self.enlisted:
            raise ValidationError({"students": _("其中大学生人数不能多于征集入伍人数。")})


class ModelCityMilestone(CaseRecord):
    """A step of the 双拥模范城（县）creation: started, materials filed, inspected, named."""

    date = models.DateField(_("日期"), validators=[not_in_future])
    title = models.CharField(_("事项"), max_length=100, help_text=_("如：启动双拥模范县创建工作"))
    level = models.CharField(_("创建级别"), max_length=8, choices=[("province", _("省级")), ("national", _("全国"))],
                             default="province")
    note = models.TextField(_("情况说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("双拥模范城创建")
        verbose_name_plural = _("双拥模范城创建")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("support_army:modelcitymilestone_detail", args=[self.pk])

