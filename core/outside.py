"""Records linked across areas: what a user sees of a record they may not open.

A volunteer team of township 1 may count a veteran of township 2 among its members: township 1's
clerk sees the member (its area is the team's) but not the veteran, who is in another area.  Such a
link -- a foreign key to an area-scoped record other than the first step of the model's area path --
is shown masked wherever the member is shown: the veteran's name by its pinyin initials (王建军 ->
WJJ（其他地区）) in tables and on the detail page, with no link, and the columns read through it
blanked in exports.  Records of the user's own area are shown as they are.
"""

from django.utils.translation import gettext as _

from core.models import AreaScoped
from core.services import visible_pks

OUTSIDE_EXPORT_TEXT = "（其他地区人员）"


def outside_links(model):
    """The foreign keys of `model` that may lead outside the viewer's area."""
    if not issubclass(model, AreaScoped):
        return []
    # the first step of the area path, and a link whose area the record's own area copies (area_follows:
    # veterans.models.VeteranAreaField), are always in the record's area
    same = {model.area_path.split("__")[0], "area", getattr(model, "area_follows", None)}
    return [field for field in model._meta.concrete_fields
            if field.many_to_one and field.name not in same and isinstance(field.related_model, type)
            and issubclass(field.related_model, AreaScoped)]


def masked_label(record):
    """What a user outside `record`'s area sees of it: initials where it has a name."""
    initials = (getattr(record, "name_initials", "") or "").upper()
    return _("%(initials)s（其他地区）") % {"initials": initials} if initials else _("（其他地区的记录）")


def visible_among(field, user, pks):
    """The pks among `pks` (of field's related model) that `user` may see."""
    return visible_pks(field.related_model, user, {pk for pk in pks if pk is not None})
