"""Writes of the 双拥 app that are more than a form save: adding many recipients to a visit at once, the
repeat-visit warning, and the inspection and approval of a supporting shop (or a 优待清单 item)."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from benefits.services_assist import charges_of, fund_charge
from core import services
from support_army.models import RecipientKind, Visit, VisitRecipient, batch_label
from veterans.filtersets import search_person
from veterans.models import Veteran

MAX_LINES = 300


def find_people(lines, user, area_code):
    """The veterans named by `lines` (one a line: a name, or a name and the last 4 digits of the ID number,
    or a whole ID number), each found once among those the user may see inside `area_code`.  Every line
    that finds none or several is an error, and then none is returned."""
    scope = services.scope(Veteran, user).inside(area_code)
    found, errors = [], []
    for line in lines:
        first, *rest = line.split()
        if re.search(r"\d", first):  # a whole ID number (or its last digits) alone
            matches = search_person(scope, first, user=user)
        else:
            matches = scope.filter(name=first)
            for part in rest:  # the last 4 of a namesake's ID (the mask shows them) tell namesakes apart, for every role
                tail = re.fullmatch(r"\d{3}[\dXx]", part)
                matches = matches.filter(id_number__endswith=part.upper()) if tail else search_person(matches, part, user=user)
        matches = list(matches[:3])
        if not matches:
            errors.append(_("“%(line)s”：本区划内未找到该退役军人。") % {"line": line})
        elif len(matches) > 1:
            errors.append(_("“%(line)s”：有重名，请在姓名后加空格和身份证号后4位。") % {"line": line})
        else:
            found.append(matches[0])
    if errors:
        raise ValidationError(errors)
    return found


@transaction.atomic
def add_recipients(*, visit, user, people, kind, cash, goods="", goods_value=None):
    """Add the veterans listed in `people` (text, one a line) to `visit`, each given `cash` and goods of
    `goods_value`, through the one write path; a bad line or a bad amount adds nobody."""
    lines = [line.strip() for line in people.splitlines() if line.strip()]
    if not lines:
        raise ValidationError(_("请至少填写一名慰问对象。"))
    if len(lines) > MAX_LINES:
        raise ValidationError(_("一次最多添加%(n)d名慰问对象。") % {"n": MAX_LINES})
    veterans = find_people(lines, user, visit.area_id)
    seen = set()
    for veteran in veterans:
        if veteran.pk in seen:
            raise ValidationError(_("“%(name)s”重复填写。") % {"name": veteran.name})
        seen.add(veteran.pk)
    created = []
    for veteran in veterans:
        data = {"visit": visit, "kind": kind, "veteran": veteran, "cash": cash, "goods": goods or "",
                "goods_value": goods_value if goods_value is not None else 0}
        created.append(services.record_create(model=VisitRecipient, data=data, user=user))
    return created


def repeat_warnings(visit):
    """[(recipient, earlier visit)] for the recipients of `visit` visited on the same occasion in the same
    year by another visit: allowed (a second condolence can be right), but staff are told."""
    recipients = list(visit.recipients.select_related("veteran", "unit", "serving_family"))
    if not recipients:
        return []
    year = visit.date.year
    others = (VisitRecipient.objects.filter(visit__occasion=visit.occasion, visit__date__year=year)
              .exclude(visit=visit).select_related("visit"))
    keys = {r.household_key(): r for r in recipients}
    veterans = [k[1] for k in keys if k[0] == "veteran"]
    families = [k[1] for k in keys if k[0] == "family"]
    units = [k[1] for k in keys if k[0] == "unit"]
    names = [k[1] for k in keys if k[0] == "name" and k[1]]
    condition = Q(veteran_id__in=veterans) | Q(serving_family_id__in=families, veteran__isnull=True)
    condition |= Q(unit_id__in=units, veteran__isnull=True, serving_family__isnull=True)
    condition |= Q(name__in=names, veteran__isnull=True, serving_family__isnull=True, unit__isnull=True)
    warnings = []
    for other in others.filter(condition).order_by("visit__date", "id"):
        mine = keys.get(other.household_key())
        if mine is not None:
            warnings.append((mine, other.visit))
    return warnings


def warn_repeats(visit):
    """The warning sentences of `visit`, for its page and the action's message."""
    return [_("%(name)s已于%(day)s在“%(occasion)s”走访慰问过，本年度同一节点再次慰问，请核实。") % {
        "name": r.recipient_name, "day": f"{v.date:%Y-%m-%d}", "occasion": v.get_occasion_display()}
        for r, v in repeat_warnings(visit)]


# ---------------------------------------------------------------- the fund a visit is charged to

def charged_to_fund(visit):
    """What has been charged to funds for `visit` so far (元)."""
    total = charges_of(visit).aggregate(n=Sum("amount"))["n"]
    return total or Decimal("0.00")


