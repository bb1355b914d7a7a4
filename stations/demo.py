"""Demo service system of 云溪县: the service centre, one station per township and village, their
inspections (on-site and video spot checks, 视频点验) and staff trainings (a demo step; see
core/demo.py for the rules steps follow).

Stations were mostly built in 2019-2022; a few village stations are new in the demo window's
years.  Inspections and trainings follow a yearly plan for each calendar year of the window (the
year before last, last year, this year), drawn from a generator seeded with the year, so a year's
records are the same whatever day the command runs, and every year is a year of work at the same
level; this year's plan is loaded up to today.  Only the inspections' status (整改) depends on
how long ago they were.
"""

import datetime
import random

from core import fake
from core.contrib import demo_step
from core.demo import SEED, sync
from stations.models import InspectionKind, ServiceStation, StationInspection, StationLevel, StationTraining

INSPECTORS = [
    "服务保障科 陈海燕、周立新",
    "服务保障科 吴卫东",
    "办公室 方晓峰、叶红梅",
    "优抚科 金志明、潘丽华",
    "局领导带队 王建国、徐雪芳",
]
FINDINGS = [
    "台账资料不完整，部分走访慰问记录缺少签字。",
    "服务站标识标牌不规范，政策公示栏内容未及时更新。",
    "优待证申领政策宣传资料不足，群众知晓率不高。",
    "未设置荣誉墙，建议结合光荣牌悬挂情况统筹建设。",
    "值班制度落实不到位，视频点验时无人在岗。",
    "退役军人信息采集数据与系统不一致，需逐户核对更新。",
    "档案柜未上锁，个人信息资料管理需加强。",
    "服务事项办理记录不规范，未按要求登记办结时限。",
    "“一站式”服务流程图未上墙，接待场所面积不足。",
    "帮扶援助对象回访不及时，部分困难情况未跟踪到位。",
]
COUNTY_TRAININGS = ["退役军人优待证政策培训", "退役军人服务站星级评定标准解读", "退役军人信息采集与系统操作培训"]
TOWNSHIP_TRAININGS = [
    "光荣牌悬挂与管理业务培训",
    "抚恤优待政策业务培训",
    "退役军人就业创业政策培训",
    "信访接待与矛盾化解培训",
    "烈士纪念设施日常管护培训",
    "退役军人事务政策法规培训",
]


def station_rows(county, townships, villages, today):
    """The service centre and one station per township and village, as dicts for `sync`."""
    rng = random.Random(f"{SEED}:stations")
    by_code = {t.code: t for t in townships}
    rows = [
        {
            "name": f"{county.name}退役军人服务中心",
            "area": county,
            "level": StationLevel.COUNTY,
            "head": fake.person_name(rng, rng.randint(1966, 1990)),
            "phone": fake.mobile(rng),
            "address": f"{county.name}{townships[0].name}府前路88号",
            "staff_count": 12,
            "star_rating": 5,
            "is_red_station": False,
            "has_honour_wall": True,
            "established_on": datetime.date(2019, 3, 28),
        }
    ]
    for township in townships:
        rows.append(
            {
                "name": f"{township.name}退役军人服务站",
                "area": township,
                "level": StationLevel.TOWNSHIP,
                "head": fake.person_name(rng, rng.randint(1966, 1990)),
                "phone": fake.mobile(rng),
                "address": f"{county.name}{township.name}{fake.street(rng, 199)}（便民服务中心一楼）",
                "staff_count": rng.randint(3, 6),
                "star_rating": rng.choices([3, 4, 5], weights=[30, 50, 20])[0],
                "is_red_station": rng.random() < 0.15,
                "has_honour_wall": rng.random() < 0.6,
                "established_on": in_year(2019 + int(rng.random() * 2), rng.random()),
            }
        )
    for village in villages:
        township = by_code[village.parent_id]
        if village.name.endswith("社区"):
            place = f"{fake.street(rng, 299)}{village.name}党群服务中心"
        else:
            place = f"{village.name}{rng.choice(['村委会办公楼一楼', '文化礼堂', '党群服务中心'])}"
        rows.append(
            {
                "name": f"{village.name}退役军人服务站",
                "area": village,
                "level": StationLevel.VILLAGE,
                "head": fake.person_name(rng, rng.randint(1966, 1990)),
                "phone": fake.mobile(rng),
                "address": f"{county.name}{township.name}{place}",
                "staff_count": rng.choices([1, 2, 3], weights=[35, 45, 20])[0],
                "star_rating": None if rng.random() < 0.25 else rng.choices([1, 2, 3, 4, 5], weights=[10, 25, 35, 20, 10])[0],
                "is_red_station": rng.random() < 0.15,
                "has_honour_wall": rng.random() < 0.38,
                "established_on": established(rng, today, new=rng.random() < 0.1),
            }
        )
    return rows


def in_year(year, u):
    """The day a fraction `u` of the way through `year`."""
    first = datetime.date(year, 1, 1)
    return first + datetime.timedelta(days=int(u * (datetime.date(year + 1, 1, 1) - first).days))


