"""Demo 帮扶援助与经费 of the county (a demo step; core/demo.py says the rules steps follow).

Each year the county receives its funds early in the year: 优抚对象抚恤补助 from the centre, the province
and its own budget, 特殊困难援助 from the province and the county, 双拥工作经费, 烈士后裔助学金, 安置就业
and 服务保障 money -- some 8100万元 in all, as the seeds' "安排退役军人及双拥工作资金8126万余元".  The
pension, 双拥 and other funds are paid out month by month (a charge a month, summed: the spending the demo
keeps no records of) to about 98.5% by the year's end; the county's own 优抚对象抚恤补助 (BATCH_FUND) is
summed to 95% only, its rest left to the monthly 优抚 batches (benefits/demo_batches.py), which charge it
one by one (about 2-3% of it in the demo county), so it too ends the year near 98%.  About fifty assistance
applications a year ("接收特殊困难援助申请48人次"), most of them 特殊困难援助, three in four paid from the
year's 特殊困难援助 funds (about 40万元); a few refused or sent back; the last weeks' still open.  About
one veteran in ten applies for 社保接续, moving through the stages; a few are found 不符合.

Draws come from a generator seeded with the county, so a second run changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.utils import timezone

from benefits.models_assist import (
    STEP_DAYS,
    AssistanceApplication,
    Fund,
    FundCharge,
    InsuranceContinuation,
    year_before,
)
from core.contrib import demo_step
from core.demo import SEED, sync
from core.workflow import TransitionLog
from veterans.models import Veteran

# (kind, source, 元 a year, month allocated)
FUNDS = [
    ("pension", "central", "28600000.00", 1), ("pension", "province", "9800000.00", 2), ("pension", "county", "6500000.00", 1),
    ("hardship", "province", "200000.00", 3), ("hardship", "county", "250000.00", 1),
    ("support_army", "county", "3800000.00", 1), ("scholarship", "county", "38000.00", 2),
    ("placement", "central", "18000000.00", 3), ("placement", "county", "12000000.00", 1),
    ("service", "county", "2100000.00", 2),
]
MONTHLY_SHARE = Decimal("0.985") / 12
# funds charged by the records that pay from them (applications here, scholarship batches in
# benefits.demo_scholarships), not by the monthly summed charges
PAID_BY_RECORDS = ("hardship", "scholarship")
BATCH_FUND = ("pension", "county")  # (kind, source) of the fund the demo's 优抚 batches are paid from
BATCH_FUND_SHARE = Decimal("0.95") / 12  # what the summed charges take of it a month, leaving room for the batches
ASKED = [Decimal(x) for x in ("3000", "5000", "5000", "8000", "10000", "10000", "12000", "15000", "20000")]
KINDS = ["hardship"] * 7 + ["medical", "temporary", "emergency"]
CAUSES = ["illness", "illness", "illness", "accident", "family", "other"]
HARDSHIPS = {
    "illness": "本人患重大疾病住院治疗，自付医疗费用较高，家庭收入微薄",
    "accident": "家中房屋因强降雨受损，生活一时陷入困难",
    "family": "配偶因病去世，独自抚养子女，家庭经济困难",
    "other": "年老体弱、无固定收入，基本生活困难",
}


def aware(day, minutes=540):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0)) + datetime.timedelta(minutes=minutes))


def fund_rows(ctx, years):
    rows = []
    for year in years:
        for serial, (kind, source, amount, month) in enumerate(FUNDS, 1):
            day = datetime.date(year, month, 10 + serial)
            if day > ctx.today:
                continue
            issuer = {"central": "财社", "province": "浙财社", "city": "市财社", "county": "县财社"}[source]
            rows.append({"area": ctx.county, "kind": kind, "source": source, "year": year, "amount": Decimal(amount),
                         "allocated_on": day, "document": f"{issuer}〔{year}〕{serial + 10}号", "name": "", "note": ""})
    return rows


def month_ends(year, today):
    for month in range(1, 13):
        end = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
        if end < today:
            yield end


def pick_state(rng, applied_on, today):
    """The state an application reached by today, and the days each step took."""
    age = (today - applied_on).days
    u = rng.random()
    if age < 8:
        return "submitted"
    if age < 20 and u < 0.5:
        return "reviewed"
    if age < 30 and u < 0.3:
        return "approved"
    if u < 0.08:
        return "refused"
    if u < 0.12:
        return "returned" if age < 40 else "paid"
    return "paid"


STEPS = {  # the transitions that led to each state, with the days after the application each was taken
    "submitted": [],
    "returned": [("send_back", "submitted", "returned", 4, "township", "缺少诊断证明等材料，请补充后重新提交")],
    "reviewed": [("review", "submitted", "reviewed", 5, "township", "经入户核实，情况属实")],
    "approved": [("review", "submitted", "reviewed", 5, "township", "经入户核实，情况属实"),
                 ("approve", "reviewed", "approved", 14, "staff", "经局务会研究同意")],
    "refused": [("review", "submitted", "reviewed", 5, "township", "情况已核实"),
                ("refuse", "reviewed", "refused", 12, "staff", "家庭人均收入高于当地困难认定标准，不予批准")],
    "paid": [("review", "submitted", "reviewed", 5, "township", "经入户核实，情况属实"),
             ("approve", "reviewed", "approved", 14, "staff", "经局务会研究同意"),
             ("pay", "approved", "paid", 20, "staff", "已发放至本人银行账户")],
}


def log_steps(records, steps_of, users):
    """TransitionLog rows of records that have none yet, dated as the steps were taken."""
    if not records:
        return 0
    content_type = ContentType.objects.get_for_model(type(records[0]))
    logged = set(TransitionLog.objects.filter(content_type=content_type, object_id__in=[str(r.pk) for r in records])
                 .values_list("object_id", flat=True))
    logs, dates = [], []
    for record in records:
        if str(record.pk) in logged:
            continue
        for name, source, destination, day, who, remark in steps_of(record):
            logs.append(TransitionLog(content_type=content_type, object_id=str(record.pk), name=name, source=source,
                                      destination=destination, user=users[who], remark=remark))
            dates.append(day)
    made = TransitionLog.objects.bulk_create(logs)
    today = timezone.localdate()
    for log, day in zip(made, dates, strict=True):
        TransitionLog.objects.filter(pk=log.pk).update(at=aware(min(day, today)))
    return len(made)


@demo_step(after=("veterans",))
def load_assist(ctx):
    rng = random.Random(f"{SEED}-assist-{ctx.county.code}")
    today = ctx.today
    years = (today.year - 1, today.year)
    users = {"staff": ctx.users["demo-staff"], "township": ctx.users["demo-clerk"], "village": ctx.users["demo-village"]}
    funds = sync(Fund, fund_rows(ctx, years), key=["area", "kind", "source", "year"], ctx=ctx)
    fund_type = ContentType.objects.get_for_model(Fund)
    app_type = ContentType.objects.get_for_model(AssistanceApplication)

    veterans = list(Veteran.objects.inside(ctx.county.code).filter(status="alive").order_by("id_number"))
    if not veterans:
        return
    # -- assistance applications
    app_rows, plans = [], []
    for year in years:
        first = max(datetime.date(year, 1, 1), ctx.start or datetime.date(year, 1, 1))
        span = (min(datetime.date(year, 12, 31), today) - first).days
        if span <= 0:
            continue
        count = round(52 * span / 365)
        for n in range(count):
            veteran = veterans[rng.randrange(len(veterans))]
            applied_on = first + datetime.timedelta(days=int(span * (n + rng.random()) / count))
            applied_on = min(applied_on, today)
            kind, cause = rng.choice(KINDS), rng.choice(CAUSES)
            asked = rng.choice(ASKED)
            state = pick_state(rng, applied_on, today)
            steps = STEPS[state]
            hardship_on = applied_on - datetime.timedelta(days=rng.randint(10, 200))
            step_started = applied_on + datetime.timedelta(days=steps[-1][3]) if steps else applied_on
            approved = asked if rng.random() < 0.7 else (asked * Decimal("0.8")).quantize(Decimal("1"))
            row = {"veteran": veteran, "kind": kind, "kind_other": "", "cause": cause,
                   "hardship_on": max(hardship_on, year_before(applied_on)), "applied_on": applied_on,
                   "hardship": HARDSHIPS[cause], "amount_requested": asked, "late_override": False, "late_reason": "",
                   "status": state, "step_started_on": min(step_started, today), "filed_by": users["village"],
                   "amount_approved": approved if state in ("approved", "paid") else None,
                   "approved_on": min(applied_on + datetime.timedelta(days=14), today) if state in ("approved", "paid") else None,
                   "paid_on": min(applied_on + datetime.timedelta(days=20), today) if state == "paid" else None,
                   "fund": None, "note": ""}
            days = STEP_DAYS.get(state)
            row["due_on"] = row["step_started_on"] + datetime.timedelta(days=days) if days else None
            app_rows.append(row)
            plans.append(row)
    # the paid ones draw on their year's 特殊困难援助 funds, county first, within the balance
    hardship_funds = {y: [f for f in funds if f.kind == "hardship" and f.year == y] for y in years}
    hardship_funds = {y: sorted(fs, key=lambda f: f.source != "county") for y, fs in hardship_funds.items()}
    left = {f.pk: f.amount for f in funds}
    for row in app_rows:
        if row["status"] != "paid":
            continue
        fund = next((f for f in hardship_funds.get(row["paid_on"].year, []) if left[f.pk] >= row["amount_approved"]), None)
        if fund is None:  # the year's money is spent: it waits for the next allocation
            row.update(status="approved", paid_on=None, due_on=row["step_started_on"] + datetime.timedelta(days=10))
            continue
        left[fund.pk] -= row["amount_approved"]
        row["fund"] = fund
    apps = sync(AssistanceApplication, app_rows, key=["veteran", "applied_on", "kind"], ctx=ctx)
    apps = list(AssistanceApplication.objects.filter(pk__in=[a.pk for a in apps]).select_related("area", "veteran", "fund"))

    # -- what was charged: the applications paid, and the other funds month by month
    charge_rows = []
    for app in apps:
        if app.status == "paid" and app.fund_id:
            charge_rows.append({"fund": app.fund, "amount": app.amount_approved, "charged_on": app.paid_on,
                                "content_type": app_type, "object_id": str(app.pk), "area": app.area,
                                "description": f"{app.kind_label()}：{app.veteran.name}", "charged_by": users["staff"]})
    for fund in funds:
        if fund.kind in PAID_BY_RECORDS:
            continue
        share = BATCH_FUND_SHARE if (fund.kind, fund.source) == BATCH_FUND else MONTHLY_SHARE
        monthly = (fund.amount * share).quantize(Decimal("0.01"))
        for end in month_ends(fund.year, today):
            if end < fund.allocated_on:
                continue
            charge_rows.append({"fund": fund, "amount": monthly, "charged_on": end, "content_type": fund_type,
                                "object_id": str(fund.pk), "area": ctx.county, "charged_by": users["staff"],
                                "description": f"{end.year}年{end.month}月{fund.get_kind_display()}支出（汇总）"})
    sync(FundCharge, charge_rows, key=["fund", "content_type", "object_id", "charged_on"], ctx=ctx)
    # 已支出 is every charge the fund holds (the batches' and the grants' too, from a first run)
    spent = dict(FundCharge.objects.filter(fund__in=funds).order_by().values_list("fund").annotate(s=Sum("amount")))
    for fund in funds:
        total = spent.get(fund.pk, Decimal("0.00"))
        if fund.disbursed != total:
            Fund.objects.filter(pk=fund.pk).update(disbursed=total)
    log_steps(apps, lambda a: [(n, s, d, a.applied_on + datetime.timedelta(days=k), w, r)
                               for n, s, d, k, w, r in STEPS[a.status]], users)

    # -- 社保接续
    order = ["applied", "entered", "accepted", "passed", "verified", "recognised"]
    names = {"entered": "enter", "accepted": "accept", "passed": "pass_review", "verified": "verify",
             "recognised": "recognise"}
    insurance_rows = []
    applicants = veterans[: max(1, len(veterans) // 10)]
    for n, veteran in enumerate(applicants):
        first = ctx.start or datetime.date(years[0], 1, 1)
        applied_on = first + datetime.timedelta(days=int((today - first).days * (n + 0.5) / len(applicants)))
        age = (today - applied_on).days
        reached = min(len(order) - 1, age // 12)
        stage = order[reached]
        if reached >= 2 and rng.random() < 0.06:
            stage = "ineligible"
        insurance_rows.append({"veteran": veteran, "applied_on": applied_on,
                               "insurance": "养老保险、医疗保险", "service_years": rng.randint(2, 16), "stage": stage,
                               "note": ""})
    cases = sync(InsuranceContinuation, insurance_rows, key=["veteran", "applied_on"], ctx=ctx)

    def insurance_steps(case):
        steps, previous = [], "applied"
        target = order.index(case.stage) if case.stage in order else 2
        for i in range(1, target + 1):
            who = "township" if order[i] == "entered" else "staff"
            steps.append((names[order[i]], previous, order[i], case.applied_on + datetime.timedelta(days=12 * i - 6), who, ""))
            previous = order[i]
        if case.stage == "ineligible":
            steps.append(("reject", previous, "ineligible", case.applied_on + datetime.timedelta(days=12 * target + 4),
                          "staff", "服役期间已由部队缴纳，不符合接续补缴条件"))
        return steps

    log_steps(cases, insurance_steps, users)
    paid = [a for a in apps if a.status == "paid"]
    ctx.count("经费", len(funds), "项")
    ctx.count("帮扶援助申请", len(apps), f"件（已发放 {len(paid)} 件）")
    ctx.count("社保接续", len(cases), "人")
