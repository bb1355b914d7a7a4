"""Demo veterans of 云溪县: about 3,000 people with families, cards, archives, checks, moves and volunteers.

Registered as a demo step (core.contrib), so `python manage.py load_demo` loads them
after the county, its areas and users.

Two kinds of values:

* Who a veteran is — name, ID number, birth date, village, service history,
  family, volunteer team — is drawn relative to the fixed `REFERENCE` date, so
  the natural keys (ID numbers, team names, activity titles) are the same
  whatever day the command runs: a rerun on a later day never duplicates
  anyone.  Ages drift by a year a year; move `REFERENCE` forward to refresh.
* What the bureau did — registration, documentation, plaques, cards, archives,
  annual checks, deaths, moves, volunteer activities — is spread at an even
  pace over the demo window (`ctx.start`, 1 January of the year before last,
  to today; most registrations in a drive just before it), so this year, last
  year and the year before each read as a year of work and their year-on-year
  figures are believable.  A rerun on the same day changes nothing; on a later
  day these dates shift and `sync` saves the records whose dates moved.

All randomness comes from `ctx.rng` (reseeded for this step): phase one draws
every person in a fixed order that does not depend on today; each veteran
then gets a private generator (seeded from phase one) that draws a fixed
vector of uniforms, which are mapped to today-relative dates, so a branch
taken on one day never shifts anyone else's values.

Bulk writes go through `core.demo.sync` (bulk_create with history rows), which
bypasses `Veteran.save()`: sex, birth date and the pinyin fields are set here.
"""

import datetime
import random
from bisect import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from core import fake, idnumber
from core.contrib import demo_step
from core.demo import sync
from core.fake import SURNAME, Weighted, given_name, mobile, person_name
from veterans.models import (
    ActivityKind,
    AnnualCheck,
    Branch,
    CheckResult,
    DischargeCategory,
    Education,
    FamilyMember,
    PoliticalStatus,
    PreferentialCard,
    Relationship,
    TeamKind,
    Veteran,
    VeteranArchive,
    VeteranMove,
    VeteranStatus,
    VolunteerActivity,
    VolunteerMember,
    VolunteerTeam,
)
from veterans.pinyin import initials_and_full

DC, PS = DischargeCategory, PoliticalStatus

VETERAN_COUNT = 3000
REFERENCE = datetime.date(2026, 9, 30)  # identities and service histories are drawn as of this day (autumn discharge 2026)
REGION = "330727"
DECEASED_SHARE = 0.015
MARTYRS = 3  # of the deceased: died on duty (抢险救灾) and rated martyrs; their children are 烈士子女
MOVED_WITHIN = 20  # household moved to another township of the county
MOVED_OUT = 10  # moved out of the areas this system covers

# --- people ----------------------------------------------------------------------------------

ETHNICITIES = {"汉族": 980, "畲族": 10, "回族": 3, "土家族": 3, "苗族": 2, "满族": 2}

# Region codes for spouses from elsewhere (as printed on ID numbers issued where they were born).
SPOUSE_REGIONS = {
    REGION: 60, "330702": 5, "330703": 4, "330723": 4, "330726": 4, "330781": 4, "330782": 5, "330783": 4, "330784": 4,
    "330102": 2, "330824": 2, "360121": 2, "362330": 1, "511321": 1, "421281": 1, "431021": 1,
}
WORK_UNITS = [
    "务农", "个体经营", "灵活就业", "云溪县人民医院", "云溪县中医院", "云溪县实验小学", "云溪县第一中学", "云溪县供电公司",
    "浙江云溪农商银行", "云溪县邮政分公司", "金华某机械有限公司", "云溪县某电子科技有限公司", "云溪县某五金制品厂", "退休",
    "无业", "云溪县某物业服务有限公司", "云溪县某超市",
]

# --- service ---------------------------------------------------------------------------------

AGE_BANDS = [  # (lowest age, highest age, share in percent) at REFERENCE
    (22, 24, 9), (25, 34, 31), (35, 45, 26), (46, 55, 14), (56, 65, 10), (66, 75, 6), (76, 85, 3), (86, 94, 1),
]
# Discharge category by age at REFERENCE: (up to age, {category: weight}).  Older veterans are mostly 复员
# (the 2011 regulations replaced 复员 by 自主就业 for conscripts); officers' categories need long service.
CATEGORY_BY_AGE = [
    (29, {DC.SELF_EMPLOYED: 96, DC.SUPPORTED: 4}),
    (37, {DC.SELF_EMPLOYED: 80, DC.ARRANGED: 10, DC.TRANSFERRED: 6, DC.SUPPORTED: 4}),
    (45, {DC.SELF_EMPLOYED: 67, DC.ARRANGED: 10, DC.TRANSFERRED: 8, DC.SELF_CAREER: 5, DC.MONTHLY_PENSION: 5,
          DC.DEMOBILISED: 2, DC.SUPPORTED: 3}),
    (55, {DC.SELF_EMPLOYED: 40, DC.ARRANGED: 9, DC.TRANSFERRED: 8, DC.SELF_CAREER: 6, DC.MONTHLY_PENSION: 1,
          DC.RETIRED: 3, DC.DEMOBILISED: 31, DC.SUPPORTED: 2}),
    (65, {DC.SELF_EMPLOYED: 8, DC.ARRANGED: 5, DC.TRANSFERRED: 7, DC.SELF_CAREER: 3, DC.RETIRED: 18,
          DC.DEMOBILISED: 57, DC.SUPPORTED: 2}),
    (200, {DC.TRANSFERRED: 4, DC.RETIRED: 12, DC.DEMOBILISED: 82, DC.SUPPORTED: 2}),
]
# Years of service by category: (shortest, longest).
SERVICE_YEARS = {
    DC.ARRANGED: (12, 16),  # NCOs with 12 years or more
    DC.TRANSFERRED: (12, 20),
    DC.SELF_CAREER: (20, 26),  # officers with 20 years or more
    DC.MONTHLY_PENSION: (20, 24),
    DC.RETIRED: (30, 36),
    DC.DEMOBILISED: (2, 5),
    DC.SUPPORTED: (2, 5),
}
SELF_EMPLOYED_YEARS = {2: 58, 3: 6, 5: 20, 8: 10, 10: 4, 11: 2}  # conscripts, then NCOs after their first or second term
OFFICER_POSTS = [  # (up to years of service, posts at discharge)
    (14, "排长 副连长 连长"), (20, "连长 副营长 营长 参谋 干事"), (28, "营长 副团长 团长 副处长"),
    (99, "副团长 团长 团长 副处长 处长 副师长"),
]
NCO_RANKS = [(2, "上等兵"), (4, "下士"), (7, "下士"), (10, "中士"), (12, "上士"), (16, "四级军士长"), (20, "三级军士长"),
             (99, "二级军士长")]
