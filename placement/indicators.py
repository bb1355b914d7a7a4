"""Figures of 安置就业 for (area, period), and the summary's 安置 and 就业创业 paragraphs (core.indicators).

Placement is annual work: the cases and quotas counted for a period are those of the placement year in
which the period ends (a case's 安置年度); placed means reported for duty or closed (报到、安置完成).
Returning soldiers count by the year and season of the intake; employment services by their dates.
"""

from django.db.models import Q, Sum

from core.indicators import counts, dashboard_tile, dated_count, indicator, rate, series_of, summary_paragraph
from placement.models import (
    CHECKLIST,
    PLACED,
    Destination,
    EmploymentEnterprise,
    EmploymentTraining,
    IncubationBase,
    JobFair,
    PlacementCase,
    PlacementKind,
    PlacementQuota,
    ReturnRegistration,
    StartupSupport,
    SupportKind,
    SupportStatus,
    TrainingKind,
    WelfarePost,
)


def cases(area, period, kind=None):
    qs = PlacementCase.objects.inside(area).filter(year=period.end.year).exclude(status="returned")
    return qs.filter(kind=kind) if kind else qs


def _quota(kind):
    def count(area, period):
        qs = PlacementQuota.objects.inside(area).filter(year=period.end.year, kind=kind)
        return qs.aggregate(n=Sum("count"))["n"] or 0
    return count


def _cases(kind):
    return lambda area, period: cases(area, period, kind).count()


def _placed(kind, destination=None):
    def count(area, period):
        qs = cases(area, period, kind).filter(status__in=PLACED)
        return (qs.filter(destination=destination) if destination else qs).count()
    return count


def _self_chosen(kind):
    return lambda area, period: cases(area, period, kind).filter(status="self_chosen").count()


def _rate(kind):
    def value(area, period):
        qs = cases(area, period, kind)
        finished = qs.filter(Q(status__in=PLACED) | Q(status="self_chosen")).count()
        return rate(finished, _quota(kind)(area, period) or qs.count())
    return value


for _kind in PlacementKind:
    k = _kind.value
    indicator(f"placement.quota_{k}", f"{str(_kind.label)}安置任务", "名")(_quota(k))
    indicator(f"placement.cases_{k}", f"接收{str(_kind.label)}", "名")(_cases(k))
    indicator(f"placement.placed_{k}", f"已安置{str(_kind.label)}", "人")(_placed(k))
    indicator(f"placement.self_chosen_{k}", f"{str(_kind.label)}选择自主择业/就业", "人")(_self_chosen(k))
    indicator(f"placement.rate_{k}", f"{str(_kind.label)}安置率", "%")(_rate(k))
    for _dest in Destination:
        indicator(f"placement.placed_{k}_{_dest.value}", f"{str(_kind.label)}安置到{str(_dest.label)}", "人")(_placed(k, _dest.value))


@indicator("placement.sunshine_candidates", "阳光安置对象", "名")
def sunshine_candidates(area, period):
    return PlacementCase.objects.inside(area).filter(batch__isnull=False, rank__isnull=False,
                                                     batch__meeting_on__range=period.range).count()


@indicator("placement.sunshine_chosen", "阳光安置选定岗位", "人")
def sunshine_chosen(area, period):
    return PlacementCase.objects.inside(area).filter(chosen_at__date__range=period.range, post__isnull=False).count()


def _returned(season=None):
    def count(area, period):
        qs = ReturnRegistration.objects.inside(area).filter(year=period.end.year)
        return (qs.filter(season=season) if season else qs).count()
    return count


indicator("placement.returned", "返乡报到自主就业退役士兵", "人")(_returned())
indicator("placement.returned_spring", "春季返乡报到", "人")(_returned("spring"))
indicator("placement.returned_autumn", "秋季返乡报到", "人")(_returned("autumn"))


@series_of("placement.returned")
def returned_series(area, periods):
    """The dashboard's tile: the soldiers registered in each period's year, in one query."""
    return counts(ReturnRegistration.objects.inside(area), [Q(year=p.end.year) for p in periods])


@indicator("placement.returned_complete", "“一站式”报到事项全部办结", "人")
def returned_complete(area, period):
    return _registrations(area, period).filter(**{f"{name}__isnull": False for name, _label in CHECKLIST}).count()


def _registrations(area, period):
    return ReturnRegistration.objects.inside(area).filter(year=period.end.year)


for _name, _label in CHECKLIST:
    indicator(f"placement.checklist_{_name.removesuffix('_on')}", f"已办理{_label}", "人")(
        (lambda name: lambda area, period: _registrations(area, period).filter(**{f"{name}__isnull": False}).count())(_name))


fairs = dated_count("placement.fairs", "招聘会", "场", JobFair, "date")


def _fairs(area, period):
    return JobFair.objects.inside(area).filter(date__range=period.range)


indicator("placement.fairs_online", "线上招聘会", "场")(lambda area, period: _fairs(area, period).filter(mode="online").count())
indicator("placement.fairs_offline", "线下招聘会", "场")(lambda area, period: _fairs(area, period).filter(mode="offline").count())
for _field, _label, _unit in (("companies", "参会企业", "家"), ("posts_offered", "招聘会提供岗位", "个"),
                              ("attendees", "参加招聘会", "人次"), ("intents", "达成就业意向", "人"),
                              ("contracts", "签订就业协议", "人")):
    indicator(f"placement.fair_{_field}", _label, _unit)(
        (lambda f: lambda area, period: _fairs(area, period).aggregate(n=Sum(f))["n"] or 0)(_field))


