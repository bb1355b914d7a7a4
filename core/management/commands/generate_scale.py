"""`python manage.py generate_scale --veterans N`: a province-sized data set for the benchmarks in bench/.

It fills a made-up province, 江川省 (division code 36; the demo county's province 33 is left alone),
with 11 cities, 100 counties, 10-15 townships per county and 10-20 villages or communities per
township (about 20,000 areas), then N veterans spread over the villages with valid ID numbers (the
region is the county's code, the check digit GB 11643's), birth date, sex and pinyin derived as
the application derives them, about one family member per veteran, a preferential card for about
90% of them and an archive for about 70%.

Speed: rows are written with COPY on PostgreSQL (psycopg2 `copy_expert`) and with `executemany`
in batches elsewhere (SQLite).  No django-simple-history rows are written for generated records:
their history starts with the first change made through the application (this keeps the
generator fast and the history tables small; nothing reads a record's creation row).

Determinism: every random value comes from generators seeded with `--seed` (per county, so the
data of one county does not depend on how many veterans the others got), and dates count from a
given day (`--today`, default today), so the same arguments and day give the same rows.

Re-running: `--reset` deletes the generated province first (every record inside area 36, found
through the foreign keys that point at areas and veterans, and the areas themselves); without it
the command refuses to add a second province on top of the first.
"""

import datetime
import io
import multiprocessing
import os
import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from core.idnumber import check_digit
from core.models import Area, AreaLevel
from core.signals import records_changed
from veterans.models import FamilyMember, PreferentialCard, Veteran, VeteranArchive
from veterans.pinyin import initials_and_full

PROVINCE = ("36", "江川省")
SEED = 36

# (city name, counties); a city's districts come first (codes 01-20), then counties (21-) and county-level cities (81-).
CITIES = [
    ("临江市", 12), ("青州市", 10), ("云阳市", 9), ("瑞川市", 9), ("安平市", 9), ("丰城市", 9),
    ("宁远市", 9), ("石岭市", 9), ("南渠市", 8), ("庆阳市", 8), ("桐溪市", 8),
]
CITY_STEMS = "临江 青州 云阳 瑞川 安平 丰城 宁远 石岭 南渠 庆阳 桐溪".split()
PLACE_WORDS = (
    "东 西 南 北 中 上 下 新 安 永 宁 丰 兴 和 平 乐 清 泰 康 长 瑞 祥 福 吉 文 武 德 仁 义 信 光 明 华 昌 盛 隆 "
    "山 川 江 河 溪 湖 泉 源 岭 峰 岗 坪 塘 湾 洲 桥 林 竹 松 梅 桃 杏 枫 樟 石 金 玉 银 铜 云 霞 阳 月 星 凤 龙 "
    "鹤 鹿 虎 狮 莲 荷 兰 桂 茶 禾 田 庄 营 集 口 坝 滩 港 堰 圩 埠"
).split()
DISTRICT_SUFFIX = ("区",)
COUNTY_SUFFIX = ("县",)

