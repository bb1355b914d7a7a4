"""Demo 信访 of 云溪县 (a demo step; see core/demo.py for the rules steps follow).

Each calendar year of the demo window holds about 200 petitions (some 210批300人次), nine or ten of them
collective visits of 5 to 12 people, mostly visits to the bureau and the townships' stations, about
two thirds from veterans of the registry.  They are handled as 《信访工作条例》 sets: decided within
a few days (a few not accepted, with the reason), answered within the 60 days (a few extended, a few
late), closed with the outcome, nine in ten resolved; a few go to 复查 and 复核, a few repeat an
earlier petition, some are referred to legal aid or mediation.  The recent ones are still open, a few
past their limit.  How far a petition got depends on how long ago it came, so the figures of a
finished year do not change from day to day; a year's draws come from a generator seeded with the
year, so a second run changes nothing.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core import fake
from core.contrib import demo_step
from core.demo import SEED, sync
from core.workflow import TransitionLog
from petitions import limits
from petitions.models import (
    Category,
    Channel,
    Outcome,
    Petition,
    Petitioner,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from veterans.models import Veteran

PER_YEAR = 200
MATTERS = {
    Category.PLACEMENT: ["反映退役时未按政策安排工作，要求落实安置。", "要求参照安置政策解决配偶随军就业问题。",
                         "反映安置单位改制后本人岗位被撤销，要求重新安排。"],
    Category.BENEFITS: ["要求提高伤残抚恤金标准并补发差额。", "反映参战参试人员身份认定未通过，要求复核。",
                        "要求落实在乡复员军人定期定量补助。", "反映优待证办理进度慢，要求尽快发放。"],
    Category.SOCIAL_SECURITY: ["要求接续军龄视同缴费年限，补缴养老保险。", "反映退役后医疗保险未及时接续。"],
    Category.EMPLOYMENT: ["要求提供就业岗位推荐和技能培训。", "反映自主就业退役士兵一次性经济补助未到位。"],
    Category.HISTORICAL: ["反映上世纪八十年代退役后待遇未落实的历史遗留问题。", "要求解决原企业军转干部生活困难问题。"],
    Category.OTHER: ["反映家庭生活困难，申请临时救助。", "咨询光荣牌悬挂和烈属优待政策。", "反映子女入学优待政策落实问题。"],
}
HANDLERS = ["优抚科", "安置就业科", "权益维护科", "县退役军人服务中心", "所在镇人民政府", "县人力资源和社会保障局"]
REJECT_REASONS = ["已经人民法院判决，属于诉讼程序解决的事项，告知依法通过诉讼途径解决。",
                  "不属于本机关职权范围，已告知向县人力资源和社会保障局提出。"]
ANSWERS = ["经核查，已按政策落实相关待遇，并向信访人书面答复。", "经调查核实，诉求部分符合政策，已协调相关部门办理。",
           "经核查，诉求不符合现行政策规定，已做好政策解释和思想疏导工作。"]
EXTENSION_REASONS = ["涉及多个部门，需调取历史档案核实。", "需向上级业务部门请示政策口径。"]
RELATIONS = ["退役士兵", "军转干部", "伤残军人", "烈士遗属", "军人家属", "参战退役军人"]
LEGAL_AID = ["县法律援助中心", "县退役军人法律援助工作站"]
MEDIATION = ["县退役军人事务调解委员会", "所在镇人民调解委员会"]


def weighted(rng, pairs):
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def handle(rng, received, today):
    """The steps of one petition as dates and values (only those that happened by `today`)."""
    row = {"accept_due_on": limits.accept_due(received), "status": "registered"}
    difficult = rng.random() < 0.04  # a hard case (积案): months past its limit before it is answered
    decided = received + datetime.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5, 7, 10, 14])
                                            if rng.random() > 0.02 else rng.randint(16, 20))
    if rng.random() < 0.03:
        if decided <= today:
            row.update(status="rejected", rejected_on=decided, rejection_reason=rng.choice(REJECT_REASONS))
        return row
    if decided > today:
        return row
    answer_due = limits.answer_due(decided)
    row.update(status="accepted", accepted_on=decided, answer_due_on=answer_due)
    if rng.random() < 0.9:
        row.update(status="handling", handler=rng.choice(HANDLERS))
    u = rng.random()
    took = rng.randint(3, 30) if u < 0.75 else (rng.randint(31, 58) if u < 0.97 else rng.randint(61, 90))
    if rng.random() < 0.07:
        days = rng.choice([15, 20, 30])
        row.update(extended_days=days, extension_reason=rng.choice(EXTENSION_REASONS),
                   answer_due_on=limits.answer_due(decided, days))
        took = rng.randint(45, 58 + days)
    if difficult:
        took = rng.randint(120, 260)
    answered = decided + datetime.timedelta(days=took)
    if answered > today:
        return row
    row.update(status="answered", answered_on=answered, answer=rng.choice(ANSWERS),
               answered_in_time=answered <= row["answer_due_on"])
    closed = answered + datetime.timedelta(days=rng.randint(0, 5))
    if closed > today:
        return row
    outcome = weighted(rng, [(Outcome.RESOLVED, 94), (Outcome.PARTLY, 4), (Outcome.UNRESOLVED, 2)])
    row.update(status="closed", closed_on=closed, outcome=outcome, resolved_on=closed if outcome == Outcome.RESOLVED else None)
    if outcome == Outcome.RESOLVED or rng.random() < 0.4:
        return row
    requested = answered + datetime.timedelta(days=rng.randint(10, 29))
    if requested > today:
        return row
    row.update(status="reviewing", review_requested_on=requested, review_due_on=limits.decide_due(requested))
    reviewed = requested + datetime.timedelta(days=rng.randint(15, 29))
    if reviewed > today:
        return row
    row.update(status="reviewed", reviewed_on=reviewed, review_opinion="经复查，原处理意见符合政策规定，予以维持。")
    if rng.random() < 0.5:
        return row
    rechecked_request = reviewed + datetime.timedelta(days=rng.randint(5, 25))
    if rechecked_request > today:
        return row
    row.update(status="rechecking", recheck_requested_on=rechecked_request,
               recheck_due_on=limits.decide_due(rechecked_request))
    rechecked = rechecked_request + datetime.timedelta(days=rng.randint(15, 29))
    if rechecked <= today:
        row.update(status="rechecked", rechecked_on=rechecked, recheck_opinion="经复核，维持复查意见，复核终结。")
    return row


def plan_year(ctx, year, veterans_by_area):
    """(petition rows, [(number, petitioner rows)], [(number, referral row)], [(number, first number)])."""
    rng = random.Random(f"{SEED}:petitions:{year}")
    first_day = datetime.date(year, 1, 1)
    days = [first_day + datetime.timedelta(days=n) for n in range((datetime.date(year, 12, 31) - first_day).days + 1)]
    petitions, people, referrals, repeats = [], [], [], []
    earlier = []  # (number, area code, category) of this year's closed petitions, for repeats
    for n in range(PER_YEAR):
        received = rng.choice(days)
        own = random.Random(f"{SEED}:petitions:{year}:{n}")  # how far it got depends on today: its own draws
        collective = rng.random() < 0.045
        count = rng.randint(5, 12) if collective else (1 if rng.random() < 0.85 else rng.randint(2, 3))
        channel = Channel.VISIT if collective else weighted(rng, [
            (Channel.VISIT, 50), (Channel.LETTER, 10), (Channel.ONLINE, 20), (Channel.PHONE, 12), (Channel.ASSIGNED, 8)])
        category = weighted(rng, [(Category.PLACEMENT, 18), (Category.BENEFITS, 32), (Category.SOCIAL_SECURITY, 14),
                                  (Category.EMPLOYMENT, 12), (Category.HISTORICAL, 14), (Category.OTHER, 10)])
        village = rng.choice(ctx.villages)
        area = ctx.county if channel == Channel.ASSIGNED or rng.random() < 0.3 else village
        draws = [rng.random() for _k in range(4)]
        matter = rng.choice(MATTERS[category])
        if received > ctx.today:
            continue
        steps = handle(own, received, ctx.today)
        number = f"YX{year}{n + 1:04d}"
        batches = 2 if collective and draws[0] < 0.2 else 1
        row = {"number": number, "received_on": received, "channel": channel, "people": count, "batches": batches,
               "collective": count >= limits.COLLECTIVE_PEOPLE, "category": category,
               "matter": matter, "area": area, "accepted_on": None, "rejected_on": None,
               "rejection_reason": "", "handler": "", "answer_due_on": None, "extended_days": 0,
               "extension_reason": "", "answered_on": None, "answer": "", "answered_in_time": None, "closed_on": None,
               "outcome": "", "resolved_on": None, "review_requested_on": None, "review_due_on": None,
               "reviewed_on": None, "review_opinion": "", "recheck_requested_on": None, "recheck_due_on": None,
               "rechecked_on": None, "recheck_opinion": "", **steps}
        stub = Petition(**{k: v for k, v in row.items() if k != "area"})
        row["due_on"] = stub.current_due()
        petitions.append(row)
        pool = veterans_by_area.get(village.code, [])
        crowd = []
        for k in range(min(count, 3)):
            if pool and own.random() < 0.65:
                veteran = own.choice(pool)
                person = {"name": veteran.name, "phone": veteran.phone or "", "veteran": veteran}
            else:
                person = {"name": fake.person_name(own, own.randint(1950, 1995)), "phone": fake.mobile(own), "veteran": None}
            if person["name"] in {p["name"] for p in crowd}:
                continue
            crowd.append({**person, "relation": own.choice(RELATIONS) if k == 0 else ""})
        people.append((number, crowd))
        if draws[1] < 0.06:
            referrals.append((number, {"kind": ReferralKind.LEGAL_AID, "organisation": own.choice(LEGAL_AID)}))
        elif draws[1] < 0.14:
            referrals.append((number, {"kind": ReferralKind.MEDIATION, "organisation": own.choice(MEDIATION)}))
        same = [e for e in earlier if e[1] == area.code and e[2] == category]
        if same and draws[2] < 0.3:
            repeats.append((number, same[-1][0]))
        if row["closed_on"]:
            earlier.append((number, area.code, category))
    return petitions, people, referrals, repeats


@demo_step(after=("veterans",))
def load_petitions(ctx):
    veterans_by_area = {}
    for veteran in Veteran.objects.inside(ctx.county.code).filter(status="alive").only("id", "name", "phone", "area_id"):
        veterans_by_area.setdefault(veteran.area_id, []).append(veteran)
    rows, people, referrals, repeats = [], [], [], []
    for year in range(ctx.start.year, ctx.today.year + 1):
        p, pe, r, rp = plan_year(ctx, year, veterans_by_area)
        rows += p
        people += pe
        referrals += r
        repeats += rp
    petitions = {p.number: p for p in sync(Petition, rows, key=["number"], ctx=ctx)}
    links = [{"number": number, "first_petition": petitions[first]} for number, first in repeats]
    sync(Petition, links, key=["number"], ctx=ctx)
    sync(Petitioner, [{"petition": petitions[number], **person} for number, crowd in people for person in crowd],
         key=["petition", "name"], ctx=ctx)
    referral_rows = []
    for number, referral in referrals:
        petition = petitions[number]
        finished = petition.closed_on or petition.answered_on
        referral_rows.append({"petition": petition, "referred_on": petition.accepted_on or petition.received_on,
                              "status": ReferralStatus.DONE if finished else ReferralStatus.OPEN, "finished_on": finished,
                              "result": "已提供法律咨询和援助。" if finished and referral["kind"] == ReferralKind.LEGAL_AID
                              else ("调解成功，双方达成一致。" if finished else ""), **referral})
    sync(Referral, referral_rows, key=["petition", "kind"], ctx=ctx)
    write_step_logs(ctx, list(petitions.values()))
    this_year = [r for r in rows if r["received_on"].year == ctx.today.year]
    ctx.count("信访事项", len(rows), "件")
    ctx.count("本年受理信访", sum(r["batches"] for r in this_year), "批")
    ctx.count("本年信访人次", sum(r["people"] for r in this_year), "人次")


# (transition, from, to, the date it was taken, its remark): the steps a petition's dates say it went through,
# in order, so that its page lists them (办理记录) as if staff had taken them on those days.
def steps(p):
    found = []
    if p.rejected_on:
        return [("reject", "registered", "rejected", p.rejected_on, p.rejection_reason)]
    if p.accepted_on:
        found.append(("accept", "registered", "accepted", p.accepted_on, ""))
    state = "accepted"
    if p.handler and p.accepted_on:
        found.append(("assign", "accepted", "handling", p.accepted_on, p.handler))
        state = "handling"
    if p.answered_on:
        found.append(("answer", state, "answered", p.answered_on, ""))
        state = "answered"
    if p.closed_on:
        found.append(("close", "answered", "closed", p.closed_on, p.get_outcome_display()))
        state = "closed"
    for request, decide, asked, decided, opinion, waiting, done in (
            ("request_review", "review", p.review_requested_on, p.reviewed_on, p.review_opinion, "reviewing", "reviewed"),
            ("request_recheck", "recheck", p.recheck_requested_on, p.rechecked_on, p.recheck_opinion, "rechecking",
             "rechecked")):
        if asked:
            found.append((request, state, waiting, asked, ""))
            state = waiting
        if decided:
            found.append((decide, waiting, done, decided, opinion))
            state = done
    return found


def write_step_logs(ctx, petitions):
    """The demo petitions' 办理记录, by the staff account, once: a petition with any log already keeps its own."""
    kind = ContentType.objects.get_for_model(Petition)
    logged = set(TransitionLog.objects.filter(content_type=kind).values_list("object_id", flat=True).distinct())
    staff = ctx.users.get("demo-staff")
    tz = timezone.get_current_timezone()
    logs = []
    for petition in petitions:
        if str(petition.pk) in logged:
            continue
        for n, (name, source, target, day, remark) in enumerate(steps(petition)):
            at = datetime.datetime.combine(day, datetime.time(9 + n % 8, 30), tzinfo=tz)
            logs.append(TransitionLog(content_type=kind, object_id=str(petition.pk), name=name, source=source,
                                      destination=target, user=staff, at=at, remark=remark or ""))
    TransitionLog.objects.bulk_create(logs, batch_size=2000)
    ctx.count("信访办理记录", len(logs))