def _trainings(area, period, kind):
    return EmploymentTraining.objects.inside(area).filter(start_on__range=period.range, kind=kind)


for _kind in TrainingKind:
    indicator(f"placement.trainings_{_kind.value}", str(_kind.label), "场")(
        (lambda k: lambda area, period: _trainings(area, period, k).count())(_kind.value))
    indicator(f"placement.trained_{_kind.value}", f"参加{str(_kind.label)}", "人")(
        (lambda k: lambda area, period: _trainings(area, period, k).aggregate(n=Sum("enrolled"))["n"] or 0)(_kind.value))
    indicator(f"placement.completed_{_kind.value}", f"完成{str(_kind.label)}", "名")(
        (lambda k: lambda area, period: _trainings(area, period, k).aggregate(n=Sum("completed"))["n"] or 0)(_kind.value))


def _supports(area, period):
    return StartupSupport.objects.inside(area).filter(status=SupportStatus.APPROVED, approved_on__range=period.range)


for _kind in SupportKind:
    indicator(f"placement.support_{_kind.value}", f"批准{str(_kind.label)}", "人")(
        (lambda k: lambda area, period: _supports(area, period).filter(kind=k).count())(_kind.value))


@indicator("placement.support_amount", "创业扶持金额", "元")
def support_amount(area, period):
    return _supports(area, period).aggregate(n=Sum("amount"))["n"] or 0


@indicator("placement.incubation_bases", "创业孵化基地", "个")
def incubation_bases(area, period):
    return IncubationBase.objects.inside(area).filter(recognised_on__lte=period.end).count()


@indicator("placement.welfare_posts", "公益性岗位在岗", "人")
def welfare_posts(area, period):
    return WelfarePost.objects.inside(area).filter(since__lte=period.end).filter(
        Q(until__isnull=True) | Q(until__gt=period.end)).count()


@indicator("placement.enterprises", "退役军人就业创业企业", "家")
def enterprises(area, period):
    return EmploymentEnterprise.objects.inside(area).filter(recorded_on__lte=period.end).count()


@indicator("placement.enterprise_employed", "企业吸纳退役军人就业", "人")
def enterprise_employed(area, period):
    return EmploymentEnterprise.objects.inside(area).filter(recorded_on__lte=period.end).aggregate(
        n=Sum("veterans_employed"))["n"] or 0


summary_paragraph(
    "placement",
    "安置军转干部{placement.cases_officer}，{placement.cases_officer:cmp}[，其中{placement.self_chosen_officer}自愿选择自主择业]"
    "[，{placement.placed_officer_organ}安置到机关（含参公管理）单位][，{placement.placed_officer_institution}安置到事业单位]"
    "[，{placement.placed_officer_soe}安置到国有企业][，安置率达到{placement.rate_officer}]。",
    lead="做好军转干部安置", required=("placement.cases_officer",), order=10)
summary_paragraph(
    "placement",
    "[接收转业士官{placement.cases_nco}，][{placement.placed_nco_institution}安置到事业单位，][安置率达到{placement.rate_nco}。]"
    "[符合政府安排工作条件的退役士兵{placement.cases_soldier}通过“阳光安置”按积分排名公开选岗，]"
    "[{placement.sunshine_chosen}选定岗位，][安置率达到{placement.rate_soldier}。]"
    "[完成随军家属安置{placement.placed_spouse}。]",
    lead="落实退役士兵和随军家属安置", required=("placement.cases_nco", "placement.cases_soldier", "placement.cases_spouse"),
    order=15)
summary_paragraph(
    "placement",
    "接收春季自主就业退役士兵{placement.returned_spring}，秋季自主就业退役士兵{placement.returned_autumn}，"
    "“一站式”完成返乡报到[，其中{placement.returned_complete}办结户籍落户、组织关系和社保转接、预备役登记等全部事项]。",
    lead="做好返乡报到服务", required=("placement.returned",), order=20)
summary_paragraph(
    "placement",
    "[开展线上招聘会{placement.fairs_online}，][线下招聘会{placement.fairs_offline}，]"
    "[邀请企业{placement.fair_companies}，][提供岗位{placement.fair_posts_offered:yu}，][达成意向{placement.fair_intents}，]"
    "[签订就业协议{placement.fair_contracts}。]"
    "[{placement.completed_adaptive}退役士兵完成适应性培训。][{placement.completed_skill}退役军人完成职业技能培训。]"
    "[{placement.completed_startup}退役军人完成创业培训。]"
    "[审批发放一次性创业资助{placement.support_grant}。][发放创业租金补贴{placement.support_rent}。]"
    "[办理创业担保贷款{placement.support_loan}。][创业扶持资金共{placement.support_amount}。]"
    "[认定创业孵化基地{placement.incubation_bases}。][公益性岗位安置下岗失业转业志愿兵{placement.welfare_posts}。]"
    "[{placement.enterprises}退役军人就业创业企业吸纳退役军人就业{placement.enterprise_employed}。]",
    lead="促进退役军人就业创业", required=("placement.fairs", "placement.trained_adaptive", "placement.support_grant",
                                    "placement.incubation_bases"), order=30)

dashboard_tile("placement.returned", 60)
