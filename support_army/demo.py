"""Demo 双拥 work of 云溪县 (a demo step; see core/demo.py for the rules steps follow).

Each calendar year of the demo window has the same plan, drawn from a generator seeded with the year:
the 春节 campaign visits every 重点优抚对象 of each township (500元 and goods worth 200元 each) and the
county's leaders visit the stationed units; "八一" visits the disabled soldiers and the units again; 中秋
a few veterans' representatives; 烈士纪念日 the martyrs' families.  Three units stationed in the county
share co-building activities and the problems solved for them; a yearly survey of serving members'
families finds a few in difficulty and helps most of them.  The supporting-shop drive begins last
year (15 applications, 9 approved in 第一批 in August) and goes on this year (第二批); the 优待清单
grows the same way.  Conscription counts for spring and autumn, and the model-county milestones.
Only records dated up to today are loaded.
"""

import datetime
import random
from decimal import Decimal

from benefits.models import KEY_CATEGORIES, Category, Entitlement
from core import fake
from core.contrib import demo_step
from core.demo import SEED, sync
from support_army.models import (
    ArmyUnit,
    Campaign,
    CampaignTarget,
    CoBuildingActivity,
    Conscription,
    FamilySurvey,
    Industry,
    ItemKind,
    MemberRelationship,
    ModelCityMilestone,
    Occasion,
    PreferentialItem,
    ProblemKind,
    RecipientKind,
    ServingFamily,
    SupportShop,
    UnitProblem,
    Visit,
    VisitRecipient,
)
from veterans.models import Veteran

UNITS = [("驻县某部", "李参谋"), ("县人民武装部", "赵干事"), ("武警云溪中队", "孙指导员")]
TOWNSHIP_LEADERS = [("党委书记", 0.5), ("镇长", 0.3), ("人武部长", 0.2)]
COUNTY_LEADERS = [("县委书记", "周国平"), ("县长", "吴建华"), ("县委常委、人武部政委", "刘志刚")]
ACTIVITIES = [
    ("cobuild", "开展军民共建文明单位结对活动"), ("condolence", "举办“八一”军民联欢晚会"),
    ("education", "联合开展全民国防教育日宣传"), ("service", "部队官兵参与抗洪抢险、助力乡村振兴"),
    ("cobuild", "军地联合开展应急救援演练"), ("education", "组织中小学生走进军营"),
]
PROBLEMS = [
    (ProblemKind.SPOUSE_JOB, "随军家属就业安置"), (ProblemKind.SCHOOLING, "官兵子女就近入学"),
    (ProblemKind.BARRACKS, "营区周边道路硬化"), (ProblemKind.BARRACKS, "营区供水管网改造"),
    (ProblemKind.OTHER, "训练场地协调使用"),
]
DIFFICULTIES = [
    ("hardship_living", "家庭收入低，老人长期患病", "发放临时救助金并纳入重点关爱对象"),
    ("hardship_medical", "父亲住院治疗，医疗费用负担重", "协调医保报销并送去慰问金"),
    ("hardship_schooling", "子女入学需协调", "协调就近入学"),
    ("hardship_housing", "住房年久失修", "纳入农村危房改造"),
    ("hardship_employment", "配偶失业在家", "推荐到本地企业就业"),
]
SHOP_NAMES = "老兵 军旗 八一 红星 向阳 拥军 戎耀 鸿运 福源 金鼎 聚鲜 惠民 同心 兴旺 德顺 和顺 永兴 万家 阳光 新华 长城 利民".split()
SHOP_KINDS = [(Industry.CATERING, "饭店", "凭优待证就餐九折"), (Industry.VEHICLE, "汽车维修中心", "凭优待证维修工时费八折"),
              (Industry.RETAIL, "超市", "凭优待证购物九五折"), (Industry.MEDICAL, "大药房", "凭优待证购药九折"),
              (Industry.LODGING, "宾馆", "凭优待证住宿八五折"), (Industry.SERVICE, "理发店", "凭优待证理发免费")]
