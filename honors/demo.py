"""Demo 褒扬纪念 of 云溪县 (a demo step; see core/demo.py for the rules steps follow).

* The martyrs register: 120 martyrs of the county (抗日战争 to the rescue work of recent years), born in its
  villages, being checked over the demo window: each has its planned day of confirmation, so about 36 are
  confirmed each year, and the last 12 are still 已核实 or 待核实; a confirmed record found wrong (about
  one in three) is put right by an approved correction.
  Five 为烈士寻亲 cases: three families found and told in person, one closed unfound, one waiting for
  the DNA comparison.  Certificates (烈士光荣证) reissued to a few families each year.
* Memorial facilities: the county's 烈士陵园 (省级), its monument and two township memorials (县级) and six
  scattered graves (零散烈士墓), two moved into the cemetery the year before last; inspections each
  quarter (yearly before 清明 for the graves), a few findings rectified; three repair projects.
* Commemorations each year: the county's 清明 ceremony, every township's and four schools' sweepings,
  the 9月30日 烈士纪念日 ceremony and a few townships', two others; about 8 代祭扫 for families far away.
* About 35 立功喜报 a year for the serving members of the surveyed families (support_army), delivered within
  the working days allowed but one each year (delivered late); the latest may still wait.
* 光荣牌: the veterans' plaque dates (Veteran.plaque_hung_on) become the households' records as migration
  0002 does, once per veteran; about 40 more a year for serving members' and martyrs' households.
* A yearly county 最美退役军人 selection: 12 nominees from the registry, 6 chosen.

Dates come from generators seeded per year, so the figures of a finished year do not change from day to
day; only records dated up to today are loaded.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core import fake
from core.contrib import demo_step
from core.demo import SEED, sync
from core.models import Area
from core.workflow import TransitionLog
from honors.models import (
    Commemoration,
    CommemorationKind,
    FacilityInspection,
    FacilityLevel,
    HonourPlaque,
    Martyr,
    MartyrCertificate,
    MartyrCorrection,
    MemorialFacility,
    MeritClass,
    MeritNotice,
    Nominee,
    PlaqueCategory,
    ProxySweep,
    RelativeSearch,
    RepairProject,
    Selection,
    SelectionKind,
    SelectionLevel,
)
from placement.scoring import add_working_days
from support_army.models import ServingFamily
from veterans.models import PoliticalStatus, Veteran

D = datetime.date
MARTYRS = 120
WAITING = 12
# (era, share, birth years, death years, units, death places, circumstances, authority, burial)
ERAS = [
    ("抗日战争", 20, (1905, 1925), (1938, 1945), ["新四军第二支队", "浙东游击纵队金萧支队", "金华抗日自卫大队"],
     ["浙西天目山", "金华北山", "义乌八面山", "兰溪女埠"], "在抗击日本侵略者的战斗中英勇牺牲", "浙江省人民政府", "cemetery"),
    ("解放战争", 25, (1918, 1930), (1946, 1949), ["中国人民解放军第三野战军第二十军", "华东野战军第一纵队", "浙东人民解放军第二支队"],
     ["山东孟良崮", "江苏淮海战场", "上海月浦", "浙江四明山"], "在解放战争中冲锋陷阵，壮烈牺牲", "浙江省人民政府", "scattered"),
    ("抗美援朝战争", 30, (1925, 1933), (1950, 1953), ["中国人民志愿军第二十军", "中国人民志愿军第二十七军", "中国人民志愿军第九兵团"],
     ["朝鲜长津湖", "朝鲜上甘岭", "朝鲜金城", "朝鲜铁原"], "在抗美援朝战争中英勇作战牺牲", "中国人民志愿军政治部", "abroad"),
    ("社会主义建设时期", 10, (1935, 1955), (1958, 1976), ["中国人民解放军某部", "浙江省军区某部"],
     ["福建前线", "浙江舟山", "西藏边防"], "在执行任务中英勇献身", "浙江省民政厅", "cemetery"),
    ("边境作战", 10, (1958, 1966), (1979, 1987), ["中国人民解放军第十四军", "中国人民解放军第一军某部"],
     ["广西法卡山", "云南老山", "云南者阴山"], "在边境自卫还击作战中英勇牺牲", "中央军委", "elsewhere"),
    ("新时代", 5, (1975, 2000), (1998, 2022), ["武警浙江总队某支队", "云溪县消防救援大队", "中国人民解放军某部"],
     ["云溪县清溪镇", "江西九江", "四川木里"], "在抢险救灾中为抢救人民群众生命财产英勇牺牲", "浙江省人民政府", "cemetery"),
]
RANKS = ["战士", "班长", "副班长", "排长", "连长", "指导员", "卫生员", "通信员"]
ABROAD = ["朝鲜开城中国人民志愿军烈士陵园", "朝鲜桧仓中国人民志愿军烈士陵园", "安葬地不详"]
ELSEWHERE = ["云南麻栗坡烈士陵园", "广西凭祥烈士陵园", "云南河口烈士陵园"]
FACILITIES = [  # (name, level, township index, manager, protection area)
    ("云溪县烈士陵园", FacilityLevel.PROVINCIAL, 0, "云溪县烈士陵园管理所", "26800.00"),
    ("云溪县革命烈士纪念碑", FacilityLevel.COUNTY, 1, "云溪县退役军人事务局", "3200.00"),
    ("石门镇烈士纪念亭", FacilityLevel.COUNTY, 3, "石门镇人民政府", "860.00"),
    ("枫林镇抗日阵亡将士纪念碑", FacilityLevel.COUNTY, 4, "枫林镇人民政府", "1200.00"),
]
SCATTERED = 6
FINDINGS = [
    ("碑体局部风化剥落，碑文字迹不清", "已对碑体进行修补，碑文重新描红"),
    ("陵园部分台阶破损，存在安全隐患", "已更换破损台阶石板"),
    ("周边杂草丛生，环境卫生较差", "已组织人员清理杂草、整治环境"),
    ("讲解展板内容陈旧，部分信息有误", "已更新展板内容"),
    ("消防器材过期", "已更换灭火器并加强日常巡查"),
]
CORRECTED = [  # (field, a wrong value of the record as first entered)
    ("birthplace", None), ("death_date", None), ("unit", None), ("name", None), ("birth_year", None), ("rank", None),
]
SCHOOLS = ["县实验小学", "云溪中学", "县职业技术学校", "城南小学"]
STORIES = [
    "退役后返乡创业，带动村民发展特色种植，年增收200余万元。", "扎根基层担任村党支部书记，带领村集体经济扭亏为盈。",
    "多年义务参与应急救援，先后救助落水群众10余人。", "创办退役军人服务社，帮助30余名战友实现就业。",
    "长期照顾孤寡老人，坚持义务献血20余年。", "在疫情防控和抗洪抢险中冲锋在前，带领民兵连日夜值守。",
    "退役不褪色，担任校外国防教育辅导员，讲授红色故事百余场。", "钻研技术成为行业技能标兵，带出徒弟50余人。",
]
NOTICE_CLASSES = [(MeritClass.COMMENDATION, 14, "500.00"), (MeritClass.EXCELLENT, 12, "1000.00"),
                  (MeritClass.THIRD, 6, "3000.00"), (MeritClass.SECOND, 1, "8000.00"), (MeritClass.SECOND_LEVEL, 1, "8000.00")]
NOTICE_UNITS = ["东部战区陆军某部", "武警浙江总队某支队", "海军某部", "空军某部", "火箭军某部", "南部战区陆军某部"]
CEREMONIES = ["敲锣打鼓送喜报上门", "召开送喜报座谈会", "在村文化礼堂举行送喜报仪式"]


def years(ctx):
    return range(ctx.start.year, ctx.today.year + 1)


def upto(ctx, day):
    return day if day is not None and day <= ctx.today else None


def facility_rows(ctx, rng):
    rows = []
    for name, level, township, manager, area in FACILITIES:
        place = ctx.townships[township]
        rows.append({"name": name, "level": level, "area": ctx.county if township == 0 else place,
                     "location": f"{place.name}{fake.street(rng, 99)}",
                     "longitude": Decimal(f"119.{rng.randint(500000, 720000)}"), "latitude": Decimal(f"29.{rng.randint(60000, 250000):06d}"),
                     "protection_surveyed_on": D(ctx.start.year, 5, 18), "protection_area": Decimal(area),
                     "manager": manager, "manager_phone": f"0579-8{rng.randint(1000000, 9999999)}"})
    return rows


def martyr_plan(ctx, facilities):
    """(rows, scattered grave rows): the register with each martyr's planned confirmation day."""
    rng = random.Random(f"{SEED}:honors:martyrs")
    cemetery = facilities["云溪县烈士陵园"]
    weights = [share for _e, share, *_rest in ERAS]
    rows, graves, used = [], [], set()
    first, last = ctx.start, D(ctx.today.year, 12, 31)
    span = (last - first).days
    for n in range(MARTYRS):
        era, _s, born, died, units, places, circumstances, authority, burial = rng.choices(ERAS, weights=weights)[0]
        village = rng.choice(ctx.villages)
        township = next(t for t in ctx.townships if t.code == village.parent_id)
        birth = rng.randint(*born)
        while True:
            name = fake.person_name(rng, birth)
            if name not in used:
                break
        used.add(name)
        death_year = max(rng.randint(*died), birth + 17)
        death = D(death_year, rng.randint(1, 12), rng.randint(1, 28))
        approved = death + datetime.timedelta(days=rng.randint(90, 900))
        row = {"name": name, "sex": "M", "birth_year": birth, "birthplace": f"云溪县{township.name}{village.name}",
               "area": village, "ethnicity": "汉族",
               "political_status": rng.choice([PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PARTY_MEMBER, PoliticalStatus.MASSES]),
               "unit": rng.choice(units), "rank": rng.choice(RANKS), "death_date": death, "death_place": rng.choice(places),
               "circumstances": f"{era}期间，{circumstances}。", "approval_authority": authority,
               "approval_number": f"{'浙民优' if '浙江' in authority else '烈'}字〔{approved.year}〕第{rng.randint(1, 300)}号",
               "approved_on": approved, "facility": None, "burial_place": "",
               "relatives_text": f"{rng.choice(['侄子', '孙子', '外甥', '侄女'])}{name[0]}{fake.given_name(rng, 1965)}"
                                 f"（{fake.mobile(rng)}）",
               "status": "pending", "confirmed_on": None}
        if burial == "scattered" and len(graves) < SCATTERED:
            graves.append({"name": f"{village.name}{name}烈士墓", "level": FacilityLevel.SCATTERED, "area": village,
                           "location": f"{township.name}{village.name}后山", "manager": f"{village.name}村民委员会",
                           "moved_into": cemetery if len(graves) < 2 else None,
                           "moved_on": D(ctx.start.year, 11, 12 + len(graves)) if len(graves) < 2 else None,
                           "note": "已迁入县烈士陵园集中安葬" if len(graves) < 2 else ""})
            row["facility"] = cemetery if graves[-1]["moved_into"] else graves[-1]["name"]
        elif burial in ("cemetery", "scattered"):
            row["facility"] = cemetery
        else:
            row["burial_place"] = rng.choice(ABROAD if burial == "abroad" else ELSEWHERE)
        # the verification drive over the window: verified first, confirmed some weeks later; the last
        # WAITING are still being checked (half of them verified)
        confirm = first + datetime.timedelta(days=int(span * (n + rng.random()) / (MARTYRS - WAITING)))
        verify = confirm - datetime.timedelta(days=rng.randint(20, 60))
        if confirm.weekday() >= 5:
            confirm -= datetime.timedelta(days=confirm.weekday() - 4)
        if n >= MARTYRS - WAITING:
            row["status"] = "verified" if n < MARTYRS - WAITING // 2 else "pending"
        elif confirm <= ctx.today:
            row.update(status="confirmed", confirmed_on=confirm)
        elif verify <= ctx.today:
            row["status"] = "verified"
        rows.append(row)
    return rows, graves