SURNAMES = (
    "王" * 14 + "李" * 14 + "张" * 12 + "刘" * 10 + "陈" * 10 + "杨" * 7 + "黄" * 6 + "赵" * 5 + "吴" * 5 + "周" * 5
    + "徐" * 4 + "孙" * 4 + "马" * 3 + "朱" * 3 + "胡" * 3 + "郭" * 3 + "何" * 3 + "高" * 3 + "林" * 3 + "罗" * 3
    + "郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
    + "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_NAMES = (
    "建国 建华 建军 建平 建新 建明 国强 国华 国平 国庆 国栋 国良 志强 志明 志刚 志华 志勇 志伟 海燕 海涛 海军 海峰 "
    "丽华 丽娟 晓东 晓峰 晓明 晓军 卫东 卫国 卫平 卫华 春花 春生 春明 红梅 红军 红兵 秀英 秀兰 玉兰 玉华 德明 德华 "
    "立新 立军 文斌 文华 文明 俊杰 雪芳 慧敏 永明 永强 永华 福生 荣华 新民 爱国 爱民 跃进 美华 彩霞 长青 忠良 振华 "
    "少华 伟民 宏伟 鹏飞 金生 根生 水生 樟松 耀明 月娥 家豪 子轩 浩然 宇航 俊峰 云飞 天明 向东 向阳 东升 旭东 "
    "伟 军 勇 磊 杰 斌 敏 静 芳 平 刚 强 鹏 涛 亮 超 明 辉 波 宁 华 林 峰 浩 凯 健 坤 琦 斐 昊 晨 阳 帅 龙 飞 "
    "小燕 小龙 小军 小平 小明 金土 根法 水良 少波 永生 光辉 光明 振国 振兴 兴旺 保国 保平 守国 卫兵 从军 继军 "
    "梓豪 一鸣 思远 博文 志远 明哲 子健 俊豪 嘉诚 泽宇"
).split()
ETHNICITIES = ["汉族"] * 96 + ["回族", "畲族", "苗族", "壮族"]
MOBILE_PREFIXES = ("130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
                   "180 181 182 183 185 186 187 188 189 199").split()
ROADS = "人民路 解放路 中山路 建设路 文化路 振兴路 府前路 新街 老街 迎宾路 环城路 滨江路 胜利路 和平路".split()
RANKS = ["列兵", "上等兵", "上等兵", "下士", "下士", "中士", "中士", "上士", "四级军士长", "少尉", "中尉", "上尉", "少校", "中校"]
MERITS = ["三等功1次", "三等功2次", "二等功1次", "优秀士兵2次", "嘉奖3次"]


def expand(table):
    """A weighted table ({value: weight}, weights adding up to 100) as a list of 100 values to index with random()."""
    values = [value for value, weight in table.items() for _n in range(weight)]
    assert len(values) == 100, table
    return values


SERVICE_YEARS = (2, 2, 2, 3, 5, 5, 8, 12, 16, 20)
# choice value -> weight (per cent); expanded into lists of 100 below
DISCHARGE = {"self_employed": 60, "arranged": 8, "transferred": 6, "self_career": 3, "monthly_pension": 2, "retired": 8,
             "demobilised": 12, "supported": 1}
POLITICAL = {"party": 35, "probationary": 1, "league": 6, "other_party": 1, "masses": 57}
EDUCATION = {"primary": 8, "junior": 30, "senior": 30, "college": 17, "bachelor": 12, "postgraduate": 1, "": 2}
BRANCH = {"army": 52, "navy": 9, "air_force": 9, "rocket": 4, "strategic": 2, "logistics": 3, "armed_police": 16, "": 5}
RELATIONSHIP = {"spouse": 55, "child": 30, "father": 5, "mother": 6, "sibling": 3, "other": 1}
CARD_STATUS = {"applied": 8, "issued": 30, "activated": 58, "lost": 2, "cancelled": 2}
ARCHIVE_STATUS = {"received": 20, "reviewed": 70, "transferred": 10}
DISCHARGE, POLITICAL, EDUCATION, BRANCH, RELATIONSHIP, CARD_STATUS, ARCHIVE_STATUS = (
    expand(t) for t in (DISCHARGE, POLITICAL, EDUCATION, BRANCH, RELATIONSHIP, CARD_STATUS, ARCHIVE_STATUS))
WORK_UNITS = ["", "", "", "个体经营", "务农", "县人民医院", "镇中心小学", "供电公司", "自来水公司", "农商银行", "物流公司"]

