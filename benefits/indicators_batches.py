"""Figures of the payment batches and the annual confirmation, and their paragraph of the 优抚 section.

Money paid in a period is that of the batches paid (登记已发放) in it, lines the bank returned left out;
a person (a veteran, or a relative paid as one of the 三属) counts once whatever their lines.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from benefits.models_batches import CONFIRMED_STATES, MONTH_PAY_KINDS, Confirmation, LineKind, PaymentLine
from core.indicators import indicator, rate, summary_paragraph


def paid_lines(area, period):
    return PaymentLine.objects.inside(area).filter(batch__status="paid", batch__paid_on__range=period.range,
                                                   rejected=False)


def _sum(queryset):
    """In 元 to the fen (SQLite sums decimals as floats: rounded back)."""
    total = queryset.aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@indicator("benefits.pension_paid", "发放优抚对象抚恤金和生活补助", "元")
def pension_paid(area, period):
    return _sum(paid_lines(area, period))


@indicator("benefits.periodic_paid", "定期抚恤补助", "元")
def periodic_paid(area, period):
    return _sum(paid_lines(area, period).filter(kind__in=MONTH_PAY_KINDS))


@indicator("benefits.back_paid", "提标补发", "元")
def back_paid(area, period):
    return _sum(paid_lines(area, period).filter(kind=LineKind.BACK_PAY))


@indicator("benefits.people_paid", "发放抚恤补助人数", "名")
def people_paid(area, period):
    return (paid_lines(area, period).order_by().values("entitlement__veteran_id", "entitlement__family_member_id")
            .distinct().count())


def _campaign_lines(area, period):
    return Confirmation.objects.inside(area).filter(campaign__year=period.end.year)


@indicator("benefits.confirmation_rate", "优抚对象年度确认率", "%")
def confirmation_rate(area, period):
    lines = _campaign_lines(area, period)
    return rate(lines.filter(state__in=CONFIRMED_STATES).count(), lines.count())


@indicator("benefits.confirmed", "完成年度确认", "名")
def confirmed(area, period):
    return _campaign_lines(area, period).filter(state__in=CONFIRMED_STATES).count()


@indicator("benefits.suspended", "逾期未确认暂停发放", "名")
def suspended(area, period):
    return Confirmation.objects.inside(area).filter(suspended_on__range=period.range).count()


summary_paragraph(
    "benefits",
    "{period_year}年累计发放优抚对象抚恤金和生活补助{benefits.pension_paid}，{benefits.pension_paid:cmp:pct}，"
    "惠及优抚对象{benefits.people_paid}，{benefits.people_paid:cmp:pct}[，其中提标补发{benefits.back_paid}]。",
    lead="及时足额发放优抚资金", required=("benefits.pension_paid",), order=30)
summary_paragraph(
    "benefits",
    "组织开展优抚对象年度确认，完成确认{benefits.confirmed}，确认率{benefits.confirmation_rate}"
    "[，对逾期未确认的{benefits.suspended}暂停发放，确认后予以补发]。",
    lead="开展年度确认", required=("benefits.confirmed",), order=40)