ITEMS = [
    ("县城公交免费乘车", "云溪县公共交通有限公司", ItemKind.TRANSPORT, "现役军人、残疾军人、退役军人凭优待证免费乘坐县城公交"),
    ("云溪公园免费游园", "县住建局", ItemKind.PARK, "凭优待证免费入园"),
    ("凤山景区门票减免", "凤山旅游开发有限公司", ItemKind.SCENIC, "现役军人、退役军人及“三属”凭优待证免门票"),
    ("县博物馆优先参观", "县博物馆", ItemKind.MUSEUM, "凭优待证免预约优先参观"),
    ("县人民医院优先就诊", "县人民医院", ItemKind.HOSPITAL, "设置军人优先窗口，挂号、就诊、取药优先"),
    ("县图书馆优先借阅", "县图书馆", ItemKind.MUSEUM, "凭优待证优先办证借阅"),
    ("清溪漂流门票优惠", "清溪旅游公司", ItemKind.SCENIC, "凭优待证门票五折"),
    ("县中医院体检优惠", "县中医院", ItemKind.HOSPITAL, "凭优待证体检费八折"),
]


def day_in(year, month, day_from, day_to, rng):
    return datetime.date(year, month, rng.randint(day_from, day_to))


def key_people(county):
    """{veteran id: (township code, categories)} of the living veterans whose own or family entitlements
    are 重点优抚对象 categories, read once."""
    rows = (Entitlement.objects.inside(county.code).filter(ended_on__isnull=True, category__in=KEY_CATEGORIES)
            .values_list("veteran_id", "veteran__area_id", "category").order_by("veteran_id"))
    people = {}
    for veteran, area, category in rows:
        people.setdefault(veteran, (area[:9], set()))[1].add(category)
    return people


def year_plan(ctx, year, units, people):
    rng = random.Random(f"{SEED}:support_army:{year}")
    campaign = {"name": f"{year}年春节走访慰问", "area": ctx.county, "year": year, "occasion": Occasion.SPRING,
                "starts_on": datetime.date(year, 1, 15), "ends_on": datetime.date(year, 2, 10),
                "note": "县、镇两级领导带队走访慰问重点优抚对象和驻县部队"}
    visits, recipients = [], []

    def visit(area, day, occasion, post, name, note, campaign_name=None):
        row = {"area": area, "date": day, "occasion": occasion, "leader_post": post, "leader_name": name,
               "funding": "县级拥军优属经费", "note": note, "campaign": campaign_name}
        visits.append(row)
        return row

    by_township = {}
    for veteran, (township, categories) in sorted(people.items()):
        by_township.setdefault(township, []).append((veteran, categories))
    for township in ctx.townships:
        members = by_township.get(township.code, [])
        post = rng.choices([p for p, _w in TOWNSHIP_LEADERS], weights=[w for _p, w in TOWNSHIP_LEADERS])[0]
        leader = fake.person_name(rng, rng.randint(1968, 1985))
        spring = visit(township, day_in(year, 1, 18, 31, rng), Occasion.SPRING, post, leader,
                       f"{township.name}春节走访慰问重点优抚对象", campaign_name=campaign["name"])
        for veteran, _categories in members:
            if rng.random() < 0.97:
                recipients.append({"visit": spring, "kind": RecipientKind.BENEFICIARY, "veteran": veteran,
                                   "cash": Decimal("500.00"), "goods": "大米、食用油", "goods_value": Decimal("200.00")})
        august = visit(township, day_in(year, 7, 25, 31, rng), Occasion.AUGUST_FIRST, post, leader,
                       f"{township.name}“八一”走访慰问残疾军人")
        for veteran, categories in members:
            if Category.DISABLED_SOLDIER in categories or rng.random() < 0.15:
                recipients.append({"visit": august, "kind": RecipientKind.BENEFICIARY, "veteran": veteran,
                                   "cash": Decimal("300.00"), "goods": "", "goods_value": Decimal("0.00")})
        martyrs = [v for v, c in members if c & {Category.MARTYR_FAMILY, Category.MARTYR_CHILD}]
        if martyrs:
            day = visit(township, datetime.date(year, 9, 29), Occasion.MARTYRS_DAY, post, leader, "烈士纪念日慰问烈属")
            for veteran in martyrs:
                recipients.append({"visit": day, "kind": RecipientKind.BENEFICIARY, "veteran": veteran,
                                   "cash": Decimal("500.00"), "goods": "", "goods_value": Decimal("0.00")})
    county_post, county_name = COUNTY_LEADERS[year % len(COUNTY_LEADERS)]
    rng = random.Random(f"{SEED}:support_army:{year}:county")  # the county's dates do not shift with the townships' lists
    for occasion, month, cash, goods in ((Occasion.SPRING, 1, "20000.00", "30000.00"), (Occasion.AUGUST_FIRST, 7, "10000.00", "20000.00")):
        trip = visit(ctx.county, day_in(year, month, 20, 28, rng), occasion, county_post, county_name,
                     "县四套班子领导带队走访慰问驻县部队官兵", campaign_name=campaign["name"] if occasion == Occasion.SPRING else None)
        for unit in units:
            recipients.append({"visit": trip, "kind": RecipientKind.UNIT, "unit": unit, "cash": Decimal(cash),
                               "goods": "慰问品", "goods_value": Decimal(goods)})
    autumn = visit(ctx.county, day_in(year, 9, 10, 20, rng), Occasion.MID_AUTUMN, "局长", "王建国",
                   "中秋节走访慰问退役军人代表")
    for veteran in rng.sample(sorted(people), min(12, len(people))):
        recipients.append({"visit": autumn, "kind": RecipientKind.VETERAN, "veteran": veteran, "cash": Decimal("500.00"),
                           "goods": "月饼", "goods_value": Decimal("100.00")})
    targets = [{"campaign": campaign["name"], "area": t, "planned": len(by_township.get(t.code, []))} for t in ctx.townships]
    return rng, campaign, targets, visits, recipients


