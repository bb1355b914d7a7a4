"""Figures of 信访 for (area, period), and the 权益维护 paragraphs of the summary (core.indicators).

Petitions are counted the seeds' way, in 批 (the batches a petition adds, usually 1) and 人次 (its
people): "第一季度共接访退役军人131批187人次，5人以上集体访5批46人次".  A petition counts in the
period it was received.  化解率 = the batches received in the period resolved (化解) by its end over
the batches received.  按期答复: answered in the period by the answer's limit (extension included).
超期未办: at the period's end, petitions past the limit of the step they wait on (受理, 答复, 复查,
复核) with that step not yet taken by then.
"""

from django.db.models import Q, Sum

from core.indicators import (
    counts,
    dashboard_tile,
    indicator,
    period_bounds,
    rate,
    series_of,
    summary_paragraph,
)
from petitions.models import Category, Outcome, Petition, Referral, ReferralKind


def received(area, period):
    return Petition.objects.inside(area).filter(received_on__range=period.range)


def total(queryset, field):
    return queryset.aggregate(n=Sum(field))["n"] or 0


@indicator("petitions.batches", "受理信访", "批")
def batches(area, period):
    return total(received(area, period), "batches")


@series_of("petitions.batches")
def batches_series(area, periods):
    rows = Petition.objects.inside(area).filter(received_on__range=period_bounds(periods))
    values = rows.aggregate(**{f"n{i}": Sum("batches", filter=Q(received_on__range=p.range)) for i, p in enumerate(periods)})
    return [values[f"n{i}"] or 0 for i in range(len(periods))]


@indicator("petitions.people", "信访人次", "人次")
def people(area, period):
    return total(received(area, period), "people")


@indicator("petitions.collective_batches", "5人以上集体访", "批")
def collective_batches(area, period):
    return total(received(area, period).filter(collective=True), "batches")


@indicator("petitions.collective_people", "集体访人次", "人次")
def collective_people(area, period):
    return total(received(area, period).filter(collective=True), "people")


def _of_category(category):
    def count(area, period):
        return total(received(area, period).filter(category=category), "batches")

    return count


for _category in Category:
    indicator(f"petitions.category_{_category.value}", f"{_category.label}类信访", "批")(_of_category(_category.value))


def answered_in(area, period):
    return Petition.objects.inside(area).filter(answered_on__range=period.range)


@indicator("petitions.answered", "答复信访事项", "件")
def answered(area, period):
    return answered_in(area, period).count()


@indicator("petitions.answered_on_time", "按期答复", "件")
def answered_on_time(area, period):
    return answered_in(area, period).filter(answered_in_time=True).count()


@indicator("petitions.on_time_rate", "按期答复率", "%")
def on_time_rate(area, period):
    done, in_time = counts(answered_in(area, period), [Q(), Q(answered_in_time=True)])
    return rate(in_time, done)


def resolved_by_end(area, period):
    return received(area, period).filter(outcome=Outcome.RESOLVED, resolved_on__lte=period.end)


@indicator("petitions.resolved", "化解信访", "批")
def resolved(area, period):
    return total(resolved_by_end(area, period), "batches")


@indicator("petitions.resolution_rate", "信访化解率", "%")
def resolution_rate(area, period):
    return rate(resolved(area, period), batches(area, period))


def overdue_at(day):
    """Petitions past the limit of a step not taken by `day`: Q over the stored limits and step dates."""
    def waiting(due, *done):
        condition = Q(**{f"{due}__lt": day})
        for field in done:
            condition &= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": day})
        return condition

    return (Q(received_on__lte=day) & (
        waiting("accept_due_on", "accepted_on", "rejected_on") | waiting("answer_due_on", "answered_on")
        | waiting("review_due_on", "reviewed_on") | waiting("recheck_due_on", "rechecked_on")))


@series_of("petitions.resolution_rate")
def resolution_rate_series(area, periods):
    """The dashboard's tile: this year and last in one query."""
    rows = Petition.objects.inside(area).filter(received_on__range=period_bounds(periods))
    sums = {}
    for i, p in enumerate(periods):
        within = Q(received_on__range=p.range)
        sums[f"r{i}"] = Sum("batches", filter=within)
        sums[f"d{i}"] = Sum("batches", filter=within & Q(outcome=Outcome.RESOLVED, resolved_on__lte=p.end))
    values = rows.aggregate(**sums)
    return [rate(values[f"d{i}"] or 0, values[f"r{i}"] or 0) for i in range(len(periods))]


@indicator("petitions.overdue", "超期未办信访", "件")
def overdue(area, period):
    return Petition.objects.inside(area).filter(overdue_at(period.end)).count()


@series_of("petitions.overdue")
def overdue_series(area, periods):
    return counts(Petition.objects.inside(area), [overdue_at(p.end) for p in periods])


legal_aid = indicator("petitions.legal_aid", "引导法律援助", "件")(
    lambda area, period: Referral.objects.inside(area).filter(
        kind=ReferralKind.LEGAL_AID, referred_on__range=period.range).count())
mediation = indicator("petitions.mediation", "转交调解", "件")(
    lambda area, period: Referral.objects.inside(area).filter(
        kind=ReferralKind.MEDIATION, referred_on__range=period.range).count())


summary_paragraph(
    "petitions",
    "{area_whole}共受理退役军人及其他优抚对象信访{petitions.batches}{petitions.people}，{petitions.batches:cmp}"
    "[，其中5人以上集体访{petitions.collective_batches}{petitions.collective_people}]。"
    "从反映问题看[，安置类{petitions.category_placement}][，优抚待遇类{petitions.category_benefits}]"
    "[，社保类{petitions.category_social_security}][，就业类{petitions.category_employment}]"
    "[，历史遗留问题{petitions.category_historical}][，其他{petitions.category_other}]。",
    lead="畅通诉求表达渠道", required=("petitions.batches",), order=10)
summary_paragraph(
    "petitions",
    "严格落实《信访工作条例》办理时限，按期答复信访事项{petitions.answered_on_time}[，按期答复率{petitions.on_time_rate}]；"
    "化解信访{petitions.resolved}，化解率达{petitions.resolution_rate}，{petitions.resolution_rate:cmp}。",
    lead="依法按政策解决合理诉求", required=("petitions.answered", "petitions.resolved"), order=20)
summary_paragraph(
    "petitions",
    "依托法律援助机构和调解组织化解矛盾纠纷[，引导申请法律援助{petitions.legal_aid}]"
    "[，转交调解{petitions.mediation}]。",
    lead="发挥法律援助和调解作用", required=("petitions.legal_aid", "petitions.mediation"), order=30)

dashboard_tile("petitions.resolution_rate", 70)
dashboard_tile("petitions.overdue", 80)
