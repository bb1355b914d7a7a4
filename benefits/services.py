"""Writes of the 优抚 app that are more than a form save: ending an entitlement, and the review flags of
a person holding several (双重身份)."""

from itertools import combinations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from benefits.models import (
    DISABLED_CATEGORIES,
    SURVIVOR_CATEGORIES,
    Category,
    EndReason,
    Entitlement,
    EntitlementStatus,
)
from core import services


def entitlement_end(*, entitlement, user, ended_on, end_reason, note=""):
    """End an active entitlement (death, disqualification, a move): payments stop after `ended_on`."""
    if entitlement.status != EntitlementStatus.ACTIVE:
        raise ValidationError(_("该优抚对象资格已终止。"))
    if ended_on < entitlement.approved_on:
        raise ValidationError(_("终止日期不能早于批准日期（%(day)s）。") % {"day": f"{entitlement.approved_on:%Y-%m-%d}"})
    entitlement.status = EntitlementStatus.ENDED
    entitlement.ended_on = ended_on
    entitlement.end_reason = end_reason
    if note:
        entitlement.note = f"{entitlement.note}\n{note}".strip()
    reason = _("终止优抚资格：%(reason)s") % {"reason": EndReason(end_reason).label}
    return services.save(entitlement, user, reason)


def end_veteran_own(veteran, user, day, reason, remark):
    """End every active entitlement the veteran holds in person (not those of relatives, a 三属's, which
    exist because of the death).  An entitlement approved after `day` cannot have ended on it: refused."""
    ended = []
    for entitlement in Entitlement.objects.filter(veteran=veteran, family_member__isnull=True, status=EntitlementStatus.ACTIVE):
        if day < entitlement.approved_on:
            raise ValidationError(_("%(day)s早于优抚资格“%(entitlement)s”的批准日期%(approved)s，请先核对该资格。") % {
                "day": f"{day:%Y-%m-%d}", "entitlement": entitlement, "approved": f"{entitlement.approved_on:%Y-%m-%d}"})
        ended.append(entitlement_end(entitlement=entitlement, user=user, ended_on=day, end_reason=reason, note=remark))
    return ended


# Combinations staff review by hand: two of one group are never paid together; any other pair is
# checked against the regulation (most are paid at the higher standard only).
def dual_identity_flags(entitlements):
    """[(categories label, what to check)] for the active entitlements of one person held together."""
    active = [e for e in entitlements if e.status == EntitlementStatus.ACTIVE]
    flags = []
    for first, second in combinations(active, 2):
        pair = f"{first.get_category_display()} + {second.get_category_display()}"
        if first.category == second.category:
            flags.append((pair, _("同一类别重复认定，请核实并终止其中一项。")))
        elif first.category in DISABLED_CATEGORIES and second.category in DISABLED_CATEGORIES:
            flags.append((pair, _("伤残抚恤不能重复享受，请核实后保留一项。")))
        elif first.category in SURVIVOR_CATEGORIES and second.category in SURVIVOR_CATEGORIES:
            flags.append((pair, _("三属定期抚恤金不能重复享受，请核实后保留一项。")))
        else:
            flags.append((pair, _("双重身份：请按规定核对是否同时享受或按就高原则享受。")))
    return flags


def person_flags(entitlement):
    """The flags of the person an entitlement belongs to (the veteran, or the family member)."""
    same = Entitlement.objects.filter(veteran_id=entitlement.veteran_id, family_member_id=entitlement.family_member_id)
    return dual_identity_flags(list(same))


def veteran_entitlements(veteran):
    """The entitlements of a veteran and the relatives, read once for the page's flags and timeline."""
    cached = getattr(veteran, "_benefits_entitlements", None)
    if cached is None:
        cached = veteran._benefits_entitlements = list(
            Entitlement.objects.filter(veteran=veteran).select_related("family_member").order_by("approved_on", "id"))
        for e in cached:
            e.veteran = veteran
    return cached


def veteran_flags(veteran):
    """Flags per person of one veteran's page: the veteran and each relative holding entitlements."""
    people = {}
    for e in veteran_entitlements(veteran):
        people.setdefault(e.family_member_id, []).append(e)
    found = []
    for entitlements in people.values():
        for pair, check in dual_identity_flags(entitlements):
            found.append((entitlements[0].beneficiary_name, pair, check))
    return found


__all__ = ["Category", "entitlement_end", "end_veteran_own", "dual_identity_flags", "person_flags", "veteran_entitlements", "veteran_flags"]
