"""Demo placement and employment work of 云溪县 (a demo step; see core/demo.py for the rules steps follow).

For last year and this year: the quotas and cases (军转干部 to 机关 and 事业单位, some choosing 自主择业;
转业士官 to 事业单位; 随军家属), the returning soldiers' spring and autumn intakes with the one-stop
checklist, job fairs, trainings, start-up support (paid from the year's 县本级安置就业经费 of the 帮扶与资金
demo, charged to it), an incubation base, public-welfare posts and
enterprises.  Last year's sunshine-placement batch is finished: scored from the 2018 rule table (the
candidates are soldiers entitled to arranged work discharged in its period), noticed, ranked, posts
chosen in rank order (one declined), reported for duty; the waiting allowance recorded month by month
until then.  People are the veterans demo's, taken in a
fixed order by ID number; what each year gets is drawn from a generator seeded with the year.
"""

import datetime
import math
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.utils import timezone

from benefits.models_assist import Fund, FundCharge, FundKind, FundSource
from core.contrib import demo_step
from core.demo import SEED, sync
from placement import scoring
from placement.models import (
    CHECKLIST,
    ChoiceLog,
    EmploymentEnterprise,
    EmploymentTraining,
    IncubatedBusiness,
    IncubationBase,
    JobFair,
    PlacementCase,
    PlacementQuota,
    ReturnRegistration,
    ScoreItem,
    StartupSupport,
    SunshineBatch,
    SunshinePost,
    WaitingAllowance,
    WelfarePost,
)
from placement.rules import RULES_2023, load_rule_set
from veterans.models import DischargeCategory, FamilyMember, Veteran

ORGANS = ["县发展和改革局", "县财政局", "县人力资源和社会保障局", "县应急管理局", "县市场监督管理局", "县司法局", "县综合行政执法局",
          "县委政法委", "县统计局", "县自然资源和规划局"]
INSTITUTIONS = ["县档案馆", "县公路与运输管理中心", "县水利水电服务中心", "县不动产登记中心", "县城市管理服务中心", "县农业农村服务中心",
                "县退役军人服务中心", "县疾病预防控制中心"]
POST_NAMES = ["综合管理岗", "执法辅助岗", "技术保障岗", "后勤服务岗", "档案管理岗", "应急值守岗"]
FAIRS = [("online", "“就业有位来”退役军人线上专场招聘会", "浙里就业网络平台"),
         ("offline", "春风行动退役军人专场招聘会", "县人力资源市场")]


def day_in(year, u, today):
    first = datetime.date(year, 1, 1)
    day = first + datetime.timedelta(days=int(u * 364))
    return min(day, today)


def aware(day, minutes):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)) + datetime.timedelta(minutes=minutes))


def people(category):
    return list(Veteran.objects.filter(discharge_category=category, status="alive").order_by("id_number"))


@demo_step(after=("veterans", "benefits"))  # benefits: the 帮扶与资金 funds the start-up grants draw on
def load_placement(ctx):
    staff = ctx.users["demo-staff"]
    county, today = ctx.county, ctx.today
    years = (today.year - 1, today.year)
    rules = load_rule_set(county, staff)
    load_rule_set(county, staff, table=RULES_2023)  # declared without figures: staff enter them (placement.rules)

    transferred = people(DischargeCategory.TRANSFERRED)
    arranged = [v for v in people(DischargeCategory.ARRANGED) if rules.applies_to(v.discharge_date)]
    self_employed = people(DischargeCategory.SELF_EMPLOYED)
    spouses = list(FamilyMember.objects.filter(relationship="spouse", veteran__status="alive")
                   .exclude(veteran__discharge_category=DischargeCategory.ARRANGED).order_by("id_number_index", "id"))
    used = set()

    def take(pool, n):
        found = [p for p in pool if (p.veteran_id if isinstance(p, FamilyMember) else p.pk) not in used][:n]
        used.update(p.veteran_id if isinstance(p, FamilyMember) else p.pk for p in found)
        return found

    quotas, cases = [], []
    for year in years:
        rng = random.Random(f"{SEED}:placement:{year}")
        done_by = today if year == today.year else datetime.date(year, 12, 31)
        last = year < today.year
        officers = take(transferred, 18 if last else 15)
        ncos = take(transferred, 3 if last else 4)
        wives = take(spouses, 9 if last else 6)
        quotas += [{"area": county, "year": year, "kind": "officer", "spouse_identity": "", "count": len(officers),
                    "document": f"{year}年军队转业干部安置计划"},
                   {"area": county, "year": year, "kind": "nco", "spouse_identity": "", "count": len(ncos), "document": ""},
                   {"area": county, "year": year, "kind": "spouse", "spouse_identity": "institution", "count": len(wives),
                    "document": ""}]
        received = day_in(year, 0.15, today)
        for n, veteran in enumerate(officers):
            row = base_case(veteran, year, "officer", received)
            if n < 2:
                row |= {"status": "self_chosen", "self_chosen_on": min(received + datetime.timedelta(days=40), done_by)}
            elif last or n < 10:
                organ = n < len(officers) - 1 or not last
                row |= placed(rng, row, done_by, "organ" if organ else "institution", last)
            else:
                row |= {"status": "reviewed", "reviewed_on": received + datetime.timedelta(days=20)}
            cases.append(row)
        for veteran in ncos:
            cases.append(base_case(veteran, year, "nco", received) | placed(rng, {}, done_by, "institution", last))
        for spouse in wives:
            row = base_case(spouse.veteran, year, "spouse", received) | {"family_member": spouse,
                                                                         "spouse_identity": "institution"}
            cases.append(row | placed(rng, {}, done_by, "institution", last))
    sync(PlacementQuota, quotas, key=["area", "year", "kind", "spouse_identity"], ctx=ctx)
    cases = sync(PlacementCase, cases, key=["veteran", "year", "kind"], ctx=ctx)
    batch_cases = sunshine_batch(ctx, rules, take(arranged, 10), years[0])
    registrations = intakes(ctx, self_employed, years)
    services_count = employment(ctx, years, self_employed, transferred)
    ctx.count("安置对象", len(cases) + batch_cases, "名（含阳光安置对象）")
    ctx.count("返乡报到", registrations, "人")
    ctx.count("就业创业服务记录", services_count, "条")