def wrong_value(field, row, rng):
    """A plausible error of a record as first entered, for the correction to put right."""
    value = row[field]
    if field == "birthplace":
        return value.replace("云溪县", "云西县")
    if field == "death_date":
        return value.replace(day=min(28, value.day + rng.randint(1, 9)) if value.day < 20 else value.day - 10).isoformat()
    if field == "unit":
        return value.replace("第二十军", "第二十一军") if "第二十军" in value else value + "某营"
    if field == "name":
        return value[:-1] + ("国" if value[-1] != "国" else "明")
    if field == "birth_year":
        return str(value + rng.choice([-2, -1, 1, 2]))
    return "战士" if value != "战士" else "通信员"


def correction_plan(ctx, martyrs, staff):
    rng = random.Random(f"{SEED}:honors:corrections")
    rows = []
    for martyr in martyrs:
        draws = (rng.random(), rng.randint(10, 70), rng.choice(CORRECTED)[0])
        if martyr.status != "confirmed" or draws[0] > 0.34:
            continue
        decided = upto(ctx, martyr.confirmed_on + datetime.timedelta(days=draws[1]))
        if decided is None:  # entered later, when the correction is found
            continue
        field = draws[2]
        old = wrong_value(field, {f: getattr(martyr, f) for f in (field,)}, rng)
        new = getattr(martyr, field)
        rows.append({"martyr": martyr, "field": field, "old_value": old,
                     "new_value": new.isoformat() if isinstance(new, D) else str(new),
                     "source_document": rng.choice(["烈士生前所在部队档案", "原批准机关批准文件", "烈士证明书存根",
                                                    "县档案馆馆藏档案"]),
                     "entered_by": staff, "status": "approved", "decided_on": decided})
    return rows


