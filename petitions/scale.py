"""The petitions of the scale data (core.scale): two years of petitions, in proportion to the veterans
as in the demo county (about 200 a year for 3,000 veterans), each with one to three petitioners,
handled as the demo's are (petitions.demo.handle) up to the generation day."""

import datetime

from core import fake
from core.contrib import scale_step
from core.scale import allocate, sealer
from petitions import limits
from petitions.demo import MATTERS, handle
from petitions.models import Category, Channel, Petition, Petitioner

PER_VETERAN_YEAR = 200 / 3000
STEP_FIELDS = ("accepted_on", "rejected_on", "rejection_reason", "handler", "answer_due_on", "extended_days",
               "extension_reason", "answered_on", "answer", "answered_in_time", "closed_on", "outcome", "resolved_on",
               "review_requested_on", "review_due_on", "reviewed_on", "review_opinion", "recheck_requested_on",
               "recheck_due_on", "rechecked_on", "recheck_opinion")
PETITION_COLUMNS = ("id", "area_id", "created_at", "updated_at", "number", "received_on", "channel", "people", "batches",
                    "collective", "category", "matter", "status", "accept_due_on", *STEP_FIELDS, "due_on", "note")
PETITIONER_COLUMNS = ("petition_id", "created_at", "updated_at", "name", "phone", "relation")
CHANNELS = [Channel.VISIT] * 50 + [Channel.LETTER] * 10 + [Channel.ONLINE] * 20 + [Channel.PHONE] * 12 + [Channel.ASSIGNED] * 8
CATEGORIES = ([Category.PLACEMENT] * 18 + [Category.BENEFITS] * 32 + [Category.SOCIAL_SECURITY] * 14
              + [Category.EMPLOYMENT] * 12 + [Category.HISTORICAL] * 14 + [Category.OTHER] * 10)


def payload(ctx, rows):
    return "".join(["\t".join(row) + "\n" for row in rows]) if ctx.postgres else rows


def text(value, ctx):
    null, true, false = ctx.tokens
    if value is None:
        return null
    if isinstance(value, bool):
        return true if value else false
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@scale_step(after=("veterans",))
def generate_petitions(ctx):
    total = round(ctx.options["veterans"] * PER_VETERAN_YEAR * 2)
    counties = ctx.counties
    rng = ctx.rng("petitions")
    per_county = allocate(total, [rng.uniform(0.5, 1.5) for _county in counties])
    next_id = ctx.writer.reserve_ids(Petition, total)
    today, now = ctx.today, ctx.now
    petitions, people = [], []
    for county, count in zip(counties, per_county, strict=True):
        rng = ctx.rng("petitions", county)
        villages = ctx.villages[county]
        for _n in range(count):
            received = today - datetime.timedelta(days=int(rng.random() * 730))
            collective = rng.random() < 0.045
            crowd = rng.randint(5, 12) if collective else (1 if rng.random() < 0.85 else rng.randint(2, 3))
            channel = Channel.VISIT if collective else rng.choice(CHANNELS)
            category = rng.choice(CATEGORIES)
            area = county if channel == Channel.ASSIGNED or rng.random() < 0.3 else rng.choice(villages)
            row = {"accepted_on": None, "rejected_on": None, "rejection_reason": "", "handler": "", "answer_due_on": None,
                   "extended_days": 0, "extension_reason": "", "answered_on": None, "answer": "",
                   "answered_in_time": None, "closed_on": None, "outcome": "", "resolved_on": None,
                   "review_requested_on": None, "review_due_on": None, "reviewed_on": None, "review_opinion": "",
                   "recheck_requested_on": None, "recheck_due_on": None, "rechecked_on": None, "recheck_opinion": ""}
            row.update(handle(rng, received, today))
            stub = Petition(status=row["status"], **{k: v for k, v in row.items() if k in ("accept_due_on", *STEP_FIELDS)})
            pk = str(next_id)
            next_id += 1
            petitions.append((pk, area, now, now, f"SC{received:%Y}{pk.zfill(7)}", received.isoformat(), str(channel),
                              str(crowd), "1", text(crowd >= limits.COLLECTIVE_PEOPLE, ctx), str(category),
                              fake.pick(rng, MATTERS[category]), row["status"], text(row["accept_due_on"], ctx),
                              *(text(row[field], ctx) for field in STEP_FIELDS), text(stub.current_due(), ctx), ""))
            for _k in range(min(crowd, 3) if rng.random() < 0.3 else 1):
                people.append((pk, now, now, fake.person_name(rng, rng.randint(1950, 1995)), fake.mobile(rng), ""))
    columns, seal = sealer(Petitioner, PETITIONER_COLUMNS)  # phones encrypted, with their index
    people = [seal(row) for row in people]
    with ctx.bulk_load([Petition, Petitioner], len(petitions)):
        ctx.write(Petition, PETITION_COLUMNS, payload(ctx, petitions), len(petitions))
        ctx.write(Petitioner, columns, payload(ctx, people), len(people))
    ctx.count("信访事项", len(petitions), "件")
    ctx.count("信访人", len(people), "人")
