"""Figures of the veterans app for (area, period); see core.indicators."""

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, Sum

from core.indicators import (
    by_area_of,
    count_by_child,
    counts,
    dashboard_breakdown,
    dashboard_tile,
    dashboard_trend,
    dated_count,
    indicator,
    paragraph,
    period_bounds,
    rate,
    series_of,
    summary_section,
)
from core.models import code_range
from veterans.models import (
    AnnualCheck,
    CheckResult,
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


def on_record_q(day):
    """on_record() as a condition on a veterans queryset, for counting several days in one query.

    The move-out test is an uncorrelated `id NOT IN (moves out by day)` (veteran_id is never NULL, so
    it means the same as the NOT EXISTS of on_record); PostgreSQL hashes the few move-out rows once.
    """
    moved_out = VeteranMove.objects.filter(moved_on__lte=day).exclude(to_outside="").values("veteran_id")
    return Q(registered_on__lte=day) & (Q(death_date__isnull=True) | Q(death_date__gt=day)) & ~Q(pk__in=moved_out)


def _on_record_series(area, periods, **extra):
    days = [p.end for p in periods]
    rows = veterans(area).filter(registered_on__lte=max(days), **extra)
    return counts(rows, [on_record_q(day) for day in days])


@indicator("veterans.total", "退役军人", "名")
def total(area, period):
    return on_record(area, period.end).count()


@series_of("veterans.total")
def total_series(area, periods):
    return _on_record_series(area, periods)


@by_area_of("veterans.total")
def total_by_area(area, length, period):
    return count_by_child(on_record(area, period.end), length)


def _by_category(category):
    def count(area, period):
        return on_record(area, period.end).filter(discharge_category=category).count()

    def series(area, periods):
        return _on_record_series(area, periods, discharge_category=category)

    return count, series


for _category in DischargeCategory:
    _count, _series = _by_category(_category.value)
    indicator(f"veterans.category.{_category.value}", f"{_category.label}退役军人", "名")(_count)
    series_of(f"veterans.category.{_category.value}")(_series)


registered = dated_count("veterans.registered", "新增登记退役军人", "名", Veteran, "registered_on")


deceased = dated_count("veterans.deceased", "去世退役军人", "名", Veteran, "death_date")


@indicator("veterans.moved_in", "迁入退役军人", "名")
def moved_in(area, period):
    return (VeteranMove.objects.filter(moved_on__range=period.range, to_area__code__startswith=area)
            .exclude(from_area__code__startswith=area).count())


@indicator("veterans.moved_out", "迁出退役军人", "名")
def moved_out(area, period):
    moves = VeteranMove.objects.filter(moved_on__range=period.range, from_area__code__startswith=area)
    return moves.exclude(to_area__code__startswith=area).count()


def cards(area):
    return PreferentialCard.objects.inside(area)


cards_applied = dated_count("veterans.cards_applied", "申请优待证", "张", PreferentialCard, "applied_on")


def _issued_in(period_range):
    """Issued or reissued in the range: a card issued and reissued in the same period counts once."""
    return Q(issued_on__range=period_range) | Q(reissued_on__range=period_range)


@indicator("veterans.cards_issued", "发放优待证", "张")
def cards_issued(area, period):
    return cards(area).filter(_issued_in(period.range)).count()


@series_of("veterans.cards_issued")
def cards_issued_series(area, periods):
    return counts(cards(area).filter(_issued_in(period_bounds(periods))), [_issued_in(p.range) for p in periods])


cards_activated = dated_count("veterans.cards_activated", "激活优待证", "张", PreferentialCard, "activated_on")


def _issued_by(area, day):
    return cards(area).filter(issued_on__lte=day)


@indicator("veterans.cards_issued_total", "累计发放优待证", "张")
def cards_issued_total(area, period):
    return _issued_by(area, period.end).count()


@series_of("veterans.cards_issued_total")
def cards_issued_total_series(area, periods):
    days = [p.end for p in periods]
    return counts(_issued_by(area, max(days)), [Q(issued_on__lte=day) for day in days])


@by_area_of("veterans.cards_issued_total")
def cards_issued_total_by_area(area, length, period):
    return count_by_child(_issued_by(area, period.end), length)


@indicator("veterans.card_completion_rate", "优待证发放完成率", "%")
def card_completion_rate(area, period):
    """Veterans on record at the period's end who have been issued a card, of all on record.  Cards of
    veterans who died or moved out are not counted (they are not in the denominator either)."""
    eligible = on_record(area, period.end)
    # the card's own area (the veteran's) in the join lets PostgreSQL read only the area's cards
    with_card = eligible.filter(card__issued_on__lte=period.end, **code_range("card__area", area))
    return rate(with_card.count(), eligible.count())


@series_of("veterans.card_completion_rate")
def card_completion_rate_series(area, periods):
    days = [p.end for p in periods]
    # the card's issue date through a LEFT JOIN (one card at most per veteran): veterans without one still count
    # below; the join's condition on the card's own area (the veteran's) lets PostgreSQL read only the area's cards
    area_cards = FilteredRelation("card", condition=Q(**code_range("card__area", area)))
    rows = (veterans(area).filter(registered_on__lte=max(days)).annotate(_area_card=area_cards)
            .annotate(_card_issued=F("_area_card__issued_on")))
    conditions = []
    for day in days:
        conditions += [on_record_q(day) & Q(_card_issued__lte=day), on_record_q(day)]
    values = counts(rows, conditions)
    return [rate(values[i], values[i + 1]) for i in range(0, len(values), 2)]


@indicator("veterans.card_activation_rate", "优待证激活率", "%")
def card_activation_rate(area, period):
    issued = _issued_by(area, period.end)
    return rate(issued.filter(activated_on__lte=period.end).count(), issued.count())


@series_of("veterans.card_activation_rate")
def card_activation_rate_series(area, periods):
    days = [p.end for p in periods]
    conditions = []
    for day in days:
        conditions += [Q(issued_on__lte=day, activated_on__lte=day), Q(issued_on__lte=day)]
    values = counts(_issued_by(area, max(days)), conditions)
    return [rate(values[i], values[i + 1]) for i in range(0, len(values), 2)]


archives_received = dated_count("veterans.archives_received", "接收档案", "份", VeteranArchive, "received_on")


archives_reviewed = dated_count("veterans.archives_reviewed", "审核档案", "份", VeteranArchive, "reviewed_on")


archives_transferred = dated_count("veterans.archives_transferred", "移交档案", "份", VeteranArchive, "transferred_on")


@indicator("veterans.volunteers", "退役军人志愿者", "名")
def volunteers(area, period):
    return (VolunteerMember.objects.inside(area).filter(joined_on__lte=period.end)
            .values("veteran").distinct().count())


@indicator("veterans.volunteer_teams", "志愿服务队", "支")
def volunteer_teams(area, period):
    return VolunteerTeam.objects.inside(area).filter(Q(founded_on__lte=period.end) | Q(founded_on__isnull=True)).count()


def _activity_totals(area, period):
    return VolunteerActivity.objects.inside(area).filter(date__range=period.range).aggregate(
        activities=Count("id"), participants=Sum("participants"), hours=Sum("service_hours"))


@series_of("veterans.volunteer_activities")
def volunteer_activities_series(area, periods):
    return counts(VolunteerActivity.objects.inside(area).filter(date__range=period_bounds(periods)),
                  [Q(date__range=p.range) for p in periods])


@indicator("veterans.volunteer_activities", "开展志愿服务活动", "场")
def volunteer_activities(area, period):
    return _activity_totals(area, period)["activities"]


@indicator("veterans.volunteer_participants", "志愿服务参与", "人次")
def volunteer_participants(area, period):
    return _activity_totals(area, period)["participants"] or 0


@indicator("veterans.volunteer_hours", "志愿服务时长", "小时")
def volunteer_hours(area, period):
    return _activity_totals(area, period)["hours"] or 0


def _checks_by(area, period):
    """The checks of the period's year (年度信息核查) done by its end: one per veteran and year."""
    return AnnualCheck.objects.inside(area).filter(year=period.end.year, checked_on__lte=period.end)


@indicator("veterans.checks_done", "完成年度信息核查", "名")
def checks_done(area, period):
    return _checks_by(area, period).count()


@indicator("veterans.checks_updated", "年度核查更新信息", "名")
def checks_updated(area, period):
    return _checks_by(area, period).filter(result=CheckResult.UPDATED).count()


@indicator("veterans.checks_unreachable", "年度核查联系不上", "名")
def checks_unreachable(area, period):
    return _checks_by(area, period).filter(result=CheckResult.UNREACHABLE).count()


@indicator("veterans.check_rate", "年度信息核查完成率", "%")
def check_rate(area, period):
    """Veterans on record at the period's end checked for its year by then, of all on record."""
    eligible = on_record(area, period.end)
    checked = AnnualCheck.objects.filter(veteran=OuterRef("pk"), year=period.end.year, checked_on__lte=period.end)
    return rate(eligible.filter(Exists(checked)).count(), eligible.count())


plaques_hung = dated_count("veterans.plaques_hung", "悬挂光荣牌", "块", Veteran, "plaque_hung_on")


@indicator("veterans.plaques_total", "累计悬挂光荣牌", "块")
def plaques_total(area, period):
    """Plaques hung by the period's end for the veterans of the area (a plaque stays hung after a death)."""
    return veterans(area).filter(plaque_hung_on__lte=period.end).count()


summary_section(
    "veterans", "强化服务管理，夯实退役军人工作基础", order=10,
    required=("veterans.total", "veterans.registered", "veterans.cards_issued_total", "veterans.archives_received",
              "veterans.checks_done", "veterans.plaques_total"),
    paragraphs=(
        paragraph(
            "截至{period_end}，{area_whole}登记在册退役军人{veterans.total}，{veterans.total:cmp}；"
            "本期新增登记{veterans.registered}，{veterans.registered:cmp}[，迁入{veterans.moved_in}][，迁出{veterans.moved_out}]"
            "[，去世{veterans.deceased}]。",
            lead="摸清退役军人底数", required=("veterans.total", "veterans.registered")),
        # the cumulative count of cards issued, against the cumulative a year earlier, as the seeds write it
        paragraph(
            "发放优待证{veterans.cards_issued_total}，{veterans.cards_issued_total:cmp}，"
            "完成率达{veterans.card_completion_rate}，{veterans.card_completion_rate:cmp}"
            "[；本期受理申请{veterans.cards_applied}][，发放{veterans.cards_issued}]"
            "[；激活{veterans.cards_activated}，激活率{veterans.card_activation_rate}，{veterans.card_activation_rate:cmp}]。",
            lead="扎实推进优待证工作", required=("veterans.cards_applied", "veterans.cards_issued_total")),
        paragraph(
            "接收档案{veterans.archives_received}[，审核{veterans.archives_reviewed}][，移交{veterans.archives_transferred}]。",
            lead="规范档案管理",
            required=("veterans.archives_received", "veterans.archives_reviewed", "veterans.archives_transferred")),
        paragraph(
            "完成{period_year}年度信息核查{veterans.checks_done}，{veterans.checks_done:cmp}，完成率达{veterans.check_rate}，{veterans.check_rate:cmp}"
            "[，其中信息更新{veterans.checks_updated}][，联系不上{veterans.checks_unreachable}]。",
            lead="开展年度信息核查", required=("veterans.checks_done",)),
        paragraph(
            "[本期为退役军人悬挂光荣牌{veterans.plaques_hung}，{veterans.plaques_hung:cmp}，]"
            "累计悬挂光荣牌{veterans.plaques_total}。",
            lead="落实光荣牌悬挂工作", required=("veterans.plaques_total",)),
    ),
)

summary_section(
    "volunteers", "发挥退役军人作用，志愿服务蔚然成风", order=80,
    required=("veterans.volunteer_activities", "veterans.volunteers"),
    sentences=(
        "组建退役军人志愿服务队{veterans.volunteer_teams}，注册志愿者{veterans.volunteers}，{veterans.volunteers:cmp}；"
        "开展志愿服务活动{veterans.volunteer_activities}，{veterans.volunteer_activities:cmp}，参与{veterans.volunteer_participants:yu}，"
        "累计服务时长{veterans.volunteer_hours:yu}。",
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
