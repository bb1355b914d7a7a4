"""Writes of 安置就业 beyond a form save: score items checked against the veteran's record and scored by
the batch's rule set, corrections (logged), the soldier's confirmation, answers to objections, and the
choosing meeting (choose in rank order, skip, decline), and the figures of the quota and intake pages."""

import datetime
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits.services_assist import charges_of, fund_charge
from core import services
from core.indicators import rate
from placement import scoring
from placement.models import (
    CHECKLIST,
    IN_PROGRESS,
    PLACED,
    ChoiceAction,
    ChoiceLog,
    ChoiceStatus,
    MilitaryRank,
    PlacementCase,
    PlacementKind,
    PlacementQuota,
    ReturnRegistration,
    ScoreCorrection,
    ScoreItem,
    ScoreItemKind,
    Season,
    StartupSupport,
    SunshineBatch,
    SunshinePost,
    SupportStatus,
    WaitingAllowance,
    case_workflow,
)

AWARD_KINDS = (ScoreItemKind.JIAJIANG, ScoreItemKind.MERIT3, ScoreItemKind.MERIT2, ScoreItemKind.MERIT1)


# ---------------------------------------------------------------- scores


def recorded_quantity(item):
    """What the veteran's record holds for the item (service months, or the count of an award), or None
    when the record does not say (commendations, disability grades are taken from the archive papers)."""
    veteran = item.case.veteran
    if item.kind == ScoreItemKind.SERVICE:
        if not veteran.enlistment_date or not veteran.discharge_date:
            return 0
        return scoring.service_months(veteran.enlistment_date, veteran.discharge_date)
    if item.kind in AWARD_KINDS:
        return scoring.recorded_awards(veteran.merits).get((item.kind, bool(item.wartime)), 0)
    return None


def recorded_rank(item):
    """The rank the veteran record's 退役时军衔 names (a MilitaryRank code), or None when it names none."""
    text = (item.case.veteran.rank or "").strip()
    labels = sorted(((code, str(label)) for code, label in MilitaryRank.choices), key=lambda c: -len(c[1]))
    return next((code for code, label in labels if label in text), None)


def record_mismatch(item):
    """Why the item does not follow from the record, or None."""
    if item.kind == ScoreItemKind.RANK:
        recorded = recorded_rank(item)
        if recorded and item.military_rank and recorded != item.military_rank:
            return _("退役军人信息记载的退役时军衔为%(r)s，不是%(q)s。") % {
                "r": MilitaryRank(recorded).label, "q": MilitaryRank(item.military_rank).label}
        return None
    recorded = recorded_quantity(item)
    if recorded is None:
        return None
    if item.kind == ScoreItemKind.SERVICE:
        if int(item.quantity) != recorded:
            return _("服役月数%(q)s与档案记载的%(r)d个月（入伍、退役时间）不符。") % {"q": int(item.quantity), "r": recorded}
        return None
    others = (ScoreItem.objects.filter(case_id=item.case_id, kind=item.kind, wartime=item.wartime)
              .exclude(pk=item.pk).aggregate(n=Sum("quantity"))["n"] or 0)
    wanted = int(item.quantity) + int(others)
    if wanted > recorded:
        label = ("战时" if item.wartime else "") + item.get_kind_display()
        return _("退役军人信息的立功受奖记载（%(text)s）中%(label)s只有%(r)d次，不能计%(n)d次。") % {
            "text": item.case.veteran.merits or "无", "label": label, "r": recorded, "n": wanted}
    return None


def check_scorable(case):
    if not case.batch_id:
        raise ValidationError(_("请先将该对象加入阳光安置批次：积分按批次的积分办法计算。"))
    if case.unscored:
        raise ValidationError(_("获得“八一勋章”或荣誉称号的对象不计分，直接安置。"))


