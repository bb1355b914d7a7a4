"""Figures of the veterans app for (area, period); see core.indicators."""

from django.db.models import Count, Q, Sum

from core.indicators import indicator, rate
from veterans.models import (
    DischargeCategory, PreferentialCard, Veteran, VeteranArchive, VeteranMove, VolunteerActivity, VolunteerMember, VolunteerTeam,
)


def veterans(area):
    return Veteran.objects.inside(area)


def on_record(area, day):
    """Veterans registered by `day` and neither dead nor moved out of the system by then."""
    return veterans(area).filter(registered_on__lte=day).exclude(death_date__lte=day).exclude(
        status="moved_out", moves__moved_on__lte=day, moves__to_outside__gt="")


@indicator("veterans.total", "退役军人", "人")
def total(area, period):
    return on_record(area, period.end).count()


def _by_category(category):
    def count(area, period):
        return on_record(area, period.end).filter(discharge_category=category).count()

    return count


for _category in DischargeCategory:
    indicator(f"veterans.category.{_category.value}", f"{_category.label}退役军人", "人")(_by_category(_category.value))


@indicator("veterans.registered", "新增登记退役军人", "人")
def registered(area, period):
    return veterans(area).filter(registered_on__range=period.range).count()


@indicator("veterans.deceased", "去世退役军人", "人")
def deceased(area, period):
    return veterans(area).filter(death_date__range=period.range).count()


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


@indicator("veterans.cards_applied", "申请优待证", "张")
def cards_applied(area, period):
    return cards(area).filter(applied_on__range=period.range).count()


@indicator("veterans.cards_issued", "发放优待证", "张")
def cards_issued(area, period):
    return cards(area).filter(Q(issued_on__range=period.range) | Q(reissued_on__range=period.range)).count()


@indicator("veterans.cards_activated", "激活优待证", "张")
def cards_activated(area, period):
    return cards(area).filter(activated_on__range=period.range).count()


def _issued_by(area, day):
    return cards(area).filter(issued_on__lte=day)


@indicator("veterans.cards_issued_total", "累计发放优待证", "张")
def cards_issued_total(area, period):
    return _issued_by(area, period.end).count()


@indicator("veterans.card_completion_rate", "优待证发放完成率", "%")
def card_completion_rate(area, period):
    eligible = on_record(area, period.end).count()
    return rate(_issued_by(area, period.end).count(), eligible)


@indicator("veterans.card_activation_rate", "优待证激活率", "%")
def card_activation_rate(area, period):
    issued = _issued_by(area, period.end)
    return rate(issued.filter(activated_on__lte=period.end).count(), issued.count())


def archives(area):
    return VeteranArchive.objects.inside(area)


@indicator("veterans.archives_received", "接收档案", "份")
def archives_received(area, period):
    return archives(area).filter(received_on__range=period.range).count()


@indicator("veterans.archives_reviewed", "审核档案", "份")
def archives_reviewed(area, period):
    return archives(area).filter(reviewed_on__range=period.range).count()


@indicator("veterans.archives_transferred", "移交档案", "份")
def archives_transferred(area, period):
    return archives(area).filter(transferred_on__range=period.range).count()


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
