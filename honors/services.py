"""Writes of 褒扬纪念 that are more than a form save: a confirmed martyr changes only by corrections
approved by another user; a correction keeps the value it replaces; a plaque is replaced, not
registered twice; a notice is delivered."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import services
from honors.models import CORRECTABLE, HonourPlaque, Martyr, MartyrCorrection, PlaqueStatus, martyr_display

CONFIRMED_EDIT = _("已确认的烈士记录不能直接修改，请登记勘误（须填写依据材料），经其他工作人员审核批准后更正。")


def martyr_update(*, instance, data, user):
    """A martyr's edit; once confirmed, a change of any register field is refused (corrections do it)."""
    stored = Martyr.objects.get(pk=instance.pk)
    if stored.status == "confirmed":
        changed = [name for name in CORRECTABLE if name in data and martyr_display(stored, name) != _text(data[name])]
        if changed or ("facility" in data and _pk(data["facility"]) != stored.facility_id):
            raise ValidationError(CONFIRMED_EDIT)
    return services.save_changes(instance=instance, data=data, user=user)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _pk(value):
    return getattr(value, "pk", value)


def correction_create(*, model, data, user):
    """Enter a correction: the current value is kept as the old value, the user as who entered it."""
    instance = MartyrCorrection()
    services.assign(instance, data)
    if instance.martyr_id and instance.field:
        instance.old_value = martyr_display(Martyr.objects.get(pk=instance.martyr_id), instance.field)
        if _same(instance):
            raise ValidationError({"new_value": _("更正内容与原内容相同。")})
    instance.entered_by = user
    services.validate(instance)
    return services.save(instance, user, _("登记勘误"))


def _same(correction):
    try:
        value = correction.parsed_value()
    except ValidationError:
        return False
    return _text(value) == correction.old_value


def correction_update(*, instance, data, user):
    if instance.status != "pending":
        raise ValidationError(_("已审核的勘误不能修改。"))
    stored = MartyrCorrection.objects.get(pk=instance.pk)
    if _pk(data.get("martyr", stored.martyr_id)) != stored.martyr_id or data.get("field", stored.field) != stored.field:
        raise ValidationError(_("勘误的烈士和项目不能修改，请另行登记。"))
    return services.save_changes(instance=instance, data=data, user=user)


def correction_delete(*, instance, user):
    if instance.status == "approved":
        raise ValidationError(_("已批准的勘误是英名录的更正记录，不能删除。"))
    services.delete(instance=instance, user=user)


def correction_approve(*, correction, user, remark=""):
    return correction.workflow.apply(correction, "approve", user=user, remark=remark)


@transaction.atomic
def plaque_replace(*, plaque, user, replaced_on, reason, address=""):
    """Hang a new plaque for the household (moved, or the old one damaged); a deceased veteran's is not renewed."""
    if plaque.status == PlaqueStatus.RETIRED:
        raise ValidationError(_("该光荣牌已不再更换。"))
    if plaque.veteran_id and plaque.veteran.status == "deceased":
        raise ValidationError(_("退役军人已去世，光荣牌不再更换。"))
    if replaced_on < plaque.hung_on:
        raise ValidationError(_("更换日期不能早于悬挂日期。"))
    if replaced_on > datetime.date.today():
        raise ValidationError(_("更换日期不能晚于今天。"))
    plaque.replaced_on = replaced_on
    plaque.replacements += 1
    plaque.status = PlaqueStatus.HUNG
    if address:
        plaque.address = address
    return services.save(plaque, user, _("更换光荣牌：%(reason)s") % {"reason": reason})


def plaque_follow_move(*, veteran, user):
    """The household moved: its plaque's area follows, and a new one is to be hung at the new home."""
    for plaque in HonourPlaque.objects.filter(veteran=veteran).exclude(status=PlaqueStatus.RETIRED):
        plaque.area_id = veteran.area_id
        plaque.status = PlaqueStatus.TO_REPLACE
        services.save(plaque, user, _("户籍迁移，待更换光荣牌"))


def plaque_retire(*, veteran, user):
    for plaque in HonourPlaque.objects.filter(veteran=veteran).exclude(status=PlaqueStatus.RETIRED):
        plaque.status = PlaqueStatus.RETIRED
        services.save(plaque, user, _("退役军人去世，光荣牌不再更换"))


@transaction.atomic
def notice_deliver(*, notice, user, delivered_on, delivered_by, ceremony="", reward=None):
    if type(notice).objects.filter(pk=notice.pk, delivered_on__isnull=False).exists():
        raise ValidationError(_("该喜报已送达。"))
    data = {"delivered_on": delivered_on, "delivered_by": delivered_by, "ceremony": ceremony}
    if reward is not None:
        data["reward"] = reward
    return services.record_update(instance=notice, data=data, user=user, reason=_("送达喜报"))
