"""Demo data: the made-up county 云溪县, loaded by `python manage.py load_demo`.

The county (division code 330727, under the real prefixes 浙江省 33 and 金华市
3307, so ID numbers starting 330727 look right) has 12 townships/streets and
117 villages/communities and one demo user of each role.  Everything else
(stations, veterans …) comes from the apps' demo steps.

Everything is idempotent: each record is matched on a natural key (area code,
username) and saved only when a value differs, so a second run creates nothing
and writes no history rows (demo users' passwords are reset every run, so
changing DEMO_PASSWORD takes effect).  Random values come from generators
seeded with `SEED`, so every run produces the same data; dates are counted
back from today.

Each app adds its own demo records in `<app>/demo.py`, which core imports at
start-up (core.contrib), by registering a step:

    from core.contrib import demo_step
    from core.demo import sync

    @demo_step(after=("stations",))
    def load_veterans(ctx):
        rows = [{"id_number": ..., "name": ..., "area": village} for village in ctx.villages]
        objs = sync(Veteran, rows, key=["id_number"], ctx=ctx)
        ctx.count("退役军人", len(objs), "名")

A step must key every record on a natural key (`sync` or get_or_create) and
draw random values from `ctx.rng` in an order that does not depend on what is
already in the database; `ctx.rng` is reseeded for each step, so one app's
demo data does not shift when another app's step changes.  Steps run after the
core data, in the apps' dependency order (core.contrib.Steps.ordered), inside
the same transaction; what one step leaves for later ones goes in `ctx.shared`.

A bureau's work (activities, cards, inspections …) is spread evenly over the
demo window: from 1 January of the year before last (`ctx.start`) to today, so
this year, last year and the year before each read as a year of work and
their year-on-year comparisons are believable.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction
from django.utils import timezone

from core import fake
from core.contrib import demo_steps
from core.models import Area, AreaLevel, User
from core.roles import Role

SEED = 2026
DEFAULT_PASSWORD = "Demo#2026veteran"

PROVINCE = ("33", "浙江省")
CITY = ("3307", "金华市")
COUNTY = ("330727", "云溪县")

# Statistical codes number streets 001-099, towns 100-199 and townships 200-399;
# within them, communities (居委会) 001-199 and villages (村委会) 200-399.
# (code suffix, name, communities, villages)
TOWNSHIPS = [
    ("001", "云溪街道", 8, 3),
    ("002", "城南街道", 6, 4),
    ("003", "凤山街道", 5, 5),
    ("100", "石门镇", 2, 11),
    ("101", "枫林镇", 1, 10),
    ("102", "白沙镇", 2, 9),
    ("103", "清溪镇", 1, 10),
    ("104", "双河镇", 1, 9),
    ("105", "龙潭镇", 1, 8),
    ("200", "桃源乡", 0, 8),
    ("201", "青山乡", 0, 7),
    ("202", "竹坞乡", 0, 6),
]

COMMUNITY_STEMS = (
    "新华 兴华 和平 文化 胜利 建设 幸福 人民 东方 锦华 翠苑 星桥 金城 滨江 溪北 城东 城西 南山 北苑 丹桂 荷花 玉泉 "
    "春晖 育才 长安 永安 万福 康宁 怡园 松风 青云 凤鸣 钟楼 学府 阳光 花园 府前 解放 后街 望江"
).split()
POSITIONS = "上下前后东西南北大小中"
# Combinations that are ordinary words rather than village names.
AWKWARD = set("东周 西周 大方 东方 西方 南方 北方 上方 下方 前方 后方 中方 小金 大金 中华 南宋".split())
CLAN_SURNAMES = "王陈张周吴徐何叶方金应楼傅朱胡潘黄蒋郑施杜卢童俞"
CLAN_SUFFIXES = "家宅店坞塘畈岙山源垄"
FEATURES = "枫树 竹林 桃花 杨梅 松树 梅花 茶园 石板 清水 白石 黄泥 青龙 凤凰 金鸡 樟树 板栗 柿树 杏花 乌石 银杏 黄檀 桐子".split()
LANDFORMS = "岭坞坑塘湾坪岗垄源畈桥溪口头岩潭山"
PLACE_STEMS = (
    "高坪 里山 外洋 双溪 岩下 塘头 湖田 大坑 横路 里岙 外坞 岭脚 山后 田心 水口 岩头 坑口 马岭 平田 深坑 长坑 "
    "合溪 三联 五联 红星 新建 团结 联丰 永丰 丰收 前进 民主 和睦 安文"
).split()

# username -> (role, full name, where: "county", "township" = first township, "village" = a village in it)
DEMO_USERS = {
    "demo-admin": (Role.ADMIN, "郑文斌", "county"),
    "demo-auditor": (Role.AUDITOR, "孙丽华", "county"),
    "demo-leader": (Role.LEADER, "王建国", "county"),
    "demo-staff": (Role.STAFF, "陈海燕", "county"),
    "demo-clerk": (Role.CLERK, "叶志强", "township"),
    "demo-village": (Role.CLERK, "楼国庆", "village"),
    "demo-security": (Role.SECURITY, "钱卫平", "county"),
}


@dataclass
class DemoContext:
    """What a step gets: the demo county, its areas and users, a seeded rng, today's date and the
    first day of the demo window (`start`)."""

    county: Area
    townships: list
    villages: list
    users: dict
    rng: random.Random
    today: datetime.date
    start: datetime.date = None
    stdout: object = None
    shared: dict = field(default_factory=dict)  # what a step leaves for later ones, keyed by app label
    created: int = 0
    updated: int = 0
    counts: list = field(default_factory=list)  # (label, number, unit) for the summary

    def count(self, label, number, unit="条"):
        """Add a line to the summary the command prints."""
        self.counts.append((label, number, unit))

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def villages_in(self, township):
        return [v for v in self.villages if v.parent_id == township.code]


# --- idempotent upsert ---------------------------------------------------------


def sync(model, rows, key, ctx=None):
    """Make each row (a dict of field values) exist in `model`, matched on the `key` fields.

    Missing rows are bulk-created (with history rows if the model keeps history),
    rows whose values differ are saved one by one (so history records the change),
    identical rows are not touched.  Foreign keys may be given as instances or pks.
    Returns the instances in the order of `rows`.
    """
    fields = {f.name: f for f in model._meta.concrete_fields}

    def norm(name, value):
        f = fields[name]
        if isinstance(value, models.Model):
            return value.pk
        if f.is_relation or value is None:
            return value
        return f.to_python(value)

    def key_of_row(row):
        return tuple(norm(k, row[k]) for k in key)

    def key_of_obj(obj):
        return tuple(getattr(obj, fields[k].attname) for k in key)

    wanted = [key_of_row(row) for row in rows]
    existing = {}
    lookup = {f"{fields[key[0]].attname}__in": {k[0] for k in wanted}}
    for obj in model._default_manager.filter(**lookup).order_by("pk"):
        existing.setdefault(key_of_obj(obj), obj)

    to_create, updated = [], 0
    for k, row in zip(wanted, rows, strict=True):
        obj = existing.get(k)
        if obj is None:
            obj = existing[k] = model(**row)
            to_create.append(obj)
            continue
        changed = False
        for name, value in row.items():
            if getattr(obj, fields[name].attname) != norm(name, value):
                setattr(obj, name, value)
                changed = True
        if changed and obj.pk is not None:
            obj.save()
            updated += 1
    if to_create:
        if getattr(model._meta, "simple_history_manager_attribute", None):
            from simple_history.utils import bulk_create_with_history

            bulk_create_with_history(to_create, model)
        else:
            model._default_manager.bulk_create(to_create)
        if any(obj.pk is None for obj in to_create):  # backends that do not return ids from bulk inserts
            lookup = {f"{fields[key[0]].attname}__in": {key_of_obj(o)[0] for o in to_create}}
            fresh = {key_of_obj(o): o for o in model._default_manager.filter(**lookup).order_by("-pk")}
            for obj in to_create:
                existing[key_of_obj(obj)] = fresh[key_of_obj(obj)]
    if ctx is not None:
        ctx.created += len(to_create)
        ctx.updated += updated
    return [existing[k] for k in wanted]


# --- generated content -----------------------------------------------------------


def village_stem(rng):
    """A village name without 村, and the word it is built on (to keep that word from repeating too often)."""
    pattern = rng.choices("ABCD", weights=[30, 20, 30, 20])[0]
    if pattern == "A":
        surname = rng.choice(CLAN_SURNAMES)
        return rng.choice(POSITIONS) + surname, surname
    if pattern == "B":
        surname = rng.choice(CLAN_SURNAMES)
        return surname + rng.choice(CLAN_SUFFIXES), surname
    if pattern == "C":
        feature = rng.choice(FEATURES)
        return feature + rng.choice(LANDFORMS), feature
    stem = rng.choice(PLACE_STEMS)
    return stem, stem


def area_rows():
    """Every demo area as (code, name, level, parent code), parents first; deterministic."""
    rng = random.Random(f"{SEED}:areas")
    county_code, county_name = COUNTY
    rows = [
        (PROVINCE[0], PROVINCE[1], AreaLevel.PROVINCE, None),
        (CITY[0], CITY[1], AreaLevel.CITY, PROVINCE[0]),
        (county_code, county_name, AreaLevel.COUNTY, CITY[0]),
    ]
    township_stems = {name.removesuffix("街道").removesuffix("镇").removesuffix("乡") for _, name, _, _ in TOWNSHIPS}
    used = set(township_stems)
    word_uses = {}  # how many villages of the county are built on a surname or feature word
    community_pool = list(COMMUNITY_STEMS)
    rng.shuffle(community_pool)
    villages = []
    for suffix, name, communities, village_count in TOWNSHIPS:
        code = county_code + suffix
        rows.append((code, name, AreaLevel.TOWNSHIP, county_code))
        stem = name.removesuffix("街道").removesuffix("镇").removesuffix("乡")
        for i in range(communities):
            if i == 0 and not name.endswith("街道"):
                community = stem  # a town's seat community carries the town's name
            else:
                community = next(s for s in community_pool if s not in used)
            used.add(community)
            villages.append((f"{code}{i + 1:03d}", f"{community}社区", AreaLevel.VILLAGE, code))
        here = set()  # words already used for a village of this township
        for i in range(village_count):
            while True:
                village, word = village_stem(rng)
                if village not in used and village not in AWKWARD and word not in here and word_uses.get(word, 0) < 2:
                    break
            used.add(village)
            here.add(word)
            word_uses[word] = word_uses.get(word, 0) + 1
            villages.append((f"{code}{201 + i:03d}", f"{village}村", AreaLevel.VILLAGE, code))
    return rows + villages


# --- loading -----------------------------------------------------------------------


def load_areas(ctx=None):
    """Sync the demo areas level by level (parents first); returns {code: Area}."""
    objs = {}
    rows = area_rows()
    for level in AreaLevel:
        data = [{"code": c, "name": n, "level": lv, "parent": objs.get(p)} for c, n, lv, p in rows if lv == level]
        for obj in sync(Area, data, key=["code"], ctx=ctx):
            objs[obj.code] = obj
    return objs


def window_start(today):
    """The first day of the demo window: 1 January of the year before last."""
    return datetime.date(today.year - 2, 1, 1)


@transaction.atomic
def load_demo(password=DEFAULT_PASSWORD, stdout=None, only=None):
    """Create or update the demo county, its areas and users, then run every app's demo step
    (`only`: just the steps of these app labels).

    Returns the DemoContext; its `counts` list holds the summary lines.
    """
    validate_password(password)
    today = timezone.localdate()
    ctx = DemoContext(county=None, townships=[], villages=[], users={}, rng=random.Random(SEED), today=today,
                      start=window_start(today), stdout=stdout)

    areas = load_areas(ctx)
    county = areas[COUNTY[0]]
    townships = [a for a in areas.values() if a.level == AreaLevel.TOWNSHIP]
    villages = [a for a in areas.values() if a.level == AreaLevel.VILLAGE]

    first_township = townships[0]
    home = {
        "county": county,
        "township": first_township,
        "village": next(v for v in villages if v.parent_id == first_township.code and v.name.endswith("村")),
    }
    rng = random.Random(f"{SEED}:users")
    encoded = make_password(password)  # one hash for all six: the slow part of this command
    user_rows = [
        {
            "username": username,
            "role": role,
            "full_name": full_name,
            "area": home[where],
            "phone": fake.mobile(rng),
            "password": encoded,
            "must_change_password": False,
            "is_active": True,
        }
        for username, (role, full_name, where) in DEMO_USERS.items()
    ]
    users = {u.username: u for u in sync(User, user_rows, key=["username"], ctx=ctx)}
    _reset_lockouts(users)

    ctx.county, ctx.townships, ctx.villages, ctx.users = county, townships, villages, users
    ctx.count("镇/街道", len(townships), "个")
    ctx.count("村/社区", len(villages), "个")
    ctx.count("演示用户", len(users), "个")

    for step in demo_steps.ordered(only):
        ctx.rng.seed(f"{SEED}:{step.name}")
        step(ctx)
    return ctx


def _reset_lockouts(users):
    """Clear django-axes failed-login records of the demo users, so a reload always lets them in."""
    if not apps.is_installed("axes"):
        return
    from axes.utils import reset

    for username in users:
        reset(username=username)
