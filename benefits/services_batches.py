"""Writes of 年度确认 and 定期抚恤补助发放 (benefits.models_batches).

The batch computation (`batch_compute`) gives, for every entitlement inside the batch's area that is
active in a month of the batch and not suspended by the annual confirmation, one line for the month
at the standard in force on its first day (SubsidyStandard: the most local row of the same category,
grade and cause; the amount a month is the yearly amount of each part divided by 12, to the fen).
It then looks back over the months earlier batches covered (ARREARS_MONTHS at most) for what is
owed: a month never paid (suspended and since confirmed, approved late: 暂停后补发), a month whose
payment the bank returned (退票重发), and a month paid at a lower standard than the one now in force
there (a raise entered after its effective date: 提标补发, the difference).

An entitlement transferred to another county (抚恤关系转移, benefits.services_transfer.TransferPlan) is
paid by the old county's batches for its months up to the transfer's `pays_through` (the line in the
old area, at the old standard), and by the new county's from `pays_from` once the new county accepted
it (at the new standard; the months its batches passed over before the acceptance are paid as held back).
"""

import bisect
import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from itertools import chain

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits.models import Category, EndReason, Entitlement, EntitlementStatus, SubsidyStandard
from benefits.models_batches import (
    CONFIRMED_STATES,
    MONTH_PAY_KINDS,
    BatchPeriod,
    CampaignStatus,
    Confirmation,
    ConfirmationCampaign,
    ConfirmationState,
    LineKind,
    PaymentBatch,
    PaymentLine,
)
from benefits.services_assist import fund_return
from benefits.services_transfer import TransferPlan, transfers_of
from core import services
from core.models import Area, code_range, codes_above

ARREARS_MONTHS = 24  # how far back a batch looks for months owed
FEN = Decimal("0.01")
PARTS = ("national_amount", "local_amount", "nursing_amount")