VETERAN_COLUMNS = (
    "id", "area_id", "created_at", "updated_at", "name", "id_number", "sex", "birth_date", "ethnicity", "phone", "address",
    "current_address", "political_status", "education", "branch", "enlistment_date", "discharge_date", "discharge_category",
    "unit", "rank", "merits", "registered_on", "documented", "plaque_hung_on", "status", "death_date", "moved_out_to", "note",
    "name_pinyin", "name_initials",
)
FAMILY_COLUMNS = ("veteran_id", "created_at", "updated_at", "name", "relationship", "id_number", "phone", "work_unit",
                  "is_military_spouse", "is_martyr_child", "note")
# Cards and archives carry their veteran's area (veterans.models.VeteranAreaField), written here as the veteran's village.
CARD_COLUMNS = ("veteran_id", "created_at", "updated_at", "number", "status", "applied_on", "issued_on", "activated_on",
                "lost_on", "reissued_on", "reissue_count", "cancelled_on", "area_id")
ARCHIVE_COLUMNS = ("veteran_id", "created_at", "updated_at", "received_on", "sender", "volumes", "status", "reviewed_on",
                   "transferred_on", "transferred_to", "note", "area_id")

FLUSH_VETERANS = 20000  # veterans (and their records) kept in memory between two writes
PINYIN = {}  # name -> (initials, full pinyin), as veterans.pinyin reads it; shared by all counties


# --------------------------------------------------------------------------- the area tree


def _name(rng, used, words=2, suffix=""):
    """A made-up place name of `words` characters, unique within `used`."""
    for _attempt in range(1000):
        stem = "".join(rng.choice(PLACE_WORDS) for _ in range(words))
        if stem[0] != stem[1] and stem not in used:
            used.add(stem)
            return stem + suffix
    raise RuntimeError("ran out of place names")


