"""优抚对象, 抚恤补助标准 and three years of 定期抚恤补助发放 in the scale data (core.scale).

- Standards: one table for the whole province (area 36), every category, grade and cause, the
  在乡复员军人 by household type (城镇/农村), dated rows: the 2022 figures until 2024-07-31, then the
  raise of 2024-08-01.  The figures the issue sources (benefits/data/standards.py: 一级因战 116,270,
  十级因公 10,850, the 三属 36,910 / 31,410 / 29,280, disability +6%, 烈属 +2,366) are used as they are;
  every other figure of this table is MADE UP for the benchmarks (the province is made up too) and
  its rows say so in their policy document.  The demo county never sees them.
- Entitlements: about 8% of the veterans hold one (a few of them two: 双重身份), by category weights
  below; a veteran who has died had his ended at death; the relatives of about a third of the dead
  veterans hold a 三属 entitlement.  Household types for seven in ten, the rest unknown (blank).
- Batches: for every county, one monthly batch for each of the 36 months before the current one, 已发放
  (computed on the 5th, reviewed on the 8th, approved on the 11th, paid on the 20th), its lines computed
  as the application computes them (benefits.services_batches.StandardTable and its monthly parts):
  one 定期发放 line per entitlement in force in the month.  The current month is left unpaid, for
  bench/bench_batches.py to compute.

Rows are written county by county (COPY on PostgreSQL), the lines' indexes and constraints dropped
for the load when it is bigger than what the table holds (ctx.bulk_load).
"""

import datetime
from decimal import Decimal

from benefits.data import standards as sourced
from benefits.models import Entitlement, SubsidyStandard
from benefits.models_batches import PaymentBatch, PaymentLine
from benefits.services_batches import PARTS, StandardTable, month_add
from core.contrib import scale_step
from core.scale import PROVINCE, iso, sealer
from veterans.models import FamilyMember, Veteran

MONTHS = 36
OWN_SHARE = 0.08  # veterans holding an entitlement of their own
DUAL_SHARE = 0.06  # of those, a second one (参战 as well)
SURVIVOR_SHARE = 0.35  # dead veterans whose spouse or parent holds a 三属 entitlement
BASE_FROM = datetime.date(2018, 8, 1)  # the scale's 2022 figures are taken to run from here
RAISE = datetime.date(2024, 8, 1)
MADE_UP = "江川省规模测试标准（虚构数据，仅供性能测试）"

# (category, weight) of a veteran's own entitlement
OWN = (("disabled_soldier", 40), ("war_veteran", 22), ("demobilised", 15), ("ill_returned", 10), ("rural_60", 13))
GRADES = (1, 2, 3, 4, 4, 5, 5, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 10, 10, 10, 10, 10, 10, 10)
CAUSES = ("war", "duty", "duty", "duty", "duty", "duty", "illness", "illness", "illness", "illness")
PERIODS = ("peace",) * 9 + ("korea",)
SURVIVORS = ("illness_death_family",) * 16 + ("duty_death_family",) * 3 + ("martyr_family",)
BANKS = ("中国农业银行", "中国工商银行", "农村商业银行", "中国邮政储蓄银行", "中国建设银行")
WAR_FACTOR = 0.775  # made up: each grade of the war table 77.5% of the one above (十级因战 about 11,700)
CAUSE_FACTOR = {"war": Decimal("1"), "duty": Decimal("0.93"), "illness": Decimal("0.85")}
OTHER_2022 = {  # made up, 元/年
    ("demobilised", "urban"): Decimal("16200.00"), ("demobilised", "rural"): Decimal("14580.00"),
    ("demobilised", ""): Decimal("15390.00"),  # household unknown
    ("ill_returned", ""): Decimal("12000.00"), ("war_veteran", ""): Decimal("9600.00"), ("rural_60", ""): Decimal("3600.00"),
    ("martyr_child", ""): Decimal("6000.00"), ("three_red", ""): Decimal("40000.00"),
}
OTHER_RAISE = ("percent", Decimal("5"))  # made up, for the categories the sourced raise does not name

STANDARD_COLUMNS = ("area_id", "created_at", "updated_at", "category", "disability_grade", "disability_cause", "household",
                    "national_amount", "local_amount", "nursing_amount", "annual_amount", "effective_from", "effective_to",
                    "policy_document")
ENTITLEMENT_COLUMNS, SEAL = sealer(Entitlement, (
    "id", "area_id", "created_at", "updated_at", "veteran_id", "family_member_id", "category", "disability_grade",
    "disability_cause", "disabled_period", "household", "certificate_number", "certificate_date", "approved_on", "pays_from",
    "approval_document", "bank_name", "bank_account", "status", "ended_on", "end_reason", "note"))
BATCH_COLUMNS = ("id", "area_id", "created_at", "updated_at", "year", "period", "first_month", "name", "status", "computed_at",
                 "reviewed_on", "approved_on", "paid_on", "total_amount", "people", "line_count", "compute_note",
                 "statement_number", "reconciled_on", "note")
