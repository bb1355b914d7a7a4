"""Figures of 双拥 for (area, period), and the 双拥 paragraphs of the summary (core.indicators, WORK_AREAS
"support_army").

A visit's recipients count in 人次 (a person visited twice counts twice); army units apart.  Money is
cash plus the goods' value, in 元 (written in 万元 from 10,000 on).  Serving families count by the
day they were surveyed; shops and 优待清单 items by the day they were applied for, approved (by batch)
and withdrawn.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from core.indicators import counts, dashboard_tile, dated_count, indicator, rate, series_of, summary_paragraph
from support_army.models import (
    HARDSHIPS,
    ArmyUnit,
    Campaign,
    CoBuildingActivity,
    Conscription,
    ModelCityMilestone,
    PreferentialItem,
    RecipientKind,
    ServingFamily,
    SupportShop,
    UnitProblem,
    Visit,
    VisitRecipient,
)

PEOPLE = (RecipientKind.VETERAN, RecipientKind.BENEFICIARY, RecipientKind.SERVING_FAMILY, RecipientKind.OTHER)


def recipients(area, period):
    return VisitRecipient.objects.inside(area).filter(visit__date__range=period.range)


visits = dated_count("support_army.visits", "走访慰问", "次", Visit, "date")


@indicator("support_army.visited_people", "走访慰问对象", "人次")
def visited_people(area, period):
    return recipients(area, period).filter(kind__in=PEOPLE).count()


@series_of("support_army.visited_people")
def visited_people_series(area, periods):
    """The dashboard's tile: every period in one query."""
    people = VisitRecipient.objects.inside(area).filter(kind__in=PEOPLE)
    return counts(people, [Q(visit__date__range=p.range) for p in periods])


@indicator("support_army.visited_key", "走访慰问重点优抚对象", "人次")
def visited_key(area, period):
    return recipients(area, period).filter(kind=RecipientKind.BENEFICIARY).count()


@indicator("support_army.visited_families", "走访慰问现役军人家庭", "人次")
def visited_families(area, period):
    return recipients(area, period).filter(kind=RecipientKind.SERVING_FAMILY).count()


@indicator("support_army.visited_units", "走访慰问驻地部队", "次")
def visited_units(area, period):
    return recipients(area, period).filter(kind=RecipientKind.UNIT).count()


def _money(area, period, condition=None):
    sums = recipients(area, period).filter(condition or Q()).aggregate(cash=Sum("cash"), goods=Sum("goods_value"))
    return (sums["cash"] or Decimal("0.00")) + (sums["goods"] or Decimal("0.00"))


@indicator("support_army.visit_money", "发放慰问品慰问金", "元")
def visit_money(area, period):
    return _money(area, period)


@indicator("support_army.visit_money_units", "慰问驻地部队慰问品慰问金", "元")
def visit_money_units(area, period):
    return _money(area, period, Q(kind=RecipientKind.UNIT))


@indicator("support_army.visit_cash", "发放慰问金", "元")
def visit_cash(area, period):
    return recipients(area, period).aggregate(n=Sum("cash"))["n"] or Decimal("0.00")


@indicator("support_army.campaigns_done", "开展集中走访慰问活动", "次")
def campaigns_done(area, period):
    """Campaigns inside the area with at least one visit in the period."""
    return Campaign.objects.inside(area).filter(visits__date__range=period.range).distinct().count()


@indicator("support_army.units", "驻地部队", "个")
def units(area, period):
    return ArmyUnit.objects.inside(area).count()


cobuilding = dated_count("support_army.cobuilding", "军地共建活动", "次", CoBuildingActivity, "date")
problems_raised = dated_count("support_army.problems_raised", "部队提出的实际问题", "件", UnitProblem, "raised_on")
problems_solved = dated_count("support_army.problems_solved", "为部队解决实际问题", "件", UnitProblem, "solved_on")


def families(area, period):
    return ServingFamily.objects.inside(area).filter(surveyed_on__lte=period.end,
                                                     surveyed_on__gte=period.start.replace(month=1, day=1))


def _difficulty():
    condition = Q()
    for name in HARDSHIPS:
        condition |= Q(**{name: True})
    return condition


def _family_counts(area, period):
    return families(area, period).aggregate(
        surveyed=Count("id"), difficult=Count("id", filter=_difficulty()),
        helped=Count("id", filter=_difficulty() & Q(helped_on__isnull=False, helped_on__lte=period.end)))


@indicator("support_army.families_surveyed", "摸排现役军人家庭", "户")
def families_surveyed(area, period):
    """Households surveyed from 1 January of the period's year to its end ("目前摸排…")."""
    return _family_counts(area, period)["surveyed"]


@indicator("support_army.families_in_difficulty", "其中困难家庭", "户")
def families_in_difficulty(area, period):
    return _family_counts(area, period)["difficult"]


@indicator("support_army.families_helped", "已帮扶困难家庭", "户")
def families_helped(area, period):
    return _family_counts(area, period)["helped"]