def area_tree(seed=SEED):
    """Every area of the province as (code, name, level, parent code), parents first; deterministic."""
    rng = random.Random(f"{seed}:areas")
    code, name = PROVINCE
    rows = [(code, name, AreaLevel.PROVINCE, None)]
    used = set(CITY_STEMS)
    counties = []
    for index, (city_name, county_count) in enumerate(CITIES, start=1):
        city = f"{code}{index:02d}"
        rows.append((city, city_name, AreaLevel.CITY, code))
        districts = max(2, county_count // 3)
        for n in range(county_count):
            if n < districts:
                county_code, suffix = f"{city}{n + 2:02d}", "区"
            elif n < county_count - 1 or county_count < 9:
                county_code, suffix = f"{city}{21 + n - districts:02d}", "县"
            else:
                county_code, suffix = f"{city}81", "市"
            rows.append((county_code, _name(rng, used, suffix=suffix), AreaLevel.COUNTY, city))
            counties.append((county_code, suffix))
    townships = []
    for county_code, suffix in counties:
        count = rng.randint(10, 15)
        streets = rng.randint(4, 7) if suffix in "区市" else rng.randint(1, 2)
        towns = rng.randint(count - streets - 3, count - streets) if suffix == "县" else count - streets
        numbers = {"street": 1, "town": 100, "township": 200}
        local = set()
        for n in range(count):
            kind = "street" if n < streets else "town" if n < streets + towns else "township"
            township_code = f"{county_code}{numbers[kind]:03d}"
            numbers[kind] += 1
            tail = {"street": "街道", "town": "镇", "township": "乡"}[kind]
            rows.append((township_code, _name(rng, local, suffix=tail), AreaLevel.TOWNSHIP, county_code))
            townships.append((township_code, kind))
    for township_code, kind in townships:
        count = rng.randint(10, 20)
        communities = count if kind == "street" else rng.randint(1, 3) if kind == "town" else 0
        local = set()
        for n in range(count):
            if n < communities:
                rows.append((f"{township_code}{n + 1:03d}", _name(rng, local, suffix="社区"), AreaLevel.VILLAGE, township_code))
            else:
                rows.append((f"{township_code}{200 + n - communities:03d}", _name(rng, local, suffix="村"),
                             AreaLevel.VILLAGE, township_code))
    return rows


# --------------------------------------------------------------------------- people


class PeopleMaker:
    """Veterans and their records for one county, from an rng seeded for that county.

    Rows come out as tuples of text (dates in ISO form, `null` for NULL, `true`/`false` for booleans),
    ready to be joined into COPY lines or passed to executemany.  The code counts in date ordinals
    and uses `random()` rather than randint/choices: it is the hot loop of the generator.
    """

    def __init__(self, county_code, today, now, rng, tokens):
        self.county_code, self.now, self.rng = county_code, now, rng
        self.null, self.true, self.false = tokens
        self.used_numbers = set()
        self.today = today.toordinal()
        self.year_starts = {year: datetime.date(year, 1, 1).toordinal() for year in range(today.year - 130, today.year + 1)}
        self.this_year = today.year
        self.card_start = datetime.date(2021, 6, 1).toordinal()
        self.trickle_start = datetime.date(2020, 1, 1).toordinal()
        self.first_intake = datetime.date(2019, 1, 1).toordinal()

    def person_name(self, surname=None):
        r = self.rng.random
        name = (surname or SURNAMES[int(r() * len(SURNAMES))]) + GIVEN_NAMES[int(r() * len(GIVEN_NAMES))]
        if name not in PINYIN:
            PINYIN[name] = initials_and_full(name)
        return name

    def mobile(self):
        r = self.rng.random
        return f"{MOBILE_PREFIXES[int(r() * len(MOBILE_PREFIXES))]}{int(r() * 100000000):08d}"

    def id_number(self, born, male):
        r = self.rng.random
        birth = ymd(born)
        while True:
            seq = int(r() * 100) * 10 + int(r() * 5) * 2 + (1 if male else 0)
            prefix = f"{self.county_code}{birth}{seq:03d}"
            if prefix not in self.used_numbers:
                self.used_numbers.add(prefix)
                return prefix + check_digit(prefix)

    def veteran(self, pk, village, address_prefix):
        """(veteran row, [family rows], card row or None, archive row or None)."""
        r = self.rng.random
        today, null, true, false, now = self.today, self.null, self.true, self.false, self.now
        male = r() < 0.93
        age = int(self.rng.triangular(20, 92, 38))
        born = self.year_starts[self.this_year - age] + int(r() * 365)
        name = self.person_name()
        number = self.id_number(born, male)
        enlisted = born + 17 * 365 + 5 + int(r() * 1820)
        discharged = enlisted + SERVICE_YEARS[int(r() * len(SERVICE_YEARS))] * 365 - 30 + int(r() * 90)
        if discharged > today:
            discharged = today - 1 - int(r() * 300)
            enlisted = min(enlisted, discharged - 700)
        # Registration: most records were taken on when the registry started, then a steady trickle.
        if r() < 0.55:
            registered = self.first_intake + int(r() * 365)
        else:
            registered = self.trickle_start + int(r() * (today - self.trickle_start + 1))
        registered = max(registered, discharged)
        dead = age > 60 and r() < 0.06
        death = min(today, registered + 30 + int(r() * 1970)) if dead else None
        initials, full = PINYIN[name]
        row = (
            str(pk), village, now, now, name, number, "M" if male else "F", iso(born), ETHNICITIES[int(r() * 100)],
            self.mobile() if r() < 0.95 else "", f"{address_prefix}{1 + int(r() * 320)}号",
            "" if r() < 0.85 else f"{address_prefix}{ROADS[int(r() * len(ROADS))]}{1 + int(r() * 200)}号",
            POLITICAL[int(r() * 100)], EDUCATION[int(r() * 100)], BRANCH[int(r() * 100)], iso(enlisted), iso(discharged),
            DISCHARGE[int(r() * 100)], f"{31000 + int(r() * 66000)}部队", RANKS[int(r() * len(RANKS))],
            MERITS[int(r() * len(MERITS))] if r() < 0.08 else "", iso(registered), true if r() < 0.82 else false,
            iso(min(today, registered + 10 + int(r() * 390))) if r() < 0.7 else null,
            "deceased" if dead else "alive", iso(death) if dead else null, "", "", full, initials,
        )
        family = []
        members = r()
        for _n in range(0 if members < 0.25 else 1 if members < 0.75 else 2):
            relationship = RELATIONSHIP[int(r() * 100)]
            member_name = self.person_name(name[0] if relationship in ("child", "father", "sibling") else None)
            member_number = ""
            if r() < 0.6:
                if relationship == "spouse":
                    member_age = age - 5 + int(r() * 9)
                elif relationship == "child":
                    member_age = max(1, age - 22 - int(r() * 11))
                elif relationship == "father":
                    member_age = age + 22 + int(r() * 9)
                elif relationship == "mother":
                    member_age = age + 20 + int(r() * 9)
                else:
                    member_age = age
                member_born = self.year_starts[self.this_year - min(member_age, 100)] + int(r() * 365)
                female = relationship == "mother" or (relationship == "spouse" and male)
                member_number = self.id_number(member_born, not female)
            family.append((
                str(pk), now, now, member_name, relationship, member_number, self.mobile() if r() < 0.6 else "",
                WORK_UNITS[int(r() * len(WORK_UNITS))], true if relationship == "spouse" and r() < 0.05 else false,
                true if relationship == "child" and r() < 0.002 else false, "",
            ))
        card = None
        if r() < 0.9:
            status = "cancelled" if dead else CARD_STATUS[int(r() * 100)]
            applied = min(today, max(self.card_start, registered) + int(r() * 900))
            issued = activated = lost = cancelled = None
            if status != "applied":
                issued = min(today, applied + 10 + int(r() * 80))
            if status in ("activated", "lost") or (status == "cancelled" and r() < 0.5):
                activated = min(today, issued + 1 + int(r() * 120))
            if status == "lost":
                lost = min(today, (activated or issued) + 30 + int(r() * 270))
            if status == "cancelled":
                cancelled = death or min(today, (issued or applied) + 30 + int(r() * 370))
            card = (
                str(pk), now, now, f"JC{number[:6]}{pk:09d}" if issued else "", status, iso(applied),
                iso(issued) if issued else null, iso(activated) if activated else null, iso(lost) if lost else null,
                null, "0", iso(cancelled) if cancelled else null, village,
            )
        archive = None
        if r() < 0.7:
            status = ARCHIVE_STATUS[int(r() * 100)]
            received = min(today, max(discharged, registered - 400) + int(r() * 200))
            reviewed = min(today, received + 5 + int(r() * 55)) if status != "received" else None
            transferred = min(today, reviewed + 30 + int(r() * 270)) if status == "transferred" else None
            archive = (
                str(pk), now, now, iso(received), f"{31000 + int(r() * 66000)}部队政治工作部", "2" if r() < 0.25 else "1",
                status, iso(reviewed) if reviewed else null, iso(transferred) if transferred else null,
                "市退役军人事务局" if transferred else "", "", village,
            )
        return row, family, card, archive


_ISO, _YMD = {}, {}


def iso(ordinal):
    text = _ISO.get(ordinal)
    if text is None:
        text = _ISO[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
    return text


def ymd(ordinal):
    text = _YMD.get(ordinal)
    if text is None:
        text = _YMD[ordinal] = datetime.date.fromordinal(ordinal).strftime("%Y%m%d")
    return text


# --------------------------------------------------------------------------- reset


def _references(model):
    """(referring model, its foreign-key field) for every concrete FK pointing at `model`, history tables included."""
    found = []
    for other in apps.get_models(include_auto_created=True):
        for field in other._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is model and other is not model:
                found.append((other, field))
    return found


def purge(model, where, params, depth=0, log=None):
    """Delete the rows of `model` matching `where`, first clearing or deleting what refers to them."""
    if depth > 6:
        raise CommandError(f"references nested too deep at {model.__name__}")
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    subquery = f"SELECT {pk} FROM {table} WHERE {where}"
    for other, field in _references(model):
        column = connection.ops.quote_name(field.column)
        other_table = connection.ops.quote_name(other._meta.db_table)
        if field.null:
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {other_table} SET {column} = NULL WHERE {column} IN ({subquery})", params)
        else:
            purge(other, f"{column} IN ({subquery})", params, depth + 1, log)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
        if log and cursor.rowcount:
            log(f"  删除 {model._meta.db_table}：{cursor.rowcount} 行")


def reset_province(code=PROVINCE[0], log=None):
    """Delete everything inside the province, then its areas."""
    with transaction.atomic():
        # Case records first (their own references go with them), then whatever else points at an area.
        for other, field in _references(Area):
            if other._meta.db_table.startswith("core_area"):
                continue
            column = connection.ops.quote_name(field.column)
            if field.null:
                with connection.cursor() as cursor:
                    table = connection.ops.quote_name(other._meta.db_table)
                    cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} LIKE %s", [f"{code}%"])
            else:
                purge(other, f"{column} LIKE %s", [f"{code}%"], log=log)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(Area._meta.db_table)} WHERE code LIKE %s", [f"{code}%"])
            if log:
                log(f"  删除 core_area：{cursor.rowcount} 行")


