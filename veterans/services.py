"""Writes that are more than a form save: deaths and moves (DESIGN.md mechanism 3).

Each runs its event's hooks (veterans.hooks declares them) inside its transaction, after the
veteran's own row is written: another app's handler (the 优抚 app stops payments at death) sees the
new state and may refuse the whole write with a Chinese message.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import hooks
from core.models import Area
from core.validators import not_in_future
from veterans.hooks import DEATH, MOVE, MOVE_OUT
from veterans.models import TransferRequest, Veteran, VeteranMove, VeteranStatus


def _check_date(day, veteran):
    not_in_future(day)
    if day < veteran.birth_date:
        raise ValidationError(_("日期不能早于出生日期。"))


@transaction.atomic
def veteran_record_death(*, veteran, user, death_date, note=""):
    """Mark the veteran deceased; the hooks cancel a card still in use (veterans.hooks) and whatever
    other apps hang off the death."""
    if veteran.status != VeteranStatus.ALIVE:
        raise ValidationError(_("该人员当前状态为“%(s)s”，不能登记去世。") % {"s": veteran.get_status_display()})
    _check_date(death_date, veteran)
    veteran.status = VeteranStatus.DECEASED
    veteran.death_date = death_date
    veteran._change_reason = f"登记去世 {note}".strip()
    veteran._history_user = user
    veteran.save()
    hooks.run(DEATH, veteran=veteran, user=user, death_date=death_date, note=note)
    return veteran


@transaction.atomic
def veteran_move(*, veteran, user, to_area, moved_on, note=""):
    """Move the household registration to another area of the system; the record, its history and every
    record that carries the veteran's area follow (veterans.models.follow_veteran_area)."""
    if veteran.status != VeteranStatus.ALIVE:
        raise ValidationError(_("该人员当前状态为“%(s)s”，不能迁移。") % {"s": veteran.get_status_display()})
    if to_area.pk == veteran.area_id:
        raise ValidationError(_("迁入地与当前户籍地相同。"))
    _check_date(moved_on, veteran)
    from_area_id = veteran.area_id
    move = VeteranMove.objects.create(veteran=veteran, moved_on=moved_on, from_area_id=from_area_id, to_area=to_area,
                                      by=user, note=note)
    veteran.area = to_area
    veteran._change_reason = f"迁往{to_area.full_name} {note}".strip()
    veteran._history_user = user
    veteran.save()
    hooks.run(MOVE, veteran=veteran, user=user, move=move, from_area_id=from_area_id)
    return veteran


@transaction.atomic
def veteran_move_out(*, veteran, user, destination, moved_on, note=""):
    """The veteran left the areas this system covers: the record stays, marked 迁出."""
    if veteran.status != VeteranStatus.ALIVE:
        raise ValidationError(_("该人员当前状态为“%(s)s”，不能迁出。") % {"s": veteran.get_status_display()})
    _check_date(moved_on, veteran)
    move = VeteranMove.objects.create(veteran=veteran, moved_on=moved_on, from_area_id=veteran.area_id,
                                      to_outside=destination, by=user, note=note)
    veteran.status = VeteranStatus.MOVED_OUT
    veteran.moved_out_to = destination
    veteran._change_reason = f"迁出至{destination}"
    veteran._history_user = user
    veteran.save()
    hooks.run(MOVE_OUT, veteran=veteran, user=user, move=move)
    return veteran


def transfer_request_create(*, model, data, user):
    """A request to move a person registered elsewhere into `data["area"]` (the form found the person)."""
    veteran = data["found"]
    if veteran.status != VeteranStatus.ALIVE:
        raise ValidationError(_("该人员当前状态为“%(s)s”，不能申请迁入。") % {"s": veteran.get_status_display()})
    if TransferRequest.objects.filter(veteran=veteran, status="pending").exists():
        raise ValidationError(_("该人员已有待处理的迁入申请，请等待原登记地办理。"))
    request = TransferRequest(veteran=veteran, area=data["area"], name=data["name"], reason=data["reason"])
    request.full_clean(exclude=["veteran"])
    request._history_user = user
    request.save()
    return request


def transfer_accepted(request, user, remark):
    """The holding bureau accepts: the household registration moves to the requested area (and the record
    with it), on the day of acceptance.  Part of the transition's transaction (core.workflow)."""
    veteran = Veteran._base_manager.select_for_update().get(pk=request.veteran_id)
    veteran_move(veteran=veteran, user=user, to_area=request.area, moved_on=datetime.date.today(),
                 note=f"依迁入申请（{remark}）" if remark else "依迁入申请")


TransferRequest.workflow.transitions["accept"].effect = transfer_accepted


def resolve_area(text):
    """An area by division code or by a unique name."""
    text = (text or "").strip()
    area = Area.objects.filter(code=text).first()
    if area is None:
        matches = list(Area.objects.filter(name=text, level__gte=4)[:2])
        if len(matches) == 1:
            area = matches[0]
        elif matches:
            raise ValidationError(_("名称“%(n)s”不唯一，请填写区划代码。") % {"n": text})
    if area is None:
        raise ValidationError(_("找不到区划“%(n)s”。") % {"n": text})
    if area.level < 4:
        raise ValidationError(_("请填写镇街或村居。"))
    return area
