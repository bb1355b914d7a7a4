"""Demo 优抚 of 云溪县 (a demo step; see core/demo.py for the rules steps follow).

The county's standards are the national rows of benefits/data/standards.py (sourced figures only).
About 7% of the veterans hold an entitlement: disabled soldiers (grades mostly 5-10, 因公 more than
因战 or 因病), 参战参试 veterans among those born 1950-1972, rural ex-soldiers over 60, a few 带病回乡,
在乡复员, disabled militia and police; the spouses, parents and young children of the demo's martyrs
are 烈士遗属 from a month or two after the death; some 参战 veterans wounded in the war are disabled
soldiers too (双重身份, flagged on their page).  Most were approved before the demo window; about a
quarter in it, so each year has its new approvals.  A veteran who died or moved out of the county
had his own ended on that day, as the death and move-out hooks do.

Draws come from a generator seeded with the county and each veteran's ID number, so a veteran's
entitlement is the same whatever else the demo holds, and a second run changes nothing.
"""

import datetime
import random

from benefits.data import standards
from benefits.models import (
    DISABLED_CATEGORIES,
    Category,
    Cause,
    DisabledPeriod,
    EndReason,
    Entitlement,
    EntitlementStatus,
    SubsidyStandard,
)
from core.contrib import demo_step
from core.demo import SEED, sync
from veterans.models import FamilyMember, Relationship, Veteran, VeteranMove, VeteranStatus

BANKS = ["中国农业银行{county}支行", "浙江{county}农村商业银行", "中国邮政储蓄银行{county}支行", "中国工商银行{county}支行"]
BANK_PREFIXES = ["622848", "623038", "621799", "622202"]
NEW_SHARE = 0.25  # of the entitlements, approved inside the demo window


def age_on(veteran, day):
    born = veteran.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def category_for(veteran, u, today):
    """The category a veteran is drawn into (or None), by age and discharge; u in [0, 1)."""
    age = age_on(veteran, today)
    rural_old = veteran.discharge_category in ("self_employed", "demobilised") and age >= 60
    born = veteran.birth_date.year
    shares = [
        (Category.DISABLED_SOLDIER, 0.022),
        (Category.WAR_VETERAN, 0.09 if 1950 <= born <= 1972 else 0),
        (Category.RURAL_60, 0.12 if rural_old else 0),
        (Category.ILL_RETURNED, 0.006),
        (Category.DEMOBILISED, 0.5 if veteran.discharge_category == "demobilised" and age >= 88 else 0),
        (Category.DISABLED_MILITIA, 0.001),
        (Category.DISABLED_POLICE, 0.001),
        (Category.OTHER, 0.002),
    ]
    for category, share in shares:
        if u < share:
            return category
        u -= share
    return None


def earliest_day(veteran, category):
    """The first day an entitlement of `category` could have been approved."""
    floor = veteran.discharge_date or years_after(veteran.birth_date, 20)
    if category == Category.RURAL_60:
        floor = max(floor, years_after(veteran.birth_date, 60), datetime.date(2011, 8, 1))
    elif category == Category.WAR_VETERAN:
        floor = max(floor, datetime.date(2007, 8, 1))
    return floor


def draw_day(rng, first, last):
    if last < first:
        return None
    return first + datetime.timedelta(days=int(rng.random() * ((last - first).days + 1)))


def approval_day(rng, first, last, start, slot):
    """Soon after `first` when that is in the window; else inside the window with NEW_SHARE, in the
    window's year `slot(n_years)` picks (so the years have as many each), else before the window."""
    if first >= start:  # newly eligible (turned 60, say): approved within half a year of applying
        return draw_day(rng, first, min(last, first + datetime.timedelta(days=180)))
    if rng.random() < NEW_SHARE and last >= start:
        year = start.year + slot(last.year - start.year + 1)
        return draw_day(rng, datetime.date(year, 1, 1), min(last, datetime.date(year, 12, 31)))
    return draw_day(rng, first, min(last, start - datetime.timedelta(days=1)))


def bank(rng, county):
    prefix = rng.choice(BANK_PREFIXES)
    number = prefix + "".join(str(rng.randrange(10)) for _ in range(19 - len(prefix)))
    return rng.choice(BANKS).format(county=county.name), number


def document(county, day, serial):
    return f"{county.name[:1]}退役军人〔{day.year}〕{serial}号"