def search_rows(ctx, martyrs):
    """Five cases: (received offset from 1 Jan of the window's first year in days, outcome)."""
    abroad = [m for m in martyrs if "朝鲜" in m.burial_place or "麻栗坡" in m.burial_place or "凭祥" in m.burial_place]
    rng = random.Random(f"{SEED}:honors:searches")
    cases = [(D(ctx.start.year, 3, 12), "told"), (D(ctx.start.year + 1, 2, 20), "told"), (D(ctx.start.year + 1, 6, 8), "told"),
             (D(ctx.start.year + 1, 9, 2), "closed"), (D(ctx.start.year + 2, 5, 15), "sampled")]
    sources = ["辽宁省丹东市退役军人事务局来函", "云南省麻栗坡县退役军人事务局来函", "“为烈士寻亲”志愿者提供线索",
               "烈士生前战友来信", "省退役军人事务厅转办"]
    rows = []
    for n, ((received, outcome), martyr) in enumerate(zip(cases, rng.sample(abroad, len(cases)), strict=True)):
        if received > ctx.today:
            continue
        relative = martyr.name[0] + fake.given_name(rng, 1958)
        steps = {"sampled_on": received + datetime.timedelta(days=rng.randint(15, 30))}
        steps["matched_on"] = steps["sampled_on"] + datetime.timedelta(days=rng.randint(40, 70))
        steps["confirmed_on"] = steps["matched_on"] + datetime.timedelta(days=rng.randint(5, 15))
        steps["told_on"] = steps["confirmed_on"] + datetime.timedelta(days=rng.randint(3, 10))
        row = {"martyr": martyr, "received_on": received, "clue": f"{martyr.name}烈士{martyr.death_place}牺牲，寻找其在云溪县的亲属",
               "clue_source": sources[n], "relative_name": relative, "relative_contact": fake.mobile(rng), "status": "clue",
               "sampled_on": None, "matched_on": None, "confirmed_on": None, "told_on": None, "closed_on": None}
        if outcome == "closed":
            closed = upto(ctx, received + datetime.timedelta(days=100))
            row.update(relative_name="", relative_contact="", sampled_on=upto(ctx, steps["sampled_on"]),
                       status="closed" if closed else ("sampled" if upto(ctx, steps["sampled_on"]) else "clue"),
                       closed_on=closed)
        else:
            order = ["sampled_on", "matched_on", "confirmed_on", "told_on"][:4 if outcome == "told" else 1]
            for field, state in zip(order, ["sampled", "matched", "confirmed", "told"], strict=False):
                if upto(ctx, steps[field]):
                    row.update({field: steps[field], "status": state})
        rows.append(row)
    return rows