BRANCH_BY_ERA = [  # (discharged before year, {branch: weight})
    (1983, {Branch.ARMY: 82, Branch.NAVY: 7, Branch.AIR_FORCE: 7, Branch.ROCKET: 4}),
    (2016, {Branch.ARMY: 60, Branch.NAVY: 8, Branch.AIR_FORCE: 8, Branch.ROCKET: 5, Branch.ARMED_POLICE: 19}),
    (9999, {Branch.ARMY: 50, Branch.NAVY: 9, Branch.AIR_FORCE: 9, Branch.ROCKET: 6, Branch.STRATEGIC: 4, Branch.LOGISTICS: 5,
            Branch.ARMED_POLICE: 17}),
]
# Made-up unit designations ("某" hides the real unit, as veterans' records and news reports do).
UNITS = {
    Branch.ARMY: ["陆军第{n}集团军某旅", "陆军第{n}集团军某合成旅", "陆军第{n}集团军某炮兵旅", "东部战区陆军某部", "陆军某边防团",
                  "浙江省军区某部"],
    Branch.NAVY: ["海军某舰艇支队", "东部战区海军某部", "海军陆战队某旅", "海军某潜艇支队", "海军航空兵某团"],
    Branch.AIR_FORCE: ["空军某航空兵旅", "东部战区空军某部", "空军某雷达旅", "空降兵某旅", "空军某场站"],
    Branch.ROCKET: ["火箭军某基地某旅", "火箭军某部", "火箭军某工程旅"],
    Branch.STRATEGIC: ["战略支援部队某部", "战略支援部队某基地"],
    Branch.LOGISTICS: ["联勤保障部队某联勤保障中心", "联勤保障部队某医院", "联勤保障部队某仓库"],
    Branch.ARMED_POLICE: ["武警浙江省总队某支队", "武警某机动总队某支队", "武警江苏省总队某支队", "武警某部",
                          "武警福建省总队某支队"],
}
OLD_UNITS = {  # before the 2016-2017 reform
    Branch.ARMY: ["原南京军区某集团军某师", "原第{o}集团军某团", "原南京军区某部", "原福州军区某部", "原浙江省军区某独立团",
                  "原广州军区某部"],
    Branch.ROCKET: ["原第二炮兵某基地某旅", "原第二炮兵某部"],
}
GROUP_ARMIES = range(71, 84)
OLD_GROUP_ARMIES = (1, 12, 20, 26, 27, 31, 38, 39, 54)

# --- bureau ----------------------------------------------------------------------------------

OUTSIDE = [
    "浙江省杭州市余杭区", "浙江省杭州市萧山区", "浙江省宁波市鄞州区", "浙江省金华市婺城区", "浙江省金华市义乌市",
    "浙江省温州市鹿城区", "上海市浦东新区", "上海市闵行区", "江苏省苏州市吴中区", "广东省深圳市龙岗区", "江西省上饶市信州区",
]
MOVE_NOTES = ["购房迁入", "随子女迁居", "婚姻迁入", "工作调动", "投靠亲属"]
ARCHIVE_DESTINATIONS = {
    DC.ARRANGED: "云溪县人力资源和社会保障局（安置单位）",
    DC.TRANSFERRED: "云溪县委组织部（军转干部安置）",
    DC.SELF_CAREER: "云溪县退役军人服务中心（自主择业干部管理）",
    DC.MONTHLY_PENSION: "云溪县退役军人服务中心",
    DC.RETIRED: "云溪县军队离退休干部休养所",
}
CHECK_NOTES = {
    CheckResult.UPDATED: ["联系电话已更新", "现居住地址已更新", "文化程度已更新", "家庭成员信息已更新"],
    CheckResult.UNREACHABLE: ["多次电话联系未果，已请村（社区）协助核实", "长期在外务工，联系不上", "电话停机，上门未遇"],
}