LINE_COLUMNS = ("area_id", "created_at", "updated_at", "batch_id", "entitlement_id", "category", "month", "kind", "standard_id",
                "national_amount", "local_amount", "nursing_amount", "amount", "reason", "rejected", "reject_reason")


def payload(ctx, rows):
    return "".join(["\t".join(row) + "\n" for row in rows]) if ctx.postgres else rows


def standard_rows():
    """(category, grade, cause, household, 元/年 of 2022, raise rule, document) of the province's table."""
    given = {(c, g, cause): amount for c, g, cause, amount in sourced.BASE_2022}
    rows = []
    for grade in range(1, 11):
        war = Decimal(116270 * WAR_FACTOR ** (grade - 1)).quantize(Decimal("10"))
        for cause, factor in CAUSE_FACTOR.items():
            amount = given.get(("disabled_soldier", grade, cause))
            rows.append(("disabled_soldier", grade, cause, "", amount or (war * factor).quantize(Decimal("10")),
                         sourced.RAISES_2024["disabled_soldier"], "国家标准" if amount else MADE_UP))
    for category in ("martyr_family", "duty_death_family", "illness_death_family"):
        rule = sourced.RAISES_2024.get(category, OTHER_RAISE)
        rows.append((category, None, "", "", given[(category, None, "")], rule,
                     "国家标准" if category in sourced.RAISES_2024 else MADE_UP))
    for (category, household), amount in OTHER_2022.items():
        rows.append((category, None, "", household, amount, OTHER_RAISE, MADE_UP))
    return rows


def write_standards(ctx):
    null, now = ctx.tokens[0], ctx.now
    rows = []
    before = iso((RAISE - datetime.timedelta(days=1)).toordinal())
    for category, grade, cause, household, amount, rule, document in standard_rows():
        raised = sourced.raised(amount, rule)
        common = (PROVINCE[0], now, now, category, str(grade) if grade else null, cause, household)
        rows.append((*common, f"{amount:.2f}", "0.00", "0.00", f"{amount:.2f}", BASE_FROM.isoformat(), before,
                     f"{document}（2022年标准）"))
        rows.append((*common, f"{raised:.2f}", "0.00", "0.00", f"{raised:.2f}", RAISE.isoformat(), null,
                     f"{document}（2024年8月1日起调整）"))
    ctx.write(SubsidyStandard, STANDARD_COLUMNS, payload(ctx, rows), len(rows))
    return len(rows)


def first_of_next_month(ordinal):
    day = datetime.date.fromordinal(ordinal)
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


class Holders:
    """The entitlements of the province as plain tuples: (id, county, area, veteran, family member, category, grade,
    cause, household, pays_from, ended_on); and their stored rows."""

    def __init__(self, ctx):
        self.ctx, self.rows, self.held = ctx, [], []
        self.today = ctx.today.toordinal()
        self.next_id = None

    def add(self, rng, area, veteran, member, category, approved, died=None):
        r = rng.random
        null = self.ctx.tokens[0]
        grade = cause = None
        period = ""
        if category == "disabled_soldier":
            grade, cause = GRADES[int(r() * len(GRADES))], CAUSES[int(r() * len(CAUSES))]
            period = PERIODS[int(r() * len(PERIODS))]
        household = "" if r() < 0.3 else "urban" if r() < 0.4 else "rural"
        pays_from = first_of_next_month(approved)
        ended = died if died is not None and died >= approved else None
        pk = len(self.rows)  # the final id is this plus the first reserved one
        created = f"{iso(approved)} 09:00:00+08:00" if self.ctx.postgres else f"{iso(approved)} 01:00:00"
        account = f"6228{int(r() * 10 ** 15):015d}"
        self.rows.append([pk, area, created, created, str(veteran), str(member) if member else null, category,
                          str(grade) if grade else null, cause or "", period, household,
                          f"{area[:6]}{category[:2].upper()}{pk:07d}" if grade else "", iso(approved) if grade else null,
                          iso(approved), pays_from.isoformat(), f"〔{datetime.date.fromordinal(approved).year}〕{pk % 97 + 1}号",
                          BANKS[int(r() * len(BANKS))], account, "ended" if ended else "active",
                          iso(ended) if ended else null, "death" if ended else "", ""])
        self.held.append((pk, area[:6], area, category, grade, cause or "", household, pays_from,
                          datetime.date.fromordinal(ended) if ended else None))

    def stored(self, first_id):
        for row in self.rows:
            row[0] = str(row[0] + first_id)
        return [SEAL(tuple(row)) for row in self.rows]


def pick_approved(rng, start, today):
    """An approval day between `start` and a fortnight before `today` (ordinals), or None."""
    latest = today - 15
    if start > latest:
        return None
    return start + int(rng.random() * (latest - start + 1))


