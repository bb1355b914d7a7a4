"""抚恤关系转移 (issue 12): a beneficiary moving to another county inside the system.

When a veteran holding active entitlements moves to an area of another county (the 6-digit division
prefix differs), the move's hook (benefits.hooks) writes one BenefitTransfer a beneficiary (the veteran,
or each relative holding entitlements through the veteran), naming those entitlements.  The old county
pays through `pays_through` and the new county from `pays_from`, the first day of the next month: the
two meet with no month paid twice or missed.  Which month the new county starts is the setting
BENEFITS_TRANSFER_RULE (《伤残抚恤管理办法》: the move's year is paid by the old county, the new one pays
from the next January) applied when the transfer is written; the rule applied is kept on the row.

The receiving county's staff accept it (已接收): only then does a batch of the new county pay, from
`pays_from`, at the new county's standard (the months its batches passed over meanwhile are paid as
held back); or return it with a reason (已退回), which the old county may hand over again.  Both
counties see the row (benefits.views_transfer).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Area, CaseRecord
from core.roles import Role
from core.workflow import Transition, Workflow
from veterans.models import FamilyMember, Veteran, VeteranMove


class TransferRule(models.TextChoices):
    NEXT_JANUARY = "next_january", _("当年由迁出地发放，次年1月起由迁入地发放")
    NEXT_MONTH = "next_month", _("迁移次月起由迁入地发放")


def county_of(code):
    """The county (6-digit division prefix) of an area code."""
    return (code or "")[:6]


def _receiving_side(transfer, user):
    """Only the staff of the receiving county (its bureau, or above it) decide."""
    area = getattr(user, "area_id", None) or ""
    if not (area and transfer.area_id.startswith(area)):
        return _("只有迁入地的经办人员可以接收或退回抚恤关系。")
    if len(area) > 6:
        return _("抚恤关系由迁入地县级退役军人事务部门接收，镇（街道）、村（社区）人员不能办理。")
    return None


def _sending_side(transfer, user):
    area = getattr(user, "area_id", None) or ""
    if not (area and transfer.from_area_id.startswith(area)):
        return _("只有迁出地的经办人员可以重新移交。")
    if len(area) > 6:
        return _("抚恤关系由迁出地县级退役军人事务部门移交，镇（街道）、村（社区）人员不能办理。")
    return None


def _today(transfer, user):
    return datetime.date.today()


def _user(transfer, user):
    return user


transfer_workflow = Workflow(
    states={"pending": _("待接收"), "accepted": _("已接收"), "returned": _("已退回")},
    initial="pending",
    transitions=[
        Transition("accept", _("接收"), source=["pending"], target="accepted", roles=[Role.STAFF],
                   guard=_receiving_side, fields={"decided_on": _today, "decided_by": _user}),
        Transition("send_back", _("退回"), source=["pending"], target="returned", roles=[Role.STAFF],
                   guard=_receiving_side, remark_required=True, fields={"decided_on": _today, "decided_by": _user}),
        Transition("resubmit", _("重新移交"), source=["returned"], target="pending", roles=[Role.STAFF],
                   guard=_sending_side, fields={"decided_on": lambda t, u: None, "decided_by": lambda t, u: None}),
    ],
)


class BenefitTransfer(CaseRecord):
    """抚恤关系转移: one beneficiary's entitlements passing from the old county to the new one."""

    area = models.ForeignKey(Area, verbose_name=_("迁入地"), on_delete=models.PROTECT, related_name="+", editable=False)
    from_area = models.ForeignKey(Area, verbose_name=_("迁出地"), on_delete=models.PROTECT, related_name="+",
                                  editable=False)
    veteran = models.ForeignKey(Veteran, verbose_name=_("退役军人"), on_delete=models.PROTECT,
                                related_name="benefit_transfers", editable=False)
    family_member = models.ForeignKey(FamilyMember, verbose_name=_("享受待遇的家属"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="benefit_transfers", editable=False)
    move = models.ForeignKey(VeteranMove, verbose_name=_("迁移记录"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", editable=False)
    entitlements = models.ManyToManyField("benefits.Entitlement", verbose_name=_("转移的优抚资格"),
                                          related_name="transfers", blank=True)
    moved_on = models.DateField(_("迁移日期"))
    rule = models.CharField(_("执行规则"), max_length=16, choices=TransferRule.choices,
                            default=TransferRule.NEXT_JANUARY, editable=False)
    pays_through = models.DateField(_("迁出地发放至"), editable=False)
    pays_from = models.DateField(_("迁入地起发月"), editable=False, help_text=_("迁入地接收后自该月起按本地标准发放"))
    status = transfer_workflow.field(_("状态"), max_length=12)
    decided_on = models.DateField(_("办理日期"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey("core.User", verbose_name=_("办理人"), null=True, blank=True, editable=False,
                                   on_delete=models.SET_NULL, related_name="+")
    return_reason = models.CharField(_("退回原因"), max_length=200, blank=True, editable=False)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("抚恤关系转移")
        verbose_name_plural = _("抚恤关系转移")
        ordering = ["-moved_on", "-id"]
        indexes = [models.Index(fields=["area", "moved_on"], name="benefittransfer_to_moved"),
                   models.Index(fields=["from_area", "moved_on"], name="benefittransfer_from_moved")]

    def __str__(self):
        return f"{self.beneficiary_name}抚恤关系转移（{self.moved_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("benefits:benefittransfer_detail", args=[self.pk])

    @property
    def beneficiary_name(self):
        return self.family_member.name if self.family_member_id else self.veteran.name

    def transferred_entitlements(self):
        parts = []
        for e in self.entitlements.all():
            grade = f"{e.disability_grade}级{e.get_disability_cause_display()}" if e.disability_grade else ""
            parts.append(f"{e.get_category_display()}{f'（{grade}）' if grade else ''}")
        return "、".join(parts) or "—"

    transferred_entitlements.short_description = _("转移的优抚资格")

    @staticmethod
    def first_month_of_new_county(moved_on, rule):
        """The month the new county pays from under `rule`: 2025-06-15 -> 2026-01-01 (次年1月), or
        2025-07-01 (次月)."""
        if rule == TransferRule.NEXT_MONTH:
            return datetime.date(moved_on.year + moved_on.month // 12, moved_on.month % 12 + 1, 1)
        return datetime.date(moved_on.year + 1, 1, 1)

    def clean(self):
        if self.pays_from and self.pays_from.day != 1:
            raise ValidationError({"pays_from": _("迁入地起发月应为某月1日。")})
        if self.moved_on and self.pays_from and self.pays_from <= self.moved_on.replace(day=1) - datetime.timedelta(days=1):
            raise ValidationError({"pays_from": _("迁入地起发月不能早于迁移当月。")})
        if self.area_id and self.from_area_id and county_of(self.area_id) == county_of(self.from_area_id):
            raise ValidationError(_("县（市、区）内迁移不转移抚恤关系。"))

    def save(self, *args, **kwargs):
        if not self.pays_from and self.moved_on:
            self.pays_from = self.first_month_of_new_county(self.moved_on, self.rule)
        if self.pays_from:  # the old county pays to the day before: the two meet, no month twice or missed
            self.pays_through = self.pays_from - datetime.timedelta(days=1)
        super().save(*args, **kwargs)


__all__ = ["TransferRule", "county_of", "transfer_workflow", "BenefitTransfer"]
