"""The scale data engine: a province-sized data set for the benchmarks in bench/, written by
`python manage.py generate_scale` (core/management/commands/generate_scale.py).

Core makes the area tree of a made-up province, 江川省 (division code 36; the demo county's
province 33 is left alone): 11 cities, 100 counties, 10-15 townships per county and 10-20
villages or communities per township (about 20,000 areas).  Each app then adds its records
through a scale step (core.contrib.scale_step) in its `scale.py`, given a ScaleContext: the tree,
the day, the seed and a Writer.

Speed: rows are written with COPY on PostgreSQL (psycopg2 `copy_expert`) and with `executemany`
in batches elsewhere (SQLite).  No django-simple-history rows are written for generated records:
their history starts with the first change made through the application.  A step with many rows
may drop its tables' indexes and constraints for the load (`ctx.bulk_load(models)`) and make its
rows in other processes (`batches`).

Determinism: every random value comes from generators seeded with the seed (per county, so the
data of one county does not depend on how much the others got), and dates count from a given
day, so the same arguments and day give the same rows.

Re-running: `reset_province` deletes every record inside area 36, found through the foreign keys
that point at areas (and at what points at them), and the areas themselves.
"""

import contextlib
import dataclasses
import datetime
import io
import multiprocessing
import random
import time
from dataclasses import dataclass

from django.apps import apps
from django.core.management.base import CommandError
from django.db import connection, models, transaction

from core import crypto
from core.fields import EncryptedIndexField, EncryptedMixin
from core.models import Area, AreaLevel

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


# --------------------------------------------------------------------------- helpers


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


def _produce_into(queue, producer, args):
    """Body of a generating process: batches into the queue, then None (or the error)."""
    try:
        for item in producer(*args):
            queue.put(item)
        queue.put(None)
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        queue.put(("error", f"{type(exc).__name__}: {exc}", 0))


def batches(producer, plan, args, jobs):
    """The batches of `producer(plan, *args)`, a generator.  With `jobs` > 0 they are made by that many
    processes (each taking every jobs-th item of the plan, a county say) while this one writes them."""
    if not jobs:
        yield from producer(plan, *args)
        return
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=2 * jobs + 2)
    workers = [context.Process(target=_produce_into, args=(queue, producer, (plan[k::jobs], *args)), daemon=True) for k in range(jobs)]
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


def sealer(model, columns):
    """(columns, seal) of a generated table: its columns with the index columns of its encrypted ones
    added, and the function turning a generated row of plain values into the stored one (ID numbers
    and phones encrypted, their keyed indexes appended), as the application would write it."""
    meta = model._meta
    encrypted = [i for i, name in enumerate(columns) if isinstance(meta.get_field(name), EncryptedMixin)]
    position = {meta.get_field(name).name: i for i, name in enumerate(columns)}
    indexes = [(f, position[f.of]) for f in meta.concrete_fields if isinstance(f, EncryptedIndexField) and f.of in position]

    def seal(row):
        stored = list(row)
        for i in encrypted:
            stored[i] = crypto.encrypt(row[i])
        return (*stored, *(field.value_for(row[i]) for field, i in indexes))

    return (*columns, *(field.column for field, _i in indexes)), seal


class Writer:
    """COPY on PostgreSQL, executemany in batches elsewhere."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.rows = 0
        self.next_ids = {}
        self.seconds = {}  # what -> seconds spent on it
        self.models = []  # every model written to, in order

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
        if model not in self.models:
            self.models.append(model)
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
            # Rows written earlier in the transaction (the areas) have deferred foreign-key checks
            # pending, and PostgreSQL will not drop a constraint on a table with pending trigger events:
            # run the checks now, and defer again for the load.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
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



@dataclass
class ScaleContext:
    """What a scale step gets.

    `tree` is every area as (code, name, level, parent code); `names` {code: name}; `villages`
    {county code: [its village codes]}.  `now` is the creation time as the database takes it,
    `tokens` the (NULL, true, false) texts of the writer's payloads.
    """

    options: dict
    seed: int
    today: datetime.date
    now: str
    tokens: tuple
    postgres: bool
    writer: Writer
    tree: list
    names: dict
    villages: dict
    stdout: object = None
    started: float = dataclasses.field(default_factory=time.perf_counter)
    counts: list = dataclasses.field(default_factory=list)  # (label, number, unit) for the summary line

    @property
    def counties(self):
        return sorted(self.villages)

    def rng(self, *parts):
        """A generator seeded with the seed and `parts` (an app's name, a county's code …)."""
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def count(self, label, number, unit):
        self.counts.append((label, number, unit))

    def write(self, model, columns, payload, rows):
        self.writer.write(model, columns, payload, rows)

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    @contextlib.contextmanager
    def bulk_load(self, models, adding):
        """PostgreSQL, unless --keep-indexes: drop the indexes and constraints of `models` while the step
        writes `adding` rows into them, if that is more than they hold, and build them again after."""
        bulk = None
        if self.postgres and not self.options.get("keep_indexes") and adding > models[0]._default_manager.count():
            bulk = BulkLoad(models)
            bulk.drop()
        yield
        if bulk:
            restoring = time.perf_counter()
            bulk.restore()
            self.writer.timed("重建索引和约束", restoring)


def area_payload(ctx):
    rows = [(c, n, str(int(lv)), p if p else ctx.tokens[0]) for c, n, lv, p in ctx.tree]
    return ("".join(["\t".join(row) + "\n" for row in rows]) if ctx.postgres else rows), len(rows)