def charge_visit(visit, user):
    """Charge to the visit's fund what its recipients' cash and goods add up to beyond what was charged
    already (one FundCharge for the visit each time it grows).  Called inside the write's transaction: an
    overspend raises the fund's Chinese message and the write is undone.  Lowering an amount or deleting
    a recipient charges nothing back (a refund is entered on the fund)."""
    charged = charged_to_fund(visit)
    if not visit.fund_id:
        return None
    if charged and charges_of(visit).exclude(fund_id=visit.fund_id).exists():
        raise ValidationError({"fund": _("该走访已从其他经费列支%(n)s元，不能更换列支经费。") % {"n": charged}})
    totals = visit_totals(visit)
    due = totals["cash"] + totals["goods"] - charged
    if due <= 0:
        return None
    return fund_charge(fund=visit.fund, amount=due, record=visit, user=user, charged_on=visit.date,
                       description=_("%(visit)s慰问金、慰问品") % {"visit": visit})


def visit_create(*, model, data, user):
    visit = services.save_new(model=model, data=data, user=user)
    charge_visit(visit, user)
    return visit


def visit_update(*, instance, data, user):
    visit = services.save_changes(instance=instance, data=data, user=user)
    charge_visit(visit, user)
    return visit


def recipient_create(*, model, data, user):
    recipient = services.save_new(model=model, data=data, user=user)
    charge_visit(recipient.visit, user)
    return recipient


def recipient_update(*, instance, data, user):
    recipient = services.save_changes(instance=instance, data=data, user=user)
    charge_visit(recipient.visit, user)
    return recipient


# ---------------------------------------------------------------- shops and the 优待清单

def listing_review(*, listing, user, remark=""):
    return listing.workflow.apply(listing, "review", user=user, remark=remark)


@transaction.atomic
def listing_inspect(*, listing, user, inspected_on, inspector, inspection_note=""):
    """Record the on-site inspection (实地核查) of a reviewed application."""
    if listing.status != "reviewed":
        raise ValidationError(_("当前状态为“%(state)s”，须审核通过后才能实地核查。") % {
            "state": listing.workflow.label(listing.status)})
    if inspected_on < listing.applied_on:
        raise ValidationError(_("实地核查日期不能早于申请日期。"))
    if inspected_on > datetime.date.today():
        raise ValidationError(_("实地核查日期不能晚于今天。"))
    listing.inspected_on, listing.inspector, listing.inspection_note = inspected_on, inspector, inspection_note
    services.save(listing, user, _("实地核查"))
    return listing.workflow.apply(listing, "inspect", user=user, remark=inspection_note, by_rule=True)


@transaction.atomic
def listing_approve(*, listing, user, batch, approved_on, remark=""):
    """Approve an inspected application in batch `batch` (第一批 …); without an inspection it is refused."""
    if not listing.inspected_on or listing.status != "inspected":
        raise ValidationError(_("未经实地核查，不能批准。"))
    if approved_on < listing.inspected_on:
        raise ValidationError(_("批准日期不能早于实地核查日期。"))
    if approved_on > datetime.date.today():
        raise ValidationError(_("批准日期不能晚于今天。"))
    listing.batch, listing.approved_on = batch, approved_on
    services.save(listing, user, _("批准（%(batch)s）") % {"batch": batch_label(batch)})
    return listing.workflow.apply(listing, "approve", user=user, remark=remark or batch_label(batch), by_rule=True)


# ---------------------------------------------------------------- problems solved for army units

@transaction.atomic
def problem_solve(*, problem, user, solved_on, remark):
    """Record the day a unit's problem was solved (not before it was raised, not after today) and mark it
    solved; a bad day changes nothing."""
    if problem.status != "open":
        raise ValidationError(_("当前状态为“%(state)s”，不能登记解决。") % {
            "state": problem.workflow.label(problem.status)})
    if solved_on < problem.raised_on:
        raise ValidationError(_("解决日期不能早于提出日期。"))
    if solved_on > datetime.date.today():
        raise ValidationError(_("解决日期不能晚于今天。"))
    problem.solved_on = solved_on
    services.save(problem, user, _("登记解决"))
    return problem.workflow.apply(problem, "solve", user=user, remark=remark, by_rule=True)


def visit_totals(visit):
    """(人次, units, cash, goods value) of one visit."""
    rows = list(visit.recipients.all())
    people = sum(1 for r in rows if r.kind != RecipientKind.UNIT)
    return {"people": people, "units": len(rows) - people, "cash": sum((r.cash for r in rows), start=Decimal("0")),
            "goods": sum((r.goods_value for r in rows), start=Decimal("0"))}


__all__ = ["Visit", "add_recipients", "repeat_warnings", "warn_repeats", "listing_inspect", "listing_approve", "problem_solve"]


def campaign_progress(campaign, user):
    """Planned and done 人次 per area of a campaign's plan (the areas the user may see): done counts the
    people (not units) reached by the campaign's visits inside each area."""
    targets = list(campaign.targets.visible_to(user).select_related("area"))
    recipients = (VisitRecipient.objects.visible_to(user).filter(visit__campaign=campaign)
                  .exclude(kind=RecipientKind.UNIT).values_list("visit__area_id", flat=True))
    codes = list(recipients)
    rows = []
    for target in targets:
        done = sum(1 for code in codes if code.startswith(target.area_id))
        rows.append({"area": target.area, "planned": target.planned, "done": done,
                     "rate": f"{done * 100 / target.planned:.0f}%" if target.planned else "—"})
    return rows
