"""Figures of 帮扶援助与经费 for (area, period), and their sentences in the 优抚 part of the summary.

Applications count by application date (人次: one person may apply twice); money paid by payment date,
in 元 (the summary writes 万元 from 10,000 on); people helped are distinct veterans paid.  Funds count
by allocation date, disbursements by charge date, the usage rate is disbursed ÷ allocated of the
period's allocations.  社保接续: applicants by application date, each stage by the transitions into it.
"""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Sum
from django.db.models.functions import Cast

from benefits.models_assist import (
    AssistanceApplication,
    AssistanceKind,
    Fund,
    FundCharge,
    FundKind,
    FundSource,
    InsuranceContinuation,
    InsuranceStage,
)
from core.indicators import dated_count, indicator, rate, summary_paragraph
from core.workflow import TransitionLog


def _money(value):
    return (value or Decimal("0")).quantize(Decimal("0.01"))


def applied(area, period, kind=None):
    qs = AssistanceApplication.objects.inside(area).filter(applied_on__range=period.range)
    return qs.filter(kind=kind) if kind else qs


def paid(area, period, kind=None):
    qs = AssistanceApplication.objects.inside(area).filter(status="paid", paid_on__range=period.range)
    return qs.filter(kind=kind) if kind else qs


dated_count("benefits.assist_applied", "接收帮扶援助申请", "人次", AssistanceApplication, "applied_on")


@indicator("benefits.assist_approved", "批准帮扶援助申请", "人次")
def assist_approved(area, period):
    return AssistanceApplication.objects.inside(area).filter(approved_on__range=period.range).count()


@indicator("benefits.assist_paid_amount", "发放帮扶援助资金", "元")
def assist_paid_amount(area, period):
    return _money(paid(area, period).aggregate(s=Sum("amount_approved"))["s"])


@indicator("benefits.assist_people", "帮扶援助困难退役军人", "人")
def assist_people(area, period):
    return paid(area, period).order_by().values("veteran_id").distinct().count()


def _applied_of(kind):
    return lambda area, period: applied(area, period, kind).count()


def _paid_of(kind):
    return lambda area, period: _money(paid(area, period, kind).aggregate(s=Sum("amount_approved"))["s"])


for _kind in AssistanceKind:
    indicator(f"benefits.assist_applied_{_kind.value}", f"接收{_kind.label}申请", "人次")(_applied_of(_kind.value))
    indicator(f"benefits.assist_paid_{_kind.value}", f"发放{_kind.label}资金", "元")(_paid_of(_kind.value))


# -- 社保接续 ------------------------------------------------------------------------------------------

dated_count("benefits.insurance_applicants", "社保接续申请人数", "人", InsuranceContinuation, "applied_on")


def _reached(stage):
    def count(area, period):
        ids = InsuranceContinuation.objects.inside(area).annotate(key=Cast("pk", CharField())).values("key")
        return TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(InsuranceContinuation), destination=stage,
            at__date__range=period.range, object_id__in=ids).count()

    return count


for _stage in InsuranceStage:
    if _stage != InsuranceStage.APPLIED:
        indicator(f"benefits.insurance_{_stage.value}", f"社保接续{_stage.label}", "人次")(_reached(_stage.value))


# -- funds --------------------------------------------------------------------------------------------


def allocated(area, period, **filters):
    return Fund.objects.inside(area).filter(allocated_on__range=period.range, **filters)


def _allocated_sum(**filters):
    return lambda area, period: _money(allocated(area, period, **filters).aggregate(s=Sum("amount"))["s"])


def _disbursed_sum(**filters):
    fund_filters = {f"fund__{k}": v for k, v in filters.items()}

    def total(area, period):
        charges = FundCharge.objects.filter(fund__in=Fund.objects.inside(area), charged_on__range=period.range,
                                            **fund_filters)
        return _money(charges.aggregate(s=Sum("amount"))["s"])

    return total


def _usage(**filters):
    def usage(area, period):
        funds = allocated(area, period, **filters).aggregate(a=Sum("amount"), d=Sum("disbursed"))
        return rate(funds["d"] or 0, funds["a"] or 0)

    return usage


indicator("benefits.funds_allocated", "安排退役军人及双拥工作资金", "元")(_allocated_sum())
indicator("benefits.funds_disbursed", "退役军人及双拥工作资金支出", "元")(_disbursed_sum())
indicator("benefits.funds_usage_rate", "资金使用率", "%")(_usage())
indicator("benefits.funds_allocated_upper", "其中上级资金", "元")(
    lambda area, period: _money(allocated(area, period).exclude(source=FundSource.COUNTY).aggregate(s=Sum("amount"))["s"]))
for _fk in FundKind:
    indicator(f"benefits.funds_allocated_{_fk.value}", f"下达{_fk.label}", "元")(_allocated_sum(kind=_fk.value))
    indicator(f"benefits.funds_disbursed_{_fk.value}", f"支出{_fk.label}", "元")(_disbursed_sum(kind=_fk.value))
    indicator(f"benefits.funds_usage_{_fk.value}", f"{_fk.label}使用率", "%")(_usage(kind=_fk.value))
for _fs in FundSource:
    indicator(f"benefits.funds_allocated_source_{_fs.value}", f"{_fs.label}资金", "元")(_allocated_sum(source=_fs.value))


summary_paragraph(
    "benefits",
    "{period_year}年安排退役军人及双拥工作资金{benefits.funds_allocated:yu}[（其中上级资金{benefits.funds_allocated_upper}）]，"
    "[已支出{benefits.funds_disbursed}，]资金使用率达{benefits.funds_usage_rate}。",
    lead="保障资金投入", required=("benefits.funds_allocated",), order=30)
summary_paragraph(
    "benefits",
    "关心关爱困难退役军人，接收特殊困难援助申请{benefits.assist_applied_hardship}"
    "[，发放特殊困难援助资金{benefits.assist_paid_hardship}][，全年共发放各类帮扶援助资金{benefits.assist_paid_amount}]"
    "[，帮扶困难退役军人{benefits.assist_people}]。",
    lead="开展帮扶援助", required=("benefits.assist_applied",), order=31)
summary_paragraph(
    "benefits",
    "社保接续申请人数{benefits.insurance_applicants}[，完成困难认定{benefits.insurance_recognised}]"
    "[，不符合条件{benefits.insurance_ineligible}]。",
    lead="做好社保接续", required=("benefits.insurance_applicants",), order=32)