def by_key(objs, name):
    return {getattr(o, name): o for o in objs}


def load_year_visits(ctx, year, units, people):
    rng, campaign, targets, visits, recipients = year_plan(ctx, year, units, people)
    campaign_obj = sync(Campaign, [campaign], key=["name", "area"], ctx=ctx)[0]
    for row in targets:
        row["campaign"] = campaign_obj
    sync(CampaignTarget, [t for t in targets if t["planned"]], key=["campaign", "area"], ctx=ctx)
    kept = [v for v in visits if v["date"] <= ctx.today]
    for row in kept:
        row["campaign"] = campaign_obj if row["campaign"] else None
    visit_objs = sync(Visit, kept, key=["area", "date", "occasion", "leader_name"], ctx=ctx)
    objs = {id(row): obj for row, obj in zip(kept, visit_objs, strict=True)}
    rows = []
    for row in recipients:
        if id(row["visit"]) in objs:
            row = {"veteran": None, "unit": None, "name": "", **row, "visit": objs[id(row["visit"])]}
            if row["veteran"] is not None:
                row["veteran"] = Veteran(pk=row["veteran"])  # a key is enough to link
            rows.append(row)
    sync(VisitRecipient, rows, key=["visit", "kind", "veteran", "unit", "name"], ctx=ctx)
    return rng, len(visit_objs), len(rows)


