"""The veteran's timeline gains the entitlements of the veteran and of the relatives (veterans.timeline)."""

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
