"""Marks of changes for the dashboard roll-ups (reports.dashboard, "Roll-ups").

Every save or delete of a case record writes one RollupMark of the record's area, in the record's own
transaction: a change rolled back leaves no mark, a change committed always has one.  Writes past
save() send core.signals.records_changed, whose area is not known: one mark for everything.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.models import CaseRecord
from core.signals import records_changed
from reports.models import RollupMark


def record_area_code(instance):
    """The division code of a case record, or "" when its parent is gone (deleted with it)."""
    try:
        return instance.area_code() or ""
    except ObjectDoesNotExist:
        return ""


@receiver(post_save)
@receiver(post_delete)
def _mark_record(sender, instance, **kwargs):
    if isinstance(instance, CaseRecord):
        RollupMark.objects.create(code=record_area_code(instance))


@receiver(records_changed)
def _mark_everything(sender, **kwargs):
    RollupMark.objects.create(code="")