def price(item):
    points = item.compute_points(item.case.batch.rule_set)
    if points is None:
        raise ValidationError(_("积分办法“%(rules)s”中没有“%(item)s”的分值。") % {
            "rules": item.case.batch.rule_set, "item": item.get_kind_display()})
    item.points = points
    return item


def points_for(item, quantity, **fields):
    """The item's points had it held `quantity` (and `fields`: what the record says), for the correction log."""
    kept = {"quantity": item.quantity} | {name: getattr(item, name) for name in fields}
    for name, value in ({"quantity": quantity} | fields).items():
        setattr(item, name, value)
    try:
        return item.compute_points(item.case.batch.rule_set) or Decimal("0.00")
    finally:
        for name, value in kept.items():
            setattr(item, name, value)


def score_recompute(case, user, reason):
    """The case's score is the sum of its items; any change asks for the soldier's confirmation again."""
    case.score = sum((i.points for i in case.score_items.all()), start=Decimal("0.00"))
    case.score_confirmed_on = None
    return services.save(case, user, reason)


def score_item_save(item, data, user):
    later = services.assign(item, data)
    services.validate(item)
    case = item.case
    check_scorable(case)
    if case.batch.status != "scoring":
        raise ValidationError(_("积分已公示，积分项只能通过“更正积分项”（须填写理由）修改。"))
    mismatch = record_mismatch(item)
    reason = (item.reason or "").strip()
    if mismatch and not reason:
        raise ValidationError(_("%(why)s如确需按此计分，请填写更正理由。") % {"why": mismatch})
    price(item)
    services.save(item, user, reason, later)
    if mismatch:
        if item.kind == ScoreItemKind.RANK:
            old_points = points_for(item, item.quantity, military_rank=recorded_rank(item))
            log_correction(item, item.quantity, item.quantity, old_points, item.points, reason, user)
        else:
            recorded = recorded_quantity(item)
            log_correction(item, recorded, item.quantity, points_for(item, recorded), item.points, reason, user)
    score_recompute(case, user, _("积分项变更"))
    return item


def score_item_create(*, model, data, user):
    return score_item_save(model(), data, user)


def score_item_update(*, instance, data, user):
    return score_item_save(instance, data, user)


def score_item_delete(*, instance, user):
    case = instance.case
    if case.batch_id and case.batch.status != "scoring":
        raise ValidationError(_("积分已公示，积分项不能删除，请通过“更正积分项”修改。"))
    services.delete(instance=instance, user=user)
    score_recompute(case, user, _("删除积分项"))


def log_correction(item, old_quantity, new_quantity, old_points, new_points, reason, user):
    entry = ScoreCorrection(item=item, old_quantity=old_quantity, new_quantity=new_quantity, old_points=old_points,
                            new_points=new_points, reason=reason, corrected_by=str(user))
    return services.save(entry, user, reason)


def score_item_correct(*, scoreitem, user, quantity, reason):
    """Correct an item (before the ranking is published) with a reason; the correction is logged."""
    item = scoreitem
    case = item.case
    check_scorable(case)
    if case.batch.status not in ("scoring", "notice"):
        raise ValidationError(_("名单和排名已公布，积分不能再更正。"))
    if not (reason or "").strip():
        raise ValidationError(_("更正积分项须填写理由。"))
    old_quantity, old_points = item.quantity, item.points
    item.quantity, item.reason = quantity, reason
    services.validate(item)
    price(item)
    services.save(item, user, _("更正积分项：%(reason)s") % {"reason": reason})
    log_correction(item, old_quantity, quantity, old_points, item.points, reason, user)
    score_recompute(case, user, _("积分项更正"))
    return item


def score_confirm(*, placementcase, user, confirmed_on, signed):
    """The soldier confirms the score (dated) before it is published."""
    case = placementcase
    check_scorable(case)
    if case.batch.status not in ("scoring", "notice"):
        raise ValidationError(_("名单和排名已公布，无需再确认积分。"))
    if not case.score_items.exists():
        raise ValidationError(_("还没有积分项，不能确认积分。"))
    if not signed:
        raise ValidationError(_("须由本人签字确认积分。"))
    if confirmed_on > timezone.localdate():
        raise ValidationError(_("确认日期不能晚于今天。"))
    case.score_confirmed_on = confirmed_on
    return services.save(case, user, _("本人确认积分%(score)s分") % {"score": case.score})


