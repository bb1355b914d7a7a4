"""Figures of the veterans app for (area, period); see core.indicators."""

from django.db.models import Count, Exists, OuterRef, Q, Sum

from core.indicators import dashboard_breakdown, dashboard_tile, dashboard_trend, dated_count, indicator, rate, summary_section
from veterans.models import (
    DischargeCategory,
    PreferentialCard,
    Veteran,
    VeteranArchive,
    VeteranMove,
    VolunteerActivity,
    VolunteerMember,
    VolunteerTeam,
)


def veterans(area):
    return Veteran.objects.inside(area)


def on_record(area, day):
    """Veterans registered by `day` and neither dead nor moved out of the system by then.

    The move-out test is one subquery on one move row: conditions on a multi-valued relation in a
    single exclude() may be met by different rows, so a move inside the system before `day` and a
    move out after it used to drop the veteran from the figures for `day`.
    """
    moved_out = VeteranMove.objects.filter(veteran=OuterRef("pk"), moved_on__lte=day).exclude(to_outside="")
    return veterans(area).filter(registered_on__lte=day).exclude(death_date__lte=day).exclude(Exists(moved_out))


@indicator("veterans.total", "退役军人", "人")
def total(area, period):
    return on_record(area, period.end).count()


def _by_category(category):
    def count(area, period):
        return on_record(area, period.end).filter(discharge_category=category).count()

    return count


for _category in DischargeCategory:
    indicator(f"veterans.category.{_category.value}", f"{_category.label}退役军人", "人")(_by_category(_category.value))


registered = dated_count("veterans.registered", "新增登记退役军人", "人", Veteran, "registered_on")


deceased = dated_count("veterans.deceased", "去世退役军人", "人", Veteran, "death_date")


@indicator("veterans.moved_in", "迁入退役军人", "人")
def moved_in(area, period):
    return (VeteranMove.objects.filter(moved_on__range=period.range, to_area__code__startswith=area)
            .exclude(from_area__code__startswith=area).count())


@indicator("veterans.moved_out", "迁出退役军人", "人")
def moved_out(area, period):
    moves = VeteranMove.objects.filter(moved_on__range=period.range, from_area__code__startswith=area)
    return moves.exclude(to_area__code__startswith=area).count()


def cards(area):
    return PreferentialCard.objects.inside(area)


cards_applied = dated_count("veterans.cards_applied", "申请优待证", "张", PreferentialCard, "applied_on")


@indicator("veterans.cards_issued", "发放优待证", "张")
def cards_issued(area, period):
    return cards(area).filter(Q(issued_on__range=period.range) | Q(reissued_on__range=period.range)).count()


cards_activated = dated_count("veterans.cards_activated", "激活优待证", "张", PreferentialCard, "activated_on")


def _issued_by(area, day):
    return cards(area).filter(issued_on__lte=day)


@indicator("veterans.cards_issued_total", "累计发放优待证", "张")
def cards_issued_total(area, period):
    return _issued_by(area, period.end).count()


@indicator("veterans.card_completion_rate", "优待证发放完成率", "%")
def card_completion_rate(area, period):
    """Veterans on record at the period's end who have been issued a card, of all on record.  Cards of
    veterans who died or moved out are not counted (they are not in the denominator either)."""
    eligible = on_record(area, period.end)
    return rate(eligible.filter(card__issued_on__lte=period.end).count(), eligible.count())


@indicator("veterans.card_activation_rate", "优待证激活率", "%")
def card_activation_rate(area, period):
    issued = _issued_by(area, period.end)
    return rate(issued.filter(activated_on__lte=period.end).count(), issued.count())


archives_received = dated_count("veterans.archives_received", "接收档案", "份", VeteranArchive, "received_on")


archives_reviewed = dated_count("veterans.archives_reviewed", "审核档案", "份", VeteranArchive, "reviewed_on")


archives_transferred = dated_count("veterans.archives_transferred", "移交档案", "份", VeteranArchive, "transferred_on")


@indicator("veterans.volunteers", "退役军人志愿者", "人")
def volunteers(area, period):
    return (VolunteerMember.objects.inside(area).filter(joined_on__lte=period.end)
            .values("veteran").distinct().count())


@indicator("veterans.volunteer_teams", "志愿服务队", "支")
def volunteer_teams(area, period):
    return VolunteerTeam.objects.inside(area).filter(Q(founded_on__lte=period.end) | Q(founded_on__isnull=True)).count()


def _activity_totals(area, period):
    return VolunteerActivity.objects.inside(area).filter(date__range=period.range).aggregate(
        activities=Count("id"), participants=Sum("participants"), hours=Sum("service_hours"))


@indicator("veterans.volunteer_activities", "开展志愿服务活动", "场")
def volunteer_activities(area, period):
    return _activity_totals(area, period)["activities"]


@indicator("veterans.volunteer_participants", "志愿服务参与", "人次")
def volunteer_participants(area, period):
    return _activity_totals(area, period)["participants"] or 0


@indicator("veterans.volunteer_hours", "志愿服务时长", "小时")
def volunteer_hours(area, period):
    return _activity_totals(area, period)["hours"] or 0


summary_section(
    "veterans", "强化服务管理，夯实退役军人工作基础", order=10,
    required=("veterans.total", "veterans.registered", "veterans.cards_issued", "veterans.archives_received"),
    sentences=(
        "截至{period_end}，{area_whole}登记在册退役军人{veterans.total}，{veterans.total:cmp}；"
        "本期新增登记{veterans.registered}，{veterans.registered:cmp}[，迁入{veterans.moved_in}][，迁出{veterans.moved_out}]"
        "[，去世{veterans.deceased}]。",
        "扎实推进优待证工作[，受理申请{veterans.cards_applied}]，发放优待证{veterans.cards_issued}，{veterans.cards_issued:cmp}，"
        "完成率达{veterans.card_completion_rate}，{veterans.card_completion_rate:cmp}[；激活{veterans.cards_activated}，"
        "激活率{veterans.card_activation_rate}，{veterans.card_activation_rate:cmp}]。",
        "规范档案管理，接收档案{veterans.archives_received}[，审核{veterans.archives_reviewed}][，移交{veterans.archives_transferred}]。",
    ),
)

summary_section(
    "volunteers", "发挥退役军人作用，志愿服务蔚然成风", order=80,
    required=("veterans.volunteer_activities", "veterans.volunteers"),
    sentences=(
        "组建退役军人志愿服务队{veterans.volunteer_teams}，注册志愿者{veterans.volunteers}，{veterans.volunteers:cmp}；"
        "开展志愿服务活动{veterans.volunteer_activities}，{veterans.volunteer_activities:cmp}，参与{veterans.volunteer_participants}，"
        "累计服务时长{veterans.volunteer_hours}。",
    ),
)

for _name, _order in (("veterans.total", 10), ("veterans.registered", 20), ("veterans.cards_issued", 30),
                      ("veterans.card_completion_rate", 40), ("veterans.card_activation_rate", 50),
                      ("veterans.volunteer_activities", 60)):
    dashboard_tile(_name, _order)
dashboard_trend("veterans.registered")
dashboard_trend("veterans.cards_issued")
dashboard_breakdown("veterans.total")
dashboard_breakdown("veterans.cards_issued_total")