def make_entitlements(ctx):
    holders = Holders(ctx)
    rng = ctx.rng("benefits", "entitlements")
    r = rng.random
    today = holders.today
    floor = datetime.date(2005, 1, 1).toordinal()
    weights = [category for category, weight in OWN for _n in range(weight)]
    people = (Veteran.objects.inside(PROVINCE[0]).order_by("id")
              .values_list("id", "area_id", "birth_date", "discharge_date", "death_date"))
    dead = []
    for pk, area, born, discharged, died in people.iterator(chunk_size=10000):
        if died is not None:
            dead.append(pk)
        if r() >= OWN_SHARE:
            continue
        approved = pick_approved(rng, max(floor, (discharged or born).toordinal() + 30), today)
        if approved is None:
            continue
        category = weights[int(r() * len(weights))]
        if category == "rural_60" and (ctx.today.year - born.year) < 60:
            category = "war_veteran"
        died_on = died.toordinal() if died else None
        if died_on is not None and approved > died_on:
            approved = max(floor, died_on - 400)
        holders.add(rng, area, pk, None, category, approved, died_on)
        if r() < DUAL_SHARE:
            holders.add(rng, area, pk, None, "war_veteran" if category != "war_veteran" else "disabled_soldier",
                        approved, died_on)
    relatives = {}
    for start in range(0, len(dead), 5000):
        chunk = dead[start:start + 5000]
        rows = (FamilyMember.objects.filter(veteran_id__in=chunk, relationship__in=("spouse", "father", "mother"))
                .order_by("veteran_id", "id").values_list("veteran_id", "id", "veteran__area_id", "veteran__death_date"))
        for veteran, member, area, died in rows:
            relatives.setdefault(veteran, (member, area, died))
    for veteran in sorted(relatives):
        member, area, died = relatives[veteran]
        if r() >= SURVIVOR_SHARE:
            continue
        approved = min(died.toordinal() + 30 + int(r() * 150), today - 15)
        if approved < died.toordinal():
            continue
        holders.add(rng, area, veteran, member, SURVIVORS[int(r() * len(SURVIVORS))], approved)
    return holders


@scale_step(after=("veterans",))
def generate_benefit_batches(ctx):
    false = ctx.tokens[2]
    now = ctx.now
    standards = write_standards(ctx)
    holders = make_entitlements(ctx)
    first_id = ctx.writer.reserve_ids(Entitlement, len(holders.rows))
    stored = holders.stored(first_id)
    with ctx.bulk_load([Entitlement], adding=len(stored)):
        ctx.write(Entitlement, ENTITLEMENT_COLUMNS, payload(ctx, stored), len(stored))
    del stored, holders.rows

    this_month = datetime.date(ctx.today.year, ctx.today.month, 1)
    months = [month_add(this_month, -n) for n in range(MONTHS, 0, -1)]
    table = StandardTable(PROVINCE[0])
    parts = {}  # standard id -> (national, local, nursing, total) as text

    def amounts(standard):
        found = parts.get(standard.pk)
        if found is None:
            monthly = table.parts(standard)
            found = parts[standard.pk] = (*(f"{monthly[name]:.2f}" for name in PARTS),
                                          f"{sum(monthly.values(), Decimal('0.00')):.2f}", str(standard.pk), monthly)
        return found

    by_county = {}
    for held in holders.held:
        by_county.setdefault(held[1], []).append(held)
    counties = ctx.counties
    batch_id = ctx.writer.reserve_ids(PaymentBatch, len(counties) * len(months))
    expected_lines = sum(len(v) for v in by_county.values()) * len(months)
    batch_rows, line_total = [], 0
    with ctx.bulk_load([PaymentLine], adding=expected_lines):
        for county in counties:
            lines = []
            for month in months:
                day = month.isoformat()
                total, count, people = Decimal("0.00"), 0, 0
                for pk, _county, area, category, grade, cause, household, pays_from, ended in by_county.get(county, ()):
                    if pays_from > month or (ended is not None and ended < month):
                        continue
                    standard = table.find(category, grade, cause, county, month, household)
                    if standard is None:
                        continue
                    national, local, nursing, amount, standard_pk, _monthly = amounts(standard)
                    lines.append((area, now, now, str(batch_id), str(pk + first_id), category, day, "periodic", standard_pk,
                                  national, local, nursing, amount, "", false, ""))
                    total += Decimal(amount)
                    count += 1
                    people += 1
                computed = f"{month + datetime.timedelta(days=4)} {'17:00:00+08:00' if ctx.postgres else '09:00:00'}"
                batch_rows.append((str(batch_id), county, now, now, str(month.year), "month", str(month.month),
                                   f"{month.year}年{month.month}月定期抚恤补助", "paid", computed,
                                   iso(month.toordinal() + 7), iso(month.toordinal() + 10), iso(month.toordinal() + 19),
                                   f"{total:.2f}", str(people), str(count), f"计算{count}条明细",
                                   f"JC{month:%Y%m}{county}", iso(month.toordinal() + 24), ""))
                batch_id += 1
            ctx.write(PaymentLine, LINE_COLUMNS, payload(ctx, lines), len(lines))
            line_total += len(lines)
        ctx.write(PaymentBatch, BATCH_COLUMNS, payload(ctx, batch_rows), len(batch_rows))
    ctx.count("抚恤补助标准", standards, "条")
    ctx.count("优抚对象", len(holders.held), "名")
    ctx.count("定期抚恤补助发放批次", len(batch_rows), "批")
    ctx.count("发放明细", line_total, "条")