def base_case(veteran, year, kind, received):
    return {"veteran": veteran, "family_member": None, "year": year, "kind": kind, "spouse_identity": "",
            "received_on": received, "status": "received"}


def placed(rng, row, done_by, destination, last):
    reviewed = done_by.replace(month=min(done_by.month, 4), day=1) if not last else datetime.date(done_by.year, 4, 10)
    chosen = reviewed + datetime.timedelta(days=30)
    reported = min(chosen + datetime.timedelta(days=20), done_by)
    unit = rng.choice(ORGANS if destination == "organ" else INSTITUTIONS)
    values = {"destination": destination, "receiving_unit": unit, "reviewed_on": reviewed, "chosen_on": chosen,
              "reported_on": reported, "status": "reported"}
    if last:
        values |= {"status": "done", "done_on": reported + datetime.timedelta(days=90)}
    return values


def sunshine_batch(ctx, rules, soldiers, year):
    """Last year's finished batch: 10 candidates, 12 posts, one declines."""
    rng = random.Random(f"{SEED}:placement:sunshine:{year}")
    notice = datetime.date(year, 6, 2)  # a Monday in 2025; any weekday works
    batch = sync(SunshineBatch, [{
        "area": ctx.county, "name": f"{year}年度符合政府安排工作条件退役士兵阳光安置", "year": year, "rule_set": rules,
        "notice_days": 5, "post_ratio": Decimal("1.20"), "waiting_allowance": Decimal("2280.00"), "status": "finished",
        "notice_start": notice, "published_on": scoring.add_working_days(notice, 5) + datetime.timedelta(days=3),
        "meeting_on": datetime.date(year, 6, 20), "finished_on": datetime.date(year, 6, 20),
    }], key=["area", "name"], ctx=ctx)[0]
    count = math.ceil(len(soldiers) * Decimal("1.2"))
    scored = []
    for veteran in soldiers:
        months = scoring.service_months(veteran.enlistment_date, veteran.discharge_date)
        found = [ScoreItem(kind="service", quantity=Decimal(months), evidence="档案：士兵入伍登记表、退役证明")]
        for (code, wartime), n in scoring.recorded_awards(veteran.merits).items():
            found.append(ScoreItem(kind=code, wartime=wartime, quantity=Decimal(n), evidence="档案：奖励通令、立功受奖登记表"))
        for item in found:
            item.points = item.compute_points(rules)
        scored.append((veteran, found, sum((i.points for i in found), Decimal("0.00")), months))
    scored.sort(key=lambda row: (-row[2], -row[3], row[0].birth_date, row[0].id_number))
    declined = 4  # the fourth declines the posts and chooses self-employment
    posts = sync(SunshinePost, [{"batch": batch, "unit": INSTITUTIONS[n % len(INSTITUTIONS)] if n % 3 else ORGANS[n],
                                 "destination": "institution" if n % 3 else "organ", "name": POST_NAMES[n % len(POST_NAMES)],
                                 "count": 1, "taken": 1 if n < len(scored) - 1 else 0} for n in range(count)],
                 key=["batch", "unit", "name"], ctx=ctx)
    rows, chosen = [], iter(posts)
    for rank, (veteran, _found, score, _months) in enumerate(scored, start=1):
        row = base_case(veteran, year, "soldier", datetime.date(year, 3, 1)) | {
            "batch": batch, "condition": "service_12", "reviewed_on": datetime.date(year, 3, 20), "score": score, "rank": rank,
            "score_confirmed_on": datetime.date(year, 5, 20) + datetime.timedelta(days=rng.randint(0, 6))}
        if rank == declined:
            row |= {"choice_status": "declined", "status": "self_chosen", "self_chosen_on": batch.meeting_on}
        else:
            post = next(chosen)
            row |= {"choice_status": "chosen", "post": post, "chosen_at": aware(batch.meeting_on, 10 * rank),
                    "destination": post.destination, "receiving_unit": post.unit, "chosen_on": batch.meeting_on,
                    "status": "done", "reported_on": datetime.date(year, 7, 15), "done_on": datetime.date(year, 10, 15)}
        rows.append(row)
    cases = sync(PlacementCase, rows, key=["veteran", "year", "kind"], ctx=ctx)
    items, log = [], []
    for case, row, (_veteran, found, _score, _months) in zip(cases, rows, scored, strict=True):
        items += [{"case": case, "kind": i.kind, "wartime": i.wartime, "quantity": i.quantity, "evidence": i.evidence,
                   "points": i.points} for i in found]
        log.append({"batch": batch, "case": case, "rank": row["rank"], "action": "declined" if row["rank"] == declined else "chose",
                    "post": row.get("post"), "at": aware(batch.meeting_on, 10 * row["rank"]), "operator": "陈海燕",
                    "reason": "本人选择自主就业" if row["rank"] == declined else ""})
    sync(ScoreItem, items, key=["case", "kind", "wartime"], ctx=ctx)
    sync(ChoiceLog, log, key=["batch", "case"], ctx=ctx)
    # the waiting allowance, at the batch's rate, for each month from the file's arrival until the month the
    # candidate stopped waiting (reported for duty, or chose self-employment), as the batch's action records it
    allowances = []
    for case in cases:
        until = case.reported_on or case.self_chosen_on
        month = case.received_on.replace(day=1)
        while month < until.replace(day=1):
            allowances.append({"case": case, "month": month, "amount": batch.waiting_allowance,
                               "recorded_by": ctx.users["demo-staff"]})
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    sync(WaitingAllowance, allowances, key=["case", "month"], ctx=ctx)
    ctx.count("阳光安置批次", 1, f"批（{len(cases)}名对象，{len(posts)}个岗位）")
    return len(cases)


