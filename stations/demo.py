"""Demo service system of 云溪县: the service centre, one station per township and village, their
inspections and trainings (a demo step; see core/demo.py for the rules steps follow)."""

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


def station_rows(county, townships, villages):
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
            }
        )
    return rows


def activity_rows(stations, today):
    """A few inspections and trainings, dated within the last 18 months."""
    rng = random.Random(f"{SEED}:activities")
    centre = next(s for s in stations if s.level == StationLevel.COUNTY)
    township_stations = [s for s in stations if s.level == StationLevel.TOWNSHIP]
    village_stations = [s for s in stations if s.level == StationLevel.VILLAGE]

    def days_ago(low, high):
        return today - datetime.timedelta(days=rng.randint(low, high))

    inspections = []
    for station in rng.sample(township_stations, 4) + rng.sample(village_stations, 8):
        inspections.append(
            {
                "station": station,
                "kind": rng.choices([InspectionKind.ONSITE, InspectionKind.VIDEO], weights=[70, 30])[0],
                "inspector": rng.choice(INSPECTORS),
                "date": days_ago(7, 540),
                "findings": rng.choice(FINDINGS),
            }
        )
    trainings = [
        {"station": centre, "topic": topic, "date": days_ago(20, 540), "attendees": rng.randint(60, 140)}
        for topic in COUNTY_TRAININGS
    ]
    for station, topic in zip(rng.sample(township_stations, 5), rng.sample(TOWNSHIP_TRAININGS, 5), strict=True):
        trainings.append({"station": station, "topic": topic, "date": days_ago(7, 540), "attendees": rng.randint(8, 30)})
    return inspections, trainings


@demo_step
def load_stations(ctx):
    stations = sync(ServiceStation, station_rows(ctx.county, ctx.townships, ctx.villages), key=["name", "area"], ctx=ctx)
    inspections, trainings = activity_rows(stations, ctx.today)
    inspections = sync(StationInspection, inspections, key=["station", "kind", "inspector"], ctx=ctx)
    trainings = sync(StationTraining, trainings, key=["station", "topic"], ctx=ctx)
    levels = [s.level for s in stations]
    ctx.count(
        "服务中心/站",
        len(stations),
        f"个（县级 {levels.count(StationLevel.COUNTY)}、镇级 {levels.count(StationLevel.TOWNSHIP)}、"
        f"村级 {levels.count(StationLevel.VILLAGE)}）",
    )
    ctx.count("服务站检查", len(inspections))
    ctx.count("服务站培训", len(trainings))
