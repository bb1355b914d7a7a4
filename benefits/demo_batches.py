"""Demo 年度确认 and 定期抚恤补助发放 of 云溪县: the year before today, replayed month by month.

January: the campaign opens for the beneficiaries then on the books (deadline 31 March); the village
clerks confirm almost all of them in January-March and the townships review most; at the deadline the
few left are suspended, about half of whom confirm in May and are paid the held-back months in June.
The national raise of 2024-08-01 (benefits/data/standards.py) reaches the county only in March of the
demo year (a raise is announced months late): January and February are paid at the 2022 figures and
the March batch back-pays the difference for both.  In July the bank returns one account (its amount
goes back to the fund), re-issued in August.  Batches are computed by the system, reviewed by the 优抚
staff, approved by the leader and paid on the 20th from the year's county 优抚对象抚恤补助
(demo_assist.BATCH_FUND), each batch's total charged to it.  Only categories with a sourced standard are paid (see the standards' file).
"""

import datetime
import random

from django.utils import timezone

from benefits import services_batches as batches
from benefits.demo_assist import BATCH_FUND
from benefits.models import Fund, SubsidyStandard
from benefits.models_batches import Confirmation, ConfirmationCampaign, ConfirmationState, PaymentBatch
from benefits.services_assist import charges_of
from core.contrib import demo_step
from core.demo import SEED

RAISE_ENTERED = (3, 5)  # month, day of the demo year the 2024 raise is entered


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@demo_step(after=("veterans",))  # after benefits.demo's own step (registered before this module)
def load_benefit_batches(ctx):
    year = ctx.today.year - 1
    county = ctx.county
    staff, leader, village = ctx.users["demo-staff"], ctx.users["demo-leader"], ctx.users["demo-village"]
    if PaymentBatch.objects.filter(area=county, year=year).exists():
        ctx.count("定期抚恤补助发放批次", PaymentBatch.objects.filter(area=county, year=year).count(), "批（已有）")
        return
    rng = random.Random(f"{SEED}:benefit-batches:{county.code}")
    raise_day = datetime.date(year, *RAISE_ENTERED)
    # The raise of 2024-08-01 is entered only in March: until then the 2022 rows are open-ended.
    raises, reopened = [], []
    if datetime.date(2024, 8, 1) < datetime.date(year, 1, 1):
        for row in SubsidyStandard.objects.filter(area=county, effective_from=datetime.date(2024, 8, 1)):
            old = SubsidyStandard.objects.filter(
                area=county, category=row.category, disability_grade=row.disability_grade,
                disability_cause=row.disability_cause, household=row.household,
                effective_to=datetime.date(2024, 7, 31)).first()
            if old is None:
                continue
            raises.append({f.name: getattr(row, f.name) for f in SubsidyStandard._meta.concrete_fields
                           if f.name not in ("id", "created_at", "updated_at", "annual_amount")})
            row.delete()
            old.effective_to = None
            old.save()
            reopened.append(old)

    # the campaign, for those on the books on 10 January
    opened = datetime.date(year, 1, 10)
    campaign = ConfirmationCampaign.objects.filter(area=county, year=year).first()
    if campaign is None:
        campaign = batches.campaign_create(model=ConfirmationCampaign, user=staff, data={
            "area": county, "year": year, "deadline": datetime.date(year, 3, 31),
            "note": "各村（社区）入户或视频核实本人健在、仍符合条件、信息无变化"})
        campaign.confirmations.exclude(entitlement__approved_on__lte=opened).delete()
    late = []
    for line in campaign.confirmations.select_related("entitlement").order_by("entitlement_id"):
        u = rng.random()
        if u < 0.04:
            late.append(line)
            continue
        day = opened + datetime.timedelta(days=int(rng.random() * 75))
        if line.entitlement.ended_on and line.entitlement.ended_on < day:
            continue
        batches.confirmation_confirm(confirmation=line, user=village, alive=True, eligible=True, unchanged=True,
                                     remark=rng.choice(["入户核实", "视频核实", "本人到站确认", ""]))
        fields = {"confirmed_on": day}
        if u < 0.85:
            batches.confirmation_review(confirmation=line, user=ctx.users["demo-clerk"])
            fields["reviewed_on"] = day + datetime.timedelta(days=3)
        Confirmation.objects.filter(pk=line.pk).update(**fields)

    kind, source = BATCH_FUND
    fund = Fund.objects.get(area=county, kind=kind, source=source, year=year)
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        if month == 4:
            batches.campaign_close(campaign=campaign, user=staff, today=datetime.date(year, 4, 1))
        if month == 6:  # half of the suspended confirm in May
            for line in late[::2]:
                line.refresh_from_db()
                if line.state == ConfirmationState.SUSPENDED and line.entitlement.ended_on is None:
                    batches.confirmation_confirm(confirmation=line, user=village, alive=True, eligible=True,
                                                 unchanged=True, remark="外出务工返乡后补确认")
                    Confirmation.objects.filter(pk=line.pk).update(confirmed_on=datetime.date(year, 5, 18))
        if month == raise_day.month and raises:  # staff close the 2022 rows and enter the raise
            for old in reopened:
                old.effective_to = datetime.date(2024, 7, 31)
                old._change_reason = "国家标准调整，2024年8月1日起执行新标准"
                old.save()
            for data in raises:
                SubsidyStandard(**data).save()
        batch = PaymentBatch(area=county, year=year, first_month=month)
        batch.full_clean()
        batch.save()
        computed = first + datetime.timedelta(days=4)
        batches.batch_compute(batch=batch, user=None)
        batch.workflow.apply(batch, "review", user=staff, remark="核对无误")
        batch.workflow.apply(batch, "approve", user=leader, remark="同意发放")
        batches.batch_pay(batch=batch, user=staff, fund=fund, remark="已送银行代发")
        PaymentBatch.objects.filter(pk=batch.pk).update(
            computed_at=at(computed, 17), reviewed_on=computed + datetime.timedelta(days=3),
            approved_on=computed + datetime.timedelta(days=6), paid_on=datetime.date(year, month, 20))
        charges_of(batch).update(charged_on=datetime.date(year, month, 20))
        batch.refresh_from_db()
        rejected = []
        if month == 7:
            line = batch.lines.order_by("entitlement_id").first()
            rejected = [line] if line else []
        batches.batch_reconcile(batch=batch, user=staff, statement_number=f"YX{year}{month:02d}{rng.randint(1000, 9999)}",
                                rejected_lines=rejected, reject_reason="账户已销户" if rejected else "")
        PaymentBatch.objects.filter(pk=batch.pk).update(reconciled_on=datetime.date(year, month, 25))
        ctx.created += 1
    paid = PaymentBatch.objects.filter(area=county, year=year)
    ctx.count("定期抚恤补助发放批次", paid.count(), f"批（{year}年1-12月）")