def load_units(ctx, rng):
    units = sync(ArmyUnit, [{"name": name, "area": ctx.county, "contact_person": person, "contact_phone": fake.mobile(rng)}
                            for name, person in UNITS], key=["name", "area"], ctx=ctx)
    activities, problems = [], []
    for year in range(ctx.start.year, ctx.today.year + 1):
        r = random.Random(f"{SEED}:support_army:units:{year}")
        for n, (kind, content) in enumerate(ACTIVITIES):
            activities.append({"unit": units[n % len(units)], "kind": kind, "content": content,
                               "date": datetime.date(year, 2 + n * 2, r.randint(1, 27))})
        for n, (kind, text) in enumerate(r.sample(PROBLEMS, 4)):
            raised = datetime.date(year, 1 + n * 3, r.randint(1, 27))
            solved = raised + datetime.timedelta(days=r.randint(20, 120))
            problems.append({"unit": units[n % len(units)], "kind": kind, "description": text, "raised_on": raised,
                             "status": "solved" if solved <= ctx.today else "open",
                             "solved_on": solved if solved <= ctx.today else None})
    activities = [a for a in activities if a["date"] <= ctx.today]
    problems = [p for p in problems if p["raised_on"] <= ctx.today]
    sync(CoBuildingActivity, activities, key=["unit", "date", "content"], ctx=ctx)
    sync(UnitProblem, problems, key=["unit", "raised_on", "description"], ctx=ctx)
    return units, len(activities), len(problems)


def load_families(ctx):
    total = 0
    for year in range(ctx.start.year, ctx.today.year + 1):
        start = datetime.date(year, 3, 1)
        if start > ctx.today:
            continue
        r = random.Random(f"{SEED}:support_army:families:{year}")
        survey = sync(FamilySurvey, [{"name": f"{year}年现役军人家庭走访摸排", "area": ctx.county, "started_on": start,
                                      "note": "“你为国戍边，我为你守家”关爱现役军人家庭"}], key=["name", "area"], ctx=ctx)[0]
        rows, hard = [], 0
        for village in ctx.villages:
            for _n in range(r.choice([0, 1, 1, 2, 2, 3])):
                surname_year = r.randint(1960, 1975)
                household = fake.person_name(r, surname_year)
                surveyed = start + datetime.timedelta(days=r.randint(0, 120))
                row = {"survey": survey, "area": village, "household": household,
                       "member_name": household[0] + fake.person_name(r, 2002)[1:],
                       "relationship": r.choices([MemberRelationship.SON, MemberRelationship.DAUGHTER, MemberRelationship.SPOUSE],
                                                 weights=[80, 8, 12])[0],
                       "phone": fake.mobile(r), "surveyed_on": surveyed, "difficulty": "", "help_given": "", "helped_on": None}
                if r.random() < 0.05:
                    field, text, help_text = r.choice(DIFFICULTIES)
                    row.update({field: True, "difficulty": text})
                    helped = surveyed + datetime.timedelta(days=r.randint(10, 90))
                    hard += 1
                    if hard % 4 and helped <= ctx.today:  # three in four helped so far
                        row.update({"help_given": help_text, "helped_on": helped})
                if surveyed <= ctx.today:
                    rows.append(row)
        total += len(sync(ServingFamily, rows, key=["survey", "area", "household", "member_name"], ctx=ctx))
    return total


def shop_rows(ctx, rng):
    """Last year's drive (15 applications, 9 approved in 第一批) and this year's (22 so far, 第二批)."""
    rows = []
    drives = ((ctx.today.year - 1, 15, 9, 1), (ctx.today.year, 22, 12, 2))
    used = set()
    for year, applied, approved, batch in drives:
        for n in range(applied):
            while True:
                stem, (industry, suffix, discount) = rng.choice(SHOP_NAMES), rng.choice(SHOP_KINDS)
                township = rng.choice(ctx.townships[:6])
                name = f"{township.name.removesuffix('街道').removesuffix('镇')}{stem}{suffix}"
                if name not in used:
                    break
            used.add(name)
            applied_on = datetime.date(year, 4, 1) + datetime.timedelta(days=rng.randint(0, 90))
            row = {"name": name, "area": township,
                   "licence_number": f"92330727MA{rng.randint(10**7, 10**8 - 1)}",
                   "address": f"{township.name}{fake.street(rng, 199)}", "industry": industry, "applied_on": applied_on,
                   "discounts": discount, "contact_person": fake.person_name(rng, rng.randint(1970, 1995)),
                   "phone": fake.mobile(rng), "status": "applied", "inspected_on": None, "inspector": "",
                   "inspection_note": "", "batch": None, "approved_on": None, "withdrawn_on": None}
            decided = datetime.date(year, 8, 5)
            if n < approved and decided <= ctx.today:
                row.update(status="approved", inspected_on=datetime.date(year, 7, 10 + n % 15), inspector="县双拥办 陈海燕",
                           inspection_note="经营资质齐全，优待措施可落实", batch=batch, approved_on=decided)
            elif n < applied - 2 and decided <= ctx.today:
                row.update(status="rejected")
            elif applied_on <= ctx.today:
                row.update(status="reviewed")
            if applied_on <= ctx.today:
                rows.append(row)
    first = next((r for r in rows if r["batch"] == 1), None)
    if first is not None and ctx.today >= datetime.date(ctx.today.year, 3, 1):
        first.update(status="withdrawn", withdrawn_on=datetime.date(ctx.today.year, 3, 1))  # the shop closed
    return rows