def intakes(ctx, soldiers, years):
    rows = []
    pool = iter(soldiers)
    for year in years:
        rng = random.Random(f"{SEED}:placement:returns:{year}")
        for season, n, month in (("spring", 33 if year < ctx.today.year else 29, 4), ("autumn", 81 if year < ctx.today.year else 76, 10)):
            reported = datetime.date(year, month, 10)
            if reported > ctx.today:
                continue
            for _n in range(n):
                veteran = next(pool)
                row = {"veteran": veteran, "year": year, "season": season, "reported_on": reported}
                for name, _label in CHECKLIST:
                    done = rng.random() < (0.97 if (ctx.today - reported).days > 60 else 0.7)
                    day = reported + datetime.timedelta(days=rng.randint(0, 20))
                    row[name] = day if done and day <= ctx.today else None
                rows.append(row)
    return len(sync(ReturnRegistration, rows, key=["veteran", "year", "season"], ctx=ctx))


def employment(ctx, years, self_employed, transferred):
    county, today = ctx.county, ctx.today
    fairs, trainings, supports, welfare, enterprises = [], [], [], [], []
    late = self_employed[-60:]
    for i, year in enumerate(years):
        rng = random.Random(f"{SEED}:placement:jobs:{year}")
        for n, (mode, name, place) in enumerate(FAIRS):
            day = datetime.date(year, 3 + 6 * n, 18)
            if day > today:
                continue
            companies = rng.randint(30, 45)
            fairs.append({"area": county, "name": f"{year}年{name}", "mode": mode, "date": day, "place": place,
                          "companies": companies, "posts_offered": companies * rng.randint(9, 12),
                          "attendees": rng.randint(150, 260), "intents": rng.randint(15, 24), "contracts": rng.randint(5, 12)})
        for kind, name, month, enrolled in (("adaptive", "退役士兵适应性培训班", 5, 34), ("skill", "退役军人职业技能培训班", 9, 40),
                                            ("startup", "退役军人创业培训班", 11, 25)):
            start = datetime.date(year, month, 8)
            if start > today:
                continue
            enrolled = enrolled - i * 2
            trainings.append({"area": county, "kind": kind, "name": f"{year}年{name}", "start_on": start,
                              "end_on": start + datetime.timedelta(days=14), "organiser": "县退役军人服务中心",
                              "enrolled": enrolled, "completed": enrolled - rng.randint(0, 2),
                              "certificates": enrolled - 4 if kind == "skill" else 0})
        for n, (kind, amount) in enumerate((("grant", "10000.00"), ("rent", "6000.00"), ("rent", "6000.00"), ("rent", "4800.00"))):
            applied = datetime.date(year, 4 + n, 6)
            if applied + datetime.timedelta(days=20) > today:
                continue
            supports.append({"veteran": late[i * 10 + n], "kind": kind, "business": f"{late[i * 10 + n].name}创办的个体工商户",
                             "applied_on": applied, "status": "approved", "approved_on": applied + datetime.timedelta(days=20),
                             "amount": Decimal(amount), "fund_source": "县级退役军人就业创业扶持资金", "fund": None})
    funds = placement_funds(county)
    for row in supports:  # paid from the year's 县本级安置就业经费 when the 帮扶与资金 demo has allocated it
        row["fund"] = next((f for f in funds if f.year == row["approved_on"].year
                            and f.allocated_on <= row["approved_on"]), None)
        if row["fund"] is not None:
            row["fund_source"] = ""
    for n, veteran in enumerate(transferred[-12:]):
        welfare.append({"veteran": veteran, "post": "社区公益性岗位" if n % 2 else "城市管理协管员", "employer": "县人力资源和社会保障局",
                        "since": datetime.date(2019 + n % 5, 3, 1), "until": None})
    for n, name in enumerate(["云溪县戎创农业开发有限公司", "云溪县老兵物业服务有限公司", "云溪县军创物流有限公司", "浙江云溪安保服务有限公司"]):
        enterprises.append({"area": county, "name": name, "founded_by_veteran": n < 3, "recorded_on": datetime.date(years[0], 2 + n, 1),
                            "veterans_employed": 6 + 5 * n, "contact": ""})
    base = sync(IncubationBase, [{"area": county, "name": "云溪县退役军人创业孵化基地", "address": "云溪街道创业路18号",
                                  "operator": "县退役军人服务中心", "recognised_on": datetime.date(years[0], 5, 1), "level": "县级"}],
                key=["area", "name"], ctx=ctx)[0]
    businesses = [{"base": base, "name": f"{v.name}电商工作室", "veteran": v, "entered_on": datetime.date(years[0], 6 + n, 1),
                   "employees": 2 + n} for n, v in enumerate(late[-4:])]
    total = 0
    for model, rows, key in ((JobFair, fairs, ["area", "name"]), (EmploymentTraining, trainings, ["area", "name"]),
                             (StartupSupport, supports, ["veteran", "kind", "applied_on"]), (WelfarePost, welfare, ["veteran", "post"]),
                             (EmploymentEnterprise, enterprises, ["area", "name"]), (IncubatedBusiness, businesses, ["base", "name"])):
        synced = sync(model, rows, key=key, ctx=ctx)
        total += len(synced)
        if model is StartupSupport:
            charge_supports(ctx, synced)
    return total + 1


def placement_funds(county):
    return list(Fund.objects.filter(area=county, kind=FundKind.PLACEMENT, source=FundSource.COUNTY).order_by("year"))


def charge_supports(ctx, supports):
    """The approved grants' charges on their funds (as services_assist.fund_charge writes them), and the
    funds' 已支出 summed again from every charge they hold."""
    content_type = ContentType.objects.get_for_model(StartupSupport)
    rows = [{"fund": s.fund, "amount": s.amount, "charged_on": s.approved_on, "content_type": content_type,
             "object_id": str(s.pk), "area": ctx.county, "charged_by": ctx.users["demo-staff"],
             "description": f"{s.get_kind_display()}：{s.veteran.name}"}
            for s in supports if s.fund_id and s.status == "approved"]
    if not rows:
        return
    sync(FundCharge, rows, key=["fund", "content_type", "object_id", "charged_on"], ctx=ctx)
    for fund in {row["fund"].pk: row["fund"] for row in rows}.values():
        spent = fund.charges.aggregate(n=Sum("amount"))["n"] or Decimal("0.00")
        if fund.disbursed != spent:
            Fund.objects.filter(pk=fund.pk).update(disbursed=spent)
