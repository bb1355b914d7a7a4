"""烈士后裔助学金 in the scale data (core.scale): for every county, each year's standards (the demo's) and
some seventeen applications a year at mixed levels, spread over the approval steps short of payment
(payment is a batch's, with its fund: the scale data holds no batches)."""

import datetime

from benefits.demo_scholarships import LEVELS, PLAN, RELATIONS
from benefits.models_scholarships import SCHOLARSHIP_STEP_DAYS, ScholarshipApplication, ScholarshipStandard
from core import fake
from core.contrib import scale_step
from core.scale import sealer

STANDARD_COLUMNS = ("area_id", "created_at", "updated_at", "level", "year", "amount", "document", "note")
APPLICATION_COLUMNS, seal = sealer(ScholarshipApplication, (
    "area_id", "created_at", "updated_at", "student_name", "id_number", "school", "level", "school_year", "martyr_name",
    "relationship", "applied_on", "amount", "status", "step_started_on", "due_on", "approved_on", "note"))
STATES = (("approved", 0.70), ("refused", 0.78), ("returned", 0.84), ("reviewed", 0.92), ("submitted", 1.0))


def payload(ctx, rows):
    return "".join(["\t".join(row) + "\n" for row in rows]) if ctx.postgres else rows


@scale_step(after=("veterans",))
def generate_scholarships(ctx):
    null = ctx.tokens[0]
    now, today = ctx.now, ctx.today
    years = [year for year in (today.year - 1, today.year) if datetime.date(year, 9, 1) <= today]
    standards, applications = [], []
    for county in ctx.counties:
        rng = ctx.rng("scholarships", county)
        villages = ctx.villages[county]
        used = set()
        for year in years:
            for serial, (level, (amount, _ages, _schools)) in enumerate(LEVELS.items(), 8):
                standards.append((county, now, now, level, str(year), amount, f"〔{year}〕{serial}号", ""))
            for n, level in enumerate(PLAN):
                applied = datetime.date(year, 9, 1) + datetime.timedelta(days=int(55 * (n + rng.random()) / len(PLAN)))
                if applied > today:
                    continue
                amount, (low, high), schools = LEVELS[level]
                female = rng.random() < 0.5
                born = fake.birth_date(rng, rng.randint(low, high), datetime.date(year, 9, 1))
                v = rng.random()
                state = next(name for name, upto in STATES if v < upto)
                days = SCHOLARSHIP_STEP_DAYS.get(state)
                due = (applied + datetime.timedelta(days=days)).isoformat() if days else null
                approved = (applied + datetime.timedelta(days=15)).isoformat() if state == "approved" else null
                applications.append(seal((
                    villages[int(rng.random() * len(villages))], now, now, fake.person_name(rng, born.year, female),
                    fake.id_number(rng, born, female=female, region=county, used=used), rng.choice(schools), level,
                    str(year), fake.person_name(rng, 1925), rng.choice(RELATIONS), applied.isoformat(), amount, state,
                    applied.isoformat(), due, approved, "")))
    ctx.write(ScholarshipStandard, STANDARD_COLUMNS, payload(ctx, standards), len(standards))
    ctx.write(ScholarshipApplication, APPLICATION_COLUMNS, payload(ctx, applications), len(applications))
    ctx.count("烈士后裔助学金标准", len(standards), "项")
    ctx.count("烈士后裔助学金申请", len(applications), "份")