def certificate_rows(ctx, martyrs):
    rows = []
    for year in years(ctx):
        rng = random.Random(f"{SEED}:honors:certificates:{year}")
        for n, martyr in enumerate(rng.sample(martyrs, 6)):
            issued = D(year, 3 + n, rng.randint(1, 28))
            if issued <= ctx.today:
                rows.append({"martyr": martyr, "kind": "glory", "number": f"浙YX{year}{n + 1:03d}", "issued_on": issued,
                             "recipient": martyr.relatives_text[2:].split("（")[0], "recipient_relation": martyr.relatives_text[:2]})
    return rows


def inspection_rows(ctx, facilities):
    rows = []
    staff = ["陈海燕", "叶志强", "县烈士陵园管理所 张卫东"]
    for year in years(ctx):
        rng = random.Random(f"{SEED}:honors:inspections:{year}")
        for facility in facilities:
            months = (3,) if facility.level == FacilityLevel.SCATTERED else (3, 6, 9, 12)
            if facility.moved_into_id:
                continue
            for month in months:
                day = D(year, month, rng.randint(5, 25))
                found = rng.random() < 0.25
                findings, fix = rng.choice(FINDINGS) if found else ("", "")
                if day > ctx.today:
                    continue
                fixed = day + datetime.timedelta(days=rng.randint(15, 40))
                checked = fixed + datetime.timedelta(days=rng.randint(5, 15))
                status = "closed" if not found or checked <= ctx.today else ("rectified" if fixed <= ctx.today else "open")
                rows.append({"facility": facility, "date": day, "inspector": rng.choice(staff),
                             "findings": findings or "未发现问题，设施完好、环境整洁", "status": status,
                             "rectification": fix if found and status != "open" else ""})
    return rows


