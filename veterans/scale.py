"""The veterans of the scale data (core.scale): in every village of the generated province, with
valid ID numbers (the region is the county's code, the check digit GB 11643's), birth date, sex and
pinyin derived as the application derives them, about one family member per veteran, a
preferential card for about 90% of them and an archive for about 70%.

`generate_scale --veterans N` says how many.  On PostgreSQL the rows are made in `--jobs`
processes while the command writes them, with the tables' indexes dropped for the load.
"""

import datetime
import random
import time

from django.core.management.base import CommandError

from core import fake
from core.contrib import scale_step
from core.scale import allocate, batches, iso, sealer, ymd
from veterans.models import FamilyMember, PreferentialCard, Veteran, VeteranArchive
from veterans.pinyin import initials_and_full

ETHNICITIES = ["汉族"] * 96 + ["回族", "畲族", "苗族", "壮族"]
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



_PINYIN = {}  # name -> (initials, full pinyin), as veterans.pinyin reads it


def pinyin(name):
    found = _PINYIN.get(name)
    if found is None:
        found = _PINYIN[name] = initials_and_full(name)
    return found


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

    def mobile(self):
        return fake.mobile(self.rng)

    def id_number(self, born, male):
        return fake.id_number(self.rng, ymd(born), female=not male, region=self.county_code, used=self.used_numbers)

    def veteran(self, pk, village, place):
        """(veteran row, [family rows], card row or None, archive row or None)."""
        r = self.rng.random
        today, null, true, false, now = self.today, self.null, self.true, self.false, self.now
        male = r() < 0.93
        age = int(self.rng.triangular(20, 92, 38))
        born = self.year_starts[self.this_year - age] + int(r() * 365)
        name = fake.person_name(self.rng, self.this_year - age, not male)
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
        initials, full = pinyin(name)
        row = (
            str(pk), village, now, now, name, number, "M" if male else "F", iso(born), ETHNICITIES[int(r() * 100)],
            self.mobile() if r() < 0.95 else "", fake.address(self.rng, *place),
            "" if r() < 0.85 else f"{''.join(place)}{fake.street(self.rng, 200)}",
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
            female = relationship == "mother" or (relationship == "spouse" and male) or (
                relationship in ("child", "sibling", "other") and r() < 0.5)
            surname = name[0] if relationship in ("child", "father", "sibling") else None
            member_name = fake.person_name(self.rng, self.this_year - member_age, female, surname)
            member_number = ""
            if r() < 0.6:
                member_born = self.year_starts[self.this_year - min(member_age, 100)] + int(r() * 365)
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



# (model, stored columns, seal): ID numbers and phones encrypted, their keyed indexes added (core.scale.sealer).
TABLES = tuple((model, *sealer(model, columns)) for model, columns in (
    (Veteran, VETERAN_COLUMNS),
    (FamilyMember, FAMILY_COLUMNS),
    (PreferentialCard, CARD_COLUMNS),
    (VeteranArchive, ARCHIVE_COLUMNS),
))


def produce(plan, names, seed, today, now, tokens, as_text):
    """Yield (table index, payload, rows) batches of generated records.

    `plan` is [(county code, veterans, [village codes], first veteran id)].  The payload is COPY text
    when `as_text`, otherwise a list of tuples for executemany.
    """
    buffers = ([], [], [], [])

    def drain():
        for index, buffer in enumerate(buffers):
            if buffer:
                seal = TABLES[index][2]
                buffer[:] = [seal(row) for row in buffer]
                payload = "".join(["\t".join(row) + "\n" for row in buffer]) if as_text else list(buffer)
                yield index, payload, len(buffer)
                buffer.clear()

    veterans, families, cards, archives = buffers
    for county, county_count, villages, next_id in plan:
        rng = random.Random(f"{seed}:{county}")
        village_counts = allocate(county_count, [rng.uniform(0.3, 1.7) for _ in villages])
        maker = PeopleMaker(county, today, now, rng, tokens)
        for village, village_count in zip(villages, village_counts, strict=True):
            place = (names[village[:6]], names[village[:9]], names[village])
            for _n in range(village_count):
                row, family, card, archive = maker.veteran(next_id, village, place)
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



def arguments(parser):
    parser.add_argument("--veterans", type=int, default=20000, help="退役军人人数（默认20000）")


@scale_step(arguments=arguments)
def generate_veterans(ctx):
    count = ctx.options["veterans"]
    if count < 0:
        raise CommandError("--veterans 不能为负数")
    # Each county gets a share of the veterans (cities' districts a bit more), each village a share of its county's.
    counties = ctx.counties
    weight_rng = random.Random(f"{ctx.seed}:weights")
    county_weights = [weight_rng.uniform(0.6, 1.6) * (1.3 if int(c[4:6]) < 21 else 1.0) for c in counties]
    county_counts = allocate(count, county_weights)
    totals = [0, 0, 0, 0]
    with ctx.bulk_load([model for model, _columns, _seal in TABLES], adding=count):
        next_id = ctx.writer.reserve_ids(Veteran, count)
        plan = []
        for county, county_count in zip(counties, county_counts, strict=True):
            plan.append((county, county_count, ctx.villages[county], next_id))
            next_id += county_count
        jobs = ctx.options["jobs"] if ctx.postgres else 0
        args = (ctx.names, ctx.seed, ctx.today, ctx.now, ctx.tokens, ctx.postgres)
        for index, payload, rows in batches(produce, plan, args, jobs):
            model, columns, _seal = TABLES[index]
            ctx.write(model, columns, payload, rows)
            totals[index] += rows
            if index == 0:
                elapsed = time.perf_counter() - ctx.started
                ctx.log(f"  {totals[0]}/{count} 名退役军人，{ctx.writer.rows} 行，{ctx.writer.rows / max(elapsed, 1e-9):.0f} 行/秒")
    for (label, unit), total in zip((("退役军人", "名"), ("家庭成员", "人"), ("优待证", "张"), ("档案", "份")), totals, strict=True):
        ctx.count(label, total, unit)