def item_rows(ctx):
    rows = []
    for n, (name, provider, kind, benefit) in enumerate(ITEMS):
        year = ctx.today.year - 1 if n < 5 else ctx.today.year
        approved = datetime.date(year, 6, 20)
        if approved > ctx.today:
            continue
        rows.append({"name": name, "provider": provider, "kind": kind, "discounts": benefit, "area": ctx.county,
                     "applied_on": approved - datetime.timedelta(days=40), "status": "approved",
                     "inspected_on": approved - datetime.timedelta(days=10), "inspector": "县双拥办",
                     "batch": 1 if year < ctx.today.year else 2, "approved_on": approved})
    return rows


def conscription_rows(ctx):
    rows = []
    for year in range(ctx.start.year, ctx.today.year + 1):
        r = random.Random(f"{SEED}:support_army:conscription:{year}")
        for season, month, task in (("spring", 3, 45), ("autumn", 9, 80)):
            if datetime.date(year, month, 31 if month == 3 else 30) > ctx.today:
                continue
            enlisted = task - r.choice([0, 0, 1])
            rows.append({"area": ctx.county, "year": year, "season": season, "task": task, "enlisted": enlisted,
                         "students": int(enlisted * (0.55 + 0.2 * r.random()))})
    return rows


MILESTONES = [(-1, 1, 12, "启动省级双拥模范县创建工作"), (-1, 5, 20, "召开双拥模范县创建推进会"),
              (0, 4, 15, "完成创建申报材料整理报送"), (0, 9, 18, "迎接省双拥模范城（县）考评组实地考评")]


@demo_step(after=("veterans", "benefits"))
def load_support_army(ctx):
    rng = ctx.rng
    units, activities, problems = load_units(ctx, rng)
    people = key_people(ctx.county)
    visits = recipients = 0
    for year in range(ctx.start.year, ctx.today.year + 1):
        _rng, v, r = load_year_visits(ctx, year, units, people)
        visits, recipients = visits + v, recipients + r
    families = load_families(ctx)
    shops = sync(SupportShop, shop_rows(ctx, rng), key=["licence_number"], ctx=ctx)
    items = sync(PreferentialItem, item_rows(ctx), key=["name", "provider", "area"], ctx=ctx)
    conscription = sync(Conscription, conscription_rows(ctx), key=["area", "year", "season"], ctx=ctx)
    milestones = [{"area": ctx.county, "date": datetime.date(ctx.today.year + offset, m, d), "title": title}
                  for offset, m, d, title in MILESTONES if datetime.date(ctx.today.year + offset, m, d) <= ctx.today]
    sync(ModelCityMilestone, milestones, key=["area", "date", "title"], ctx=ctx)
    ctx.count("走访慰问", visits, f"次（慰问对象 {recipients} 人次/个）")
    ctx.count("驻地部队", len(units), f"个（共建活动 {activities} 次、实际问题 {problems} 件）")
    ctx.count("现役军人家庭", families, "户")
    ctx.count("拥军优属门店", len(shops), f"家（已批准 {sum(s.status == 'approved' for s in shops)} 家）")
    ctx.count("优待清单项目", len(items), "项")
    ctx.count("征兵记录", len(conscription), "条")