def project_rows(ctx, facilities):
    y = ctx.start.year
    plan = [("云溪县零散烈士墓集中迁移保护工程", "云溪县烈士陵园", "build", "420000.00", "408600.00", D(y, 9, 2), D(y, 11, 28)),
            ("云溪县烈士陵园提质改造工程", "云溪县烈士陵园", "upgrade", "1850000.00", "1792300.00", D(y + 1, 3, 10), D(y + 1, 9, 20)),
            ("石门镇烈士纪念亭修缮工程", "石门镇烈士纪念亭", "repair", "260000.00", "138000.00", D(y + 2, 4, 8), None)]
    rows = []
    for name, facility, kind, budget, spent, started, finished in plan:
        if started > ctx.today:
            rows.append({"facility": facilities[facility], "name": name, "kind": kind, "budget": Decimal(budget),
                         "spent": Decimal("0.00"), "started_on": None, "finished_on": None, "status": "planned"})
            continue
        done = upto(ctx, finished)
        rows.append({"facility": facilities[facility], "name": name, "kind": kind, "budget": Decimal(budget),
                     "spent": Decimal(spent), "started_on": started, "finished_on": done,
                     "status": "done" if done else "ongoing"})
    return rows


def commemoration_rows(ctx, facilities):
    cemetery = facilities["云溪县烈士陵园"]
    local = {f.area_id[:9]: f for f in facilities.values() if f.level == FacilityLevel.COUNTY}
    local[ctx.townships[0].code] = cemetery
    rows = []
    for year in years(ctx):
        rng = random.Random(f"{SEED}:honors:commemorations:{year}")

        def event(day, kind, title, facility, organiser, people, groups, online=0, place=""):
            rows.append({"area": ctx.county if facility is cemetery or not facility else facility.area, "date": day,
                         "kind": kind, "title": title, "facility": facility, "place": place, "organiser": organiser,
                         "participants": people, "groups": groups, "online_tributes": online,
                         "note": f"{title}，敬献花篮、重温入党誓词，缅怀革命先烈"})

        event(D(year, 4, 3), CommemorationKind.QINGMING, f"{year}年清明节烈士公祭活动", cemetery, "云溪县人民政府",
              rng.randint(600, 900), "县四套班子领导、驻县部队官兵、机关干部、中小学生代表", rng.randint(3000, 6000))
        for township in ctx.townships:
            facility = local.get(township.code)
            event(D(year, 4, rng.randint(1, 5)), CommemorationKind.QINGMING, f"{township.name}清明祭扫烈士活动", facility,
                  f"{township.name}人民政府", rng.randint(80, 250), f"{township.name}中心小学、村（社区）干部、退役军人代表",
                  place="" if facility else f"{township.name}烈士墓群")
            rows[-1]["area"] = township
        for school in SCHOOLS:
            event(D(year, 3, rng.randint(28, 31)), CommemorationKind.QINGMING, f"{school}“清明祭英烈”主题活动", cemetery,
                  school, rng.randint(150, 400), f"{school}师生")
        event(D(year, 9, 30), CommemorationKind.MARTYRS_DAY, f"{year}年烈士纪念日公祭活动", cemetery, "云溪县人民政府",
              rng.randint(500, 700), "县领导、驻县部队官兵、烈属代表、退役军人代表、青少年学生", rng.randint(2000, 4000))
        for township in rng.sample(ctx.townships, 4):
            event(D(year, 9, 30), CommemorationKind.MARTYRS_DAY, f"{township.name}烈士纪念日祭扫活动", local.get(township.code),
                  f"{township.name}人民政府", rng.randint(60, 150), "机关干部、退役军人代表", place=f"{township.name}烈士墓")
            rows[-1]["area"] = township
        event(D(year, 8, 1), CommemorationKind.OTHER, "“八一”建军节瞻仰烈士陵园", cemetery, "驻县某部", rng.randint(60, 120), "驻县部队官兵")
        event(D(year, 9, 12), CommemorationKind.OTHER, "新兵入伍前瞻仰烈士陵园", cemetery, "县人民武装部", rng.randint(70, 90), "全县新兵")
    return [r for r in rows if r["date"] <= ctx.today]