# Volunteer teams: (township index or None for the county, name suffix, kind, members)
COUNTY_TEAMS = [
    ("云溪县退役军人应急救援队", TeamKind.EMERGENCY, 48),
    ("云溪县退役军人政策宣讲团", TeamKind.POLICY, 24),
    ("云溪县“老兵之家”关爱志愿服务队", TeamKind.CARE, 30),
]
TOWNSHIP_TEAMS = [  # for the first nine townships, in order
    ("退役军人志愿服务队", TeamKind.GENERAL, 34),
    ("退役军人治安巡逻队", TeamKind.PATROL, 30),
    ("退役军人志愿服务队", TeamKind.GENERAL, 28),
    ("退役军人志愿服务队", TeamKind.GENERAL, 40),
    ("退役军人应急救援分队", TeamKind.EMERGENCY, 36),
    ("退役军人志愿服务队", TeamKind.GENERAL, 30),
    ("退役军人治安巡防队", TeamKind.PATROL, 32),
    ("退役军人关爱帮扶队", TeamKind.CARE, 30),
    ("退役军人应急救援分队", TeamKind.EMERGENCY, 38),
]
TEAM_ACTIVITIES = {  # team kind -> activity kinds it mostly does
    TeamKind.EMERGENCY: {ActivityKind.RESCUE: 60, ActivityKind.COMMUNITY: 20, ActivityKind.PUBLICITY: 10,
                         ActivityKind.MEMORIAL: 10},
    TeamKind.POLICY: {ActivityKind.PUBLICITY: 75, ActivityKind.MEMORIAL: 15, ActivityKind.CARE: 10},
    TeamKind.CARE: {ActivityKind.CARE: 65, ActivityKind.COMMUNITY: 20, ActivityKind.MEMORIAL: 15},
    TeamKind.PATROL: {ActivityKind.COMMUNITY: 60, ActivityKind.OTHER: 25, ActivityKind.RESCUE: 15},
    TeamKind.GENERAL: {ActivityKind.COMMUNITY: 35, ActivityKind.CARE: 25, ActivityKind.PUBLICITY: 15,
                       ActivityKind.MEMORIAL: 15, ActivityKind.RESCUE: 10},
}
# (title template, season) — season is (month, day) for activities held on a fixed day of the year, else None.
ACTIVITY_TITLES = {
    ActivityKind.RESCUE: [
        ("{village}防汛抢险", None), ("{township}森林防火巡查", None), ("{village}台风防御转移群众", None),
        ("应急救援技能拉练（{township}）", None), ("{village}抗旱送水", None), ("{village}消防安全隐患排查", None),
        ("{township}山塘水库汛前巡查", None), ("{village}雨雪冰冻道路除冰", None),
    ],
    ActivityKind.PUBLICITY: [
        ("{village}优待证政策宣讲", None), ("退役军人保障法进{village}", None), ("“老兵讲党课”走进{school}", None),
        ("{township}国防教育宣讲", None), ("征兵政策宣传进{school}", None), ("{village}退役军人就业创业政策宣讲", None),
        ("“八一”建军节红色故事会（{village}）", (7, 31)),
    ],
    ActivityKind.CARE: [
        ("走访慰问{village}困难退役军人", None), ("为{village}高龄老兵送温暖", None), ("{village}老兵义诊", None),
        ("关爱烈属志愿服务（{village}）", None), ("帮助{village}独居老兵打扫卫生", None),
        ("春节前夕走访慰问{village}退役军人", (1, 20)), ("中秋走访慰问{village}重点优抚对象", (9, 12)),
    ],
    ActivityKind.COMMUNITY: [
        ("{village}人居环境整治", None), ("{village}文明劝导", None), ("{township}交通秩序维护", None),
        ("{village}垃圾分类宣传", None), ("{township}义务献血", None), ("{village}反诈宣传", None),
        ("{village}夜间治安巡逻", None), ("{township}集市平安巡防", None),
    ],
    ActivityKind.MEMORIAL: [
        ("清明祭扫{memorial}", (4, 3)), ("烈士纪念日公祭活动（{memorial}）", (9, 30)), ("{memorial}义务讲解", None),
        ("{memorial}保洁维护", None), ("“缅怀先烈”主题团日活动（{memorial}）", (4, 5)),
    ],
    ActivityKind.OTHER: [
        ("{township}护河巡查", None), ("{village}矛盾纠纷调解", None), ("{township}重大活动安保", None),
    ],
}
ACTIVITY_COUNT = 420  # over the demo window: about 140 a year


# --- helpers ---------------------------------------------------------------------------------


ETHNICITY = Weighted(ETHNICITIES)
SPOUSE_REGION = Weighted(SPOUSE_REGIONS)
SELF_EMPLOYED_SERVICE = Weighted(SELF_EMPLOYED_YEARS)
AGE_BAND = Weighted({band: band[2] for band in AGE_BANDS})
CATEGORIES = [(age, Weighted(w)) for age, w in CATEGORY_BY_AGE]
BRANCHES = [(year, Weighted(w)) for year, w in BRANCH_BY_ERA]


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def days(n):
    return datetime.timedelta(days=n)


def between(lo, hi, u):
    """The day a fraction `u` of the way from lo to hi (both included)."""
    return lo + days(int(((hi - lo).days + 1) * u)) if hi >= lo else lo