def objection_answer(*, scoreobjection, user, answer, answered_on):
    objection = scoreobjection
    if objection.answered_on:
        raise ValidationError(_("该异议已答复。"))
    if answered_on < objection.raised_on:
        raise ValidationError(_("答复日期不能早于提出日期（%(day)s）。") % {"day": f"{objection.raised_on:%Y-%m-%d}"})
    if answered_on > timezone.localdate():
        raise ValidationError(_("答复日期不能晚于今天。"))
    objection.answer, objection.answered_on = answer, answered_on
    return services.save(objection, user, _("答复异议"))


# ---------------------------------------------------------------- the choosing meeting


def next_chooser(batch):
    """Who is choosing now: the first candidate in rank order who has not chosen, declined or been skipped."""
    return (batch.candidates.filter(rank__isnull=False, choice_status=ChoiceStatus.WAITING)
            .select_related("veteran", "family_member").order_by("rank", "id").first())


LOCK_RETRIES = 20


def one_at_a_time(work):
    """Run `work` in a transaction of its own, the meeting's calls one after another.  The transaction's
    first statement (`_current`) takes the batch's write lock: on PostgreSQL the row lock, so a second
    call waits for the first to commit; on SQLite the database's write lock, taken before any read so a
    second call waits out the busy timeout rather than failing on a lock upgrade.  SQLite's shared-cache
    database (the tests') answers "table is locked" at once instead of waiting: the whole transaction is
    then tried again after a pause (only when no outer transaction holds locks of its own)."""
    for attempt in range(LOCK_RETRIES):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as error:
            if (connection.vendor != "sqlite" or "locked" not in str(error) or connection.in_atomic_block
                    or attempt == LOCK_RETRIES - 1):
                raise
            time.sleep(0.02 * (attempt + 1))
    return None


def _current(batch, candidate):
    """Lock the batch (one call at a time) and check the candidate is the one whose turn it is."""
    SunshineBatch.objects.filter(pk=batch.pk).update(status=F("status"))  # the write lock first (one_at_a_time)
    locked = SunshineBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != "choosing":
        raise ValidationError(_("选岗会尚未开始或已经结束（当前：%(state)s）。") % {"state": locked.get_status_display()})
    current = next_chooser(locked)
    if current is None:
        raise ValidationError(_("本批次对象均已完成选岗。"))
    if candidate is not None and candidate.pk != current.pk:
        raise ValidationError(_("选岗顺序已锁定：现在轮到第%(rank)d名%(name)s，不能越序选岗。") % {
            "rank": current.rank, "name": current.person_name})
    return locked, current


def _log(batch, case, action, user, post=None, reason=""):
    entry = ChoiceLog(batch=batch, case=case, rank=case.rank, action=action, post=post, at=timezone.now(),
                      operator=str(user), reason=reason or "")
    return services.save(entry, user, str(ChoiceAction(action).label))


def batch_choose(*, sunshinebatch, user, candidate, post):
    """The current candidate takes one place of `post`.  Two choices of the post's last place at once:
    the conditional update lets one through; the other is told the post is gone and nothing changes."""
    return one_at_a_time(lambda: _choose(sunshinebatch, user, candidate, post))