def sweep_rows(ctx, martyrs):
    rows = []
    far = [m for m in martyrs if m.facility_id]
    for year in years(ctx):
        rng = random.Random(f"{SEED}:honors:sweeps:{year}")
        for n, martyr in enumerate(rng.sample(far, 8)):
            qingming = n < 5
            requested = D(year, 3, rng.randint(1, 25)) if qingming else D(year, 9, rng.randint(1, 20))
            done = D(year, 4, rng.randint(1, 4)) if qingming else D(year, 9, 29)
            if requested > ctx.today:
                continue
            rows.append({"martyr": martyr, "requester": martyr.relatives_text[2:].split("（")[0],
                         "requester_contact": fake.mobile(rng), "requested_on": requested, "done_on": upto(ctx, done),
                         "done_by": "县烈士陵园管理所 张卫东" if upto(ctx, done) else ""})
    return rows


def notice_rows(ctx):
    rows = []
    for year in years(ctx):
        rng = random.Random(f"{SEED}:honors:notices:{year}")
        families = list(ServingFamily.objects.filter(survey__area=ctx.county, survey__started_on__year=year)
                        .select_related("area").order_by("area_id", "household", "member_name"))
        late = rng.randint(5, 25)
        for n in range(35):
            merit, _w, reward = rng.choices(NOTICE_CLASSES, weights=[w for _c, w, _r in NOTICE_CLASSES])[0]
            received = D(year, 1, 8) + datetime.timedelta(days=int(350 * (n + rng.random()) / 35))
            if families:
                family = families[int(rng.random() * len(families))]
                member, household, area = family.member_name, family.household, family.area
            else:
                family, village = None, rng.choice(ctx.villages)
                household, area = fake.person_name(rng, 1968), village
                member = household[0] + fake.given_name(rng, 2002)
            delivered = add_working_days(received, 1 + (rng.random() < 0.5))
            if n == late:  # the one late this year
                delivered = add_working_days(received, 6)
            if received > ctx.today:
                continue
            township = next(t for t in ctx.townships if t.code == area.code[:9])
            on = upto(ctx, delivered)
            rows.append({"area": area, "member_name": member, "member_unit": rng.choice(NOTICE_UNITS), "family": family,
                         "household": household, "merit_class": merit, "received_on": received, "delivered_on": on,
                         "delivered_by": f"县退役军人事务局、{township.name}人武部" if on else "",
                         "ceremony": rng.choice(CEREMONIES) if on else "", "reward": Decimal(reward if on else "0.00")})
    return rows