def established(rng, today, new):
    """When a station was built: in 2019-2022, or (`new`) in one of the demo window's years, never after today."""
    u, slot = rng.random(), rng.randrange(3)
    if not new:
        return in_year(2019 + int(u * 4), rng.random())
    day = in_year(today.year - 2 + slot, u)
    return day if day <= today else in_year(today.year - 1, u)


def status(findings, age, u):
    """整改状态 of an inspection `age` days old: a problem found is rectified, then reviewed, within weeks."""
    if not findings or (age >= 90 and u < 0.93):
        return "closed"
    if age >= 90:
        return "rectified"
    if age >= 30:
        return "closed" if u < 0.45 else "rectified" if u < 0.8 else "open"
    return "rectified" if u < 0.15 else "open"


def unique(rows, seen, key):
    """Move a row a day on while another of the plan has the same natural key."""
    for row in rows:
        while tuple(row[k] if k != "station" else row[k].pk for k in key) in seen:
            row["date"] += datetime.timedelta(days=1)
        seen.add(tuple(row[k] if k != "station" else row[k].pk for k in key))
    return rows


def year_plan(stations, year):
    """The inspections and trainings planned for `year` (drawn from the year alone, not from today)."""
    rng = random.Random(f"{SEED}:stations:{year}")
    r = rng.random
    centre = next(s for s in stations if s.level == StationLevel.COUNTY)
    inspections, trainings = [], []

    def inspection(station, kind, day):
        findings = ""
        if r() < 0.65:
            choices = [f for f in FINDINGS if not (station.has_honour_wall and "荣誉墙" in f)]
            findings = fake.pick(rng, choices)
        inspections.append({"station": station, "kind": kind, "date": day, "inspector": fake.pick(rng, INSPECTORS),
                            "findings": findings, "u": r()})

    for station in stations:
        if station.level == StationLevel.TOWNSHIP:  # on-site in spring and autumn, two video spot checks
            inspection(station, InspectionKind.ONSITE, in_year(year, 0.16 + 0.25 * r()))
            inspection(station, InspectionKind.ONSITE, in_year(year, 0.66 + 0.25 * r()))
            inspection(station, InspectionKind.VIDEO, in_year(year, 0.5 * r()))
            inspection(station, InspectionKind.VIDEO, in_year(year, 0.5 + 0.5 * r()))
            trainings.append({"station": station, "topic": fake.pick(rng, TOWNSHIP_TRAININGS),
                              "date": in_year(year, 0.1 + 0.8 * r()), "attendees": 8 + int(r() * 23)})
        elif station.level == StationLevel.VILLAGE:  # a sample of the village stations
            if r() < 0.2:
                inspection(station, InspectionKind.ONSITE, in_year(year, r()))
            for share in (0.3, 0.1):
                if r() < share:
                    inspection(station, InspectionKind.VIDEO, in_year(year, r()))
    for n, topic in enumerate(COUNTY_TRAININGS):  # the county's trainings for all three levels' staff
        trainings.append({"station": centre, "topic": topic, "date": in_year(year, (n + r()) / len(COUNTY_TRAININGS)),
                          "attendees": 60 + int(r() * 81)})
    return inspections, trainings


def activity_rows(stations, start, today):
    """Every year's plan from the window's start, up to today; statuses as of today."""
    inspections, trainings = [], []
    seen_inspections, seen_trainings = set(), set()
    for year in range(start.year, today.year + 1):
        planned, trained = year_plan(stations, year)
        inspections += unique(planned, seen_inspections, ("station", "date", "kind"))
        trainings += unique(trained, seen_trainings, ("station", "date", "topic"))
    inspections = [i for i in inspections if i["date"] <= today]
    for row in inspections:
        row["status"] = status(row["findings"], (today - row["date"]).days, row.pop("u"))
    return inspections, [t for t in trainings if t["date"] <= today]


@demo_step
def load_stations(ctx):
    rows = station_rows(ctx.county, ctx.townships, ctx.villages, ctx.today)
    stations = sync(ServiceStation, rows, key=["name", "area"], ctx=ctx)
    inspections, trainings = activity_rows(stations, ctx.start, ctx.today)
    inspections = sync(StationInspection, inspections, key=["station", "date", "kind"], ctx=ctx)
    trainings = sync(StationTraining, trainings, key=["station", "date", "topic"], ctx=ctx)
    levels = [s.level for s in stations]
    ctx.count(
        "服务中心/站",
        len(stations),
        f"个（县级 {levels.count(StationLevel.COUNTY)}、镇级 {levels.count(StationLevel.TOWNSHIP)}、"
        f"村级 {levels.count(StationLevel.VILLAGE)}）",
    )
    video = sum(i.kind == InspectionKind.VIDEO for i in inspections)
    ctx.count("服务站检查", len(inspections), f"次（其中视频点验 {video} 次）")
    ctx.count("服务站培训", len(trainings), "场")
