"""帮扶援助与经费 in the scale data (core.scale): for every county, each year's funds (the demo's
allocations), about one veteran in two hundred applying for assistance a year (most paid, a few open,
refused or sent back) and about one in ten applying for 社保接续, spread over the stages."""

import datetime

from benefits.demo_assist import FUNDS
from benefits.models_assist import STEP_DAYS, AssistanceApplication, Fund, InsuranceContinuation
from core.contrib import scale_step
from veterans.models import Veteran

FUND_COLUMNS = ("area_id", "created_at", "updated_at", "kind", "name", "source", "year", "amount", "allocated_on", "document",
                "disbursed", "note")
APPLICATION_COLUMNS = ("area_id", "created_at", "updated_at", "veteran_id", "kind", "kind_other", "cause", "hardship_on",
                       "applied_on", "hardship", "amount_requested", "late_override", "late_reason", "status",
                       "step_started_on", "due_on", "amount_approved", "approved_on", "paid_on", "note")
INSURANCE_COLUMNS = ("area_id", "created_at", "updated_at", "veteran_id", "applied_on", "insurance", "service_years", "stage",
                     "note")
STATES = (("paid", 0.75), ("refused", 0.83), ("returned", 0.87), ("approved", 0.91), ("reviewed", 0.95), ("submitted", 1.0))
STAGES = ("applied", "entered", "accepted", "passed", "verified", "recognised", "ineligible")
KINDS = ("hardship", "hardship", "hardship", "medical", "temporary", "emergency")


def payload(ctx, rows):
    return "".join(["\t".join(row) + "\n" for row in rows]) if ctx.postgres else rows


@scale_step(after=("veterans",))
def generate_assist(ctx):
    null = ctx.tokens[0]
    now, today = ctx.now, ctx.today
    years = (today.year - 1, today.year)
    funds, applications, insurance = [], [], []
    for county in ctx.counties:
        for year in years:
            for serial, (kind, source, amount, month) in enumerate(FUNDS, 1):
                day = datetime.date(year, month, 10 + serial)
                if day <= today:
                    funds.append((county, now, now, kind, "", source, str(year), amount, day.isoformat(),
                                  f"〔{year}〕{serial + 10}号", "0.00", ""))
    rng = ctx.rng("assist")
    r = rng.random
    people = Veteran.objects.filter(status="alive").order_by("id").values_list("id", "area_id")
    for pk, area in people.iterator(chunk_size=5000):
        u = r()
        if u < 0.005:
            year = years[int(r() * 2)]
            applied = min(datetime.date(year, 1 + int(r() * 12), 1 + int(r() * 27)), today)
            v = r()
            state = next(name for name, upto in STATES if v < upto)
            days = STEP_DAYS.get(state)
            due = (applied + datetime.timedelta(days=days)).isoformat() if days else null
            done = state in ("approved", "paid")
            applications.append((area, now, now, str(pk), KINDS[int(r() * len(KINDS))], "", "illness",
                                 (applied - datetime.timedelta(days=30)).isoformat(), applied.isoformat(), "家庭困难",
                                 "5000.00", "0", "", state, applied.isoformat(), due, "5000.00" if done else null,
                                 applied.isoformat() if done else null, applied.isoformat() if state == "paid" else null, ""))
        elif u < 0.105:
            applied = min(datetime.date(years[int(r() * 2)], 1 + int(r() * 12), 1 + int(r() * 27)), today)
            insurance.append((area, now, now, str(pk), applied.isoformat(), "养老保险、医疗保险", str(2 + int(r() * 14)),
                              STAGES[int(r() * len(STAGES))], ""))
    for model, columns, rows in ((Fund, FUND_COLUMNS, funds), (AssistanceApplication, APPLICATION_COLUMNS, applications),
                                 (InsuranceContinuation, INSURANCE_COLUMNS, insurance)):
        ctx.write(model, columns, payload(ctx, rows), len(rows))
    ctx.count("经费", len(funds), "项")
    ctx.count("帮扶援助申请", len(applications), "件")
    ctx.count("社保接续", len(insurance), "人")
