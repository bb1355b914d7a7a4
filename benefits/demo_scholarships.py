"""Demo 烈士后裔助学金 of the county (a demo step; core/demo.py says the rules steps follow).

The county sets its standards each year (小学1000元 … 研究生5000元 a student a year).  Each autumn,
from September, village clerks file about seventeen applications ("2023年共收到烈士后裔助学金申请17份
17人次") at mixed levels, mostly martyrs' grandchildren, a few children of martyrs of recent years;
the townships review them, the bureau approves all but one or two (refused: already aided elsewhere,
or the relationship not proved), and in late November the year's approved ones are paid in one batch
from the year's 烈士后裔助学金 fund (benefits.demo_assist allocates it).  This year's applications are
still moving when today is before the batch.

Martyrs are named, not linked: benefits' demo step runs before the honors register's (honors' demo
waits on 双拥, which waits on benefits), and linking on a later run would change what the first wrote.

Draws come from a generator seeded with the county, so a second run changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum

from benefits.demo_assist import log_steps
from benefits.models_assist import Fund, FundCharge
from benefits.models_scholarships import (
    SCHOLARSHIP_STEP_DAYS,
    ScholarshipApplication,
    ScholarshipBatch,
    ScholarshipStandard,
)
from core import fake
from core.contrib import demo_step
from core.demo import SEED, sync

# level: (元 a year, ages, schools)
LEVELS = {
    "primary": ("1000.00", (7, 12), ("云溪县实验小学", "云溪县城南小学", "石门镇中心小学", "枫林镇中心小学")),
    "junior": ("1500.00", (12, 15), ("云溪县第一初级中学", "白沙镇初级中学", "清溪镇初级中学")),
    "senior": ("2000.00", (15, 18), ("云溪县第一中学", "云溪县职业技术学校", "金华市第二中学")),
    "college": ("3000.00", (18, 21), ("金华职业技术大学", "浙江机电职业技术大学")),
    "undergraduate": ("4000.00", (18, 22), ("浙江师范大学", "浙江工业大学", "杭州电子科技大学", "宁波大学")),
    "graduate": ("5000.00", (22, 26), ("浙江大学", "浙江师范大学")),
}
# 17 applications a year, by level
PLAN = ["primary"] * 4 + ["junior"] * 4 + ["senior"] * 4 + ["college"] * 2 + ["undergraduate"] * 2 + ["graduate"]
RELATIONS = ["grandchild"] * 5 + ["maternal_grandchild"] * 3 + ["child", "sibling_child"]
REFUSALS = ("该生本学年已享受同类教育资助，不重复资助", "未能提供与烈士关系的证明材料，经核实不符合条件")
BATCH_DAY = (11, 20)  # the batch is paid on 20 November


def standard_rows(ctx, years):
    return [{"area": ctx.county, "level": level, "year": year, "amount": Decimal(amount),
             "document": f"云退役军人〔{year}〕{8 + i}号", "note": ""}
            for year in years for i, (level, (amount, _ages, _schools)) in enumerate(LEVELS.items())
            if datetime.date(year, 8, 20) <= ctx.today]


def pick_state(rng, applied_on, paid_on, today, refused):
    """The state an application reached by today, and the steps that led there (name, source, target,
    days after applying, who, remark)."""
    review = ("review", "submitted", "reviewed", 6, "township", "已入户核实，学籍及亲属关系属实")
    if refused:
        return "refused", [review, ("refuse", "reviewed", "refused", 15, "staff", refused)]
    age = (today - applied_on).days
    if age < 6:
        return "submitted", []
    if age < 15:
        return "reviewed", [review]
    approve = ("approve", "reviewed", "approved", 15, "staff", "符合烈士后裔助学金资助条件")
    if paid_on > today:
        return "approved", [review, approve]
    return "paid", [review, approve, ("pay", "approved", "paid", (paid_on - applied_on).days, "staff", "随批次发放")]


@demo_step(after=("veterans",))  # after benefits.demo_assist's step (registered before this module): its funds
def load_scholarships(ctx):
    rng = random.Random(f"{SEED}-scholarships-{ctx.county.code}")
    today = ctx.today
    years = (today.year - 1, today.year)
    users = {"staff": ctx.users["demo-staff"], "township": ctx.users["demo-clerk"], "village": ctx.users["demo-village"]}
    standards = sync(ScholarshipStandard, standard_rows(ctx, years), key=["area", "level", "year"], ctx=ctx)
    amounts = {(s.level, s.year): s.amount for s in standards}
    villages = [v for v in ctx.villages]
    rows, plans, batches = [], {}, []
    used = set()
    for year in years:
        paid_on = datetime.date(year, *BATCH_DAY)
        refused_at = set(rng.sample(range(len(PLAN)), 1 if year % 2 else 2))
        for n, level in enumerate(PLAN):
            applied_on = datetime.date(year, 9, 1) + datetime.timedelta(days=int(55 * (n + rng.random()) / len(PLAN)))
            _amount, (low, high), schools = LEVELS[level]
            age = rng.randint(low, high)
            female = rng.random() < 0.5
            born = fake.birth_date(rng, age, datetime.date(year, 9, 1))
            refused = REFUSALS[n % 2] if n in refused_at else ""
            relation = rng.choice(RELATIONS)
            martyr_surname = fake.SURNAME(rng)
            surname = martyr_surname if relation in ("child", "grandchild") else fake.SURNAME(rng)
            if applied_on > today or (level, year) not in amounts:
                continue
            state, steps = pick_state(rng, applied_on, paid_on, today, refused)
            village = villages[rng.randrange(len(villages))]
            row = {"area": village, "student_name": fake.person_name(rng, born.year, female, surname),
                   "id_number": fake.id_number(rng, born, female=female, used=used), "school": rng.choice(schools),
                   "level": level, "school_year": year, "martyr": None,
                   "martyr_name": fake.person_name(rng, 1925 if relation != "child" else 1985, False, martyr_surname),
                   "relationship": relation, "applied_on": applied_on, "amount": amounts[(level, year)], "status": state,
                   "approved_on": applied_on + datetime.timedelta(days=15) if state in ("approved", "paid") else None,
                   "paid_on": paid_on if state == "paid" else None, "filed_by": users["village"], "note": "",
                   "step_started_on": applied_on + datetime.timedelta(days=steps[-1][3]) if steps else applied_on}
            days = SCHOLARSHIP_STEP_DAYS.get(state)
            row["due_on"] = row["step_started_on"] + datetime.timedelta(days=days) if days else None
            rows.append(row)
            plans[(row["id_number"], year)] = steps
        paid = [r for r in rows if r["school_year"] == year and r["status"] == "paid"]
        if paid:
            batches.append({"area": ctx.county, "year": year, "name": f"{year}学年烈士后裔助学金", "status": "paid",
                            "paid_on": paid_on, "total_amount": sum(r["amount"] for r in paid),
                            "people": len(paid), "note": "", "fund": None})
    funds = {f.year: f for f in Fund.objects.filter(area=ctx.county, kind="scholarship", source="county",
                                                     year__in=years)}
    for batch in batches:
        batch["fund"] = funds.get(batch["year"])
    batches = [b for b in batches if b["fund"] is not None and b["total_amount"] <= b["fund"].amount]
    batches = sync(ScholarshipBatch, batches, key=["area", "year", "name"], ctx=ctx)
    by_year = {b.year: b for b in batches}
    for row in rows:
        row["batch"] = by_year.get(row["school_year"]) if row["status"] == "paid" else None
        if row["status"] == "paid" and row["batch"] is None:  # no fund to pay from: still approved
            row.update(status="approved", paid_on=None)
            plans[(row["id_number"], row["school_year"])] = plans[(row["id_number"], row["school_year"])][:2]
    applications = sync(ScholarshipApplication, rows, key=["id_number", "school_year"], ctx=ctx)
    log_steps(applications, lambda a: [(n, s, d, a.applied_on + datetime.timedelta(days=k), w, r)
                                       for n, s, d, k, w, r in plans.get((a.id_number, a.school_year), [])], users)

    # the batches' charges to their funds, and the funds' disbursed as the sum of all their charges
    batch_type = ContentType.objects.get_for_model(ScholarshipBatch)
    sync(FundCharge, [{"fund": b.fund, "amount": b.total_amount, "charged_on": b.paid_on, "content_type": batch_type,
                       "object_id": str(b.pk), "area": ctx.county, "charged_by": users["staff"],
                       "description": f"{b.name}（{b.people}人）"} for b in batches],
         key=["fund", "content_type", "object_id", "charged_on"], ctx=ctx)
    for fund in {b.fund_id: b.fund for b in batches}.values():
        total = FundCharge.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
        if fund.disbursed != total:
            Fund.objects.filter(pk=fund.pk).update(disbursed=total)
    paid = sum(1 for a in applications if a.status == "paid")
    ctx.count("烈士后裔助学金申请", len(applications), f"份（已发放 {paid} 份，发放批次 {len(batches)} 个）")
