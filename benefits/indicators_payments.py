"""Figures of the other 优抚 payments for (area, period): what the rolls paid in the period (their
发放日期 in it) -- people (or households) and amount by kind, recuperation trips and their people --
and the summary's sentences in the seeds' manner ("为552名重点优抚对象进行医疗补助发放近23.55万元",
"为自主就业退役士兵发放一次性经济补助135.45万元", "共180人分3批次赴张家港参加集中疗养")."""

from decimal import Decimal

from django.db.models import Count, Sum

from benefits.models_payments import KINDS, PaymentKind, PaymentRoll, RollLine
from core.indicators import indicator, summary_paragraph
from core.models import code_range


def paid_lines(area, period, kind=None):
    """Lines of paid rolls counted where the person lives (a county's roll gives each township its own)."""
    lines = RollLine.objects.filter(**code_range("veteran__area__code", area), roll__status="paid",
                                       roll__paid_on__range=period.range)
    return lines.filter(roll__kind=kind) if kind else lines


def _people(kind):
    def count(area, period):
        return paid_lines(area, period, kind).order_by().values("veteran_id", "entitlement_id").distinct().count()

    return count


def _amount(kind):
    def total(area, period):
        return paid_lines(area, period, kind).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")

    return total


for _kind in PaymentKind:
    indicator(f"benefits.paid_{_kind.value}_people", f"{_kind.label}人数", KINDS[_kind].unit)(_people(_kind.value))
    indicator(f"benefits.paid_{_kind.value}_amount", f"{_kind.label}金额", "元")(_amount(_kind.value))


@indicator("benefits.recuperation_batches", "短期疗养批次", "批次")
def recuperation_batches(area, period):
    return PaymentRoll.objects.inside(area).filter(kind=PaymentKind.RECUPERATION, status="paid",
                                                   paid_on__range=period.range).count()


@indicator("benefits.other_paid_amount", "其他优抚补助金额", "元")
def other_paid_amount(area, period):
    return paid_lines(area, period).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


@indicator("benefits.recuperation_places", "疗养地点数", "个")
def recuperation_places(area, period):
    return (PaymentRoll.objects.inside(area).filter(kind=PaymentKind.RECUPERATION, status="paid",
                                                    paid_on__range=period.range)
            .aggregate(n=Count("place", distinct=True))["n"])


summary_paragraph(
    "benefits",
    "[为{benefits.paid_medical_people}重点优抚对象进行医疗补助发放{benefits.paid_medical_amount}，"
    "{benefits.paid_medical_amount:cmp}。]"
    "[为{benefits.paid_one_time_people}自主就业退役士兵发放一次性经济补助{benefits.paid_one_time_amount}，"
    "{benefits.paid_one_time_amount:cmp}。]"
    "[为{benefits.paid_enterprise_hardship_people}企业军转干部发放困难补助{benefits.paid_enterprise_hardship_amount}。]"
    "[为{benefits.paid_price_people}优抚对象发放价格临时补贴{benefits.paid_price_amount}。]"
    "[组织重点优抚对象短期疗养，共{benefits.paid_recuperation_people}分{benefits.recuperation_batches}参加集中疗养。]"
    "[实施关爱宜居工程，为{benefits.paid_home_people}优抚对象家庭改善居住条件，投入{benefits.paid_home_amount}。]",
    lead="落实其他优抚补助", required=("benefits.other_paid_amount", "benefits.paid_recuperation_people"), order=30)