def _choose(sunshinebatch, user, candidate, post):
    batch, current = _current(sunshinebatch, candidate)
    if post.batch_id != batch.pk:
        raise ValidationError(_("所选岗位不属于本批次。"))
    if not SunshinePost.objects.filter(pk=post.pk, taken__lt=F("count")).update(taken=F("taken") + 1):
        raise ValidationError(_("岗位“%(post)s”已被选完（其他对象刚刚选走），请另选岗位。") % {"post": post})
    if not PlacementCase.objects.filter(pk=current.pk, choice_status=ChoiceStatus.WAITING).update(
            choice_status=ChoiceStatus.CHOSEN, post=post, chosen_at=timezone.now(), destination=post.destination,
            receiving_unit=post.unit):
        raise ValidationError(_("%(name)s已经选过岗位。") % {"name": current.person_name})
    current.refresh_from_db()
    case_workflow.apply(current, "choose", user=user, remark=_("选岗：%(post)s") % {"post": post}, by_rule=True)
    _log(batch, current, ChoiceAction.CHOSE, user, post=post)
    return current


def batch_skip(*, sunshinebatch, user, candidate, reason):
    """An absent candidate is skipped, with the reason; the next in rank order chooses."""
    if not (reason or "").strip():
        raise ValidationError(_("跳过须填写原因。"))

    def skip():
        batch, current = _current(sunshinebatch, candidate)
        PlacementCase.objects.filter(pk=current.pk).update(choice_status=ChoiceStatus.SKIPPED)
        _log(batch, current, ChoiceAction.SKIPPED, user, reason=reason)
        return current

    return one_at_a_time(skip)


def batch_decline(*, sunshinebatch, user, candidate, reason=""):
    """The current candidate declines the posts and chooses self-employment (自主就业)."""

    def decline():
        batch, current = _current(sunshinebatch, candidate)
        PlacementCase.objects.filter(pk=current.pk).update(choice_status=ChoiceStatus.DECLINED)
        current.refresh_from_db()
        case_workflow.apply(current, "self_choose", user=user, remark=reason or _("放弃选岗，选择自主就业"), by_rule=True)
        _log(batch, current, ChoiceAction.DECLINED, user, reason=reason)
        return current

    return one_at_a_time(decline)


# ---------------------------------------------------------------- the waiting allowance

# Not waiting for a post any more: reported for duty (or done), chose self-employment, file returned.
NOT_WAITING = (*PLACED, "self_chosen", "returned")


def batch_record_allowance(*, sunshinebatch, user, month):
    """Record one month's living allowance (at the batch's rate) for every candidate of the batch not yet
    placed; a month already recorded for the batch is refused and nothing is written."""
    month = month.replace(day=1)
    if month > datetime.date.today().replace(day=1):
        raise ValidationError(_("不能登记以后月份的待安置生活补助。"))
    with transaction.atomic():
        batch = SunshineBatch.objects.select_for_update().get(pk=sunshinebatch.pk)  # one registration at a time
        rate_ = batch.waiting_allowance
        if not rate_:
            raise ValidationError(_("本批次未填写待安置生活补助标准（元/月），请先修改批次。"))
        done = WaitingAllowance.objects.filter(case__batch=batch, month=month).count()
        if done:
            raise ValidationError(_("%(month)s的待安置生活补助已登记（%(n)d人），不能重复登记。") % {
                "month": f"{month:%Y年%m月}", "n": done})
        cases = list(batch.candidates.exclude(status__in=NOT_WAITING).select_related("veteran", "family_member")
                     .order_by("rank", "id"))
        if not cases:
            raise ValidationError(_("本批次没有待安置的对象（均已报到、改为自主就业或退回）。"))
        rows = [services.save(WaitingAllowance(case=case, month=month, amount=rate_, recorded_by=user), user,
                              _("登记%(month)s待安置生活补助") % {"month": f"{month:%Y年%m月}"}) for case in cases]
    return rows


def allowance_months(case):
    """(rows by month, total) of a case's waiting allowance."""
    rows = list(case.waiting_allowances.order_by("month"))
    return rows, sum((r.amount for r in rows), start=Decimal("0.00"))


# ---------------------------------------------------------------- start-up support paid from a fund


def _support_charged(support):
    return support.pk is not None and charges_of(support).exists()


