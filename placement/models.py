"""安置就业 (DOMAIN.md §3 "Placement and employment"): the year's placement quotas and cases, sunshine
placement (阳光安置) of soldiers entitled to government-arranged work, returning soldiers' one-stop
registration, and employment services.

A placement case names the veteran (for a military spouse, the veteran and the spouse as a family
member); its area is the veteran's (VeteranAreaField, it follows the veteran's moves).  A sunshine
batch is the county's: its score rule set (figures as rows, by discharge period), candidates (cases of
kind 退役士兵 in the batch), score items with their evidence, corrections, objections during the public
notice, posts, and the choosing meeting's log.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import synonyms
from core.models import CaseRecord
from core.roles import Role
from core.validators import not_in_future
from core.workflow import Transition, Workflow
from placement import scoring
from veterans.models import DischargeCategory, FamilyMember, Relationship, Veteran, VeteranAreaField

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def _today(obj, user):
    return datetime.date.today()


def this_year():
    return datetime.date.today().year


# ---------------------------------------------------------------- quotas and cases


@synonyms({"军转": "officer", "转业干部": "officer", "军队转业干部": "officer", "士官": "nco", "转业士官": "nco",
           "退役士兵": "soldier", "政府安排工作": "soldier", "安排工作退役士兵": "soldier", "家属": "spouse", "随军家属": "spouse"})
class PlacementKind(models.TextChoices):
    OFFICER = "officer", _("军转干部")
    NCO = "nco", _("转业士官")
    SOLDIER = "soldier", _("符合政府安排工作条件的退役士兵")
    SPOUSE = "spouse", _("随军家属")


# The discharge categories (veterans.DischargeCategory) each kind is for; a spouse's veteran may be of any.
KIND_CATEGORIES = {
    PlacementKind.OFFICER: {DischargeCategory.TRANSFERRED},
    PlacementKind.NCO: {DischargeCategory.TRANSFERRED},
    PlacementKind.SOLDIER: {DischargeCategory.ARRANGED},
}


class SpouseIdentity(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("公务员")
    INSTITUTION = "institution", _("事业编制")
    SENIOR = "senior", _("正团职以上领导随军家属")
    OTHER = "other", _("其他")


@synonyms({"机关": "organ", "参公": "organ", "机关（含参公）": "organ", "事业": "institution", "国企": "soe", "国有企业": "soe"})
class Destination(models.TextChoices):
    ORGAN = "organ", _("机关（含参公）")
    INSTITUTION = "institution", _("事业单位")
    SOE = "soe", _("国有企业")


class PlacementQuota(CaseRecord):
    """The year's placement task (安置任务) of one kind (for spouses, one identity) in an area."""

    year = models.PositiveSmallIntegerField(_("年度"), default=this_year,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kind = models.CharField(_("安置类别"), max_length=12, choices=PlacementKind.choices)
    spouse_identity = models.CharField(_("家属身份"), max_length=16, choices=SpouseIdentity.choices, blank=True,
                                       help_text=_("随军家属按身份分列；其他类别留空"))
    count = models.PositiveIntegerField(_("任务数（名）"), validators=[MinValueValidator(1)])
    document = models.CharField(_("下达文件"), max_length=120, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("安置任务")
        verbose_name_plural = _("安置任务")
        ordering = ["-year", "area_id", "kind", "spouse_identity"]
        constraints = [models.UniqueConstraint(fields=["area", "year", "kind", "spouse_identity"], name="placement_quota_unique")]

    def __str__(self):
        identity = f"（{self.get_spouse_identity_display()}）" if self.spouse_identity else ""
        return f"{self.year}年{self.get_kind_display()}{identity}安置任务{self.count}名"

    def get_absolute_url(self):
        return reverse("placement:placementquota_detail", args=[self.pk])

    def clean(self):
        if self.kind == PlacementKind.SPOUSE and not self.spouse_identity:
            raise ValidationError({"spouse_identity": _("随军家属的安置任务须选择家属身份。")})
        if self.kind and self.kind != PlacementKind.SPOUSE and self.spouse_identity:
            raise ValidationError({"spouse_identity": _("只有随军家属按家属身份分列。")})


def _chosen_guard(case, user):
    if case.batch_id and not case.post_id:
        return _("阳光安置对象须在选岗会上按排名选岗，不能直接办理。")
    if not case.destination or not case.receiving_unit:
        return _("请先填写安置去向和接收单位，再办理选岗。")
    return None


IN_PROGRESS = ("received", "reviewed", "published", "chosen")
PLACED = ("reported", "done")

case_workflow = Workflow(
    states={"received": _("接收档案"), "reviewed": _("审核档案"), "published": _("公布岗位"), "chosen": _("选岗"),
            "reported": _("报到"), "done": _("安置完成"), "self_chosen": _("自主择业/自主就业"), "returned": _("退回")},
    initial="received",
    transitions=[
        Transition("review", _("审核档案通过"), source=["received"], target="reviewed", roles=[Role.STAFF],
                   fields={"reviewed_on": _today}),
        Transition("publish", _("公布岗位"), source=["reviewed"], target="published", roles=[Role.STAFF]),
        Transition("choose", _("确认选岗"), source=["published"], target="chosen", roles=[Role.STAFF], guard=_chosen_guard,
                   fields={"chosen_on": _today}),
        Transition("report", _("报到"), source=["chosen"], target="reported", roles=[Role.STAFF],
                   fields={"reported_on": _today}),
        Transition("complete", _("回头看并办结"), source=["reported"], target="done", roles=[Role.STAFF],
                   fields={"done_on": _today}, remark_required=True),
        Transition("self_choose", _("改为自主择业/自主就业"), source=["received", "reviewed", "published", "chosen"],
                   target="self_chosen", roles=[Role.STAFF], fields={"self_chosen_on": _today}),
        Transition("return_file", _("退回档案"), source=["received", "reviewed"], target="returned", roles=[Role.STAFF],
                   fields={"returned_on": _today}, remark_required=True),
    ],
)


@synonyms({"满12年": "service_12", "服役满12年": "service_12", "八一勋章": "bayi_medal", "荣誉称号": "honorary_title",
           "战功": "war_merit", "二等功": "merit_2", "因战致残": "war_disabled", "烈士子女": "martyr_child"})
class Condition(models.TextChoices):
    """Who is entitled to government-arranged work (《退役军人安置条例》, in force since 2024-09-01)."""

    SERVICE_12 = "service_12", _("军士服现役满12年")
    BAYI_MEDAL = "bayi_medal", _("获得“八一勋章”")
    HONORARY_TITLE = "honorary_title", _("获得荣誉称号")
    MEDAL = "medal", _("获得其他勋章")
    WAR_MERIT = "war_merit", _("服现役期间获得三等战功以上奖励")
    MERIT_2 = "merit_2", _("平时获得二等功以上奖励")
    WAR_DISABLED = "war_disabled", _("因战致残被评定为5级至8级残疾等级")
    MARTYR_CHILD = "martyr_child", _("烈士子女")


# Placed without scoring (and before those scored): the holders of the 八一勋章 and of an honorary title.
UNSCORED_CONDITIONS = frozenset({Condition.BAYI_MEDAL, Condition.HONORARY_TITLE})


class ChoiceStatus(models.TextChoices):
    WAITING = "waiting", _("待选岗")
    CHOSEN = "chosen", _("已选岗")
    SKIPPED = "skipped", _("缺席跳过")
    DECLINED = "declined", _("放弃（改自主就业）")


class PlacementCase(CaseRecord):
    """One person's placement: the veteran, or (kind 随军家属) the veteran's spouse."""

    area = VeteranAreaField()

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.PROTECT, related_name="placement_cases")
    family_member = models.ForeignKey(FamilyMember, verbose_name=_("随军家属"), null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="placement_cases", help_text=_("随军家属安置时选择配偶；其他类别留空"))
    year = models.PositiveSmallIntegerField(_("安置年度"), default=this_year,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kind = models.CharField(_("安置类别"), max_length=12, choices=PlacementKind.choices)
    spouse_identity = models.CharField(_("家属身份"), max_length=16, choices=SpouseIdentity.choices, blank=True)
    received_on = models.DateField(_("档案接收日期"), default=datetime.date.today, validators=[not_in_future])
    status = case_workflow.field(_("办理状态"))
    destination = models.CharField(_("安置去向"), max_length=12, choices=Destination.choices, blank=True)
    receiving_unit = models.CharField(_("接收单位"), max_length=120, blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True, editable=False)
    chosen_on = models.DateField(_("选岗日期"), null=True, blank=True, editable=False)
    reported_on = models.DateField(_("报到日期"), null=True, blank=True, editable=False)
    done_on = models.DateField(_("办结日期"), null=True, blank=True, editable=False)
    self_chosen_on = models.DateField(_("选择自主择业/就业日期"), null=True, blank=True, editable=False)
    returned_on = models.DateField(_("退回日期"), null=True, blank=True, editable=False)
    # sunshine placement
    batch = models.ForeignKey("SunshineBatch", verbose_name=_("阳光安置批次"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="candidates")
    condition = models.CharField(_("安排工作条件"), max_length=16, choices=Condition.choices, blank=True,
                                 help_text=_("退役士兵填写其符合的安排工作条件"))
    score = models.DecimalField(_("积分"), max_digits=7, decimal_places=2, default=Decimal("0.00"), editable=False)
    score_confirmed_on = models.DateField(_("本人确认积分日期"), null=True, blank=True, editable=False)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True, editable=False)
    choice_status = models.CharField(_("选岗情况"), max_length=10, choices=ChoiceStatus.choices, default=ChoiceStatus.WAITING,
                                     editable=False)
    post = models.ForeignKey("SunshinePost", verbose_name=_("所选岗位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="chosen_by", editable=False)
    chosen_at = models.DateTimeField(_("选岗时间"), null=True, blank=True, editable=False)
    waiting_allowance = models.DecimalField(_("待安置生活补助（元/月）"), null=True, blank=True, **MONEY)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("安置对象")
        verbose_name_plural = _("安置对象")
        ordering = ["-year", "kind", "rank", "area_id", "id"]
        indexes = [models.Index(fields=["area", "year", "kind"], name="placement_case_area_year")]

    def __str__(self):
        who = self.family_member.name if self.family_member_id else self.veteran.name
        return f"{who}（{self.year}年{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("placement:placementcase_detail", args=[self.pk])

    @property
    def person_name(self):
        return self.family_member.name if self.family_member_id else self.veteran.name

    @property
    def unscored(self):
        return self.condition in UNSCORED_CONDITIONS

    def clean(self):
        errors = {}
        veteran = self.veteran if self.veteran_id else None
        if self.kind and veteran is not None and self.kind in KIND_CATEGORIES:
            allowed = KIND_CATEGORIES[self.kind]
            if veteran.discharge_category not in allowed:
                errors["kind"] = _("%(name)s的退役方式为“%(category)s”，不属于“%(kind)s”安置。") % {
                    "name": veteran.name, "category": veteran.get_discharge_category_display(), "kind": self.get_kind_display()}
        if self.kind == PlacementKind.SPOUSE:
            if not self.family_member_id:
                errors["family_member"] = _("随军家属安置须选择该退役军人的配偶。")
            elif self.family_member.veteran_id != self.veteran_id or self.family_member.relationship != Relationship.SPOUSE:
                errors["family_member"] = _("所选家庭成员不是该退役军人的配偶。")
            if not self.spouse_identity:
                errors["spouse_identity"] = _("随军家属安置须选择家属身份。")
        elif self.kind:
            if self.family_member_id:
                errors["family_member"] = _("只有随军家属安置选择家庭成员。")
            if self.spouse_identity:
                errors["spouse_identity"] = _("只有随军家属按家属身份分列。")
        if self.batch_id:
            if self.kind != PlacementKind.SOLDIER:
                errors["batch"] = _("阳光安置只适用于符合政府安排工作条件的退役士兵。")
            elif not self.condition:
                errors["condition"] = _("阳光安置对象须选择其符合的安排工作条件。")
            elif veteran is not None:
                rules = self.batch.rule_set
                if not rules.applies_to(veteran.discharge_date):
                    errors["batch"] = _("%(name)s的退役时间（%(day)s）不在本批次积分办法“%(rules)s”的适用范围内。") % {
                        "name": veteran.name, "day": veteran.discharge_date or "未填", "rules": rules}
            stored = PlacementCase.objects.filter(pk=self.pk).values_list("batch_id", flat=True).first() if self.pk else None
            if stored != self.batch_id and self.batch.status != "scoring":
                errors["batch"] = _("该批次已开始公示，不能再加入安置对象。")
        if self.condition == Condition.SERVICE_12 and veteran is not None and veteran.enlistment_date and veteran.discharge_date:
            if scoring.service_months(veteran.enlistment_date, veteran.discharge_date) < 144:
                errors["condition"] = _("档案记载服现役不满12年，不符合“军士服现役满12年”的条件。")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- the score rule table


class TieBreak(models.TextChoices):
    SERVICE = "service", _("服役时间长者优先")
    OLDER = "older", _("年龄大者优先")


class ScoreRuleSet(CaseRecord):
    """A scoring method (积分办法) with the discharge period it applies to; its figures are ScoreRule rows."""

    name = models.CharField(_("办法名称"), max_length=120)
    discharged_from = models.DateField(_("适用退役时间自"))
    discharged_to = models.DateField(_("适用退役时间至"), null=True, blank=True, help_text=_("仍适用的留空"))
    threshold_years = models.PositiveSmallIntegerField(_("服役年限分段（年）"), default=12,
                                                       help_text=_("此年限以内按“每年”计分，超过部分按“超过部分每年”计分"))
    full_year_months = models.PositiveSmallIntegerField(_("满一年的月数界限"), default=6,
                                                        help_text=_("不足一年的部分：少于此月数按半年计，达到按一年计"))
    tie_breaks = models.CharField(_("同分排序"), max_length=60, default="service,older",
                                  help_text=_("依次填写：service（服役时间长者优先）、older（年龄大者优先），逗号分隔"))
    source = models.CharField(_("依据文件"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("积分办法")
        verbose_name_plural = _("积分办法")
        ordering = ["-discharged_from", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("placement:scoreruleset_detail", args=[self.pk])

    def applies_to(self, discharged):
        if discharged is None:
            return False
        return self.discharged_from <= discharged and (self.discharged_to is None or discharged <= self.discharged_to)

    def tie_break_labels(self):
        return "，".join(str(TieBreak(code).label) for code in self.tie_break_codes() if code in TieBreak.values)

    def tie_break_codes(self):
        return [code.strip() for code in (self.tie_breaks or "").split(",") if code.strip()]

    def points(self):
        """{rule code: points} of this method."""
        cached = getattr(self, "_points", None)
        if cached is None:
            cached = self._points = dict(self.rules.values_list("code", "points"))
        return cached

    def clean(self):
        unknown = [code for code in self.tie_break_codes() if code not in TieBreak.values]
        if unknown:
            raise ValidationError({"tie_breaks": _("未知的同分排序规则：%(codes)s；可用 service、older。") % {"codes": "、".join(unknown)}})
        if self.discharged_to and self.discharged_from and self.discharged_to < self.discharged_from:
            raise ValidationError({"discharged_to": _("适用退役时间至不能早于起始时间。")})
        if not 1 <= (self.full_year_months or 0) <= 11:
            raise ValidationError({"full_year_months": _("月数界限应为1至11。")})


class RuleCode(models.TextChoices):
    SERVICE_YEAR = "service_year", _("服役年限（分段以内，每年）")
    SERVICE_YEAR_BEYOND = "service_year_beyond", _("服役年限（超过分段部分，每年）")
    JIAJIANG = "jiajiang", _("平时个人嘉奖（每次）")
    MERIT3 = "merit3", _("平时个人三等功（每次）")
    MERIT2 = "merit2", _("平时个人二等功（每次）")
    MERIT1 = "merit1", _("平时个人一等功（每次）")
    JIAJIANG_WAR = "jiajiang_war", _("战时个人嘉奖（每次）")
    MERIT3_WAR = "merit3_war", _("战时个人三等功（每次）")
    MERIT2_WAR = "merit2_war", _("战时个人二等功（每次）")
    MERIT1_WAR = "merit1_war", _("战时个人一等功（每次）")
    COMMENDATION_CMC = "commendation_cmc", _("中央军委实施的表彰（每次）")
    COMMENDATION_DEPT = "commendation_dept", _("军委机关部门实施的全军性表彰（每次）")
    WAR_5 = "war_5", _("因战致残5级")
    WAR_6 = "war_6", _("因战致残6级")
    WAR_7 = "war_7", _("因战致残7级")
    WAR_8 = "war_8", _("因战致残8级")
    WAR_9 = "war_9", _("因战致残9级")
    WAR_10 = "war_10", _("因战致残10级")
    DUTY_5 = "duty_5", _("因公致残5级")
    DUTY_6 = "duty_6", _("因公致残6级")
    DUTY_7 = "duty_7", _("因公致残7级")
    DUTY_8 = "duty_8", _("因公致残8级")
    DUTY_9 = "duty_9", _("因公致残9级")
    DUTY_10 = "duty_10", _("因公致残10级")
    RANK_PRIVATE = "rank_private", _("退役时军衔：列兵")
    RANK_PFC = "rank_pfc", _("退役时军衔：上等兵")
    RANK_CORPORAL = "rank_corporal", _("退役时军衔：下士")
    RANK_SERGEANT = "rank_sergeant", _("退役时军衔：中士")
    RANK_STAFF_SERGEANT = "rank_staff_sergeant", _("退役时军衔：上士")
    RANK_MSGT4 = "rank_msgt4", _("退役时军衔：四级军士长")
    RANK_MSGT3 = "rank_msgt3", _("退役时军衔：三级军士长")
    RANK_MSGT2 = "rank_msgt2", _("退役时军衔：二级军士长")
    RANK_MSGT1 = "rank_msgt1", _("退役时军衔：一级军士长")
    DEDUCT_WARNING = "deduct_warning", _("减分：警告处分（每次）")
    DEDUCT_GRAVE_WARNING = "deduct_grave_warning", _("减分：严重警告处分（每次）")
    DEDUCT_DEMERIT = "deduct_demerit", _("减分：记过处分（每次）")
    DEDUCT_GRAVE_DEMERIT = "deduct_grave_demerit", _("减分：记大过处分（每次）")
    DEDUCT_DEMOTION = "deduct_demotion", _("减分：降级（降衔）处分（每次）")
    DEDUCT_DISMISSAL = "deduct_dismissal", _("减分：撤职处分（每次）")


class MilitaryRank(models.TextChoices):
    """Ranks of 义务兵 and 军士 at discharge (《义务兵暂行条例》《军士暂行条例》, 2022), for the 2023 method's rank item."""

    PRIVATE = "private", _("列兵")
    PFC = "pfc", _("上等兵")
    CORPORAL = "corporal", _("下士")
    SERGEANT = "sergeant", _("中士")
    STAFF_SERGEANT = "staff_sergeant", _("上士")
    MSGT4 = "msgt4", _("四级军士长")
    MSGT3 = "msgt3", _("三级军士长")
    MSGT2 = "msgt2", _("二级军士长")
    MSGT1 = "msgt1", _("一级军士长")


class Sanction(models.TextChoices):
    """Disciplinary sanctions of soldiers (《中国人民解放军纪律条令》), for the 2023 method's deductions."""

    WARNING = "warning", _("警告")
    GRAVE_WARNING = "grave_warning", _("严重警告")
    DEMERIT = "demerit", _("记过")
    GRAVE_DEMERIT = "grave_demerit", _("记大过")
    DEMOTION = "demotion", _("降级（降衔）")
    DISMISSAL = "dismissal", _("撤职")


class ScoreRule(CaseRecord):
    """One figure of a scoring method: the points of one item."""

    area_path = "rule_set__area"
    area = None

    rule_set = models.ForeignKey(ScoreRuleSet, verbose_name=_("积分办法"), on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("计分项目"), max_length=20, choices=RuleCode.choices)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))],
                                 help_text=_("减分项目填写减去的分数（正数），计分时从总分中减去"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("积分标准")
        verbose_name_plural = _("积分标准")
        ordering = ["rule_set_id", "id"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="placement_rule_unique")]

    def __str__(self):
        return f"{self.get_code_display()}：{self.points}分"

    def get_absolute_url(self):
        return reverse("placement:scorerule_detail", args=[self.pk])


# ---------------------------------------------------------------- sunshine batches


def ranked(batch):
    """The batch's candidates in rank order: those placed without scoring (八一勋章, honorary title) first,
    then by score, ties broken as the rule set says (longer service, then older), then by record."""
    cases = list(batch.candidates.exclude(status__in=("returned", "self_chosen"), choice_status=ChoiceStatus.WAITING)
                 .select_related("veteran"))
    codes = batch.rule_set.tie_break_codes()

    def key(case):
        parts = [0 if case.unscored else 1, -case.score]
        for code in codes:
            if code == TieBreak.SERVICE:
                parts.append(-scoring.service_months(case.veteran.enlistment_date, case.veteran.discharge_date))
            elif code == TieBreak.OLDER:
                parts.append(case.veteran.birth_date)
        parts.append(case.pk)
        return parts

    return sorted(cases, key=key)


def _unconfirmed(candidates):
    """Names of the scored candidates whose score the soldier has not confirmed (a correction clears it)."""
    return [c.person_name for c in candidates if not c.unscored and not c.score_confirmed_on]


def _start_notice_guard(batch, user):
    candidates = list(batch.candidates.exclude(status__in=("returned", "self_chosen")).select_related("veteran", "family_member"))
    if not candidates:
        return _("本批次还没有安置对象，不能公示。")
    unconfirmed = _unconfirmed(candidates)
    if unconfirmed:
        return _("以下对象的积分尚未经本人确认，不能公示：%(names)s。") % {"names": "、".join(unconfirmed)}
    return None


def _publish_guard(batch, user):
    end = batch.notice_end
    if end is None or datetime.date.today() <= end:
        return _("公示期至%(end)s（%(days)d个工作日），公示结束后才能公布名单和排名。") % {
            "end": f"{end:%Y-%m-%d}" if end else "", "days": batch.notice_days}
    unanswered = batch.objections.filter(answered_on__isnull=True).count()
    if unanswered:
        return _("还有%(n)d条公示异议未答复，答复后才能公布名单和排名。") % {"n": unanswered}
    candidates = ranked(batch)
    unconfirmed = _unconfirmed(candidates)
    if unconfirmed:
        return _("以下对象的积分在公示期间更正后尚未经本人重新确认，不能公布：%(names)s。") % {"names": "、".join(unconfirmed)}
    pending = [c.person_name for c in candidates if c.status == "received"]
    if pending:
        return _("以下对象的档案尚未审核：%(names)s。") % {"names": "、".join(pending)}
    posts = batch.posts.aggregate(n=models.Sum("count"))["n"] or 0
    needed = Decimal(len(candidates)) * batch.post_ratio
    if Decimal(posts) < needed:
        return _("岗位%(posts)d个，少于安置人数%(n)d名的%(ratio)s倍（至少%(needed)s个），请增加岗位。") % {
            "posts": posts, "n": len(candidates), "ratio": batch.post_ratio.normalize(),
            "needed": needed.to_integral_value(rounding="ROUND_CEILING")}
    return None


def _publish(batch, user):
    """Freeze the ranking and publish each candidate's posts with it (their cases move to 公布岗位)."""
    for position, case in enumerate(ranked(batch), start=1):
        PlacementCase.objects.filter(pk=case.pk).update(rank=position)
        if case.status == "reviewed":
            case_workflow.apply(case, "publish", user=user, remark=_("阳光安置名单、排名和岗位公布"), by_rule=True)
    return datetime.date.today()


def _finish_guard(batch, user):
    waiting = batch.candidates.filter(rank__isnull=False, choice_status=ChoiceStatus.WAITING).count()
    if waiting:
        return _("还有%(n)d名对象未选岗，不能结束选岗。") % {"n": waiting}
    return None


batch_workflow = Workflow(
    states={"scoring": _("积分中"), "notice": _("公示中"), "published": _("已公布"), "choosing": _("选岗中"),
            "finished": _("已完成")},
    initial="scoring",
    transitions=[
        Transition("start_notice", _("开始公示积分"), source=["scoring"], target="notice", roles=[Role.STAFF],
                   guard=_start_notice_guard, fields={"notice_start": _today}),
        Transition("publish", _("公布名单、排名和岗位"), source=["notice"], target="published", roles=[Role.STAFF],
                   guard=_publish_guard, fields={"published_on": _publish}),
        Transition("open_meeting", _("开始选岗会"), source=["published"], target="choosing", roles=[Role.STAFF],
                   fields={"meeting_on": _today}),
        Transition("finish", _("结束选岗"), source=["choosing"], target="finished", roles=[Role.STAFF],
                   guard=_finish_guard, fields={"finished_on": _today}),
    ],
)


class SunshineBatch(CaseRecord):
    """A year's sunshine placement (阳光安置) of the county: scores, notice, ranking, posts, choosing."""

    name = models.CharField(_("批次名称"), max_length=100, help_text=_("如：2025年度退役士兵阳光安置"))
    year = models.PositiveSmallIntegerField(_("年度"), default=this_year,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    rule_set = models.ForeignKey(ScoreRuleSet, verbose_name=_("积分办法"), on_delete=models.PROTECT, related_name="batches")
    notice_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5, validators=[MinValueValidator(1)])
    post_ratio = models.DecimalField(_("岗位与人数比例"), max_digits=4, decimal_places=2, default=Decimal("1.20"),
                                     validators=[MinValueValidator(Decimal("1"))], help_text=_("岗位数不少于安置人数乘以此比例"))
    waiting_allowance = models.DecimalField(_("待安置生活补助标准（元/月）"), default=Decimal("0.00"), **MONEY)
    status = batch_workflow.field(_("进度"))
    notice_start = models.DateField(_("公示开始日期"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("公布日期"), null=True, blank=True, editable=False)
    meeting_on = models.DateField(_("选岗会日期"), null=True, blank=True, editable=False)
    finished_on = models.DateField(_("完成日期"), null=True, blank=True, editable=False)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("阳光安置批次")
        verbose_name_plural = _("阳光安置批次")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("placement:sunshinebatch_detail", args=[self.pk])

    @property
    def notice_end(self):
        """The last working day of the notice (Mon-Fri, no holiday calendar: placement.scoring)."""
        return scoring.add_working_days(self.notice_start, self.notice_days) if self.notice_start else None

    def notice_closes(self):
        return self.notice_end

    notice_closes.short_description = _("公示截止日期")


class WaitingAllowance(CaseRecord):
    """One month's living allowance (待安排工作期间生活补助) of a candidate not yet placed, at the batch's rate.
    Written by services.batch_record_allowance, one row per case and month."""

    area_path = "case__area"
    area = None

    case = models.ForeignKey(PlacementCase, verbose_name=_("安置对象"), on_delete=models.PROTECT,
                             related_name="waiting_allowances")
    month = models.DateField(_("月份"), help_text=_("该月1日"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("待安置生活补助")
        verbose_name_plural = _("待安置生活补助")
        ordering = ["case_id", "-month"]
        constraints = [models.UniqueConstraint(fields=["case", "month"], name="placement_allowance_case_month")]

    def __str__(self):
        return f"{self.case.person_name}：{self.month:%Y年%m月}待安置生活补助{self.amount}元"

    def get_absolute_url(self):
        return reverse("placement:waitingallowance_detail", args=[self.pk])

    def clean(self):
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("月份请填写该月1日。")})


class EvidenceSource(models.TextChoices):
    ARCHIVE = "archive", _("档案记载")
    PERSONAL = "personal", _("本人自带材料（不计分）")


class ScoreItemKind(models.TextChoices):
    SERVICE = "service", _("服役年限")
    JIAJIANG = "jiajiang", _("嘉奖")
    MERIT3 = "merit3", _("三等功")
    MERIT2 = "merit2", _("二等功")
    MERIT1 = "merit1", _("一等功")
    COMMENDATION_CMC = "commendation_cmc", _("中央军委表彰")
    COMMENDATION_DEPT = "commendation_dept", _("军委机关部门全军性表彰")
    DISABILITY = "disability", _("残疾等级")
    RANK = "rank", _("军衔")
    DEDUCTION = "deduction", _("减分（处分）")


class DisabilityCause(models.TextChoices):
    WAR = "war", _("因战")
    DUTY = "duty", _("因公")


class ScoreItem(CaseRecord):
    """One item of a candidate's score, with its evidence in the archive; points follow the batch's rule set."""

    area_path = "case__area"
    area = None

    case = models.ForeignKey(PlacementCase, verbose_name=_("安置对象"), on_delete=models.CASCADE, related_name="score_items")
    kind = models.CharField(_("计分项目"), max_length=20, choices=ScoreItemKind.choices)
    wartime = models.BooleanField(_("战时"), default=False)
    quantity = models.DecimalField(_("数量"), max_digits=6, decimal_places=1, default=Decimal("1"),
                                   validators=[MinValueValidator(Decimal("0"))],
                                   help_text=_("服役年限填服役月数；奖励、处分填次数；残疾等级、军衔填1"))
    disability_grade = models.PositiveSmallIntegerField(_("残疾等级"), null=True, blank=True,
                                                        validators=[MinValueValidator(5), MaxValueValidator(10)])
    disability_cause = models.CharField(_("致残性质"), max_length=8, choices=DisabilityCause.choices, blank=True)
    military_rank = models.CharField(_("退役时军衔"), max_length=16, choices=MilitaryRank.choices, blank=True,
                                     help_text=_("军衔计分时填写"))
    sanction = models.CharField(_("处分种类"), max_length=16, choices=Sanction.choices, blank=True,
                                help_text=_("减分时填写；数量填处分次数"))
    evidence_source = models.CharField(_("材料来源"), max_length=10, choices=EvidenceSource.choices, default=EvidenceSource.ARCHIVE)
    evidence = models.CharField(_("档案依据"), max_length=200, help_text=_("档案中的材料名称、页码，如：入伍登记表第3页、奖励通令"))
    points = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, default=Decimal("0.00"), editable=False)
    reason = models.CharField(_("更正理由"), max_length=200, blank=True,
                              help_text=_("与档案记载不一致时须填写"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("积分项")
        verbose_name_plural = _("积分项")
        ordering = ["case_id", "id"]

    def __str__(self):
        return f"{self.case.person_name}：{self.get_kind_display()} {self.points}分"

    def get_absolute_url(self):
        return reverse("placement:scoreitem_detail", args=[self.pk])

    def rule_code(self):
        if self.kind == ScoreItemKind.DISABILITY:
            return f"{self.disability_cause}_{self.disability_grade}" if self.disability_cause and self.disability_grade else None
        if self.kind == ScoreItemKind.RANK:
            return f"rank_{self.military_rank}" if self.military_rank else None
        if self.kind == ScoreItemKind.DEDUCTION:
            return f"deduct_{self.sanction}" if self.sanction else None
        if self.kind in (ScoreItemKind.JIAJIANG, ScoreItemKind.MERIT3, ScoreItemKind.MERIT2, ScoreItemKind.MERIT1):
            return f"{self.kind}_war" if self.wartime else self.kind
        return self.kind

    def compute_points(self, rules):
        """The item's points under `rules` (a ScoreRuleSet); papers the soldier brought personally count 0;
        a deduction's figure is entered as the points taken off, so its item counts negative."""
        if self.evidence_source == EvidenceSource.PERSONAL:
            return Decimal("0.00")
        points = rules.points()
        if self.kind == ScoreItemKind.SERVICE:
            return scoring.service_points(
                self.quantity, per_year=points.get(RuleCode.SERVICE_YEAR, 0),
                per_year_beyond=points.get(RuleCode.SERVICE_YEAR_BEYOND, 0), threshold_years=rules.threshold_years,
                full_from=rules.full_year_months)
        each = points.get(self.rule_code())
        if each is None:
            return None
        count = Decimal(1) if self.kind in (ScoreItemKind.DISABILITY, ScoreItemKind.RANK) else Decimal(self.quantity)
        sign = -1 if self.kind == ScoreItemKind.DEDUCTION else 1
        return (sign * Decimal(each) * count).quantize(Decimal("0.01"))

    def clean(self):
        errors = {}
        if self.kind == ScoreItemKind.DISABILITY:
            if not self.disability_grade or not self.disability_cause:
                errors["disability_grade"] = _("残疾等级计分须填写残疾等级（5至10级）和致残性质。")
        elif self.disability_grade or self.disability_cause:
            errors["disability_grade"] = _("只有残疾等级计分填写残疾等级和致残性质。")
        if self.kind == ScoreItemKind.RANK:
            if not self.military_rank:
                errors["military_rank"] = _("军衔计分须填写退役时军衔。")
            elif self.quantity != 1:
                errors["quantity"] = _("军衔计分按退役时军衔计一次，数量填1。")
        elif self.military_rank:
            errors["military_rank"] = _("只有军衔计分填写退役时军衔。")
        if self.kind == ScoreItemKind.DEDUCTION:
            if not self.sanction:
                errors["sanction"] = _("减分须填写处分种类。")
        elif self.sanction:
            errors["sanction"] = _("只有减分项目填写处分种类。")
        if self.kind in (ScoreItemKind.SERVICE, ScoreItemKind.RANK, ScoreItemKind.DEDUCTION) and self.wartime:
            errors["wartime"] = _("%(kind)s不分平时战时。") % {"kind": self.get_kind_display()}
        if self.kind not in (ScoreItemKind.SERVICE,) and self.quantity != int(self.quantity or 0):
            errors["quantity"] = _("奖励次数应为整数。")
        if errors:
            raise ValidationError(errors)


class ScoreCorrection(CaseRecord):
    """The log of a score item corrected by staff: what it was, what it became, why, by whom."""

    area_path = "item__case__area"
    area = None

    item = models.ForeignKey(ScoreItem, verbose_name=_("积分项"), on_delete=models.CASCADE, related_name="corrections")
    old_quantity = models.DecimalField(_("原数量"), max_digits=6, decimal_places=1)
    new_quantity = models.DecimalField(_("更正为"), max_digits=6, decimal_places=1)
    old_points = models.DecimalField(_("原得分"), max_digits=7, decimal_places=2)
    new_points = models.DecimalField(_("更正后得分"), max_digits=7, decimal_places=2)
    reason = models.CharField(_("更正理由"), max_length=200)
    corrected_by = models.CharField(_("更正人"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("积分更正记录")
        verbose_name_plural = _("积分更正记录")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.item}：{self.old_quantity}→{self.new_quantity}"

    def get_absolute_url(self):
        return reverse("placement:scorecorrection_detail", args=[self.pk])


class ScoreObjection(CaseRecord):
    """An objection raised during the public notice, and its answer."""

    area_path = "batch__area"
    area = None

    batch = models.ForeignKey(SunshineBatch, verbose_name=_("阳光安置批次"), on_delete=models.CASCADE, related_name="objections")
    case = models.ForeignKey(PlacementCase, verbose_name=_("涉及对象"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="objections")
    raised_on = models.DateField(_("提出日期"), default=datetime.date.today, validators=[not_in_future])
    raised_by = models.CharField(_("提出人"), max_length=60)
    content = models.TextField(_("异议内容"))
    answer = models.TextField(_("答复意见"), blank=True, editable=False)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-raised_on", "-id"]

    def __str__(self):
        return f"{self.raised_by}的异议（{self.raised_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("placement:scoreobjection_detail", args=[self.pk])

    def clean(self):
        if self.batch_id and self.raised_on:
            batch = self.batch
            if batch.notice_start is None or not batch.notice_start <= self.raised_on <= batch.notice_end:
                window = (f"{batch.notice_start:%Y-%m-%d}至{batch.notice_end:%Y-%m-%d}" if batch.notice_start else "尚未开始")
                raise ValidationError({"raised_on": _("异议须在公示期内提出（公示期：%(window)s）。") % {"window": window}})
        if self.case_id and self.batch_id and self.case.batch_id != self.batch_id:
            raise ValidationError({"case": _("所选对象不在本批次中。")})


class SunshinePost(CaseRecord):
    """Posts a receiving unit offers in a batch."""

    area_path = "batch__area"
    area = None

    batch = models.ForeignKey(SunshineBatch, verbose_name=_("阳光安置批次"), on_delete=models.CASCADE, related_name="posts")
    unit = models.CharField(_("接收单位"), max_length=120)
    destination = models.CharField(_("单位性质"), max_length=12, choices=Destination.choices)
    name = models.CharField(_("岗位名称"), max_length=60)
    count = models.PositiveSmallIntegerField(_("岗位数"), default=1, validators=[MinValueValidator(1)])
    taken = models.PositiveSmallIntegerField(_("已选"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("安置岗位")
        verbose_name_plural = _("安置岗位")
        ordering = ["batch_id", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(taken__lte=models.F("count")), name="placement_post_not_over")]

    def __str__(self):
        return f"{self.unit} {self.name}"

    def get_absolute_url(self):
        return reverse("placement:sunshinepost_detail", args=[self.pk])

    @property
    def free(self):
        return self.count - self.taken

    def clean(self):
        if self.batch_id and self.batch.status not in ("scoring", "notice"):
            raise ValidationError(_("名单、排名和岗位已一并公布，岗位不能再增减。"))
        if self.count is not None and self.count < self.taken:
            raise ValidationError({"count": _("已有%(n)d人选择该岗位，岗位数不能少于此数。") % {"n": self.taken}})


class ChoiceAction(models.TextChoices):
    CHOSE = "chose", _("选岗")
    SKIPPED = "skipped", _("缺席跳过")
    DECLINED = "declined", _("放弃，改自主就业")


class ChoiceLog(CaseRecord):
    """The choosing meeting's log: each call in rank order, its time and outcome."""

    area_path = "batch__area"
    area = None

    batch = models.ForeignKey(SunshineBatch, verbose_name=_("阳光安置批次"), on_delete=models.CASCADE, related_name="choice_log")
    case = models.ForeignKey(PlacementCase, verbose_name=_("安置对象"), on_delete=models.CASCADE, related_name="choice_log")
    rank = models.PositiveIntegerField(_("排名"))
    action = models.CharField(_("选岗结果"), max_length=10, choices=ChoiceAction.choices)
    post = models.ForeignKey(SunshinePost, verbose_name=_("岗位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    operator = models.CharField(_("经办人"), max_length=60, blank=True)
    reason = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("选岗记录")
        verbose_name_plural = _("选岗记录")
        ordering = ["batch_id", "at", "id"]

    def __str__(self):
        return f"第{self.rank}名 {self.case.person_name} {self.get_action_display()}"

    def get_absolute_url(self):
        return reverse("placement:choicelog_detail", args=[self.pk])


# ---------------------------------------------------------------- returning soldiers


class Season(models.TextChoices):
    SPRING = "spring", _("春季")
    AUTUMN = "autumn", _("秋季")


# The one-stop checklist (“一站式”返乡报到): (date field, label).
CHECKLIST = (
    ("hukou_on", _("户籍落户")),
    ("party_on", _("党（团）组织关系转接")),
    ("insurance_on", _("社保关系转接")),
    ("reserve_on", _("预备役登记")),
    ("card_on", _("优待证申领")),
    ("archive_on", _("档案接收")),
)


class ReturnRegistration(CaseRecord):
    """A self-employed discharged soldier's return registration (返乡报到), with the one-stop items dated."""

    area = VeteranAreaField()

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役士兵"), on_delete=models.PROTECT, related_name="return_registrations")
    year = models.PositiveSmallIntegerField(_("年度"), default=this_year,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    season = models.CharField(_("批次"), max_length=8, choices=Season.choices)
    reported_on = models.DateField(_("报到日期"), default=datetime.date.today, validators=[not_in_future])
    hukou_on = models.DateField(_("户籍落户"), null=True, blank=True, validators=[not_in_future])
    party_on = models.DateField(_("党（团）组织关系转接"), null=True, blank=True, validators=[not_in_future])
    insurance_on = models.DateField(_("社保关系转接"), null=True, blank=True, validators=[not_in_future])
    reserve_on = models.DateField(_("预备役登记"), null=True, blank=True, validators=[not_in_future])
    card_on = models.DateField(_("优待证申领"), null=True, blank=True, validators=[not_in_future])
    archive_on = models.DateField(_("档案接收"), null=True, blank=True, validators=[not_in_future])
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("返乡报到")
        verbose_name_plural = _("返乡报到")
        ordering = ["-year", "season", "area_id", "id"]
        constraints = [models.UniqueConstraint(fields=["veteran", "year", "season"], name="placement_return_unique")]
        indexes = [models.Index(fields=["area", "year", "season"], name="placement_return_area_year")]

    def __str__(self):
        return f"{self.veteran.name}（{self.year}年{self.get_season_display()}）"

    def get_absolute_url(self):
        return reverse("placement:returnregistration_detail", args=[self.pk])

    @property
    def completed_items(self):
        return sum(1 for name, _label in CHECKLIST if getattr(self, name))

    completed_items.fget.short_description = _("已办事项")

    def clean(self):
        errors = {}
        if self.veteran_id and self.veteran.discharge_category != DischargeCategory.SELF_EMPLOYED:
            errors["veteran"] = _("返乡报到登记自主就业退役士兵；%(name)s的退役方式为“%(category)s”。") % {
                "name": self.veteran.name, "category": self.veteran.get_discharge_category_display()}
        for name, label in CHECKLIST:
            day = getattr(self, name)
            if day and self.reported_on and day < self.reported_on - datetime.timedelta(days=30):
                errors[name] = _("“%(item)s”的办理日期早于报到日期一个月以上，请核对。") % {"item": label}
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- employment services


class FairMode(models.TextChoices):
    ONLINE = "online", _("线上")
    OFFLINE = "offline", _("线下")


class JobFair(CaseRecord):
    """A job fair (招聘会) for veterans."""

    name = models.CharField(_("名称"), max_length=100)
    mode = models.CharField(_("形式"), max_length=8, choices=FairMode.choices, default=FairMode.OFFLINE)
    date = models.DateField(_("日期"), validators=[not_in_future])
    place = models.CharField(_("地点/平台"), max_length=120, blank=True)
    companies = models.PositiveIntegerField(_("参会企业（家）"), default=0)
    posts_offered = models.PositiveIntegerField(_("提供岗位（个）"), default=0)
    attendees = models.PositiveIntegerField(_("参加人数"), default=0)
    intents = models.PositiveIntegerField(_("达成意向（人）"), default=0)
    contracts = models.PositiveIntegerField(_("签订协议（人）"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("招聘会")
        verbose_name_plural = _("招聘会")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"

    def get_absolute_url(self):
        return reverse("placement:jobfair_detail", args=[self.pk])

    def clean(self):
        if self.contracts > self.intents:
            raise ValidationError({"contracts": _("签订协议人数不能多于达成意向人数。")})
        if self.intents > self.attendees and self.attendees:
            raise ValidationError({"intents": _("达成意向人数不能多于参加人数。")})


class TrainingKind(models.TextChoices):
    ADAPTIVE = "adaptive", _("适应性培训")
    SKILL = "skill", _("职业技能培训")
    STARTUP = "startup", _("创业培训")
    DEGREE = "degree", _("学历提升")


class EmploymentTraining(CaseRecord):
    """A training class for veterans."""

    kind = models.CharField(_("培训类别"), max_length=10, choices=TrainingKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    start_on = models.DateField(_("开班日期"), validators=[not_in_future])
    end_on = models.DateField(_("结业日期"), null=True, blank=True)
    organiser = models.CharField(_("承办机构"), max_length=100, blank=True)
    enrolled = models.PositiveIntegerField(_("参训人数"), default=0)
    completed = models.PositiveIntegerField(_("结业人数"), default=0)
    certificates = models.PositiveIntegerField(_("取得证书人数"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("就业创业培训")
        verbose_name_plural = _("就业创业培训")
        ordering = ["-start_on", "-id"]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("placement:employmenttraining_detail", args=[self.pk])

    def clean(self):
        if self.completed > self.enrolled:
            raise ValidationError({"completed": _("结业人数不能多于参训人数。")})
        if self.certificates > self.completed:
            raise ValidationError({"certificates": _("取得证书人数不能多于结业人数。")})
        if self.end_on and self.start_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("结业日期不能早于开班日期。")})


class SupportKind(models.TextChoices):
    GRANT = "grant", _("一次性创业资助")
    RENT = "rent", _("创业租金补贴")
    LOAN = "loan", _("创业担保贷款")


class SupportStatus(models.TextChoices):
    APPLIED = "applied", _("已申请")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class StartupSupport(CaseRecord):
    """A start-up support application: applied, approved (or refused), amount.

    A grant or a rent subsidy may name the fund (benefits' Fund) it is paid from: the approval charges
    the approved amount to it (services.support_save, through benefits.services_assist.fund_charge, in
    the same transaction).  `fund_source` names the source in words for older rows without a fund.
    A 创业担保贷款 is lent by a bank, so it names no fund.
    """

    area = VeteranAreaField()

    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.PROTECT, related_name="startup_supports")
    kind = models.CharField(_("扶持类别"), max_length=8, choices=SupportKind.choices)
    business = models.CharField(_("创业项目/主体"), max_length=120)
    applied_on = models.DateField(_("申请日期"), default=datetime.date.today, validators=[not_in_future])
    status = models.CharField(_("审批结果"), max_length=10, choices=SupportStatus.choices, default=SupportStatus.APPLIED)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True, validators=[not_in_future])
    amount = models.DecimalField(_("金额（元）"), default=Decimal("0.00"), **MONEY)
    fund = models.ForeignKey("benefits.Fund", verbose_name=_("支出经费"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="startup_supports",
                             help_text=_("选择后，批准时按批准金额从该经费支出（余额不足的不能批准）"))
    fund_source = models.CharField(_("资金来源"), max_length=100, blank=True,
                                   help_text=_("未选经费时以文字注明资金来源（早期记录）"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("创业扶持")
        verbose_name_plural = _("创业扶持")
        ordering = ["-applied_on", "-id"]

    def __str__(self):
        return f"{self.veteran.name}的{self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("placement:startupsupport_detail", args=[self.pk])

    def clean(self):
        if self.status == SupportStatus.APPROVED:
            if not self.approved_on:
                raise ValidationError({"approved_on": _("已批准的须填写批准日期。")})
            if self.applied_on and self.approved_on < self.applied_on:
                raise ValidationError({"approved_on": _("批准日期不能早于申请日期。")})
            if not self.amount:
                raise ValidationError({"amount": _("已批准的须填写金额。")})
        elif self.approved_on:
            raise ValidationError({"approved_on": _("未批准的不填写批准日期。")})
        if self.fund_id and self.kind == SupportKind.LOAN:
            raise ValidationError({"fund": _("创业担保贷款由经办银行发放，不从经费中支出，请不要选择经费。")})


class IncubationBase(CaseRecord):
    """A start-up incubation base (创业孵化基地) for veterans."""

    name = models.CharField(_("基地名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=150, blank=True)
    operator = models.CharField(_("运营单位"), max_length=100, blank=True)
    recognised_on = models.DateField(_("认定日期"), validators=[not_in_future])
    level = models.CharField(_("级别"), max_length=20, blank=True, help_text=_("如：县级、市级、省级"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("创业孵化基地")
        verbose_name_plural = _("创业孵化基地")
        ordering = ["area_id", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("placement:incubationbase_detail", args=[self.pk])


class IncubatedBusiness(CaseRecord):
    """A business in an incubation base."""

    area_path = "base__area"
    area = None

    base = models.ForeignKey(IncubationBase, verbose_name=_("孵化基地"), on_delete=models.CASCADE, related_name="businesses")
    name = models.CharField(_("企业/项目名称"), max_length=100)
    veteran = models.ForeignKey(Veteran, verbose_name=_("创办人（退役军人）"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="incubated_businesses")
    entered_on = models.DateField(_("入驻日期"), validators=[not_in_future])
    left_on = models.DateField(_("出孵日期"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("带动就业（人）"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("孵化企业")
        verbose_name_plural = _("孵化企业")
        ordering = ["base_id", "entered_on", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("placement:incubatedbusiness_detail", args=[self.pk])


class WelfarePost(CaseRecord):
    """A public-welfare post (公益性岗位) held by a laid-off or unemployed transferred volunteer."""

    area = VeteranAreaField()

    veteran = models.ForeignKey(Veteran, verbose_name=_("下岗失业转业志愿兵"), on_delete=models.PROTECT, related_name="welfare_posts")
    post = models.CharField(_("岗位"), max_length=60)
    employer = models.CharField(_("用人单位"), max_length=100, blank=True)
    since = models.DateField(_("上岗日期"), validators=[not_in_future])
    until = models.DateField(_("离岗日期"), null=True, blank=True, validators=[not_in_future])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公益性岗位")
        verbose_name_plural = _("公益性岗位")
        ordering = ["-since", "-id"]

    def __str__(self):
        return f"{self.veteran.name}：{self.post}"

    def get_absolute_url(self):
        return reverse("placement:welfarepost_detail", args=[self.pk])

    def clean(self):
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("离岗日期不能早于上岗日期。")})


class EmploymentEnterprise(CaseRecord):
    """An enterprise recorded for veterans' employment (退役军人就业创业企业): founded by a veteran or a partner employer."""

    name = models.CharField(_("企业名称"), max_length=100)
    founded_by_veteran = models.BooleanField(_("退役军人创办"), default=False)
    recorded_on = models.DateField(_("登记日期"), validators=[not_in_future])
    veterans_employed = models.PositiveIntegerField(_("吸纳退役军人就业（人）"), default=0)
    contact = models.CharField(_("联系人"), max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("就业创业企业")
        verbose_name_plural = _("就业创业企业")
        ordering = ["area_id", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("placement:employmententerprise_detail", args=[self.pk])