def plaque_rows(ctx, martyrs):
    """The veterans' plaques (as migration 0002 moves them, once per veteran) and the other households'."""
    migrated = [{"veteran": Veteran(pk=pk), "household": name, "area": Area(pk=area), "categories": PlaqueCategory.VETERAN,
                 "hung_on": hung_on, "status": "hung" if status == "alive" else "retired", "note": "由退役军人信息迁入"}
                for pk, name, area, hung_on, status in Veteran.objects.inside(ctx.county.code)
                .filter(plaque_hung_on__isnull=False).order_by("pk")
                .values_list("pk", "name", "area_id", "plaque_hung_on", "status")]
    households, seen = [], {(row["area"].pk, row["household"]) for row in migrated}
    families = ServingFamily.objects.filter(survey__area=ctx.county).order_by("surveyed_on", "id")
    rng = random.Random(f"{SEED}:honors:plaques")
    for family in families:
        hung = family.surveyed_on + datetime.timedelta(days=rng.randint(20, 60))
        if rng.random() > 0.15 or (family.area_id, family.household) in seen or hung > ctx.today:
            continue
        seen.add((family.area_id, family.household))
        households.append({"veteran": None, "household": family.household, "area": Area(pk=family.area_id),
                           "categories": PlaqueCategory.SERVING, "hung_on": hung, "hung_by": "村（社区）退役军人服务站",
                           "signed_by": family.household, "address": ""})
    for martyr in martyrs:
        head = martyr.relatives_text[2:].split("（")[0]
        hung = D(ctx.start.year, 1, 1) + datetime.timedelta(days=rng.randint(60, 700))
        if (martyr.area_id, head) in seen or hung > ctx.today or rng.random() > 0.5:
            continue
        seen.add((martyr.area_id, head))
        households.append({"veteran": None, "household": head, "area": Area(pk=martyr.area_id), "categories": PlaqueCategory.MARTYR,
                           "hung_on": hung, "hung_by": "县退役军人事务局", "signed_by": head, "address": martyr.birthplace})
    return migrated, households


def selection_rows(ctx):
    selections, nominees = [], []
    pool = list(Veteran.objects.inside(ctx.county.code).filter(status="alive").order_by("id").values_list("id", "name", "area_id")[:3000])
    for n, year in enumerate(years(ctx)):
        announced = D(year, 7, 28)
        if announced > ctx.today or not pool:
            continue
        rng = random.Random(f"{SEED}:honors:selection:{year}")
        title = f"云溪县第{'一二三四五六七八九'[n + 1]}届“最美退役军人”评选"
        selections.append({"area": ctx.county, "year": year, "kind": SelectionKind.VETERAN, "level": SelectionLevel.COUNTY,
                           "title": title, "announced_on": announced,
                           "publicity": "在县融媒体中心开设“最美退役军人”专栏，制作风采展示视频在双拥公园播放"})
        names = set()
        for pk, name, area in rng.sample(pool, 14):
            if name in names or len(names) == 12:
                continue
            names.add(name)
            township = next(t for t in ctx.townships if t.code == area[:9])
            nominees.append((title, {"name": name, "veteran": Veteran(pk=pk), "recommended_by": f"{township.name}退役军人服务站",
                                     "chosen": len(names) <= 6, "story": rng.choice(STORIES)}))
    return selections, nominees


def martyr_steps(martyr, ctx):
    if martyr.status == "pending":
        return []
    verified = (martyr.confirmed_on or ctx.today) - datetime.timedelta(days=30)
    found = [("verify", "pending", "verified", verified, "", "demo-clerk")]
    if martyr.confirmed_on:
        found.append(("confirm", "verified", "confirmed", martyr.confirmed_on, "", "demo-staff"))
    return found


def correction_steps(correction, ctx):
    return [("approve", "pending", "approved", correction.decided_on, correction.source_document, "demo-staff")]


def search_steps(search, ctx):
    found, state = [], "clue"
    for field, name, target, who in (("sampled_on", "sample", "sampled", "demo-clerk"), ("matched_on", "match", "matched", "demo-staff"),
                                     ("confirmed_on", "confirm", "confirmed", "demo-staff"), ("told_on", "tell", "told", "demo-clerk")):
        day = getattr(search, field)
        if day:
            remark = f"上门告知{search.relative_name}，送达烈士英名录信息" if name == "tell" else ""
            found.append((name, state, target, day, remark, who))
            state = target
    if search.closed_on:
        found.append(("close", state, "closed", search.closed_on, "经多方查找未找到烈士亲属，暂予结案", "demo-staff"))
    return found


