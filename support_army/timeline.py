"""The veteran's timeline gains the visits and condolence the veteran received (veterans.timeline)."""

from support_army.models import VisitRecipient
from veterans.timeline import Event, register


@register
def visits_received(veteran):
    for r in VisitRecipient.objects.filter(veteran=veteran).select_related("visit"):
        visit = r.visit
        lead = f"，{visit.leader_post}{visit.leader_name}带队" if visit.leader_name else ""
        yield Event(visit.date, f"{visit.get_occasion_display()}走访慰问", f"慰问金{r.cash}元、慰问品{r.goods_value}元{lead}",
                    visit.get_absolute_url())
