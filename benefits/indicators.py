"""Figures of 优抚 for (area, period), and the 优抚 paragraphs of the summary (core.indicators).

A beneficiary is a person (a veteran, or a relative paid as one of the 三属 or a martyr's elderly child)
holding an entitlement at the period's end: approved by then and not ended by then.  A person holding
several (双重身份) is one beneficiary; by category they count once in each.
"""

from django.db.models import Q

from benefits.models import KEY_CATEGORIES, Category, Entitlement
from core.indicators import dated_count, indicator, summary_paragraph


def held_at(area, day):
    """Entitlements inside the area in force on `day`."""
    return (Entitlement.objects.inside(area).filter(approved_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day)))


def people(queryset):
    return queryset.order_by().values("veteran_id", "family_member_id").distinct().count()


@indicator("benefits.beneficiaries", "各类优抚对象", "名")
def beneficiaries(area, period):
    return people(held_at(area, period.end))


@indicator("benefits.key_beneficiaries", "重点优抚对象", "名")
def key_beneficiaries(area, period):
    return people(held_at(area, period.end).filter(category__in=KEY_CATEGORIES))


def _of_category(*categories):
    def count(area, period):
        return people(held_at(area, period.end).filter(category__in=categories))

    return count


# One figure a category, and the groups the seeds name (伤残人员, 三属).
for _category in Category:
    indicator(f"benefits.held_{_category.value}", str(_category.label), "名")(_of_category(_category.value))
indicator("benefits.held_disabled", "伤残人员", "名")(_of_category(
    Category.DISABLED_SOLDIER, Category.DISABLED_POLICE, Category.DISABLED_MILITIA, Category.DISABLED_OTHER))
indicator("benefits.held_survivors", "“三属”", "名")(_of_category(
    Category.MARTYR_FAMILY, Category.DUTY_DEATH_FAMILY, Category.ILLNESS_DEATH_FAMILY))

approved = dated_count("benefits.approved", "新认定优抚对象", "名", Entitlement, "approved_on")
ended = dated_count("benefits.ended", "减少优抚对象", "名", Entitlement, "ended_on")


@indicator("benefits.ended_by_death", "因去世减少优抚对象", "名")
def ended_by_death(area, period):
    return Entitlement.objects.inside(area).filter(ended_on__range=period.range, end_reason="death").count()


summary_paragraph(
    "benefits",
    "截至{period_end}，{area_whole}共有各类重点优抚对象{benefits.key_beneficiaries}，{benefits.key_beneficiaries:cmp}"
    "[，其中残疾军人{benefits.held_disabled_soldier}][，“三属”{benefits.held_survivors}]"
    "[，在乡复员军人{benefits.held_demobilised}][，带病回乡退役军人{benefits.held_ill_returned}]"
    "[，参战参试退役军人{benefits.held_war_veteran}][，农村籍退役士兵年满60周岁{benefits.held_rural_60}]"
    "[，烈士老年子女{benefits.held_martyr_child}][，“三红”人员{benefits.held_three_red}]。",
    lead="精准落实优抚政策", required=("benefits.key_beneficiaries",), order=10)
summary_paragraph(
    "benefits",
    "严格审核认定，新增优抚对象{benefits.approved}，{benefits.approved:cmp}"
    "[；因去世、迁出、取消资格等减少{benefits.ended}][，其中因去世减少{benefits.ended_by_death}]，"
    "实现优抚对象动态管理。",
    lead="规范优抚对象管理", required=("benefits.approved",), order=20)
from benefits import (  # noqa: E402 (each part's module registers itself)
    indicators_assist,  # noqa: E402,F401  (帮扶援助与经费)
    indicators_batches,  # noqa: E402,F401  (payment batches, annual confirmation)
    indicators_payments,  # noqa: E402,F401  (the other payments' figures)
    indicators_scholarships,  # noqa: E402,F401  (烈士后裔助学金)
    indicators_transfer,  # noqa: E402,F401  (抚恤关系转移)
)