# --------------------------------------------------------------------------- writing

TABLES = (
    (Veteran, VETERAN_COLUMNS),
    (FamilyMember, FAMILY_COLUMNS),
    (PreferentialCard, CARD_COLUMNS),
    (VeteranArchive, ARCHIVE_COLUMNS),
)


def allocate(total, weights):
    """Split `total` into integers proportional to `weights` (exactly `total` in all)."""
    whole = sum(weights)
    counts, running, given = [], 0.0, 0
    for weight in weights:
        running += weight
        upto = round(total * running / whole)
        counts.append(upto - given)
        given = upto
    return counts


def produce(plan, names, seed, today, now, tokens, as_text):
    """Yield (table index, payload, rows) batches of generated records.

    `plan` is [(county code, veterans, [village codes], first veteran id)].  The payload is COPY text
    when `as_text`, otherwise a list of tuples for executemany.
    """
    buffers = ([], [], [], [])

    def drain():
        for index, buffer in enumerate(buffers):
            if buffer:
                payload = "".join(["\t".join(row) + "\n" for row in buffer]) if as_text else list(buffer)
                yield index, payload, len(buffer)
                buffer.clear()

    veterans, families, cards, archives = buffers
    for county, county_count, villages, next_id in plan:
        rng = random.Random(f"{seed}:{county}")
        village_counts = allocate(county_count, [rng.uniform(0.3, 1.7) for _ in villages])
        maker = PeopleMaker(county, today, now, rng, tokens)
        for village, village_count in zip(villages, village_counts, strict=True):
            prefix = names[village[:6]] + names[village[:9]] + names[village]
            for _n in range(village_count):
                row, family, card, archive = maker.veteran(next_id, village, prefix)
                next_id += 1
                veterans.append(row)
                families.extend(family)
                if card:
                    cards.append(card)
                if archive:
                    archives.append(archive)
        if len(veterans) >= FLUSH_VETERANS:
            yield from drain()
    yield from drain()


