"""安置就业 in the scale data (core.scale): for every county, two years of placement cases (about one
transferred veteran in twelve), returning soldiers' registrations (about one self-employed soldier in
twenty-five, spring and autumn), and a few job fairs, trainings and start-up grants."""

import datetime

from core.contrib import scale_step
from placement.models import (
    EmploymentTraining,
    FairMode,
    JobFair,
    PlacementCase,
    ReturnRegistration,
    StartupSupport,
    TrainingKind,
)
from veterans.models import DischargeCategory, Veteran

CASE_COLUMNS = ("area_id", "created_at", "updated_at", "veteran_id", "year", "kind", "spouse_identity", "received_on", "status",
                "destination", "receiving_unit", "reported_on", "condition", "score", "choice_status", "note")
RETURN_COLUMNS = ("area_id", "created_at", "updated_at", "veteran_id", "year", "season", "reported_on", "hukou_on", "party_on",
                  "insurance_on", "reserve_on", "card_on", "archive_on", "note")
FAIR_COLUMNS = ("area_id", "created_at", "updated_at", "name", "mode", "date", "place", "companies", "posts_offered",
                "attendees", "intents", "contracts")
TRAINING_COLUMNS = ("area_id", "created_at", "updated_at", "kind", "name", "start_on", "organiser", "enrolled", "completed",
                    "certificates")
SUPPORT_COLUMNS = ("area_id", "created_at", "updated_at", "veteran_id", "kind", "business", "applied_on", "status",
                   "approved_on", "amount", "fund_source")


def payload(ctx, rows):
    return "".join(["\t".join(row) + "\n" for row in rows]) if ctx.postgres else rows


@scale_step(after=("veterans",))
def generate_placement(ctx):
    null = ctx.tokens[0]
    now, today = ctx.now, ctx.today
    years = (today.year - 1, today.year)
    cases, returns, fairs, trainings, supports = [], [], [], [], []
    people = Veteran.objects.filter(discharge_category__in=(DischargeCategory.TRANSFERRED, DischargeCategory.SELF_EMPLOYED),
                                    status="alive").order_by("id").values_list("id", "area_id", "discharge_category")
    rng = ctx.rng("placement")
    r = rng.random
    for pk, area, category in people.iterator(chunk_size=5000):
        year = str(years[int(r() * 2)])
        day = datetime.date(int(year), 3 + int(r() * 6), 1 + int(r() * 27))
        if day > today:
            day = today
        if category == DischargeCategory.TRANSFERRED and r() < 1 / 12:
            done = r() < 0.8
            cases.append((area, now, now, str(pk), year, "officer" if r() < 0.8 else "nco", "", day.isoformat(),
                          "reported" if done else "reviewed", ("organ" if r() < 0.7 else "institution") if done else "",
                          "县直机关" if done else "", day.isoformat() if done else null, "", "0.00", "waiting", ""))
        elif category == DischargeCategory.SELF_EMPLOYED and r() < 0.04:
            items = [day.isoformat() if r() < 0.9 else null for _n in range(6)]
            returns.append((area, now, now, str(pk), year, "spring" if r() < 0.3 else "autumn", day.isoformat(), *items, ""))
            if r() < 0.02:
                supports.append((area, now, now, str(pk), "grant" if r() < 0.4 else "rent", "个体工商户", day.isoformat(),
                                 "approved", day.isoformat(), "5000.00", "县级退役军人就业创业扶持资金"))
    for county in ctx.counties:
        for year in years:
            for mode, month in (("online", 3), ("offline", 9)):
                day = min(datetime.date(year, month, 15), today).isoformat()
                companies = 20 + int(r() * 30)
                fairs.append((county, now, now, f"{ctx.names[county]}{year}年退役军人专场招聘会（{FairMode(mode).label}）", mode, day, "人力资源市场",
                              str(companies), str(companies * 10), str(150 + int(r() * 100)), str(20 + int(r() * 15)),
                              str(5 + int(r() * 10))))
            for kind in ("adaptive", "skill"):
                enrolled = 20 + int(r() * 20)
                trainings.append((county, now, now, kind, f"{ctx.names[county]}{year}年{TrainingKind(kind).label}班",
                                  min(datetime.date(year, 5, 10), today).isoformat(), "退役军人服务中心", str(enrolled),
                                  str(enrolled - int(r() * 3)), "0"))
    for model, columns, rows in ((PlacementCase, CASE_COLUMNS, cases), (ReturnRegistration, RETURN_COLUMNS, returns),
                                 (JobFair, FAIR_COLUMNS, fairs), (EmploymentTraining, TRAINING_COLUMNS, trainings),
                                 (StartupSupport, SUPPORT_COLUMNS, supports)):
        ctx.write(model, columns, payload(ctx, rows), len(rows))
    ctx.count("安置对象", len(cases), "名")
    ctx.count("返乡报到", len(returns), "人")
    ctx.count("招聘会", len(fairs), "场")