def support_save(support, data, user):
    """Save a start-up support; on approval with a fund, charge the approved amount to the fund in the same
    transaction (an overspend is refused with the fund's message and nothing is written).  Once charged,
    the amount, the fund and the approval stand."""
    creating = support.pk is None
    stored = None if creating else StartupSupport._base_manager.get(pk=support.pk)
    charged = not creating and _support_charged(stored)
    later = services.assign(support, data)
    services.validate(support)
    if charged and (support.status != SupportStatus.APPROVED or support.amount != stored.amount
                    or support.fund_id != stored.fund_id):
        raise ValidationError(_("该扶持已从经费“%(fund)s”支出%(amount)s元，不能再修改审批结果、金额或经费。") % {
            "fund": stored.fund, "amount": stored.amount})
    try:
        with transaction.atomic():
            services.save(support, user, "", later)
            if not charged and support.status == SupportStatus.APPROVED and support.fund_id:
                fund_charge(fund=support.fund, amount=support.amount, record=support, user=user,
                            charged_on=support.approved_on,
                            description=_("%(kind)s：%(who)s") % {"kind": support.get_kind_display(),
                                                                  "who": support.veteran.name})
    except ValidationError:
        if creating:
            support.pk = support.id = None
        raise
    return support


def support_create(*, model, data, user):
    return support_save(model(), data, user)


def support_update(*, instance, data, user):
    return support_save(instance, data, user)


def support_delete(*, instance, user):
    if _support_charged(instance):
        raise ValidationError(_("该扶持已从经费支出，不能删除。"))
    services.delete(instance=instance, user=user)


# ---------------------------------------------------------------- the quota and intake pages


def quota_overview(queryset_cases, queryset_quotas, year):
    """Per kind: quota, cases, placed, self-chosen, in progress, returned and the placement rate
    ((placed + self-chosen) over the quota, or over the cases when no quota is entered)."""
    cases = queryset_cases.filter(year=year).order_by().values("kind").annotate(
        total=Count("id", filter=~Q(status="returned")),
        placed=Count("id", filter=Q(status__in=PLACED)),
        self_chosen=Count("id", filter=Q(status="self_chosen")),
        progress=Count("id", filter=Q(status__in=IN_PROGRESS)),
        returned=Count("id", filter=Q(status="returned")))
    by_kind = {row["kind"]: row for row in cases}
    quotas = dict(queryset_quotas.filter(year=year).order_by().values("kind").annotate(n=Sum("count")).values_list("kind", "n"))
    rows = []
    for kind in PlacementKind:
        row = by_kind.get(kind.value, {"total": 0, "placed": 0, "self_chosen": 0, "progress": 0, "returned": 0})
        quota = quotas.get(kind.value, 0)
        finished = row["placed"] + row["self_chosen"]
        rows.append({"kind": kind.label, "quota": quota, **{k: row[k] for k in ("total", "placed", "self_chosen", "progress",
                                                                               "returned")},
                     "rate": rate(finished, quota or row["total"])})
    return rows


def intake_overview(queryset, year):
    """Per season: registrations, and how many completed each checklist item and all of them."""
    rows = []
    for season in Season:
        qs = queryset.filter(year=year, season=season.value).order_by()
        figures = qs.aggregate(total=Count("id"), **{f"n_{name}": Count("id", filter=Q(**{f"{name}__isnull": False}))
                                                     for name, _label in CHECKLIST},
                               complete=Count("id", filter=Q(**{f"{name}__isnull": False for name, _label in CHECKLIST})))
        rows.append({"season": season.label, "total": figures["total"], "complete": figures["complete"],
                     "items": [(label, figures[f"n_{name}"]) for name, label in CHECKLIST]})
    return rows


def quotas_and_cases(user):
    return services.scope(PlacementCase, user), services.scope(PlacementQuota, user)


def registrations(user):
    return services.scope(ReturnRegistration, user)