def month_add(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def monthly(annual):
    return (Decimal(annual) / 12).quantize(FEN, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- annual confirmation


def campaign_create(*, model, data, user):
    """Open a campaign and give every active entitlement of its area its line on the village's checklist."""
    campaign = services.save_new(model=model, data=data, user=user, reason=_("开展年度确认"))
    entitlements = Entitlement.objects.inside(campaign.area_id).filter(status=EntitlementStatus.ACTIVE)
    rows = [Confirmation(campaign=campaign, entitlement_id=pk, area_id=area) for pk, area in
            entitlements.values_list("pk", "area_id").iterator()]
    services.bulk_insert(model=Confirmation, instances=rows, user=user, reason=_("生成年度确认清单"))
    return campaign


def confirmation_confirm(*, confirmation, user, alive, eligible, unchanged, remark=""):
    """The village clerk's tick: alive, still eligible, information unchanged."""
    if confirmation.entitlement.status != EntitlementStatus.ACTIVE:
        raise ValidationError(_("该优抚对象资格已终止，无需确认。"))
    if confirmation.state in CONFIRMED_STATES:
        raise ValidationError(_("该优抚对象已确认。"))
    if not (alive and eligible and unchanged):
        raise ValidationError(_("三项须全部核实无误方可确认；本人去世请登记去世，不再符合条件请终止资格，信息有变化请先修改优抚对象信息。"))
    was_suspended = confirmation.state == ConfirmationState.SUSPENDED
    confirmation.state = ConfirmationState.CONFIRMED
    confirmation.alive = confirmation.eligible = confirmation.unchanged = True
    confirmation.remark = remark
    confirmation.confirmed_on = datetime.date.today()
    confirmation.confirmed_by = user
    reason = _("逾期后补确认，恢复发放并补发暂停月份") if was_suspended else _("村（社区）确认")
    return services.save(confirmation, user, reason)


def confirmation_review(*, confirmation, user, remark=""):
    """The township's review of a confirmed line (镇街及以上的人员)."""
    if len(user.area_id or "") > 9:
        raise ValidationError(_("年度确认由镇（街道）及以上人员审核，村（社区）人员不能审核。"))
    if confirmation.state != ConfirmationState.CONFIRMED:
        raise ValidationError(_("只有已确认的优抚对象可以审核。"))
    confirmation.state = ConfirmationState.REVIEWED
    confirmation.reviewed_on = datetime.date.today()
    confirmation.reviewed_by = user
    if remark:
        confirmation.remark = f"{confirmation.remark}；审核：{remark}".strip("；")
    return services.save(confirmation, user, _("镇（街道）审核"))


def campaign_close(*, confirmationcampaign=None, campaign=None, user=None, today=None):
    """At the deadline: every line still unconfirmed is suspended (not paid until confirmed)."""
    campaign = campaign or confirmationcampaign
    today = today or datetime.date.today()
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("该年度确认已截止。"))
    if today < campaign.deadline:
        raise ValidationError(_("截止日期%(day)s尚未到，不能提前截止。") % {"day": f"{campaign.deadline:%Y-%m-%d}"})
    with transaction.atomic():
        pending = campaign.confirmations.filter(state=ConfirmationState.PENDING,
                                                entitlement__status=EntitlementStatus.ACTIVE)
        suspended = pending.update(state=ConfirmationState.SUSPENDED, suspended_on=today)
        campaign.status = CampaignStatus.CLOSED
        campaign.closed_on = today
        services.save(campaign, user, _("截止：%(n)d名未确认，暂停发放") % {"n": suspended})
    return suspended


def close_due_campaigns(today=None):
    """The Celery beat task's work: close every open campaign whose deadline has passed."""
    today = today or datetime.date.today()
    closed = 0
    for campaign in ConfirmationCampaign.objects.filter(status=CampaignStatus.OPEN, deadline__lte=today):
        campaign_close(campaign=campaign, user=None, today=today)
        closed += 1
    return closed


def campaign_progress(campaign):
    """Per township: lines, confirmed, reviewed, pending, suspended."""
    rows = defaultdict(lambda: {"total": 0, "confirmed": 0, "reviewed": 0, "pending": 0, "suspended": 0})
    counts = campaign.confirmations.values("area_id", "state").annotate(n=Count("id")).order_by()
    for row in counts:
        township = row["area_id"][:9]
        entry = rows[township]
        entry["total"] += row["n"]
        if row["state"] in CONFIRMED_STATES:
            entry["confirmed"] += row["n"]  # reviewed ones are confirmed too
        if row["state"] in ("pending", "reviewed", "suspended"):
            entry[row["state"]] += row["n"]
    names = dict(Area.objects.filter(code__in=[code.ljust(12, "0") for code in rows] + list(rows))
                 .values_list("code", "name"))
    result = []
    for code in sorted(rows):
        entry = rows[code]
        entry["code"] = code
        entry["name"] = names.get(code) or names.get(code.ljust(12, "0")) or code
        entry["rate"] = (Decimal(entry["confirmed"] * 100) / entry["total"]).quantize(Decimal("0.1")) if entry["total"] else None
        result.append(entry)
    return result


def suspended_entitlements(area):
    """Entitlement ids inside the area suspended by an annual confirmation they have not yet passed."""
    return set(Confirmation.objects.filter(**code_range("area", area), state=ConfirmationState.SUSPENDED)
               .values_list("entitlement_id", flat=True))


# ---------------------------------------------------------------- standards


class StandardTable:
    """The standards that can apply inside an area, looked up by (category, grade, cause, area, month, household).

    The most local standard in force wins; among those of one area, the standard of the person's household
    type (城镇/农村) before the one with the household left blank; a standard of the other household type never
    applies, nor one of a household type to a person whose type is unknown."""

    def __init__(self, area):
        rows = SubsidyStandard.objects.filter(Q(area_id__in=codes_above(area)) | Q(**code_range("area", area)))
        self.by_key = defaultdict(list)
        for row in rows.order_by("-effective_from"):
            self.by_key[(row.category, row.disability_grade, row.disability_cause or "")].append(row)
        for candidates in self.by_key.values():  # most local first, households left blank before the others
            candidates.sort(key=lambda r: (-len(r.area_id), bool(r.household)))
        self.cache = {}
        self.monthly = {}  # standard id -> its parts a month

    def find(self, category, grade, cause, area, month, household=""):
        key = (category, grade, cause or "", area, month, household or "")
        if key not in self.cache:
            found, rank = None, None
            for row in self.by_key.get(key[:3], ()):
                if row.household and row.household != key[5]:
                    continue
                if area.startswith(row.area_id) and row.effective_from <= month and (
                        row.effective_to is None or row.effective_to >= month):
                    this = (-len(row.area_id), not row.household)
                    if rank is None or this < rank:
                        found, rank = row, this
            self.cache[key] = found
        return self.cache[key]

    def parts(self, standard):
        """The standard's parts a month (each yearly part ÷ 12, to the fen)."""
        found = self.monthly.get(standard.pk)
        if found is None:
            found = self.monthly[standard.pk] = {name: monthly(getattr(standard, name)) for name in PARTS}
        return found


def ends_before(ended_on, month):
    return ended_on is not None and ended_on < month


# ---------------------------------------------------------------- batches


def covered_months(batch, since):
    """{month: {area codes}} covered by the other non-draft batches overlapping the batch's area, months
    before the batch's first and from `since` on."""
    return covered_batches(batch, since)[0]


def covered_batches(batch, since):
    """({month: {area codes}}, {month: the earliest time a batch covering it was computed}) of the other non-draft
    batches overlapping the batch's area, months before the batch's first and from `since` on."""
    first = batch.months[0]
    area = batch.area_id
    others = (PaymentBatch.objects.exclude(pk=batch.pk).exclude(status="draft")
              .filter(Q(area_id__in=codes_above(area)) | Q(**code_range("area", area)))
              .filter(year__gte=since.year - 1, year__lte=first.year)
              .values_list("area_id", "year", "period", "first_month", "computed_at"))
    covered, computed = defaultdict(set), {}
    for code, year, period, first_month, computed_at in others:
        for month in batch_months(year, period, first_month):
            if since <= month < first:
                covered[month].add(code)
                if computed_at is not None and (month not in computed or computed_at < computed[month]):
                    computed[month] = computed_at
    return covered, computed


def batch_months(year, period, first_month):
    """The months a batch covers (PaymentBatch.months), without making the batch."""
    first = datetime.date(year, first_month, 1)
    return [month_add(first, n) for n in range(3 if period == BatchPeriod.QUARTER else 1)]


def is_covered(area, codes):
    """Whether the area (a division code) is inside one of `codes`."""
    return any(code in codes for code in codes_above(area))


# The columns insert_lines writes, in the order of its rows (rejected, reject_reason and the timestamps added).
LINE_COLUMNS = ("batch_id", "entitlement_id", "area_id", "category", "month", "kind", "standard_id", "national_amount",
                "local_amount", "nursing_amount", "amount", "reason")
EXTRA_COLUMNS = ("rejected", "reject_reason", "created_at", "updated_at")


def insert_lines(rows, chunk=5000):
    """Write computed lines, tuples in LINE_COLUMNS order, a few thousand a statement and no model instance
    made: on PostgreSQL one INSERT … SELECT FROM UNNEST of one array a column, elsewhere executemany.
    A second pay of a month (the constraints) raises IntegrityError, as bulk_create would."""
    if not rows:
        return
    meta = PaymentLine._meta
    columns = LINE_COLUMNS + EXTRA_COLUMNS
    now = timezone.now()
    table = connection.ops.quote_name(meta.db_table)
    names = ", ".join(connection.ops.quote_name(meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{meta.get_field(c).db_type(connection)}[]" for c in columns)
            sql = f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({arrays})"
            for start in range(0, len(rows), chunk):
                part = rows[start:start + chunk]
                size = len(part)
                cursor.execute(sql, [list(values) for values in zip(*part, strict=True)]
                               + [[False] * size, [""] * size, [now] * size, [now] * size])
        else:
            stamp = connection.ops.adapt_datetimefield_value(now)
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
            for start in range(0, len(rows), chunk):
                cursor.executemany(sql, [(*row[:4], row[4].isoformat(), *row[5:], False, "", stamp, stamp)
                                         for row in rows[start:start + chunk]])


def batch_compute(*, paymentbatch=None, batch=None, user):
    """(Re)compute a draft batch's lines and totals; see the module's docstring for the rules."""
    batch = batch or paymentbatch
    if batch.status != "draft":
        raise ValidationError(_("批次已审核，已冻结，不能重新计算。"))
    months = batch.months
    first, last = months[0], months[-1]
    since = month_add(first, -ARREARS_MONTHS)
    table = StandardTable(batch.area_id)
    suspended = suspended_entitlements(batch.area_id)
    plan = TransferPlan(batch.area_id, since)
    lines = []  # tuples in LINE_COLUMNS order
    missing = set()

    def add(e, month, kind, standard, parts, reason=""):
        lines.append((batch.pk, e["id"], e["area_id"], e["category"], month, kind, standard.pk,
                      *(parts[name] for name in PARTS), sum(parts.values(), Decimal("0.00")), reason))

    fields = ("id", "area_id", "category", "disability_grade", "disability_cause", "household", "pays_from", "ended_on",
              "updated_at")
    current = (Entitlement.objects.filter(pays_from__lte=last)
               .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since)))
    entitlements = current.inside(batch.area_id)
    # transferred out of the area (the old county still pays its months), or through it
    moved = current.filter(pk__in=sorted(plan.ids)).exclude(**code_range("area__code", batch.area_id)) if plan.ids else None

    def payer(e, month):
        """The entitlement as paid by this batch for the month (its area the paying one), or None."""
        if e["id"] not in plan:
            return e
        code = plan.where(e["id"], e["area_id"], month)
        if code is None or not code.startswith(batch.area_id):
            return None
        return e if code == e["area_id"] else {**e, "area_id": code}

    with transaction.atomic():
        PaymentBatch.objects.select_for_update().filter(pk=batch.pk).first()
        batch.lines.all().delete()
        already = set(PaymentLine.objects.filter(**code_range("area", batch.area_id), month__in=months,
                                                 rejected=False, kind__in=MONTH_PAY_KINDS)
                      .values_list("entitlement_id", "month"))
        by_id = {}
        rows = entitlements.values(*fields).iterator(chunk_size=5000)
        if moved is not None:
            rows = chain(rows, moved.values(*fields))
        for e in rows:
            by_id[e["id"]] = e
            if e["id"] in suspended:
                continue
            for month in months:
                if month < e["pays_from"] or ends_before(e["ended_on"], month) or (e["id"], month) in already:
                    continue
                paid = payer(e, month)
                if paid is None:
                    continue
                standard = table.find(paid["category"], paid["disability_grade"], paid["disability_cause"],
                                      paid["area_id"], month, paid["household"])
                if standard is None:
                    missing.add(e["id"])
                    continue
                add(paid, month, LineKind.PERIODIC, standard, table.parts(standard))
        _arrears(batch, by_id, suspended, table, since, add, plan, payer)
        try:
            with transaction.atomic():
                insert_lines(lines)
        except IntegrityError:
            raise ValidationError(_("有优抚对象的同一月份已在其他批次发放，不能重复发放。")) from None
        batch.total_amount = sum((line[10] for line in lines), Decimal("0.00"))
        batch.line_count = len(lines)
        batch.people = len({line[1] for line in lines})
        batch.category_summary = summarise(lines)
        batch.computed_at = timezone.now()
        batch.computed_by = user
        note = _("计算%(n)d条明细") % {"n": len(lines)}
        if missing:
            note += _("；%(m)d名优抚对象无适用标准，未计算，请先录入标准") % {"m": len(missing)}
        batch.compute_note = note
        services.save(batch, user, note)
    return batch


def _arrears(batch, by_id, suspended, table, since, add, plan, payer):
    """Lines for months before the batch that are owed: see the module docstring."""
    covered, computed = covered_batches(batch, since)
    if not covered:
        return
    months = sorted(covered)
    area = batch.area_id
    earlier = PaymentLine.objects.filter(**code_range("area", area), month__gte=months[0], month__lte=months[-1])
    candidates = set()
    # 1. paid at a standard no longer the one in force in that month (a raise entered late)
    current = set()
    for month in months:
        for rows in table.by_key.values():
            for row in rows:
                if row.effective_from <= month and (row.effective_to is None or row.effective_to >= month):
                    current.add(row.pk)
    candidates.update(earlier.filter(rejected=False).exclude(standard_id__in=current)
                      .values_list("entitlement_id", flat=True).distinct())
    # 2. returned by the bank
    candidates.update(earlier.filter(rejected=True).values_list("entitlement_id", flat=True).distinct())
    # 3. suspended once and since confirmed
    candidates.update(Confirmation.objects.filter(**code_range("area", area), suspended_on__isnull=False)
                      .exclude(state=ConfirmationState.SUSPENDED).values_list("entitlement_id", flat=True))
    # 4. entered or changed after a batch of a month they are due in had been computed (approved late, a date
    #    corrected): the earliest computation of each month on, over the months from each one's first month due
    earliest, running = [], None
    for month in reversed(months):
        stamp = computed.get(month)
        running = stamp if running is None or (stamp is not None and stamp < running) else running
        earliest.append(running)
    earliest.reverse()  # earliest[i]: the first computation of months[i] or any later covered month
    for pk, e in by_id.items():
        i = bisect.bisect_left(months, e["pays_from"])
        if i < len(months) and earliest[i] is not None and e["updated_at"] > earliest[i]:
            candidates.add(pk)
    # 5. transferred (a new county's months passed over before it accepted the transfer)
    candidates.update(plan.ids)
    candidates = [pk for pk in candidates if pk in by_id and pk not in suspended]
    if not candidates:
        return
    paid = defaultdict(lambda: {"month_pay": False, "rejected": False, **{name: Decimal("0.00") for name in PARTS}})
    for start in range(0, len(candidates), 2000):
        chunk = candidates[start:start + 2000]
        for row in earlier.filter(entitlement_id__in=chunk).values("entitlement_id", "month", "kind", "rejected", *PARTS):
            entry = paid[(row["entitlement_id"], row["month"])]
            if row["rejected"]:
                entry["rejected"] = entry["rejected"] or row["kind"] in MONTH_PAY_KINDS
                continue
            if row["kind"] in MONTH_PAY_KINDS:
                entry["month_pay"] = True
            for name in PARTS:
                entry[name] += row[name]
    for pk in sorted(candidates):
        e = by_id[pk]
        for month in months:
            if month < e["pays_from"] or ends_before(e["ended_on"], month):
                continue
            paying = payer(e, month)
            if paying is None or not is_covered(paying["area_id"], covered[month]):
                continue
            standard = table.find(e["category"], e["disability_grade"], e["disability_cause"], paying["area_id"], month,
                                  e["household"])
            if standard is None:
                continue
            due = table.parts(standard)
            entry = paid.get((pk, month))
            if entry is None or not entry["month_pay"]:
                if entry is not None and entry["rejected"]:
                    add(paying, month, LineKind.REISSUE, standard, due, _("%(m)s退票重发") % {"m": f"{month:%Y年%m月}"})
                else:
                    add(paying, month, LineKind.HELD_BACK, standard, due, _("补发%(m)s") % {"m": f"{month:%Y年%m月}"})
                continue
            diff = {name: due[name] - entry[name] for name in PARTS}
            if sum(diff.values()) > 0:
                diff = {name: max(value, Decimal("0.00")) for name, value in diff.items()}
                add(paying, month, LineKind.BACK_PAY, standard, diff,
                    _("%(m)s按新标准补发差额（%(doc)s）") % {"m": f"{month:%Y年%m月}", "doc": standard.policy_document or standard})


def batch_delete(*, instance, user):
    if instance.status != "draft":
        raise ValidationError(_("批次已审核，已冻结，不能删除。"))
    services.delete(instance=instance, user=user)


def batch_update(*, instance, data, user):
    if instance.status != "draft":
        raise ValidationError(_("批次已审核，已冻结，不能修改。"))
    return services.save_changes(instance=instance, data=data, user=user)


def batch_pay(*, paymentbatch=None, batch=None, user, fund, remark=""):
    """登记已发放 from `fund`: the fund is stored on the batch and the pay step charges the batch's total to
    it; a fund outside the batch's area or short of the total refuses it and nothing changes."""
    batch = batch or paymentbatch
    with transaction.atomic():
        if not batch.area_id.startswith(fund.area_id):
            raise ValidationError(_("经费“%(fund)s”不属于本批次所在区域，不能列支。") % {"fund": fund})
        batch.fund = fund
        PaymentBatch.objects.filter(pk=batch.pk).update(fund=fund)  # the step re-reads the row and saves it
        batch.workflow.apply(batch, "pay", user=user, remark=remark or _("从“%(fund)s”列支") % {"fund": fund})
    return batch


def batch_reconcile(*, paymentbatch=None, batch=None, user, statement_number, rejected_lines=(), reject_reason=""):
    """Record the bank's statement number and the accounts it returned: those lines are marked
    rejected (not paid) and the next batch re-issues them."""
    batch = batch or paymentbatch
    if batch.status != "paid":
        raise ValidationError(_("批次登记发放后才能对账。"))
    statement_number = (statement_number or "").strip()
    if not statement_number:
        raise ValidationError(_("请填写银行回单号。"))
    rejected_lines = list(rejected_lines)
    if rejected_lines and not reject_reason.strip():
        raise ValidationError(_("请填写退票原因（如：账户已销户、户名不符）。"))
    with transaction.atomic():
        ids = [line.pk for line in rejected_lines]
        if ids:
            # a returned account returns every line of that person in the batch
            entitlements = PaymentLine.objects.filter(batch=batch, pk__in=ids).values_list("entitlement_id", flat=True)
            returned = PaymentLine.objects.filter(batch=batch, entitlement_id__in=list(entitlements), rejected=False)
            back = sum(returned.values_list("amount", flat=True), Decimal("0.00"))
            returned.update(rejected=True, reject_reason=reject_reason.strip())
            # the money the bank sent back is not spent: the fund gets it back (the re-issue charges it again)
            fund_return(record=batch, amount=back, user=user,
                        reason=_("银行退票%(amount)s元退回经费") % {"amount": back})
        batch.statement_number = statement_number
        batch.reconciled_on = datetime.date.today()
        services.save(batch, user, _("对账：回单号%(no)s，退票%(n)d条") % {"no": statement_number, "n": len(ids)})
    return batch


# ---------------------------------------------------------------- reading a batch


def summarise(lines):
    """The totals by category of computed line tuples (LINE_COLUMNS), as PaymentBatch.category_summary keeps them."""
    rows = {}
    for line in lines:
        entry = rows.setdefault(line[3], {"people": set(), "periodic": Decimal("0.00"), "arrears": Decimal("0.00")})
        entry["people"].add(line[1])
        entry["periodic" if line[5] == LineKind.PERIODIC else "arrears"] += line[10]
    return {category: {"people": len(entry["people"]), "periodic": str(entry["periodic"]), "arrears": str(entry["arrears"])}
            for category, entry in rows.items()}


def summarise_lines(batch):
    """The same totals added up from the batch's lines in the database (batches computed before the summary was kept,
    or written by the scale generator)."""
    rows = {}
    for row in batch.lines.values("category", "kind").annotate(total=Sum("amount")):
        entry = rows.setdefault(row["category"], {"people": 0, "periodic": Decimal("0.00"), "arrears": Decimal("0.00")})
        total = Decimal(row["total"] or 0).quantize(FEN, rounding=ROUND_HALF_UP)  # SQLite sums as floats
        entry["periodic" if row["kind"] == LineKind.PERIODIC else "arrears"] += total
    for category, people in batch.lines.values("category").annotate(n=Count("entitlement", distinct=True)).values_list(
            "category", "n"):
        rows[category]["people"] = people
    return {category: {"people": entry["people"], "periodic": str(entry["periodic"]), "arrears": str(entry["arrears"])}
            for category, entry in rows.items()}


def category_totals(batch):
    """[{label, people, periodic, arrears, total}] by category, from the summary the computation kept."""
    summary = batch.category_summary if batch.category_summary is not None else summarise_lines(batch)
    result = []
    for category, entry in sorted(summary.items()):
        periodic, arrears = Decimal(entry["periodic"]), Decimal(entry["arrears"])
        result.append({"label": Category(category).label, "people": entry["people"], "periodic": periodic,
                       "arrears": arrears, "total": periodic + arrears})
    return result


def previous_batch(batch):
    """The latest non-draft batch of the same area before this one."""
    first = batch.months[0]
    candidates = PaymentBatch.objects.filter(area_id=batch.area_id).exclude(pk=batch.pk).filter(year__lte=first.year)
    best = None
    for other in candidates:
        if other.months[-1] < first and (best is None or other.months[-1] > best.months[-1]):
            best = other
    return best


def batch_changes(batch):
    """变更明细 against the previous batch: (previous, [rows]) where a row is a dict with kind
    (新增/停发/变更), the entitlement, the amounts and why."""
    previous = previous_batch(batch)

    def totals(b):
        out = defaultdict(lambda: {"amount": Decimal("0.00"), "kinds": set(), "standards": set()})
        if b is None:
            return out
        for row in b.lines.filter(rejected=False).values("entitlement_id", "kind", "standard_id", "amount"):
            entry = out[row["entitlement_id"]]
            entry["amount"] += row["amount"]
            entry["kinds"].add(row["kind"])
            if row["kind"] == LineKind.PERIODIC:
                entry["standards"].add(row["standard_id"])
        return out

    now, before = totals(batch), totals(previous)
    if previous is None:
        return None, []
    changed_ids = [pk for pk in set(now) | set(before)
                   if pk not in now or pk not in before or now[pk]["amount"] != before[pk]["amount"]]
    entitlements = Entitlement.objects.filter(pk__in=changed_ids).select_related("veteran", "family_member").in_bulk()
    suspended = set(Confirmation.objects.filter(entitlement_id__in=changed_ids, state=ConfirmationState.SUSPENDED)
                    .values_list("entitlement_id", flat=True))
    moved_in, moved_out = transfers_of(changed_ids, batch.area_id)
    rows = []
    for pk in sorted(changed_ids):
        e = entitlements.get(pk)
        if e is None:
            continue
        old, new = before.get(pk), now.get(pk)
        if old is None:
            kind = _("新增")
            if pk in moved_in and moved_in[pk].pays_from >= previous.months[0]:
                why = _("抚恤关系转入，自%(m)s起由本地发放") % {"m": f"{moved_in[pk].pays_from:%Y年%m月}"}
            elif LineKind.HELD_BACK in new["kinds"] and e.pays_from <= previous.months[-1]:
                why = _("年度确认后恢复发放，补发暂停月份")
            elif LineKind.REISSUE in new["kinds"]:
                why = _("上批退票，本批重发")
            else:
                why = _("新认定，自%(m)s起发放") % {"m": f"{e.pays_from:%Y年%m月}"}
        elif new is None:
            kind = _("停发")
            if e.ended_on:
                why = _("资格终止（%(reason)s，%(day)s）") % {"reason": EndReason(e.end_reason).label if e.end_reason else "",
                                                          "day": f"{e.ended_on:%Y-%m-%d}"}
            elif pk in suspended:
                why = _("逾期未年度确认，暂停发放")
            elif pk in moved_out:
                why = _("抚恤关系转出，本地发放至%(m)s") % {"m": f"{moved_out[pk].pays_through:%Y年%m月}"}
            else:
                why = _("本批无发放")
        else:
            kind = _("变更")
            parts = []
            if LineKind.BACK_PAY in new["kinds"]:
                parts.append(_("提标补发"))
            if new["standards"] != old["standards"]:
                parts.append(_("执行新标准"))
            if new["kinds"] & {LineKind.HELD_BACK, LineKind.REISSUE}:
                parts.append(_("补发以前月份"))
            if LineKind.BACK_PAY in old["kinds"] and LineKind.BACK_PAY not in new["kinds"]:
                parts.append(_("上批含提标补发"))
            why = "、".join(parts) or _("金额变化")
        rows.append({"kind": kind, "entitlement": e, "before": old["amount"] if old else None,
                     "after": new["amount"] if new else None, "why": why})
    return previous, rows


def bank_rows(batch):
    """One row a person and account: (entitlement, name, id number, bank, account, amount), non-rejected lines."""
    sums = defaultdict(lambda: Decimal("0.00"))
    for pk, amount in batch.lines.filter(rejected=False).values_list("entitlement_id", "amount"):
        sums[pk] += amount
    people = {}
    entitlements = Entitlement.objects.filter(pk__in=list(sums)).select_related("veteran", "family_member")
    for e in entitlements.iterator(chunk_size=2000):
        person = e.family_member if e.family_member_id else e.veteran
        key = (e.veteran_id, e.family_member_id, e.bank_account)
        entry = people.setdefault(key, {"name": person.name, "id_number": person.id_number or "", "bank": e.bank_name,
                                        "account": e.bank_account, "amount": Decimal("0.00")})
        entry["amount"] += sums[e.pk]
    return sorted(people.values(), key=lambda r: (r["name"], r["id_number"]))
