"""Writes and reads of 抚恤关系转移 (benefits.models_transfer).

`transfers_for_move` runs inside a veteran's move (the `veterans.move` hook): a move to another county
writes one transfer a beneficiary holding active entitlements; a move inside the county writes none
(payment does not change).  The new county pays from the month the rule gives, or, when the old county
has already paid (or computed in a batch) months beyond it -- a move entered late -- from the month after
the last of them: no month is paid twice or missed.

`TransferPlan` tells the batch computation (benefits.services_batches) which county pays an
entitlement's month: before the first transfer's `pays_through` the old county (at its standard, the
line in the old area), from a transfer's `pays_from` the new county once it has accepted the transfer
(at the new county's standard), nobody while it has not.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from benefits.models import Entitlement, EntitlementStatus
from benefits.models_batches import MONTH_PAY_KINDS, PaymentLine
from benefits.models_transfer import BenefitTransfer, TransferRule, county_of
from core import services
from core.models import code_range

ACCEPTED = "accepted"


def transfer_rule():
    """The rule of settings.BENEFITS_TRANSFER_RULE (a value of TransferRule)."""
    rule = getattr(settings, "BENEFITS_TRANSFER_RULE", TransferRule.NEXT_JANUARY)
    if rule not in TransferRule.values:
        raise ImproperlyConfigured(f"BENEFITS_TRANSFER_RULE must be one of {TransferRule.values}, not {rule!r}")
    return rule


def _month_after(day):
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def transfers_for_move(*, veteran, user, move, from_area_id):
    """The transfers a move writes (none inside a county, none without active entitlements)."""
    to_area_id = veteran.area_id
    if county_of(from_area_id) == county_of(to_area_id):
        return []
    active = list(Entitlement.objects.filter(veteran=veteran, status=EntitlementStatus.ACTIVE).order_by("id"))
    if not active:
        return []
    rule = transfer_rule()
    start = BenefitTransfer.first_month_of_new_county(move.moved_on, rule)
    paid = dict(PaymentLine.objects.filter(entitlement__in=active, rejected=False, kind__in=MONTH_PAY_KINDS,
                                           month__gte=start)
                .values("entitlement_id").annotate(last=Max("month")).values_list("entitlement_id", "last"))
    people = defaultdict(list)
    for e in active:
        people[e.family_member_id].append(e)
    made = []
    for family_member_id, entitlements in people.items():
        pays_from = start
        for e in entitlements:
            if e.pk in paid:
                pays_from = max(pays_from, _month_after(paid[e.pk]))
        note = ""
        if pays_from != start:
            note = _("迁出地已发放至%(m)s，迁入地自%(n)s起发放") % {
                "m": f"{pays_from - datetime.timedelta(days=1):%Y年%m月}", "n": f"{pays_from:%Y年%m月}"}
        transfer = BenefitTransfer(area_id=to_area_id, from_area_id=from_area_id, veteran=veteran,
                                   family_member_id=family_member_id, move=move, moved_on=move.moved_on, rule=rule,
                                   pays_from=pays_from, note=note)
        transfer.full_clean(exclude=["veteran", "family_member", "area", "from_area", "move", "decided_by", "pays_through"])
        services.save(transfer, user, _("户籍迁往外县（市、区），移交抚恤关系"), later={"entitlements": entitlements})
        made.append(transfer)
    return made


def _record_return(transfer, user, remark):
    """退回: the reason is kept on the row (the workflow's log keeps it too)."""
    transfer.return_reason = remark.strip()[:200]
    transfer.save(update_fields=["return_reason", "updated_at"])


def _clear_return(transfer, user, remark):
    transfer.return_reason = ""
    transfer.save(update_fields=["return_reason", "updated_at"])


BenefitTransfer.workflow.transitions["send_back"].effect = _record_return
BenefitTransfer.workflow.transitions["resubmit"].effect = _clear_return


class TransferPlan:
    """Who pays the months of the entitlements transferred into, out of or through an area."""

    def __init__(self, area, since):
        touching = (BenefitTransfer.objects.filter(Q(**code_range("area", area)) | Q(**code_range("from_area", area)))
                    .filter(Q(pays_from__gt=since) | ~Q(status=ACCEPTED)))
        ids = set(BenefitTransfer.entitlements.through.objects.filter(benefittransfer__in=touching)
                  .values_list("entitlement_id", flat=True))
        self.segments = defaultdict(list)
        if not ids:
            return
        links = (BenefitTransfer.entitlements.through.objects.filter(entitlement_id__in=ids)
                 .values_list("entitlement_id", "benefittransfer__moved_on", "benefittransfer_id",
                              "benefittransfer__from_area_id", "benefittransfer__area_id",
                              "benefittransfer__pays_through", "benefittransfer__pays_from", "benefittransfer__status"))
        chains = defaultdict(list)
        for pk, moved_on, transfer_id, from_area, to_area, through, start, status in links:
            chains[pk].append((moved_on, transfer_id, from_area, to_area, through, start, status))
        for pk, chain in chains.items():
            chain.sort()
            # (first month, last month, paying area or None for the entitlement's own, paid at all)
            segments = [(None, chain[0][4], chain[0][2], True)]
            for i, (_moved, _id, _from, to_area, _through, start, status) in enumerate(chain):
                last = chain[i + 1][4] if i + 1 < len(chain) else None
                area_of = to_area if i + 1 < len(chain) else None
                segments.append((start, last, area_of, status == ACCEPTED))
            self.segments[pk] = segments

    def __contains__(self, pk):
        return pk in self.segments

    @property
    def ids(self):
        return set(self.segments)

    def where(self, pk, own_area, month):
        """The area that pays entitlement `pk` for `month`, or None (nobody: a transfer not yet accepted)."""
        for first, last, area, paid in self.segments[pk]:
            if (first is None or first <= month) and (last is None or month <= last):
                return (area or own_area) if paid else None
        return None


def transfers_of(entitlement_ids, area):
    """({entitlement id: its latest transfer into the area}, {…: its latest transfer out of it}), for the
    batch's 变更明细."""
    into, out = {}, {}
    links = (BenefitTransfer.entitlements.through.objects.filter(entitlement_id__in=list(entitlement_ids))
             .select_related("benefittransfer").order_by("benefittransfer__moved_on", "benefittransfer_id"))
    for link in links:
        t = link.benefittransfer
        if t.area_id.startswith(area) and not t.from_area_id.startswith(area):
            into[link.entitlement_id] = t
        elif t.from_area_id.startswith(area) and not t.area_id.startswith(area):
            out[link.entitlement_id] = t
    return into, out


def transfer_counts(area, period):
    """(moved in, moved out) of the period: transfers accepted into the area, and written out of it."""
    inside_to = Q(**code_range("area", area))
    inside_from = Q(**code_range("from_area", area))
    rows = BenefitTransfer.objects.filter(inside_to ^ inside_from, moved_on__range=period.range)
    into = rows.filter(inside_to, status=ACCEPTED).aggregate(n=Count("id"))["n"]
    out = rows.filter(inside_from).aggregate(n=Count("id"))["n"]
    return into, out


__all__ = ["transfer_rule", "transfers_for_move", "TransferPlan", "transfers_of", "transfer_counts"]