shops_applied = dated_count("support_army.shops_applied", "拥军优属门店申请", "家", SupportShop, "applied_on")
shops_approved = dated_count("support_army.shops_approved", "通过拥军优属门店", "家", SupportShop, "approved_on")
shops_withdrawn = dated_count("support_army.shops_withdrawn", "撤销拥军优属门店", "家", SupportShop, "withdrawn_on")


@indicator("support_army.shops_listed", "拥军优属门店（在册）", "家")
def shops_listed(area, period):
    """Approved by the period's end and not withdrawn by then."""
    return (SupportShop.objects.inside(area).filter(approved_on__lte=period.end)
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=period.end)).count())


def _batch(number):
    def count(area, period):
        return SupportShop.objects.inside(area).filter(approved_on__range=period.range, batch=number).count()

    return count


BATCH_WORDS = "一二三四五"
for _n, _word in enumerate(BATCH_WORDS, start=1):
    indicator(f"support_army.shops_batch_{_n}", f"通过第{_word}批拥军门店", "家")(_batch(_n))

items_approved = dated_count("support_army.items_approved", "新增优待清单项目", "项", PreferentialItem, "approved_on")


@indicator("support_army.items_listed", "优待清单项目（在册）", "项")
def items_listed(area, period):
    return (PreferentialItem.objects.inside(area).filter(approved_on__lte=period.end)
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=period.end)).count())


def _conscription(area, period):
    rows = Conscription.objects.inside(area).filter(year__gte=period.start.year, year__lte=period.end.year)
    if period.end.month < 12:  # a half-year reads the spring counts only
        rows = rows.filter(season="spring")
    return rows.aggregate(task=Sum("task"), enlisted=Sum("enlisted"), students=Sum("students"))


@indicator("support_army.conscription_task", "征兵任务", "名")
def conscription_task(area, period):
    return _conscription(area, period)["task"] or 0


@indicator("support_army.enlisted", "征集青年入伍", "名")
def enlisted(area, period):
    return _conscription(area, period)["enlisted"] or 0


@indicator("support_army.enlisted_students", "其中大学生", "名")
def enlisted_students(area, period):
    return _conscription(area, period)["students"] or 0


@indicator("support_army.conscription_rate", "征兵任务完成率", "%")
def conscription_rate(area, period):
    sums = _conscription(area, period)
    return rate(sums["enlisted"] or 0, sums["task"] or 0)


milestones = dated_count("support_army.milestones", "双拥模范城创建工作节点", "项", ModelCityMilestone, "date")


summary_paragraph(
    "support_army",
    "在春节、“八一”、中秋等重要节点组织开展走访慰问活动，{period_year}年[开展集中走访慰问活动{support_army.campaigns_done}，]"
    "共走访慰问退役军人、优抚对象和现役军人家庭"
    "{support_army.visited_people:yu}，{support_army.visited_people:cmp:yu}[，其中重点优抚对象{support_army.visited_key:yu}]"
    "[，现役军人家庭{support_army.visited_families}][，走访慰问驻地部队{support_army.visited_units}]，"
    "发放慰问品慰问金{support_army.visit_money}，{support_army.visit_money:cmp}"
    "[，其中慰问驻地部队{support_army.visit_money_units}]。",
    lead="定期开展走访慰问", required=("support_army.visited_people", "support_army.visited_units"), order=10)
summary_paragraph(
    "support_army",
    "与驻地部队开展军地共建活动{support_army.cobuilding}，{support_army.cobuilding:cmp}"
    "[，帮助部队解决随军家属就业、子女入学等实际问题{support_army.problems_solved}]。",
    lead="深化军地共建", required=("support_army.cobuilding", "support_army.problems_solved"), order=20)
summary_paragraph(
    "support_army",
    "对现役军人家庭进行走访摸排，目前摸排现役军人家庭{support_army.families_surveyed}"
    "[，其中困难家庭{support_army.families_in_difficulty}][，已帮扶{support_army.families_helped}]。",
    lead="关爱现役军人家庭", required=("support_army.families_surveyed",), order=30)
summary_paragraph(
    "support_army",
    "面向社会公开招募拥军优属门店，收到申请{support_army.shops_applied}"
    "[，经资格审核、实地核查，通过第一批拥军门店共{support_army.shops_batch_1}][，通过第二批拥军门店{support_army.shops_batch_2}]"
    "[，通过第三批拥军门店{support_army.shops_batch_3}][，撤销{support_army.shops_withdrawn}]"
    "[，新增优待清单项目{support_army.items_approved}]，为持优待证的军人军属、退役军人和其他优抚对象提供优待服务。",
    lead="深化社会化拥军", required=("support_army.shops_applied", "support_army.shops_approved",
                                   "support_army.items_approved"), order=40)
summary_paragraph(
    "support_army",
    "圆满完成征兵工作，征集{support_army.enlisted}青年入伍[，其中大学生{support_army.enlisted_students}]"
    "[，完成征兵任务的{support_army.conscription_rate}]。",
    lead="扎实做好征兵工作", required=("support_army.enlisted",), order=50)

dashboard_tile("support_army.visited_people", 90)