def write_step_logs(ctx, martyrs, corrections, searches):
    """The 办理记录 of the demo's martyrs, corrections and searches, as if staff had taken each step on its day,
    once: a record with any log already keeps its own."""
    tz = timezone.get_current_timezone()
    logs = []
    for objs, steps in ((martyrs, martyr_steps), (corrections, correction_steps), (searches, search_steps)):
        if not objs:
            continue
        kind = ContentType.objects.get_for_model(type(objs[0]))
        logged = set(TransitionLog.objects.filter(content_type=kind).values_list("object_id", flat=True).distinct())
        for obj in objs:
            if str(obj.pk) in logged:
                continue
            for n, (name, source, target, day, remark, who) in enumerate(steps(obj, ctx)):
                at = datetime.datetime.combine(day, datetime.time(9 + n % 8, 30), tzinfo=tz)
                logs.append(TransitionLog(content_type=kind, object_id=str(obj.pk), name=name, source=source,
                                          destination=target, user=ctx.users.get(who), at=at, remark=remark))
    TransitionLog.objects.bulk_create(logs, batch_size=2000)
    ctx.count("褒扬纪念办理记录", len(logs))


@demo_step(after=("veterans", "support_army"))
def load_honors(ctx):
    rng = ctx.rng
    clerk = ctx.users.get("demo-clerk")
    facilities = {f.name: f for f in sync(MemorialFacility, facility_rows(ctx, rng), key=["name", "area"], ctx=ctx)}
    martyrs, graves = martyr_plan(ctx, facilities)
    for grave in graves:
        grave["protection_surveyed_on"], grave["protection_area"] = None, None
    facilities.update({f.name: f for f in sync(MemorialFacility, graves, key=["name", "area"], ctx=ctx)})
    for row in martyrs:
        if isinstance(row["facility"], str):
            row["facility"] = facilities[row["facility"]]
    martyrs = sync(Martyr, martyrs, key=["name", "area", "birth_year"], ctx=ctx)
    corrections = sync(MartyrCorrection, correction_plan(ctx, martyrs, clerk), key=["martyr", "field"], ctx=ctx)
    searches = sync(RelativeSearch, search_rows(ctx, martyrs), key=["martyr", "received_on"], ctx=ctx)
    certificates = sync(MartyrCertificate, certificate_rows(ctx, martyrs), key=["kind", "number"], ctx=ctx)
    inspections = sync(FacilityInspection, inspection_rows(ctx, list(facilities.values())), key=["facility", "date"], ctx=ctx)
    projects = sync(RepairProject, project_rows(ctx, facilities), key=["facility", "name"], ctx=ctx)
    events = sync(Commemoration, commemoration_rows(ctx, facilities), key=["area", "date", "title"], ctx=ctx)
    sweeps = sync(ProxySweep, sweep_rows(ctx, martyrs), key=["martyr", "requested_on"], ctx=ctx)
    notices = sync(MeritNotice, notice_rows(ctx), key=["area", "received_on", "member_name"], ctx=ctx)
    write_step_logs(ctx, martyrs, corrections, searches)
    migrated, households = plaque_rows(ctx, martyrs)
    plaques = sync(HonourPlaque, migrated, key=["veteran"], ctx=ctx) + sync(HonourPlaque, households, key=["area", "household"], ctx=ctx)
    selections, nominees = selection_rows(ctx)
    by_title = {s.title: s for s in sync(Selection, selections, key=["title", "area"], ctx=ctx)}
    nominees = sync(Nominee, [{"selection": by_title[t], **row} for t, row in nominees], key=["selection", "name"], ctx=ctx)
    ctx.count("烈士英名录", len(martyrs), f"名（已确认 {sum(m.status == 'confirmed' for m in martyrs)} 名，勘误 {len(corrections)} 处）")
    ctx.count("为烈士寻亲", len(searches), f"件（已告知家属 {sum(s.status == 'told' for s in searches)} 件）")
    ctx.count("烈士证书", len(certificates), "本")
    ctx.count("烈士纪念设施", len(facilities), f"处（检查 {len(inspections)} 次，修缮建设项目 {len(projects)} 个）")
    ctx.count("纪念活动", len(events), f"场（代祭扫 {len(sweeps)} 次）")
    ctx.count("立功喜报", len(notices), "份")
    ctx.count("光荣牌", len(plaques), "户")
    ctx.count("最美退役军人候选人", len(nominees), f"名（当选 {sum(n.chosen for n in nominees)} 名）")