def _produce_into(queue, args):
    """Body of the generating process: batches into the queue, then None (or the error)."""
    try:
        for item in produce(*args):
            queue.put(item)
        queue.put(None)
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        queue.put(("error", f"{type(exc).__name__}: {exc}", 0))


def batches(plan, args, jobs):
    """The batches of `produce(plan, *args)`.  With `jobs` > 0 they are made by that many processes
    (each taking every jobs-th county) while this one writes them."""
    if not jobs:
        yield from produce(plan, *args)
        return
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=2 * jobs + 2)
    workers = [context.Process(target=_produce_into, args=(queue, (plan[k::jobs], *args)), daemon=True) for k in range(jobs)]
    for worker in workers:
        worker.start()
    try:
        running = jobs
        while running:
            item = queue.get()
            if item is None:
                running -= 1
                continue
            if item[0] == "error":
                raise CommandError(f"生成数据出错：{item[1]}")
            yield item
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


class Writer:
    """COPY on PostgreSQL, executemany in batches elsewhere."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.rows = 0
        self.next_ids = {}
        self.seconds = {}  # what -> seconds spent on it

    def timed(self, what, started):
        self.seconds[what] = self.seconds.get(what, 0) + time.perf_counter() - started

    def write(self, model, columns, payload, rows):
        started = time.perf_counter()
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                # Generated text never holds a tab, newline or backslash, so it needs no COPY escaping.
                cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", io.StringIO(payload))
            else:
                marks = ", ".join(["%s"] * len(columns))
                for start in range(0, len(payload), 5000):
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", payload[start:start + 5000])
        self.rows += rows
        self.timed(model._meta.db_table, started)

    def reserve_ids(self, model, count):
        """The first of `count` consecutive primary keys nobody else will be given."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [sequence, sequence, max(count, 1)])
                return cursor.fetchone()[0] - max(count, 1) + 1
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
            return cursor.fetchone()[0] + 1


