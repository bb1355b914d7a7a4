"""The service system of the scale data (core.scale): a service centre in every county, a station in
every township and village, and two years of inspections, video spot checks and trainings."""

import datetime

from core import fake
from core.contrib import scale_step
from core.models import AreaLevel
from core.scale import sealer
from stations.demo import COUNTY_TRAININGS, FINDINGS, INSPECTORS, TOWNSHIP_TRAININGS
from stations.models import ServiceStation, StationInspection, StationLevel, StationTraining

STATION_COLUMNS = ("id", "area_id", "created_at", "updated_at", "name", "level", "head", "phone", "address", "staff_count",
                   "star_rating", "is_red_station", "has_honour_wall", "established_on", "note")
INSPECTION_COLUMNS = ("station_id", "created_at", "updated_at", "date", "kind", "inspector", "findings", "status")
TRAINING_COLUMNS = ("station_id", "created_at", "updated_at", "date", "topic", "attendees")


def payload(ctx, rows):
    return "".join(["\t".join(row) + "\n" for row in rows]) if ctx.postgres else rows


@scale_step
def generate_stations(ctx):
    null, true, false = ctx.tokens
    now, today = ctx.now, ctx.today
    days = [today - datetime.timedelta(days=n) for n in range(730)]  # the last two years, newest first
    levels = {code: level for code, _name, level, _parent in ctx.tree}
    stations = [code for code, _name, level, _parent in ctx.tree
                if level in (AreaLevel.COUNTY, AreaLevel.TOWNSHIP, AreaLevel.VILLAGE)]
    next_id = ctx.writer.reserve_ids(ServiceStation, len(stations))
    station_rows, inspections, trainings = [], [], []
    for county in ctx.counties:
        rng = ctx.rng("stations", county)
        r = rng.random
        for code in (c for c in stations if c.startswith(county)):
            level = levels[code]
            name = ctx.names[code]
            if level == AreaLevel.COUNTY:
                title, staff, star = f"{name}退役军人服务中心", 8 + int(r() * 6), "5"
            elif level == AreaLevel.TOWNSHIP:
                title, staff, star = f"{name}退役军人服务站", 3 + int(r() * 4), str(3 + int(r() * 3))
            else:
                title, staff = f"{name}退役军人服务站", 1 + int(r() * 3)
                star = null if r() < 0.25 else str(1 + int(r() * 5))
            station_id = str(next_id)
            next_id += 1
            station_rows.append((
                station_id, code, now, now, title, str(int(min(level, StationLevel.VILLAGE))),
                fake.person_name(rng, 1966 + int(r() * 25)), fake.mobile(rng),
                "".join(ctx.names[code[:n]] for n in (6, 9, 12) if len(code) >= n) + fake.street(rng, 199), str(staff), star,
                true if r() < 0.15 else false, true if r() < 0.4 else false,
                f"{2019 + int(r() * 4)}-{1 + int(r() * 12):02d}-{1 + int(r() * 28):02d}", "",
            ))
            if level == AreaLevel.VILLAGE:  # a video spot check a year for about one village station in five
                checks = [("video", fake.pick(rng, days)) for _n in range(2) if r() < 0.2]
            else:  # an on-site inspection and a video spot check a year
                checks = [(kind, days[int(r() * 365) + offset]) for offset in (0, 365) for kind in ("onsite", "video")]
            for kind, day in checks:
                closed = (today - day).days > 60 or r() < 0.3
                inspections.append((station_id, now, now, day.isoformat(), kind, fake.pick(rng, INSPECTORS),
                                    fake.pick(rng, FINDINGS) if r() < 0.7 else "", "closed" if closed else "open"))
            if level != AreaLevel.VILLAGE:
                topics, most = (COUNTY_TRAININGS, 140) if level == AreaLevel.COUNTY else (TOWNSHIP_TRAININGS, 30)
                for offset in (0, 365):
                    trainings.append((station_id, now, now, days[int(r() * 365) + offset].isoformat(),
                                      fake.pick(rng, topics), str(8 + int(r() * (most - 8)))))
    station_columns, seal = sealer(ServiceStation, STATION_COLUMNS)  # phones encrypted
    station_rows = [seal(row) for row in station_rows]
    for model, columns, rows in ((ServiceStation, station_columns, station_rows),
                                 (StationInspection, INSPECTION_COLUMNS, inspections),
                                 (StationTraining, TRAINING_COLUMNS, trainings)):
        ctx.write(model, columns, payload(ctx, rows), len(rows))
    ctx.count("服务中心/站", len(station_rows), "个")
    ctx.count("服务站检查", len(inspections), "次")
    ctx.count("服务站培训", len(trainings), "场")
