"""A veteran's timeline: every app adds its events through `register`.

    from veterans.timeline import Event, register

    @register
    def payments(veteran):
        for p in Payment.objects.filter(person=veteran):
            yield Event(p.paid_on, "发放抚恤金", f"{p.amount}元", p.get_absolute_url())
"""

import datetime
from dataclasses import dataclass

_providers = []


@dataclass
class Event:
    date: datetime.date
    label: str
    detail: str = ""
    url: str = ""
    shown: str = ""  # the date as the page writes it, when not the whole date (a birth date: its year)


def register(provider):
    _providers.append(provider)
    return provider


def events_for(veteran):
    events = [event for provider in _providers for event in provider(veteran) if event.date]
    return sorted(events, key=lambda e: e.date)


@register
def own_events(veteran):
    yield Event(veteran.birth_date, "出生", shown=type(veteran)._meta.get_field("birth_date").mask(veteran.birth_date))
    yield Event(veteran.enlistment_date, "入伍", veteran.unit)
    yield Event(veteran.discharge_date, "退役", veteran.get_discharge_category_display())
    yield Event(veteran.registered_on, "登记入册")
    yield Event(veteran.plaque_hung_on, "悬挂光荣牌")
    yield Event(veteran.death_date, "去世")
    card = getattr(veteran, "card", None) if hasattr(veteran, "card") else None
    if card is not None:
        url = card.get_absolute_url()
        for field, label in (("applied_on", "申请优待证"), ("issued_on", "发放优待证"), ("activated_on", "激活优待证"),
                             ("lost_on", "挂失优待证"), ("reissued_on", "补发优待证"), ("cancelled_on", "注销优待证")):
            yield Event(getattr(card, field), label, "", url)
    archive = getattr(veteran, "archive", None) if hasattr(veteran, "archive") else None
    if archive is not None:
        url = archive.get_absolute_url()
        yield Event(archive.received_on, "接收档案", archive.sender, url)
        yield Event(archive.reviewed_on, "审核档案", "", url)
        yield Event(archive.transferred_on, "移交档案", archive.transferred_to, url)
    for check in veteran.checks.all():
        yield Event(check.checked_on, f"{check.year}年度信息核查", check.get_result_display(), check.get_absolute_url())
    # full_name walks up to the province: read the chain with the moves rather than four queries an area
    chain = "__parent__parent__parent__parent"
    for move in veteran.moves.select_related(f"from_area{chain}", f"to_area{chain}"):
        destination = move.to_area.full_name if move.to_area else move.to_outside
        yield Event(move.moved_on, "迁移", f"{move.from_area.full_name} → {destination}")
    for member in veteran.volunteering.select_related("team"):
        yield Event(member.joined_on, "加入志愿服务队", member.team.name, member.team.get_absolute_url())
