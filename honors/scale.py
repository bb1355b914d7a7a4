"""褒扬纪念 of the scale data (core.scale), in proportion to the counties: every county has its 烈士陵园, two
township memorials and two to five scattered graves (零散烈士墓), 30 to 60 martyrs born in its villages
(nine in ten confirmed, buried in its facilities or far away, as honors.demo's eras have them), its
facilities inspected each quarter (the graves each spring) and, each of the two years, the county's
清明 and 烈士纪念日 ceremonies and three to six townships' sweepings."""

import datetime

from core import fake
from core.contrib import scale_step
from core.models import AreaLevel
from honors.demo import ABROAD, ERAS, FINDINGS, RANKS
from honors.models import Commemoration, FacilityInspection, Martyr, MemorialFacility
from veterans.pinyin import initials_and_full

FACILITY_COLUMNS = ("id", "area_id", "created_at", "updated_at", "name", "level", "location", "manager", "manager_phone",
                    "note")
MARTYR_COLUMNS = ("area_id", "created_at", "updated_at", "name", "sex", "birth_year", "birthplace", "ethnicity",
                  "political_status", "unit", "rank", "death_date", "death_place", "circumstances", "approval_authority",
                  "approval_number", "approved_on", "facility_id", "burial_place", "relatives_text", "status",
                  "confirmed_on", "name_pinyin", "name_initials")
INSPECTION_COLUMNS = ("created_at", "updated_at", "facility_id", "date", "inspector", "findings", "rectification", "status")
EVENT_COLUMNS = ("area_id", "created_at", "updated_at", "date", "kind", "title", "facility_id", "place", "organiser",
                 "participants", "groups", "online_tributes", "note")


def payload(ctx, rows):
    return "".join(["\t".join(row) + "\n" for row in rows]) if ctx.postgres else rows


def county_plan(ctx, county, townships):
    """([(key, area, name, level, manager)], martyr draws) of one county; facilities keyed 0 (the cemetery) up."""
    rng = ctx.rng("honors", county)
    name = ctx.names[county]
    places = [(0, county, f"{name}烈士陵园", "provincial" if int(county) % 10 == 0 else "county", f"{name}烈士陵园管理所")]
    for township in rng.sample(townships, min(2, len(townships))):
        places.append((len(places), township, f"{ctx.names[township]}烈士纪念碑", "county", f"{ctx.names[township]}人民政府"))
    villages = ctx.villages[county]
    for _n in range(rng.randint(2, 5)):
        village = rng.choice(villages)
        places.append((len(places), village, f"{ctx.names[village]}零散烈士墓{len(places)}号", "scattered",
                       f"{ctx.names[village]}村民委员会"))
    return rng, places


@scale_step(after=("veterans",))
def generate_honors(ctx):
    null, _true, _false = ctx.tokens
    now, today = ctx.now, ctx.today
    townships = {}
    for code, _n, level, parent in ctx.tree:
        if level == AreaLevel.TOWNSHIP:
            townships.setdefault(parent, []).append(code)
    plans = [(county, *county_plan(ctx, county, townships.get(county, []))) for county in ctx.counties]
    next_id = ctx.writer.reserve_ids(MemorialFacility, sum(len(places) for _c, _r, places in plans))
    facilities, martyrs, inspections, events = [], [], [], []
    years = (today.year - 1, today.year)
    weights = [share for _e, share, *_rest in ERAS]
    for county, rng, places in plans:
        ids = {}
        for key, area, name, level, manager in places:
            ids[key] = str(next_id)
            next_id += 1
            facilities.append((ids[key], area, now, now, name, level, ctx.names[area], manager, "", ""))
        for _n in range(rng.randint(30, 60)):
            era, _s, born, died, units, died_at, circumstances, authority, burial = rng.choices(ERAS, weights=weights)[0]
            village = rng.choice(ctx.villages[county])
            birth = rng.randint(*born)
            name = fake.person_name(rng, birth)
            death = datetime.date(max(rng.randint(*died), birth + 17), rng.randint(1, 12), rng.randint(1, 28))
            approved = death + datetime.timedelta(days=rng.randint(90, 900))
            facility, burial_place = null, ""
            if burial in ("cemetery", "scattered"):
                graves = [ids[key] for key, *_rest, level, _m in places if level == "scattered"]
                facility = ids[0] if burial == "cemetery" or not graves else rng.choice(graves)
            else:
                burial_place = rng.choice(ABROAD) if burial == "abroad" else "安葬地不详"
            confirmed = today - datetime.timedelta(days=rng.randint(1, 900))
            is_confirmed = rng.random() < 0.9
            initials, full = initials_and_full(name)
            martyrs.append((village, now, now, name, "M", str(birth), f"{ctx.names[county]}{ctx.names[village]}", "汉族",
                            "party", rng.choice(units), rng.choice(RANKS), death.isoformat(), rng.choice(died_at),
                            f"{era}期间，{circumstances}。", authority, f"〔{approved.year}〕第{rng.randint(1, 300)}号",
                            approved.isoformat(), facility, burial_place, "", "confirmed" if is_confirmed else "pending",
                            confirmed.isoformat() if is_confirmed else null, full, initials))
        for key, _area, _name, level, _manager in places:
            for year in years:
                for month in ((3,) if level == "scattered" else (3, 6, 9, 12)):
                    day = datetime.date(year, month, rng.randint(5, 25))
                    if day > today:
                        continue
                    findings, fix = rng.choice(FINDINGS) if rng.random() < 0.2 else ("未发现问题，设施完好、环境整洁", "")
                    inspections.append((now, now, ids[key], day.isoformat(), "县退役军人事务局", findings, fix,
                                        "closed" if fix or (today - day).days > 60 else "open"))
        for year in years:
            plan = [(datetime.date(year, 4, 3), "qingming", f"{year}年清明节烈士公祭活动", county, ids[0], rng.randint(300, 900)),
                    (datetime.date(year, 9, 30), "martyrs_day", f"{year}年烈士纪念日公祭活动", county, ids[0],
                     rng.randint(300, 700))]
            for township in rng.sample(townships.get(county, []), min(rng.randint(3, 6), len(townships.get(county, [])))):
                plan.append((datetime.date(year, 4, rng.randint(1, 5)), "qingming", f"{ctx.names[township]}清明祭扫烈士活动",
                             township, null, rng.randint(60, 250)))
            for day, kind, title, area, facility, people in plan:
                if day <= today:
                    events.append((area, now, now, day.isoformat(), kind, title, facility,
                                   "" if facility != null else f"{ctx.names[area]}烈士墓", f"{ctx.names[area]}人民政府",
                                   str(people), "机关干部、退役军人代表、中小学生", "0", f"{title}，敬献花篮，缅怀革命先烈"))
    for model, columns, rows in ((MemorialFacility, FACILITY_COLUMNS, facilities), (Martyr, MARTYR_COLUMNS, martyrs),
                                 (FacilityInspection, INSPECTION_COLUMNS, inspections),
                                 (Commemoration, EVENT_COLUMNS, events)):
        ctx.write(model, columns, payload(ctx, rows), len(rows))
    ctx.count("烈士", len(martyrs), "名")
    ctx.count("烈士纪念设施", len(facilities), "处")
    ctx.count("纪念设施检查", len(inspections), "次")
    ctx.count("纪念活动", len(events), "场")