def age_on(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def pick_weighted(rng, items, weights, k):
    """k distinct items, drawn with probability proportional to weight (Efraimidis-Spirakis)."""
    keyed = sorted(((rng.random() ** (1 / w), i) for i, w in enumerate(weights) if w > 0), reverse=True)
    return [items[i] for _, i in keyed[:k]]


def address(rng, county, township, village):
    return fake.address(rng, county.name, township.name, village.name)


# --- phase one: who the veterans are (independent of today) ------------------------------------


@dataclass
class Person:
    index: int
    seed: int
    name: str
    id_number: str
    female: bool
    born: datetime.date
    village: object
    township: object
    address: str
    current_address: str
    phone: str
    ethnicity: str
    category: str
    branch: str
    enlisted: datetime.date
    discharged: datetime.date
    years: int
    unit: str
    rank: str
    officer: bool
    political: str
    education: str
    merits: str
    fate: str = "alive"  # alive, deceased, martyr, moved, moved_out
    origin: object = None  # the village a mover came from
    destination: str = ""
    family: list = field(default_factory=list)

    @property
    def age(self):
        return age_on(self.born, REFERENCE)


def service(rng, born, age, female):
    """(category, enlisted, discharged, years, officer) consistent with the age at REFERENCE."""
    category = next(w for up_to, w in CATEGORIES if age <= up_to)(rng)
    if female and category in (DC.DEMOBILISED, DC.RETIRED) and age < 60:
        category = DC.SELF_EMPLOYED
    enlist_age = rng.choices((17, 18, 19, 20), weights=(10, 45, 30, 15))[0]
    years = SELF_EMPLOYED_SERVICE(rng) if category == DC.SELF_EMPLOYED else rng.randint(*SERVICE_YEARS[category])
    year = born.year + enlist_age
    if year < 2013:
        month, day = 12, rng.randint(1, 20)  # winter conscription
    elif year < 2021:
        month, day = 9, rng.randint(1, 20)  # summer-autumn conscription
    else:
        month, day = rng.choice((3, 9, 9)), rng.randint(1, 20)  # twice a year since 2021
    enlisted = datetime.date(year, month, day)
    if age_on(born, enlisted) < 17:
        enlisted = add_years(enlisted, 1)

    def fits(n):  # n years of service (and a few days' leeway) end by REFERENCE
        return add_years(enlisted, n) + days(10) <= REFERENCE

    while not fits(2):  # only the youngest: enlist a year earlier (still 17 or older, as they are 22 by REFERENCE)
        enlisted = add_years(enlisted, -1)
    longest = 2
    while fits(longest + 1):
        longest += 1
    if years > longest:
        years = longest
        if category in SERVICE_YEARS and years < SERVICE_YEARS[category][0]:  # too young for this category
            category, years = DC.SELF_EMPLOYED, min(SELF_EMPLOYED_SERVICE(rng), longest)
    officer = category in (DC.SELF_CAREER, DC.MONTHLY_PENSION, DC.RETIRED) or (
        category == DC.TRANSFERRED and rng.random() < 0.6) or (category == DC.DEMOBILISED and years >= 3 and rng.random() < 0.05)
    discharged = add_years(enlisted, years)
    if officer:  # officers leave in the summer
        discharged = discharged.replace(month=rng.randint(6, 8), day=rng.randint(1, 28))
        if discharged > REFERENCE:
            discharged = REFERENCE - days(rng.randint(30, 90))
    else:
        discharged += days(rng.randint(-5, 10))
    return category, enlisted, discharged, years, officer


def rank(rng, years, officer, discharged):
    if officer:
        return rng.choice(next(posts for most, posts in OFFICER_POSTS if years <= most).split())
    if discharged.year < 1988:  # no military ranks between 1965 and 1988
        return rng.choices(("战士", "副班长", "班长"), weights=(60, 15, 25))[0]
    if years <= 2:
        return rng.choices(("上等兵", "列兵"), weights=(92, 8))[0]
    if years == 3 and discharged.year < 2000:
        return rng.choices(("上等兵", "副班长", "班长"), weights=(60, 15, 25))[0]
    return next(r for most, r in NCO_RANKS if years <= most)


def unit(rng, branch, discharged):
    old = discharged.year < 2017 and branch in OLD_UNITS
    template = rng.choice(OLD_UNITS[branch] if old else UNITS[branch])
    return template.format(n=rng.choice(GROUP_ARMIES), o=rng.choice(OLD_GROUP_ARMIES))


def education(rng, born_year, officer):
    if officer:
        return rng.choices((Education.SENIOR, Education.COLLEGE, Education.BACHELOR, Education.POSTGRADUATE),
                           weights=(5, 25, 60, 10))[0]
    levels = (Education.PRIMARY, Education.JUNIOR, Education.SENIOR, Education.COLLEGE, Education.BACHELOR)
    if born_year < 1955:
        weights = (50, 35, 15, 0, 0)
    elif born_year < 1970:
        weights = (20, 50, 25, 5, 0)
    elif born_year < 1985:
        weights = (3, 45, 37, 10, 5)
    elif born_year < 1995:
        weights = (0, 22, 45, 21, 12)
    else:
        weights = (0, 8, 44, 31, 17)
    return rng.choices(levels, weights=weights)[0]


def political(rng, age, years, officer):
    if officer:
        p_party = 0.97
    elif years >= 8:
        p_party = 0.55
    elif years >= 5:
        p_party = 0.36
    else:
        p_party = 0.2 if age < 60 else 0.35
    u = rng.random()
    if u < p_party:
        return PS.PARTY_MEMBER
    if u < p_party + 0.01:
        return PS.PROBATIONARY
    if age < 29 and u < p_party + 0.2:
        return PS.LEAGUE
    if u > 0.998:
        return PS.OTHER_PARTY
    return PS.MASSES


def merits(rng, years):
    parts = []
    if rng.random() < 0.004 * years:
        parts.append("二等功1次")
    if rng.random() < 0.03 + 0.015 * years:
        parts.append(f"三等功{1 if rng.random() < 0.85 else 2}次")
    if rng.random() < 0.12 + 0.04 * min(years, 12):
        parts.append(f"优秀士兵{1 if years < 5 or rng.random() < 0.6 else rng.randint(2, 3)}次")
    return "、".join(parts)


def plan_veterans(ctx, rng):
    county = ctx.county
    townships = {t.code: t for t in ctx.townships}
    villages = list(ctx.villages)
    village_weights = [rng.uniform(0.6, 1.4) * (1.3 if v.name.endswith("社区") else 1.0) for v in villages]
    village_cum = list(accumulate(village_weights))
    used = set()
    people = []
    for index in range(VETERAN_COUNT):
        female = rng.random() < 0.06
        lo, hi, _ = AGE_BAND(rng)
        if female:
            hi = min(hi, 60)
            lo = min(lo, hi)
        age = rng.randint(lo, hi)
        born = REFERENCE - days(int((age + rng.random()) * 365.2425))
        if age_on(born, REFERENCE) != age:  # rounding at the edge of a year
            born += days(1 if age_on(born, REFERENCE) > age else -1)
        name = person_name(rng, born.year, female)
        id_number = fake.id_number(rng, born, female=female, region=REGION, used=used)
        village = villages[bisect(village_cum, rng.random() * village_cum[-1])]
        township = townships[village.parent_id]
        home = address(rng, county, township, village)
        if rng.random() < 0.85:
            current = home
        else:
            current = address(rng, county, ctx.townships[0], rng.choice(ctx.villages_in(ctx.townships[0])))
        phone = mobile(rng) if rng.random() < (0.92 if age < 80 else 0.6) else ""
        ethnicity = ETHNICITY(rng)
        category, enlisted, discharged, years, officer = service(rng, born, age, female)
        branch = next(w for before, w in BRANCHES if discharged.year < before)(rng)
        if discharged.year < 1983 and branch not in UNITS:
            branch = Branch.ARMY
        people.append(Person(
            index=index, seed=rng.getrandbits(48), name=name, id_number=id_number, female=female, born=born,
            village=village, township=township, address=home, current_address=current, phone=phone, ethnicity=ethnicity,
            category=category, branch=branch, enlisted=enlisted, discharged=discharged, years=years,
            unit=unit(rng, branch, discharged), rank=rank(rng, years, officer, discharged), officer=officer,
            political=political(rng, age, years, officer), education=education(rng, born.year, officer),
            merits=merits(rng, years),
        ))

    # Fates, drawn with exact counts: deaths weighted by age, martyrs among the middle-aged, movers among the younger.
    deceased_count = round(VETERAN_COUNT * DECEASED_SHARE)
    martyrs = pick_weighted(rng, people, [1 if 38 <= p.age <= 52 and not p.female else 0 for p in people], MARTYRS)
    for p in martyrs:
        p.fate = "martyr"
    rest = [p for p in people if p.fate == "alive"]
    weights = [0.2 if p.age < 40 else 0.6 if p.age < 60 else 3 if p.age < 75 else 8 if p.age < 85 else 15 for p in rest]
    for p in pick_weighted(rng, rest, weights, deceased_count - MARTYRS):
        p.fate = "deceased"
    rest = [p for p in people if p.fate == "alive"]
    movers = pick_weighted(rng, rest, [1 if p.age < 60 else 0.2 for p in rest], MOVED_WITHIN + MOVED_OUT)
    for p in movers[:MOVED_WITHIN]:
        p.fate = "moved"
        p.origin = p.village
        others = [t for t in ctx.townships if t.code != p.township.code]
        p.township = rng.choice(others)
        p.village = rng.choice(ctx.villages_in(p.township))
        p.address = p.current_address = address(rng, county, p.township, p.village)
    for p in movers[MOVED_WITHIN:]:
        p.fate = "moved_out"
        p.destination = rng.choice(OUTSIDE)

    for p in people:
        plan_family(rng, p, used)
    return people


def plan_family(rng, p, used):
    """Append p's spouse, children and (for some young veterans) parents to p.family, as FamilyMember field dicts."""
    age = p.age
    surname = p.name[0] if p.name[:2] not in ("欧阳", "司马", "诸葛") else p.name[:2]
    married = rng.random() < (0.1 if age < 24 else 0.45 if age < 27 else 0.8 if age < 30 else 0.9)
    military_spouse = married and p.officer and p.discharged >= add_years(REFERENCE, -6) and rng.random() < 0.2
    if married:
        spouse_female = not p.female
        gap = rng.randint(-1, 5) if spouse_female else -rng.randint(-1, 5)
        spouse_born = add_years(p.born, gap) + days(rng.randint(-150, 150))
        spouse_born = min(spouse_born, add_years(REFERENCE, -20))
        region = SPOUSE_REGION(rng)
        p.family.append({
            "name": person_name(rng, spouse_born.year, spouse_female),
            "relationship": Relationship.SPOUSE,
            "id_number": fake.id_number(rng, spouse_born, female=spouse_female, region=region, used=used),
            "phone": mobile(rng) if rng.random() < 0.75 else "",
            "work_unit": "待安置" if military_spouse else rng.choice(WORK_UNITS),
            "is_military_spouse": military_spouse,
            "is_martyr_child": False,
            "note": "随军家属，申请就业安置" if military_spouse else "",
        })
    # Children: most married veterans over 28; a martyr always leaves children of school age.
    children = 0
    if p.fate == "martyr":
        children = rng.randint(1, 2)
    elif married and age >= 28:
        children = rng.choices((0, 1, 2, 3), weights=(15, 50, 30, 5))[0]
    for i in range(children):
        if p.fate == "martyr":
            child_age = rng.randint(6, 20)
        else:
            child_age = age - rng.randint(24, 33) - 3 * i
        if child_age < 0:
            break
        child_female = rng.random() < 0.48
        child_born = REFERENCE - days(int((child_age + rng.random()) * 365.2425))
        martyr_child = p.fate == "martyr"
        p.family.append({
            "name": surname + given_name(rng, child_born.year, child_female),
            "relationship": Relationship.CHILD,
            "id_number": fake.id_number(rng, child_born, female=child_female, region=REGION, used=used),
            "phone": mobile(rng) if child_age >= 18 and rng.random() < 0.6 else "",
            "work_unit": ("在校学生" if child_age < 23 else rng.choice(WORK_UNITS[:14])),
            "is_military_spouse": False,
            "is_martyr_child": martyr_child,
            "note": "烈士子女" if martyr_child else "",
        })
    if age < 35 and rng.random() < 0.2:
        for relationship, female, gap in ((Relationship.FATHER, False, rng.randint(22, 30)),
                                          (Relationship.MOTHER, True, rng.randint(20, 28))):
            parent_born = add_years(p.born, -gap) + days(rng.randint(-120, 120))
            p.family.append({
                "name": (surname if not female else SURNAME(rng)) + given_name(rng, parent_born.year, female),
                "relationship": relationship,
                "id_number": fake.id_number(rng, parent_born, female=female, region=REGION, used=used),
                "phone": mobile(rng) if rng.random() < 0.7 else "",
                "work_unit": rng.choice(("务农", "个体经营", "退休", "灵活就业")),
                "is_military_spouse": False,
                "is_martyr_child": False,
                "note": "",
            })


@dataclass
class Team:
    name: str
    kind: str
    area: object
    founded_on: datetime.date
    members: list  # (Person, joined_on, duty); the first is the leader
    phone: str
    activities: list = field(default_factory=list)  # (title, kind, place, season, seed)


def plan_volunteers(ctx, rng, people):
    county = ctx.county
    available = [p for p in people if p.fate in ("alive", "moved") and 22 <= p.age <= 65]
    taken = set()
    plans = []
    specs = [(name, kind, size, county, None) for name, kind, size in COUNTY_TEAMS]
    specs += [
        (f"{t.name}{suffix}", kind, size, t, t)
        for t, (suffix, kind, size) in zip(ctx.townships[: len(TOWNSHIP_TEAMS)], TOWNSHIP_TEAMS, strict=True)
    ]
    for name, kind, size, area, township in specs:
        pool = [p for p in available if p.index not in taken and (township is None or p.township.code == township.code)]
        weights = [(3 if p.political == PS.PARTY_MEMBER else 1) * (2 if p.age < 50 else 1) for p in pool]
        chosen = pick_weighted(rng, pool, weights, size)
        chosen.sort(key=lambda p: (p.political != PS.PARTY_MEMBER, -p.years, p.index))  # the leader: a party member
        founded = datetime.date(rng.randint(2018, 2023), rng.randint(1, 12), rng.randint(1, 28))
        members = []
        for i, p in enumerate(chosen):
            taken.add(p.index)
            joined = founded if i < 3 else between(founded, REFERENCE, rng.random())
            duty = "队长" if i == 0 else "副队长" if i < 3 else "队员"
            members.append((p, joined, duty))
        leader = chosen[0]
        plans.append(Team(name=name, kind=kind, area=area, founded_on=founded, members=members,
                          phone=leader.phone or mobile(rng)))

    # Activities: shared among the teams by size, county teams twice as busy; titles unique within a team.
    weights = [len(t.members) * (2 if t.area.pk == county.pk else 1) for t in plans]
    total = sum(weights)
    counts = [round(ACTIVITY_COUNT * w / total) for w in weights]
    memorials = [f"{county.name}烈士陵园", f"{county.name}革命烈士纪念馆"]
    memorials += [f"{t.name}革命烈士纪念碑" for t in ctx.townships[3:9]]
    for team, count in zip(plans, counts, strict=True):
        kinds = Weighted(TEAM_ACTIVITIES[team.kind])
        townships = ctx.townships if team.area.pk == county.pk else [team.area]
        titles = set()
        for _ in range(count):
            for _attempt in range(30):
                kind = kinds(rng)
                template, season = rng.choice(ACTIVITY_TITLES[kind])
                township = rng.choice(townships)
                village = rng.choice(ctx.villages_in(township))
                school = rng.choice([f"{county.name}第一中学", f"{county.name}职业技术学校", f"{township.name}中心小学",
                                     f"{township.name}初级中学"])
                memorial = rng.choice(memorials[:2] + [m for m in memorials if m.startswith(township.name)])
                title = template.format(village=village.name, township=township.name, school=school, memorial=memorial)
                if "{memorial}" in template:
                    place = memorial
                elif "{school}" in template:
                    place = school
                elif "{village}" in template:
                    place = f"{township.name}{village.name}"
                else:
                    place = township.name
                if title not in titles:
                    break
            else:
                title = f"{title}（{len(titles) + 1}）"
            titles.add(title)
            team.activities.append((title, kind, place, season, rng.getrandbits(48)))
    return plans


# --- phase two: what the bureau did (counted back from today) ------------------------------------


def events(p, today, start):
    """Today-relative dates of one veteran: registration, plaque, death or move, card, archive, annual checks.

    What the bureau did falls between `start` (the demo window's first day) and today, at an even
    pace, so that each year of the window reads as a year of work."""
    u = random.Random(p.seed).random
    draws = [u() for _ in range(33)]
    ev = {}
    three_years_ago = today - days(1095)  # the demo window starts about then (`start`)
    recent = p.discharged >= three_years_ago
    if recent:  # reported home within about a month of discharge
        registered = min(today, p.discharged + days(3 + int(draws[0] * 40)))
    elif draws[30] < 0.88:  # the registration drive of the two years before, most early on
        registered = three_years_ago - days(730) + days(int(730 * draws[0] ** 1.6))
    else:  # late registrations (补录) since, at an even pace
        registered = between(three_years_ago, today, draws[0])
    registered = max(registered, min(today, p.discharged + days(3 + int(draws[0] * 40))))  # not before coming home
    ev["registered_on"] = registered
    ev["documented"] = draws[1] < 0.85

    end = today  # the last day the bureau deals with this veteran
    death = moved_on = None
    if p.fate in ("deceased", "martyr", "moved", "moved_out"):
        day = between(max(registered + days(30), start), today, draws[2])
        day = min(day, today)
        if p.fate in ("deceased", "martyr"):
            death = end = day
        else:
            moved_on = day
            if p.fate == "moved_out":
                end = day
    ev["death_date"], ev["moved_on"] = death, moved_on

    plaque = None
    if draws[3] < 0.72:
        plaque = between(registered, min(end, registered + days(365)), draws[4])
    ev["plaque_hung_on"] = plaque

    # Preferential card: most of those on record applied in the first wave, the two years until three years
    # ago; the others since, at an even pace; a newcomer within a year of registering (not all have yet).
    # Then issued, activated; some lost and reissued; cancelled at death.
    card = None
    if registered < three_years_ago and draws[32] < 0.6:
        applied = between(max(registered, three_years_ago - days(730)), three_years_ago - days(1), draws[6] ** 1.3)
    elif registered < three_years_ago:
        applied = between(three_years_ago, end, draws[6])
    else:
        applied = registered + days(int(draws[6] * 365))
    if draws[5] < (0.8 if death else 0.9) and applied <= end:
        card = {"applied_on": applied, "issued_on": None, "activated_on": None, "lost_on": None, "reissued_on": None,
                "reissue_count": 0, "cancelled_on": None, "status": "applied", "number": ""}
        issued = applied + days(7 + int(draws[7] ** 2 * 60))
        if issued <= end:
            card.update(status="issued", issued_on=issued, number=f"{REGION}{issued:%y}{p.index + 1:05d}")
            activated = issued + days(1 + int(draws[9] ** 2 * 120))
            if draws[8] < 0.88 and activated <= end:
                card.update(status="activated", activated_on=activated)
                lost = activated + days(20 + int(draws[11] * 400))
                if draws[10] < 0.05 and lost <= end:
                    card.update(status="lost", lost_on=lost)
                    reissued = lost + days(7 + int(draws[13] * 40))
                    if draws[12] < 0.65 and reissued <= end:
                        card.update(status="issued", reissued_on=reissued, reissue_count=1)
                        again = reissued + days(1 + int(draws[15] * 30))
                        if draws[14] < 0.6 and again <= end:
                            card.update(status="activated", activated_on=again)
        if death:
            cancelled = death + days(5 + int(draws[16] * 50))
            if cancelled <= today:
                card.update(status="cancelled", cancelled_on=cancelled)
    ev["card"] = card

    # Archive: for veterans discharged in the three years before REFERENCE.
    archive = None
    if p.discharged >= add_years(REFERENCE, -3):
        received = p.discharged + days(15 + int(draws[17] * 60))
        if received <= today:
            archive = {"received_on": received, "status": "received", "reviewed_on": None, "transferred_on": None,
                       "transferred_to": ""}
            reviewed = received + days(3 + int(draws[18] * 30))
            if reviewed <= today:
                archive.update(status="reviewed", reviewed_on=reviewed)
                transferred = reviewed + days(10 + int(draws[20] * 80))
                if draws[19] < 0.75 and transferred <= today:
                    archive.update(status="transferred", transferred_on=transferred,
                                   transferred_to=ARCHIVE_DESTINATIONS.get(p.category, "云溪县人才服务中心（人事档案托管）"))
    ev["archive"] = archive

    # Annual checks: most veterans in each past year of the window; this year's round is under way.
    checks = []
    for year, coverage, u_take, u_day, u_result in ((today.year - 2, 0.93, 28, 29, 31), (today.year - 1, 0.93, 21, 22, 23),
                                                    (today.year, None, 24, 25, 26)):
        lo = max(datetime.date(year, 3, 1), registered)
        hi = min(datetime.date(year, 11, 30), end - days(1), today)
        if hi < lo:
            continue
        if coverage is None:  # this year: the share done so far grows with the year
            coverage = 0.9 * min(1, (hi - datetime.date(year, 3, 1)).days / 274)
        if draws[u_take] >= coverage:
            continue
        if draws[u_result] < 0.83:
            result = CheckResult.NORMAL
        elif draws[u_result] < 0.97:
            result = CheckResult.UPDATED
        else:
            result = CheckResult.UNREACHABLE
        notes = CHECK_NOTES.get(result)
        checks.append({"year": year, "checked_on": between(lo, hi, draws[u_day]), "result": result,
                       "note": notes[int(draws[27] * len(notes))] if notes else ""})
    ev["checks"] = checks
    return ev


def activity_date(season, start, today, u):
    """A day of the demo window: on the season's day for seasonal activities."""
    lo = start
    if season is None:
        return between(lo, today, u)
    candidates = [datetime.date(y, *season) for y in range(start.year, today.year + 1)]
    candidates = [d for d in candidates if lo <= d <= today] or [lo]
    return candidates[int(u * len(candidates))]


# --- the hook ------------------------------------------------------------------------------------


@demo_step
def load_veterans(ctx):
    rng, today = ctx.rng, ctx.today
    people = plan_veterans(ctx, rng)
    teams = plan_volunteers(ctx, rng, people)
    timeline = [events(p, today, ctx.start) for p in people]
    staff = ctx.users.get("demo-staff")

    statuses = {"deceased": VeteranStatus.DECEASED, "martyr": VeteranStatus.DECEASED, "moved_out": VeteranStatus.MOVED_OUT}
    rows = []
    for p, ev in zip(people, timeline, strict=True):
        initials, full = initials_and_full(p.name)
        rows.append({
            "id_number": p.id_number,
            "name": p.name,
            "sex": idnumber.sex(p.id_number),
            "birth_date": idnumber.birth_date(p.id_number),
            "ethnicity": p.ethnicity,
            "phone": p.phone,
            "address": p.address,
            "current_address": p.current_address,
            "political_status": p.political,
            "education": p.education,
            "branch": p.branch,
            "enlistment_date": p.enlisted,
            "discharge_date": p.discharged,
            "discharge_category": p.category,
            "unit": p.unit,
            "rank": p.rank,
            "merits": p.merits,
            "registered_on": ev["registered_on"],
            "documented": ev["documented"],
            "plaque_hung_on": ev["plaque_hung_on"],
            "status": statuses.get(p.fate, VeteranStatus.ALIVE),
            "death_date": ev["death_date"],
            "moved_out_to": p.destination,
            "note": "在抢险救灾中牺牲，已评定为烈士" if p.fate == "martyr" else "",
            "name_pinyin": full,
            "name_initials": initials,
            "area": p.village,
        })
    veterans = sync(Veteran, rows, key=["id_number"], ctx=ctx)

    family = [
        {"veteran": v, **member}
        for p, v in zip(people, veterans, strict=True)
        for member in p.family
    ]
    family = sync(FamilyMember, family, key=["veteran", "id_number"], ctx=ctx)

    cards = [{"veteran": v, **ev["card"]} for v, ev in zip(veterans, timeline, strict=True) if ev["card"]]
    cards = sync(PreferentialCard, cards, key=["veteran"], ctx=ctx)

    archives = []
    for p, v, ev in zip(people, veterans, timeline, strict=True):
        if ev["archive"]:
            sender = f"{p.unit}{'干部处' if p.officer else '政治工作处'}"
            archives.append({"veteran": v, "sender": sender, "volumes": 3 if p.officer else 1 if p.years <= 2 else 2,
                             "note": "", **ev["archive"]})
    archives = sync(VeteranArchive, archives, key=["veteran"], ctx=ctx)

    checks = [{"veteran": v, **check} for v, ev in zip(veterans, timeline, strict=True) for check in ev["checks"]]
    checks = sync(AnnualCheck, checks, key=["veteran", "year"], ctx=ctx)

    moves = []
    for p, v, ev in zip(people, veterans, timeline, strict=True):
        if p.fate == "moved":
            moves.append({"veteran": v, "moved_on": ev["moved_on"], "from_area": p.origin, "to_area": p.village,
                          "to_outside": "", "by": staff, "note": MOVE_NOTES[p.index % len(MOVE_NOTES)]})
        elif p.fate == "moved_out":
            moves.append({"veteran": v, "moved_on": ev["moved_on"], "from_area": p.village, "to_area": None,
                          "to_outside": p.destination, "by": staff, "note": "户籍迁出"})
    moves = sync(VeteranMove, moves, key=["veteran"], ctx=ctx)

    by_index = dict(zip((p.index for p in people), veterans, strict=True))
    team_objs = sync(VolunteerTeam, [
        {"area": t.area, "name": t.name, "kind": t.kind, "leader": t.members[0][0].name, "phone": t.phone,
         "founded_on": t.founded_on, "note": ""}
        for t in teams
    ], key=["area", "name"], ctx=ctx)
    members = sync(VolunteerMember, [
        {"team": obj, "veteran": by_index[p.index], "joined_on": joined, "duty": duty}
        for t, obj in zip(teams, team_objs, strict=True)
        for p, joined, duty in t.members
    ], key=["team", "veteran"], ctx=ctx)
    activities = []
    for t, obj in zip(teams, team_objs, strict=True):
        for title, kind, place, season, seed in t.activities:
            a = random.Random(seed).random
            u_date, u_people, u_hours = a(), a(), a()
            most = len(t.members) if kind != ActivityKind.RESCUE else len(t.members) + 20
            participants = 4 + int(u_people * (max(most, 8) - 4))
            per_person = (4 + 8 * u_hours) if kind == ActivityKind.RESCUE else (1.5 + 3 * u_hours)
            activities.append({"team": obj, "title": title, "kind": kind, "place": place,
                               "date": activity_date(season, ctx.start, today, u_date), "participants": participants,
                               "service_hours": Decimal(participants * per_person).quantize(Decimal("0.1"))})
    activities = sync(VolunteerActivity, activities, key=["team", "title"], ctx=ctx)

    fates = [r["status"] for r in rows]
    dead, gone = fates.count(VeteranStatus.DECEASED), fates.count(VeteranStatus.MOVED_OUT)
    ctx.count("退役军人", len(veterans), f"名（已故 {dead}、迁出 {gone}）")
    ctx.count("家庭成员", len(family), "人")
    ctx.count("优待证", len(cards), "张")
    ctx.count("退役军人档案", len(archives), "份")
    ctx.count("年度信息核查", len(checks))
    ctx.count("迁移记录", len(moves))
    ctx.count("志愿服务队", len(team_objs), "支")
    ctx.count("志愿者", len(members), "人")
    ctx.count("志愿服务活动", len(activities), "场")
