"""Petitions (信访事项) handled as 《信访工作条例》 (2022) sets, their petitioners and referrals.

A petition moves 登记 → 受理 (or 不予受理) → 办理 → 答复 → 办结, with 复查 and then 复核 on the
petitioner's request; every step through `petition_workflow.apply` (who, when, remark).  Its time
limits are kept as dates (accept_due_on …) when a step is taken, so lists, overdue counts and the
dashboard read them from the table.  The rules live in petitions.services and petitions.limits.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import EncryptedIndexField, PhoneField
from core.models import CaseRecord
from core.roles import Role
from core.validators import not_in_future
from core.workflow import Transition, Workflow
from petitions import limits
from petitions.fields import PersonNameField


class Channel(models.TextChoices):
    VISIT = "visit", _("来访")
    LETTER = "letter", _("来信")
    ONLINE = "online", _("网上")
    PHONE = "phone", _("电话")
    ASSIGNED = "assigned", _("上级交办")


class Category(models.TextChoices):
    PLACEMENT = "placement", _("安置")
    BENEFITS = "benefits", _("优抚待遇")
    SOCIAL_SECURITY = "social_security", _("社保")
    EMPLOYMENT = "employment", _("就业")
    HISTORICAL = "historical", _("历史遗留")
    OTHER = "other", _("其他")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("化解")
    PARTLY = "partly", _("部分化解")
    UNRESOLVED = "unresolved", _("未化解")


def _has(field, message):
    """Refuse the transition while the step's data is missing, unless a service is taking the step (it
    checks before it stores the data: `obj.taking_step`); the transition itself finds the data stored."""

    def guard(obj, user):
        return None if getattr(obj, field) or getattr(obj, "taking_step", None) else message

    return guard


# The steps that carry dates and texts are object actions (petitions.views) calling petitions.services,
# which store the step's data and then apply the transition; a bare transition (the generic button or
# URL) finds the data missing and is refused by the guards.
ALL_STAFF = [Role.STAFF, Role.CLERK]
petition_workflow_states = {
    "registered": _("已登记"),
    "rejected": _("不予受理"),
    "accepted": _("已受理"),
    "handling": _("办理中"),
    "answered": _("已答复"),
    "closed": _("已办结"),
    "reviewing": _("复查中"),
    "reviewed": _("已复查"),
    "rechecking": _("复核中"),
    "rechecked": _("已复核"),
}

petition_workflow = Workflow(
    states=petition_workflow_states,
    initial="registered",
    transitions=[
        Transition("accept", _("受理"), ["registered"], "accepted", ALL_STAFF,
                   guard=_has("accepted_on", _("请通过“受理”填写受理日期。"))),
        Transition("reject", _("不予受理"), ["registered"], "rejected", ALL_STAFF,
                   guard=_has("rejected_on", _("请通过“不予受理”填写日期和理由。"))),
        Transition("assign", _("交办"), ["accepted"], "handling", ALL_STAFF,
                   guard=_has("handler", _("请通过“交办”填写承办单位。"))),
        Transition("answer", _("答复"), ["accepted", "handling"], "answered", ALL_STAFF,
                   guard=_has("answered_on", _("请通过“答复”填写答复日期和意见。"))),
        Transition("close", _("办结"), ["answered"], "closed", ALL_STAFF,
                   guard=_has("closed_on", _("请通过“办结”填写办结日期和化解情况。"))),
        Transition("request_review", _("申请复查"), ["answered", "closed"], "reviewing", [Role.STAFF],
                   guard=_has("review_requested_on", _("请通过“申请复查”填写申请日期。"))),
        Transition("review", _("复查决定"), ["reviewing"], "reviewed", [Role.STAFF],
                   guard=_has("reviewed_on", _("请通过“复查决定”填写日期和复查意见。"))),
        Transition("request_recheck", _("申请复核"), ["reviewed"], "rechecking", [Role.STAFF],
                   guard=_has("recheck_requested_on", _("请通过“申请复核”填写申请日期。"))),
        Transition("recheck", _("复核决定"), ["rechecking"], "rechecked", [Role.STAFF],
                   guard=_has("rechecked_on", _("请通过“复核决定”填写日期和复核意见。"))),
    ],
)

OPEN_STATES = ("registered", "accepted", "handling", "reviewing", "rechecking")


class Petition(CaseRecord):
    """One petition (信访事项): a visit, letter, online or phone petition, or one assigned from above."""

    number = models.CharField(_("登记编号"), max_length=20, blank=True, editable=False, db_index=True)
    received_on = models.DateField(_("登记日期"), validators=[not_in_future], help_text=_("收到信访事项的日期"))
    channel = models.CharField(_("信访形式"), max_length=12, choices=Channel.choices, default=Channel.VISIT)
    people = models.PositiveSmallIntegerField(_("人数"), default=1, validators=[MinValueValidator(1)],
                                              help_text=_("来访人数；5人及以上为集体访"))
    batches = models.PositiveSmallIntegerField(_("批次"), default=1, validators=[MinValueValidator(1)],
                                               help_text=_("本事项计入的接访批次，一般为1"))
    collective = models.BooleanField(_("集体访"), default=False, editable=False)
    category = models.CharField(_("问题类别"), max_length=20, choices=Category.choices, default=Category.OTHER)
    matter = models.TextField(_("信访事项"), help_text=_("信访人反映的问题和诉求"))
    first_petition = models.ForeignKey("self", verbose_name=_("首次信访"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="repeats",
                                       help_text=_("同一事项重复信访时，选择首次登记的信访事项"))
    status = petition_workflow.field(_("办理状态"))
    # the steps: set by petitions.services, never by the edit form
    accept_due_on = models.DateField(_("受理期限"), null=True, editable=False)
    accepted_on = models.DateField(_("受理日期"), null=True, editable=False)
    rejected_on = models.DateField(_("不予受理日期"), null=True, editable=False)
    rejection_reason = models.TextField(_("不予受理理由"), blank=True, editable=False)
    handler = models.CharField(_("承办单位"), max_length=80, blank=True, editable=False)
    answer_due_on = models.DateField(_("答复期限"), null=True, editable=False)
    extended_days = models.PositiveSmallIntegerField(_("延长天数"), default=0, editable=False)
    extension_reason = models.TextField(_("延期理由"), blank=True, editable=False)
    answered_on = models.DateField(_("答复日期"), null=True, editable=False)
    answer = models.TextField(_("答复意见"), blank=True, editable=False)
    answered_in_time = models.BooleanField(_("按期答复"), null=True, editable=False)
    closed_on = models.DateField(_("办结日期"), null=True, editable=False)
    outcome = models.CharField(_("化解情况"), max_length=12, choices=Outcome.choices, blank=True, editable=False)
    resolved_on = models.DateField(_("化解日期"), null=True, editable=False)
    review_requested_on = models.DateField(_("复查申请日期"), null=True, editable=False)
    review_due_on = models.DateField(_("复查期限"), null=True, editable=False)
    reviewed_on = models.DateField(_("复查日期"), null=True, editable=False)
    review_opinion = models.TextField(_("复查意见"), blank=True, editable=False)
    recheck_requested_on = models.DateField(_("复核申请日期"), null=True, editable=False)
    recheck_due_on = models.DateField(_("复核期限"), null=True, editable=False)
    rechecked_on = models.DateField(_("复核日期"), null=True, editable=False)
    recheck_opinion = models.TextField(_("复核意见"), blank=True, editable=False)
    due_on = models.DateField(_("当前办理期限"), null=True, editable=False, db_index=True)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("信访事项")
        verbose_name_plural = _("信访事项")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["area"], name="petition_area_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["received_on", "area"], name="petition_received_area"),
            models.Index(fields=["status", "due_on"], name="petition_open_due"),
        ]

    def __str__(self):  # never the petitioners' names: the title shows in pages, logs and links
        head = self.number or (f"{self.received_on:%Y-%m-%d}" if self.received_on else "")
        return f"{head} {self.get_category_display()}类信访（{self.people}人）".strip()

    def get_absolute_url(self):
        return reverse("petitions:petition_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.collective = (self.people or 0) >= limits.COLLECTIVE_PEOPLE
        if self.received_on:
            self.accept_due_on = limits.accept_due(self.received_on)
        self.due_on = self.current_due()
        super().save(*args, **kwargs)

    def current_due(self):
        """The limit of the step the petition waits on (None when it waits on nobody)."""
        return {
            "registered": self.accept_due_on,
            "accepted": self.answer_due_on,
            "handling": self.answer_due_on,
            "reviewing": self.review_due_on,
            "rechecking": self.recheck_due_on,
        }.get(self.status)

    def days_left(self, today=None):
        """Calendar days to the current limit (negative: overdue by that many); None without one."""
        if self.due_on is None:
            return None
        return limits.days_left(self.due_on, today)

    def root(self):
        """The first petition of the matter (itself when it is no repeat)."""
        node, seen = self, set()
        while node.first_petition_id and node.pk not in seen:
            seen.add(node.pk)
            node = node.first_petition
        return node


class PetitionChild(CaseRecord):
    """A record of a petition; its area is the petition's."""

    area_path = "petition__area"
    area = None

    petition = models.ForeignKey(Petition, verbose_name=_("信访事项"), on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(f"petitions:{self._meta.model_name}_detail", args=[self.pk])


class Petitioner(PetitionChild):
    """One person who petitioned; linked to the registry when a veteran."""

    name = PersonNameField(_("姓名"))
    phone = PhoneField(_("联系电话"), blank=True)
    phone_index = EncryptedIndexField(of="phone")  # the whole number finds the petitioner (revealing roles)
    veteran = models.ForeignKey("veterans.Veteran", verbose_name=_("在册退役军人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="petitioners",
                                help_text=_("信访人是本地在册退役军人时选择，可留空"))
    relation = models.CharField(_("身份"), max_length=30, blank=True, help_text=_("如：退役士兵、烈士遗属、军人家属"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("信访人")
        verbose_name_plural = _("信访人")
        ordering = ["petition_id", "id"]

    def __str__(self):  # the name is sensitive: never in a title, a link or a log line
        return f"信访人{self.pk or ''}（{self.petition}）"

    def in_registry(self):
        return _("是（已关联）") if self.veteran_id else _("否")

    in_registry.short_description = _("在册退役军人")


class ReferralKind(models.TextChoices):
    LEGAL_AID = "legal_aid", _("法律援助")
    MEDIATION = "mediation", _("调解")


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已办结")


class Referral(PetitionChild):
    """A legal-aid or mediation referral made for a petition."""

    kind = models.CharField(_("类型"), max_length=12, choices=ReferralKind.choices, default=ReferralKind.LEGAL_AID)
    referred_on = models.DateField(_("转介日期"), validators=[not_in_future])
    organisation = models.CharField(_("承接机构"), max_length=80, help_text=_("如：县法律援助中心、县退役军人调解委员会"))
    status = models.CharField(_("状态"), max_length=8, choices=ReferralStatus.choices, default=ReferralStatus.OPEN)
    result = models.TextField(_("办理结果"), blank=True)
    finished_on = models.DateField(_("办结日期"), null=True, blank=True, validators=[not_in_future])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("法律援助与调解")
        verbose_name_plural = _("法律援助与调解")
        ordering = ["-referred_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.referred_on:%Y-%m-%d}）" if self.referred_on else self.get_kind_display()

    def clean(self):
        if self.finished_on and self.referred_on and self.finished_on < self.referred_on:
            raise ValidationError({"finished_on": _("办结日期不能早于转介日期。")})
        if self.status == ReferralStatus.DONE and not self.finished_on:
            raise ValidationError({"finished_on": _("已办结的请填写办结日期。")})
