"""A petitioner's name: sensitive like an ID number or a phone (core.fields.SensitiveMixin), so every
table, detail page, history and export masks it (王建军 -> 王**) and only roles that may reveal see it
whole, through the logged reveal or a full export with a stated purpose.  It is kept plain (not
encrypted): a revealing role searches it by the whole name (petitions.filtersets)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import SensitiveMixin


def mask_name(value):
    """The surname only: 王建军 -> 王**, 欧阳晓 -> 欧**; an empty name stays empty."""
    value = (value or "").strip()
    if not value:
        return value
    return value[0] + "*" * max(len(value) - 1, 1)


class PersonNameField(SensitiveMixin, models.CharField):
    description = _("姓名（脱敏）")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)

    @staticmethod
    def mask(value):
        return mask_name(value)