class BulkLoad:
    """PostgreSQL: drop the tables' secondary indexes, unique and foreign-key constraints, and put them back
    after the load (in the same transaction, so a failure leaves the schema as it was).

    Building an index once from sorted data, and checking a foreign key with one join, is much faster
    than keeping eleven indexes up to date and queueing a trigger per row.  It locks the tables (and
    core_area) for the duration: run it on a database nobody is using.
    """

    def __init__(self, models):
        self.tables = [m._meta.db_table for m in models]
        self.indexes, self.uniques, self.foreign = [], [], []

    def drop(self):
        with connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname", [table])
                for name, definition, kind in cursor.fetchall():
                    (self.uniques if kind == "u" else self.foreign).append((table, name, definition))
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                    "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT EXISTS ("
                    "SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) "
                    "ORDER BY i.relname", [table])
                self.indexes.extend(cursor.fetchall())
            for table, name, _definition in self.foreign + self.uniques:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')

    def restore(self):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _name, definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in self.uniques + self.foreign:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


# --------------------------------------------------------------------------- the command


class Command(BaseCommand):
    help = "生成省级规模的测试数据（江川省，区划代码36）：区划树、退役军人、家庭成员、优待证、档案。用于 bench/ 下的性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--veterans", type=int, default=20000, help="退役军人人数（默认20000）")
        parser.add_argument("--seed", type=int, default=SEED)
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="数据截止日期（YYYY-MM-DD），默认今天；给定同一日期和种子，结果完全相同")
        parser.add_argument("--reset", action="store_true", help="先删除已生成的省（区划36内的全部记录）")
        parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                            help="PostgreSQL：生成数据的进程数（默认为CPU核数，最多2）；0 表示在本进程内生成")
        parser.add_argument("--keep-indexes", action="store_true",
                            help="PostgreSQL：不在导入期间删除并重建索引和约束（默认在新增行多于已有行时删除重建）")

    def handle(self, *args, **options):
        count, seed = options["veterans"], options["seed"]
        today = options["today"] or timezone.localdate()
        if count < 0:
            raise CommandError("--veterans 不能为负数")
        started = time.perf_counter()
        if options["reset"]:
            self.stdout.write(f"删除已生成的{PROVINCE[1]}……")
            reset_province(log=self.stdout.write)
            self.stdout.write(f"  用时 {time.perf_counter() - started:.1f} 秒")
        elif Area.objects.filter(code=PROVINCE[0]).exists():
            raise CommandError(f"{PROVINCE[1]}（{PROVINCE[0]}）已存在；加 --reset 重新生成。")

        postgres = connection.vendor == "postgresql"
        started = time.perf_counter()
        writer = Writer()
        now = str(connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0)))
        tokens = ("\\N", "t", "f") if postgres else (None, "1", "0")
        tree = area_tree(seed)
        names = {code: name for code, name, _level, _parent in tree}
        by_county = {}
        for code, _name, level, _parent in tree:
            if level == AreaLevel.VILLAGE:
                by_county.setdefault(code[:6], []).append(code)
        counties = sorted(by_county)
        # Each county gets a share of the veterans (cities' districts a bit more), each village a share of its county's.
        weight_rng = random.Random(f"{seed}:weights")
        county_weights = [weight_rng.uniform(0.6, 1.6) * (1.3 if int(c[4:6]) < 21 else 1.0) for c in counties]
        county_counts = allocate(count, county_weights)
        for surname in set(SURNAMES):  # read every name once here, not once per generating process
            for given in set(GIVEN_NAMES):
                PINYIN.setdefault(surname + given, initials_and_full(surname + given))
        bulk = None
        if postgres and not options["keep_indexes"] and count > Veteran.objects.count():
            bulk = BulkLoad([model for model, _columns in TABLES])
        totals = [0, 0, 0, 0]
        with transaction.atomic():
            if bulk:
                bulk.drop()
            areas = [(c, n, str(int(lv)), p if p else tokens[0]) for c, n, lv, p in tree]
            payload = "".join(["\t".join(row) + "\n" for row in areas]) if postgres else areas
            writer.write(Area, ("code", "name", "level", "parent_id"), payload, len(areas))
            next_id = writer.reserve_ids(Veteran, count)
            plan = []
            for county, county_count in zip(counties, county_counts, strict=True):
                plan.append((county, county_count, by_county[county], next_id))
                next_id += county_count
            jobs = options["jobs"] if postgres else 0
            for index, payload, rows in batches(plan, (names, seed, today, now, tokens, postgres), jobs):
                model, columns = TABLES[index]
                writer.write(model, columns, payload, rows)
                totals[index] += rows
                if index == 0:
                    self.progress(writer, started, totals[0], count)
            if bulk:
                restoring = time.perf_counter()
                bulk.restore()
                writer.timed("重建索引和约束", restoring)
            committing = time.perf_counter()
        writer.timed("COMMIT", committing)
        elapsed = time.perf_counter() - started
        records_changed.send(sender=Veteran)  # written past save(): cached figures and counts are stale
        # What autovacuum would soon do: statistics for the planner, a visibility map for index-only scans.
        # VACUUM cannot run inside a transaction: inside a caller's atomic block (a test), ANALYZE only.
        if postgres:
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                for model in (Area, *(m for m, _c in TABLES)):
                    cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
        self.stdout.write(self.style.SUCCESS(
            f"已生成{PROVINCE[1]}（{PROVINCE[0]}）：区划 {len(tree)} 个，退役军人 {totals[0]} 名，家庭成员 {totals[1]} 人，"
            f"优待证 {totals[2]} 张，档案 {totals[3]} 份"))
        if options["verbosity"] > 1:
            self.stdout.write("  用时（秒）：" + "，".join(f"{k} {v:.1f}" for k, v in writer.seconds.items()))
        rate = writer.rows / max(elapsed, 1e-9)
        self.stdout.write(f"GENERATE rows={writer.rows} seconds={elapsed:.1f} rows_per_second={rate:.0f}")

    def progress(self, writer, started, done, total):
        elapsed = time.perf_counter() - started
        self.stdout.write(f"  {done}/{total} 名退役军人，{writer.rows} 行，{writer.rows / max(elapsed, 1e-9):.0f} 行/秒")
