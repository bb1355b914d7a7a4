"""Writes of the other 优抚 payments beyond a form save: filling a roll in bulk (every line through the
one write path, so each is checked as a typed one is; one bad line adds none)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from benefits.models import KEY_CATEGORIES, Entitlement, EntitlementStatus
from benefits.models_payments import KINDS, PaymentKind, PaymentRoll, RollLine, roll_workflow
from core import services
from veterans.models import Veteran, VeteranStatus

MAX_LINES = 2000


def roll_totals(roll, user):
    lines = roll.lines.visible_to(user)
    figures = lines.aggregate(count=Count("id"), people=Count("veteran", distinct=True), total=Sum("amount"))
    figures["unit"] = KINDS[roll.kind].unit if roll.kind in KINDS else "名"
    return figures


def _check_draft(roll):
    if roll.status != "draft":
        raise ValidationError(_("发放表已审核，不能再添加发放对象；请先退回修改。"))


@transaction.atomic
def roll_add_discharged(*, roll, user, discharged_from, discharged_to):
    """Add every self-employed soldier of the roll's area discharged between the dates who has no
    one-time subsidy yet; amounts from the standard and the years served."""
    _check_draft(roll)
    if roll.kind != PaymentKind.ONE_TIME:
        raise ValidationError(_("只有一次性经济补助发放表可以按退役时间添加。"))
    if discharged_to < discharged_from:
        raise ValidationError(_("截止日期不能早于起始日期。"))
    rule = KINDS[roll.kind]
    veterans = (Veteran.objects.visible_to(user).inside(roll.area_id).filter(
                                                        discharge_category__in=rule.discharge_categories,
                                                        discharge_date__range=(discharged_from, discharged_to))
                .exclude(status=VeteranStatus.DECEASED)
                .exclude(other_payments__roll__kind=roll.kind).order_by("discharge_date", "id"))
    veterans = list(veterans[:MAX_LINES + 1])
    if not veterans:
        raise ValidationError(_("该时段内没有尚未领取一次性经济补助的自主就业退役士兵。"))
    if len(veterans) > MAX_LINES:
        raise ValidationError(_("一次最多添加%(n)d人，请缩小退役时间范围。") % {"n": MAX_LINES})
    return [services.record_create(model=RollLine, data={"roll": roll, "veteran": veteran}, user=user)
            for veteran in veterans]


@transaction.atomic
def roll_add_key(*, roll, user, amount, categories=(), content=""):
    """Add every active 重点优抚对象 entitlement of the roll's area (of the chosen categories), each with
    the same amount; those already on the roll are left as they are."""
    _check_draft(roll)
    chosen = [c for c in (categories or KEY_CATEGORIES) if c in KEY_CATEGORIES]
    entitlements = (Entitlement.objects.visible_to(user).inside(roll.area_id).filter(
                                                                status=EntitlementStatus.ACTIVE, category__in=chosen)
                    .exclude(other_payments__roll=roll).select_related("veteran", "family_member"))
    entitlements = list(entitlements[:MAX_LINES + 1])
    if not entitlements:
        raise ValidationError(_("区划内没有可添加的享受中的重点优抚对象。"))
    if len(entitlements) > MAX_LINES:
        raise ValidationError(_("一次最多添加%(n)d人，请按类别分次添加。") % {"n": MAX_LINES})
    return [services.record_create(model=RollLine, data={
        "roll": roll, "veteran": e.veteran, "entitlement": e, "amount": amount, "content": content or ""}, user=user)
        for e in entitlements]


def roll_pay(*, roll, user, fund, remark=""):
    """确认发放 from `fund`: stored on the roll, and the pay step charges the roll's total to it; a fund
    outside the roll's area or short of the total refuses it and nothing changes."""
    with transaction.atomic():
        if not roll.area_id.startswith(fund.area_id):
            raise ValidationError(_("经费“%(fund)s”不属于发放表所在区域，不能列支。") % {"fund": fund})
        roll.fund = fund
        PaymentRoll.objects.filter(pk=roll.pk).update(fund=fund)  # the step re-reads the row and saves it
        roll_workflow.apply(roll, "pay", user=user, remark=remark or _("从“%(fund)s”列支") % {"fund": fund})
    return roll
