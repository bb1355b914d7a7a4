"""双拥 of the scale data (core.scale): two years of visits in every township (春节 reaching about one
veteran in eight, "八一" one in twenty, 500元 / 300元 each with goods), and every county's units and
supporting shops."""

import datetime

from core import fake
from core.contrib import scale_step
from core.models import AreaLevel
from support_army.models import ArmyUnit, SupportShop, Visit, VisitRecipient
from veterans.models import Veteran

VISIT_COLUMNS = ("id", "area_id", "created_at", "updated_at", "campaign_id", "date", "occasion", "leader_name", "leader_post",
                 "funding", "note")
RECIPIENT_COLUMNS = ("visit_id", "created_at", "updated_at", "kind", "veteran_id", "serving_family_id", "unit_id", "name",
                     "cash", "goods", "goods_value")
UNIT_COLUMNS = ("area_id", "created_at", "updated_at", "name", "contact_person", "contact_phone", "note")
SHOP_COLUMNS = ("area_id", "created_at", "updated_at", "applied_on", "discounts", "contact_person", "phone", "inspected_on",
                "inspector", "inspection_note", "batch", "approved_on", "withdrawn_on", "name", "licence_number", "address",
                "industry", "status")


def payload(ctx, rows):
    return "".join(["\t".join(row) + "\n" for row in rows]) if ctx.postgres else rows


@scale_step(after=("veterans",))
def generate_support_army(ctx):
    null, _true, _false = ctx.tokens
    now, today = ctx.now, ctx.today
    townships = [code for code, _n, level, _p in ctx.tree if level == AreaLevel.TOWNSHIP]
    veterans = {}
    for province in sorted({county[:2] for county in ctx.counties}):
        for pk, area in Veteran.objects.inside(province).values_list("id", "area_id").order_by("id").iterator(10000):
            veterans.setdefault(area[:9], []).append(pk)
    plan = [(year, occasion, month, share, cash, goods)
            for year in (today.year - 1, today.year)
            for occasion, month, share, cash, goods in (("spring", 1, 8, "500.00", "200.00"), ("august1", 7, 20, "300.00", "0.00"))
            if datetime.date(year, month, 28) <= today]
    next_id = ctx.writer.reserve_ids(Visit, len(townships) * len(plan))
    visits, recipients, units, shops = [], [], [], []
    for county in ctx.counties:
        rng = ctx.rng("support_army", county)
        r = rng.random
        for code in (t for t in townships if t.startswith(county)):
            people = veterans.get(code, [])
            for year, occasion, month, share, cash, goods in plan:
                visit_id = str(next_id)
                next_id += 1
                day = datetime.date(year, month, 18 + int(r() * 10))
                visits.append((visit_id, code, now, now, null, day.isoformat(), occasion, fake.person_name(rng, 1970), "党委书记",
                               "拥军优属经费", ""))
                for pk in people[int(r() * share)::share]:
                    recipients.append((visit_id, now, now, "beneficiary", str(pk), null, null, "", cash,
                                       "大米、食用油" if goods != "0.00" else "", goods))
        units.append((county, now, now, f"{ctx.names[county]}人民武装部", "值班室", "", ""))
        for n in range(int(5 + r() * 10)):
            approved = n < 6
            shops.append((county, now, now, f"{today.year - 1}-05-{1 + n:02d}", "凭优待证九折", "", "",
                           f"{today.year - 1}-07-10" if approved else null, "双拥办" if approved else "", "",
                           "1" if approved else null, f"{today.year - 1}-08-05" if approved else null, null,
                           f"{ctx.names[county]}拥军门店{n + 1}号", f"9236{county}{n:08d}"[:18], ctx.names[county],
                           "catering", "approved" if approved else "applied"))
    for model, columns, rows in ((Visit, VISIT_COLUMNS, visits), (VisitRecipient, RECIPIENT_COLUMNS, recipients),
                                 (ArmyUnit, UNIT_COLUMNS, units), (SupportShop, SHOP_COLUMNS, shops)):
        ctx.write(model, columns, payload(ctx, rows), len(rows))
    ctx.count("走访慰问", len(visits), "次")
    ctx.count("慰问对象", len(recipients), "人次")
    ctx.count("拥军优属门店", len(shops), "家")
