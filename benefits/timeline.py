"""The veteran's timeline gains the entitlements of the veteran and of the relatives, and the transfers
of their 抚恤关系 to another county (veterans.timeline)."""

from benefits.models_transfer import BenefitTransfer
from benefits.services import veteran_entitlements
from veterans.timeline import Event, register


@register
def entitlements(veteran):
    for e in veteran_entitlements(veteran):
        who = f"{e.family_member.name}（{e.family_member.get_relationship_display()}）" if e.family_member_id else ""
        detail = "".join(part for part in (who, e.get_category_display(),
                                           f"{e.disability_grade}级{e.get_disability_cause_display()}" if e.disability_grade else "")
                          if part)
        url = e.get_absolute_url()
        yield Event(e.approved_on, "认定优抚对象", detail, url)
        if e.ended_on:
            yield Event(e.ended_on, "优抚资格终止", f"{e.get_category_display()}（{e.get_end_reason_display()}）", url)


def _county_name(area):
    """The name of the county an area lies in (the chain is read with the transfer)."""
    while area is not None and len(area.code) > 6:
        area = area.parent
    return area.name if area is not None else ""


@register
def transfers(veteran):
    """抚恤关系转移: written with the move, and the receiving county's decision (a transfer names the
    entitlements it carries: a veteran with none, read already, has none)."""
    if not veteran_entitlements(veteran):
        return
    chain = "__parent__parent"
    for t in (BenefitTransfer.objects.filter(veteran=veteran)
              .select_related("family_member", "decided_by", f"from_area{chain}", f"area{chain}")):
        url = t.get_absolute_url()
        who = f"{t.family_member.name}：" if t.family_member_id else ""
        route = f"{_county_name(t.from_area)}→{_county_name(t.area)}"
        yield Event(t.moved_on, "抚恤关系转移", f"{who}{route}，迁出地发放至{t.pays_through:%Y年%m月}，"
                                              f"迁入地自{t.pays_from:%Y年%m月}起发放", url)
        if t.decided_on and t.status == "accepted":
            yield Event(t.decided_on, "迁入地接收抚恤关系", f"{who}{_county_name(t.area)}", url)
        elif t.decided_on and t.status == "returned":
            yield Event(t.decided_on, "迁入地退回抚恤关系", f"{who}{t.return_reason}", url)
