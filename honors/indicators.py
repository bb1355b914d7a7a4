"""Figures of 褒扬纪念 for (area, period), and its paragraph of the summary (core.indicators, WORK_AREAS
"honors"), in the seeds' manner: "确认烈士195名，勘误80处", "开展烈士祭扫活动40余场4000余人",
"为50余名立功受奖官兵送达喜报", "为60余户军属悬挂了光荣牌", "共评选出16名“最美退役军人”"."""

from django.db.models import Sum

from core.indicators import dated_count, indicator, summary_paragraph
from honors.models import (
    Commemoration,
    HonourPlaque,
    Martyr,
    MartyrCorrection,
    MeritNotice,
    Nominee,
    ProxySweep,
)

martyrs_confirmed = dated_count("honors.martyrs_confirmed", "确认烈士", "名", Martyr, "confirmed_on")
commemorations = dated_count("honors.commemorations", "烈士祭扫活动", "场", Commemoration, "date")
proxy_sweeps = dated_count("honors.proxy_sweeps", "代祭扫", "次", ProxySweep, "done_on")
notices_delivered = dated_count("honors.notices_delivered", "送达立功喜报", "名", MeritNotice, "delivered_on")
plaques_hung = dated_count("honors.plaques_hung", "为军属家庭悬挂光荣牌", "户", HonourPlaque, "hung_on")


@indicator("honors.corrections", "英名录勘误", "处")
def corrections(area, period):
    """Corrections approved (applied to the register) in the period."""
    return MartyrCorrection.objects.inside(area).filter(status="approved", decided_on__range=period.range).count()


@indicator("honors.participants", "参加祭扫活动", "人")
def participants(area, period):
    rows = Commemoration.objects.inside(area).filter(date__range=period.range)
    return rows.aggregate(n=Sum("participants"))["n"] or 0


@indicator("honors.exemplary_chosen", "评选出最美退役军人", "名")
def exemplary_chosen(area, period):
    return Nominee.objects.inside(area).filter(chosen=True, selection__kind="veteran",
                                               selection__announced_on__range=period.range).count()


summary_paragraph(
    "honors",
    "开展烈士英名录信息核实，确认烈士{honors.martyrs_confirmed}[，勘误{honors.corrections}]。"
    "[开展烈士祭扫活动{honors.commemorations}{honors.participants}][，代祭扫{honors.proxy_sweeps}]。",
    lead="做好烈士褒扬工作", required=("honors.martyrs_confirmed", "honors.commemorations"), order=10)
summary_paragraph(
    "honors",
    "常态化开展送立功喜报、悬挂光荣牌活动，为{honors.notices_delivered}立功受奖官兵送达喜报"
    "[，为{honors.plaques_hung}军属悬挂了光荣牌]。",
    lead="常态化开展送喜报挂光荣牌", required=("honors.notices_delivered", "honors.plaques_hung"), order=20)
summary_paragraph(
    "honors",
    "开展“最美退役军人”评选活动，共评选出{honors.exemplary_chosen}“最美退役军人”。",
    lead="选树先进典型", required=("honors.exemplary_chosen",), order=30)