def entitlement_rows(ctx, veterans, family, ends):
    rows = []
    serial = 0
    slots = iter(range(10**6))

    def slot(years):
        """The window's years in turn, this year counting by the share of it gone by."""
        n = next(slots)
        passed = (ctx.today.timetuple().tm_yday / 365) if years > 1 else 1
        cycle = (years - 1) + passed
        position = (n * 0.618034) % 1 * cycle
        return min(int(position), years - 1)

    for veteran in veterans:
        rng = random.Random(f"{SEED}:benefits:{veteran.id_number}")
        last = min(ctx.today, ends.get(veteran.pk, (ctx.today, None))[0])
        if veteran.status == VeteranStatus.DECEASED and "烈士" in veteran.note:
            for member in family.get(veteran.pk, []):
                young = member.relationship == Relationship.CHILD and member.is_martyr_child
                if member.relationship in (Relationship.SPOUSE, Relationship.FATHER, Relationship.MOTHER) or young:
                    day = veteran.death_date + datetime.timedelta(days=30 + int(rng.random() * 60))
                    if day <= ctx.today:
                        serial += 1
                        name, account = bank(rng, ctx.county)
                        rows.append({"veteran": veteran, "family_member": member, "category": Category.MARTYR_FAMILY,
                                     "certificate_number": f"烈证字第{veteran.id_number[-6:]}号", "certificate_date": day,
                                     "approved_on": day, "approval_document": document(ctx.county, day, serial),
                                     "bank_name": name, "bank_account": account})
            continue
        category = category_for(veteran, rng.random(), ctx.today)
        if category is None:
            continue
        day = approval_day(rng, earliest_day(veteran, category), last, ctx.start, slot)
        if day is None:
            continue
        serial += 1
        row = {"veteran": veteran, "family_member": None, "category": category, "approved_on": day,
               "approval_document": document(ctx.county, day, serial), "certificate_number": "", "certificate_date": None,
               "disability_grade": None, "disability_cause": "", "disabled_period": ""}
        if category in DISABLED_CATEGORIES:
            u = rng.random()
            cause = Cause.WAR if u < 0.15 and veteran.birth_date.year < 1965 else Cause.DUTY if u < 0.75 else Cause.ILLNESS
            row.update(disability_grade=rng.choices(range(1, 11), weights=[1, 1, 2, 3, 5, 8, 12, 16, 20, 22])[0],
                       disability_cause=cause, disabled_period=DisabledPeriod.PEACE,
                       certificate_number=f"残证字第{veteran.id_number[-8:]}号", certificate_date=day)
        row["bank_name"], row["bank_account"] = bank(rng, ctx.county)
        ended = ends.get(veteran.pk)
        if ended and ended[0] >= day:
            row.update(status=EntitlementStatus.ENDED, ended_on=ended[0], end_reason=ended[1])
        rows.append(row)
        if category == Category.WAR_VETERAN and rng.random() < 0.15:  # wounded in the war: 双重身份 staff review
            second = {**row, "category": Category.DISABLED_SOLDIER, "disability_grade": rng.choice([7, 8, 9, 10]),
                      "disability_cause": Cause.WAR, "disabled_period": DisabledPeriod.PEACE,
                      "certificate_number": f"残证字第{veteran.id_number[-8:]}号", "certificate_date": row["approved_on"]}
            rows.append(second)
    for row in rows:
        row.setdefault("status", EntitlementStatus.ACTIVE)
        row.setdefault("ended_on", None)
        row.setdefault("end_reason", "")
        row.setdefault("note", "")
        for name in ("disability_grade", "certificate_date"):
            row.setdefault(name, None)
        for name in ("disability_cause", "disabled_period"):
            row.setdefault(name, "")
    return rows


@demo_step(after=("veterans",))
def load_benefits(ctx):
    county = ctx.county
    standard_rows = [{"area": county, "household": "", "local_amount": 0, "nursing_amount": 0, **row}
                     for row in standards.rows()]
    standard_objs = sync(SubsidyStandard, standard_rows,
                         key=["area", "category", "disability_grade", "disability_cause", "effective_from"], ctx=ctx)

    veterans = list(Veteran.objects.inside(county.code).order_by("id_number"))
    family = {}
    for member in FamilyMember.objects.filter(veteran__in=veterans).order_by("id_number", "pk"):
        family.setdefault(member.veteran_id, []).append(member)
    ends = {v.pk: (v.death_date, EndReason.DEATH) for v in veterans if v.death_date}
    for move in VeteranMove.objects.filter(veteran__in=veterans, to_area__isnull=True):
        ends.setdefault(move.veteran_id, (move.moved_on, EndReason.MOVED))
    rows = entitlement_rows(ctx, veterans, family, ends)
    objs = sync(Entitlement, rows, key=["veteran", "family_member", "category"], ctx=ctx)

    ended = sum(o.status == EntitlementStatus.ENDED for o in objs)
    people = len({(o.veteran_id, o.family_member_id) for o in objs})
    ctx.count("抚恤补助标准", len(standard_objs))
    ctx.count("优抚对象资格", len(objs), f"项（{people} 人，已终止 {ended} 项）")
from benefits import (  # noqa: E402 (each part's module registers itself)
    demo_assist,  # noqa: E402,F401  (帮扶援助与经费)
    demo_batches,  # noqa: E402,F401  (年度确认 and payment batches of the demo year)
    demo_scholarships,  # noqa: E402,F401  (烈士后裔助学金, after demo_assist's funds)
)
